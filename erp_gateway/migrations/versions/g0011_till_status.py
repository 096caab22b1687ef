"""till_status: what each till last said of itself in its Ping (backlog, catalog, server
in use, last closure, chain, software version, last sync error); till_errors: the recent
sync errors the tills reported

Revision ID: g0011
Revises: g0010
Create Date: 2026-12-02 17:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import connectors.sqltypes

revision = "g0011"
down_revision = "g0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "till_status",
        sa.Column("till_id", sa.String(length=64), nullable=False),
        sa.Column("reported_at", connectors.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("software_version", sa.String(length=32), nullable=True),
        sa.Column("server", sa.String(length=16), nullable=True),
        sa.Column("tickets_waiting", sa.Integer(), nullable=True),
        sa.Column("documents_waiting", sa.Integer(), nullable=True),
        sa.Column("quarantined", sa.Integer(), nullable=True),
        sa.Column("oldest_waiting_at", connectors.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("catalog_sequence", sa.BigInteger(), nullable=True),
        sa.Column("last_z", sa.BigInteger(), nullable=True),
        sa.Column("last_closure_day", sa.String(length=10), nullable=True),
        sa.Column("chain_heads", sa.Integer(), nullable=True),
        sa.Column("chain_verified", sa.String(length=16), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("till_id", name=op.f("pk_till_status")),
    )
    op.create_table(
        "till_errors",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("till_id", sa.String(length=64), nullable=False),
        sa.Column("reported_at", connectors.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_till_errors")),
    )
    with op.batch_alter_table("till_errors", schema=None) as batch_op:
        batch_op.create_index("ix_till_errors_till_id_id", ["till_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("till_errors", schema=None) as batch_op:
        batch_op.drop_index("ix_till_errors_till_id_id")
    op.drop_table("till_errors")
    op.drop_table("till_status")
