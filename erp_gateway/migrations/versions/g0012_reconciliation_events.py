"""reconciliation_events: each change of a reconciliation finding (open, resolved), never
updated, for the ERP feed; the findings open now are recorded as their first event

Revision ID: g0012
Revises: g0011
Create Date: 2026-12-02 18:25:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import connectors.sqltypes

revision = "g0012"
down_revision = "g0011"
branch_labels = None
depends_on = None

_COPIED = (
    "till_id",
    "business_day",
    "store_id",
    "closure_id",
    "first_number",
    "last_number",
    "missing",
    "missing_count",
    "differences",
)


def upgrade() -> None:
    events = op.create_table(
        "reconciliation_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("till_id", sa.String(length=64), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("closure_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("first_number", sa.BigInteger(), nullable=True),
        sa.Column("last_number", sa.BigInteger(), nullable=True),
        sa.Column("missing", sa.Text(), nullable=False),
        sa.Column("missing_count", sa.Integer(), nullable=False),
        sa.Column("differences", sa.Text(), nullable=False),
        sa.Column("recorded_at", connectors.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation_events")),
    )
    with op.batch_alter_table("reconciliation_events", schema=None) as batch_op:
        batch_op.create_index("ix_reconciliation_events_recorded_at", ["recorded_at"], unique=False)
    assert events is not None
    r = sa.table(
        "reconciliations",
        *(sa.column(n) for n in _COPIED),
        sa.column("open", sa.Boolean()),
        sa.column("checked_at"),
    )
    op.execute(
        sa.insert(events).from_select(
            [*_COPIED, "state", "recorded_at"],
            sa.select(
                *(r.c[n] for n in _COPIED),
                sa.literal("open", sa.String(16)),
                r.c.checked_at,
            ).where(r.c.open.is_(True)),
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("reconciliation_events", schema=None) as batch_op:
        batch_op.drop_index("ix_reconciliation_events_recorded_at")
    op.drop_table("reconciliation_events")
