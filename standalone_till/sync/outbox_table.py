"""What every outbox of the journal does with the server's answers, written once: the
ticket outbox (``outbox``) and the documents outbox (``documents``) are each an
``OutboxTable`` over their own table.

Accepted and duplicate leave the outbox (the ticket or document records when and how);
mismatch and rejected are quarantined with the reason, as is what the contract cannot
carry; a call that failed, or an entry the server gave no answer for, stays pending with
its attempt counted; the administrator puts quarantined entries back in line.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, TypeVar

import sqlalchemy as sa

from connectors.errors import BadInput
from standalone_till.clock import Clock, utcnow
from standalone_till.store import TillDatabase

log = logging.getLogger("tillsync.sync")
SENT = ("accepted", "duplicate")
SET_ASIDE = ("mismatch", "rejected")


class Answer(NamedTuple):
    """The server's answer for one entry of a batch."""

    id: str
    status: str  # accepted | duplicate | mismatch | rejected
    reason: str | None


@dataclass(frozen=True, slots=True)
class Queue:
    """An outbox table, its key column, and the table of what it holds (with its key)."""

    noun: str  # "ticket" | "document", for the log and the errors
    outbox: sa.Table
    key: str
    held: sa.Table
    held_key: str = "id"

    def joined(self, *columns: sa.ColumnElement[Any]) -> sa.Select[Any]:
        """``columns`` of the outbox joined to what it holds."""
        on = self.held.c[self.held_key] == self.outbox.c[self.key]
        return sa.select(*columns).join(self.held, on)


class OutboxTable:
    """The writes of one outbox table: answers, failures, the quarantine, retries."""

    queue: Queue

    def __init__(self, db: TillDatabase, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    def pending_count(self) -> int:
        o = self.queue.outbox.c
        with self.db.read(self.db.journal) as conn:
            return conn.execute(sa.select(sa.func.count()).where(o.state == "pending")).scalar_one()

    def record_answers(
        self,
        sent: Sequence[str],
        answers: Sequence[Answer],
        unsendable: Sequence[tuple[str, str]] = (),
    ) -> list[str]:
        """Write the answers of one batch (``sent``: its ids) and the entries the contract
        cannot carry, ``(id, reason)``, in one transaction; the ids left pending."""
        now = self.clock()
        ids = set(sent)
        stray = sorted({a.id for a in answers} - ids)
        if stray:
            noun = self.queue.noun
            log.warning("the server answered for %ss not sent: %s", noun, ", ".join(stray[:5]))
        by_id = {a.id: a for a in answers if a.id in ids}
        aside = list(unsendable) + [
            (a.id, f"{a.status}: {a.reason or 'no reason given'}")
            for a in by_id.values()
            if a.status in SET_ASIDE
        ]
        unanswered = [i for i in sent if i not in by_id]
        with self.db.write(self.db.journal) as conn:
            for status in SENT:
                self._mark_sent(
                    conn, [a.id for a in by_id.values() if a.status == status], status, now
                )
            for entry_id, reason in aside:
                self._quarantine(conn, entry_id, reason, now)
            self._failed(
                conn, unanswered, f"the server gave no result for this {self.queue.noun}", now
            )
        return unanswered

    def record_failure(self, ids: Sequence[str], error: str) -> None:
        with self.db.write(self.db.journal) as conn:
            self._failed(conn, ids, error, self.clock())

    def retry(self, ids: Sequence[str] | None) -> int:
        """Put quarantined entries (all of them with None) back in line; how many moved."""
        q = self.queue
        query = sa.update(q.outbox).where(q.outbox.c.state == "quarantined")
        if ids is not None:
            query = query.where(q.outbox.c[q.key].in_(list(ids)))
        with self.db.write(self.db.journal) as conn:
            return conn.execute(query.values(state="pending")).rowcount

    def _mark_sent(
        self, conn: sa.Connection, ids: list[str], status: str, now: dt.datetime
    ) -> None:
        if not ids:
            return
        q = self.queue
        conn.execute(sa.delete(q.outbox).where(q.outbox.c[q.key].in_(ids)))
        held = q.held.c
        # The first answer stands (another process may have sent the same batch).
        conn.execute(
            sa.update(q.held)
            .where(held[q.held_key].in_(ids), held.synced_at.is_(None))
            .values(synced_at=now, sync_result=status)
        )

    def _quarantine(
        self, conn: sa.Connection, entry_id: str, reason: str, now: dt.datetime
    ) -> None:
        q = self.queue
        o = q.outbox.c
        conn.execute(
            sa.update(q.outbox)
            .where(o[q.key] == entry_id)
            .values(
                state="quarantined",
                last_error=reason[:2000],
                attempts=o.attempts + 1,
                last_attempt_at=now,
            )
        )
        log.warning("%s %s quarantined: %s", q.noun, entry_id, reason)

    def _failed(
        self, conn: sa.Connection, ids: Sequence[str], error: str, now: dt.datetime
    ) -> None:
        if not ids:
            return
        q = self.queue
        o = q.outbox.c
        conn.execute(
            sa.update(q.outbox)
            .where(o[q.key].in_(list(ids)), o.state == "pending")
            .values(attempts=o.attempts + 1, last_attempt_at=now, last_error=error[:2000])
        )


class Stored(Protocol):
    """An entry of an outbox as read for sending: its stored JSON and its hash."""

    @property
    def document(self) -> str: ...
    @property
    def content_hash(self) -> str: ...


E = TypeVar("E", bound=Stored)


def written(
    batch: Sequence[E], id_of: Callable[[E], str], write: Callable[[Any, str], str]
) -> tuple[list[E], list[str], list[tuple[str, str]]]:
    """(the entries the contract can carry, their elements as ``write`` writes them,
    ``(id, reason)`` of those it cannot carry)."""
    sendable: list[E] = []
    elements: list[str] = []
    unsendable: list[tuple[str, str]] = []
    for entry in batch:
        try:
            elements.append(write(json.loads(entry.document), entry.content_hash))
        except BadInput as exc:
            unsendable.append((id_of(entry), str(exc)))
            continue
        sendable.append(entry)
    return sendable, elements, unsendable
