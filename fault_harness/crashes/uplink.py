"""Kills while ``till agent`` sends and records answers: every ticket, and every cash
movement of the documents outbox, at the gateway once."""

from __future__ import annotations

import contextlib
import random
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from erp_gateway.config import config_from_mapping
from erp_gateway.db import GatewayDatabase
from erp_gateway.server import GatewayServer
from fault_harness.crash_workers import WAIT, ExecWorker, Worker
from fault_harness.crashes.common import (
    BATCH,
    _files,
    _open_till,
    _ready_till,
    _sample,
    _Scene,
    read_journal,
)
from fault_harness.crashes.tap import Tap
from standalone_till.cash import CashKind
from standalone_till.model import PaymentMethod
from standalone_till.service import Till
from standalone_till.till_documents import move_cash

# -- upload and answer processing -----------------------------------------------------


def _gateway(folder: Path) -> GatewayServer:

    folder.mkdir(parents=True, exist_ok=True)
    cfg = config_from_mapping({}, folder=folder, source=str(folder / "gateway.toml"))
    db = GatewayDatabase.from_config(cfg)
    try:
        db.migrate()
    finally:
        db.dispose()
    return GatewayServer(cfg).start(host="127.0.0.1", port=0)


@contextlib.contextmanager
def _journal_locked(path: Path) -> Iterator[None]:
    """Hold the journal's write lock: the agent can read and send, not record."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=WAIT)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def _schedule(rng: random.Random, planned: dict[str, int]) -> list[tuple[str, str]]:
    """(kind, mode) for each upload and answer kill, in a seeded order."""
    upload = ("cut", "cut", "swallow", "swallow", "moment")
    plan = [("upload", rng.choice(upload)) for _ in range(planned["upload"])]
    plan += [("answer", rng.choice(("lock", "reply", "reply"))) for _ in range(planned["answer"])]
    rng.shuffle(plan)
    return plan


@dataclass
class _Link:
    """The till, its gateway and the tap between them, for the upload scenarios."""

    scene: _Scene
    till: Till
    config: Path
    codes: list[str]
    tap: Tap
    gateway: GatewayServer
    engine: sa.Engine  # the gateway's database, read with plain SQL

    def unrecorded(self, answered: Sequence[str]) -> int:
        """How many of the ``answered`` tickets the till still holds as pending."""
        with self.till.db.read(self.till.db.journal) as conn:
            pending = set(
                conn.exec_driver_sql(
                    "SELECT ticket_id FROM outbox WHERE state = 'pending'"
                ).scalars()
            )
        return len(pending.intersection(answered))


def _uplink(scene: _Scene, rng: random.Random) -> None:
    tally = scene.tally
    gateway = _gateway(scene.workdir / "gateway")
    tap = Tap(gateway.port)
    exports = _sample(scene.workdir / "exports-small", 60, 0, 5)
    engine = sa.create_engine(str(gateway.config.database_url))
    try:
        config, codes = _ready_till(
            scene.workdir / "uplink",
            exports,
            webservice__url=tap.url,
            webservice__batch_size=BATCH,
            webservice__timeout=20,
            webservice__ping_timeout=1,
            timings__ticket_sync_interval=1,
            timings__ping_interval=3600,
            timings__error_holdoff=1,
        )
        files = [*_files(config), Path(str(engine.url.database))]
        with _open_till(config) as till:
            link = _Link(scene, till, config, codes, tap, gateway, engine)
            plan = _schedule(rng, tally.planned)
            for cycle in range(3 * len(plan) + 10):
                plan = [(k, m) for k, m in plan if tally.kills[k] < tally.planned[k]]
                if not plan:
                    break
                kind, mode = plan.pop()
                began = time.monotonic()
                hit = _uplink_cycle(link, rng, kind, mode, cycle)
                if hit is None:
                    tally.misses += 1
                else:
                    tally.kills[hit] += 1
                if hit != kind:  # missed, or hit the other kind: this one is still due
                    plan.insert(0, (kind, mode))
                scene.check(*files)
                tally.cycle_done(began)
            _final_drain(link)
    finally:
        tap.close()
        gateway.stop()
        engine.dispose()


def _sell(till: Till, codes: Sequence[str], count: int) -> None:
    """``count`` tickets, then a safe drop: the agent sends both outboxes."""
    for _ in range(count):
        sale = till.new_sale()
        for code in codes[: 1 + count % len(codes)]:
            sale.scan(code)
        sale.pay(PaymentMethod.CASH)
        sale.close()
    move_cash(till, CashKind.DROP, Decimal("1.00"))


@contextlib.contextmanager
def _selling(till: Till, codes: Sequence[str]) -> Iterator[None]:
    """A cashier closing a ticket every few milliseconds, on a thread of its own."""
    stop = threading.Event()

    def sell() -> None:
        while not stop.wait(0.01):
            _sell(till, codes, 1)

    seller = threading.Thread(target=sell, name="crash-cashier", daemon=True)
    seller.start()
    try:
        yield
    finally:
        stop.set()
        seller.join(WAIT)


def _agent(scene: _Scene, config: Path, cycle: int) -> Worker:
    """``till agent``: forked by the zygote; every 50th the console script itself."""
    env = {"TILLSYNC_CONFIG": str(config)}
    if cycle % 50 == 0 and scene.zygote.till_script.exists():
        scene.tally.exec_agents += 1
        return scene.zygote.till_exec(["-v", "agent"], env, "agent.log")
    return scene.zygote.start("till", [["-v", "agent"], env], "agent.log")


_TRIGGERS: dict[str, Callable[[Tap], bool]] = {
    "cut": lambda tap: tap.held > 0,  # the request is partly out, the rest held back
    "swallow": lambda tap: tap.replies > 0,  # the gateway answered, the till never hears
    "moment": lambda tap: tap.sends > 0,  # a request began: kill a random moment later
    "lock": lambda tap: tap.forwarded > 0,  # the answer is in; the journal is locked
    "reply": lambda tap: tap.forwarded > 0,  # the answer is in: kill while it is read
}


def _uplink_cycle(link: _Link, rng: random.Random, kind: str, mode: str, cycle: int) -> str | None:
    """Start an agent and kill it as ``mode`` says; the kind of kill it was, if it hit."""
    tap = link.tap
    _sell(link.till, link.codes, rng.randint(1, 3 * BATCH))
    fraction = rng.random()
    pause = rng.uniform(0.0, {"reply": 0.03, "moment": 0.3}.get(mode, 0.05))
    tap.reset(mode if mode in ("cut", "swallow") else "pass", fraction)
    journal = link.config.parent / "till.db"
    # The till keeps selling while its agent sends, except while the journal is held.
    during = _journal_locked(journal) if mode == "lock" else _selling(link.till, link.codes)
    with during:
        began = time.monotonic()
        worker = _agent(link.scene, link.config, cycle)
        fired = tap.wait(lambda: _TRIGGERS[mode](tap))
        waited = time.monotonic() - began
        time.sleep(pause)
        phase = tap.phase
        alive = worker.kill()
        worker.close()
    link.scene.tally.worker_failures += not alive
    # An answer kill hit when the answer the till got is not (all) recorded.
    lost = link.unrecorded(tap.answered) if phase == "answer" else 0
    hit = fired and alive and (phase == "upload" or lost > 0)
    link.scene.note(
        kind,
        mode=mode,
        fraction=round(fraction, 3),
        pause=round(pause, 4),
        phase=phase,
        unrecorded=lost,
        hit=hit,
        waited=round(waited, 3),
        exec=isinstance(worker, ExecWorker),
    )
    return phase if hit else None


def _final_drain(link: _Link) -> None:
    """A real agent, not killed, until the outbox is empty; then count at the gateway."""
    tally = link.scene.tally
    link.tap.reset("pass")
    env = {"TILLSYNC_CONFIG": str(link.config)}
    worker = link.scene.zygote.start("till", [["-v", "agent"], env], "agent.log")
    deadline = time.monotonic() + 4 * WAIT
    uplink = link.till.uplink
    while (
        uplink.outbox.pending_count() or uplink.documents.pending_count()
    ) and time.monotonic() < deadline:
        time.sleep(0.1)
    worker.send(signal.SIGTERM)
    if not worker.wait_gone():
        tally.worker_failures += 1
        worker.kill()
    worker.close()
    with link.engine.connect() as conn:
        ids = list(conn.exec_driver_sql("SELECT ticket_id FROM tickets").scalars())
        versions = conn.exec_driver_sql("SELECT COUNT(*) FROM ticket_versions").scalar_one()
        moved = list(conn.exec_driver_sql("SELECT document_id FROM cash_movements").scalars())
        moved_versions = conn.exec_driver_sql("SELECT COUNT(*) FROM document_versions").scalar_one()
    journal = read_journal(link.till.db.journal)
    tally.duplicated += len(ids) - len(set(ids)) + versions
    tally.lost_upload += len(journal.ids - set(ids)) + len(set(ids) - journal.ids)
    tally.documents_uploaded += len(journal.documents)
    tally.documents_duplicated += len(moved) - len(set(moved)) + moved_versions
    tally.documents_lost_upload += len(journal.documents ^ set(moved))
    tally.documents_torn |= journal.documents_torn
    tally.quarantined += journal.quarantined
    tally.duplicate_answers += journal.duplicate_answers
    tally.torn |= journal.torn
    tally.gaps = max(tally.gaps, journal.gaps)
    link.scene.note(
        "final_drain",
        tickets=len(journal.ids),
        at_gateway=len(ids),
        versions=versions,
        pending=journal.pending,
        documents=len(journal.documents),
        documents_at_gateway=len(moved),
    )
