"""the ERP feed: every stored document's place in the order of arrival, the cursors the
gateway keeps for its sinks, and the documents a sink set aside

Revision ID: g0008
Revises: g0007
Create Date: 2026-12-02 17:25:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import connectors.sqltypes

revision = "g0008"
down_revision = "g0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_arrivals",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", connectors.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_feed_arrivals")),
        sa.UniqueConstraint("kind", "document_id", name=op.f("uq_feed_arrivals_kind_document_id")),
    )
    with op.batch_alter_table("feed_arrivals", schema=None) as batch_op:
        batch_op.create_index("ix_feed_arrivals_received_at", ["received_at"], unique=False)
    op.create_table(
        "feed_sink_state",
        sa.Column("sink", sa.String(length=64), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("in_flight_to", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", connectors.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sink", name=op.f("pk_feed_sink_state")),
    )
    op.create_table(
        "feed_held",
        sa.Column("sink", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("held_at", connectors.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sink", "seq", name=op.f("pk_feed_held")),
    )


def downgrade() -> None:
    op.drop_table("feed_held")
    op.drop_table("feed_sink_state")
    with op.batch_alter_table("feed_arrivals", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_arrivals_received_at")
    op.drop_table("feed_arrivals")
