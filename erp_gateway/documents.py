"""Cash movements and day closures received by the gateway: one batch, one transaction,
the contract's outcome rules (``ticket_contract.documents``), as for tickets."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from erp_gateway.db import GatewayDatabase
from erp_gateway.receiving import batch_stores, keep_version, log_outcomes, one_writer
from erp_gateway.reconciliation import check_closed_days, open_days
from erp_gateway.schema import cash_movements, closures, document_versions, from_units
from erp_gateway.signatures import screen_documents
from ticket_contract.documents import (
    CashMovement,
    Closure,
    Document,
    DocumentForm,
    DocumentResult,
    Unreadable,
    canonical,
    classify,
)
from ticket_contract.reconciliation import MissingRange
from ticket_contract.tickets import Known, Outcome

log = logging.getLogger("tillsync.gateway")


def receive_documents(
    db: GatewayDatabase,
    till_id: str,
    received: Sequence[Document | Unreadable],
    *,
    store_id: str | None = None,
    now: dt.datetime | None = None,
) -> list[DocumentResult]:
    """Store a batch of cash movements and closures from ``till_id``; the outcome of
    each, in order. ``store_id`` as for ``receive_tickets``."""
    return answer_documents(db, till_id, received, store_id=store_id, now=now).results


@dataclass(frozen=True, slots=True)
class DocumentsAnswer:
    """The outcome of each document of a batch, and the tickets the gateway lacks of the
    closed days of the tills the batch speaks for (its closures' days among them)."""

    results: list[DocumentResult]
    missing: list[MissingRange]


def answer_documents(
    db: GatewayDatabase,
    till_id: str,
    received: Sequence[Document | Unreadable],
    *,
    store_id: str | None = None,
    now: dt.datetime | None = None,
) -> DocumentsAnswer:
    """``receive_documents``, each closure stored (or held already) reconciled with the
    tickets of its day in the same transaction, and what is missing named."""
    at = now or dt.datetime.now(dt.UTC)
    forms = [d if isinstance(d, Unreadable) else canonical(d) for d in received]

    def work(conn: sa.Connection) -> DocumentsAnswer:
        results = _store(conn, till_id, store_id, forms, at)
        return DocumentsAnswer(results, _reconcile(conn, till_id, forms, results, at))

    with one_writer(db):
        answer = db.write(work)
    log_outcomes(
        "SendDocuments",
        "document",
        till_id,
        ((r.document_id, r.outcome, r.reason) for r in answer.results),
    )
    return answer


def _reconcile(
    conn: sa.Connection,
    till_id: str,
    forms: Sequence[DocumentForm | Unreadable],
    results: Sequence[DocumentResult],
    now: dt.datetime,
) -> list[MissingRange]:
    kept = (Outcome.ACCEPTED, Outcome.DUPLICATE)
    days = [
        (f.record.till_id, f.record.business_day.isoformat())
        for f, r in zip(forms, results, strict=True)
        if isinstance(f, DocumentForm) and isinstance(f.record, Closure) and r.outcome in kept
    ]
    spoken_for = (
        f.record.till_id
        for f, r in zip(forms, results, strict=True)
        if isinstance(f, DocumentForm) and r.outcome in kept
    )
    tills = sorted({till_id, *spoken_for})
    return check_closed_days(conn, [*days, *open_days(conn, tills)], now)


def _store(
    conn: sa.Connection,
    till_id: str,
    speaks_for: str | None,
    forms: Sequence[DocumentForm | Unreadable],
    now: dt.datetime,
) -> list[DocumentResult]:
    readable = [f for f in forms if isinstance(f, DocumentForm)]
    claims = [(f.record.till_id, f.record.store_id) for f in readable]
    store, till_stores = batch_stores(conn, till_id, speaks_for, claims, now)
    results = classify(till_id, forms, _known(conn, readable), store, till_stores, speaks_for)
    results = screen_documents(conn, results, now)  # signed by the till's key, chained
    for r in results:
        if r.form is None:
            continue
        if r.outcome is Outcome.ACCEPTED:
            _insert(conn, r.form, now)
        elif r.outcome is Outcome.MISMATCH:
            _record_version(conn, r.form, now)
    return results


def _known(conn: sa.Connection, forms: Sequence[DocumentForm]) -> dict[str, Known]:
    ids = list({f.record.id for f in forms})
    found: dict[str, Known] = {}
    for table in (cash_movements, closures):
        for start in range(0, len(ids), 500):
            query = sa.select(table.c.document_id, table.c.content_hash, table.c.document).where(
                table.c.document_id.in_(ids[start : start + 500])
            )
            found.update(
                (r.document_id, Known(r.content_hash, r.document)) for r in conn.execute(query)
            )
    return found


def _cents(value: int | None) -> Decimal | None:
    return None if value is None else from_units(value, 100)


def _insert(conn: sa.Connection, form: DocumentForm, now: dt.datetime) -> None:
    d = form.record
    common = {
        "document_id": d.id,
        "store_id": d.store_id,
        "till_id": d.till_id,
        "business_day": d.business_day.isoformat(),
        "cashier": d.cashier,
        "content_hash": form.content_hash,
        "document": form.document,
        "received_at": now,
    }
    if isinstance(d, CashMovement):
        conn.execute(
            cash_movements.insert().values(
                **common,
                number=d.number,
                kind=d.kind,
                amount=_cents(d.amount),
                reason=d.reason,
                supervisor=d.supervisor,
                created_at=d.created_at,
            )
        )
        return
    assert isinstance(d, Closure)
    conn.execute(
        closures.insert().values(
            **common,
            z_number=d.z_number,
            first_number=d.first_number,
            last_number=d.last_number,
            tickets=d.tickets,
            cancelled=d.cancelled,
            returns=d.returns,
            total=_cents(d.total),
            cash_expected=_cents(d.cash_expected),
            cash_counted=_cents(d.cash_counted),
            difference=_cents(d.difference),
            closed_at=d.closed_at,
        )
    )


def _record_version(conn: sa.Connection, form: DocumentForm, now: dt.datetime) -> None:
    """Keep each other content once per document, counting how often it came."""
    keep_version(
        conn,
        document_versions,
        "document_id",
        form.record.id,
        form.content_hash,
        now,
        element=form.element,
        document=form.document,
    )
