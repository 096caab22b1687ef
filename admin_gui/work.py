"""Work off the GUI thread: a ``Lane`` runs functions on its own threads and hands their
result, error, progress and notes back on the GUI thread.

    lane = Lane("loads", parent=window)
    job = lane.submit(lambda job: till.load_data(path, job.report), done=show, failed=warn,
                      progress=bar_update)
    job.cancel()   # the next job.report() raises Cancelled: the load rolls back

A lane with one thread runs its jobs in order (the sale in progress, the status reads);
nothing submitted to it ever runs on the GUI thread, so the window never freezes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from admin_gui.errors import Cancelled, explain
from admin_gui.qt.core import QObject, QRunnable, QThreadPool, pyqtSignal, pyqtSlot

log = logging.getLogger("tillsync.gui")
T = TypeVar("T")
_REPORT_EVERY = 0.05  # seconds between two progress signals (the last one always goes)


class Job:
    """Handed to the function a lane runs: progress, notes and the cancel flag."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()
        self._last = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the person asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int) -> None:
        """Progress for the GUI; raises Cancelled when asked to stop (loading's contract)."""
        self.check()
        now = time.monotonic()
        if now - self._last >= _REPORT_EVERY or (total and done >= total):
            self._last = now
            self._relay.progressed.emit(done, total)

    def note(self, what: object) -> None:
        """Tell the GUI what the job is doing now (a phase, a hint)."""
        self._relay.noted.emit(what)


class _Relay(QObject):
    """Lives on the GUI thread: signals emitted by the worker arrive here queued."""

    finished = pyqtSignal(object)
    failed = pyqtSignal(object)
    progressed = pyqtSignal(object, object)
    noted = pyqtSignal(object)

    def __init__(
        self,
        lane: Lane,
        done: Callable[[Any], None] | None,
        failed: Callable[[BaseException], None] | None,
        progress: Callable[[int, int], None] | None,
        note: Callable[[Any], None] | None,
    ) -> None:
        super().__init__()
        self._lane = lane
        self._done, self._failed, self._progress, self._note = done, failed, progress, note
        self.finished.connect(self._on_finished)
        self.failed.connect(self._on_failed)
        self.progressed.connect(self._on_progress)
        self.noted.connect(self._on_note)

    @pyqtSlot(object)
    def _on_finished(self, result: object) -> None:
        if self._lane.release(self) and self._done is not None:
            self._done(result)

    @pyqtSlot(object)
    def _on_failed(self, exc: BaseException) -> None:
        if not self._lane.release(self):
            return
        if self._failed is not None:
            self._failed(exc)
        elif not isinstance(exc, Cancelled):
            log.warning("%s: %s", self._lane.name, explain(exc))

    @pyqtSlot(object, object)
    def _on_progress(self, done: int, total: int) -> None:
        if self._progress is not None and self._lane.open:
            self._progress(done, total)

    @pyqtSlot(object)
    def _on_note(self, what: object) -> None:
        if self._note is not None and self._lane.open:
            self._note(what)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Job], Any], relay: _Relay, job: Job) -> None:
        super().__init__()
        self._fn, self._relay, self._job = fn, relay, job

    def run(self) -> None:
        try:
            self._job.check()
            result = self._fn(self._job)
        except BaseException as exc:  # handed to the GUI thread, which decides
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


class Lane(QObject):
    """A named pool of worker threads (one by default: jobs run in order)."""

    def __init__(self, name: str, threads: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relays: dict[_Relay, Job] = {}
        self.open = True

    def submit(
        self,
        fn: Callable[[Job], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        progress: Callable[[int, int], None] | None = None,
        note: Callable[[Any], None] | None = None,
    ) -> Job:
        """Run ``fn(job)`` on the lane; the callbacks run on the GUI thread."""
        relay = _Relay(self, done, failed, progress, note)
        job = Job(relay)
        if not self.open:
            job.cancel()
            return job
        self._relays[relay] = job
        self._pool.start(_Runnable(fn, relay, job))
        return job

    def release(self, relay: _Relay) -> bool:
        """Forget a finished job; False once the lane is shut (drop its result)."""
        self._relays.pop(relay, None)
        return self.open

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def shutdown(self, wait_ms: int = 10_000) -> bool:
        """Cancel what is pending, drop late results, wait for the threads to finish."""
        self.open = False
        for job in self._relays.values():
            job.cancel()
        self._pool.clear()
        finished = self._pool.waitForDone(wait_ms)
        if not finished:
            log.warning("%s: work still running after %d ms", self.name, wait_ms)
        return finished
