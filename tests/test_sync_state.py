"""The hold-off clock and the coalescing worker, without any server."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Hashable, Iterator
from pathlib import Path

import pytest

from standalone_till.config import load_config
from standalone_till.service import Till
from standalone_till.sync.state import Area, AreaState, SyncState, held_until
from standalone_till.sync.worker import CoalescingWorker

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


def test_a_clock_set_back_never_holds_longer_than_one_holdoff() -> None:
    far = AreaState(Area.TICKETS, holdoff_until=T0 + dt.timedelta(days=3))
    assert held_until(far, T0, 120) == T0 + dt.timedelta(seconds=120)
    assert held_until(far, T0 + dt.timedelta(days=4), 120) is None


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


# ---------------------------------------------------------------- the worker


def test_requests_during_a_run_fold_into_one_more_run() -> None:
    running = threading.Event()
    release = threading.Event()
    active = 0
    most = 0
    runs: list[Hashable] = []
    lock = threading.Lock()

    def job(key: Hashable) -> None:
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
        runs.append(key)
        running.set()
        release.wait(5)
        with lock:
            active -= 1

    worker = CoalescingWorker("test", job)
    worker.start()
    try:
        worker.request()
        assert running.wait(5)
        for _ in range(20):  # twenty closes while the first send is under way
            worker.request()
        release.set()
        assert worker.idle(5)
        assert runs == [None, None] and most == 1
        worker.request("day_open")
        worker.request("between_tickets")
        worker.request("day_open")
        assert worker.idle(5)
        assert runs[2:] in (["day_open", "between_tickets"], ["between_tickets", "day_open"])
    finally:
        worker.stop()


def test_a_failing_job_does_not_end_the_worker(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[Hashable] = []

    def job(key: Hashable) -> None:
        calls.append(key)
        if key == "boom":
            raise RuntimeError("a bug")

    worker = CoalescingWorker("test", job)
    worker.start()
    try:
        worker.request("boom")
        assert worker.idle(5)
        worker.request("fine")
        assert worker.idle(5)
    finally:
        worker.stop()
    assert calls == ["boom", "fine"]
    assert "a bug" in caplog.text


def test_stop_returns_promptly() -> None:
    worker = CoalescingWorker("test", lambda key: None)
    worker.start()
    started = time.monotonic()
    worker.stop()
    assert time.monotonic() - started < 1


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
