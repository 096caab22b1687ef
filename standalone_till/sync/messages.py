"""Messages from head office: stored on arrival, acknowledged, shown once.

The till asks for messages at day open, day close, closure and between two tickets.
Each message is stored before it is acknowledged to the server, so a failed ack only
means it is acknowledged later (the server may send it again: ids make that harmless).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from standalone_till import schema as T
from standalone_till.clock import Clock, iso, utcnow
from standalone_till.store import TillDatabase

if TYPE_CHECKING:
    from ticket_contract.client import Message

EVENTS = ("day_open", "day_close", "closure", "between_tickets")
ACK_BATCH = 1000  # the contract's most ids per AckMessages


@dataclass(frozen=True, slots=True)
class StoredMessage:
    id: int
    text: str
    event: str
    created_at: dt.datetime
    valid_until: dt.datetime | None
    received_at: dt.datetime
    shown_at: dt.datetime | None
    acked_at: dt.datetime | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "text": self.text,
            "event": self.event,
            "created_at": iso(self.created_at),
            "valid_until": iso(self.valid_until),
            "received_at": iso(self.received_at),
            "shown_at": iso(self.shown_at),
            "acked_at": iso(self.acked_at),
        }


class MessageBox:
    """The ``messages`` table of the journal."""

    def __init__(self, db: TillDatabase, clock: Clock = utcnow) -> None:
        self.db = db
        self.clock = clock

    def store(self, messages: Sequence[Message], event: str) -> list[int]:
        """Keep the messages not seen before; their ids."""
        if not messages:
            return []
        m = T.messages.c
        now = self.clock()
        with self.db.write(self.db.journal) as conn:
            known = set(
                conn.execute(
                    sa.select(m.id).where(m.id.in_([msg.id for msg in messages]))
                ).scalars()
            )
            new = {msg.id: msg for msg in messages if msg.id not in known}
            if new:
                conn.execute(
                    sa.insert(T.messages),
                    [
                        {
                            "id": msg.id,
                            "text": msg.text,
                            "event": event,
                            "created_at": msg.created_at,
                            "valid_until": msg.valid_until,
                            "received_at": now,
                        }
                        for msg in new.values()
                    ],
                )
        return sorted(new)

    def unacked(self) -> list[int]:
        m = T.messages.c
        with self.db.read(self.db.journal) as conn:
            return list(
                conn.execute(
                    sa.select(m.id).where(m.acked_at.is_(None)).order_by(m.id).limit(ACK_BATCH)
                ).scalars()
            )

    def mark_acked(self, ids: Sequence[int]) -> None:
        self._mark(ids, "acked_at")

    def mark_shown(self, ids: Sequence[int]) -> None:
        self._mark(ids, "shown_at")

    def _mark(self, ids: Sequence[int], column: str) -> None:
        if not ids:
            return
        m = T.messages.c
        with self.db.write(self.db.journal) as conn:
            conn.execute(
                sa.update(T.messages)
                .where(m.id.in_(list(ids)), m[column].is_(None))
                .values({column: self.clock()})
            )

    def to_show(self) -> list[StoredMessage]:
        """Messages not shown yet and still valid, oldest first."""
        m = T.messages.c
        now = self.clock()
        query = sa.select(T.messages).where(
            m.shown_at.is_(None), sa.or_(m.valid_until.is_(None), m.valid_until > now)
        )
        return self._list(query.order_by(m.created_at, m.id))

    def recent(self, limit: int = 50) -> list[StoredMessage]:
        m = T.messages.c
        return self._list(
            sa.select(T.messages).order_by(m.received_at.desc(), m.id.desc()).limit(limit)
        )

    def _list(self, query: sa.Select[tuple[object, ...]]) -> list[StoredMessage]:
        with self.db.read(self.db.journal) as conn:
            rows = conn.execute(query).all()
        return [
            StoredMessage(
                r.id,
                r.text,
                r.event,
                r.created_at,
                r.valid_until,
                r.received_at,
                r.shown_at,
                r.acked_at,
            )
            for r in rows
        ]
