"""The journal's tables of the signed journal (migration j0008): the till's keys, the
signed entries of its chains, and the audit events."""

from __future__ import annotations

import sqlalchemy as sa

from standalone_till.schema import UTCDateTime, journal_md

# The till's public keys in the order they were made; a key after the first carries the
# previous key's endorsement (ticket_contract.signatures.endorse_key). The private key
# is a file (signing.key_file), never a row.
till_keys = sa.Table(
    "till_keys",
    journal_md,
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),  # 1, 2, ...
    sa.Column("fingerprint", sa.String(64), nullable=False, unique=True),
    sa.Column("public_key", sa.String(64), nullable=False),  # base64 of the 32 raw bytes
    sa.Column("endorsement", sa.String(128)),  # hex, by the key at position - 1
    sa.Column("created_at", UTCDateTime, nullable=False),
)
# One signed entry of a chain (sales, copies, closures, audit) of a till. Entry 1 of a
# chain is its genesis: its statement says what the journal held before signing began.
# ``ref`` names the document: a ticket's or a document's id, an audit event's id, a
# copy as "<ticket id>#<copy number>". A hub keeps here the entries its tills signed.
chain_entries = sa.Table(
    "chain_entries",
    journal_md,
    sa.Column("till_id", sa.String(32), primary_key=True),
    sa.Column("chain", sa.String(12), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(12), nullable=False),  # genesis|ticket|document|copy|audit
    sa.Column("ref", sa.String(80), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("previous", sa.String(128), nullable=False),  # "" for entry 1
    sa.Column("signature", sa.String(128), nullable=False),
    sa.Column("key_fingerprint", sa.String(64), nullable=False),
    sa.Column("signed_at", UTCDateTime, nullable=False),
    sa.Column("statement", sa.Text),  # the genesis statement (canonical JSON)
    # no fork: one successor per entry, one entry per document
    sa.UniqueConstraint("till_id", "chain", "previous"),
    sa.UniqueConstraint("till_id", "chain", "ref"),
)
# What happened at the till besides its documents: sign-in and out, approvals, the
# drawer opened without a sale, reprints, catalog loads, configuration changes, key
# rotation, server unreachable and back. ``document`` is the canonical JSON signed.
audit_events = sa.Table(
    "audit_events",
    journal_md,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("store_id", sa.String(32), nullable=False),
    sa.Column("till_id", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("cashier", sa.String(32)),
    sa.Column("supervisor", sa.String(32)),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Index("ix_audit_events_at", "at"),
)
# A hub's: the public keys its tills sent with their tickets (``tillKeys``), kept to go
# up with the tickets it relays, so the gateway learns the key of a till that reaches it
# only through the hub. The gateway pins and checks them; the hub only carries them.
relayed_keys = sa.Table(
    "relayed_keys",
    journal_md,
    sa.Column("till_id", sa.String(32), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),  # the till's order
    sa.Column("public_key", sa.String(64), nullable=False),  # base64 of the 32 raw bytes
    sa.Column("endorsement", sa.String(128)),  # hex, by the till's key before it
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("till_id", "public_key"),
)
