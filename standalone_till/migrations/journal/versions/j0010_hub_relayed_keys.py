"""relayed_keys: the public keys a hub's tills sent, carried up with the tickets it
relays

Revision ID: j0010
Revises: j0009
Create Date: 2026-12-02 18:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "j0010"
down_revision = "j0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relayed_keys",
        sa.Column("till_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("endorsement", sa.String(length=128), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("till_id", "position", name=op.f("pk_relayed_keys")),
        sa.UniqueConstraint(
            "till_id", "public_key", name=op.f("uq_relayed_keys_till_id_public_key")
        ),
    )


def downgrade() -> None:
    op.drop_table("relayed_keys")
