"""What receiving tickets (``ingest``) and cash movements and closures (``documents``)
share, written once: one writer at a time on SQLite, the stores a batch's tills belong
to (a hub relays its store's tills), the other contents kept of a mismatch, and the log
of a batch's outcomes."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from erp_gateway.db import GatewayDatabase
from erp_gateway.registry import store_of, touch_till
from ticket_contract.tickets import Outcome

log = logging.getLogger("tillsync.gateway")

# SQLite lets one writer in at a time and has the others poll for the lock, sleeping
# 1, 2, 5, 10 ... ms between tries; this process's writers queue on a lock instead, and
# each goes in the moment the one before it is done. Other processes still poll.
_SQLITE_WRITERS: weakref.WeakKeyDictionary[sa.Engine, threading.Lock] = weakref.WeakKeyDictionary()
_WRITERS_GUARD = threading.Lock()


def one_writer(db: GatewayDatabase) -> contextlib.AbstractContextManager[object]:
    if db.engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    with _WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(db.engine, threading.Lock())


def batch_stores(
    conn: sa.Connection,
    till_id: str,
    speaks_for: str | None,
    claims: Sequence[tuple[str, str]],
    now: dt.datetime,
) -> tuple[str | None, dict[str, str | None]]:
    """(the store of the sending till, the store of each other till the batch holds).

    ``claims`` are the (till, store) each readable ticket or document names. The sending
    till is registered (in the store it speaks for, else the one its own first record
    names). A store's hub relays its tills' records: each other till's store is looked
    up, and a till never seen is put in the store the hub speaks for (if it is the hub's
    own)."""
    mine = [store for till, store in claims if till == till_id]
    store = touch_till(conn, till_id, now, speaks_for or (mine[0] if mine else None))
    relay_store = store if speaks_for in (None, store) else None
    relayed = {till: claimed for till, claimed in claims if till != till_id}
    till_stores = {
        other: store_of_relayed(conn, other, claimed, relay_store, now)
        for other, claimed in relayed.items()
    }
    return store, till_stores


def store_of_relayed(
    conn: sa.Connection, till_id: str, claimed: str, relay_store: str | None, now: dt.datetime
) -> str | None:
    """The store of a till whose tickets another till relays. A till never seen is
    registered (or given its store) when its ticket names the relaying till's store."""
    _, store = store_of(conn, till_id)
    if store is not None or relay_store is None or claimed != relay_store:
        return store
    return touch_till(conn, till_id, now, claimed)


def keep_version(
    conn: sa.Connection,
    versions: sa.Table,
    key: str,
    record_id: str,
    content_hash: str,
    now: dt.datetime,
    **values: object,
) -> None:
    """Keep another content received under ``record_id`` once, counting how often it
    came (``versions``: ticket_versions or document_versions, keyed by ``key``)."""
    v = versions.c
    match = (v[key] == record_id) & (v.content_hash == content_hash)
    updated = conn.execute(
        versions.update().where(match).values(last_received_at=now, times=v.times + 1)
    )
    if updated.rowcount == 0:
        conn.execute(
            versions.insert().values(
                {
                    key: record_id,
                    "content_hash": content_hash,
                    "received_at": now,
                    "last_received_at": now,
                    "times": 1,
                    **values,
                }
            )
        )


def log_outcomes(
    operation: str, noun: str, till_id: str, outcomes: Iterable[tuple[str, Outcome, str | None]]
) -> None:
    """One line for a batch's outcomes, one warning for each mismatch ((id, outcome,
    reason) of each record)."""
    done = list(outcomes)
    log.info("%s from %s: %s", operation, till_id, dict(Counter(o.value for _, o, _ in done)))
    for record_id, outcome, reason in done:
        if outcome is Outcome.MISMATCH:
            log.warning("%s %s from %s: mismatch: %s", noun, record_id, till_id, reason)
