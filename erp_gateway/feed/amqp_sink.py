"""The amqp sink: one persistent message a document to a durable topic exchange of
RabbitMQ (pika), routing key the document's kind, message id the document's id; each
publish waits for the broker's confirm.

The broker holds no cursor, so the gateway keeps it (``feed_sink_state``) and moves it
only after every message of a batch was confirmed. Before sending a batch the gateway
records how far it goes (``in_flight_to``); a feed killed or cut off before moving the
cursor sends those places again, each message marked ``resent`` in its headers: only
those can reach the ERP twice, and the ERP drops them by message id (or by ``feed_seq``,
which only grows). A message no queue takes (``mandatory``) or that the broker refuses
(a nack) is set aside with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pika
import sqlalchemy as sa

from connectors.errors import Unavailable
from connectors.settings import Url
from erp_gateway.config import ErpSinkSettings
from erp_gateway.db import GatewayDatabase
from erp_gateway.feed.amqp_publisher import Message, Publisher
from erp_gateway.feed.arrivals import feed_held, feed_sink_state
from erp_gateway.feed.records import FINDING_KINDS, FeedDocument, document_json
from erp_gateway.feed.sinks import CursorMoved, Held

log = logging.getLogger("tillsync.feed")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AmqpSink:
    def __init__(
        self, db: GatewayDatabase, name: str, settings: ErpSinkSettings, publisher: Publisher
    ) -> None:
        self.name = name
        self.exchange = settings.exchange
        self.label = Url().redact(settings.url)
        self._db = db
        self._publisher = publisher
        self._last: int | None = None

    @classmethod
    def open(cls, db: GatewayDatabase, name: str, settings: ErpSinkSettings) -> AmqpSink:
        label = Url().redact(settings.url)
        with _broker(name, label):
            publisher = Publisher(
                settings.url, settings.exchange, settings.queue, settings.timeout, label
            )
        return cls(db, name, settings, publisher)

    def close(self) -> None:
        try:
            with _broker(self.name, self.label):
                self._publisher.close()
        except Unavailable:
            log.info("amqp sink %s: the connection was already gone", self.name)

    # -- the cursor, kept by the gateway ------------------------------------------------

    def _state(self, conn: sa.Connection) -> sa.Row[Any]:
        s = feed_sink_state.c
        row = conn.execute(sa.select(feed_sink_state).where(s.sink == self.name)).first()
        if row is None:
            conn.execute(
                sa.insert(feed_sink_state).values(sink=self.name, position=0, updated_at=_now())
            )
            row = conn.execute(sa.select(feed_sink_state).where(s.sink == self.name)).one()
        return row

    def position(self) -> int:
        self._last = int(self._db.write(self._state).position)
        return self._last

    def _set(self, frm: int, **values: object) -> Callable[[sa.Connection], None]:
        def work(conn: sa.Connection) -> None:
            s = feed_sink_state.c
            self._state(conn)
            moved = conn.execute(
                sa.update(feed_sink_state)
                .where(s.sink == self.name, s.position == frm)
                .values(updated_at=_now(), **values)
            ).rowcount
            if moved != 1:
                raise CursorMoved(
                    f"amqp sink {self.name}: the cursor is no longer at {frm}", sink=self.name
                )

        return work

    # -- publishing ---------------------------------------------------------------

    def _message(self, doc: FeedDocument, resent: bool) -> Message:
        kind = "finding" if doc.kind in FINDING_KINDS else doc.kind
        props = pika.BasicProperties(
            message_id=doc.feed_id,
            delivery_mode=pika.DeliveryMode.Persistent,
            content_type="application/json",
            type=kind,
            timestamp=int(doc.received_at.timestamp()),
            app_id="tillsync-erp-gateway",
            headers={"feed_seq": doc.seq, "sink": self.name, "resent": resent},
        )
        body = json.dumps(document_json(doc), ensure_ascii=False, separators=(",", ":"))
        return Message(kind, body.encode(), props)

    def _publish(self, docs: Sequence[FeedDocument], resent_to: int) -> list[str | None]:
        """Each document's fate at the broker: None (confirmed) or why it was not taken."""
        with _broker(self.name, self.label):
            return self._publisher.publish([self._message(d, d.seq <= resent_to) for d in docs])

    def deliver(self, docs: Sequence[FeedDocument], upto: int) -> list[Held]:
        frm = self.position() if self._last is None else self._last
        state = self._db.write(self._state)
        resent_to = int(state.in_flight_to or 0)
        self._db.write(self._set(frm, in_flight_to=max(upto, resent_to)))
        held = [
            Held(doc.seq, doc.kind, doc.feed_id, reason, _now())
            for doc, reason in zip(docs, self._publish(docs, resent_to), strict=True)
            if reason is not None
        ]
        last = upto >= resent_to

        def commit(conn: sa.Connection) -> None:
            self._set(frm, position=upto, in_flight_to=None if last else resent_to)(conn)
            for h in held:
                conn.execute(
                    sa.delete(feed_held).where(
                        feed_held.c.sink == self.name, feed_held.c.seq == h.seq
                    )
                )
                conn.execute(
                    sa.insert(feed_held).values(
                        sink=self.name,
                        seq=h.seq,
                        kind=h.kind,
                        document_id=h.document_id,
                        reason=h.reason,
                        held_at=h.held_at,
                    )
                )

        self._db.write(commit)
        self._last = upto
        for h in held:
            log.warning(
                "amqp sink %s set aside %s %s: %s", self.name, h.kind, h.document_id, h.reason
            )
        return held

    def rewind(self, to: int) -> None:
        def work(conn: sa.Connection) -> None:
            self._state(conn)
            conn.execute(
                sa.update(feed_sink_state)
                .where(feed_sink_state.c.sink == self.name)
                .values(position=to, in_flight_to=None, updated_at=_now())
            )
            conn.execute(
                sa.delete(feed_held).where(feed_held.c.sink == self.name, feed_held.c.seq > to)
            )

        self._db.write(work)
        self._last = to

    # -- set aside ----------------------------------------------------------------

    def held(self) -> list[Held]:
        h = feed_held.c
        with self._db.read() as conn:
            rows = conn.execute(
                sa.select(feed_held).where(h.sink == self.name).order_by(h.seq)
            ).all()
        return [Held(r.seq, r.kind, r.document_id, r.reason, r.held_at) for r in rows]

    def retry(self, docs: Sequence[FeedDocument]) -> list[Held]:
        still: list[Held] = []
        taken: list[int] = []
        for doc, reason in zip(docs, self._publish(docs, 0), strict=True):
            if reason is None:
                taken.append(doc.seq)
            else:
                still.append(Held(doc.seq, doc.kind, doc.feed_id, reason, _now()))

        def work(conn: sa.Connection) -> None:
            h = feed_held.c
            if taken:
                conn.execute(sa.delete(feed_held).where(h.sink == self.name, h.seq.in_(taken)))
            for s in still:
                conn.execute(
                    sa.update(feed_held)
                    .where(h.sink == self.name, h.seq == s.seq)
                    .values(reason=s.reason, held_at=s.held_at)
                )

        self._db.write(work)
        return still


@contextmanager
def _broker(name: str, label: str) -> Iterator[None]:
    """pika's own errors (connection refused, lost, closed by the broker) as Unavailable."""
    try:
        yield
    except (pika.exceptions.AMQPError, OSError) as exc:
        raise Unavailable(
            f"amqp sink {name} ({label}): {type(exc).__name__} {exc}".rstrip(), target=label
        ) from exc
