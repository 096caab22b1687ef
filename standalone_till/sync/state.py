"""Per web-service area: the last success, the last failure and the hold-off after it.

The vendor's rule: after a web service fails, the till leaves it alone for
``timings.error_holdoff`` seconds and goes on with local data. The state lives in the
journal (``sync_state``), so every process of the till and a restart see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from standalone_till import schema as T
from standalone_till.clock import Clock, utcnow
from standalone_till.store import TillDatabase


class Area(StrEnum):
    TICKETS = "tickets"
    DOCUMENTS = "documents"  # cash movements and closures (SendDocuments)
    MESSAGES = "messages"
    OFFERS = "offers"
    TICKET_LOOKUP = "ticket_lookup"  # GetTicket: a return's original of another till
    PING = "ping"
    CATALOG = "catalog"  # the agent's timed Load changes (no web service, never held off)


HELD_AREAS = (Area.TICKETS, Area.DOCUMENTS, Area.MESSAGES, Area.OFFERS, Area.TICKET_LOOKUP)


@dataclass(frozen=True, slots=True)
class AreaState:
    area: Area
    last_attempt_at: dt.datetime | None = None
    last_ok_at: dt.datetime | None = None
    last_failure_at: dt.datetime | None = None
    holdoff_until: dt.datetime | None = None
    failures: int = 0
    last_error: str | None = None

    @property
    def ok(self) -> bool | None:
        """Whether the last call succeeded; None before the first one."""
        if self.last_attempt_at is None:
            return None
        return self.last_failure_at is None or (
            self.last_ok_at is not None and self.last_ok_at >= self.last_failure_at
        )


def reachable(areas: Mapping[Area, AreaState]) -> bool | None:
    """Whether the server answers: True when a call (tickets, messages, offers) succeeded
    since the last ping, since a successful call proves it; else the last ping's answer
    (None before the first ping)."""
    ping = areas[Area.PING]
    answered = max((at for a in HELD_AREAS if (at := areas[a].last_ok_at)), default=None)
    if answered is not None and (ping.last_attempt_at is None or answered >= ping.last_attempt_at):
        return True
    return ping.ok


def held_until(state: AreaState, now: dt.datetime, holdoff_seconds: int) -> dt.datetime | None:
    """Until when the area is left alone; None if it may be called now.

    A clock set back never holds an area for longer than one hold-off from now.
    """
    until = state.holdoff_until
    if until is None or until <= now:
        return None
    return min(until, now + dt.timedelta(seconds=holdoff_seconds))


class SyncState:
    """Reads and records the areas' state; ``clock`` is injectable for tests."""

    def __init__(self, db: TillDatabase, holdoff_seconds: int, clock: Clock = utcnow) -> None:
        self.db = db
        self.holdoff_seconds = holdoff_seconds
        self.clock = clock

    def get(self, area: Area) -> AreaState:
        with self.db.read(self.db.journal) as conn:
            row = conn.execute(sa.select(T.sync_state).where(T.sync_state.c.area == area)).first()
        return _state(area, row)

    def all(self) -> dict[Area, AreaState]:
        with self.db.read(self.db.journal) as conn:
            rows = {r.area: r for r in conn.execute(sa.select(T.sync_state))}
        return {area: _state(area, rows.get(area.value)) for area in Area}

    def held(self, area: Area) -> dt.datetime | None:
        return held_until(self.get(area), self.clock(), self.holdoff_seconds)

    def succeeded(self, area: Area, *, touch: bool = True) -> AreaState:
        """Record a success; ``touch=False`` writes only if it changes something."""
        if not touch:
            before = self.get(area)
            if before.ok and before.holdoff_until is None:
                return before
        now = self.clock()
        return self._write(
            area,
            last_attempt_at=now,
            last_ok_at=now,
            holdoff_until=None,
            failures=0,
            last_error=None,
        )

    def failed(self, area: Area, error: str, *, hold_off: bool = True) -> AreaState:
        """Record a failure; with ``hold_off`` the area rests for the configured time."""
        now = self.clock()
        before = self.get(area)
        until = None
        if hold_off and self.holdoff_seconds > 0:
            until = now + dt.timedelta(seconds=self.holdoff_seconds)
        return self._write(
            area,
            last_attempt_at=now,
            last_failure_at=now,
            holdoff_until=until,
            failures=before.failures + 1,
            last_error=error[:2000],
        )

    def release(self) -> None:
        """End every hold-off now (the ping saw the server come back)."""
        with self.db.write(self.db.journal) as conn:
            conn.execute(sa.update(T.sync_state).values(holdoff_until=None))

    def _write(self, area: Area, **values: object) -> AreaState:
        s = T.sync_state
        with self.db.write(self.db.journal) as conn:
            done = conn.execute(sa.update(s).where(s.c.area == area).values(**values)).rowcount
            if not done:
                conn.execute(sa.insert(s).values(area=area.value, **{"failures": 0, **values}))
            row = conn.execute(sa.select(s).where(s.c.area == area)).one()
        return _state(area, row)


def _state(area: Area, row: sa.Row[tuple[object, ...]] | None) -> AreaState:
    if row is None:
        return AreaState(area)
    return AreaState(
        area=area,
        last_attempt_at=row.last_attempt_at,
        last_ok_at=row.last_ok_at,
        last_failure_at=row.last_failure_at,
        holdoff_until=row.holdoff_until,
        failures=row.failures,
        last_error=row.last_error,
    )
