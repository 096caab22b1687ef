"""The hub keeps the tickets other tills send it: in its own journal, under their own id,
till and number, each entering the hub's outbox in the same transaction (promise 1), so
the hub's agent relays them to the gateway like its own tickets.

Classification follows the gateway's rules: a new, consistent ticket is ``accepted``; the
same id again with the same content is a ``duplicate``; with other content a ``mismatch``
(the first copy is kept); a ticket of another till or store, whose number is taken, or whose
content is not what its sent hash was computed over (``ticket_contract``) is
``rejected``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence

import sqlalchemy as sa

from standalone_till import schema as T
from standalone_till.hub.wire import Document, Received
from standalone_till.journal import insert_ticket
from standalone_till.store import TillDatabase
from ticket_contract.tickets import Outcome, Result, canonical, hash_problem, mismatch_reason
from ticket_contract.writer import record

log = logging.getLogger("tillsync.hub")


def receive(
    db: TillDatabase,
    store_id: str,
    sender: str,
    received: Sequence[Received],
    now: dt.datetime,
) -> list[Result]:
    """Store a batch from till ``sender``; the answer for each ticket, in order."""
    with db.write(db.journal) as conn:
        answers = _Batch(conn, store_id, sender, now).run(received)
    counts: dict[str, int] = {}
    for a in answers:
        counts[a.outcome.value] = counts.get(a.outcome.value, 0) + 1
    log.info("SendTickets from %s: %s", sender, counts)
    return answers


class _Batch:
    def __init__(self, conn: sa.Connection, store_id: str, sender: str, now: dt.datetime) -> None:
        self.conn = conn
        self.store_id = store_id
        self.sender = sender
        self.now = now

    def run(self, received: Sequence[Received]) -> list[Result]:
        return [self._one(item) for item in received]

    def _one(self, item: Received) -> Result:
        doc, form = item.document, item.canonical
        if doc is None or form is None:
            return Result(item.ticket_id, Outcome.REJECTED, item.problem)
        if doc["till_id"] != self.sender:
            reason = f"tillId {doc['till_id']} of the ticket is not the sending till {self.sender}"
            return Result(item.ticket_id, Outcome.REJECTED, reason)
        if doc["store_id"] != self.store_id:
            reason = f"storeId {doc['store_id']} is not the hub's store {self.store_id}"
            return Result(item.ticket_id, Outcome.REJECTED, reason)
        wrong_hash = hash_problem(form)
        if wrong_hash is not None:
            return Result(item.ticket_id, Outcome.REJECTED, wrong_hash)
        own_hash = form.content_hash
        first = self._stored(item.ticket_id)
        if first is not None:
            if first == own_hash:
                return Result(item.ticket_id, Outcome.DUPLICATE)
            log.warning(
                "ticket %s from %s: mismatch, the first copy is kept", item.ticket_id, self.sender
            )
            reason = mismatch_reason(self._first_form(item.ticket_id), form.document)
            return Result(item.ticket_id, Outcome.MISMATCH, reason)
        taken = self._number_taken(doc)
        if taken is not None:
            reason = f"number {doc['business_day']}/{doc['number']} is already ticket {taken}"
            return Result(item.ticket_id, Outcome.REJECTED, reason)
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
        insert_ticket(self.conn, doc, text, own_hash, self.now)
        return Result(item.ticket_id, Outcome.ACCEPTED)

    def _stored(self, ticket_id: str) -> str | None:
        """The content hash of the copy already kept under ``ticket_id``."""
        t = T.tickets.c
        query = sa.select(t.content_hash).where(t.id == ticket_id)
        return self.conn.execute(query).scalar_one_or_none()

    def _first_form(self, ticket_id: str) -> str:
        """The canonical text of the copy already kept (for naming what differs)."""
        t = T.tickets.c
        stored = self.conn.execute(sa.select(t.document).where(t.id == ticket_id)).scalar_one()
        return canonical(record(json.loads(stored))).document

    def _number_taken(self, doc: Document) -> str | None:
        t = T.tickets.c
        query = sa.select(t.id).where(
            t.till_id == doc["till_id"],
            t.business_day == doc["business_day"],
            t.number == doc["number"],
        )
        return self.conn.execute(query).scalar_one_or_none()
