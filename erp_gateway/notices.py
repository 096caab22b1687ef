"""Notifications for tills: pushed by the ERP to a till, a store or all, fetched by the
tills on their events, acknowledged once read. Every fetch is recorded per till."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from erp_gateway.db import GatewayDatabase
from erp_gateway.errors import GatewayRefusal
from erp_gateway.registry import count_tills, store_of, touch_till
from erp_gateway.schema import notification_deliveries, notifications

MAX_TEXT = 2000


class Target(StrEnum):
    TILL = "till"
    STORE = "store"
    ALL = "all"


@dataclass(frozen=True)
class Notice:
    id: int
    text: str
    created_at: dt.datetime
    valid_until: dt.datetime | None


@dataclass(frozen=True)
class Pushed:
    id: int
    tills: int  # known tills the target reaches


def check_target(target: str, target_id: str | None) -> tuple[Target, str | None]:
    """The target as the rules want it: till and store need an id, all takes none."""
    try:
        kind = Target(target)
    except ValueError:
        raise GatewayRefusal(f"target must be till, store or all, got {target!r}") from None
    if kind is Target.ALL:
        if target_id:
            raise GatewayRefusal("target all takes no targetId")
        return kind, None
    if not target_id:
        raise GatewayRefusal(f"target {kind.value} needs a targetId")
    return kind, target_id


def push(
    db: GatewayDatabase,
    target: str,
    target_id: str | None,
    text: str,
    valid_until: dt.datetime | None = None,
    *,
    now: dt.datetime | None = None,
) -> Pushed:
    """Store a notification; returns its id and how many known tills it reaches."""
    kind, ref = check_target(target, target_id)
    at = now or dt.datetime.now(dt.UTC)
    if not text.strip() or len(text) > MAX_TEXT:
        raise GatewayRefusal(f"text must be 1..{MAX_TEXT} characters")
    if valid_until is not None and valid_until.tzinfo is None:
        raise GatewayRefusal("validUntil needs a time zone (UTC: ...Z)")

    def work(conn: sa.Connection) -> Pushed:
        new_id = conn.execute(
            notifications.insert()
            .values(
                target_kind=kind.value,
                target_id=ref,
                text=text,
                created_at=at,
                valid_until=valid_until,
            )
            .returning(notifications.c.id)
        ).scalar_one()
        return Pushed(int(new_id), count_tills(conn, kind.value, ref))

    return db.write(work)


def _targeting(till_id: str, store_id: str | None) -> sa.ColumnElement[bool]:
    clauses = [
        notifications.c.target_kind == Target.ALL.value,
        (notifications.c.target_kind == Target.TILL.value) & (notifications.c.target_id == till_id),
    ]
    if store_id is not None:
        clauses.append(
            (notifications.c.target_kind == Target.STORE.value)
            & (notifications.c.target_id == store_id)
        )
    return sa.or_(*clauses)


def fetch(db: GatewayDatabase, till_id: str, *, now: dt.datetime | None = None) -> list[Notice]:
    """Valid notifications for the till not yet acknowledged by it; records the delivery."""
    at = now or dt.datetime.now(dt.UTC)

    def work(conn: sa.Connection) -> list[Notice]:
        touch_till(conn, till_id, at)
        _known, store_id = store_of(conn, till_id)
        acked = sa.select(notification_deliveries.c.notification_id).where(
            (notification_deliveries.c.till_id == till_id)
            & notification_deliveries.c.acked_at.is_not(None)
        )
        query = (
            sa.select(notifications)
            .where(_targeting(till_id, store_id))
            .where(sa.or_(notifications.c.valid_until.is_(None), notifications.c.valid_until > at))
            .where(notifications.c.id.not_in(acked))
            .order_by(notifications.c.id)
        )
        found = [
            Notice(int(r.id), r.text, r.created_at, r.valid_until) for r in conn.execute(query)
        ]
        _record_deliveries(conn, till_id, [n.id for n in found], at)
        return found

    return db.write(work)


def _record_deliveries(
    conn: sa.Connection, till_id: str, ids: Sequence[int], at: dt.datetime
) -> None:
    if not ids:
        return
    done = set(
        conn.execute(
            sa.select(notification_deliveries.c.notification_id).where(
                (notification_deliveries.c.till_id == till_id)
                & notification_deliveries.c.notification_id.in_(ids)
            )
        ).scalars()
    )
    rows = [
        {"notification_id": i, "till_id": till_id, "delivered_at": at} for i in ids if i not in done
    ]
    if rows:
        conn.execute(notification_deliveries.insert(), rows)


def acknowledge(
    db: GatewayDatabase, till_id: str, ids: Sequence[int], *, now: dt.datetime | None = None
) -> int:
    """Mark the delivered notifications as read by the till; how many were newly marked."""
    at = now or dt.datetime.now(dt.UTC)
    wanted = sorted(set(ids))
    if not wanted:
        return 0

    def work(conn: sa.Connection) -> int:
        result = conn.execute(
            notification_deliveries.update()
            .where(
                (notification_deliveries.c.till_id == till_id)
                & notification_deliveries.c.notification_id.in_(wanted)
                & notification_deliveries.c.acked_at.is_(None)
            )
            .values(acked_at=at)
        )
        return int(result.rowcount)

    return db.write(work)
