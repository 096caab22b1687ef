"""The open-orders feed: a small JSON HTTP app on the hub (behind the same signature).

    GET  /orders?since=SEQ&wait=S    orders changed after SEQ; waits up to S s (<= 5) for one
    GET  /orders/ID                  one order
    PUT  /orders/ID                  {"document", "expected_version", "till_id"} create/change
    POST /orders/ID/close            {"expected_version", "till_id"} close

A change based on an old version answers 409 with the current order: reported, never lost.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs

from connectors.errors import BadInput
from connectors.soap.server import StartResponse
from standalone_till.hub.orders import OpenOrders, VersionConflict

MAX_WAIT = 5.0
_RECHECK = 0.25  # a change written by another process is seen within this
_MAX_BODY = 512 * 1024
_STATUS = {
    200: "200 OK",
    400: "400 Bad Request",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    409: "409 Conflict",
}


class OrdersFeed:
    """The WSGI app of ``/orders``."""

    def __init__(self, orders: OpenOrders) -> None:
        self.orders = orders

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, data = self._route(environ)
        except VersionConflict as exc:
            current = None if exc.current is None else exc.current.as_dict()
            status, data = (
                409,
                {"error": "VersionConflict", "message": str(exc), "current": current},
            )
        except BadInput as exc:
            status, data = 400, {"error": "BadRequest", "message": str(exc)}
        body = json.dumps(data, sort_keys=True).encode("utf-8")
        start_response(
            _STATUS.get(status, f"{status} Error"),
            [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        )
        return [body]

    def _route(self, environ: dict[str, Any]) -> tuple[int, object]:
        method = environ.get("REQUEST_METHOD", "GET")
        parts = [p for p in environ.get("PATH_INFO", "").split("/") if p][1:]  # after "orders"
        if not parts and method == "GET":
            return 200, self._list(parse_qs(environ.get("QUERY_STRING", "")))
        if len(parts) == 1 and method == "GET":
            order = self.orders.get(parts[0])
            return (
                (404, {"error": "NotFound", "message": f"no order {parts[0]}"})
                if order is None
                else (200, order.as_dict())
            )
        if len(parts) == 1 and method == "PUT":
            body = _json(environ)
            order = self.orders.put(
                parts[0], _mapping(body, "document"), _till(body), _version(body)
            )
            return 200, order.as_dict()
        if len(parts) == 2 and parts[1] == "close" and method == "POST":
            body = _json(environ)
            return 200, self.orders.close(parts[0], _till(body), _version(body)).as_dict()
        return 405, {"error": "MethodNotAllowed", "message": f"{method} {environ.get('PATH_INFO')}"}

    def _list(self, query: dict[str, list[str]]) -> dict[str, object]:
        try:
            since = int(query.get("since", ["0"])[0])
            wait = min(MAX_WAIT, max(0.0, float(query.get("wait", ["0"])[0])))
        except ValueError:
            raise BadInput("since must be an integer and wait a number of seconds") from None
        deadline = time.monotonic() + wait
        while True:
            latest, changed = self.orders.since(since)
            left = deadline - time.monotonic()
            if changed or left <= 0:
                return {"latest": latest, "orders": [o.as_dict() for o in changed]}
            with self.orders.changed:
                self.orders.changed.wait(min(left, _RECHECK))


def _json(environ: dict[str, Any]) -> dict[str, Any]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > _MAX_BODY:
        raise BadInput(f"body over {_MAX_BODY} bytes")
    raw = environ["wsgi.input"].read(length) if length > 0 else b""
    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise BadInput("the body is not JSON") from None
    if not isinstance(data, dict):
        raise BadInput("the body must be a JSON object")
    return data


def _mapping(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    if not isinstance(value, dict):
        raise BadInput(f"{key} must be a JSON object")
    return value


def _till(body: dict[str, Any]) -> str:
    till = body.get("till_id")
    if not isinstance(till, str) or not 1 <= len(till) <= 32:
        raise BadInput("till_id must be the changing till's id")
    return till


def _version(body: dict[str, Any]) -> int:
    version = body.get("expected_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise BadInput("expected_version must be the version the change is based on (0: new)")
    return version
