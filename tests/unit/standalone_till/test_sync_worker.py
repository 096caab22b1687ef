"""The hold-off rule when the clock is set back, and the coalescing worker: no journal,
no server."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Hashable

import pytest

from standalone_till.sync.state import Area, AreaState, held_until
from standalone_till.sync.worker import CoalescingWorker

T0 = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


def test_a_clock_set_back_never_holds_longer_than_one_holdoff() -> None:
    far = AreaState(Area.TICKETS, holdoff_until=T0 + dt.timedelta(days=3))
    assert held_until(far, T0, 120) == T0 + dt.timedelta(seconds=120)
    assert held_until(far, T0 + dt.timedelta(days=4), 120) is None


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
