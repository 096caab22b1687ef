"""Kills while tickets close (and returns and cash movements between them): every ticket
and movement reported stored must be whole in the journal with its outbox entry."""

from __future__ import annotations

import contextlib
import random
import time

import sqlalchemy as sa

from fault_harness.crashes.common import (
    _files,
    _Journal,
    _on_server,
    _ready_till,
    _sample,
    _Scene,
    postgresql_admin,
    read_journal,
    server_problems,
)
from fault_harness.scratch import scratch_database
from standalone_till.config import load_config
from standalone_till.signing_verify import verify_journal
from standalone_till.store import TillDatabase


def _ticket_close(scene: _Scene, rng: random.Random) -> None:
    """Most kills on a SQLite till, a quarter on PostgreSQL when the server answers."""
    exports = _sample(scene.workdir / "exports-small", 60, 0, 5)
    config, codes = _ready_till(scene.workdir / "close", exports)
    files = _files(config)
    journals = [_Journal("sqlite", config, sa.create_engine(f"sqlite:///{files[0]}"), files)]
    days, _ = _ready_till(scene.workdir / "close-days", exports)
    day_files = _files(days)
    engine = sa.create_engine(f"sqlite:///{day_files[0]}")
    journals.append(_Journal("sqlite-days", days, engine, day_files, job="close_days"))
    admin = postgresql_admin()
    with contextlib.ExitStack() as stack:
        if admin is not None:
            url = stack.enter_context(scratch_database(admin, "tillsync_crash"))
            pg_config, _ = _ready_till(
                scene.workdir / "close-pg",
                exports,
                database__url=url,
                database__engine="postgresql",
            )
            journals.append(_Journal("postgresql", pg_config, sa.create_engine(url), []))
        try:
            _close_and_kill(scene, rng, journals, codes)
        finally:
            for journal in journals:
                journal.engine.dispose()


def _close_and_kill(
    scene: _Scene, rng: random.Random, journals: list[_Journal], codes: list[str]
) -> None:
    tally = scene.tally
    planned = tally.planned["ticket_close"]
    servers = [j for j in journals if not j.files]
    local = [j for j in journals if j.files]
    on_server = _on_server(planned) if servers else 0
    if servers:
        tally.on_postgresql["ticket_close"] = 0
    on_days = (planned - on_server) // 3  # a third of the SQLite kills in day closures
    order = [local[0]] * (planned - on_server - on_days) + local[1:] * on_days
    order += servers * on_server
    rng.shuffle(order)
    attempts = 0
    while order and attempts < 2 * planned + 10:
        attempts += 1
        began = time.monotonic()
        target = order[-1]
        worker = scene.zygote.start(target.job, [str(target.config), codes], "close.log")
        started = worker.wait_line("ready")
        # Half the kills count from the first ticket stored, so that most kills come
        # after some closes even on a slow machine; the others may hit the first close.
        # A day-closing worker's all do: its kills are for the days and their closures.
        if target.job == "close_days" or rng.random() < 0.5:
            started = started and worker.wait_lines(2)
        delay = rng.uniform(0.0, 0.5)
        time.sleep(delay if started else 0)
        hit = started and worker.kill()
        worker.close()
        closed = [
            line for line in worker.lines if line != "ready" and not line.startswith(("m:", "z:"))
        ]
        target.reported += closed
        target.movements += [line[2:] for line in worker.lines if line.startswith("m:")]
        if hit:
            order.pop()
            tally.kills["ticket_close"] += 1
            if target.label == "postgresql":
                tally.on_postgresql["ticket_close"] += 1
        else:
            tally.worker_failures += 1
        scene.note(
            "ticket_close", db=target.label, delay=round(delay, 4), hit=hit, closed=len(closed)
        )
        _check_journal(scene, target)
        tally.cycle_done(began)
    for target in journals:
        journal = read_journal(target.engine)
        tally.tickets_reported += len(target.reported)
        tally.tickets_lost += sum(
            1 for t in target.reported if t not in journal.ids or t in journal.torn
        )
        tally.movements_reported += len(target.movements)
        tally.movements_lost += sum(
            1 for m in target.movements if m not in journal.documents or m in journal.documents_torn
        )
        tally.returns_stored += journal.returns
        scene.note("ticket_close_end", db=target.label, tickets=len(journal.ids))


def _check_journal(scene: _Scene, target: _Journal) -> None:
    if target.files:
        scene.check(*target.files)
    else:
        scene.tally.checks += 1
        scene.tally.integrity += server_problems(target.engine)
    journal = read_journal(target.engine)
    scene.tally.torn |= journal.torn
    scene.tally.gaps = max(scene.tally.gaps, journal.gaps)
    scene.tally.documents_torn |= journal.documents_torn
    scene.tally.document_gaps = max(scene.tally.document_gaps, journal.document_gaps)
    scene.tally.returns_over = max(scene.tally.returns_over, journal.returns_over)
    _check_chains(scene, target)


_FORKS = """
SELECT COUNT(*) FROM (SELECT till_id, chain, previous FROM chain_entries
                      GROUP BY till_id, chain, previous HAVING COUNT(*) > 1) AS forks
"""


def _check_chains(scene: _Scene, target: _Journal) -> None:
    """`till verify` after the kill: every chain holds, none forks."""
    cfg = load_config(target.config)
    db = TillDatabase.from_config(cfg)
    try:
        result = verify_journal(db, cfg.till.till_id)
    finally:
        db.dispose()
    scene.tally.chain_breaks += [f"{target.label}: {b}" for b in result.breaks]
    with target.engine.connect() as conn:
        scene.tally.chain_forks += int(conn.exec_driver_sql(_FORKS).scalar_one())
