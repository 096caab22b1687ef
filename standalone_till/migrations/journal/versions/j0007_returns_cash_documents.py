"""returns (ticket kind and original, cashier and approval), cash movements and closures
with their outbox, reprints

Revision ID: j0007
Revises: j0006
Create Date: 2026-12-02 13:50:00.000000

Tickets already stored are sales of no cashier (kind "sale").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "j0007"
down_revision = "j0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=8), server_default="sale", nullable=False)
        )
        batch_op.add_column(sa.Column("original_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("cashier", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("supervisor", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("approval", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_tickets_original_id", ["original_id"], unique=False)
    op.create_table(
        "till_documents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("doc_type", sa.String(length=16), nullable=False),
        sa.Column("store_id", sa.String(length=32), nullable=False),
        sa.Column("till_id", sa.String(length=32), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("cashier", sa.String(length=32), nullable=True),
        sa.Column("supervisor", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("synced_at", sa.DateTime(), nullable=True),
        sa.Column("sync_result", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_till_documents")),
        sa.UniqueConstraint(
            "till_id",
            "doc_type",
            "business_day",
            "number",
            name=op.f("uq_till_documents_till_id_doc_type_business_day_number"),
        ),
    )
    op.create_table(
        "documents_outbox",
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["till_documents.id"],
            name=op.f("fk_documents_outbox_document_id_till_documents"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_documents_outbox")),
    )
    with op.batch_alter_table("documents_outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_documents_outbox_state_enqueued_at", ["state", "enqueued_at"], unique=False
        )
    op.create_table(
        "reprints",
        sa.Column("ticket_id", sa.String(length=36), nullable=False),
        sa.Column("copy_no", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.String(length=10), nullable=False),
        sa.Column("cashier", sa.String(length=32), nullable=True),
        sa.Column("supervisor", sa.String(length=32), nullable=True),
        sa.Column("printed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_reprints_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("ticket_id", "copy_no", name=op.f("pk_reprints")),
    )


def downgrade() -> None:
    op.drop_table("reprints")
    with op.batch_alter_table("documents_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_outbox_state_enqueued_at")
    op.drop_table("documents_outbox")
    op.drop_table("till_documents")
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+): a batch copy of tickets would drop
    # the table its lines and payments refer to.
    op.drop_index("ix_tickets_original_id", table_name="tickets")
    for column in ("approval", "supervisor", "cashier", "original_id"):
        op.drop_column("tickets", column)
    op.drop_column("tickets", "kind", mssql_drop_default=True)
