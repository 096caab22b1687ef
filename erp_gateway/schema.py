"""The central database's tables: stores, tills, tickets (with their versions), cash
movements and day closures (with theirs) and notifications. Offers are master data: see
``erp_gateway.master``.

Money is stored as integer cents, quantities as thousandths, unit prices as
ten-thousandths, rates as hundredths of a percent: exact everywhere, converted to
``Decimal`` at this boundary. Times are naive UTC in the database, aware UTC outside.
"""

from __future__ import annotations

import sqlalchemy as sa

from connectors.sqltypes import (  # noqa: F401  (re-exported: the schema's vocabulary)
    NAMING,
    Money,
    Quantity,
    Rate,
    UnitPrice,
    UTCDateTime,
    from_units,
    to_units,
)

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # SQLite rowid alias


metadata = sa.MetaData(naming_convention=NAMING)

stores = sa.Table(
    "stores",
    metadata,
    sa.Column("store_id", sa.String(64), primary_key=True),
    sa.Column("first_seen", UTCDateTime, nullable=False),
)
tills = sa.Table(
    "tills",
    metadata,
    sa.Column("till_id", sa.String(64), primary_key=True),
    sa.Column("store_id", sa.String(64), sa.ForeignKey("stores.store_id"), index=True),
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("last_seen", UTCDateTime, nullable=False),
)
tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("ticket_id", sa.String(64), primary_key=True),
    sa.Column("store_id", sa.String(64), nullable=False),
    sa.Column("till_id", sa.String(64), sa.ForeignKey("tills.till_id"), nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("number", sa.BigInteger, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("opened_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime, nullable=False),
    sa.Column("customer_code", sa.String(64)),
    sa.Column("card_number", sa.String(64)),
    sa.Column("total", Money, nullable=False),
    sa.Column("discount", Money, nullable=False),
    sa.Column("paid", Money, nullable=False),
    sa.Column("change", Money, nullable=False),
    # the contract's hash: the one the till sent (a ticket whose sent hash differs is refused)
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    # contract version 2: a return names its original; who made it, who approved what
    sa.Column("kind", sa.String(8), nullable=False, server_default="sale"),
    sa.Column("original_id", sa.String(64), index=True),
    sa.Column("cashier", sa.String(64)),
    sa.Column("supervisor", sa.String(64)),
    sa.Column("approval", sa.String(64)),
    # a return checked against its original: ok | over | unknown (original not here yet)
    sa.Column("return_check", sa.String(8)),
    sa.Column("return_problem", sa.Text),
    sa.Index("ix_tickets_till_id_received_at", "till_id", "received_at"),
    sa.Index("ix_tickets_received_at", "received_at"),
    sa.Index("ix_tickets_till_id_business_day_number", "till_id", "business_day", "number"),
    # the returns waiting for their original: normally none, so finding them costs nothing
    sa.Index(
        "ix_tickets_waiting_returns",
        "original_id",
        sqlite_where=sa.text("return_check = 'unknown'"),
        postgresql_where=sa.text("return_check = 'unknown'"),
    ),
)
ticket_lines = sa.Table(
    "ticket_lines",
    metadata,
    sa.Column("ticket_id", sa.String(64), sa.ForeignKey("tickets.ticket_id"), primary_key=True),
    sa.Column("line_no", sa.Integer, primary_key=True),
    sa.Column("item_code", sa.String(64), nullable=False),
    sa.Column("barcode", sa.String(64)),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("quantity", Quantity, nullable=False),
    sa.Column("unit_price", UnitPrice, nullable=False),
    sa.Column("vat_rate", Rate, nullable=False),
    sa.Column("alcohol", sa.Boolean, nullable=False),
    sa.Column("discount", Money, nullable=False),
    sa.Column("offer_code", sa.String(64)),
    sa.Column("voided", sa.Boolean, nullable=False),
    sa.Column("amount", Money, nullable=False),
)
ticket_payments = sa.Table(
    "ticket_payments",
    metadata,
    sa.Column("ticket_id", sa.String(64), sa.ForeignKey("tickets.ticket_id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("amount", Money, nullable=False),
)
ticket_vat = sa.Table(
    "ticket_vat",
    metadata,
    sa.Column("ticket_id", sa.String(64), sa.ForeignKey("tickets.ticket_id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("rate", Rate, nullable=False),
    sa.Column("gross", Money, nullable=False),
    sa.Column("net", Money, nullable=False),
    sa.Column("vat", Money, nullable=False),
)
# Every other content received under a ticket id; the first copy stays on ``tickets``.
ticket_versions = sa.Table(
    "ticket_versions",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.String(64), sa.ForeignKey("tickets.ticket_id"), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Column("last_received_at", UTCDateTime, nullable=False),
    sa.Column("times", sa.Integer, nullable=False),
    sa.UniqueConstraint("ticket_id", "content_hash"),
)
cash_movements = sa.Table(
    "cash_movements",
    metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("store_id", sa.String(64), nullable=False),
    sa.Column("till_id", sa.String(64), sa.ForeignKey("tills.till_id"), nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("number", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(12), nullable=False),
    sa.Column("amount", Money, nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("cashier", sa.String(64)),
    sa.Column("supervisor", sa.String(64)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("document", sa.Text, nullable=False),  # canonical: the counts are in it
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Index("ix_cash_movements_till_id_business_day", "till_id", "business_day"),
)
closures = sa.Table(
    "closures",
    metadata,
    sa.Column("document_id", sa.String(64), primary_key=True),
    sa.Column("store_id", sa.String(64), nullable=False),
    sa.Column("till_id", sa.String(64), sa.ForeignKey("tills.till_id"), nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("z_number", sa.BigInteger, nullable=False),
    sa.Column("first_number", sa.BigInteger),
    sa.Column("last_number", sa.BigInteger),
    sa.Column("tickets", sa.Integer, nullable=False),
    sa.Column("cancelled", sa.Integer, nullable=False),
    sa.Column("returns", sa.Integer, nullable=False),
    sa.Column("total", Money, nullable=False),
    sa.Column("cash_expected", Money, nullable=False),
    sa.Column("cash_counted", Money),
    sa.Column("difference", Money),
    sa.Column("cashier", sa.String(64)),
    sa.Column("closed_at", UTCDateTime, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("document", sa.Text, nullable=False),  # canonical: VAT and payments are in it
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Index("ix_closures_till_id_business_day", "till_id", "business_day"),
)
# Every other content received under a cash movement's or closure's id (the first stays).
document_versions = sa.Table(
    "document_versions",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(64), nullable=False),
    sa.Column("element", sa.String(16), nullable=False),  # cashMovement | closure
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Column("last_received_at", UTCDateTime, nullable=False),
    sa.Column("times", sa.Integer, nullable=False),
    sa.UniqueConstraint("document_id", "content_hash"),
)
notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
    sa.Column("target_kind", sa.String(8), nullable=False),
    sa.Column("target_id", sa.String(64)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("valid_until", UTCDateTime),
    sa.Index("ix_notifications_target_kind_target_id", "target_kind", "target_id"),
)
notification_deliveries = sa.Table(
    "notification_deliveries",
    metadata,
    sa.Column(
        "notification_id",
        BIG_ID,
        sa.ForeignKey("notifications.id"),
        primary_key=True,
    ),
    sa.Column("till_id", sa.String(64), primary_key=True),
    sa.Column("delivered_at", UTCDateTime, nullable=False),
    sa.Column("acked_at", UTCDateTime),
)
# Each round of a scheduled job (export changes, the ERP feed): which node ran it, when,
# and how it ended; erp_gateway.jobs writes it while the job's lock is held.
job_runs = sa.Table(
    "job_runs",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
    sa.Column("job", sa.String(64), nullable=False),
    sa.Column("node", sa.String(255), nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime),
    sa.Column("outcome", sa.String(16)),  # done | failed | stopped; empty while it runs
    sa.Column("detail", sa.Text),
    sa.Index("ix_job_runs_job_started_at", "job", "started_at"),
)
# What a till's day closure says the gateway should hold and it does not: the numbers of
# the closure's range it lacks and the figures that differ (``erp-gateway reconcile``).
# One row per till and day, checked again as tickets arrive; ``open`` until it holds.
reconciliations = sa.Table(
    "reconciliations",
    metadata,
    sa.Column("till_id", sa.String(64), primary_key=True),
    sa.Column("business_day", sa.String(10), primary_key=True),
    sa.Column("store_id", sa.String(64), nullable=False),
    sa.Column("closure_id", sa.String(64), nullable=False),
    sa.Column("first_number", sa.BigInteger),
    sa.Column("last_number", sa.BigInteger),
    sa.Column("missing", sa.Text, nullable=False),  # ranges: 1-50,53 (empty: none)
    sa.Column("missing_count", sa.Integer, nullable=False),
    sa.Column("differences", sa.Text, nullable=False),  # JSON list; [] when none
    sa.Column("open", sa.Boolean, nullable=False),
    sa.Column("found_at", UTCDateTime, nullable=False),  # first checked
    sa.Column("checked_at", UTCDateTime, nullable=False),
    sa.Column("resolved_at", UTCDateTime),
    sa.Index("ix_reconciliations_open_till_id", "open", "till_id"),
)
# Each change of a reconciliation finding, as it happened (never updated): ``open`` when a
# day is found lacking or what it lacks changes, ``resolved`` when it holds. The ERP feed
# carries each as one document (kind ``reconciliation``).
reconciliation_events = sa.Table(
    "reconciliation_events",
    metadata,
    sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
    sa.Column("till_id", sa.String(64), nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("store_id", sa.String(64), nullable=False),
    sa.Column("closure_id", sa.String(64), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),  # open | resolved
    sa.Column("first_number", sa.BigInteger),
    sa.Column("last_number", sa.BigInteger),
    sa.Column("missing", sa.Text, nullable=False),
    sa.Column("missing_count", sa.Integer, nullable=False),
    sa.Column("differences", sa.Text, nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Index("ix_reconciliation_events_recorded_at", "recorded_at"),
)
