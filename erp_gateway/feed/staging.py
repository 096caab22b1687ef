"""The staging tables a sql sink fills in the ERP's database, column by column, and the
rows of each document in them. docs/erp-integration.md describes them from ``TABLES``.

Column types are named portably (``money`` is a decimal of 2 places, ``time`` a UTC
timestamp without zone, ``flag`` 0 or 1) and written in each database's own words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from erp_gateway.feed.records import FeedDocument, Row


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # id | code | text | big | int | money | qty | price | rate | day | time | flag
    meaning: str
    nullable: bool = True


@dataclass(frozen=True)
class StagingTable:
    name: str  # without the sink's prefix
    meaning: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @cached_property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @cached_property
    def time_at(self) -> tuple[int, ...]:
        """Where the times are among the columns."""
        return tuple(i for i, c in enumerate(self.columns) if c.type == "time")


def _c(name: str, type_: str, meaning: str, nullable: bool = True) -> Column:
    return Column(name, type_, meaning, nullable)


_SEQ = _c("feed_seq", "big", "the document's place in the gateway's order of arrival", False)
_DOC = _c("document_id", "id", "the document's id, made at the till", False)
_WHERE = (
    _c("store_id", "code", "store", False),
    _c("till_id", "code", "till", False),
    _c("business_day", "day", "the till's business day", False),
)
_HASH = _c("content_hash", "code", "SHA-256 of the document's canonical form", False)
_RECEIVED = _c("received_at", "time", "when the gateway stored it (UTC)", False)

TICKETS = StagingTable(
    "tickets",
    "one row a sale or return",
    (
        _SEQ,
        _DOC,
        _c("kind", "code", "sale or return", False),
        *_WHERE,
        _c("number", "big", "ticket number of the till's day", False),
        _c("status", "code", "closed or cancelled", False),
        _c("opened_at", "time", "opened (UTC)", False),
        _c("closed_at", "time", "closed (UTC)", False),
        _c("customer_code", "code", "customer, if one was named"),
        _c("card_number", "code", "loyalty card, if one was read"),
        _c("total", "money", "amount due after discounts", False),
        _c("discount", "money", "discounts given", False),
        _c("paid", "money", "amount tendered", False),
        _c("change_given", "money", "change given back", False),
        _c("original_id", "id", "a return's original ticket"),
        _c("cashier", "code", "cashier who made it"),
        _c("supervisor", "code", "supervisor who approved, if one did"),
        _HASH,
        _RECEIVED,
    ),
    ("document_id",),
)
TICKET_LINES = StagingTable(
    "ticket_lines",
    "the lines of a ticket",
    (
        _DOC,
        _c("line_no", "int", "line number within the ticket", False),
        _c("item_code", "code", "item", False),
        _c("barcode", "code", "barcode scanned"),
        _c("name", "text", "item name as printed", False),
        _c("quantity", "qty", "quantity (negative on a return)", False),
        _c("unit_price", "price", "price per unit or kg", False),
        _c("vat_rate", "rate", "VAT rate in percent", False),
        _c("discount", "money", "discount on the line", False),
        _c("offer_code", "code", "offer that gave the discount"),
        _c("voided", "flag", "1 if the line was voided", False),
        _c("amount", "money", "line amount after discount", False),
    ),
    ("document_id", "line_no"),
)
TICKET_PAYMENTS = StagingTable(
    "ticket_payments",
    "the payments of a ticket",
    (
        _DOC,
        _c("payment_no", "int", "payment number within the ticket", False),
        _c("method", "code", "cash, card, voucher...", False),
        _c("amount", "money", "amount", False),
    ),
    ("document_id", "payment_no"),
)
TICKET_VAT = StagingTable(
    "ticket_vat",
    "a ticket's VAT breakdown, a row per rate",
    (
        _DOC,
        _c("vat_no", "int", "row number within the ticket", False),
        _c("rate", "rate", "VAT rate in percent", False),
        _c("gross", "money", "amount including VAT", False),
        _c("net", "money", "amount without VAT", False),
        _c("vat", "money", "VAT", False),
    ),
    ("document_id", "vat_no"),
)
CASH_MOVEMENTS = StagingTable(
    "cash_movements",
    "one row a cash movement (float, cash in, cash out, safe drop, drawer opened without a sale, closing count)",
    (
        _SEQ,
        _DOC,
        *_WHERE,
        _c("number", "big", "number of the movement in the till's day", False),
        _c("kind", "code", "float, cash_in, cash_out, drop, drawer_open, count", False),
        _c("amount", "money", "amount", False),
        _c("reason", "text", "reason typed by the cashier"),
        _c("cashier", "code", "cashier"),
        _c("supervisor", "code", "supervisor who approved, if one did"),
        _c("created_at", "time", "made at the till (UTC)", False),
        _HASH,
        _c("document", "text", "the canonical document (XML; a count's coins and notes)", False),
        _RECEIVED,
    ),
    ("document_id",),
)
CLOSURES = StagingTable(
    "closures",
    "one row a day closure (Z)",
    (
        _SEQ,
        _DOC,
        *_WHERE,
        _c("z_number", "big", "Z number of the till", False),
        _c("first_number", "big", "first ticket number of the day"),
        _c("last_number", "big", "last ticket number of the day"),
        _c("tickets", "int", "tickets of the day", False),
        _c("cancelled", "int", "tickets cancelled", False),
        _c("returns", "int", "returns", False),
        _c("total", "money", "total of the day", False),
        _c("cash_expected", "money", "cash the drawer should hold", False),
        _c("cash_counted", "money", "cash counted"),
        _c("difference", "money", "counted less expected"),
        _c("cashier", "code", "cashier who closed"),
        _c("closed_at", "time", "closed at the till (UTC)", False),
        _HASH,
        _c("document", "text", "the canonical document (XML; VAT and payments by method)", False),
        _RECEIVED,
    ),
    ("document_id",),
)
FINDINGS = StagingTable(
    "findings",
    "what the gateway found about the documents: a resend whose content differs (mismatch), "
    "or a closed day that lacks tickets or whose figures differ (reconciliation, a row each "
    "time it changes: open, then resolved)",
    (
        _SEQ,
        _c("finding_id", "id", "the finding's id (kind:number)", False),
        _c("finding", "code", "mismatch or reconciliation", False),
        _c("subject_kind", "code", "ticket or document; day for a reconciliation", False),
        _c("subject_id", "id", "the document it is about; a reconciliation's closure", False),
        _c("content_hash", "code", "hash of the other content"),
        _c("times", "int", "times that content was received"),
        _c("document", "text", "the other content (XML)"),
        _c("found_at", "time", "when the gateway found it (UTC)", False),
        _c("state", "code", "a reconciliation's state: open or resolved"),
        _c("store_id", "code", "a reconciliation's store"),
        _c("till_id", "code", "a reconciliation's till"),
        _c("business_day", "day", "a reconciliation's business day"),
        _c("missing", "text", "ticket numbers the closure names that the gateway lacks (1-50,53)"),
        _c("missing_count", "int", "how many are lacking"),
        _c("differences", "text", "figures of the closure that differ (JSON list)"),
    ),
    ("finding_id",),
)
CURSOR = StagingTable(
    "feed_cursor",
    "the sink's cursor: the last place delivered, moved in each batch's transaction",
    (
        _c("sink", "code", "the sink's name in gateway.toml", False),
        _c("position", "big", "last feed_seq delivered (set aside ones included)", False),
        _c("batches", "big", "batches delivered", False),
        _c("updated_at", "time", "last batch (UTC)", False),
    ),
    ("sink",),
)
HELD = StagingTable(
    "feed_held",
    "documents this database refused (a constraint), set aside with the reason",
    (
        _c("sink", "code", "the sink's name", False),
        _SEQ,
        _c("kind", "code", "the document's kind", False),
        _DOC,
        _c("reason", "text", "the database's message", False),
        _c("held_at", "time", "when it was set aside (UTC)", False),
    ),
    ("sink", "feed_seq"),
)
DOCUMENT_TABLES = (
    TICKETS,
    TICKET_LINES,
    TICKET_PAYMENTS,
    TICKET_VAT,
    CASH_MOVEMENTS,
    CLOSURES,
    FINDINGS,
)
TABLES = (*DOCUMENT_TABLES, CURSOR, HELD)

_TYPES: Mapping[str, Mapping[str, str]] = {
    "postgresql": {"text": "TEXT", "time": "TIMESTAMP", "flag": "SMALLINT", "day": "DATE"},
    "mysql": {"text": "TEXT", "time": "DATETIME(6)", "flag": "SMALLINT", "day": "DATE"},
    "mssql": {
        "text": "NVARCHAR(MAX)",
        "time": "DATETIME2",
        "flag": "SMALLINT",
        "day": "DATE",
        "id": "NVARCHAR(64)",
        "code": "NVARCHAR(64)",
    },
    # SQLite would keep a DECIMAL as a float: money stays exact as text.
    "sqlite": {
        "text": "TEXT",
        "time": "TEXT",
        "flag": "INTEGER",
        "day": "TEXT",
        **dict.fromkeys(("money", "qty", "price", "rate"), "TEXT"),
    },
}
_COMMON = {
    "id": "VARCHAR(64)",
    "code": "VARCHAR(64)",
    "big": "BIGINT",
    "int": "INTEGER",
    "money": "DECIMAL(15,2)",
    "qty": "DECIMAL(15,3)",
    "price": "DECIMAL(15,4)",
    "rate": "DECIMAL(7,2)",
}


def column_type(dialect: str, type_: str) -> str:
    return {**_COMMON, **_TYPES[dialect]}[type_]


def create_table_sql(dialect: str, prefix: str, table: StagingTable) -> str:
    cols = [
        f"{c.name} {column_type(dialect, c.type)}{'' if c.nullable else ' NOT NULL'}"
        for c in table.columns
    ]
    key = f"CONSTRAINT pk_{prefix}{table.name} PRIMARY KEY ({', '.join(table.key)})"
    return f"CREATE TABLE {prefix}{table.name} (\n  " + ",\n  ".join([*cols, key]) + "\n)"


# -- a document's rows ---------------------------------------------------------------


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _flag(value: object) -> int:
    return 1 if value else 0


def _naive(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _pick(table: StagingTable, values: Mapping[str, Any]) -> tuple[Any, ...]:
    """The values of ``table``'s columns in order; times as naive UTC, as the staging tables
    hold them."""
    row = [values[n] for n in table.names]
    for i in table.time_at:
        row[i] = _naive(row[i])
    return tuple(row)


def _ticket(doc: FeedDocument) -> Iterator[tuple[StagingTable, tuple[Any, ...]]]:
    b = doc.body
    head = {
        **b,
        "feed_seq": doc.seq,
        "document_id": doc.document_id,
        "business_day": _day(b["business_day"]),
        "change_given": b["change"],
    }
    yield TICKETS, _pick(TICKETS, head)
    for line in doc.parts.get("lines", []):
        row = {**line, "document_id": doc.document_id, "voided": _flag(line["voided"])}
        yield TICKET_LINES, _pick(TICKET_LINES, row)
    for p in doc.parts.get("payments", []):
        yield (
            TICKET_PAYMENTS,
            _pick(TICKET_PAYMENTS, {**p, "document_id": doc.document_id, "payment_no": p["seq"]}),
        )
    for v in doc.parts.get("vat", []):
        yield (
            TICKET_VAT,
            _pick(TICKET_VAT, {**v, "document_id": doc.document_id, "vat_no": v["seq"]}),
        )


def _plain_document(
    table: StagingTable,
) -> Callable[[FeedDocument], Iterator[tuple[StagingTable, tuple[Any, ...]]]]:
    def rows(doc: FeedDocument) -> Iterator[tuple[StagingTable, tuple[Any, ...]]]:
        b = doc.body
        yield (
            table,
            _pick(
                table,
                {**b, "feed_seq": doc.seq, "business_day": _day(b["business_day"])},
            ),
        )

    return rows


def _finding(doc: FeedDocument) -> Iterator[tuple[StagingTable, tuple[Any, ...]]]:
    b: Row = doc.body
    ticket = doc.kind == "ticket_mismatch"
    yield (
        FINDINGS,
        _pick(
            FINDINGS,
            {
                "feed_seq": doc.seq,
                "finding_id": doc.feed_id,
                "finding": "mismatch",
                "subject_kind": "ticket" if ticket else str(b.get("element", "document")),
                "subject_id": b["ticket_id"] if ticket else b["document_id"],
                "content_hash": b["content_hash"],
                "times": b["times"],
                "document": b["document"],
                "found_at": doc.received_at,
                **dict.fromkeys(_DAY_FINDING),
            },
        ),
    )


# The columns only a reconciliation fills.
_DAY_FINDING = (
    "state",
    "store_id",
    "till_id",
    "business_day",
    "missing",
    "missing_count",
    "differences",
)


def _reconciliation(doc: FeedDocument) -> Iterator[tuple[StagingTable, tuple[Any, ...]]]:
    b: Row = doc.body
    yield (
        FINDINGS,
        _pick(
            FINDINGS,
            {
                **b,
                "feed_seq": doc.seq,
                "finding_id": doc.feed_id,
                "finding": "reconciliation",
                "subject_kind": "day",
                "subject_id": b["closure_id"],
                "content_hash": None,
                "times": None,
                "document": None,
                "found_at": doc.received_at,
                "business_day": _day(b["business_day"]),
            },
        ),
    )


_ROWS: Mapping[str, Callable[[FeedDocument], Iterator[tuple[StagingTable, tuple[Any, ...]]]]] = {
    "ticket": _ticket,
    "cash_movement": _plain_document(CASH_MOVEMENTS),
    "closure": _plain_document(CLOSURES),
    "ticket_mismatch": _finding,
    "document_mismatch": _finding,
    "reconciliation": _reconciliation,
}


def document_rows(doc: FeedDocument) -> Iterator[tuple[StagingTable, tuple[Any, ...]]]:
    """Each staging row of ``doc``, with its table: the header first."""
    return _ROWS[doc.kind](doc)


def header_table(kind: str) -> StagingTable:
    """The table holding one row a document of ``kind`` (keyed by its id)."""
    return {"ticket": TICKETS, "cash_movement": CASH_MOVEMENTS, "closure": CLOSURES}.get(
        kind, FINDINGS
    )
