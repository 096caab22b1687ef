"""The outbox drain: send the oldest pending tickets in batches and record each answer.

Each batch is read, mapped and encoded, sent with no transaction open, and its answers
written in one short transaction: accepted and duplicate leave the outbox (the ticket
records when and how), mismatch and rejected are quarantined with the reason for the
administrator, and so are tickets the contract cannot carry, without asking the server.
Up to ``IN_FLIGHT`` batches are on the wire at once, each ticket in one of them only, so
the till prepares and records while the server stores. A crash between sending and
recording is harmless: the resend is answered ``duplicate``.

A drain whose server is no longer the one in use (the till switched to its hub or back)
stops waiting for its calls at once and leaves their tickets pending: the next drain
sends them to the new server, and a copy that reached the old one is a ``duplicate``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa

from connectors.errors import ServerFault, ServerUnavailable
from standalone_till import schema as T
from standalone_till.clock import iso
from standalone_till.signing import till_keys_xml
from standalone_till.sync.outbox_table import Answer, OutboxTable, Queue, written
from ticket_contract.writer import ContractTicket, ticket_xml

if TYPE_CHECKING:
    from ticket_contract.client import TicketResult

# Batches on the wire at once: two keep the server busy while the till prepares the next
# batch and records the last answer; more would only queue at the server.
IN_FLIGHT = 2
# How often a call in flight checks that its server is still the one in use when no
# switch in this process woke it (another process may have switched).
RECHECK_SECONDS = 1.0
_TICKETS = b"<tickets></tickets>"


class TicketSender(Protocol):
    def encode_send_tickets(
        self, till_id: str, tickets: Sequence[ContractTicket], store_id: str | None = None
    ) -> bytes: ...

    def post_send_tickets(self, body: bytes) -> list[TicketResult]: ...


@dataclass(frozen=True, slots=True)
class PendingTicket:
    ticket_id: str
    document: str
    content_hash: str


@dataclass(slots=True)
class DrainReport:
    """What one drain did; ``error`` is why it stopped early, if it did."""

    accepted: int = 0
    duplicate: int = 0
    mismatch: int = 0
    rejected: int = 0
    unsendable: int = 0  # set aside here: the contract cannot carry them
    remaining: int = 0
    batches: int = 0
    error: ServerUnavailable | ServerFault | None = None
    held_until: dt.datetime | None = None
    abandoned: bool = False  # the till left the drain's server: its calls were not awaited

    @property
    def sent(self) -> int:
        return self.accepted + self.duplicate + self.mismatch + self.rejected

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    def as_dict(self) -> dict[str, object]:
        return {
            "accepted": self.accepted,
            "duplicate": self.duplicate,
            "mismatch": self.mismatch,
            "rejected": self.rejected,
            "unsendable": self.unsendable,
            "remaining": self.remaining,
            "batches": self.batches,
            "error": None if self.error is None else str(self.error),
            "held_until": iso(self.held_until),
            "abandoned": self.abandoned,
        }


@dataclass(frozen=True, slots=True)
class Prepared:
    """One batch ready to go: the request and what it holds, and what cannot go."""

    tickets: list[PendingTicket] = field(default_factory=list)
    body: bytes | None = None  # None: nothing in the batch can be sent
    unsendable: list[tuple[str, str]] = field(default_factory=list)  # (ticket id, reason)

    @property
    def size(self) -> int:
        return len(self.tickets) + len(self.unsendable)


def prepare(
    batch: Sequence[PendingTicket],
    till_id: str,
    client: TicketSender,
    store_id: str | None = None,
    keys: str = "",
) -> Prepared:
    """The batch as a SendTickets request from ``till_id`` speaking for ``store_id``;
    tickets the contract cannot carry set aside.

    The envelope is the client encoder's (for an empty batch); each ticket's element is
    written from its stored document by ``ticket_xml``, as that encoder would write it.
    """
    sendable, parts, unsendable = written(batch, lambda e: e.ticket_id, ticket_xml)
    if not parts:
        return Prepared(sendable, None, unsendable)
    head, found, tail = client.encode_send_tickets(till_id, [], store_id).partition(_TICKETS)
    if not found:
        raise AssertionError("the encoder wrote no empty <tickets> element")
    body = b"".join(
        (head, b"<tickets>", "".join(parts).encode("utf-8"), b"</tickets>", keys.encode(), tail)
    )
    return Prepared(sendable, body, unsendable)


class Outbox(OutboxTable):
    """The ticket outbox of one till's journal (the answers are written by
    ``OutboxTable``, as the documents outbox's are)."""

    queue = Queue("ticket", T.outbox, "ticket_id", T.tickets)

    def next_batch(self, limit: int, skip: Sequence[str] = ()) -> list[PendingTicket]:
        """The oldest pending tickets, leaving out ``skip`` (the batch in flight)."""
        o, t = T.outbox.c, T.tickets.c
        query = sa.select(o.ticket_id, t.document, t.content_hash).join(
            T.tickets, t.id == o.ticket_id
        )
        if skip:
            query = query.where(o.ticket_id.not_in(list(skip)))
        with self.db.read(self.db.journal) as conn:
            rows = conn.execute(
                query.where(o.state == "pending")
                # Oldest first. No tie-break on purpose: with one, SQLite sorts every
                # pending row (100 us a ticket with 5,000 waiting) instead of walking
                # the (state, enqueued_at) index.
                .order_by(o.enqueued_at)
                .limit(limit)
            ).all()
        return [PendingTicket(r.ticket_id, r.document, r.content_hash) for r in rows]

    def pending_ids(self) -> list[str]:
        """The ids of the pending tickets, oldest first: what a drain takes on."""
        o = T.outbox.c
        query = sa.select(o.ticket_id).where(o.state == "pending").order_by(o.enqueued_at)
        with self.db.read(self.db.journal) as conn:
            return list(conn.execute(query).scalars())

    def pending(self, ticket_ids: Sequence[str]) -> list[PendingTicket]:
        """These tickets with their documents, in this order, leaving out any that are no
        longer pending (another drain may have recorded them meanwhile)."""
        o, t = T.outbox.c, T.tickets.c
        query = (
            sa.select(t.id, t.document, t.content_hash)
            .join(T.outbox, o.ticket_id == t.id)
            .where(o.state == "pending", o.ticket_id.in_(list(ticket_ids)))
        )
        with self.db.read(self.db.journal) as conn:
            found = {
                r.id: PendingTicket(r.id, r.document, r.content_hash) for r in conn.execute(query)
            }
        return [found[i] for i in ticket_ids if i in found]

    def record(
        self,
        sent: Sequence[PendingTicket],
        results: Sequence[TicketResult],
        unsendable: Sequence[tuple[str, str]] = (),
    ) -> list[str]:
        """Write the answers of one batch in one transaction; ids left pending are returned."""
        answers = [Answer(r.ticket_id, r.status, r.reason) for r in results]
        return self.record_answers([e.ticket_id for e in sent], answers, unsendable)

    # -- the administrator's view
    def quarantined(self) -> list[dict[str, object]]:
        o, t = T.outbox.c, T.tickets.c
        with self.db.read(self.db.journal) as conn:
            rows = conn.execute(
                self.queue.joined(
                    o.ticket_id,
                    t.business_day,
                    t.number,
                    t.total,
                    o.attempts,
                    o.last_attempt_at,
                    o.last_error,
                )
                .where(o.state == "quarantined")
                .order_by(o.enqueued_at, o.ticket_id)
            ).all()
        return [
            {
                "ticket_id": r.ticket_id,
                "business_day": r.business_day,
                "number": r.number,
                "total": str(r.total),
                "attempts": r.attempts,
                "last_attempt_at": iso(r.last_attempt_at),
                "reason": r.last_error,
            }
            for r in rows
        ]

    def relayed_quarantined(self, own_till: str) -> tuple[int, str | None]:
        """How many quarantined tickets belong to other tills (a hub's relay), and the
        reason of the oldest of them."""
        o, t = T.outbox.c, T.tickets.c
        query = (
            sa.select(o.last_error, sa.func.count().over())
            .join(T.tickets, t.id == o.ticket_id)
            .where(o.state == "quarantined", t.till_id != own_till)
            .order_by(o.enqueued_at)
            .limit(1)
        )
        with self.db.read(self.db.journal) as conn:
            row = conn.execute(query).first()
        return (0, None) if row is None else (int(row[1]), row[0])


class _Drain:
    """One drain: batches are prepared and recorded in this thread and posted by helper
    threads, ``IN_FLIGHT`` at most, so the till's work overlaps the server's. The pending
    ids are read once and cut into batches, so a ticket is in one batch only; answers
    are recorded in send order. Until the server has answered once, one batch goes at a
    time: a server that is down costs one failed call, as it always did."""

    def __init__(
        self,
        outbox: Outbox,
        client: TicketSender,
        till_id: str,
        batch_size: int,
        left: Callable[[], bool],
        wake: threading.Event,
        store_id: str | None,
    ) -> None:
        self.outbox = outbox
        self.client = client
        self.till_id = till_id
        self.store_id = store_id
        self.batch_size = batch_size
        self.left = left
        self.wake = wake
        self.report = DrainReport()
        self.answered = False

    def run(self, stop: Callable[[], bool]) -> DrainReport:
        ids = self.outbox.pending_ids()
        keys = till_keys_xml(self.outbox.db, self.till_id) if ids else ""  # for the pin
        taken = 0
        going = True  # False once a call failed, the server skipped tickets, or stop()
        wire: deque[tuple[Prepared, Future[list[TicketResult]] | None]] = deque()
        poster = ThreadPoolExecutor(IN_FLIGHT, thread_name_prefix="outbox")
        try:
            while True:
                room = IN_FLIGHT if self.answered else 1
                if going and taken < len(ids) and len(wire) < room and not stop():
                    chunk = ids[taken : taken + self.batch_size]
                    taken += len(chunk)
                    batch = self.outbox.pending(chunk)
                    if batch:
                        prepared = prepare(batch, self.till_id, self.client, self.store_id, keys)
                        body = prepared.body
                        sent = None if body is None else poster.submit(self._post, body)
                        wire.append((prepared, sent))
                    continue
                if not wire:
                    break
                going = self._settle(*wire.popleft()) and going
        finally:
            # An abandoned call is not waited for: its thread ends with its own timeout.
            poster.shutdown(wait=not self.report.abandoned, cancel_futures=True)
        return self.report

    def _post(self, body: bytes) -> list[TicketResult]:
        return self.client.post_send_tickets(body)

    def _wait(self, sent: Future[list[TicketResult]]) -> list[TicketResult] | None:
        """The batch's answer; None once the till has left this drain's server."""
        sent.add_done_callback(lambda _: self.wake.set())
        while not sent.done():
            if self.report.abandoned:
                return None
            self.wake.wait(RECHECK_SECONDS)
            self.wake.clear()
            if not sent.done() and self.left():
                self.report.abandoned = True
        return sent.result()

    def _settle(self, prepared: Prepared, sent: Future[list[TicketResult]] | None) -> bool:
        """Record one batch's answers; False when the drain must stop."""
        results: list[TicketResult] = []
        if sent is not None:
            try:
                answer = self._wait(sent)
            except (ServerUnavailable, ServerFault) as exc:
                self.outbox.record_failure([e.ticket_id for e in prepared.tickets], str(exc))
                self.report.error = self.report.error or exc
                return False
            if answer is None:
                return False
            results = answer
            self.answered = True
        left = self.outbox.record(prepared.tickets, results, prepared.unsendable)
        self.report.batches += 1
        self.report.unsendable += len(prepared.unsendable)
        sent_ids = {e.ticket_id for e in prepared.tickets}
        for result in results:
            if result.ticket_id in sent_ids:
                self.report.count(result.status)
        return not left  # the server skipped some: try again later rather than loop


def drain(
    outbox: Outbox,
    client: TicketSender,
    till_id: str,
    batch_size: int,
    *,
    stop: Callable[[], bool] = lambda: False,
    left: Callable[[], bool] = lambda: False,
    wake: threading.Event | None = None,
    store_id: str | None = None,
) -> DrainReport:
    """Send what is pending now, batch by batch, until done, a call fails or ``stop()``.

    Tickets closed meanwhile wait for the next drain, so a busy till still gets its
    drains reported and its state recorded. ``store_id`` is the store the till speaks
    for (sent with each request). ``left()`` says the till no longer uses this
    drain's server: the calls in flight are abandoned; ``wake`` set makes it look now.
    """
    drainer = _Drain(outbox, client, till_id, batch_size, left, wake or threading.Event(), store_id)
    report = drainer.run(stop)
    report.remaining = outbox.pending_count()
    return report
