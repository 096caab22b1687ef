"""The hold-off state kept in the till's journal (a real SQLite file), without any server.
The hold-off rule alone and the coalescing worker: tests/unit/standalone_till/test_sync_worker.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from standalone_till.config import load_config
from standalone_till.service import Till
from standalone_till.sync.state import Area, SyncState

T0 = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def state(sqlite_config: Path) -> Iterator[tuple[SyncState, Clock]]:
    till = Till(load_config(sqlite_config))
    till.init()
    clock = Clock()
    yield SyncState(till.db, holdoff_seconds=120, clock=clock), clock
    till.close()


def test_a_failure_holds_the_area_off_for_the_holdoff(state: tuple[SyncState, Clock]) -> None:
    sync, clock = state
    assert sync.held(Area.MESSAGES) is None and sync.get(Area.MESSAGES).ok is None
    sync.failed(Area.MESSAGES, "GetMessages at http://x/soap: cannot connect")
    assert sync.held(Area.MESSAGES) == T0 + dt.timedelta(seconds=120)
    assert sync.held(Area.OFFERS) is None  # areas are independent
    clock.advance(119)
    assert sync.held(Area.MESSAGES) is not None
    clock.advance(1)
    assert sync.held(Area.MESSAGES) is None
    failed = sync.failed(Area.MESSAGES, "again")
    assert failed.failures == 2 and failed.ok is False and failed.last_error == "again"
    ok = sync.succeeded(Area.MESSAGES)
    assert ok.failures == 0 and ok.ok is True and ok.holdoff_until is None and not ok.last_error


def test_a_fault_can_be_recorded_without_a_holdoff(state: tuple[SyncState, Clock]) -> None:
    sync, _ = state
    sync.failed(Area.PING, "PingDisabled", hold_off=False)
    assert sync.held(Area.PING) is None and sync.get(Area.PING).ok is False


def test_release_ends_every_holdoff(state: tuple[SyncState, Clock]) -> None:
    sync, _ = state
    for area in (Area.TICKETS, Area.MESSAGES, Area.OFFERS):
        sync.failed(area, "down")
    sync.release()
    assert all(sync.held(a) is None for a in Area)
    assert sync.get(Area.TICKETS).ok is False  # the failure itself is still reported


def test_a_zero_holdoff_never_holds(sqlite_config: Path) -> None:
    till = Till(load_config(sqlite_config))
    till.init()
    try:
        sync = SyncState(till.db, holdoff_seconds=0)
        sync.failed(Area.TICKETS, "down")
        assert sync.held(Area.TICKETS) is None
    finally:
        till.close()


def test_an_older_journal_is_refused_until_upgraded(sqlite_config: Path) -> None:
    import sqlalchemy as sa
    from alembic import command

    from connectors.errors import Unavailable
    from standalone_till import migrations

    till = Till(load_config(sqlite_config))
    try:
        with till.db.journal.begin() as conn:
            command.upgrade(migrations.alembic_config("journal", conn), "j0001")
        with till.db.catalog.begin() as conn:
            migrations.upgrade("catalog", conn)
        with pytest.raises(Unavailable, match="till init"):
            till.require_ready()
        till.init()
        till.require_ready()
        with till.db.read(till.db.journal) as conn:
            areas = conn.execute(sa.text("SELECT area FROM sync_state ORDER BY area")).scalars()
            assert list(areas) == ["messages", "offers", "ping", "tickets"]
        assert till.status()["server_reachable"] is None
    finally:
        till.close()
