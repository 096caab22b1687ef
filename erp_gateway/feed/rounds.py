"""One round of one sink, and what the CLI shows and changes: status, rewind, the
documents set aside and taking them back.

:func:`run_round` is the unit a scheduler repeats (``feed run --every N``) and a job
lease wraps (one node at a time): it places what arrived, then delivers from the sink's
cursor, a batch at a time, until nothing is left (or ``max_documents``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from connectors.errors import ConfigError
from erp_gateway.config import GatewayConfig
from erp_gateway.db import GatewayDatabase
from erp_gateway.feed.arrivals import (
    SOURCES,
    feed_arrivals,
    last_place,
    place_of,
    sequence_arrivals,
    unplaced_count,
)
from erp_gateway.feed.records import read_after, read_places
from erp_gateway.feed.sinks import Held, Sink, open_sink

log = logging.getLogger("tillsync.feed")
Progress = Callable[[int, int], None]  # (documents just delivered, documents behind at start)


@dataclass(frozen=True)
class RoundResult:
    sink: str
    delivered: int
    position: int
    behind: int
    held: list[Held] = field(default_factory=list)


@dataclass(frozen=True)
class SinkStatus:
    sink: str
    kind: str
    position: int
    last_place: int
    behind: int
    oldest_behind: dt.datetime | None
    held: int


def sink_names(cfg: GatewayConfig, only: str | None = None) -> list[str]:
    if not cfg.erp_sinks:
        raise ConfigError("no [erp_sink.NAME] table in the config: the feed has nowhere to go")
    if only is None:
        return list(cfg.erp_sinks)
    if only not in cfg.erp_sinks:
        raise ConfigError(
            f"no sink {only!r}; the config has {', '.join(cfg.erp_sinks)}", key=f"erp_sink.{only}"
        )
    return [only]


def open_named(cfg: GatewayConfig, db: GatewayDatabase, name: str) -> Sink:
    return open_sink(cfg, db, name, cfg.erp_sinks[name])


def _count_after(conn: sa.Connection, position: int) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(feed_arrivals)
            .where(feed_arrivals.c.seq > position)
        ).scalar_one()
    )


def deliver_round(
    db: GatewayDatabase,
    sink: Sink,
    *,
    batch_size: int,
    max_documents: int | None = None,
    progress: Progress | None = None,
) -> RoundResult:
    """Place what arrived, then deliver to ``sink`` from its cursor until nothing is left."""
    db.write(sequence_arrivals)
    position = sink.position()
    with db.read() as conn:
        behind = _count_after(conn, position)
    delivered, held = 0, []
    while max_documents is None or delivered < max_documents:
        size = batch_size if max_documents is None else min(batch_size, max_documents - delivered)
        with db.read() as conn:
            docs = read_after(conn, position, size)
        if not docs:
            break
        held += sink.deliver(docs, docs[-1].seq)
        position = docs[-1].seq
        delivered += len(docs)
        log.info("feed %s: batch delivered, at %d", sink.name, position)
        if progress is not None:
            progress(len(docs), behind)
    log.info(
        "feed %s: %d delivered, %d set aside, at %d", sink.name, delivered, len(held), position
    )
    return RoundResult(sink.name, delivered, position, behind - delivered, held)


def run_round(
    cfg: GatewayConfig,
    db: GatewayDatabase,
    name: str,
    *,
    max_documents: int | None = None,
    progress: Progress | None = None,
) -> RoundResult:
    """One round of the sink ``name``: open it, deliver what is new, close it. The unit
    a job lease wraps so that one node at a time feeds a sink."""
    sink = open_named(cfg, db, name)
    try:
        return deliver_round(
            db,
            sink,
            batch_size=cfg.erp_sinks[name].batch_size,
            max_documents=max_documents,
            progress=progress,
        )
    finally:
        sink.close()


def status(cfg: GatewayConfig, db: GatewayDatabase, name: str) -> SinkStatus:
    sink = open_named(cfg, db, name)
    try:
        position, held = sink.position(), len(sink.held())
    finally:
        sink.close()
    with db.read() as conn:
        unplaced = sum(max(unplaced_count(conn, s), 0) for s in SOURCES)
        oldest = conn.execute(
            sa.select(sa.func.min(feed_arrivals.c.received_at)).where(
                feed_arrivals.c.seq > position
            )
        ).scalar()
        return SinkStatus(
            name,
            cfg.erp_sinks[name].kind,
            position,
            last_place(conn),
            _count_after(conn, position) + unplaced,
            oldest,
            held,
        )


def rewind(cfg: GatewayConfig, db: GatewayDatabase, name: str, to: int | dt.datetime) -> int:
    """Move the sink's cursor back (to a place, or to before a time); the place it is at."""
    db.write(sequence_arrivals)
    with db.read() as conn:
        place = place_of(conn, to) if isinstance(to, dt.datetime) else to
    sink = open_named(cfg, db, name)
    try:
        if place > sink.position():
            raise ConfigError(
                f"sink {name} is at {sink.position()}: rewind goes back, not to {place}"
            )
        sink.rewind(max(place, 0))
    finally:
        sink.close()
    return max(place, 0)


def held(cfg: GatewayConfig, db: GatewayDatabase, name: str) -> list[Held]:
    sink = open_named(cfg, db, name)
    try:
        return sink.held()
    finally:
        sink.close()


def retry(
    cfg: GatewayConfig, db: GatewayDatabase, name: str, seqs: Sequence[int] = ()
) -> tuple[int, list[Held]]:
    """Deliver the documents set aside again (those at ``seqs``, or all); how many were
    taken back, and those still refused."""
    sink = open_named(cfg, db, name)
    try:
        waiting = [h for h in sink.held() if not seqs or h.seq in seqs]
        if not waiting:
            return 0, []
        with db.read() as conn:
            a = feed_arrivals.c
            places = conn.execute(
                sa.select(a.seq, a.kind, a.document_id, a.received_at)
                .where(a.seq.in_([h.seq for h in waiting]))
                .order_by(a.seq)
            ).all()
            docs = read_places(conn, places)
        still = sink.retry(docs)
    finally:
        sink.close()
    return len(docs) - len(still), still
