"""What the till says of itself in its Ping for the gateway's fleet view: its backlog and
the oldest document waiting, its catalog sequence, last closure, signature chains and
software version. Cheap on purpose (a few indexed aggregates, no verification): it runs
at every Ping."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from importlib import metadata

import sqlalchemy as sa

from standalone_till import schema as T
from standalone_till.clock import utcnow
from standalone_till.document_tables import documents_outbox, till_documents
from standalone_till.loading import catalog_state
from standalone_till.signing_tables import chain_entries
from standalone_till.store import TillDatabase
from ticket_contract.till_status import TillStatus

# A row of sync_state beside the sync areas: the last `till verify` (the ping states it
# without verifying anything itself). SyncState reads only the rows of its areas.
VERIFY_ROW = "verify"
HELD, BROKEN = "held", "broken"


def note_verification(db: TillDatabase, first_break: str | None) -> None:
    """Keep the result of `till verify`: held (``first_break`` None) or broken."""
    s = T.sync_state
    now = utcnow()
    values: dict[str, object] = {"last_attempt_at": now, "last_error": first_break}
    values["last_ok_at" if first_break is None else "last_failure_at"] = now
    with db.write(db.journal) as conn:
        done = conn.execute(sa.update(s).where(s.c.area == VERIFY_ROW).values(**values))
        if not done.rowcount:
            conn.execute(sa.insert(s).values(area=VERIFY_ROW, failures=0, **values))


def _last_verification(conn: sa.Connection) -> str | None:
    s = T.sync_state
    row = conn.execute(
        sa.select(s.c.last_attempt_at, s.c.last_error).where(s.c.area == VERIFY_ROW)
    ).first()
    if row is None or row.last_attempt_at is None:
        return None
    return HELD if row.last_error is None else BROKEN


@functools.cache
def software_version() -> str | None:
    try:
        return metadata.version("tillsync")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return None


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _waiting(conn: sa.Connection) -> tuple[int, int, int, dt.datetime | None]:
    """(tickets waiting, documents waiting, quarantined, the oldest document waiting: the
    earlier of its own time and the time it entered the outbox)."""
    o, do = T.outbox.c, documents_outbox.c
    tickets: dict[str, int] = dict(
        conn.execute(sa.select(o.state, sa.func.count()).group_by(o.state)).all()
    )
    documents: dict[str, int] = dict(
        conn.execute(sa.select(do.state, sa.func.count()).group_by(do.state)).all()
    )
    oldest_ticket = conn.execute(
        sa.select(sa.func.min(T.tickets.c.closed_at))
        .join(T.outbox, o.ticket_id == T.tickets.c.id)
        .where(o.state == "pending")
    ).scalar()
    oldest_document = conn.execute(
        sa.select(sa.func.min(till_documents.c.created_at))
        .join(documents_outbox, do.document_id == till_documents.c.id)
        .where(do.state == "pending")
    ).scalar()
    times = [_aware(t) for t in (oldest_ticket, oldest_document) if t is not None]
    quarantined = tickets.get("quarantined", 0) + documents.get("quarantined", 0)
    return (
        tickets.get("pending", 0),
        documents.get("pending", 0),
        quarantined,
        min(times, default=None),
    )


def _last_closure(conn: sa.Connection, till_id: str) -> tuple[int | None, dt.date | None]:
    d = till_documents.c
    row = conn.execute(
        sa.select(d.number, d.business_day)
        .where(d.till_id == till_id, d.doc_type == "closure")
        .order_by(d.number.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    return int(row.number), dt.date.fromisoformat(row.business_day)


def _chain_heads(conn: sa.Connection, till_id: str) -> int:
    c = chain_entries.c
    query = sa.select(sa.func.count(sa.distinct(c.chain))).where(c.till_id == till_id)
    return int(conn.execute(query).scalar_one())


def till_status(
    db: TillDatabase, till_id: str, server: str | None, errors: Mapping[str, str]
) -> TillStatus:
    """The till's status now; ``errors``: the sync areas failing, with their last error."""
    with db.read(db.journal) as conn:
        tickets, documents, quarantined, oldest = _waiting(conn)
        last_z, last_day = _last_closure(conn, till_id)
        heads = _chain_heads(conn, till_id)
        verified = _last_verification(conn)
    with db.read(db.catalog) as conn:
        sequence = catalog_state(conn).sequence
    error = "; ".join(f"{area}: {text}" for area, text in sorted(errors.items()))
    return TillStatus(
        software_version=software_version(),
        server=server,
        tickets_waiting=tickets,
        documents_waiting=documents,
        quarantined=quarantined,
        oldest_waiting=oldest,
        catalog_sequence=sequence,
        last_closure_z=last_z,
        last_closure_day=last_day,
        chain_heads=heads,
        chain_verified=verified,
        last_error=error or None,
    )
