"""missing_at_server: ticket numbers the gateway named as missing that the journal does
not hold either

Revision ID: j0009
Revises: j0008
Create Date: 2026-12-02 17:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "j0009"
down_revision = "j0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "missing_at_server",
        sa.Column("till_id", sa.String(length=32), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("named_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "till_id", "business_day", "number", name=op.f("pk_missing_at_server")
        ),
    )


def downgrade() -> None:
    op.drop_table("missing_at_server")
