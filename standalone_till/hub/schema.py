"""The hub's tables on the journal's metadata: the store's open orders and the server
a till uses (gateway or hub) with the administrator's override."""

from __future__ import annotations

import sqlalchemy as sa

from standalone_till.schema import UTCDateTime, journal_md

open_orders = sa.Table(
    "open_orders",
    journal_md,
    sa.Column("order_id", sa.String(64), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),  # 1 at creation, +1 per change
    sa.Column("change_seq", sa.BigInteger, nullable=False),  # store-wide order of changes
    sa.Column("state", sa.String(8), nullable=False),  # open | closed
    sa.Column("till_id", sa.String(32), nullable=False),  # the till of the last change
    sa.Column("document", sa.Text, nullable=False),  # the order as JSON (label, lines...)
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_open_orders_change_seq", "change_seq"),
)

server_choice = sa.Table(
    "server_choice",
    journal_md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # always 1
    sa.Column("mode", sa.String(8), nullable=False),  # auto | gateway | hub
    sa.Column("in_use", sa.String(8), nullable=False),  # gateway | hub
    sa.Column("changed_at", UTCDateTime, nullable=False),
)
