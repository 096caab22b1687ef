"""The till's tables: the catalog (replaced by loads) and the journal (tickets, outbox, sync).

On SQLite the two live in separate files, so a catalog load never holds the lock that a
ticket close needs; on PostgreSQL and SQL Server they share one database. Money is
stored as integer cents, quantities as thousandths, rates as hundredths of a percent:
exact everywhere, converted to ``Decimal`` at this boundary.
"""

from __future__ import annotations

import sqlalchemy as sa

from connectors.sqltypes import (  # noqa: F401  (re-exported: the schema's vocabulary)
    NAMING,
    Money,
    Quantity,
    Rate,
    UTCDateTime,
    from_units,
    to_units,
)

# ---------------------------------------------------------------- catalog
catalog_md = sa.MetaData(naming_convention=NAMING)

CATALOG_TABLES = ("items", "prices", "barcodes", "customers", "cards", "offers", "cashiers")

items = sa.Table(
    "items",
    catalog_md,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("vat_rate", Rate, nullable=False),
    sa.Column("sold_by", sa.String(8), nullable=False),
    sa.Column("alcohol", sa.Boolean, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
)
prices = sa.Table(
    "prices",
    catalog_md,
    sa.Column("item_code", sa.String(32), primary_key=True),
    sa.Column("valid_from", sa.String(10), primary_key=True),
    sa.Column("price", Money, nullable=False),
    sa.Column("valid_to", sa.String(10)),
)
barcodes = sa.Table(
    "barcodes",
    catalog_md,
    sa.Column("barcode", sa.String(32), primary_key=True),
    sa.Column("item_code", sa.String(32), nullable=False, index=True),
)
customers = sa.Table(
    "customers",
    catalog_md,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
)
cards = sa.Table(
    "cards",
    catalog_md,
    sa.Column("number", sa.String(40), primary_key=True),
    sa.Column("customer_code", sa.String(32), index=True),
    sa.Column("discount_percent", Rate, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
)
offers = sa.Table(
    "offers",
    catalog_md,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("description", sa.String(200), nullable=False),
    sa.Column("scope", sa.String(10), nullable=False),
    sa.Column("scope_ref", sa.String(40)),
    sa.Column("target", sa.String(10), nullable=False),
    sa.Column("item_code", sa.String(32)),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("value", Money, nullable=False),
    sa.Column("valid_from", sa.String(10)),
    sa.Column("valid_to", sa.String(10)),
    sa.Index("ix_offers_scope", "scope", "scope_ref"),
)
cashiers = sa.Table(
    "cashiers",
    catalog_md,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(12), nullable=False),  # cashier | supervisor
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("pin_hash", sa.String(200), nullable=False),  # ftp_import.pins, never the PIN
)
catalog_state = sa.Table(
    "catalog_state",
    catalog_md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("full_sequence", sa.Integer, nullable=False),
    sa.Column("generation", sa.Integer, nullable=False),
    sa.Column("applied_at", UTCDateTime, nullable=False),
)

# ---------------------------------------------------------------- journal
journal_md = sa.MetaData(naming_convention=NAMING)

business_days = sa.Table(
    "business_days",
    journal_md,
    sa.Column("till_id", sa.String(32), primary_key=True),
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("state", sa.String(8), nullable=False),  # open | closed | final
    sa.Column("opened_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime),
    sa.Column("closure_at", UTCDateTime),
    sa.Column("z_number", sa.Integer),
    sa.Column("z_report", sa.Text),
)
day_events = sa.Table(
    "day_events",
    journal_md,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("till_id", sa.String(32), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("event", sa.String(12), nullable=False),  # day_open | day_close | closure
    sa.Column("at", UTCDateTime, nullable=False),
)
tickets = sa.Table(
    "tickets",
    journal_md,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("store_id", sa.String(32), nullable=False),
    sa.Column("till_id", sa.String(32), nullable=False),
    sa.Column("business_day", sa.String(10), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),  # closed | cancelled
    sa.Column("opened_at", UTCDateTime, nullable=False),
    sa.Column("closed_at", UTCDateTime, nullable=False),
    sa.Column("customer_code", sa.String(32)),
    sa.Column("card_number", sa.String(40)),
    sa.Column("total", Money, nullable=False),
    sa.Column("discount", Money, nullable=False),
    sa.Column("paid", Money, nullable=False),
    sa.Column("change", Money, nullable=False),
    sa.Column("line_count", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    # set when the gateway has it: accepted | duplicate (the outbox entry is then gone)
    sa.Column("synced_at", UTCDateTime),
    sa.Column("sync_result", sa.String(10)),
    # issue 15 (migration j0007): a return names its original; who made and approved it
    sa.Column("kind", sa.String(8), nullable=False, server_default="sale"),  # sale | return
    sa.Column("original_id", sa.String(36), index=True),
    sa.Column("cashier", sa.String(32)),
    sa.Column("supervisor", sa.String(32)),
    sa.Column("approval", sa.String(32)),
    sa.UniqueConstraint("till_id", "business_day", "number"),
)
ticket_lines = sa.Table(
    "ticket_lines",
    journal_md,
    sa.Column("ticket_id", sa.String(36), sa.ForeignKey("tickets.id"), primary_key=True),
    sa.Column("line_no", sa.Integer, primary_key=True),
    sa.Column("item_code", sa.String(32), nullable=False),
    sa.Column("barcode", sa.String(32)),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("quantity", Quantity, nullable=False),
    sa.Column("unit_price", Money, nullable=False),
    sa.Column("vat_rate", Rate, nullable=False),
    sa.Column("alcohol", sa.Boolean, nullable=False),
    sa.Column("discount", Money, nullable=False),
    sa.Column("offer_code", sa.String(48)),
    sa.Column("voided", sa.Boolean, nullable=False),
    sa.Column("amount", Money, nullable=False),
)
ticket_payments = sa.Table(
    "ticket_payments",
    journal_md,
    sa.Column("ticket_id", sa.String(36), sa.ForeignKey("tickets.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("method", sa.String(8), nullable=False),
    sa.Column("amount", Money, nullable=False),
)
ticket_vat = sa.Table(
    "ticket_vat",
    journal_md,
    sa.Column("ticket_id", sa.String(36), sa.ForeignKey("tickets.id"), primary_key=True),
    sa.Column("rate", Rate, primary_key=True),
    sa.Column("gross", Money, nullable=False),
    sa.Column("net", Money, nullable=False),
    sa.Column("vat", Money, nullable=False),
)
outbox = sa.Table(
    "outbox",
    journal_md,
    sa.Column("ticket_id", sa.String(36), sa.ForeignKey("tickets.id"), primary_key=True),
    sa.Column("state", sa.String(12), nullable=False),  # pending | quarantined
    sa.Column("enqueued_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_attempt_at", UTCDateTime),
    sa.Column("last_error", sa.Text),
    sa.Index("ix_outbox_state_enqueued_at", "state", "enqueued_at"),
)

# ---------------------------------------------------------------- link to the gateway
sync_state = sa.Table(
    "sync_state",
    journal_md,
    # tickets | messages | offers | ping | catalog
    sa.Column("area", sa.String(16), primary_key=True),
    sa.Column("last_attempt_at", UTCDateTime),
    sa.Column("last_ok_at", UTCDateTime),
    sa.Column("last_failure_at", UTCDateTime),
    sa.Column("holdoff_until", UTCDateTime),  # not called again before this (after a failure)
    sa.Column("failures", sa.Integer, nullable=False),  # in a row
    sa.Column("last_error", sa.Text),
)
messages = sa.Table(
    "messages",
    journal_md,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),  # the server's id
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("event", sa.String(16), nullable=False),  # the event it was fetched at
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("valid_until", UTCDateTime),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Column("shown_at", UTCDateTime),
    sa.Column("acked_at", UTCDateTime),
    sa.Index("ix_messages_acked_at", "acked_at"),
    sa.Index("ix_messages_shown_at", "shown_at"),
)
