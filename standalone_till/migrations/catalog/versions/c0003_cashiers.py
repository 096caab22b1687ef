"""cashiers: the catalog table, its delta and live view

Revision ID: c0003
Revises: c0002
Create Date: 2026-12-02 13:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from standalone_till import overlay

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cashiers",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_cashiers")),
    )
    op.create_table(
        "cashiers_delta",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=12), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=True),
        sa.Column("pin_hash", sa.String(length=200), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_cashiers_delta")),
    )
    overlay.create_views(op.get_bind(), ("cashiers",))


def downgrade() -> None:
    overlay.drop_views(op.get_bind(), ("cashiers",))
    op.drop_table("cashiers_delta")
    op.drop_table("cashiers")
