"""The hub keeps the cash movements and closures other tills send it: in its own journal,
under their own id, each entering the hub's documents outbox in the same transaction, so
the hub relays them to the gateway like its own. The contract's outcome rules decide
(``ticket_contract.documents``): the hub accepts documents of its tills' own sending only.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa

from standalone_till.document_tables import till_documents
from standalone_till.journal_documents import CASH_MOVEMENT, CLOSURE, insert_document
from standalone_till.store import TillDatabase
from ticket_contract.documents import (
    CashMovement,
    Document,
    DocumentForm,
    DocumentResult,
    Unreadable,
    canonical,
    classify,
)
from ticket_contract.tickets import Known, Outcome
from ticket_contract.units import MONEY, as_decimal
from ticket_contract.writer import document_record, stored_document

log = logging.getLogger("tillsync.hub")


def receive_documents(
    db: TillDatabase,
    store_id: str,
    sender: str,
    received: Sequence[Document | Unreadable],
    now: dt.datetime,
) -> list[DocumentResult]:
    """Store a batch from till ``sender``; the answer for each document, in order."""
    forms = [d if isinstance(d, Unreadable) else canonical(d) for d in received]
    with db.write(db.journal) as conn:
        known = _known(conn, [f for f in forms if isinstance(f, DocumentForm)])
        results = classify(sender, forms, known, store_id)
        for r in results:
            if r.outcome is Outcome.ACCEPTED and r.form is not None:
                _insert(conn, r.form.record, now)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.outcome.value] = counts.get(r.outcome.value, 0) + 1
    log.info("SendDocuments from %s: %s", sender, counts)
    return results


def _known(conn: sa.Connection, forms: Sequence[DocumentForm]) -> dict[str, Known]:
    """The copies already kept under the batch's ids, in the contract's canonical form."""
    d = till_documents.c
    ids = list({f.record.id for f in forms})
    found: dict[str, Known] = {}
    for start in range(0, len(ids), 500):
        query = sa.select(d.id, d.content_hash, d.document).where(
            d.id.in_(ids[start : start + 500])
        )
        for row in conn.execute(query):
            form = canonical(document_record(json.loads(row.document)))
            found[row.id] = Known(row.content_hash, form.document)
    return found


def _insert(conn: sa.Connection, d: Document, now: dt.datetime) -> None:
    doc = stored_document(d)
    if isinstance(d, CashMovement):
        amount, number, kind, doc_type = d.amount, d.number, d.kind, CASH_MOVEMENT
    else:
        amount, number, kind, doc_type = d.total, d.z_number, CLOSURE, CLOSURE
    money = Decimal(as_decimal(amount, MONEY))
    insert_document(conn, doc_type, doc, kind=kind, amount=money, number=number, now=now)
