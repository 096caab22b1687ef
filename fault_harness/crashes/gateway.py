"""Kills of the gateway itself while a till drains its backlog into it.

``erp-gateway serve`` runs as a process of its own on SQLite; a till sends a backlog in
small batches, on a thread, retrying as its agent would. The gateway is SIGKILLed a
random moment after it answers, again and again, while batches are being stored; after
each kill its database gets the integrity check. At the end a gateway left alone takes
the rest: every ticket must be stored exactly once, each with its lines and payments.
"""

from __future__ import annotations

import contextlib
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from fault_harness.backlog import make_backlog
from fault_harness.crashes.common import sqlite_problems
from fault_harness.network import CODES, _gateway_counts, _linked_till
from fault_harness.report import Figure
from fault_harness.servers import free_port
from standalone_till import schema as T
from standalone_till.service import Till

_TICKETS_PER_KILL = 1000  # more than a kill window drains, so each kill finds work
_WINDOW = (0.0, 0.15)  # seconds between the gateway listening and its kill
_START_TIMEOUT = 30.0


@dataclass(slots=True)
class GatewayKills:
    planned: int
    kills: int = 0
    misses: int = 0  # kills after the backlog was gone: not counted
    integrity: list[str] | None = None
    delivered: int = 0
    lost: int = 0
    duplicated: int = 0
    torn: int = 0
    answered_duplicate: int = 0
    seconds: float = 0.0

    def figures(self) -> list[Figure]:
        problems = self.integrity or []
        return [
            Figure(
                "crash.kills.gateway", self.kills, self.planned, ">=", note="SIGKILLs mid-drain"
            ),
            Figure("crash.gateway_tickets_lost", self.lost, 0, note=f"{self.delivered} stored"),
            Figure("crash.gateway_tickets_duplicated", self.duplicated, 0),
            Figure("crash.gateway_tickets_torn", self.torn, 0, note="without lines or payments"),
            Figure(
                "crash.gateway_integrity_failures", len(problems), 0, note="; ".join(problems[:3])
            ),
            Figure(
                "crash.gateway_resends_answered_duplicate",
                self.answered_duplicate,
                0,
                "info",
                note=f"batches stored as the gateway died, resent; {self.seconds:.0f} s",
            ),
        ]


def gateway_kills(workdir: Path, rng: random.Random, planned: int) -> GatewayKills:
    """Kill the gateway ``planned`` times while a till drains into it; then check."""
    started = time.monotonic()
    result = GatewayKills(planned, integrity=[])
    folder = workdir / "gateway-kills"
    gateway = _GatewayProcess(folder / "gateway")
    till = _linked_till(folder / "till", gateway.url)
    drain = _Drain(till)
    try:
        make_backlog(till, max(200, planned * _TICKETS_PER_KILL), CODES)
        drain.start()
        while result.kills < planned:
            gateway.start()
            time.sleep(rng.uniform(*_WINDOW))
            if drain.pending() == 0:
                result.misses += 1
                break
            gateway.kill()
            result.kills += 1
            result.integrity += sqlite_problems(gateway.db)
        gateway.start()  # left alone: it takes the rest
        drain.wait_empty(deadline=time.monotonic() + 120)
    finally:
        drain.stop()
        gateway.stop()
        answers = _answers(till)
        till.close()
    result.integrity += sqlite_problems(gateway.db)
    stored = _gateway_counts(f"sqlite:///{gateway.db}")
    result.delivered = sum(1 for tid in answers if tid in stored.ids)
    result.lost = len(answers) - result.delivered
    result.duplicated = (
        sum(c - 1 for c in stored.ids.values()) + stored.same_number + stored.same_content
    )
    result.duplicated += stored.versions
    result.torn = _torn(gateway.db)
    result.answered_duplicate = sum(1 for v in answers.values() if v == "duplicate")
    result.seconds = time.monotonic() - started
    return result


class _GatewayProcess:
    """``erp-gateway serve`` on a fixed port of 127.0.0.1, started and killed at will."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.config = folder / "gateway.toml"
        self.config.write_text(f"[service]\nport = {self.port}\nthreads = 4\n")
        self.db = folder / "gateway.db"
        self.log = folder / "gateway.log"
        self.url = f"http://127.0.0.1:{self.port}/soap"
        self.process: subprocess.Popen[bytes] | None = None
        self._run("init")

    def _command(self, *args: str) -> list[str]:
        run = "from erp_gateway.cli import run; run()"
        return [sys.executable, "-c", run, *args, "--config", str(self.config)]

    def _run(self, *args: str) -> None:
        with self.log.open("ab") as log:
            subprocess.run(self._command(*args), stdout=log, stderr=log, check=True)

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self._command("serve"), stdout=log, stderr=log)
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the gateway exited ({self.process.returncode}); see {self.log}"
                )
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 1),
            ):
                return
            time.sleep(0.02)
        raise RuntimeError(f"the gateway did not listen within {_START_TIMEOUT} s; see {self.log}")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


class _Drain:
    """The till's ticket sending on a thread: drain, and after a failure drain again."""

    def __init__(self, till: Till) -> None:
        self.till = till
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gateway-kills-drain", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            report = self.till.uplink.send_tickets()
            if report.error is not None or report.remaining == 0:
                time.sleep(0.01)

    def pending(self) -> int:
        with self.till.db.read(self.till.db.journal) as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(T.outbox)).scalar_one())

    def wait_empty(self, deadline: float) -> None:
        while self.pending() and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(30)


def _answers(till: Till) -> dict[str, str | None]:
    t = T.tickets.c
    with till.db.read(till.db.journal) as conn:
        return {r.id: r.sync_result for r in conn.execute(sa.select(t.id, t.sync_result))}


def _torn(db: Path) -> int:
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return int(
                conn.exec_driver_sql(
                    "SELECT count(*) FROM tickets t WHERE NOT EXISTS "
                    "(SELECT 1 FROM ticket_lines l WHERE l.ticket_id = t.ticket_id) OR NOT EXISTS "
                    "(SELECT 1 FROM ticket_payments p WHERE p.ticket_id = t.ticket_id)"
                ).scalar_one()
            )
    finally:
        engine.dispose()
