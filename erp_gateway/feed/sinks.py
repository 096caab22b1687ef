"""A sink: where the feed's documents go. Three methods carry the feed (``position``,
``deliver``, ``rewind``) and two the documents it set aside (``held``, ``retry``).

``deliver`` is atomic in the sink's own store: the documents (those it refuses set aside
with the reason) and the new position are kept together or not at all, so a feed killed
at any point starts again from a position that matches what the sink holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from connectors.errors import BadInput, ConfigError, Unavailable
from erp_gateway.config import ErpSinkSettings, GatewayConfig
from erp_gateway.db import GatewayDatabase
from erp_gateway.feed.records import FeedDocument


class SinkNotReady(BadInput):
    """The sink's store is not set up for the feed (run ``erp-gateway feed init``)."""

    def __init__(self, message: str, *, sink: str) -> None:
        super().__init__(message)
        self.sink = sink


class CursorMoved(Unavailable):
    """Another feed moved the sink's cursor while this one delivered a batch: the batch
    was not kept; the next round starts from the cursor as it is."""

    def __init__(self, message: str, *, sink: str) -> None:
        super().__init__(message, target=sink)
        self.sink = sink


@dataclass(frozen=True)
class Held:
    """A document a sink refused, set aside with the reason."""

    seq: int
    kind: str
    document_id: str
    reason: str
    held_at: dt.datetime


class Sink(Protocol):
    name: str

    def position(self) -> int:
        """The last place delivered (0 = none)."""
        ...

    def deliver(self, docs: Sequence[FeedDocument], upto: int) -> list[Held]:
        """Keep ``docs`` and move the position to ``upto``, all or nothing; what the sink
        refuses is set aside (and returned) and does not stop the others."""
        ...

    def rewind(self, to: int) -> None:
        """Move the position back to ``to``: what follows is delivered again."""
        ...

    def held(self) -> list[Held]: ...

    def retry(self, docs: Sequence[FeedDocument]) -> list[Held]:
        """Deliver set-aside documents again; those kept leave the list, the others stay
        (with the new reason) and are returned."""
        ...

    def close(self) -> None: ...


def open_sink(
    cfg: GatewayConfig, db: GatewayDatabase, name: str, settings: ErpSinkSettings
) -> Sink:
    """The configured sink ``name``, connected."""
    if settings.kind == "sql":
        from erp_gateway.feed.sql_sink import SqlSink

        return SqlSink.open(name, settings)
    if settings.kind == "files":
        from erp_gateway.feed.files_sink import FilesSink

        return FilesSink.open(cfg, name, settings)
    if settings.kind == "amqp":
        from erp_gateway.feed.amqp_sink import AmqpSink

        return AmqpSink.open(db, name, settings)
    raise ConfigError(f"erp_sink.{name}: kind must be sql, files or amqp, got {settings.kind!r}")
