"""Requests to the hub are signed with the store's shared secret: HMAC-SHA256 over the
timestamp and the body, in two HTTP headers. The secret itself never travels or is logged.

``HmacAuth`` signs (a ``requests`` auth, set on the client's sessions); ``HmacGuard`` is the
WSGI middleware in front of the hub's apps that refuses what is unsigned, wrongly signed
or older than ``MAX_SKEW`` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import requests

from connectors.errors import ConfigError
from connectors.soap.server import SoapFaultError, StartResponse, fault_envelope

log = logging.getLogger("tillsync.hub")

TIMESTAMP_HEADER = "X-Tillsync-Timestamp"
SIGNATURE_HEADER = "X-Tillsync-Signature"
MAX_SKEW = 300  # seconds either way
MIN_SECRET = 16
_MAX_BODY = 8 * 1024 * 1024

WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def check_secret(secret: str) -> str:
    """The secret if it is long enough; a ConfigError naming the key (never the value)."""
    if len(secret) < MIN_SECRET:
        raise ConfigError(
            f"local_server.secret must be at least {MIN_SECRET} characters",
            key="local_server.secret",
        )
    return secret


def signature(secret: str, timestamp: str, method: str, path: str, body: bytes) -> str:
    """Hex HMAC-SHA256 of ``timestamp``, method, path (with its query) and body."""
    mac = hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256)
    mac.update(f"{timestamp}\n{method.upper()}\n{path}\n".encode())
    mac.update(body)
    return mac.hexdigest()


class HmacAuth(requests.auth.AuthBase):
    """Signs every request of a ``requests`` session with the shared secret."""

    def __init__(self, secret: str, clock: Callable[[], float] = time.time) -> None:
        self._secret = secret
        self._clock = clock

    def __repr__(self) -> str:  # never show the secret
        return "HmacAuth(********)"

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        body = r.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, bytes):  # a stream: the hub's clients never send one
            raise TypeError("HmacAuth signs bodies given as bytes or text")
        stamp = str(int(self._clock()))
        parts = urlsplit(r.url or "")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        r.headers[TIMESTAMP_HEADER] = stamp
        r.headers[SIGNATURE_HEADER] = signature(self._secret, stamp, r.method or "GET", path, body)
        return r


class HmacGuard:
    """WSGI middleware: only correctly signed, fresh requests reach ``app``.

    A refusal is a SOAP fault ``Unauthorized`` (HTTP 401) on SOAP paths and a JSON error
    elsewhere; it is logged with the client's address, never with the secret.
    """

    def __init__(
        self,
        app: WsgiApp,
        secret: str,
        *,
        namespace: str,
        soap: bool,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.app = app
        self._secret = check_secret(secret)
        self.namespace = namespace
        self.soap = soap
        self._clock = clock

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        body = _read(environ)
        problem = self._problem(environ, body)
        if problem is not None:
            log.warning(
                "refused %s %s from %s: %s",
                environ.get("REQUEST_METHOD", "?"),
                environ.get("PATH_INFO", "/"),
                environ.get("REMOTE_ADDR", "?"),
                problem,
            )
            return self._refuse(start_response, problem)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    def _problem(self, environ: dict[str, Any], body: bytes) -> str | None:
        stamp = environ.get("HTTP_X_TILLSYNC_TIMESTAMP", "")
        given = environ.get("HTTP_X_TILLSYNC_SIGNATURE", "")
        if not stamp or not given:
            return "no signature"
        try:
            age = abs(self._clock() - int(stamp))
        except ValueError:
            return "malformed timestamp"
        if age > MAX_SKEW:
            return f"timestamp {age:.0f} s away from the hub's clock"
        path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")) or "/"
        query = environ.get("QUERY_STRING", "")
        path += f"?{query}" if query else ""
        method = environ.get("REQUEST_METHOD", "GET")
        expected = signature(self._secret, stamp, method, path, body)
        if not hmac.compare_digest(expected, given.strip().lower()):
            return "wrong signature (another secret?)"
        return None

    def _refuse(self, start_response: StartResponse, problem: str) -> list[bytes]:
        message = f"the hub refuses this request: {problem}"
        if self.soap:
            fault = SoapFaultError("Unauthorized", message)
            body = fault_envelope(fault, self.namespace)
            content_type = "text/xml; charset=utf-8"
        else:
            body = json.dumps({"error": "Unauthorized", "message": message}).encode()
            content_type = "application/json"
        start_response(
            "401 Unauthorized",
            [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        )
        return [body]


def _read(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        return b""
    return environ["wsgi.input"].read(min(length, _MAX_BODY))
