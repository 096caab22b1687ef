"""The gateway's tables of the tills' signatures (migration g0010): each till's pinned
keys, the chain entries it holds, and the breaks it found (docs/fiscal.md)."""

from __future__ import annotations

import sqlalchemy as sa

from erp_gateway.schema import UTCDateTime, metadata

# A till's keys in the order the gateway learnt them; the last is the pin. The first is
# trusted as given (first contact, or `erp-gateway tills add --public-key`); each next
# one only with the endorsement of the key before it.
till_keys = sa.Table(
    "till_keys",
    metadata,
    sa.Column("till_id", sa.String(64), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("public_key", sa.String(64), nullable=False),  # base64 of the 32 bytes
    sa.Column("endorsement", sa.String(128)),
    sa.Column("pinned_at", UTCDateTime, nullable=False),
    sa.Column("source", sa.String(16), nullable=False),  # batch | declared
)
# The signed entries of the documents stored, per till and chain.
chain_entries = sa.Table(
    "chain_entries",
    metadata,
    sa.Column("till_id", sa.String(64), primary_key=True),
    sa.Column("chain", sa.String(16), primary_key=True),
    sa.Column("doc_id", sa.String(64), primary_key=True),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("previous", sa.String(128), nullable=False),
    sa.Column("signature", sa.String(128), nullable=False),
    sa.Column("key_fingerprint", sa.String(64), nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Index("ix_chain_entries_till_id_chain_seq", "till_id", "chain", "seq"),
)
# What did not hold: a bad signature, a link to another entry than the one the gateway
# holds, two entries claiming the same predecessor, a document signed by a key that is
# not the till's (refused), a key offered without its endorsement.
chain_breaks = sa.Table(
    "chain_breaks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("till_id", sa.String(64), nullable=False),
    sa.Column("chain", sa.String(16), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("doc_id", sa.String(64), nullable=False),
    sa.Column("what", sa.String(16), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("found_at", UTCDateTime, nullable=False),
    sa.Index("ix_chain_breaks_till_id", "till_id"),
)
