"""cashiers as master data (code, name, role, active, pin_hash; never a PIN)

Revision ID: g0005
Revises: g0004
Create Date: 2026-12-02 13:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "g0005"
down_revision = "g0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "master_cashiers",
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("active", sa.String(length=200), nullable=True),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("row_version", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_master_cashiers")),
    )
    with op.batch_alter_table("master_cashiers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_master_cashiers_row_version"), ["row_version"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("master_cashiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_master_cashiers_row_version"))
    op.drop_table("master_cashiers")
