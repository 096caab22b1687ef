"""Proof that nothing is missing, at the gateway: each day closure received is reconciled
with the tickets held for its till and day (``ticket_contract.reconciliation``), and
what does not hold is stored as a finding (``reconciliations``) until it does.

A finding is checked again when the closure comes again, when its till pings or sends
documents, and before ``erp-gateway reconcile`` lists them: one whose tickets have
arrived since is closed, never reported again.

Each change of a finding (found, what it lacks changed, resolved, found again) is also
recorded as it was in ``reconciliation_events``, never updated: the ERP feed delivers
each such event once, as a document of kind ``reconciliation``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from erp_gateway.db import GatewayDatabase
from erp_gateway.schema import (
    closures,
    reconciliation_events,
    reconciliations,
    tickets,
    to_units,
)
from ticket_contract.reconciliation import (
    Finding,
    HeldTicket,
    MissingRange,
    missing_ranges,
    numbers_of,
    ranges_text,
    reconcile,
)

log = logging.getLogger("tillsync.gateway")


@dataclass(frozen=True, slots=True)
class _Stated:
    """A stored closure's statement of its day."""

    closure_id: str
    store_id: str
    first_number: int | None
    last_number: int | None
    tickets: int
    cancelled: int
    returns: int
    total: int  # cents


@dataclass(frozen=True, slots=True)
class DayFinding:
    """What the gateway lacks of a till's closed day."""

    till_id: str
    store_id: str
    business_day: str
    closure_id: str
    first_number: int | None
    last_number: int | None
    missing: tuple[int, ...]
    differences: tuple[dict[str, object], ...]
    found_at: dt.datetime
    checked_at: dt.datetime

    def as_dict(self) -> dict[str, object]:
        return {
            "till_id": self.till_id,
            "store_id": self.store_id,
            "business_day": self.business_day,
            "closure_id": self.closure_id,
            "first_number": self.first_number,
            "last_number": self.last_number,
            "missing": ranges_text(self.missing),
            "missing_count": len(self.missing),
            "differences": list(self.differences),
            "found_at": self.found_at.isoformat(),
            "checked_at": self.checked_at.isoformat(),
        }


def _stated(conn: sa.Connection, till_id: str, day: str) -> _Stated | None:
    """The closure held for a till's day (the latest Z should there be two)."""
    c = closures.c
    row = conn.execute(
        sa.select(
            c.document_id,
            c.store_id,
            c.first_number,
            c.last_number,
            c.tickets,
            c.cancelled,
            c.returns,
            c.total,
        )
        .where(c.till_id == till_id, c.business_day == day)
        .order_by(c.z_number.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return _Stated(
        row.document_id,
        row.store_id,
        row.first_number,
        row.last_number,
        row.tickets,
        row.cancelled,
        row.returns,
        to_units(row.total, 100),
    )


def _held(conn: sa.Connection, till_id: str, day: str) -> list[HeldTicket]:
    t = tickets.c
    rows = conn.execute(
        sa.select(t.number, t.status, t.kind, t.total).where(
            t.till_id == till_id, t.business_day == day
        )
    )
    return [HeldTicket(r.number, r.status, r.kind, to_units(r.total, 100)) for r in rows]


def check_day(conn: sa.Connection, till_id: str, day: str, now: dt.datetime) -> Finding | None:
    """Reconcile the closure held for ``till_id``'s ``day`` with its tickets and store the
    finding (closed when clean); None when no closure of that day is held."""
    stated = _stated(conn, till_id, day)
    if stated is None:
        return None
    finding = reconcile(stated, _held(conn, till_id, day))
    _store(conn, till_id, day, stated, finding, now)
    return finding


def _store(
    conn: sa.Connection,
    till_id: str,
    day: str,
    stated: _Stated,
    finding: Finding,
    now: dt.datetime,
) -> None:
    r = reconciliations.c
    key = (r.till_id == till_id) & (r.business_day == day)
    before = conn.execute(sa.select(r.open, r.missing, r.differences).where(key)).first()
    if before is None and finding.clean:
        return  # nothing was ever missing: no row
    values = {
        "store_id": stated.store_id,
        "closure_id": stated.closure_id,
        "first_number": stated.first_number,
        "last_number": stated.last_number,
        "missing": ranges_text(finding.missing),
        "missing_count": len(finding.missing),
        "differences": json.dumps([d.as_dict() for d in finding.differences]),
        "open": not finding.clean,
        "checked_at": now,
    }
    if before is None:
        conn.execute(
            reconciliations.insert().values(
                till_id=till_id, business_day=day, found_at=now, **values
            )
        )
        _log_finding(till_id, day, finding)
        _record(conn, till_id, day, values, now)
        return
    if (before.open, before.missing, before.differences) != (
        values["open"],
        values["missing"],
        values["differences"],
    ):
        _record(conn, till_id, day, values, now)
    if before.open and finding.clean:
        values["resolved_at"] = now
        log.info("reconciliation of %s on %s holds now", till_id, day)
    elif not before.open and not finding.clean:
        values["resolved_at"] = None
        _log_finding(till_id, day, finding)
    conn.execute(reconciliations.update().where(key).values(**values))


def _record(
    conn: sa.Connection, till_id: str, day: str, values: Mapping[str, object], now: dt.datetime
) -> None:
    """The finding as it is now, as an event of its own (what the ERP feed carries)."""
    kept = ("store_id", "closure_id", "first_number", "last_number", "missing", "missing_count")
    conn.execute(
        reconciliation_events.insert().values(
            till_id=till_id,
            business_day=day,
            state="open" if values["open"] else "resolved",
            differences=values["differences"],
            recorded_at=now,
            **{k: values[k] for k in kept},
        )
    )


def _log_finding(till_id: str, day: str, finding: Finding) -> None:
    if finding.clean:
        return
    log.warning(
        "closure of %s on %s: %d ticket(s) missing (%s)%s",
        till_id,
        day,
        len(finding.missing),
        ranges_text(finding.missing) or "none",
        "".join(f"; {d.describe()}" for d in finding.differences),
    )


def open_days(
    conn: sa.Connection, till_ids: Sequence[str] | None = None, day: str | None = None
) -> list[tuple[str, str]]:
    r = reconciliations.c
    query = sa.select(r.till_id, r.business_day).where(r.open.is_(True))
    if till_ids is not None:
        query = query.where(r.till_id.in_(till_ids))
    if day is not None:
        query = query.where(r.business_day == day)
    return [(row.till_id, row.business_day) for row in conn.execute(query)]


def _unchecked_days(
    conn: sa.Connection, till_id: str | None, day: str | None
) -> list[tuple[str, str]]:
    """Closed days that have no finding row (closures received before reconciliation
    existed, or stored without it)."""
    c, r = closures.c, reconciliations.c
    query = (
        sa.select(c.till_id, c.business_day)
        .distinct()
        .select_from(
            closures.outerjoin(
                reconciliations,
                (r.till_id == c.till_id) & (r.business_day == c.business_day),
            )
        )
        .where(r.till_id.is_(None))
    )
    if till_id is not None:
        query = query.where(c.till_id == till_id)
    if day is not None:
        query = query.where(c.business_day == day)
    return [(row.till_id, row.business_day) for row in conn.execute(query)]


def _check_all(
    conn: sa.Connection, days: Iterable[tuple[str, str]], now: dt.datetime
) -> list[MissingRange]:
    found: list[MissingRange] = []
    for till_id, day in days:
        finding = check_day(conn, till_id, day, now)
        if finding is not None and finding.missing:
            found.extend(missing_ranges(till_id, dt.date.fromisoformat(day), finding.missing))
    return found


def check_closed_days(
    conn: sa.Connection, days: Iterable[tuple[str, str]], now: dt.datetime
) -> list[MissingRange]:
    """Reconcile each (till, day) whose closure is held; the ticket ranges missing."""
    return _check_all(conn, sorted(set(days)), now)


def missing_for(
    db: GatewayDatabase, till_ids: Sequence[str], now: dt.datetime | None = None
) -> list[MissingRange]:
    """What the gateway still lacks of these tills' closed days, checked again now (one
    read when nothing is open: the usual case)."""
    with db.read() as conn:
        if not open_days(conn, till_ids):
            return []
    at = now or dt.datetime.now(dt.UTC)
    return db.write(lambda conn: _check_all(conn, open_days(conn, till_ids), at))


# A Ping names at most this many Z numbers back from the till's newest.
CLOSURES_BACK = 1000


def missing_closures(db: GatewayDatabase, till_id: str, last_z: int) -> list[int]:
    """The Z numbers up to ``last_z`` (the till's newest) of which no closure is held,
    looking back ``CLOSURES_BACK`` at most: the closures a restore lost, say."""
    first = max(1, last_z - CLOSURES_BACK + 1)
    c = closures.c
    with db.read() as conn:
        held = set(
            conn.execute(
                sa.select(c.z_number).where(c.till_id == till_id, c.z_number.between(first, last_z))
            ).scalars()
        )
    return [z for z in range(first, last_z + 1) if z not in held]


def findings(
    db: GatewayDatabase,
    *,
    till_id: str | None = None,
    day: str | None = None,
    now: dt.datetime | None = None,
) -> list[DayFinding]:
    """The open findings (checked again first, and closed days never checked checked
    now), by till and day."""
    at = now or dt.datetime.now(dt.UTC)
    tills = None if till_id is None else [till_id]

    def refresh(conn: sa.Connection) -> None:
        days = open_days(conn, tills, day) + _unchecked_days(conn, till_id, day)
        _check_all(conn, sorted(set(days)), at)

    db.write(refresh)
    r = reconciliations.c
    query = sa.select(reconciliations).where(r.open.is_(True))
    if till_id is not None:
        query = query.where(r.till_id == till_id)
    if day is not None:
        query = query.where(r.business_day == day)
    with db.read() as conn:
        rows = conn.execute(query.order_by(r.till_id, r.business_day)).all()
    return [_finding(row) for row in rows]


def _finding(row: sa.Row[tuple[object, ...]]) -> DayFinding:
    m = row._mapping
    return DayFinding(
        till_id=m["till_id"],
        store_id=m["store_id"],
        business_day=m["business_day"],
        closure_id=m["closure_id"],
        first_number=m["first_number"],
        last_number=m["last_number"],
        missing=tuple(numbers_of(m["missing"])),
        differences=tuple(json.loads(m["differences"])),
        found_at=m["found_at"],
        checked_at=m["checked_at"],
    )
