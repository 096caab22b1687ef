"""Ticket ingestion: one batch, one transaction, one look-up of the ids already stored.

The primary key on ``tickets.ticket_id`` decides races: when another writer stored an
id first, the whole batch runs again and classifies against what is now there.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from erp_gateway.db import GatewayDatabase, bulk_insert
from erp_gateway.receiving import batch_stores, keep_version, log_outcomes, one_writer
from erp_gateway.returns import check_returns
from erp_gateway.schema import (
    ticket_lines,
    ticket_payments,
    ticket_vat,
    ticket_versions,
    tickets,
)
from erp_gateway.signatures import learn_keys, screen_tickets
from ticket_contract.tickets import (
    Canonical,
    Known,
    Line,
    Outcome,
    Payment,
    ReceivedTicket,
    Result,
    Unreadable,
    VatLine,
    canonical,
    classify,
)
from ticket_contract.wire import OfferedKey

log = logging.getLogger("tillsync.gateway")


def receive_tickets(
    db: GatewayDatabase,
    till_id: str,
    received: Sequence[ReceivedTicket | Unreadable],
    *,
    store_id: str | None = None,
    now: dt.datetime | None = None,
    keys: Sequence[OfferedKey] = (),
) -> list[Result]:
    """Store a batch from ``till_id``; the outcome of each ticket, in order.

    ``keys`` are the tills' public keys the batch carries (pinned at first contact); a
    signed ticket is checked against its till's key and chain (``erp_gateway.signatures``).

    ``store_id`` is the store the request says the till speaks for (None from tills of
    earlier releases); a till not in the registry yet is registered in it, so a hub
    relays for its store without being declared first.
    """
    at = now or dt.datetime.now(dt.UTC)
    forms = [t if isinstance(t, Unreadable) else canonical(t) for t in received]
    with one_writer(db):
        results = db.write(lambda conn: _store(conn, till_id, store_id, forms, at, keys))
    log_outcomes(
        "SendTickets", "ticket", till_id, ((r.ticket_id, r.outcome, r.reason) for r in results)
    )
    return results


def _store(
    conn: sa.Connection,
    till_id: str,
    speaks_for: str | None,
    forms: Sequence[Canonical | Unreadable],
    now: dt.datetime,
    keys: Sequence[OfferedKey] = (),
) -> list[Result]:
    learn_keys(conn, keys, now)
    readable = [f for f in forms if isinstance(f, Canonical)]
    claims = [(f.ticket.till_id, f.ticket.store_id) for f in readable]
    store, till_stores = batch_stores(conn, till_id, speaks_for, claims, now)
    known = _known(conn, readable)
    results = screen_tickets(
        conn, classify(till_id, forms, known, store, till_stores, speaks_for), now
    )
    accepted = [r.canonical for r in results if r.outcome is Outcome.ACCEPTED and r.canonical]
    _insert(conn, accepted, now)
    check_returns(conn, accepted)
    _record_versions(conn, [r for r in results if r.outcome is Outcome.MISMATCH], now)
    return results


def _chunks(ids: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _known(conn: sa.Connection, forms: Sequence[Canonical]) -> dict[str, Known]:
    """First copies of the batch's ids; their documents only where the content differs."""
    ids = list({f.ticket.id for f in forms})
    hashes: dict[str, str] = {}
    for chunk in _chunks(ids):
        query = sa.select(tickets.c.ticket_id, tickets.c.content_hash).where(
            tickets.c.ticket_id.in_(chunk)
        )
        hashes.update((row.ticket_id, row.content_hash) for row in conn.execute(query))
    differing = list(
        {f.ticket.id for f in forms if hashes.get(f.ticket.id, f.content_hash) != f.content_hash}
    )
    documents: dict[str, str] = {}
    for chunk in _chunks(differing):
        query = sa.select(tickets.c.ticket_id, tickets.c.document).where(
            tickets.c.ticket_id.in_(chunk)
        )
        documents.update((row.ticket_id, row.document) for row in conn.execute(query))
    return {tid: Known(h, documents.get(tid)) for tid, h in hashes.items()}


_TICKET_COLUMNS = (
    "ticket_id",
    "store_id",
    "till_id",
    "business_day",
    "number",
    "status",
    "opened_at",
    "closed_at",
    "customer_code",
    "card_number",
    "total",
    "discount",
    "paid",
    "change",
    "content_hash",
    "document",
    "received_at",
    "kind",
    "original_id",
    "cashier",
    "supervisor",
    "approval",
)
_LINE_COLUMNS = (
    "ticket_id",
    "line_no",
    "item_code",
    "barcode",
    "name",
    "quantity",
    "unit_price",
    "vat_rate",
    "alcohol",
    "discount",
    "offer_code",
    "voided",
    "amount",
)
_PAYMENT_COLUMNS = ("ticket_id", "seq", "method", "amount")
_VAT_COLUMNS = ("ticket_id", "seq", "rate", "gross", "net", "vat")
# Rows are built by unpacking the tuples: their fields must follow the columns.
assert _LINE_COLUMNS[1:] == Line._fields and _VAT_COLUMNS[2:] == VatLine._fields
assert _PAYMENT_COLUMNS[2:] == Payment._fields


def _naive(at: dt.datetime) -> dt.datetime:
    return at.astimezone(dt.UTC).replace(tzinfo=None)


def _ticket_row(form: Canonical, received_at: dt.datetime) -> tuple[object, ...]:
    t = form.ticket
    return (
        t.id,
        t.store_id,
        t.till_id,
        t.business_day.isoformat(),
        t.number,
        t.status,
        _naive(t.opened_at),
        _naive(t.closed_at),
        t.customer_code,
        t.card_number,
        t.total,
        t.discount,
        t.paid,
        t.change,
        form.content_hash,
        form.document,
        received_at,
        t.kind,
        t.original_id,
        t.cashier,
        t.supervisor,
        t.approval,
    )


def _insert(conn: sa.Connection, accepted: Sequence[Canonical], now: dt.datetime) -> None:
    """Bulk-insert the accepted tickets with their lines, payments and VAT lines.

    A line, payment or VAT tuple holds its table's columns in order (after the ticket
    id and, for payments and VAT, the position), values already as stored.
    """
    received_at = _naive(now)
    ticket_rows = [_ticket_row(form, received_at) for form in accepted]
    line_rows: list[tuple[object, ...]] = []
    payment_rows: list[tuple[object, ...]] = []
    vat_rows: list[tuple[object, ...]] = []
    for form in accepted:
        t = form.ticket
        line_rows += [(t.id, *ln) for ln in t.lines]
        payment_rows += [(t.id, i, *p) for i, p in enumerate(t.payments, 1)]
        vat_rows += [(t.id, i, *v) for i, v in enumerate(t.vat, 1)]
    load = _copy if conn.dialect.driver == "psycopg" else bulk_insert
    load(conn, tickets, _TICKET_COLUMNS, ticket_rows)
    load(conn, ticket_lines, _LINE_COLUMNS, line_rows)
    load(conn, ticket_payments, _PAYMENT_COLUMNS, payment_rows)
    load(conn, ticket_vat, _VAT_COLUMNS, vat_rows)


def _copy(
    conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Sequence[tuple[object, ...]]
) -> None:
    """``bulk_insert`` for PostgreSQL through psycopg: COPY, in the transaction of ``conn``.

    executemany costs psycopg about 10 us of Python a row; COPY's rows are written by its
    C code. Its errors become SQLAlchemy's, as ``bulk_insert``'s are: a unique key that
    another writer took first is an IntegrityError (the batch runs again), an outage an
    OperationalError.
    """
    if not rows:
        return
    import psycopg

    quote = conn.dialect.identifier_preparer
    names = ", ".join(quote.quote(c) for c in columns)
    sql = f"COPY {quote.format_table(table)} ({names}) FROM STDIN"
    raw = conn.connection.driver_connection
    if raw is None:
        raise RuntimeError("an open connection has no driver connection")
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:
        raise sa.exc.DBAPIError.instance(sql, None, exc, psycopg.Error) from exc


def _record_versions(conn: sa.Connection, mismatches: Sequence[Result], now: dt.datetime) -> None:
    """Keep each other content once per ticket, counting how often it came."""
    for r in mismatches:
        assert r.canonical is not None
        form = r.canonical
        keep_version(
            conn,
            ticket_versions,
            "ticket_id",
            r.ticket_id,
            form.content_hash,
            now,
            document=form.document,
        )
