"""The outbox drain: send the oldest pending tickets in batches and record each answer.

Each batch is read, mapped and encoded (the next one while the current one is on the
wire), sent with no transaction open, and its answers written in one short transaction:
accepted and duplicate leave the outbox (the ticket records when and how), mismatch and
rejected are quarantined with the reason for the administrator, and so are tickets the
contract cannot carry, without asking the server. A crash between sending and
recording is harmless: the resend is answered ``duplicate``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa

from connectors.errors import BadInput, ServerFault, ServerUnavailable
from standalone_till import schema as T
from standalone_till.store import TillDatabase
from standalone_till.sync.mapping import ContractTicket, contract_ticket
from standalone_till.sync.state import Clock, iso, utcnow

if TYPE_CHECKING:
    from connectors.soap.client import TicketResult

log = logging.getLogger("tillsync.sync")
SENT = ("accepted", "duplicate")
SET_ASIDE = ("mismatch", "rejected")


class TicketSender(Protocol):
    def encode_send_tickets(self, till_id: str, tickets: Sequence[ContractTicket]) -> bytes: ...

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


def prepare(batch: Sequence[PendingTicket], till_id: str, client: TicketSender) -> Prepared:
    """The batch as a SendTickets request; tickets the contract cannot carry set aside."""
    sendable: list[PendingTicket] = []
    contracts: list[ContractTicket] = []
    unsendable: list[tuple[str, str]] = []
    for entry in batch:
        try:
            contracts.append(contract_ticket(json.loads(entry.document), entry.content_hash))
        except BadInput as exc:
            unsendable.append((entry.ticket_id, str(exc)))
            continue
        sendable.append(entry)
    body = client.encode_send_tickets(till_id, contracts) if contracts else None
    return Prepared(sendable, body, unsendable)


class Outbox:
    """The outbox table of one till's journal."""

    def __init__(self, db: TillDatabase, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

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

    def pending_count(self) -> int:
        o = T.outbox.c
        with self.db.read(self.db.journal) as conn:
            return conn.execute(sa.select(sa.func.count()).where(o.state == "pending")).scalar_one()

    def record(
        self,
        sent: Sequence[PendingTicket],
        results: Sequence[TicketResult],
        unsendable: Sequence[tuple[str, str]] = (),
    ) -> list[str]:
        """Write the answers of one batch in one transaction; ids left pending are returned."""
        now = self.clock()
        by_id = {r.ticket_id: r for r in results}
        ids = {e.ticket_id for e in sent}
        stray = sorted(set(by_id) - ids)
        if stray:
            log.warning("the server answered for tickets not sent: %s", ", ".join(stray[:5]))
        aside = [(tid, reason) for tid, reason in unsendable]
        aside += [
            (r.ticket_id, f"{r.status}: {r.reason or 'no reason given'}")
            for r in results
            if r.ticket_id in ids and r.status in SET_ASIDE
        ]
        unanswered = [e.ticket_id for e in sent if e.ticket_id not in by_id]
        with self.db.write(self.db.journal) as conn:
            for status in SENT:
                done = [r.ticket_id for r in results if r.ticket_id in ids and r.status == status]
                self._mark_sent(conn, done, status, now)
            self._quarantine(conn, aside, now)
            self._failed(conn, unanswered, "the server gave no result for this ticket", now)
        return unanswered

    def record_failure(self, ticket_ids: Sequence[str], error: str) -> None:
        with self.db.write(self.db.journal) as conn:
            self._failed(conn, ticket_ids, error, self.clock())

    @staticmethod
    def _mark_sent(conn: sa.Connection, ids: list[str], status: str, now: dt.datetime) -> None:
        if not ids:
            return
        conn.execute(sa.delete(T.outbox).where(T.outbox.c.ticket_id.in_(ids)))
        # The first answer stands (another process may have sent the same batch).
        conn.execute(
            sa.update(T.tickets)
            .where(T.tickets.c.id.in_(ids), T.tickets.c.synced_at.is_(None))
            .values(synced_at=now, sync_result=status)
        )

    @staticmethod
    def _quarantine(conn: sa.Connection, aside: list[tuple[str, str]], now: dt.datetime) -> None:
        o = T.outbox.c
        for ticket_id, reason in aside:
            conn.execute(
                sa.update(T.outbox)
                .where(o.ticket_id == ticket_id)
                .values(
                    state="quarantined",
                    last_error=reason[:2000],
                    attempts=o.attempts + 1,
                    last_attempt_at=now,
                )
            )
            log.warning("ticket %s quarantined: %s", ticket_id, reason)

    @staticmethod
    def _failed(conn: sa.Connection, ids: Sequence[str], error: str, now: dt.datetime) -> None:
        if not ids:
            return
        o = T.outbox.c
        conn.execute(
            sa.update(T.outbox)
            .where(o.ticket_id.in_(list(ids)), o.state == "pending")
            .values(attempts=o.attempts + 1, last_attempt_at=now, last_error=error[:2000])
        )

    # -- the administrator's view
    def quarantined(self) -> list[dict[str, object]]:
        o, t = T.outbox.c, T.tickets.c
        with self.db.read(self.db.journal) as conn:
            rows = conn.execute(
                sa.select(
                    o.ticket_id,
                    t.business_day,
                    t.number,
                    t.total,
                    o.attempts,
                    o.last_attempt_at,
                    o.last_error,
                )
                .join(T.tickets, t.id == o.ticket_id)
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

    def retry(self, ticket_ids: Sequence[str] | None) -> int:
        """Put quarantined tickets (all of them with None) back in line; how many moved."""
        o = T.outbox.c
        query = sa.update(T.outbox).where(o.state == "quarantined")
        if ticket_ids is not None:
            query = query.where(o.ticket_id.in_(list(ticket_ids)))
        with self.db.write(self.db.journal) as conn:
            return conn.execute(query.values(state="pending")).rowcount


class _Drain:
    """One drain: the next batch is read, mapped and encoded on a helper thread while the
    current one is on the wire, so the till's work overlaps the server's."""

    def __init__(self, outbox: Outbox, client: TicketSender, till_id: str, batch_size: int) -> None:
        self.outbox = outbox
        self.client = client
        self.till_id = till_id
        self.batch_size = batch_size
        self.report = DrainReport()

    def _prepare(self, limit: int, skip: Sequence[str]) -> Prepared | None:
        batch = self.outbox.next_batch(limit, skip)
        return prepare(batch, self.till_id, self.client) if batch else None

    def run(self, stop: Callable[[], bool]) -> DrainReport:
        budget = self.outbox.pending_count()
        with ThreadPoolExecutor(1, thread_name_prefix="outbox") as helper:
            ahead: Future[Prepared | None] | None = helper.submit(
                self._prepare, min(self.batch_size, budget), ()
            )
            taken = 0
            while ahead is not None:
                prepared = ahead.result()
                ahead = None
                if prepared is None or stop():
                    break
                taken += prepared.size
                if taken < budget:
                    skip = [e.ticket_id for e in prepared.tickets]
                    skip += [ticket_id for ticket_id, _ in prepared.unsendable]
                    limit = min(self.batch_size, budget - taken)
                    ahead = helper.submit(self._prepare, limit, skip)
                if not self._send(prepared):
                    break
        return self.report

    def _send(self, prepared: Prepared) -> bool:
        """Send one batch and record its answers; False when the drain must stop."""
        results: list[TicketResult] = []
        if prepared.body is not None:
            try:
                results = self.client.post_send_tickets(prepared.body)
            except (ServerUnavailable, ServerFault) as exc:
                self.outbox.record_failure([e.ticket_id for e in prepared.tickets], str(exc))
                self.report.error = exc
                return False
        left = self.outbox.record(prepared.tickets, results, prepared.unsendable)
        self.report.batches += 1
        self.report.unsendable += len(prepared.unsendable)
        sent = {e.ticket_id for e in prepared.tickets}
        for result in results:
            if result.ticket_id in sent:
                self.report.count(result.status)
        return not left  # the server skipped some: try again later rather than loop


def drain(
    outbox: Outbox,
    client: TicketSender,
    till_id: str,
    batch_size: int,
    *,
    stop: Callable[[], bool] = lambda: False,
) -> DrainReport:
    """Send what is pending now, batch by batch, until done, a call fails or ``stop()``.

    Tickets closed meanwhile wait for the next drain, so a busy till still gets its
    drains reported and its state recorded.
    """
    report = _Drain(outbox, client, till_id, batch_size).run(stop)
    report.remaining = outbox.pending_count()
    return report
