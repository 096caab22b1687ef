"""The registry of stores and tills: tills register on first contact or are declared.

Till ids are unique across the whole gateway (``GetMessages`` and ``GetTillConfig`` name
a till by its id alone), so give tills of different stores different ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from erp_gateway.db import GatewayDatabase
from erp_gateway.schema import stores, tills

# How stale a till's last_seen may get: the registry writes it at most this often.
LAST_SEEN_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class TillRecord:
    till_id: str
    store_id: str | None
    first_seen: dt.datetime
    last_seen: dt.datetime


def ensure_store(conn: sa.Connection, store_id: str, now: dt.datetime) -> None:
    found = conn.execute(sa.select(stores.c.store_id).where(stores.c.store_id == store_id))
    if found.first() is None:
        conn.execute(stores.insert().values(store_id=store_id, first_seen=now))


def touch_till(
    conn: sa.Connection, till_id: str, now: dt.datetime, store_id: str | None = None
) -> str | None:
    """Register the till or note that it was seen (at most every ``LAST_SEEN_EVERY``);
    returns its store (None: unknown).

    ``store_id`` is the store the till says it belongs to: it is taken only when the
    registry knows none yet (a declared store wins).
    """
    row = conn.execute(
        sa.select(tills.c.store_id, tills.c.last_seen).where(tills.c.till_id == till_id)
    ).first()
    if row is not None and (row.store_id is not None or store_id is None):
        # Every call of a till would rewrite (and lock) its row: note it once a while.
        if row.last_seen is None or _apart(now, row.last_seen) >= LAST_SEEN_EVERY:
            conn.execute(tills.update().where(tills.c.till_id == till_id).values(last_seen=now))
        return row.store_id
    if store_id is not None:
        ensure_store(conn, store_id, now)
    if row is None:
        conn.execute(
            tills.insert().values(till_id=till_id, store_id=store_id, first_seen=now, last_seen=now)
        )
    else:
        conn.execute(
            tills.update()
            .where(tills.c.till_id == till_id)
            .values(store_id=store_id, last_seen=now)
        )
    return store_id


def _apart(now: dt.datetime, then: dt.datetime) -> dt.timedelta:
    """How far apart two times are, either way (a clock set back counts too)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    if then.tzinfo is None:
        then = then.replace(tzinfo=dt.UTC)
    return abs(now - then)


def store_of(conn: sa.Connection, till_id: str) -> tuple[bool, str | None]:
    """(whether the till is known, its store)."""
    row = conn.execute(sa.select(tills.c.store_id).where(tills.c.till_id == till_id)).first()
    return (row is not None, row.store_id if row is not None else None)


def declare_till(db: GatewayDatabase, store_id: str, till_id: str, now: dt.datetime) -> TillRecord:
    """Put the till in the store (moving it if it was elsewhere); creates both if new."""

    def work(conn: sa.Connection) -> None:
        ensure_store(conn, store_id, now)
        exists = conn.execute(sa.select(tills.c.till_id).where(tills.c.till_id == till_id))
        if exists.first() is None:
            conn.execute(
                tills.insert().values(
                    till_id=till_id, store_id=store_id, first_seen=now, last_seen=now
                )
            )
        else:
            conn.execute(tills.update().where(tills.c.till_id == till_id).values(store_id=store_id))

    db.write(work)
    return next(t for t in list_tills(db) if t.till_id == till_id)


def list_tills(db: GatewayDatabase, store_id: str | None = None) -> list[TillRecord]:
    query = sa.select(tills).order_by(tills.c.store_id, tills.c.till_id)
    if store_id is not None:
        query = query.where(tills.c.store_id == store_id)
    with db.read() as conn:
        return [TillRecord(**row._mapping) for row in conn.execute(query)]


def count_tills(conn: sa.Connection, kind: str, target_id: str | None) -> int:
    """How many known tills a notification target reaches."""
    query = sa.select(sa.func.count()).select_from(tills)
    if kind == "till":
        query = query.where(tills.c.till_id == target_id)
    elif kind == "store":
        query = query.where(tills.c.store_id == target_id)
    return int(conn.execute(query).scalar_one())
