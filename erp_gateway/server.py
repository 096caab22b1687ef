"""The gateway as a running service: the SOAP app at ``/soap`` and the balancer's health
check at ``/health``, the fleet pages at ``/fleet`` and Prometheus at ``/metrics``, under waitress (one process).

``GatewayServer(cfg).start()`` serves in a daemon thread (tests, embedding);
``serve_forever`` runs in the foreground until Ctrl-C (the ``serve`` command).
``gateway_app`` is the WSGI app alone, for the pre-fork server of ``erp_gateway.prefork``.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from connectors.soap.server import SoapApp, StartResponse, WaitressServer
from erp_gateway.config import GatewayConfig
from erp_gateway.db import GatewayDatabase
from erp_gateway.endpoint import Gateway
from erp_gateway.fleet_page import FLEET_PATH, TILL_PREFIX, FleetPages
from erp_gateway.metrics import METRICS_PATH, GatewayMetrics

log = logging.getLogger("tillsync.gateway")

SOAP_PATH = "/soap"
HEALTH_PATH = "/health"
# Room above max_request_bytes so that the app, not waitress, refuses a body a little
# too long (with a SOAP fault); waitress still refuses anything far beyond it (413).
_WAITRESS_BODY_SLACK = 1024 * 1024
# Bodies up to this size stay in memory instead of a temporary file.
_IN_MEMORY_BODY = 16 * 1024 * 1024


def _text(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    body = text.encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


class _Routes:
    """``/soap`` to the SOAP app, ``/health`` to the database check, ``/fleet`` to the fleet
    pages, ``/metrics`` to Prometheus, everything else 404."""

    def __init__(
        self, soap: SoapApp, db: GatewayDatabase, pages: FleetPages, metrics: GatewayMetrics
    ) -> None:
        self.soap = soap
        self.db = db
        self.pages = pages
        self.metrics = metrics

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "").rstrip("/")
        if path == SOAP_PATH:
            return self.soap(environ, start_response)
        if path == HEALTH_PATH:
            return self._health(start_response)
        if path == FLEET_PATH or path.startswith(TILL_PREFIX):
            return self.pages(environ, start_response)
        if path == METRICS_PATH:
            return self.metrics(environ, start_response)
        return _text(
            start_response,
            "404 Not Found",
            "not found: the SOAP endpoint is /soap (GET /soap?wsdl for the contract)\n",
        )

    def _health(self, start_response: StartResponse) -> list[bytes]:
        """200 when this node can serve: its database answers with the schema it knows;
        else 503 and why, so that a balancer sends the tills elsewhere."""
        problem = self.db.health()
        if problem is None:
            return _text(start_response, "200 OK", "ok\n")
        log.warning("health check failed: %s", problem)
        return _text(start_response, "503 Service Unavailable", f"{problem}\n")


def gateway_app(config: GatewayConfig, db: GatewayDatabase) -> _Routes:
    """The gateway's WSGI app over ``db``: ``/soap``, ``/health``, ``/fleet``, ``/metrics``."""
    metrics = GatewayMetrics(config, db)
    soap = Gateway(config, db, measure=metrics.measured).app()
    return _Routes(soap, db, FleetPages(config, db), metrics)


class GatewayServer:
    """The SOAP endpoint over the configured database, served by waitress."""

    def __init__(self, config: GatewayConfig, *, db: GatewayDatabase | None = None) -> None:
        self.config = config
        self._own_db = db is None
        self.db = db or GatewayDatabase.from_config(config)
        self.app = gateway_app(config, self.db)
        self._server: WaitressServer | None = None
        self._address: tuple[str, int] | None = None  # kept after stop, for messages

    # -- lifecycle -------------------------------------------------------------------

    def _listen(
        self, host: str | None, port: int | None, sock: socket.socket | None = None
    ) -> WaitressServer:
        self.db.require_schema()
        service = self.config.service
        server = WaitressServer(
            self.app,
            host=service.host if host is None else host,
            port=service.port if port is None else port,
            sock=sock,
            **self._adjustments(),
        )
        self._server = server
        self._address = (server.host, server.port)
        log.info("gateway listening on %s", self.url)
        return server

    def _adjustments(self) -> dict[str, Any]:
        """waitress's settings from the config."""
        service = self.config.service
        return dict(
            threads=service.threads,
            connection_limit=service.connection_limit,
            # select() fails once a socket's descriptor passes 1024: poll() has no such limit.
            asyncore_use_poll=True,
            max_request_body_size=service.max_request_bytes + _WAITRESS_BODY_SLACK,
            inbuf_overflow=min(service.max_request_bytes, _IN_MEMORY_BODY) + 1,
            recv_bytes=65536,
            ident="tillsync-gateway",
            clear_untrusted_proxy_headers=True,
        )

    def start(self, host: str | None = None, port: int | None = None) -> GatewayServer:
        """Listen (port 0: any free port) and serve in a daemon thread."""
        try:
            self._listen(host, port).start()
        except BaseException:
            self.stop()
            raise
        return self

    def serve_forever(
        self,
        host: str | None = None,
        port: int | None = None,
        *,
        sock: socket.socket | None = None,
        on_ready: Callable[[str], None] | None = None,
    ) -> None:
        """Serve in this thread until interrupted (Ctrl-C), then stop cleanly; on ``sock``
        (already listening) if given, else on ``host``:``port`` (default: the config's).
        ``on_ready`` gets the endpoint's URL once the port is bound and the schema checked.
        """
        try:
            server = self._listen(host, port, sock)
            if on_ready is not None:
                on_ready(self.url)
            server.run()
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop listening, close open connections, wait for the serving thread."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
            log.info("gateway stopped")
        if self._own_db:
            self.db.dispose()

    def __enter__(self) -> GatewayServer:
        return self if self._server is not None else self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses -------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port listened on (the real one when started with port 0)."""
        if self._address is None:
            raise RuntimeError("the gateway was never started")
        return self._address[1]

    @property
    def host(self) -> str:
        if self._address is None:
            raise RuntimeError("the gateway was never started")
        return self._address[0]

    @property
    def url(self) -> str:
        """The SOAP endpoint, e.g. ``http://127.0.0.1:PORT/soap``."""
        host = self.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{SOAP_PATH}"

    @property
    def wsdl_url(self) -> str:
        return f"{self.url}?wsdl"
