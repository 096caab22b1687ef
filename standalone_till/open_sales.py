"""Which processes of this till have a ticket open: one locked file per open sale.

The Z may not run while a ticket is open, and the ticket may be open in another process
of the same till (the cashier's window while ``till day closure`` runs on the command
line). A sale holds an exclusive lock on a file of its own in a folder next to the
till's database from its first line until it is closed or cancelled; the closure tries
each file's lock: one it cannot take is a sale open elsewhere, one it can take was left
by a process that ended without closing its sale (the lock died with it) and is removed.
A lock is a file handle, not a write: nothing is synced, the scan path stays fast, and
a crash leaves nothing that blocks the next Z.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO

SUFFIX = ".open"


def _try_lock(handle: IO[bytes]) -> bool:
    """Take the file's exclusive lock without waiting; False when another handle has it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class OpenSaleMark:
    """The lock a sale holds while it is open; ``release`` when it is closed or cancelled."""

    def __init__(self, folder: Path, sale_id: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{sale_id}{SUFFIX}"
        self._handle: IO[bytes] | None = self.path.open("a+b")
        if not _try_lock(self._handle):  # the id is the sale's own: nobody else holds it
            self._handle.close()
            self._handle = None
            raise RuntimeError(f"{self.path} is locked by another process")

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        # Removed while still locked, so a closure never sees it free while it is still ours.
        with contextlib.suppress(OSError):
            self.path.unlink()
        _unlock(handle)
        handle.close()


def open_elsewhere(folder: Path, mine: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The ids of the sales open in other processes (files whose lock is held), sorted;
    files left by ended processes are removed on the way. ``mine`` are this process's own
    sales, which it knows of already."""
    held: list[str] = []
    try:
        entries = sorted(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return held
    for path in entries:
        sale_id = path.name[: -len(SUFFIX)]
        if sale_id in mine:
            continue
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            continue  # closed meanwhile
        with handle:
            if not _try_lock(handle):
                held.append(sale_id)
                continue
            with contextlib.suppress(OSError):
                os.unlink(path)
            _unlock(handle)
    return held
