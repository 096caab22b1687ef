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
FINDING_KINDS = ("ticket_mismatch", "document_mismatch", "reconciliation")


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


@dataclass(frozen=True)
class _Span:
    """Which documents to read: those at places ``after < seq <= upto``, or the given
    ids of each kind (a retry's few)."""

    after: int = 0
    upto: int = 0
    ids: Mapping[str, Sequence[str]] = field(default_factory=dict)


def _rows_by_key(
    conn: sa.Connection, table: sa.Table, key: sa.ColumnElement[Any], kind: str, span: _Span
) -> dict[str, list[Row]]:
    """Rows of ``table`` by the document they belong to (``key``, of a document of ``kind``)."""
    out: dict[str, list[Row]] = {}
    name = str(key.key)

    def collect(result: sa.CursorResult[Any]) -> None:
        # plain rows zipped with the names once: a mapping a row costs a call per key
        names = list(result.keys())
        at = names.index(name)
        for row in result:
            out.setdefault(str(row[at]), []).append(dict(zip(names, row, strict=True)))

    if not span.ids:  # a stretch of places: one join, no list of ids
        a = feed_arrivals.c
        text = key if isinstance(key.type, sa.String) else sa.cast(key, sa.String(64))
        query = (
            sa.select(table)
            .join(feed_arrivals, sa.and_(a.kind == kind, a.document_id == text))
            .where(a.seq > span.after, a.seq <= span.upto)
        )
        collect(conn.execute(query))
        return out
    ids: Sequence[Any] = span.ids.get(kind, [])
    if not isinstance(key.type, sa.String):
        ids = [int(i) for i in ids]
    for start in range(0, len(ids), _IN_CHUNK):
        collect(conn.execute(sa.select(table).where(key.in_(ids[start : start + _IN_CHUNK]))))
    return out


def _ticket_parts(conn: sa.Connection, span: _Span) -> dict[str, dict[str, list[Row]]]:
    parts: dict[str, dict[str, list[Row]]] = {}
    for name, table, order in (
        ("lines", schema.ticket_lines, "line_no"),
        ("payments", schema.ticket_payments, "seq"),
        ("vat", schema.ticket_vat, "seq"),
    ):
        for ticket_id, rows in _rows_by_key(conn, table, table.c.ticket_id, "ticket", span).items():
            parts.setdefault(ticket_id, {})[name] = sorted(rows, key=lambda r: r[order])
    return parts


def _bodies(conn: sa.Connection, kind: str, span: _Span) -> dict[str, Row]:
    source = BY_KIND[kind]
    rows = _rows_by_key(conn, source.table, source.table.c[source.key], kind, span)
    return {k: r[0] for k, r in rows.items()}


def read_after(conn: sa.Connection, after: int, limit: int) -> list[FeedDocument]:
    """The documents at places after ``after``, at most ``limit``, in order."""
    a = feed_arrivals.c
    places = conn.execute(
        sa.select(a.seq, a.kind, a.document_id, a.received_at)
        .where(a.seq > after)
        .order_by(a.seq)
        .limit(limit)
    ).all()
    if not places:
        return []
    return _documents(conn, places, _Span(after, int(places[-1].seq)))


def read_places(conn: sa.Connection, places: Iterable[Any]) -> list[FeedDocument]:
    """The documents at the given places (rows of seq, kind, document_id, received_at)."""
    places = list(places)
    by_kind: dict[str, list[str]] = {}
    for p in places:
        by_kind.setdefault(p.kind, []).append(p.document_id)
    return _documents(conn, places, _Span(ids=by_kind))


def _documents(conn: sa.Connection, places: Sequence[Any], span: _Span) -> list[FeedDocument]:
    kinds = {p.kind for p in places}
    bodies = {k: _bodies(conn, k, span) for k in kinds}
    parts = _ticket_parts(conn, span) if "ticket" in kinds else {}
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
    """The document as the files and amqp sinks carry it (see docs/erp-integration.md)."""
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
