"""The print queue's table, on the journal's metadata (next to the tickets it prints).

Its alembic migration is still to be written (chained after the journal's latest); until
then tests create it with ``print_jobs.create(engine)``.
"""

from __future__ import annotations

import sqlalchemy as sa

from standalone_till.schema import UTCDateTime, journal_md

PENDING, PRINTED, REFUSED = "pending", "printed", "refused"

print_jobs = sa.Table(
    "print_jobs",
    journal_md,
    sa.Column("id", sa.String(80), primary_key=True),  # <ticket id>:<printer>
    sa.Column("ticket_id", sa.String(36), nullable=False),
    sa.Column("printer", sa.String(16), nullable=False),
    sa.Column("part", sa.Integer, nullable=False),
    sa.Column("state", sa.String(10), nullable=False),  # pending | printed | refused
    sa.Column("document", sa.Text, nullable=False),  # the PrintJob as JSON
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_attempt_at", UTCDateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("printed_at", UTCDateTime),
    sa.Index("ix_print_jobs_state_created_at", "state", "created_at"),
    sa.Index("ix_print_jobs_ticket_id", "ticket_id"),
)
