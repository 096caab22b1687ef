"""The fleet of tills as operations watch it: what each till last said of itself at its
Ping (``ticket_contract.till_status``), beside what the gateway knows of it (last seen,
the newest export, open reconciliation findings, chain breaks), and the period gate
(which tills may still hold documents of before a date)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace

import sqlalchemy as sa

from erp_gateway.config import GatewayConfig
from erp_gateway.db import GatewayDatabase
from erp_gateway.exports import export_log
from erp_gateway.fleet_tables import till_errors, till_status
from erp_gateway.schema import reconciliations, tills
from erp_gateway.signing_tables import chain_breaks
from ticket_contract.till_status import TillStatus

log = logging.getLogger("tillsync.gateway")

KEEP_ERRORS = 20  # the newest sync errors kept per till
RECENT_BREAKS = 20  # the chain breaks a till's page shows
UNREACHABLE, ATTENTION, OK = "unreachable", "attention", "ok"
STATES = (UNREACHABLE, ATTENTION, OK)


# -- written at the Ping ------------------------------------------------------------------


def record_status(
    conn: sa.Connection, till_id: str, status: TillStatus | None, now: dt.datetime
) -> None:
    """The till's latest status (None: an older till that says nothing of itself, whose
    Ping still counts as seen); a new sync error is kept in its recent errors."""
    values: dict[str, object] = {"reported_at": now}
    if status is not None:
        values |= {
            "software_version": status.software_version,
            "server": status.server,
            "tickets_waiting": status.tickets_waiting,
            "documents_waiting": status.documents_waiting,
            "quarantined": status.quarantined,
            "oldest_waiting_at": status.oldest_waiting,
            "catalog_sequence": status.catalog_sequence,
            "last_z": status.last_closure_z,
            "last_closure_day": _day_text(status.last_closure_day),
            "chain_heads": status.chain_heads,
            "chain_verified": status.chain_verified,
            "last_error": status.last_error or None,
        }
    s = till_status.c
    before = conn.execute(sa.select(s.last_error).where(s.till_id == till_id)).first()
    if before is None:
        conn.execute(till_status.insert().values(till_id=till_id, **values))
    else:
        conn.execute(till_status.update().where(s.till_id == till_id).values(**values))
    error = values.get("last_error")
    if isinstance(error, str) and (before is None or before.last_error != error):
        _keep_error(conn, till_id, error, now)


def _day_text(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _keep_error(conn: sa.Connection, till_id: str, error: str, now: dt.datetime) -> None:
    e = till_errors.c
    conn.execute(till_errors.insert().values(till_id=till_id, reported_at=now, error=error))
    newest = (
        sa.select(e.id).where(e.till_id == till_id).order_by(e.id.desc()).limit(KEEP_ERRORS)
    ).subquery("k")
    # selected from once more: MariaDB refuses a LIMIT directly inside IN
    kept = sa.select(newest.c.id)
    conn.execute(sa.delete(till_errors).where(e.till_id == till_id, e.id.not_in(kept)))


# -- the view ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FleetRow:
    """One till as the fleet view shows it; None: not known (an older till, or never
    said)."""

    till_id: str
    store_id: str | None
    last_seen: dt.datetime
    reachable: bool
    software_version: str | None = None
    server: str | None = None
    tickets_waiting: int | None = None
    documents_waiting: int | None = None
    quarantined: int | None = None
    oldest_waiting_at: dt.datetime | None = None
    backlog_age_s: int | None = None  # how long the oldest document has waited
    catalog_sequence: int | None = None
    newest_export: int | None = None
    catalog_behind: int | None = None  # exports the till has not loaded yet
    last_z: int | None = None
    last_closure_day: str | None = None
    chain_heads: int | None = None
    chain_verified: str | None = None
    chain_breaks: int = 0  # breaks the gateway found in the till's chains
    open_findings: int = 0  # reconciliation findings (days the gateway lacks part of)
    last_error: str | None = None
    reasons: tuple[str, ...] = field(default=())  # what needs a person, if anything

    @property
    def backlog(self) -> int | None:
        if self.tickets_waiting is None and self.documents_waiting is None:
            return None
        return (self.tickets_waiting or 0) + (self.documents_waiting or 0)

    @property
    def state(self) -> str:
        if not self.reachable:
            return UNREACHABLE
        return ATTENTION if self.reasons else OK

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["reasons"] = list(self.reasons)
        out["backlog"] = self.backlog
        out["state"] = self.state
        for key in ("last_seen", "oldest_waiting_at"):
            value = out[key]
            out[key] = None if value is None else _utc(value).isoformat()
        return out


def age_text(seconds: float | None) -> str:
    """A duration as the fleet shows it: "42 s", "5 min", "3 h", "2 d"; "-" for None."""
    if seconds is None:
        return "-"
    s = max(int(seconds), 0)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if s >= size:
            return f"{s // size} {unit}"
    return f"{s} s"


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _reasons(row: FleetRow) -> tuple[str, ...]:
    found = []
    if not row.reachable:
        found.append("unreachable")
    if row.quarantined:
        found.append(f"{row.quarantined} quarantined")
    if row.open_findings:
        found.append(f"{row.open_findings} reconciliation finding(s)")
    if row.chain_breaks:
        found.append(f"{row.chain_breaks} chain break(s)")
    if row.chain_verified == "broken":
        found.append("till verify failed")
    if row.last_error:
        found.append("sync error")
    return tuple(found)


def fleet(
    db: GatewayDatabase,
    cfg: GatewayConfig,
    *,
    store_id: str | None = None,
    till_id: str | None = None,
    now: dt.datetime | None = None,
) -> list[FleetRow]:
    """Every known till (of ``store_id``, or only ``till_id``), by store and till."""
    at = now or dt.datetime.now(dt.UTC)
    window = dt.timedelta(seconds=cfg.fleet.unreachable_after)
    t, s = tills.c, till_status.c
    query = sa.select(tills, till_status).outerjoin(till_status, s.till_id == t.till_id)
    if store_id is not None:
        query = query.where(t.store_id == store_id)
    if till_id is not None:
        query = query.where(t.till_id == till_id)
    with db.read() as conn:
        rows = conn.execute(query.order_by(t.store_id, t.till_id)).all()
        newest = conn.execute(sa.select(sa.func.max(export_log.c.sequence))).scalar()
        findings = _counts(conn, reconciliations.c.till_id, reconciliations.c.open.is_(True))
        breaks = _counts(conn, chain_breaks.c.till_id)
    out = []
    for r in rows:
        m = r._mapping
        seen = max(_utc(m["last_seen"]), _utc(m["reported_at"] or m["last_seen"]))
        oldest = m["oldest_waiting_at"]
        sequence = m["catalog_sequence"]
        row = FleetRow(
            till_id=m["till_id"],
            store_id=m["store_id"],
            last_seen=seen,
            reachable=at - seen <= window,
            software_version=m["software_version"],
            server=m["server"],
            tickets_waiting=m["tickets_waiting"],
            documents_waiting=m["documents_waiting"],
            quarantined=m["quarantined"],
            oldest_waiting_at=oldest,
            backlog_age_s=None
            if oldest is None
            else max(int((at - _utc(oldest)).total_seconds()), 0),
            catalog_sequence=sequence,
            newest_export=newest,
            catalog_behind=None
            if sequence is None or newest is None
            else max(newest - sequence, 0),
            last_z=m["last_z"],
            last_closure_day=m["last_closure_day"],
            chain_heads=m["chain_heads"],
            chain_verified=m["chain_verified"],
            chain_breaks=breaks.get(m["till_id"], 0),
            open_findings=findings.get(m["till_id"], 0),
            last_error=m["last_error"],
        )
        out.append(_with_reasons(row))
    return out


def _with_reasons(row: FleetRow) -> FleetRow:
    return replace(row, reasons=_reasons(row))


def _counts(
    conn: sa.Connection, key: sa.ColumnElement[str], *where: sa.ColumnElement[bool]
) -> dict[str, int]:
    query = sa.select(key, sa.func.count()).where(*where).group_by(key)
    return {till: int(n) for till, n in conn.execute(query).all()}


def only_state(rows: Sequence[FleetRow], state: str | None) -> list[FleetRow]:
    """The rows in ``state`` (unreachable | attention | ok), or all with None."""
    return [r for r in rows if state is None or r.state == state]


# -- the period gate --------------------------------------------------------------------


@dataclass(frozen=True)
class Unsent:
    """A till that may still hold documents of before the gate's date, and why."""

    row: FleetRow
    why: str


def unsent_before(rows: Sequence[FleetRow], before: dt.datetime) -> list[Unsent]:
    """Tills that still hold documents of before ``before``: their oldest document waiting
    is older, or they have not said so since (their last status is older than the date,
    or they never sent one: an older till)."""
    found = []
    for row in rows:
        oldest = row.oldest_waiting_at
        if oldest is not None and _utc(oldest) < before:
            found.append(Unsent(row, f"holds documents since {_utc(oldest).isoformat()}"))
        elif row.backlog is None:
            found.append(Unsent(row, "has never stated its backlog (an older till)"))
        elif row.last_seen < before:
            found.append(
                Unsent(row, f"not heard from since {row.last_seen.isoformat()}, before the date")
            )
    return found


# -- one till ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportedError:
    reported_at: dt.datetime
    error: str


def recent_errors(db: GatewayDatabase, till_id: str) -> list[ReportedError]:
    """The sync errors the till reported, newest first."""
    e = till_errors.c
    query = sa.select(e.reported_at, e.error).where(e.till_id == till_id).order_by(e.id.desc())
    with db.read() as conn:
        return [ReportedError(_utc(r.reported_at), r.error) for r in conn.execute(query)]


def open_findings(db: GatewayDatabase, till_id: str) -> list[tuple[str, str, int]]:
    """The till's open reconciliation findings as stored: (day, missing ranges, count)."""
    r = reconciliations.c
    query = (
        sa.select(r.business_day, r.missing, r.missing_count)
        .where(r.till_id == till_id, r.open.is_(True))
        .order_by(r.business_day)
    )
    with db.read() as conn:
        return [(row.business_day, row.missing, row.missing_count) for row in conn.execute(query)]


def chain_breaks_of(db: GatewayDatabase, till_id: str) -> list[tuple[str, int, str, str]]:
    """The newest breaks the gateway found in the till's chains: (chain, seq, what, detail)."""
    b = chain_breaks.c
    query = (
        sa.select(b.chain, b.seq, b.what, b.detail)
        .where(b.till_id == till_id)
        .order_by(b.id.desc())
        .limit(RECENT_BREAKS)
    )
    with db.read() as conn:
        return [(row.chain, row.seq, row.what, row.detail) for row in conn.execute(query)]
