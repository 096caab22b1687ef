"""Scheduled jobs that run on every gateway node but act on one node at a time.

Each round of a job (export changes, a round of the ERP feed) goes through
``run_round``. On PostgreSQL the round first takes its lock, a session-level advisory
lock on a connection of its own; a node that finds the lock held skips the round, since
another node is doing the work, and tries again at its next one. The lock is released
when the round ends, and by PostgreSQL when the holder's session ends: a node killed
while it holds the lock frees it at once (its kernel closes the socket), so another node
takes over at its next round, within one interval; a machine that vanishes without
closing the connection (power cut, network) is given up by the server after
``DEAD_PEER_S`` (TCP keepalives and a user timeout on the lock's session).

Each round that ran is recorded in ``job_runs`` (job, node, start and end by the
database's clock, outcome), written while the lock is held: that record shows the job
ran on one node at a time. On SQLite, which serves one node, the round simply runs and
is recorded the same way.

Plugging a job in: ``run_round(db, "feed:erp", lambda: one_round_of_the_feed())`` in the
command's timer; ``lock=`` names a lock shared by several jobs that must not overlap
(``export full`` and ``export changes`` both take ``exports``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlalchemy as sa

from connectors.sql import database_errors
from erp_gateway import schema as S
from erp_gateway.db import GatewayDatabase, advisory_key

log = logging.getLogger("tillsync.gateway")

T = TypeVar("T")
DEAD_PEER_S = 30  # a lock holder that stopped answering is given up after this
# The lock's session on the server: keepalive probes after 10 s idle, every 5 s, 3 of
# them; and at most DEAD_PEER_S for data the holder does not acknowledge.
_SESSION_SETTINGS = (
    "SET tcp_keepalives_idle = 10",
    "SET tcp_keepalives_interval = 5",
    "SET tcp_keepalives_count = 3",
    f"SET tcp_user_timeout = {DEAD_PEER_S * 1000}",
)


def this_node() -> str:
    """How job_runs names this process: host and process id."""
    return f"{socket.gethostname()} pid {os.getpid()}"


@dataclass(frozen=True)
class Round(Generic[T]):
    """One round of a job on this node: whether it ran here, and what the work returned."""

    job: str
    ran: bool
    value: T | None = None
    run_id: int | None = None


def run_round(
    db: GatewayDatabase,
    job: str,
    work: Callable[[], T],
    *,
    lock: str | None = None,
    node: str | None = None,
) -> Round[T]:
    """Run ``work`` as one round of ``job`` if no other node holds its lock (``lock``,
    default the job's name), recorded in job_runs; ``ran`` is False when another node
    had it. An error of the work is recorded as the round's outcome and raised."""
    node = node or this_node()
    with _held(db, lock or job) as taken:
        if not taken:
            log.info("%s: another node runs it now; this round is left to it", job)
            return Round(job, ran=False)
        run_id = db.write(lambda conn: _started(conn, job, node))
        try:
            value = work()
        except BaseException as exc:
            outcome = "stopped" if isinstance(exc, KeyboardInterrupt) else "failed"
            detail = f"{type(exc).__name__}: {exc}"[:2000]
            db.write(lambda conn: _finished(conn, run_id, outcome, detail))
            raise
        db.write(lambda conn: _finished(conn, run_id, "done", None))
        return Round(job, ran=True, value=value, run_id=run_id)


@contextmanager
def _held(db: GatewayDatabase, name: str) -> Iterator[bool]:
    """Whether this node now holds the lock ``name`` (always on SQLite: one node)."""
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    # A connection of its own, never pooled: closing it ends the session, and with it
    # the lock, whatever happened to the round.
    engine = sa.create_engine(db.engine.url, poolclass=sa.NullPool)
    try:
        with database_errors(engine), engine.connect() as conn:
            for setting in _SESSION_SETTINGS:
                conn.exec_driver_sql(setting)
            key = advisory_key(f"job:{name}")
            taken = bool(
                conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            )
            conn.commit()
            try:
                yield taken
            finally:
                if taken:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
    finally:
        engine.dispose()


def _now(conn: sa.Connection) -> dt.datetime:
    """The database's clock on PostgreSQL (one clock for every node), else this one's."""
    if conn.dialect.name == "postgresql":
        at: dt.datetime = conn.execute(sa.select(sa.func.clock_timestamp())).scalar_one()
        return at.astimezone(dt.UTC)
    return dt.datetime.now(dt.UTC)


def _started(conn: sa.Connection, job: str, node: str) -> int:
    row = conn.execute(
        S.job_runs.insert()
        .values(job=job, node=node, started_at=_now(conn))
        .returning(S.job_runs.c.id)
    )
    return int(row.scalar_one())


def _finished(conn: sa.Connection, run_id: int, outcome: str, detail: str | None) -> None:
    conn.execute(
        S.job_runs.update()
        .where(S.job_runs.c.id == run_id)
        .values(finished_at=_now(conn), outcome=outcome, detail=detail)
    )


@dataclass(frozen=True)
class JobRun:
    """A round recorded in job_runs; ``finished_at`` empty: running, or its node died."""

    id: int
    job: str
    node: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    outcome: str | None


def job_runs(db: GatewayDatabase, job: str | None = None) -> list[JobRun]:
    """The recorded rounds, oldest first (of one job if given)."""
    query = sa.select(S.job_runs).order_by(S.job_runs.c.started_at, S.job_runs.c.id)
    if job is not None:
        query = query.where(S.job_runs.c.job == job)
    with db.read() as conn:
        return [
            JobRun(r.id, r.job, r.node, r.started_at, r.finished_at, r.outcome)
            for r in conn.execute(query)
        ]
