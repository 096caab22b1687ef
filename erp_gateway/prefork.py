"""Several gateway processes on one port (Linux): gunicorn's pre-fork server.

gunicorn's arbiter binds the port, forks ``service.workers`` workers (the ``gthread``
kind: ``service.threads`` threads each), starts a dead one again and stops them all on
SIGTERM (gracefully) or Ctrl-C. Each worker builds the app after the fork, so each has
its own database engine. Workers keep no state between requests (PostgreSQL holds it
all), so any worker, or any node behind a balancer, may answer any till; a worker that
dies loses only the requests it was answering, which the tills send again (their ids
make a resend harmless). One process is served by waitress (``erp_gateway.server``),
as on Windows and in the till's hub.

SQLite is refused for more than one worker: it lets one process write at a time, so the
workers would queue on its write lock instead of serving side by side.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from typing import Any

from connectors.errors import BadInput, Unavailable
from erp_gateway.config import GatewayConfig
from erp_gateway.db import GatewayDatabase
from erp_gateway.metrics import MULTIPROCESS_ENV, count_across_processes, process_gone
from erp_gateway.server import gateway_app

log = logging.getLogger("tillsync.gateway")

STOP_GRACE_S = 10  # a worker still answering this long after SIGTERM is killed
# A worker silent this long (stuck in a request) is killed and started again; above the
# tills' own call timeout, so a slow database never kills a worker a till still waits on.
STUCK_WORKER_S = 120


def check_workers(cfg: GatewayConfig, workers: int) -> None:
    """Refuse several workers where they cannot work: without fork(), or on SQLite."""
    if workers > 1 and importlib.util.find_spec("gunicorn") is None:
        raise BadInput(
            f"service.workers = {workers} needs gunicorn (installed with tillsync on Linux):"
            " use 1 here, or run one gateway per machine behind a balancer"
        )
    if workers > 1 and cfg.database_url.startswith("sqlite"):
        raise BadInput(
            f"service.workers = {workers} needs PostgreSQL: SQLite lets one process write at"
            " a time, so the workers would queue on its write lock instead of serving side by"
            " side; set database.url to a PostgreSQL database or serve with one worker"
        )


def serve_workers(
    cfg: GatewayConfig,
    workers: int,
    host: str | None = None,
    port: int | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve with ``workers`` processes until SIGTERM or Ctrl-C; ``on_ready`` gets the
    endpoint's URL once the port is bound and the schema checked."""
    check_workers(cfg, workers)
    db = GatewayDatabase.from_config(cfg)
    try:
        db.require_schema()  # fail before forking: unreachable, not set up, not this schema
    finally:
        db.dispose()  # no connection may cross the fork
    from gunicorn.app.base import BaseApplication

    class _Application(BaseApplication):
        def __init__(self, counts: str) -> None:
            self.counts = counts  # the workers' shared request counts (erp_gateway.metrics)
            super().__init__()

        def load_config(self) -> None:
            settings = _settings(cfg, workers, host, port, on_ready, self.counts)
            for key, value in settings.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return gateway_app(cfg, GatewayDatabase.from_config(cfg))

    own = (
        None
        if os.environ.get(MULTIPROCESS_ENV)
        else tempfile.mkdtemp(prefix="erp-gateway-metrics-")
    )
    counts = os.environ.get(MULTIPROCESS_ENV) or own or ""
    try:
        _Application(counts).run()
    except SystemExit as exc:  # the arbiter exits through sys.exit, 0 on a clean stop
        if exc.code not in (None, 0):
            raise Unavailable(f"the gateway's workers stopped with code {exc.code}") from exc
    finally:
        if own is not None:
            shutil.rmtree(own, ignore_errors=True)


def _settings(
    cfg: GatewayConfig,
    workers: int,
    host: str | None,
    port: int | None,
    on_ready: Callable[[str], None] | None,
    counts: str = "",
) -> dict[str, object]:
    service = cfg.service
    host = service.host if host is None else host
    port = service.port if port is None else port
    shown = f"[{host}]" if ":" in host else host

    def when_ready(arbiter: Any) -> None:
        bound = arbiter.LISTENERS[0].sock.getsockname()[1]
        url = f"http://{shown}:{bound}/soap"
        log.info("gateway listening on %s with %d workers", url, workers)
        if on_ready is not None:
            on_ready(url)

    def post_fork(arbiter: Any, worker: Any) -> None:
        if counts:
            count_across_processes(counts)
        log.info("worker started (pid %d)", worker.pid)

    def child_exit(arbiter: Any, worker: Any) -> None:
        if counts:
            process_gone(worker.pid, counts)
        log.info("worker stopped (pid %d)", worker.pid)

    return {
        "bind": [f"{shown}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": service.threads,
        "worker_connections": service.connection_limit,
        "backlog": 2048,
        # The tills keep their connection between calls (drip mode): keep it open too.
        "keepalive": 75,
        "timeout": STUCK_WORKER_S,
        "graceful_timeout": STOP_GRACE_S,
        "proc_name": "erp-gateway",
        "errorlog": "-",
        "loglevel": "info",
        "control_socket_disable": True,
        "when_ready": when_ready,
        "post_fork": post_fork,
        "child_exit": child_exit,
    }
