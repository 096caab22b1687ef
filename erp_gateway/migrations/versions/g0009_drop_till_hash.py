"""drop till_hash: a document is stored only when the hash its till sent is the gateway's
own (content_hash), so the copy said nothing

Revision ID: g0009
Revises: g0008
Create Date: 2026-12-02 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "g0009"
down_revision = "g0008"
branch_labels = None
depends_on = None

_TABLES = ("tickets", "ticket_versions", "cash_movements", "closures", "document_versions")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("till_hash")


def downgrade() -> None:
    # Every row stored was accepted with till_hash == content_hash: give it back so.
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("till_hash", sa.String(length=64), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET till_hash = content_hash"))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("till_hash", existing_type=sa.String(length=64), nullable=False)
