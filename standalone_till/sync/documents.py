"""The documents outbox and its drain: cash movements and closures sent up with
SendDocuments, oldest first, in batches, each answer recorded as tickets' are (by the
same ``OutboxTable``: accepted and duplicate leave, mismatch and rejected and what the
contract cannot carry are quarantined). A crash between sending and recording is
harmless: the resend is answered ``duplicate``. Returns are tickets: they go by the
ticket outbox.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from connectors.errors import ServerFault, ServerUnavailable
from standalone_till.clock import iso
from standalone_till.document_tables import documents_outbox, till_documents
from standalone_till.sync.outbox import DrainReport
from standalone_till.sync.outbox_table import SENT, SET_ASIDE, Answer, OutboxTable, Queue, written
from ticket_contract.reconciliation import MissingRange
from ticket_contract.writer import document_xml

if TYPE_CHECKING:
    from ticket_contract.client import DocumentResult


class DocumentSender(Protocol):
    def send_documents(
        self,
        till_id: str,
        docs: Sequence[str],
        store_id: str | None = None,
        *,
        report_missing: bool = False,
    ) -> list[DocumentResult]: ...


@dataclass(frozen=True, slots=True)
class PendingDocument:
    document_id: str
    document: str
    content_hash: str


class DocumentOutbox(OutboxTable):
    """The documents outbox of one till's journal (the answers are written by
    ``OutboxTable``, as the ticket outbox's are)."""

    queue = Queue("document", documents_outbox, "document_id", till_documents)

    def next_batch(self, limit: int) -> list[PendingDocument]:
        """The oldest pending documents."""
        o, d = documents_outbox.c, till_documents.c
        query = (
            self.queue.joined(o.document_id, d.document, d.content_hash)
            .where(o.state == "pending")
            .order_by(o.enqueued_at, d.doc_type.desc(), d.number)  # movements before the Z
            .limit(limit)
        )
        with self.db.read(self.db.journal) as conn:
            rows = conn.execute(query).all()
        return [PendingDocument(r.document_id, r.document, r.content_hash) for r in rows]

    def record(
        self,
        sent: Sequence[PendingDocument],
        results: Sequence[DocumentResult],
        unsendable: Sequence[tuple[str, str]] = (),
    ) -> list[str]:
        """Write the answers of one batch in one transaction; ids left pending are returned."""
        answers = [Answer(r.id, r.status, r.reason) for r in results]
        return self.record_answers([e.document_id for e in sent], answers, unsendable)

    # -- the administrator's view
    def quarantined(self) -> list[dict[str, object]]:
        o, d = documents_outbox.c, till_documents.c
        with self.db.read(self.db.journal) as conn:
            rows = conn.execute(
                self.queue.joined(
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


def prepare(
    batch: Sequence[PendingDocument],
) -> tuple[list[PendingDocument], list[str], list[tuple[str, str]]]:
    """(the sendable documents, their elements, (id, reason) of those the contract
    cannot carry)."""
    return written(batch, lambda e: e.document_id, document_xml)


def drain_documents(
    outbox: DocumentOutbox,
    client: DocumentSender,
    till_id: str,
    batch_size: int,
    *,
    stop: Callable[[], bool] = lambda: False,
    store_id: str | None = None,
    on_missing: Callable[[Sequence[MissingRange]], object] | None = None,
) -> DrainReport:
    """Send the pending documents batch by batch until done, a call fails or ``stop()``.
    ``on_missing``: each batch asks the server which tickets of the closed days of the
    tills it speaks for it lacks, and their list goes to ``on_missing``."""
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
                results = client.send_documents(
                    till_id, elements, store_id, report_missing=on_missing is not None
                )
            except (ServerUnavailable, ServerFault) as exc:
                outbox.record_failure([e.document_id for e in sendable], str(exc))
                if unsendable:
                    outbox.record([], [], unsendable)
                report.unsendable += len(unsendable)
                report.error = exc
                break
        outbox.record(sendable, results, unsendable)
        if on_missing is not None and elements:
            on_missing(getattr(results, "missing", ()))
        report.batches += 1
        report.unsendable += len(unsendable)
        sent = {e.document_id for e in sendable}
        for result in results:
            if result.id in sent and result.status in (*SENT, *SET_ASIDE):
                report.count(result.status)
    report.remaining = outbox.pending_count()
    return report
