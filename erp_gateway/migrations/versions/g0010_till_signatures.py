"""the tills' signatures: pinned keys, chain entries held, breaks found

Revision ID: g0010
Revises: g0009
Create Date: 2026-12-02 17:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "g0010"
down_revision = "g0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "till_keys",
        sa.Column("till_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("endorsement", sa.String(length=128), nullable=True),
        sa.Column("pinned_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("till_id", "position", name=op.f("pk_till_keys")),
    )
    op.create_table(
        "chain_entries",
        sa.Column("till_id", sa.String(length=64), nullable=False),
        sa.Column("chain", sa.String(length=16), nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("previous", sa.String(length=128), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("till_id", "chain", "doc_id", name=op.f("pk_chain_entries")),
    )
    with op.batch_alter_table("chain_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chain_entries_till_id_chain_seq", ["till_id", "chain", "seq"], unique=False
        )
    op.create_table(
        "chain_breaks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("till_id", sa.String(length=64), nullable=False),
        sa.Column("chain", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.String(length=64), nullable=False),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chain_breaks")),
    )
    with op.batch_alter_table("chain_breaks", schema=None) as batch_op:
        batch_op.create_index("ix_chain_breaks_till_id", ["till_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chain_breaks", schema=None) as batch_op:
        batch_op.drop_index("ix_chain_breaks_till_id")
    op.drop_table("chain_breaks")
    with op.batch_alter_table("chain_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_chain_entries_till_id_chain_seq")
    op.drop_table("chain_entries")
    op.drop_table("till_keys")
