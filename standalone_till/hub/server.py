"""The hub as a running service: the contract at ``/soap`` and the open orders at
``/orders``, both behind the shared-secret signature, served by waitress."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from connectors.errors import ConfigError
from connectors.soap.server import StartResponse, WaitressServer
from standalone_till.hub.auth import HmacGuard, check_secret
from standalone_till.hub.endpoint import MAX_REQUEST_BYTES, HubService
from standalone_till.hub.feed import OrdersFeed
from standalone_till.hub.orders import OpenOrders
from standalone_till.service import Till
from ticket_contract import NAMESPACE

log = logging.getLogger("tillsync.hub")
SOAP_PATH = "/soap"
ORDERS_PATH = "/orders"


class _Routes:
    def __init__(self, soap: HmacGuard, orders: HmacGuard) -> None:
        self.soap = soap
        self.orders = orders

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.rstrip("/") == SOAP_PATH:
            return self.soap(environ, start_response)
        if path == ORDERS_PATH or path.startswith(ORDERS_PATH + "/"):
            return self.orders(environ, start_response)
        body = b"not found: the hub serves /soap and /orders\n"
        start_response(
            "404 Not Found",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]


class HubServer:
    """The hub of a till whose ``local_server`` section is enabled."""

    def __init__(self, till: Till) -> None:
        cfg = till.cfg.local_server
        if not cfg.enabled:
            raise ConfigError(
                "local_server.enabled is false: this till is not the store's hub",
                key="local_server.enabled",
            )
        secret = check_secret(cfg.secret)
        self.till = till
        self.orders = OpenOrders(till.db)
        soap = HubService(till).app()
        self.app = _Routes(
            HmacGuard(soap, secret, namespace=NAMESPACE, soap=True),
            HmacGuard(OrdersFeed(self.orders), secret, namespace=NAMESPACE, soap=False),
        )
        self._server: WaitressServer | None = None

    def _listen(self, host: str | None, port: int | None) -> WaitressServer:
        cfg = self.till.cfg.local_server
        self._server = WaitressServer(
            self.app,
            host=cfg.host if host is None else host,
            port=cfg.port if port is None else port,
            threads=16,  # long polls of the orders feed hold a thread each
            max_request_body_size=MAX_REQUEST_BYTES + 1024 * 1024,
            ident="tillsync-hub",
            clear_untrusted_proxy_headers=True,
        )
        log.info("hub of store %s listening on %s", self.till.cfg.till.store_id, self.url)
        return self._server

    def start(self, host: str | None = None, port: int | None = None) -> HubServer:
        self._listen(host, port).start()
        return self

    def serve_forever(self, host: str | None = None, port: int | None = None) -> None:
        self._listen(host, port).run()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.stop()
            log.info("hub stopped")

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the hub is not listening")
        return self._server.port

    @property
    def url(self) -> str:
        """The hub's base address (``hub_url`` of its client tills)."""
        if self._server is None:
            raise RuntimeError("the hub is not listening")
        host = self._server.host
        return f"http://{f'[{host}]' if ':' in host else host}:{self._server.port}"
