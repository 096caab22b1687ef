"""A till's client of the hub's open orders, and a poller that keeps a till's view of
them current (a change made on one till is seen on the others within about a second)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

import requests

from connectors.errors import BadInput, ServerUnavailable
from standalone_till.hub.auth import HmacAuth, check_secret
from standalone_till.hub.orders import Order, VersionConflict
from ticket_contract.client import safe_url

log = logging.getLogger("tillsync.hub")


class OrdersClient:
    """The ``/orders`` feed of one hub, signed with the store's secret."""

    def __init__(self, hub_url: str, secret: str, till_id: str, *, timeout: float = 5) -> None:
        self.base = hub_url.rstrip("/") + "/orders"
        self.shown = safe_url(self.base)
        self.till_id = till_id
        self.timeout = timeout
        self._session = requests.Session()
        self._session.auth = HmacAuth(check_secret(secret))

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> OrdersClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def changes(self, since: int = 0, wait: float = 0) -> tuple[int, list[Order]]:
        """The newest change sequence and the orders changed after ``since``."""
        data = self._call("GET", "", params={"since": since, "wait": wait}, extra=wait)
        return int(data["latest"]), [Order.from_dict(o) for o in data["orders"]]

    def list_open(self) -> list[Order]:
        _, orders = self.changes(0)
        return [o for o in orders if o.state == "open"]

    def park(self, order_id: str, document: Mapping[str, Any], expected_version: int) -> Order:
        """Create (version 0) or change an order; VersionConflict if it changed meanwhile."""
        body = {"document": dict(document), "expected_version": expected_version}
        return Order.from_dict(self._call("PUT", f"/{order_id}", json_body=body))

    def close_order(self, order_id: str, expected_version: int) -> Order:
        body = {"expected_version": expected_version}
        return Order.from_dict(self._call("POST", f"/{order_id}/close", json_body=body))

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int | float] | None = None,
        json_body: dict[str, Any] | None = None,
        extra: float = 0,
    ) -> dict[str, Any]:
        if json_body is not None:
            json_body = {**json_body, "till_id": self.till_id}
        try:
            response = self._session.request(
                method,
                self.base + path,
                params=params,
                json=json_body,
                timeout=self.timeout + extra,
            )
            data = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ServerUnavailable(
                f"open orders at {self.shown}: {type(exc).__name__}", target=self.shown
            ) from exc
        if response.status_code == 409:
            current = data.get("current")
            raise VersionConflict(
                path.strip("/").split("/")[0],
                int((json_body or {}).get("expected_version", 0)),
                None if current is None else Order.from_dict(current),
            )
        if response.status_code == 401:
            raise BadInput(f"the hub at {self.shown} refused this till: {data.get('message')}")
        if response.status_code != 200:
            raise BadInput(f"the hub at {self.shown} answered: {data.get('message')}")
        return dict(data)


class OrdersPoller:
    """A thread that long-polls the hub and keeps ``orders`` (by id) current; ``on_change``
    is called with the changed orders. Outages are retried; nothing is lost, since each
    poll asks for everything after the last change seen."""

    def __init__(
        self,
        client: OrdersClient,
        on_change: Callable[[list[Order]], None] = lambda orders: None,
        *,
        wait: float = 1.0,
    ) -> None:
        self.client = client
        self.on_change = on_change
        self.wait = wait
        self.orders: dict[str, Order] = {}
        self.latest = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="orders-poller", daemon=True)

    def start(self) -> OrdersPoller:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(self.wait + self.client.timeout + 1)

    def open_orders(self) -> list[Order]:
        return sorted(
            (o for o in self.orders.values() if o.state == "open"), key=lambda o: o.order_id
        )

    def poll_once(self) -> list[Order]:
        latest, changed = self.client.changes(self.latest, self.wait)
        for order in changed:
            self.orders[order.order_id] = order
        self.latest = max(self.latest, latest)
        if changed:
            self.on_change(changed)
        return changed

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once()
            except ServerUnavailable as exc:
                log.debug("orders poll failed: %s", exc)
                self._stop.wait(1.0)
            except BadInput as exc:
                log.warning("orders poll refused: %s", exc)
                self._stop.wait(5.0)
