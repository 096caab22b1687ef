"""The journal's tables of the documents beyond the sale (migration j0007): cash movements
and closures with their outbox, and the receipts printed again."""

from __future__ import annotations

import sqlalchemy as sa

from standalone_till.schema import Money, UTCDateTime, journal_md

# A cash movement (float, cash_in, cash_out, drop, drawer_open, count) or a closure (Z),
# stored as its document with the contract's hash; numbered per day (movements) or per
# till (closures: the Z number). A month or year closure (closure_month, closure_year)
# is stored here too, with its number among the till's closures of that period; it
# stays at the till (no outbox entry).
till_documents = sa.Table(
    "till_documents",
    journal_md,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("doc_type", sa.String(16), nullable=False),  # cash_movement | closure | ...
    sa.Column("store_id", sa.String(32), nullable=False),
    sa.Column("till_id", sa.String(32), nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(12), nullable=False),  # the movement's kind, or closure
    sa.Column("amount", Money, nullable=False),  # a closure: its total
    sa.Column("cashier", sa.String(32)),
    sa.Column("supervisor", sa.String(32)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    # set when the gateway has it: accepted | duplicate (the outbox entry is then gone)
    sa.Column("synced_at", UTCDateTime),
    sa.Column("sync_result", sa.String(10)),
    sa.UniqueConstraint("till_id", "doc_type", "business_day", "number"),
)
documents_outbox = sa.Table(
    "documents_outbox",
    journal_md,
    sa.Column("document_id", sa.String(36), sa.ForeignKey("till_documents.id"), primary_key=True),
    sa.Column("state", sa.String(12), nullable=False),  # pending | quarantined
    sa.Column("enqueued_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_attempt_at", UTCDateTime),
    sa.Column("last_error", sa.Text),
    sa.Index("ix_documents_outbox_state_enqueued_at", "state", "enqueued_at"),
)
# A receipt printed again: which ticket, its copy number, who asked and who approved.
reprints = sa.Table(
    "reprints",
    journal_md,
    sa.Column("ticket_id", sa.String(36), sa.ForeignKey("tickets.id"), primary_key=True),
    sa.Column("copy_no", sa.Integer, primary_key=True),
    sa.Column("business_day", sa.String(10), nullable=False),  # the day it was printed
    sa.Column("cashier", sa.String(32)),
    sa.Column("supervisor", sa.String(32)),
    sa.Column("printed_at", UTCDateTime, nullable=False),
)
# Ticket numbers a server named as missing (the gateway's reconciliation of a closed day)
# that this journal does not hold either: reported, never invented. Those it holds go back
# into the outbox instead. Replaced by each answer that names what a till's days lack.
missing_at_server = sa.Table(
    "missing_at_server",
    journal_md,
    sa.Column("till_id", sa.String(32), primary_key=True),
    sa.Column("business_day", sa.String(10), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("named_at", UTCDateTime, nullable=False),
)
