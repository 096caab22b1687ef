"""cashier sign-ins, PIN failures and cashier events

Revision ID: j0006
Revises: j0005
Create Date: 2026-12-02 13:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "j0006"
down_revision = "j0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cashier_signins",
        sa.Column("till_id", sa.String(length=32), nullable=False),
        sa.Column("cashier_code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("signed_in_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("till_id", name=op.f("pk_cashier_signins")),
    )
    op.create_table(
        "pin_failures",
        sa.Column("till_id", sa.String(length=32), nullable=False),
        sa.Column("cashier_code", sa.String(length=32), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("till_id", "cashier_code", name=op.f("pk_pin_failures")),
    )
    op.create_table(
        "cashier_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("till_id", sa.String(length=32), nullable=False),
        sa.Column("cashier_code", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cashier_events")),
    )
    with op.batch_alter_table("cashier_events", schema=None) as batch_op:
        batch_op.create_index("ix_cashier_events_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cashier_events", schema=None) as batch_op:
        batch_op.drop_index("ix_cashier_events_at")
    op.drop_table("cashier_events")
    op.drop_table("pin_failures")
    op.drop_table("cashier_signins")
