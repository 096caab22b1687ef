"""Which server a till talks to: the gateway or the store's hub.

The administrator's ``mode`` (auto, gateway, hub) and the server ``in_use`` are kept in
the journal, so the agent, `till status` and the admin screen of every process agree.
In auto mode the timed ping decides: the gateway while it answers, the hub when the
gateway does not and the hub does, the gateway again as soon as it answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from connectors.errors import BadInput
from standalone_till.clock import utcnow
from standalone_till.hub.schema import server_choice
from standalone_till.store import TillDatabase

GATEWAY, HUB, AUTO = "gateway", "hub", "auto"
MODES = (AUTO, GATEWAY, HUB)


@dataclass(frozen=True, slots=True)
class Choice:
    mode: str = AUTO
    in_use: str = GATEWAY
    changed_at: dt.datetime | None = None


def candidates(mode: str) -> tuple[str, ...]:
    """The servers to try, in order, for a mode."""
    return {AUTO: (GATEWAY, HUB), GATEWAY: (GATEWAY,), HUB: (HUB,)}[mode]


class ServerChoice:
    def __init__(self, db: TillDatabase, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock

    def get(self) -> Choice:
        with self.db.read(self.db.journal) as conn:
            row = conn.execute(sa.select(server_choice).where(server_choice.c.id == 1)).first()
        if row is None:
            return Choice()
        return Choice(row.mode, row.in_use, row.changed_at)

    def set_mode(self, mode: str) -> Choice:
        """The administrator's choice; a fixed server is used at once."""
        if mode not in MODES:
            raise BadInput(f"server mode must be one of {', '.join(MODES)}, got {mode!r}")
        current = self.get()
        in_use = current.in_use if mode == AUTO else mode
        return self._write(mode, in_use)

    def use(self, server: str) -> Choice:
        """Record the server the ping found (the mode is unchanged)."""
        return self._write(self.get().mode, server)

    def _write(self, mode: str, in_use: str) -> Choice:
        now = self.clock()
        values = {"mode": mode, "in_use": in_use, "changed_at": now}
        with self.db.write(self.db.journal) as conn:
            done = conn.execute(
                sa.update(server_choice).where(server_choice.c.id == 1).values(**values)
            ).rowcount
            if not done:
                conn.execute(sa.insert(server_choice).values(id=1, **values))
        return Choice(mode, in_use, now)
