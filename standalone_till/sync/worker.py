"""A background thread that runs a job on request; requests made meanwhile fold into one run.

This is how the till keeps network calls off the cashier's thread and never sends two
batches at once: every trigger (drip, timer, ping recovery) only asks; the one thread
runs. Keys let one worker serve several jobs (``day_open``, ``between_tickets``...).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable

log = logging.getLogger("tillsync.sync")


class CoalescingWorker:
    def __init__(self, name: str, job: Callable[[Hashable], None]) -> None:
        self.name = name
        self._job = job
        self._pending: dict[Hashable, None] = {}  # ordered set of requested keys
        self._cond = threading.Condition()
        self._stopping = False
        self._busy = False
        self._thread = threading.Thread(target=self._loop, name=f"sync-{name}", daemon=True)
        self.runs = 0

    def start(self) -> None:
        self._thread.start()

    def request(self, key: Hashable = None) -> None:
        """Ask for ``job(key)``; returns at once. Asked twice before it runs, it runs once."""
        with self._cond:
            self._pending[key] = None
            self._cond.notify()

    def idle(self, timeout: float) -> bool:
        """Wait until nothing is pending or running; False if still busy after ``timeout``."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _next(self) -> Hashable | None:
        with self._cond:
            self._busy = False
            self._cond.notify_all()
            self._cond.wait_for(lambda: self._pending or self._stopping)
            if self._stopping:
                return _STOP
            key = next(iter(self._pending))
            del self._pending[key]
            self._busy = True
            return key

    def _loop(self) -> None:
        while (key := self._next()) is not _STOP:
            self.runs += 1
            try:
                self._job(key)
            except Exception:  # a failed run must not end the worker: log it, go on
                log.exception("%s: job %r failed", self.name, key)


_STOP = object()
