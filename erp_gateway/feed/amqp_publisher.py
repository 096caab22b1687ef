"""Publishing a batch to RabbitMQ with publisher confirms, pipelined: every message of the
batch is sent, then the confirms are awaited together (one at a time, each waiting for
the broker's disk, would cost a round trip and an fsync a message).

pika's asynchronous connection, driven one batch at a time: ``publish`` returns, for each
message, None when the broker confirmed it, or why it did not take it (returned as
unroutable, or nacked). A connection that fails, closes or does not answer within the
timeout raises ``Unavailable`` naming the broker (never its password); pika's own
errors are translated by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pika
from pika.exchange_type import ExchangeType

from connectors.errors import Unavailable


@dataclass(frozen=True)
class Message:
    routing_key: str
    body: bytes
    properties: pika.BasicProperties


class Publisher:
    def __init__(self, url: str, exchange: str, queue: str, timeout: float, label: str) -> None:
        self.label = label
        params = pika.URLParameters(url)
        params.socket_timeout = params.blocked_connection_timeout = timeout
        params.connection_attempts, params.heartbeat = 1, 60
        self.exchange, self.queue, self.timeout = exchange, queue, timeout
        self._channel: Any = None
        self._failure: BaseException | str | None = None
        self._waiting: set[int] = set()
        self._reasons: dict[int, str] = {}
        self._by_id: dict[str, int] = {}
        self._next_tag = 1
        self._closing = False
        self._done: Any = lambda: False
        self._conn = pika.SelectConnection(
            params,
            on_open_callback=self._opened,
            on_open_error_callback=self._failed,
            on_close_callback=self._failed,
        )
        try:
            self._run_until(lambda: self._channel is not None and self._ready)
        except Unavailable:
            self.close()
            raise

    # -- the loop -------------------------------------------------------------------

    def _run_until(self, done: Any) -> None:
        """Run pika's loop until ``done()`` holds (checked after each event) or it fails."""
        loop = self._conn.ioloop
        self._done = done
        if done():
            return
        timer = loop.call_later(self.timeout, self._timed_out)
        loop.start()
        loop.remove_timeout(timer)
        if self._failure is not None and not self._closing:
            raise Unavailable(f"broker {self.label}: {self._failure}", target=self.label)

    def _event(self) -> None:
        if self._failure is not None or self._done():
            self._conn.ioloop.stop()

    def _fail(self, why: BaseException | str) -> None:
        if self._failure is None:
            self._failure = why
        if not self._closing or self._done():  # closing: the channel goes first, then this
            self._conn.ioloop.stop()

    def _timed_out(self) -> None:
        self._failure = self._failure or f"no answer in {self.timeout:g} s"
        self._conn.ioloop.stop()

    def _failed(self, _conn: Any, error: BaseException) -> None:
        self._fail(error)

    # -- opening --------------------------------------------------------------------

    _ready = False

    def _opened(self, conn: Any) -> None:
        conn.channel(on_open_callback=self._channel_opened)

    def _channel_opened(self, channel: Any) -> None:
        channel.add_on_close_callback(lambda _ch, reason: self._fail(reason))
        channel.add_on_return_callback(self._returned)
        channel.confirm_delivery(self._confirmed, callback=lambda _f: self._declare(channel))

    def _declare(self, channel: Any) -> None:
        def bound(_frame: Any = None) -> None:
            self._channel, self._ready = channel, True
            self._event()

        def exchange_ok(_frame: Any) -> None:
            if not self.queue:
                bound()
                return
            channel.queue_declare(
                self.queue,
                durable=True,
                callback=lambda _f: channel.queue_bind(
                    self.queue, self.exchange, "#", callback=bound
                ),
            )

        channel.exchange_declare(
            self.exchange, exchange_type=ExchangeType.topic, durable=True, callback=exchange_ok
        )

    # -- confirms -------------------------------------------------------------------

    def _returned(self, _ch: Any, method: Any, props: Any, _body: bytes) -> None:
        tag = self._by_id.get(props.message_id)
        if tag is not None:
            self._reasons[tag] = (
                f"unroutable: no queue bound to exchange {self.exchange!r} takes "
                f"{method.routing_key!r} ({method.reply_text})"
            )
        self._event()

    def _confirmed(self, frame: Any) -> None:
        method = frame.method
        tags = (
            {t for t in self._waiting if t <= method.delivery_tag}
            if method.multiple
            else {method.delivery_tag}
        )
        if isinstance(method, pika.spec.Basic.Nack):
            for t in tags:
                self._reasons.setdefault(t, "the broker refused the message (nack)")
        self._waiting -= tags
        self._event()

    def publish(self, messages: Sequence[Message]) -> list[str | None]:
        """Send every message, then wait for all their confirms; per message, None
        (confirmed) or why the broker did not take it."""
        self._reasons.clear()
        self._by_id.clear()
        tags = []
        for m in messages:
            tag, self._next_tag = self._next_tag, self._next_tag + 1
            self._waiting.add(tag)
            self._by_id[m.properties.message_id] = tag
            self._channel.basic_publish(
                self.exchange, m.routing_key, m.body, m.properties, mandatory=True
            )
            tags.append(tag)
        self._run_until(lambda: not self._waiting)
        return [self._reasons.get(t) for t in tags]

    def close(self) -> None:
        """Close the connection (waiting for the broker's answer) and pika's loop."""
        self._closing = True
        try:
            if not (self._conn.is_closed or self._conn.is_closing):
                self._conn.close()
            if not self._conn.is_closed:
                self._run_until(lambda: self._conn.is_closed)
        except pika.exceptions.ConnectionWrongStateError:
            pass  # it was still opening, or already going: nothing more to close
        finally:
            self._conn.ioloop.close()
