"""What the gateway holds, for people: received tickets, the mismatch report, cash
movements, day closures and returns that give back more than was sold."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from erp_gateway.db import GatewayDatabase
from erp_gateway.returns import OVER
from erp_gateway.schema import (
    cash_movements,
    closures,
    document_versions,
    ticket_versions,
    tickets,
)
from ticket_contract.tickets import RETURN, Difference, differences
from ticket_contract.units import MONEY, RATE, as_decimal


@dataclass(frozen=True)
class TicketRow:
    ticket_id: str
    store_id: str
    till_id: str
    business_day: str
    number: int
    status: str
    total: Decimal
    content_hash: str
    received_at: dt.datetime
    kind: str
    original_id: str | None
    cashier: str | None


@dataclass(frozen=True)
class OtherVersion:
    content_hash: str
    received_at: dt.datetime
    last_received_at: dt.datetime
    times: int
    differences: list[Difference]


@dataclass(frozen=True)
class Mismatch:
    ticket_id: str  # the ticket's id, or the cash movement's or closure's
    till_id: str
    first_hash: str
    first_received_at: dt.datetime
    versions: list[OtherVersion]
    element: str = "ticket"  # ticket | cashMovement | closure


def recent_tickets(
    db: GatewayDatabase, *, till_id: str | None, limit: int, kind: str | None = None
) -> list[TicketRow]:
    """The last received tickets (of ``kind``: sale or return, when given), newest first:
    by arrival, then within one batch (one arrival time) by the ticket's own close time
    and id (made at the till, time-ordered)."""
    query = (
        sa.select(*(tickets.c[name] for name in TicketRow.__dataclass_fields__))
        .order_by(
            tickets.c.received_at.desc(), tickets.c.closed_at.desc(), tickets.c.ticket_id.desc()
        )
        .limit(limit)
    )
    if till_id is not None:
        query = query.where(tickets.c.till_id == till_id)
    if kind is not None:
        query = query.where(tickets.c.kind == kind)
    with db.read() as conn:
        return [TicketRow(**row._mapping) for row in conn.execute(query)]


def mismatches(db: GatewayDatabase) -> list[Mismatch]:
    """Every ticket received with other content than its first copy, field by field;
    then the cash movements and closures so received."""
    query = (
        sa.select(
            tickets.c.ticket_id,
            tickets.c.till_id,
            tickets.c.content_hash.label("first_hash"),
            tickets.c.received_at.label("first_received_at"),
            tickets.c.document.label("first_document"),
            ticket_versions.c.content_hash,
            ticket_versions.c.document,
            ticket_versions.c.received_at,
            ticket_versions.c.last_received_at,
            ticket_versions.c.times,
        )
        .join(ticket_versions, ticket_versions.c.ticket_id == tickets.c.ticket_id)
        .order_by(ticket_versions.c.received_at, ticket_versions.c.id)
    )
    found: dict[str, Mismatch] = {}
    with db.read() as conn:
        for row in conn.execute(query):
            entry = found.setdefault(
                row.ticket_id,
                Mismatch(row.ticket_id, row.till_id, row.first_hash, row.first_received_at, []),
            )
            entry.versions.append(
                OtherVersion(
                    row.content_hash,
                    row.received_at,
                    row.last_received_at,
                    row.times,
                    differences(row.first_document, row.document),
                )
            )
    return list(found.values()) + _document_mismatches(db)


def _document_mismatches(db: GatewayDatabase) -> list[Mismatch]:
    """Cash movements and closures received with other content than their first copy."""
    v = document_versions.c
    found: dict[str, Mismatch] = {}
    with db.read() as conn:
        for table in (cash_movements, closures):
            t = table.c
            query = (
                sa.select(
                    t.document_id,
                    t.till_id,
                    t.content_hash.label("first_hash"),
                    t.received_at.label("first_received_at"),
                    t.document.label("first_document"),
                    v.element,
                    v.content_hash,
                    v.document,
                    v.received_at,
                    v.last_received_at,
                    v.times,
                )
                .join(document_versions, v.document_id == t.document_id)
                .order_by(v.received_at, v.id)
            )
            for row in conn.execute(query):
                entry = found.setdefault(
                    row.document_id,
                    Mismatch(
                        row.document_id,
                        row.till_id,
                        row.first_hash,
                        row.first_received_at,
                        [],
                        row.element,
                    ),
                )
                entry.versions.append(
                    OtherVersion(
                        row.content_hash,
                        row.received_at,
                        row.last_received_at,
                        row.times,
                        differences(row.first_document, row.document),
                    )
                )
    return list(found.values())


# -- cash movements, closures, returns ------------------------------------------------


@dataclass(frozen=True)
class CashRow:
    document_id: str
    store_id: str
    till_id: str
    business_day: str
    number: int
    kind: str
    amount: Decimal
    reason: str | None
    cashier: str | None
    supervisor: str | None
    created_at: dt.datetime
    received_at: dt.datetime
    counts: list[dict[str, object]]  # a count's notes and coins: denomination, count


@dataclass(frozen=True)
class ClosureRow:
    document_id: str
    store_id: str
    till_id: str
    business_day: str
    z_number: int
    first_number: int | None
    last_number: int | None
    tickets: int
    cancelled: int
    returns: int
    total: Decimal
    cash_expected: Decimal
    cash_counted: Decimal | None
    difference: Decimal | None
    cashier: str | None
    closed_at: dt.datetime
    received_at: dt.datetime
    vat: list[dict[str, object]]  # rate, gross, net, vat
    payments: list[dict[str, object]]  # method, amount
    missing: list[int]  # numbers of firstNumber..lastNumber the gateway has no ticket of


@dataclass(frozen=True)
class OverReturn:
    ticket_id: str
    store_id: str
    till_id: str
    business_day: str
    number: int
    original_id: str | None
    total: Decimal
    cashier: str | None
    supervisor: str | None
    problem: str | None
    received_at: dt.datetime


def _where(
    query: sa.Select[Any], table: sa.Table, till_id: str | None, day: str | None
) -> sa.Select[Any]:
    if till_id is not None:
        query = query.where(table.c.till_id == till_id)
    if day is not None:
        query = query.where(table.c.business_day == day)
    return query


def _fields(cls: type) -> list[str]:
    """The dataclass's fields that are columns of its table (the rest come from JSON)."""
    return [f.name for f in dataclasses.fields(cls) if f.name in _COLUMNS[cls]]


def cash_movements_of(
    db: GatewayDatabase, *, till_id: str | None = None, day: str | None = None
) -> list[CashRow]:
    """Cash movements received, by till, day and number."""
    t = cash_movements
    query = sa.select(*(t.c[n] for n in _fields(CashRow)), t.c.document).order_by(
        t.c.till_id, t.c.business_day, t.c.number
    )
    with db.read() as conn:
        rows = conn.execute(_where(query, t, till_id, day)).all()
    return [
        CashRow(
            **{k: v for k, v in row._mapping.items() if k != "document"},
            counts=[
                {"denomination": units_text(c["denomination"]), "count": c["count"]}
                for c in json.loads(row.document)["counts"]
            ],
        )
        for row in rows
    ]


def closures_of(
    db: GatewayDatabase, *, till_id: str | None = None, day: str | None = None
) -> list[ClosureRow]:
    """Day closures received, by till, day and Z number, each with the ticket numbers
    of its range that the gateway has not received (the till still has them to send, or
    they are lost: ask the till to send them again)."""
    t = closures
    query = sa.select(*(t.c[n] for n in _fields(ClosureRow)), t.c.document).order_by(
        t.c.till_id, t.c.business_day, t.c.z_number
    )
    with db.read() as conn:
        rows = conn.execute(_where(query, t, till_id, day)).all()
        held = {
            (r.till_id, r.business_day): _numbers(conn, r.till_id, r.business_day) for r in rows
        }
    found = []
    for row in rows:
        doc = json.loads(row.document)
        numbers = held[(row.till_id, row.business_day)]
        span = () if row.first_number is None else range(row.first_number, row.last_number + 1)
        found.append(
            ClosureRow(
                **{k: v for k, v in row._mapping.items() if k != "document"},
                vat=[
                    {
                        "rate": as_decimal(v["rate"], RATE),
                        **{k: units_text(v[k]) for k in ("gross", "net", "vat")},
                    }
                    for v in doc["vat"]
                ],
                payments=[
                    {"method": p["method"], "amount": units_text(p["amount"])}
                    for p in doc["payments"]
                ],
                missing=[n for n in span if n not in numbers],
            )
        )
    return found


def _numbers(conn: sa.Connection, till_id: str, day: str) -> set[int]:
    """The ticket numbers the gateway holds of a till's business day."""
    query = sa.select(tickets.c.number).where(
        tickets.c.till_id == till_id, tickets.c.business_day == day
    )
    return set(conn.execute(query).scalars())


def over_returns(db: GatewayDatabase) -> list[OverReturn]:
    """Returns flagged for giving back more than their original sold less earlier
    returns (or whose original is of another store or not a sale), oldest first."""
    t = tickets
    query = (
        sa.select(
            *(t.c[n] for n in OverReturn.__dataclass_fields__ if n != "problem"),
            t.c.return_problem.label("problem"),
        )
        .where(t.c.kind == RETURN, t.c.return_check == OVER)
        .order_by(t.c.received_at, t.c.ticket_id)
    )
    with db.read() as conn:
        return [OverReturn(**row._mapping) for row in conn.execute(query)]


def units_text(cents: int) -> Decimal:
    return as_decimal(cents, MONEY)


_COLUMNS = {
    CashRow: set(cash_movements.c.keys()),
    ClosureRow: set(closures.c.keys()),
}
