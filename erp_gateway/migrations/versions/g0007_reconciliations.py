"""reconciliations: per till and day, what a closure says the gateway should hold and it
does not (missing ticket numbers, differing figures)

Revision ID: g0007
Revises: g0006
Create Date: 2026-12-02 17:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import connectors.sqltypes

revision = "g0007"
down_revision = "g0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reconciliations",
        sa.Column("till_id", sa.String(length=64), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("closure_id", sa.String(length=64), nullable=False),
        sa.Column("first_number", sa.BigInteger(), nullable=True),
        sa.Column("last_number", sa.BigInteger(), nullable=True),
        sa.Column("missing", sa.Text(), nullable=False),
        sa.Column("missing_count", sa.Integer(), nullable=False),
        sa.Column("differences", sa.Text(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("found_at", connectors.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("checked_at", connectors.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", connectors.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("till_id", "business_day", name=op.f("pk_reconciliations")),
    )
    with op.batch_alter_table("reconciliations", schema=None) as batch_op:
        batch_op.create_index("ix_reconciliations_open_till_id", ["open", "till_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reconciliations", schema=None) as batch_op:
        batch_op.drop_index("ix_reconciliations_open_till_id")
    op.drop_table("reconciliations")
