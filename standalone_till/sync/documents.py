"""The documents outbox and its drain: cash movements and closures sent up with
SendDocuments, oldest first, in batches, each answer recorded as tickets' are.

Accepted and duplicate leave the outbox (the document records when and how); mismatch
and rejected are quarantined with the reason, and so are documents the contract cannot
carry, without asking the server. A crash between sending and recording is harmless:
the resend is answered ``duplicate``. Returns are tickets: they go by the ticket outbox.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa

from connectors.errors import BadInput, ServerFault, ServerUnavailable
from standalone_till.clock import Clock, iso, utcnow
from standalone_till.document_tables import documents_outbox, till_documents
from standalone_till.store import TillDatabase
from standalone_till.sync.outbox import SENT, SET_ASIDE, DrainReport
from ticket_contract.writer import document_xml

if TYPE_CHECKING:
    from ticket_contract.client import DocumentResult

log = logging.getLogger("tillsync.sync")


class DocumentSender(Protocol):
    def send_documents(
        self, till_id: str, docs: Sequence[str], store_id: str | None = None
    ) -> list[DocumentResult]: ...


@dataclass(frozen=True, slots=True)
class PendingDocument:
    document_id: str
    document: str
    content_hash: str


class DocumentOutbox:
    """The documents outbox of one till's journal."""

    def __init__(self, db: TillDatabase, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    def next_batch(self, limit: int) -> list[PendingDocument]:
        """The oldest pending documents."""
        o, d = documents_outbox.c, till_documents.c
        query = (
            sa.select(o.document_id, d.document, d.content_hash)
            .join(till_documents, d.id == o.document_id)
            .where(o.state == "pending")
            .order_by(o.enqueued_at, d.doc_type.desc(), d.number)  # movements before the Z
            .limit(limit)
        )
        with self.db.read(self.db.journal) as conn:
            rows = conn.execute(query).all()
        return [PendingDocument(r.document_id, r.document, r.content_hash) for r in rows]

    def pending_count(self) -> int:
        o = documents_outbox.c
        with self.db.read(self.db.journal) as conn:
            return conn.execute(sa.select(sa.func.count()).where(o.state == "pending")).scalar_one()

    def record(
        self,
        sent: Sequence[PendingDocument],
        results: Sequence[DocumentResult],
        unsendable: Sequence[tuple[str, str]] = (),
    ) -> list[str]:
        """Write the answers of one batch in one transaction; ids left pending are returned."""
        now = self.clock()
        ids = {e.document_id for e in sent}
        by_id = {r.id: r for r in results if r.id in ids}
        aside = list(unsendable) + [
            (r.id, f"{r.status}: {r.reason or 'no reason given'}")
            for r in by_id.values()
            if r.status in SET_ASIDE
        ]
        unanswered = [e.document_id for e in sent if e.document_id not in by_id]
        with self.db.write(self.db.journal) as conn:
            for status in SENT:
                done = [r.id for r in by_id.values() if r.status == status]
                self._mark_sent(conn, done, status, now)
            for document_id, reason in aside:
                self._quarantine(conn, document_id, reason, now)
            self._failed(conn, unanswered, "the server gave no result for this document", now)
        return unanswered

    def record_failure(self, ids: Sequence[str], error: str) -> None:
        with self.db.write(self.db.journal) as conn:
            self._failed(conn, ids, error, self.clock())

    @staticmethod
    def _mark_sent(conn: sa.Connection, ids: list[str], status: str, now: dt.datetime) -> None:
        if not ids:
            return
        conn.execute(sa.delete(documents_outbox).where(documents_outbox.c.document_id.in_(ids)))
        d = till_documents.c
        conn.execute(
            sa.update(till_documents)
            .where(d.id.in_(ids), d.synced_at.is_(None))
            .values(synced_at=now, sync_result=status)
        )

    @staticmethod
    def _quarantine(conn: sa.Connection, document_id: str, reason: str, now: dt.datetime) -> None:
        o = documents_outbox.c
        conn.execute(
            sa.update(documents_outbox)
            .where(o.document_id == document_id)
            .values(
                state="quarantined",
                last_error=reason[:2000],
                attempts=o.attempts + 1,
                last_attempt_at=now,
            )
        )
        log.warning("document %s quarantined: %s", document_id, reason)

    @staticmethod
    def _failed(conn: sa.Connection, ids: Sequence[str], error: str, now: dt.datetime) -> None:
        if not ids:
            return
        o = documents_outbox.c
        conn.execute(
            sa.update(documents_outbox)
            .where(o.document_id.in_(list(ids)), o.state == "pending")
            .values(attempts=o.attempts + 1, last_attempt_at=now, last_error=error[:2000])
        )

    # -- the administrator's view
    def quarantined(self) -> list[dict[str, object]]:
        o, d = documents_outbox.c, till_documents.c
        with self.db.read(self.db.journal) as conn:
            rows = conn.execute(
                sa.select(
                    o.document_id,
                    d.doc_type,
                    d.kind,
                    d.business_day,
                    d.number,
                    d.amount,
                    o.attempts,
                    o.last_attempt_at,
                    o.last_error,
                )
                .join(till_documents, d.id == o.document_id)
                .where(o.state == "quarantined")
                .order_by(o.enqueued_at, o.document_id)
            ).all()
        return [
            {
                "document_id": r.document_id,
                "type": r.doc_type,
                "kind": r.kind,
                "business_day": r.business_day,
                "number": r.number,
                "amount": str(r.amount),
                "attempts": r.attempts,
                "last_attempt_at": iso(r.last_attempt_at),
                "reason": r.last_error,
            }
            for r in rows
        ]

    def retry(self, ids: Sequence[str] | None) -> int:
        """Put quarantined documents (all of them with None) back in line; how many moved."""
        o = documents_outbox.c
        query = sa.update(documents_outbox).where(o.state == "quarantined")
        if ids is not None:
            query = query.where(o.document_id.in_(list(ids)))
        with self.db.write(self.db.journal) as conn:
            return conn.execute(query.values(state="pending")).rowcount


def prepare(
    batch: Sequence[PendingDocument],
) -> tuple[list[PendingDocument], list[str], list[tuple[str, str]]]:
    """(the sendable documents, their elements, (id, reason) of those the contract
    cannot carry)."""
    sendable: list[PendingDocument] = []
    elements: list[str] = []
    unsendable: list[tuple[str, str]] = []
    for entry in batch:
        try:
            elements.append(document_xml(json.loads(entry.document), entry.content_hash))
        except BadInput as exc:
            unsendable.append((entry.document_id, str(exc)))
            continue
        sendable.append(entry)
    return sendable, elements, unsendable


def drain_documents(
    outbox: DocumentOutbox,
    client: DocumentSender,
    till_id: str,
    batch_size: int,
    *,
    stop: Callable[[], bool] = lambda: False,
    store_id: str | None = None,
) -> DrainReport:
    """Send the pending documents batch by batch until done, a call fails or ``stop()``."""
    report = DrainReport()
    tried: set[str] = set()
    while not stop():
        batch = [e for e in outbox.next_batch(batch_size) if e.document_id not in tried]
        if not batch:
            break
        tried.update(e.document_id for e in batch)
        sendable, elements, unsendable = prepare(batch)
        results: list[DocumentResult] = []
        if elements:
            try:
                results = client.send_documents(till_id, elements, store_id)
            except (ServerUnavailable, ServerFault) as exc:
                outbox.record_failure([e.document_id for e in sendable], str(exc))
                if unsendable:
                    outbox.record([], [], unsendable)
                report.unsendable += len(unsendable)
                report.error = exc
                break
        outbox.record(sendable, results, unsendable)
        report.batches += 1
        report.unsendable += len(unsendable)
        sent = {e.document_id for e in sendable}
        for result in results:
            if result.id in sent and result.status in (*SENT, *SET_ASIDE):
                report.count(result.status)
    report.remaining = outbox.pending_count()
    return report
