"""What a server says it lacks of closed days, acted on from the journal.

The gateway reconciles each closure with the tickets it holds and names in its answers
(Ping, SendDocuments) the numbers it lacks. Each named ticket this journal holds goes
back into the outbox, even long after it left it (a gateway restored from an older
backup), with its acknowledgement cleared: the next drain sends it, and it arrives as
``accepted`` or ``duplicate`` as usual. A number the journal does not hold either is
recorded (``missing_at_server``) and reported, never invented.

A hub's journal holds the tickets it relays under their own till, so the same look-up
resends those too.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from standalone_till import schema as T
from standalone_till.clock import Clock, utcnow
from standalone_till.document_tables import documents_outbox, missing_at_server, till_documents
from standalone_till.store import TillDatabase
from ticket_contract.reconciliation import MissingRange, ranges_text

log = logging.getLogger("tillsync.sync")
# Numbers a server names are looked up a range at a time; a range longer than this (no
# till issues so many tickets a day) is cut, and what is beyond is reported as absent.
MAX_RANGE = 100_000


@dataclass(slots=True)
class Resend:
    """What one answer's list of missing tickets led to."""

    named: int = 0  # ticket numbers the server said it lacks
    requeued: int = 0  # put back into the outbox
    waiting: int = 0  # in the outbox already (pending or quarantined)
    absent: list[tuple[str, str, int]] = field(default_factory=list)  # (till, day, number)

    def as_dict(self) -> dict[str, object]:
        return {
            "named": self.named,
            "requeued": self.requeued,
            "waiting": self.waiting,
            "absent": len(self.absent),
        }


def resend_missing(
    db: TillDatabase,
    missing: Sequence[MissingRange],
    tills: Iterable[str],
    clock: Clock = utcnow,
) -> Resend:
    """Put the named tickets the journal holds back into the outbox, and record those it
    does not as the server's whole list for ``tills`` (the tills the answer speaks of:
    what it no longer names is no longer missing)."""
    now = clock()
    covered = sorted({*tills, *(r.till_id for r in missing)})
    with db.write(db.journal) as conn:
        done = Resend()
        for r in missing:
            _resend_range(conn, r, now, done)
        m = missing_at_server.c
        conn.execute(sa.delete(missing_at_server).where(m.till_id.in_(covered)))
        if done.absent:
            conn.execute(
                sa.insert(missing_at_server),
                [
                    {"till_id": t, "business_day": d, "number": n, "named_at": now}
                    for t, d, n in done.absent
                ],
            )
    _log(missing, done)
    return done


def _resend_range(conn: sa.Connection, r: MissingRange, now: dt.datetime, done: Resend) -> None:
    t, o = T.tickets.c, T.outbox.c
    day = r.business_day.isoformat()
    last = min(r.last, r.first + MAX_RANGE - 1)
    rows = conn.execute(
        sa.select(t.id, t.number, o.ticket_id.label("queued"))
        .select_from(T.tickets.outerjoin(T.outbox, o.ticket_id == t.id))
        .where(t.till_id == r.till_id, t.business_day == day, t.number.between(r.first, last))
    ).all()
    held = {row.number for row in rows}
    back = [row.id for row in rows if row.queued is None]
    if back:
        conn.execute(
            sa.insert(T.outbox),
            [{"ticket_id": i, "state": "pending", "enqueued_at": now, "attempts": 0} for i in back],
        )
        conn.execute(
            sa.update(T.tickets).where(t.id.in_(back)).values(synced_at=None, sync_result=None)
        )
    done.named += r.last - r.first + 1
    done.requeued += len(back)
    done.waiting += len(rows) - len(back)
    done.absent.extend((r.till_id, day, n) for n in range(r.first, last + 1) if n not in held)


def _log(missing: Sequence[MissingRange], done: Resend) -> None:
    if not missing:
        return
    log.info(
        "the server lacks %d ticket(s) of closed days: %d sent again from the journal, "
        "%d in the outbox already",
        done.named,
        done.requeued,
        done.waiting,
    )
    by_day: dict[tuple[str, str], list[int]] = {}
    for till, day, number in done.absent:
        by_day.setdefault((till, day), []).append(number)
    for (till, day), numbers in sorted(by_day.items()):
        log.warning(
            "the server lacks ticket(s) %s of till %s on %s and this journal has none of "
            "them: not sent (nothing is made up)",
            ranges_text(numbers),
            till,
            day,
        )


def newest_z(db: TillDatabase, till_id: str) -> int | None:
    """The number of the till's newest closure (Z) stored as a document; None: none yet."""
    d = till_documents.c
    with db.read(db.journal) as conn:
        found = conn.execute(
            sa.select(sa.func.max(d.number)).where(d.till_id == till_id, d.doc_type == "closure")
        ).scalar_one()
    return None if found is None else int(found)


def resend_closures(
    db: TillDatabase, till_id: str, z_numbers: Sequence[int], clock: Clock = utcnow
) -> int:
    """Put the closures the server holds none of back into the documents outbox, with the
    cash movements of their days (lost with them), unless waiting there already; how many
    documents went back. The closures' answers then name the tickets the server lacks."""
    if not z_numbers:
        return 0
    now = clock()
    d, o = till_documents.c, documents_outbox.c
    with db.write(db.journal) as conn:
        days = sa.select(d.business_day).where(
            d.till_id == till_id, d.doc_type == "closure", d.number.in_(list(z_numbers))
        )
        back = list(
            conn.execute(
                sa.select(d.id)
                .select_from(till_documents.outerjoin(documents_outbox, o.document_id == d.id))
                .where(d.till_id == till_id, d.business_day.in_(days), o.document_id.is_(None))
            ).scalars()
        )
        if back:
            conn.execute(
                sa.insert(documents_outbox),
                [
                    {"document_id": i, "state": "pending", "enqueued_at": now, "attempts": 0}
                    for i in back
                ],
            )
            conn.execute(
                sa.update(till_documents)
                .where(d.id.in_(back))
                .values(synced_at=None, sync_result=None)
            )
    if back:
        log.info(
            "the server holds no closure Z %s: %d closure(s) and cash movement(s) of their "
            "days sent again from the journal",
            ranges_text(z_numbers),
            len(back),
        )
    return len(back)


def has_absent(db: TillDatabase, tills: Sequence[str]) -> bool:
    """Whether numbers a server named are recorded as absent for any of ``tills``."""
    m = missing_at_server.c
    with db.read(db.journal) as conn:
        found = conn.execute(
            sa.select(m.till_id).where(m.till_id.in_(list(tills))).limit(1)
        ).first()
    return found is not None


def unreconciled_days(db: TillDatabase, till_id: str) -> list[str]:
    """The till's closed days (Z) not yet proven complete at the server: its closure or
    one of its tickets not acknowledged (sent again after the server named it among
    those it lacks, or never sent), or a ticket the server lacks that the journal does
    not hold either."""
    t, doc, m = T.tickets.c, till_documents.c, missing_at_server.c
    # days closed with a closure document (days closed before the till made them were
    # never stated to the gateway, so nothing can prove them)
    closed = sa.select(doc.business_day).where(doc.till_id == till_id, doc.doc_type == "closure")
    unsent_tickets = sa.select(t.business_day).where(
        t.till_id == till_id, t.sync_result.is_(None), t.business_day.in_(closed)
    )
    unsent_closures = sa.select(doc.business_day).where(
        doc.till_id == till_id,
        doc.doc_type == "closure",
        doc.sync_result.is_(None),
        doc.business_day.in_(closed),
    )
    absent = sa.select(m.business_day).where(m.till_id == till_id)
    query = sa.union(unsent_tickets, unsent_closures, absent)
    with db.read(db.journal) as conn:
        return sorted({str(day) for day in conn.execute(query).scalars()})


def absent_numbers(db: TillDatabase) -> dict[str, str]:
    """``till day`` -> the numbers (as ranges) the server lacks and the journal does not
    hold, for ``till status``."""
    m = missing_at_server.c
    with db.read(db.journal) as conn:
        rows = conn.execute(
            sa.select(m.till_id, m.business_day, m.number).order_by(
                m.till_id, m.business_day, m.number
            )
        ).all()
    by_day: dict[str, list[int]] = {}
    for row in rows:
        by_day.setdefault(f"{row.till_id} {row.business_day}", []).append(row.number)
    return {key: ranges_text(numbers) for key, numbers in by_day.items()}
