"""The order of arrival: one sequence over every document the gateway stores.

Each stored document gets its place (``feed_arrivals.seq``) from :func:`sequence_arrivals`,
run by the feed under a lock, so places are given by one writer at a time, without gaps
and only to committed documents: a sink that has read up to place N never sees a new
document appear below N. Documents committed since the last call are placed in the
order they were received.

A kind of document is a :class:`Source`; adding one is one entry in ``SOURCES`` and its reader in ``erp_gateway.feed.records``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from erp_gateway import schema
from erp_gateway.schema import UTCDateTime

feed_arrivals = sa.Table(
    "feed_arrivals",
    schema.metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("document_id", sa.String(64), nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("kind", "document_id"),
    sa.Index("ix_feed_arrivals_received_at", "received_at"),
)
# The cursor of a sink whose own store cannot hold it (amqp); ``in_flight_to`` marks a
# batch sent and not yet confirmed, so what is sent again after a crash is flagged.
feed_sink_state = sa.Table(
    "feed_sink_state",
    schema.metadata,
    sa.Column("sink", sa.String(64), primary_key=True),
    sa.Column("position", sa.BigInteger, nullable=False),
    sa.Column("in_flight_to", sa.BigInteger),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)
# Documents a sink refused (set aside with the reason) where the sink keeps no list.
feed_held = sa.Table(
    "feed_held",
    schema.metadata,
    sa.Column("sink", sa.String(64), primary_key=True),
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("document_id", sa.String(64), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("held_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True)
class Source:
    """A kind of stored document: its table, the column naming it, its arrival time."""

    kind: str
    table: sa.Table
    key: str
    received_at: str = "received_at"

    def key_text(self) -> sa.ColumnElement[str]:
        col = self.table.c[self.key]
        return col if isinstance(col.type, sa.String) else sa.cast(col, sa.String(64))


SOURCES: tuple[Source, ...] = (
    Source("ticket", schema.tickets, "ticket_id"),
    Source("cash_movement", schema.cash_movements, "document_id"),
    Source("closure", schema.closures, "document_id"),
    # a resend whose content differs (the first copy stays on its own table)
    Source("ticket_mismatch", schema.ticket_versions, "id"),
    Source("document_mismatch", schema.document_versions, "id"),
    # a closed day's finding as it changed: open (tickets lacking, figures that differ) or
    # resolved; each change is one document
    Source("reconciliation", schema.reconciliation_events, "id", "recorded_at"),
)
BY_KIND = {s.kind: s for s in SOURCES}


def _unplaced(source: Source) -> sa.Select[tuple[str, str, dt.datetime]]:
    a = feed_arrivals.c
    key = source.key_text()
    return sa.select(
        sa.literal(source.kind, sa.String(24)).label("kind"),
        key.label("document_id"),
        source.table.c[source.received_at].label("received_at"),
    ).where(~sa.exists().where(a.kind == source.kind, a.document_id == key))


def unplaced_count(conn: sa.Connection, source: Source) -> int:
    """Documents of ``source`` not placed yet (none are ever deleted, so counts tell)."""
    stored = conn.execute(sa.select(sa.func.count()).select_from(source.table)).scalar_one()
    placed = conn.execute(
        sa.select(sa.func.count())
        .select_from(feed_arrivals)
        .where(feed_arrivals.c.kind == source.kind)
    ).scalar_one()
    return int(stored) - int(placed)


# Documents are looked for among those received this long before the newest placed one
# first (an index range, not the whole table); the counts then tell whether an older one
# is still unplaced (a transaction that committed late), and only then is all searched.
RECENT = dt.timedelta(minutes=10)


def _place(conn: sa.Connection, sources: list[Source], since: dt.datetime | None) -> int:
    top = conn.execute(sa.select(sa.func.coalesce(sa.func.max(feed_arrivals.c.seq), 0))).scalar()
    parts = []
    for s in sources:
        query = _unplaced(s)
        if since is not None:
            query = query.where(s.table.c[s.received_at] >= since)
        parts.append(query)
    new = sa.union_all(*parts).subquery()
    order = sa.func.row_number().over(order_by=(new.c.received_at, new.c.kind, new.c.document_id))
    placed = sa.select(
        (sa.literal(int(top or 0)) + order).label("seq"),
        new.c.kind,
        new.c.document_id,
        new.c.received_at,
    )
    result = conn.execute(
        sa.insert(feed_arrivals).from_select(["seq", "kind", "document_id", "received_at"], placed)
    )
    return int(result.rowcount or 0)


def sequence_arrivals(conn: sa.Connection) -> int:
    """Give every stored document not placed yet its place; how many were placed.

    Run inside a write transaction; on PostgreSQL the table lock makes two feeds (or two
    nodes) place documents one after the other, never both the same places.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("LOCK TABLE feed_arrivals IN SHARE ROW EXCLUSIVE MODE")
    waiting = [s for s in SOURCES if unplaced_count(conn, s) > 0]
    if not waiting:
        return 0
    newest = conn.execute(sa.select(sa.func.max(feed_arrivals.c.received_at))).scalar()
    placed = 0
    if newest is not None:
        placed = _place(conn, waiting, newest - RECENT)
        waiting = [s for s in waiting if unplaced_count(conn, s) > 0]
    if waiting:
        placed += _place(conn, waiting, None)
    return placed


def last_place(conn: sa.Connection) -> int:
    return int(
        conn.execute(sa.select(sa.func.coalesce(sa.func.max(feed_arrivals.c.seq), 0))).scalar() or 0
    )


def place_of(conn: sa.Connection, when: dt.datetime) -> int:
    """The place before the first document received at or after ``when``."""
    first = conn.execute(
        sa.select(sa.func.min(feed_arrivals.c.seq)).where(feed_arrivals.c.received_at >= when)
    ).scalar()
    return last_place(conn) if first is None else int(first) - 1
