"""The sync agent: timed and drip uploads, the ping, messages at day events and between tickets.

Every network call runs on one of two background threads (``tickets`` and ``calls``);
the scheduler and the till's listeners only ask them for work, so the cashier never
waits and one till never sends two batches at once. In drip mode the messages asked for
between two tickets follow the ticket on the ``tickets`` thread instead of racing it.
Each scheduled job is guarded: an exception is logged and the job stays scheduled.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

import schedule
import sqlalchemy as sa

from standalone_till import schema as T
from standalone_till.model import Ticket
from standalone_till.sync.worker import CoalescingWorker

if TYPE_CHECKING:
    from standalone_till.service import Till

log = logging.getLogger("tillsync.sync")
WATCH_SECONDS = 1  # how often the journal is checked for tickets closed by other processes
BETWEEN_TICKETS = "between_tickets"


class Agent:
    def __init__(self, till: Till) -> None:
        self.till = till
        self.uplink = till.uplink
        self.timings = till.cfg.timings
        self.scheduler = schedule.Scheduler()
        self.tickets = CoalescingWorker("tickets", self._send)
        self.calls = CoalescingWorker("calls", self._call)
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._last_ticket: tuple[str, int] | None = None
        self._started = False

    # -- life
    def start(self) -> None:
        """Ping, send what is left, and schedule the jobs; returns at once."""
        self._last_ticket = self._newest_ticket()
        self.till.listeners.append(self)
        self.tickets.start()
        self.calls.start()
        self._started = True
        self.calls.request("ping")
        self.tickets.request()
        every, t = self.scheduler.every, self.timings
        every(t.ticket_sync_interval).seconds.do(_guard, "ticket sync", self.tickets.request)
        every(t.ping_interval).seconds.do(_guard, "ping", self.calls.request, "ping")
        every(t.ticket_sync_interval).seconds.do(_guard, "message acks", self.calls.request, "acks")
        every(WATCH_SECONDS).seconds.do(_guard, "journal watch", self._watch)
        if t.changes_interval and self.till.cfg.ftp.host:
            every(t.changes_interval).seconds.do(
                _guard, "catalog changes", self.calls.request, "changes"
            )
        queue = self.till.print_queue
        if queue is not None:
            interval = self.till.devices.retry_interval
            every(round(interval)).seconds.do(_guard, "receipts", self.calls.request, "receipts")

    def run_pending(self) -> None:
        self.scheduler.run_pending()

    def run_forever(self, stop: threading.Event) -> None:
        """Run until ``stop`` is set (Ctrl-C, SIGTERM, the GUI closing), then stop cleanly."""
        self.start()
        try:
            while not stop.is_set():
                self.run_pending()
                idle = self.scheduler.idle_seconds
                stop.wait(min(1.0, max(0.05, idle if idle is not None else 1.0)))
        finally:
            self.stop()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self.scheduler.clear()
        if self in self.till.listeners:
            self.till.listeners.remove(self)
        if self._started:
            self.tickets.stop(timeout)
            self.calls.stop(timeout)

    def idle(self, timeout: float = 30.0) -> bool:
        """Wait until both threads have nothing to do (for tests and a clean shutdown)."""
        return self.tickets.idle(timeout) and self.calls.idle(timeout)

    # -- what the till tells (cashier's thread: only ask, never wait)
    def ticket_closed(self, ticket: Ticket) -> None:
        if ticket.business_day is not None and ticket.number is not None:
            with self._lock:
                self._last_ticket = max(
                    self._last_ticket or ("", 0), (ticket.business_day.isoformat(), ticket.number)
                )
        self._between_tickets()

    def day_event(self, event: str) -> None:
        self.calls.request(event)

    def document_recorded(self, kind: str) -> None:
        if self.timings.drip:  # up at once, as a ticket is; else at the next timed sync
            self.tickets.request()

    def _between_tickets(self) -> None:
        if self.timings.drip:
            # Messages after the ticket, on the same thread: both calls note the till on
            # the gateway, and two at the same moment would only wait on each other there.
            self.tickets.request(BETWEEN_TICKETS)
        else:
            self.calls.request(BETWEEN_TICKETS)

    # -- jobs
    def _watch(self) -> None:
        """Notice tickets closed by another process (`till sell`) as if closed here."""
        newest = self._newest_ticket()
        with self._lock:
            changed = newest is not None and newest != self._last_ticket
            if changed:
                self._last_ticket = newest
        if changed:
            self._between_tickets()

    def _newest_ticket(self) -> tuple[str, int] | None:
        t = T.tickets.c
        db = self.till.db
        with db.read(db.journal) as conn:
            row = conn.execute(
                sa.select(t.business_day, t.number)
                .where(t.till_id == self.uplink.till_id)
                .order_by(t.business_day.desc(), t.number.desc())
                .limit(1)
            ).first()
        return None if row is None else (row.business_day, row.number)

    def _send(self, then: Hashable) -> None:
        tickets = self.uplink.send_tickets(stop=self._stopping.is_set)
        if tickets.error is None and not self._stopping.is_set():
            # After the tickets: a closure names ticket numbers the gateway should hold.
            self.uplink.send_documents(stop=self._stopping.is_set)
            if self.uplink.resent.is_set() and not self._stopping.is_set():
                # the answer named tickets the gateway lacks: back in the outbox, sent now
                self.uplink.resent.clear()
                self.uplink.send_tickets(stop=self._stopping.is_set)
        if then == BETWEEN_TICKETS and not self._stopping.is_set():
            self.uplink.fetch_messages(BETWEEN_TICKETS)

    def _call(self, what: Hashable) -> None:
        if what == "ping":
            if self.uplink.ping().recovered:
                self.tickets.request()
                self.calls.request("acks")
            elif self.uplink.resent.is_set():  # the gateway named tickets it lacks
                self.tickets.request()
        elif what == "acks":
            self.uplink.ack_messages()
        elif what == "changes":
            self.till.refresh_catalog()
        elif what == "receipts":
            queue = self.till.print_queue
            if queue is not None:
                queue.retry_pending()
        else:
            self.uplink.fetch_messages(str(what))


def _guard(name: str, job: Callable[..., None], *args: object) -> None:
    # schedule drops a job whose run raised: log the bug instead, keep the job.
    try:
        job(*args)
    except Exception:
        log.exception("scheduled job %s failed", name)
