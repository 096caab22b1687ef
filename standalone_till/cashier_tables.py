"""The journal's cashier tables: who is signed in at this till, PIN failures and lockouts,
and the sign-in events (on the journal's metadata, migration j0006)."""

from __future__ import annotations

import sqlalchemy as sa

from standalone_till.schema import UTCDateTime, journal_md

# One row per till: the cashier signed in there (none: nobody is).
cashier_signins = sa.Table(
    "cashier_signins",
    journal_md,
    sa.Column("till_id", sa.String(32), primary_key=True),
    sa.Column("cashier_code", sa.String(32), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(12), nullable=False),  # cashier | supervisor
    sa.Column("signed_in_at", UTCDateTime, nullable=False),
)
# Wrong PINs in a row per cashier at this till; a right PIN clears the row.
pin_failures = sa.Table(
    "pin_failures",
    journal_md,
    sa.Column("till_id", sa.String(32), primary_key=True),
    sa.Column("cashier_code", sa.String(32), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure_at", UTCDateTime, nullable=False),
    sa.Column("locked_until", UTCDateTime),
)
# What happened at the PIN pad: signin | signout | pin_refused | locked | approved.
cashier_events = sa.Table(
    "cashier_events",
    journal_md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("till_id", sa.String(32), nullable=False),
    sa.Column("cashier_code", sa.String(32), nullable=False),
    sa.Column("event", sa.String(16), nullable=False),
    sa.Column("action", sa.String(32)),  # approved: what was approved
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Index("ix_cashier_events_at", "at"),
)
