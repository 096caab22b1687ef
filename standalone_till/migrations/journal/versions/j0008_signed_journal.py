"""the signed journal: the till's keys, the chains' signed entries, audit events

Revision ID: j0008
Revises: j0007
Create Date: 2026-12-02 17:20:00.000000

Documents stored before this stay outside the chains: each chain begins at its first
signed entry with a genesis entry whose statement counts the documents before it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "j0008"
down_revision = "j0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "till_keys",
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("endorsement", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_till_keys")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_till_keys_fingerprint")),
    )
    op.create_table(
        "chain_entries",
        sa.Column("till_id", sa.String(length=32), nullable=False),
        sa.Column("chain", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("ref", sa.String(length=80), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("previous", sa.String(length=128), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("till_id", "chain", "seq", name=op.f("pk_chain_entries")),
        sa.UniqueConstraint(
            "till_id", "chain", "previous", name=op.f("uq_chain_entries_till_id_chain_previous")
        ),
        sa.UniqueConstraint(
            "till_id", "chain", "ref", name=op.f("uq_chain_entries_till_id_chain_ref")
        ),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("store_id", sa.String(length=32), nullable=False),
        sa.Column("till_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("cashier", sa.String(length=32), nullable=True),
        sa.Column("supervisor", sa.String(length=32), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_at")
    op.drop_table("audit_events")
    op.drop_table("chain_entries")
    op.drop_table("till_keys")
