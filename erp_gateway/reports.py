"""What the gateway holds, for people: received tickets and the mismatch report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from erp_gateway.db import GatewayDatabase
from erp_gateway.schema import ticket_versions, tickets
from ticket_contract.tickets import Difference, differences


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


@dataclass(frozen=True)
class OtherVersion:
    content_hash: str
    received_at: dt.datetime
    last_received_at: dt.datetime
    times: int
    differences: list[Difference]


@dataclass(frozen=True)
class Mismatch:
    ticket_id: str
    till_id: str
    first_hash: str
    first_received_at: dt.datetime
    versions: list[OtherVersion]


def recent_tickets(db: GatewayDatabase, *, till_id: str | None, limit: int) -> list[TicketRow]:
    """The last received tickets, newest first: by arrival, then within one batch (one
    arrival time) by the ticket's own close time and id (made at the till, time-ordered)."""
    query = (
        sa.select(*(tickets.c[name] for name in TicketRow.__dataclass_fields__))
        .order_by(
            tickets.c.received_at.desc(), tickets.c.closed_at.desc(), tickets.c.ticket_id.desc()
        )
        .limit(limit)
    )
    if till_id is not None:
        query = query.where(tickets.c.till_id == till_id)
    with db.read() as conn:
        return [TicketRow(**row._mapping) for row in conn.execute(query)]


def mismatches(db: GatewayDatabase) -> list[Mismatch]:
    """Every ticket received with other content than its first copy, field by field."""
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
    return list(found.values())
