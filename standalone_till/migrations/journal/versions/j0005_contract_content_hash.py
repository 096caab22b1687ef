"""the contract's content hash for tickets already in the journal

Revision ID: j0005
Revises: j0004
Create Date: 2026-12-02 03:20:00.000000

A ticket closed before the contract's hash was the till's was hashed over the till's own
JSON; the gateway now refuses a ticket whose hash is not the one it computes. Each stored
ticket the contract can carry gets the contract's hash of its unchanged document, so
tickets still in the outbox are sent with the hash the gateway checks, and the journal's
hash is the gateway's. A ticket the contract cannot carry keeps its hash (it is never sent).
"""

from __future__ import annotations

import contextlib
import json

import sqlalchemy as sa
from alembic import op

from ticket_contract.writer import content_hash

revision = "j0005"
down_revision = "j0004"
branch_labels = None
depends_on = None

_TICKETS = sa.table(
    "tickets",
    sa.column("id", sa.String),
    sa.column("document", sa.Text),
    sa.column("content_hash", sa.String),
)
_CHUNK = 1000


def upgrade() -> None:
    conn = op.get_bind()
    t = _TICKETS.c
    after = ""
    while True:
        rows = conn.execute(
            sa.select(t.id, t.document, t.content_hash)
            .where(t.id > after)
            .order_by(t.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            return
        for row in rows:
            new = None
            with contextlib.suppress(ValueError, KeyError, TypeError):
                new = content_hash(json.loads(row.document))
            if new is not None and new != row.content_hash:
                conn.execute(sa.update(_TICKETS).where(t.id == row.id).values(content_hash=new))
        after = rows[-1].id


def downgrade() -> None:
    # The till's earlier hash is not kept: a downgraded journal keeps the contract's.
    pass
