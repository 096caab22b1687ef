"""Several gateway processes on one port: a supervisor and its worker processes.

The supervisor binds the listening socket, then forks ``service.workers`` workers that
inherit it; each accepts connections from that one socket and serves them with its own
threads and its own database engine. Workers keep no state between requests (PostgreSQL
holds it all), so any worker may answer any till, and a worker that dies loses only the
requests it was answering: the tills send those again, and the ticket ids make a resend
harmless. The supervisor starts a dead worker again (waiting longer each time one dies
young), and stops them all on SIGTERM or Ctrl-C.

SQLite is refused for more than one worker: it lets one process write at a time, so the
workers would queue on its write lock instead of serving side by side.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing as mp
import multiprocessing.connection
import os
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import FrameType

from connectors.errors import BadInput, Unavailable
from erp_gateway.config import GatewayConfig
from erp_gateway.server import GatewayServer

log = logging.getLogger("tillsync.gateway")

STOP_GRACE_S = 10.0  # a worker still running this long after SIGTERM is killed
_RESTART_DELAYS_S = (0.2, 1.0, 5.0, 30.0)  # after a worker that died young, then again
_YOUNG_S = 10.0  # a worker that lived shorter than this died young
_PR_SET_PDEATHSIG = 1


class _Stop(BaseException):
    """SIGTERM or SIGINT reached the supervisor."""


def check_workers(cfg: GatewayConfig, workers: int) -> None:
    """Refuse several workers where they cannot work: without fork(), or on SQLite."""
    if workers > 1 and "fork" not in mp.get_all_start_methods():
        raise BadInput(f"service.workers = {workers} needs fork() (Linux, macOS): use 1 here")
    if workers > 1 and cfg.database_url.startswith("sqlite"):
        raise BadInput(
            f"service.workers = {workers} needs PostgreSQL: SQLite lets one process write at"
            " a time, so the workers would queue on its write lock instead of serving side by"
            " side; set database.url to a PostgreSQL database or serve with one worker"
        )


def listening_socket(host: str, port: int, backlog: int = 1024) -> socket.socket:
    """A TCP socket listening on ``host``:``port`` (0: any free port), inheritable."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        raise Unavailable(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}", target=f"{host}:{port}"
        ) from exc
    return sock


@dataclass
class _Slot:
    """One worker's place: its process now, and how its last ones fared."""

    number: int
    process: BaseProcess | None = None
    started: float = 0.0
    young_deaths: int = 0
    restart_at: float = 0.0


class Supervisor:
    """Runs ``workers`` gateway processes on one listening socket until stopped."""

    def __init__(
        self, cfg: GatewayConfig, workers: int, host: str | None = None, port: int | None = None
    ) -> None:
        check_workers(cfg, workers)
        self.cfg = cfg
        self.host = cfg.service.host if host is None else host
        self.port = cfg.service.port if port is None else port
        self.slots = [_Slot(n) for n in range(1, workers + 1)]
        self._context = mp.get_context("fork")
        self._sock: socket.socket | None = None
        self._prepared: GatewayServer | None = None

    def run(self, on_ready: Callable[[str], None] | None = None) -> None:
        """Serve until SIGTERM or Ctrl-C, then stop every worker; ``on_ready`` gets the
        endpoint's URL once the port is bound and the schema checked."""
        self._prepared = _prepared(self.cfg)
        self._sock = listening_socket(self.host, self.port)
        host, port = self._sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{port}/soap"
        log.info("gateway listening on %s with %d workers", url, len(self.slots))
        if on_ready is not None:
            on_ready(url)
        previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            for slot in self.slots:
                self._start(slot)
            self._watch()
        except _Stop:
            log.info("stopping %d workers", len(self.slots))
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.stop()

    def stop(self) -> None:
        """SIGTERM every worker, wait for them (SIGKILL after ``STOP_GRACE_S``), close."""
        running = [s.process for s in self.slots if s.process is not None]
        for process in running:
            if process.pid is not None and process.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        for process in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                log.warning("worker pid %s did not stop in time: killing it", process.pid)
                process.kill()
                process.join(5)
        for slot in self.slots:
            slot.process = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        log.info("gateway stopped")

    # -- workers -----------------------------------------------------------------------

    def _start(self, slot: _Slot) -> None:
        assert self._sock is not None and self._prepared is not None
        process = self._context.Process(
            target=_worker_main,
            args=(slot.number, self._prepared, self._sock, os.getpid()),
            name=f"gateway-worker-{slot.number}",
        )
        process.start()
        slot.process, slot.started = process, time.monotonic()
        log.info("worker %d started (pid %s)", slot.number, process.pid)

    def _watch(self) -> None:
        while True:
            alive = {s.process.sentinel: s for s in self.slots if s.process is not None}
            waiting = [s.restart_at for s in self.slots if s.process is None]
            timeout = max(0.0, min(waiting) - time.monotonic()) if waiting else None
            for sentinel in mp.connection.wait(list(alive), timeout):
                self._died(alive[sentinel])  # type: ignore[index]
            for slot in self.slots:
                if slot.process is None and slot.restart_at <= time.monotonic():
                    self._start(slot)

    def _died(self, slot: _Slot) -> None:
        process = slot.process
        assert process is not None
        process.join()
        lived = time.monotonic() - slot.started
        slot.young_deaths = slot.young_deaths + 1 if lived < _YOUNG_S else 0
        delay = (
            _RESTART_DELAYS_S[min(slot.young_deaths, len(_RESTART_DELAYS_S)) - 1]
            if slot.young_deaths
            else 0.0
        )
        log.error(
            "worker %d (pid %s) %s after %.1f s; starting it again in %.1f s",
            slot.number,
            process.pid,
            _how_it_ended(process.exitcode),
            lived,
            delay,
        )
        slot.process, slot.restart_at = None, time.monotonic() + delay


def _prepared(cfg: GatewayConfig) -> GatewayServer:
    """The server every worker starts from, built once before forking (a worker then
    starts in milliseconds); fails early when the database is unreachable or has no schema.
    """
    server = GatewayServer(cfg)
    try:
        server.db.require_schema()
    finally:
        server.db.dispose()  # no connection may cross the fork
    return server


def _how_it_ended(code: int | None) -> str:
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-code).name}"
    return f"exited with code {code}"


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    raise _Stop


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # waitress's loop ends on it and the server stops cleanly


def _die_with(parent: int) -> None:
    """Get SIGTERM if the supervisor dies without stopping us (Linux), so no worker is
    left serving alone; elsewhere the supervisor's own stop is the only one."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it died before prctl took effect
        raise SystemExit(0)


def _worker_main(number: int, server: GatewayServer, sock: socket.socket, parent: int) -> None:
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)
    _die_with(parent)
    fmt = f"%(asctime)s %(levelname)s %(name)s [worker {number}]: %(message)s"
    for handler in logging.getLogger().handlers:
        handler.setFormatter(logging.Formatter(fmt))
    server.db.engine.dispose(close=False)  # a pool of its own, whatever the parent did
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever(sock=sock)
    log.info("worker %d (pid %d) stopped", number, os.getpid())
