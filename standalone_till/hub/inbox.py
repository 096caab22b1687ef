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
from decimal import Decimal

import sqlalchemy as sa

from standalone_till import schema as T
from standalone_till.hub.wire import Document, Received
from standalone_till.store import TillDatabase
from ticket_contract.tickets import Outcome, Result, hash_problem

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
            return Result(
                item.ticket_id, Outcome.MISMATCH, "differs from the copy the hub already has"
            )
        taken = self._number_taken(doc)
        if taken is not None:
            reason = f"number {doc['business_day']}/{doc['number']} is already ticket {taken}"
            return Result(item.ticket_id, Outcome.REJECTED, reason)
        self._insert(doc, json.dumps(doc, sort_keys=True, separators=(",", ":")), own_hash)
        return Result(item.ticket_id, Outcome.ACCEPTED)

    def _stored(self, ticket_id: str) -> str | None:
        """The content hash of the copy already kept under ``ticket_id``."""
        t = T.tickets.c
        query = sa.select(t.content_hash).where(t.id == ticket_id)
        return self.conn.execute(query).scalar_one_or_none()

    def _number_taken(self, doc: Document) -> str | None:
        t = T.tickets.c
        query = sa.select(t.id).where(
            t.till_id == doc["till_id"],
            t.business_day == doc["business_day"],
            t.number == doc["number"],
        )
        return self.conn.execute(query).scalar_one_or_none()

    def _insert(self, doc: Document, text: str, content_hash: str) -> None:
        totals = doc["totals"]
        paid = sum((Decimal(p["amount"]) for p in doc["payments"]), Decimal("0.00"))
        self.conn.execute(
            sa.insert(T.tickets).values(
                id=doc["id"],
                store_id=doc["store_id"],
                till_id=doc["till_id"],
                business_day=doc["business_day"],
                number=doc["number"],
                status=doc["status"],
                opened_at=_utc(doc["opened_at"]),
                closed_at=_utc(doc["closed_at"]),
                customer_code=doc["customer_code"],
                card_number=doc["card_number"],
                total=Decimal(totals["total"]),
                discount=Decimal(totals["discount"]),
                paid=paid,
                change=Decimal(totals["change"]),
                line_count=len(doc["lines"]),
                content_hash=content_hash,
                document=text,
            )
        )
        self.conn.execute(
            sa.insert(T.ticket_lines),
            [{"ticket_id": doc["id"], **_line_row(ln)} for ln in doc["lines"]],
        )
        if doc["payments"]:
            self.conn.execute(
                sa.insert(T.ticket_payments),
                [
                    {
                        "ticket_id": doc["id"],
                        "seq": i,
                        "method": p["method"],
                        "amount": Decimal(p["amount"]),
                    }
                    for i, p in enumerate(doc["payments"], start=1)
                ],
            )
        if totals["vat"]:
            self.conn.execute(
                sa.insert(T.ticket_vat),
                [
                    {
                        "ticket_id": doc["id"],
                        **{k: Decimal(v[k]) for k in ("rate", "gross", "net", "vat")},
                    }
                    for v in totals["vat"]
                ],
            )
        self.conn.execute(
            sa.insert(T.outbox).values(
                ticket_id=doc["id"], state="pending", enqueued_at=self.now, attempts=0
            )
        )


def _line_row(ln: Document) -> dict[str, object]:
    row: dict[str, object] = {k: ln[k] for k in ("line_no", "item_code", "barcode", "name")}
    for k in ("quantity", "unit_price", "vat_rate", "discount", "amount"):
        row[k] = Decimal(ln[k])
    row.update(alcohol=ln["alcohol"], offer_code=ln["offer_code"], voided=ln["voided"])
    return row


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)
