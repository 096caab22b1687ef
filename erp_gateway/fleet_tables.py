"""The gateway's tables of what the tills say of themselves (migration g0011): each
till's latest Ping status, and the recent sync errors they reported."""

from __future__ import annotations

import sqlalchemy as sa

from erp_gateway.schema import BIG_ID, UTCDateTime, metadata

# The latest status per till, written at its Ping (when it changed, else once a while);
# a column is None when the till did not say (older tills send no status at all).
till_status = sa.Table(
    "till_status",
    metadata,
    sa.Column("till_id", sa.String(64), primary_key=True),
    sa.Column("reported_at", UTCDateTime, nullable=False),  # its last Ping written here
    sa.Column("software_version", sa.String(32)),
    sa.Column("server", sa.String(16)),  # gateway | hub
    sa.Column("tickets_waiting", sa.Integer),
    sa.Column("documents_waiting", sa.Integer),
    sa.Column("quarantined", sa.Integer),
    sa.Column("oldest_waiting_at", UTCDateTime),
    sa.Column("catalog_sequence", sa.BigInteger),
    sa.Column("last_z", sa.BigInteger),
    sa.Column("last_closure_day", sa.String(10)),
    sa.Column("chain_heads", sa.Integer),
    sa.Column("chain_verified", sa.String(16)),  # held | broken: the till's last verify
    sa.Column("last_error", sa.Text),
)
# Each new sync error a till reported, the newest few kept per till.
till_errors = sa.Table(
    "till_errors",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
    sa.Column("till_id", sa.String(64), nullable=False),
    sa.Column("reported_at", UTCDateTime, nullable=False),
    sa.Column("error", sa.Text, nullable=False),
    sa.Index("ix_till_errors_till_id_id", "till_id", "id"),
)
