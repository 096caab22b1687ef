"""The store's open orders (parked tickets, restaurant tables), kept in the hub's journal.

Every change carries the version it was based on; a change based on an older version is
refused with ``VersionConflict`` holding the current order, so two tills changing the
same order never silently overwrite each other. ``change_seq`` orders all changes of the
store, which lets a till ask for "everything after what I have seen".
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from connectors.errors import BadInput
from standalone_till.clock import iso, utcnow
from standalone_till.hub.schema import open_orders
from standalone_till.store import TillDatabase

MAX_DOCUMENT = 256 * 1024


@dataclass(frozen=True, slots=True)
class Order:
    order_id: str
    version: int
    state: str  # open | closed
    till_id: str
    document: dict[str, Any]
    updated_at: dt.datetime
    change_seq: int

    def as_dict(self) -> dict[str, object]:
        return {
            "order_id": self.order_id,
            "version": self.version,
            "state": self.state,
            "till_id": self.till_id,
            "document": self.document,
            "updated_at": iso(self.updated_at),
            "change_seq": self.change_seq,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Order:
        return cls(
            order_id=str(data["order_id"]),
            version=int(data["version"]),
            state=str(data["state"]),
            till_id=str(data["till_id"]),
            document=dict(data["document"]),
            updated_at=dt.datetime.fromisoformat(str(data["updated_at"]).replace("Z", "+00:00")),
            change_seq=int(data["change_seq"]),
        )


class VersionConflict(BadInput):
    """The order changed since the version the caller based its change on."""

    def __init__(self, order_id: str, expected: int, current: Order | None) -> None:
        self.order_id = order_id
        self.expected = expected
        self.current = current
        if current is None:
            what = "does not exist"
        else:
            what = f"is at version {current.version} ({current.state}, by till {current.till_id})"
        super().__init__(
            f"order {order_id} changed elsewhere: it {what}, your change was based on "
            f"version {expected}; nothing was overwritten"
        )


class OpenOrders:
    """The open-orders table; ``changed`` is notified after every change (for long polls)."""

    def __init__(self, db: TillDatabase, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock
        self.changed = threading.Condition()

    def since(self, change_seq: int) -> tuple[int, list[Order]]:
        """The newest change sequence and the orders changed after ``change_seq``."""
        o = open_orders.c
        with self.db.read(self.db.journal) as conn:
            latest = conn.execute(sa.select(sa.func.max(o.change_seq))).scalar_one() or 0
            rows = conn.execute(
                sa.select(open_orders).where(o.change_seq > change_seq).order_by(o.change_seq)
            ).all()
        return int(latest), [_order(r) for r in rows]

    def get(self, order_id: str) -> Order | None:
        with self.db.read(self.db.journal) as conn:
            return self._get(conn, order_id)

    def put(
        self, order_id: str, document: Mapping[str, Any], till_id: str, expected_version: int
    ) -> Order:
        """Create (``expected_version`` 0) or change an open order."""
        return self._change(order_id, dict(document), till_id, expected_version, "open")

    def close(self, order_id: str, till_id: str, expected_version: int) -> Order:
        """Close an order (paid or abandoned); it stays listed as closed."""
        return self._change(order_id, None, till_id, expected_version, "closed")

    def _change(
        self,
        order_id: str,
        document: dict[str, Any] | None,
        till_id: str,
        expected: int,
        state: str,
    ) -> Order:
        _check_id(order_id)
        text = None if document is None else json.dumps(document, sort_keys=True)
        if text is not None and len(text) > MAX_DOCUMENT:
            raise BadInput(f"order {order_id} is over {MAX_DOCUMENT} bytes")
        o = open_orders.c
        now = self.clock()
        with self.db.write(self.db.journal) as conn:
            current = self._get(conn, order_id)
            found = 0 if current is None else current.version
            if found != expected or (current is not None and current.state == "closed"):
                raise VersionConflict(order_id, expected, current)
            seq = 1 + (conn.execute(sa.select(sa.func.max(o.change_seq))).scalar_one() or 0)
            values = {
                "version": expected + 1,
                "change_seq": seq,
                "state": state,
                "till_id": till_id,
                "document": text if text is not None else _document_text(current),
                "updated_at": now,
            }
            if current is None:
                conn.execute(sa.insert(open_orders).values(order_id=order_id, **values))
            else:
                # The version in the WHERE keeps the check right without SQLite's lock too.
                updated = conn.execute(
                    sa.update(open_orders)
                    .where(o.order_id == order_id, o.version == expected)
                    .values(**values)
                )
                if updated.rowcount != 1:
                    raise VersionConflict(order_id, expected, self._get(conn, order_id))
            done = self._get(conn, order_id)
        assert done is not None
        with self.changed:
            self.changed.notify_all()
        return done

    @staticmethod
    def _get(conn: sa.Connection, order_id: str) -> Order | None:
        row = conn.execute(sa.select(open_orders).where(open_orders.c.order_id == order_id)).first()
        return None if row is None else _order(row)


def _document_text(order: Order | None) -> str:
    return json.dumps(order.document if order else {}, sort_keys=True)


def _check_id(order_id: str) -> None:
    if not (1 <= len(order_id) <= 64) or not all(c.isalnum() or c in "-_." for c in order_id):
        raise BadInput(f"order id {order_id!r} must be 1..64 characters of A-Z, 0-9, -, _ and .")


def _order(row: sa.Row[Any]) -> Order:
    return Order(
        order_id=row.order_id,
        version=row.version,
        state=row.state,
        till_id=row.till_id,
        document=json.loads(row.document),
        updated_at=row.updated_at,
        change_seq=row.change_seq,
    )
