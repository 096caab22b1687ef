"""The journal's documents beyond the sale, on a connection the caller's transaction
holds: cash movements and closures with their outbox entry, reprints, a day's documents,
what earlier returns gave back of a ticket, and finding a ticket by id or number.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from standalone_till import schema as T
from standalone_till.document_tables import documents_outbox, reprints, till_documents
from standalone_till.model import Ticket
from standalone_till.returns import (
    ReturnRefused,
    describe_returnable,
    returnable,
    returned_quantities,
)
from ticket_contract.writer import content_hash_of_document

CASH_MOVEMENT = "cash_movement"
CLOSURE = "closure"


def document_hash(doc: Mapping[str, Any]) -> tuple[str, str]:
    """(the document as JSON text, its content hash): the contract's hash (the one the
    gateway computes), or the SHA-256 of the text for one the contract cannot carry (the
    drain sets it aside)."""
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    with contextlib.suppress(ValueError, KeyError, TypeError):
        return text, content_hash_of_document(doc)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def next_number(conn: sa.Connection, till_id: str, doc_type: str, day: str) -> int:
    """The next number of a document of this type in the day (from 1)."""
    d = till_documents.c
    found = conn.execute(
        sa.select(sa.func.max(d.number)).where(
            d.till_id == till_id, d.doc_type == doc_type, d.business_day == day
        )
    ).scalar_one()
    return 1 + (found or 0)


def insert_document(
    conn: sa.Connection,
    doc_type: str,
    doc: Mapping[str, Any],
    *,
    kind: str,
    amount: Decimal,
    number: int,
    now: dt.datetime,
) -> str:
    """Store a document and its outbox entry; its content hash is returned."""
    text, digest = document_hash(doc)
    conn.execute(
        sa.insert(till_documents).values(
            id=doc["id"],
            doc_type=doc_type,
            store_id=doc["store_id"],
            till_id=doc["till_id"],
            business_day=doc["business_day"],
            number=number,
            kind=kind,
            amount=amount,
            cashier=doc.get("cashier"),
            supervisor=doc.get("supervisor"),
            created_at=now,
            content_hash=digest,
            document=text,
        )
    )
    conn.execute(
        sa.insert(documents_outbox).values(
            document_id=doc["id"], state="pending", enqueued_at=now, attempts=0
        )
    )
    return digest


def day_tickets(conn: sa.Connection, till_id: str, day: str) -> list[dict[str, Any]]:
    """The ticket documents of a business day (closed, cancelled, returns), by number."""
    t = T.tickets.c
    rows = conn.execute(
        sa.select(t.document).where(t.till_id == till_id, t.business_day == day).order_by(t.number)
    ).scalars()
    return [json.loads(text) for text in rows]


def day_documents(
    conn: sa.Connection, till_id: str, day: str, doc_type: str = CASH_MOVEMENT
) -> list[dict[str, Any]]:
    """The documents of a type of a business day, by number."""
    d = till_documents.c
    rows = conn.execute(
        sa.select(d.document)
        .where(d.till_id == till_id, d.doc_type == doc_type, d.business_day == day)
        .order_by(d.number)
    ).scalars()
    return [json.loads(text) for text in rows]


def day_reprints(conn: sa.Connection, till_id: str, day: str) -> list[dict[str, Any]]:
    """The reprints made in a business day: ticket, copy number, who asked and approved."""
    r, t = reprints.c, T.tickets.c
    rows = conn.execute(
        sa.select(r.ticket_id, r.copy_no, r.cashier, r.supervisor, r.printed_at)
        .join(T.tickets, t.id == r.ticket_id)
        .where(t.till_id == till_id, r.business_day == day)
        .order_by(r.printed_at, r.ticket_id, r.copy_no)
    ).all()
    return [dict(row._mapping) for row in rows]


def record_reprint(
    conn: sa.Connection,
    ticket_id: str,
    *,
    day: str,
    cashier: str | None,
    supervisor: str | None,
    now: dt.datetime,
) -> int:
    """Journal one more copy of a ticket; its copy number (from 1)."""
    r = reprints.c
    copy_no = 1 + (
        conn.execute(sa.select(sa.func.max(r.copy_no)).where(r.ticket_id == ticket_id)).scalar_one()
        or 0
    )
    conn.execute(
        sa.insert(reprints).values(
            ticket_id=ticket_id,
            copy_no=copy_no,
            business_day=day,
            cashier=cashier,
            supervisor=supervisor,
            printed_at=now,
        )
    )
    return copy_no


def returned_of(
    conn: sa.Connection, original_id: str, *, unsent_only: bool = False
) -> dict[int, Decimal]:
    """line_no -> quantity the closed returns stored here gave back of ``original_id``
    (``unsent_only``: those the gateway has not acknowledged yet)."""
    t = T.tickets.c
    query = sa.select(t.document).where(
        t.original_id == original_id, t.kind == "return", t.status == "closed"
    )
    if unsent_only:
        query = query.where(t.sync_result.is_(None))
    rows = conn.execute(query).scalars()
    return returned_quantities(json.loads(text) for text in rows)


def ticket_by_id(conn: sa.Connection, ticket_id: str) -> dict[str, Any] | None:
    t = T.tickets.c
    text = conn.execute(sa.select(t.document).where(t.id == ticket_id)).scalar_one_or_none()
    return None if text is None else json.loads(text)


def ticket_by_number(
    conn: sa.Connection, till_id: str, day: dt.date, number: int
) -> dict[str, Any] | None:
    t = T.tickets.c
    text = conn.execute(
        sa.select(t.document).where(
            t.till_id == till_id, t.business_day == day.isoformat(), t.number == number
        )
    ).scalar_one_or_none()
    return None if text is None else json.loads(text)


def check_return_in_transaction(conn: sa.Connection, ticket: Ticket) -> None:
    """Refuse a return that gives back more than its original (held in this journal)
    has left, counting the returns stored meanwhile (another process of this till); the
    original's row is locked on a server, and SQLite's write lock is held already."""
    t = T.tickets.c
    text = conn.execute(
        sa.select(t.document).where(t.id == ticket.original_id).with_for_update()
    ).scalar_one_or_none()
    if text is None:  # an original of another till, looked up at the server
        return
    original = json.loads(text)
    left = returnable(original, returned_of(conn, str(ticket.original_id)))
    for line in ticket.lines:
        if not line.voided and -line.quantity > left.get(line.line_no, Decimal(0)):
            raise ReturnRefused(
                f"line {line.line_no} ({line.item_code}) was given back meanwhile; "
                "returnable: " + describe_returnable(original, left),
                returnable=left,
            )
