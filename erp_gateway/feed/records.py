"""A stretch of the order of arrival read back as documents: plain data, one record a
document, with the rows that belong to it (a ticket's lines, payments and VAT)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from erp_gateway import schema
from erp_gateway.feed.arrivals import BY_KIND, feed_arrivals

Row = dict[str, Any]
_IN_CHUNK = 500
FINDING_KINDS = ("ticket_mismatch", "document_mismatch")


@dataclass(frozen=True)
class FeedDocument:
    """One document at its place: ``body`` holds its fields as the gateway stores them
    (money as ``Decimal``, times aware UTC); ``parts`` the rows under it, by name."""

    seq: int
    kind: str
    document_id: str
    received_at: dt.datetime
    body: Row
    parts: Mapping[str, list[Row]] = field(default_factory=dict)

    @property
    def feed_id(self) -> str:
        """The id the ERP sees: the till's own id, or ``kind:id`` for a finding."""
        return f"{self.kind}:{self.document_id}" if self.kind in FINDING_KINDS else self.document_id


def _rows_by_key(
    conn: sa.Connection, table: sa.Table, key: sa.ColumnElement[Any], ids: Sequence[Any]
) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        for row in conn.execute(sa.select(table).where(key.in_(chunk))).mappings():
            out.setdefault(str(row[str(key.key)]), []).append(dict(row))
    return out


def _ticket_parts(conn: sa.Connection, ids: Sequence[str]) -> dict[str, dict[str, list[Row]]]:
    parts: dict[str, dict[str, list[Row]]] = {i: {} for i in ids}
    for name, table, order in (
        ("lines", schema.ticket_lines, "line_no"),
        ("payments", schema.ticket_payments, "seq"),
        ("vat", schema.ticket_vat, "seq"),
    ):
        for ticket_id, rows in _rows_by_key(conn, table, table.c.ticket_id, ids).items():
            parts[ticket_id][name] = sorted(rows, key=lambda r: r[order])
    return parts


def _bodies(conn: sa.Connection, kind: str, ids: Sequence[str]) -> dict[str, Row]:
    source = BY_KIND[kind]
    col = source.table.c[source.key]
    keys: Sequence[Any] = [int(i) for i in ids] if not isinstance(col.type, sa.String) else ids
    return {k: rows[0] for k, rows in _rows_by_key(conn, source.table, col, keys).items()}


def read_after(conn: sa.Connection, after: int, limit: int) -> list[FeedDocument]:
    """The documents at places after ``after``, at most ``limit``, in order."""
    a = feed_arrivals.c
    places = conn.execute(
        sa.select(a.seq, a.kind, a.document_id, a.received_at)
        .where(a.seq > after)
        .order_by(a.seq)
        .limit(limit)
    ).all()
    return read_places(conn, places)


def read_places(conn: sa.Connection, places: Iterable[Any]) -> list[FeedDocument]:
    """The documents at the given places (rows of seq, kind, document_id, received_at)."""
    places = list(places)
    by_kind: dict[str, list[str]] = {}
    for p in places:
        by_kind.setdefault(p.kind, []).append(p.document_id)
    bodies = {k: _bodies(conn, k, ids) for k, ids in by_kind.items()}
    parts = _ticket_parts(conn, by_kind.get("ticket", []))
    return [
        FeedDocument(
            int(p.seq),
            p.kind,
            p.document_id,
            p.received_at,
            bodies[p.kind][p.document_id],
            parts.get(p.document_id, {}) if p.kind == "ticket" else {},
        )
        for p in places
    ]


def plain(value: object) -> object:
    """A stored value as JSON holds it: money as a decimal string, times ISO UTC."""
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def document_json(doc: FeedDocument) -> dict[str, object]:
    """The document as the files and amqp sinks carry it (see docs/erp-feed.md)."""
    body = {k: plain(v) for k, v in doc.body.items() if k not in ("till_hash",)}
    out: dict[str, object] = {
        "feed_seq": doc.seq,
        "kind": "finding" if doc.kind in FINDING_KINDS else doc.kind,
        "id": doc.feed_id,
        "received_at": plain(doc.received_at),
        "record": body,
    }
    for name, rows in doc.parts.items():
        body[name] = [{k: plain(v) for k, v in r.items() if k != "ticket_id"} for r in rows]
    return out
