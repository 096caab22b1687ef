"""The month and year closures in the journal: made in the transaction of the Z that ends
their period, stored in ``till_documents`` (doc_type ``closure_month``,
``closure_year``; never in the outbox: they stay at the till and go into its archive)
and signed in the ``periods`` chain. The rules are ``standalone_till.periods``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from standalone_till import journal_documents as JD
from standalone_till import periods as P
from standalone_till.document_tables import till_documents
from standalone_till.reports import day_figures
from standalone_till.sales import time_ordered_id
from standalone_till.signing import DOCUMENT, Signer
from standalone_till.store import TillDatabase
from ticket_contract import signatures as S


@dataclass(frozen=True, slots=True)
class PeriodClosure:
    """A stored month or year closure (its document as signed)."""

    document: dict[str, Any]
    content_hash: str
    signature: str | None = None

    @property
    def period(self) -> str:
        return str(self.document["period"])

    @property
    def label(self) -> str:
        return str(self.document["label"])

    @property
    def totals(self) -> P.Totals:
        return P.Totals.from_dict(self.document["totals"])

    @property
    def grand_total(self) -> P.Totals:
        return P.Totals.from_dict(self.document["grand_total"])

    def as_dict(self) -> dict[str, object]:
        return dict(self.document) | {"content_hash": self.content_hash}


def period_hash(doc: dict[str, Any]) -> str:
    """A period closure's content hash: it has no contract record (it stays at the
    till), so the SHA-256 of its canonical JSON, as an audit event's."""
    return S.statement_hash(doc)


def close_ended_periods(
    conn: sa.Connection,
    signer: Signer | None,
    *,
    store_id: str,
    till_id: str,
    today: dt.date,
    cashier: str | None,
    now: dt.datetime,
) -> list[PeriodClosure]:
    """After the Z of ``today`` is stored (same transaction): the month and year
    closures of every period that Z ends, months first, each stored and signed."""
    z_days = [dt.date.fromisoformat(d) for d in _z_days(conn, till_id)]
    made: list[PeriodClosure] = []
    for period in P.PERIODS:
        labels = P.periods_to_close(period, z_days, _closed_labels(conn, till_id, period), today)
        for label in labels:
            made.append(
                _close(conn, signer, store_id, till_id, period, label, cashier=cashier, now=now)
            )
    return made


def _z_days(conn: sa.Connection, till_id: str) -> list[str]:
    d = till_documents.c
    query = sa.select(d.business_day).where(d.till_id == till_id, d.doc_type == JD.CLOSURE)
    return list(conn.execute(query.distinct()).scalars())


def _closed_labels(conn: sa.Connection, till_id: str, period: str) -> list[str]:
    return [c.label for c in _stored(conn, till_id, period)]


def _stored(conn: sa.Connection, till_id: str, period: str | None) -> list[PeriodClosure]:
    d = till_documents.c
    types = [P.DOC_TYPES[period]] if period else list(P.DOC_TYPES.values())
    rows = conn.execute(
        sa.select(d.document, d.content_hash)
        .where(d.till_id == till_id, d.doc_type.in_(types))
        .order_by(d.business_day, d.doc_type, d.number)
    ).all()
    return [PeriodClosure(json.loads(r.document), r.content_hash) for r in rows]


def _day_closures(
    conn: sa.Connection,
    till_id: str,
    label: str | None = None,
    z_range: tuple[int, int] | None = None,
) -> list[P.DayClosure]:
    """The Zs of a period, or those numbered in ``z_range`` (bounds excluded), by number."""
    d = till_documents.c
    query = sa.select(d.document, d.content_hash).where(
        d.till_id == till_id, d.doc_type == JD.CLOSURE
    )
    if label is not None:
        query = query.where(d.business_day.like(label + "-%"))
    if z_range is not None:
        query = query.where(d.number > z_range[0], d.number < z_range[1])
    days = []
    for row in conn.execute(query.order_by(d.number)):
        z = json.loads(row.document)
        figures = day_figures(JD.day_tickets(conn, till_id, z["business_day"]), [])
        days.append(
            P.DayClosure(
                closure_id=z["id"],
                z_number=z["z_number"],
                business_day=z["business_day"],
                content_hash=row.content_hash,
                tickets=z["tickets"],
                returns=z["returns"],
                cancelled=z["cancelled"],
                totals=P.Totals(figures.sales.total, -figures.returns.total),
            )
        )
    return days


def _year_days(conn: sa.Connection, till_id: str, label: str) -> list[P.DayClosure]:
    """A year's Zs as its month closures (made before it) list them: the tickets are not
    read again at the year's end."""
    days = []
    for month in _stored(conn, till_id, P.MONTH):
        if P.in_period(label, month.label + "-01"):
            days += [_listed_day(d) for d in month.document["days"]]
    return days


def _listed_day(d: dict[str, Any]) -> P.DayClosure:
    return P.DayClosure(
        closure_id=d["closure_id"],
        z_number=d["z_number"],
        business_day=d["business_day"],
        content_hash=d["content_hash"],
        tickets=d["tickets"],
        returns=d["returns"],
        cancelled=d["cancelled"],
        totals=P.Totals.from_dict(d["totals"]),
    )


def _grand_total(conn: sa.Connection, till_id: str, days: Sequence[P.DayClosure]) -> P.Totals:
    """The perpetual grand totals at the period's last Z: those of the latest month
    closure before the period plus every Z after it (since the till's first Z when none)."""
    first_z = days[0].z_number
    base = [c for c in _stored(conn, till_id, P.MONTH) if int(c.document["last_z"]) < first_z]
    since = max(base, key=lambda c: int(c.document["last_z"])) if base else None
    start = int(since.document["last_z"]) if since else 0
    between = _day_closures(conn, till_id, z_range=(start, first_z))
    carried = since.grand_total if since else P.Totals()
    return carried + P.total_of(z.totals for z in between) + P.total_of(d.totals for d in days)


def _close(
    conn: sa.Connection,
    signer: Signer | None,
    store_id: str,
    till_id: str,
    period: str,
    label: str,
    *,
    cashier: str | None,
    now: dt.datetime,
) -> PeriodClosure:
    days = (
        _day_closures(conn, till_id, label=label)
        if period == P.MONTH
        else _year_days(conn, till_id, label)
    )
    doc_type = P.DOC_TYPES[period]
    number = 1 + len(_stored(conn, till_id, period))
    document = P.period_document(
        closure_id=time_ordered_id(),
        store_id=store_id,
        till_id=till_id,
        period=period,
        label=label,
        number=number,
        days=days,
        grand_total=_grand_total(conn, till_id, days),
        cashier=cashier,
        closed_at=now,
    )
    digest = period_hash(document)
    conn.execute(
        sa.insert(till_documents).values(
            id=document["id"],
            doc_type=doc_type,
            store_id=store_id,
            till_id=till_id,
            business_day=days[-1].business_day,
            number=number,
            kind=period,
            amount=Decimal(str(document["totals"]["net"])),  # type: ignore[index]
            cashier=cashier,
            supervisor=None,
            created_at=now,
            content_hash=digest,
            document=S.canonical_json(document),
        )
    )
    signature = None
    if signer is not None:
        signature = signer.sign(
            conn, S.PERIODS, DOCUMENT, str(document["id"]), digest, now
        ).signature
    return PeriodClosure(document, digest, signature)


def period_closures(
    db: TillDatabase, till_id: str, period: str | None = None
) -> list[PeriodClosure]:
    """`till closures`: the till's month and year closures, oldest first."""
    with db.read(db.journal) as conn:
        return _stored(conn, till_id, period)
