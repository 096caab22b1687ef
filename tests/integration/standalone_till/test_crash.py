"""Promise 1: a ticket reported closed survives a SIGKILL, whole and in the outbox."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalog_fixture import BREAD, MILK_UPC, WINE, write_catalog
from standalone_till import schema as T
from standalone_till.config import load_config
from standalone_till.service import Till
from standalone_till.signing_verify import verify_journal

TESTS = Path(__file__).resolve().parents[2]  # crash_worker.py and catalog_fixture.py
ROUNDS = 8


def _run_and_kill(config: Path, delay: float) -> list[str]:
    """Start the worker, wait for its first closed ticket (its imports take seconds on a
    loaded machine), let it close tickets for ``delay`` seconds more, SIGKILL it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)])}
    proc = subprocess.Popen(
        [sys.executable, str(TESTS / "crash_worker.py"), str(config), BREAD, WINE, MILK_UPC],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    first = proc.stdout.readline().strip()  # the event: a ticket closed and reported
    assert first, "the worker ended before closing a ticket"
    reported: list[str] = [first]
    reader = threading.Thread(target=lambda: reported.extend(line.strip() for line in proc.stdout))
    reader.start()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=30)
    proc.stdout.close()
    return [r for r in reported if r]


@pytest.mark.slow
def test_sigkill_never_loses_or_tears_a_closed_ticket(sqlite_config: Path, tmp_path: Path) -> None:
    till = Till(load_config(sqlite_config))
    till.init()
    till.load_data(write_catalog(tmp_path / "exports"))
    till.close()

    rng = random.Random(20261121)
    reported: list[str] = []
    for _ in range(ROUNDS):
        reported += _run_and_kill(sqlite_config, rng.uniform(0.3, 1.2))
    assert len(reported) >= ROUNDS  # each round killed a worker that had closed tickets

    till = Till(load_config(sqlite_config))
    with till.db.read(till.db.journal) as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        tickets = {r.id: r for r in conn.execute(sa.select(T.tickets))}
        lines = dict(
            conn.execute(
                sa.select(T.ticket_lines.c.ticket_id, sa.func.count()).group_by(
                    T.ticket_lines.c.ticket_id
                )
            ).all()
        )
        paid = dict(
            conn.execute(
                sa.select(
                    T.ticket_payments.c.ticket_id, sa.func.sum(T.ticket_payments.c.amount)
                ).group_by(T.ticket_payments.c.ticket_id)
            ).all()
        )
        outbox = set(conn.execute(sa.select(T.outbox.c.ticket_id)).scalars())
        numbers = sorted(r.number for r in tickets.values())
    signed = verify_journal(till.db, till.cfg.till.till_id)
    till.close()
    # ...the signed journal holds: every ticket has its entry, no chain forks...
    assert signed.holds, signed.as_dict()
    sales = next(c for c in signed.chains if c.chain == "sales")
    assert sales.entries == len(tickets) + 1  # and its genesis

    # Every ticket the worker was told is closed is there...
    missing = [t for t in reported if t not in tickets]
    assert not missing, f"{len(missing)} reported tickets lost"
    # ...and nothing in the journal is half-written, whether it was reported or not.
    for ticket_id, row in tickets.items():
        assert lines.get(ticket_id) == row.line_count == 3, ticket_id
        assert paid.get(ticket_id) == row.total, ticket_id
        assert ticket_id in outbox, ticket_id
    assert numbers == list(range(1, len(numbers) + 1)), "ticket numbers have a gap"
