"""The local side of a download, shared by every transfer: resume offset, the ``.part``
file being appended to, and the final rename once it is complete."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Self

from connectors.errors import ChecksumError, TransferError, Unavailable
from connectors.transfer.base import Progress, part_path

log = logging.getLogger("tillsync.transfer")


@contextlib.contextmanager
def local_disk(path: Path, action: str = "write") -> Iterator[None]:
    """Our own file operations: their OSError is the environment's (disk full, permissions)."""
    try:
        yield
    except OSError as exc:
        raise Unavailable(f"cannot {action} {path}: {exc}", target=str(path)) from exc


def open_local(path: Path) -> BinaryIO:
    """A local file to upload, opened for reading; failing is the environment's."""
    with local_disk(path, "read"):
        return open(path, "rb")


class PartFile:
    """The ``.part`` of one download, opened for appending from where it stopped.

    ``total`` is the size of the file on the server when known (else None). A ``.part``
    longer than that is stale (the file was replaced) and is started again from zero.
    """

    def __init__(
        self,
        local_path: Path,
        total: int | None,
        expected_size: int | None,
        progress: Progress | None,
        *,
        server: str,
        remote_path: str,
    ) -> None:
        self.local_path = local_path
        self.server = server
        self.remote_path = remote_path
        self.path = part_path(local_path)
        self.total = total
        self.expected_size = expected_size
        self._progress = progress
        self._file: BinaryIO | None = None
        with local_disk(self.path):
            local_path.parent.mkdir(parents=True, exist_ok=True)
            self.offset = self._resume_offset()
        self.done = self.offset

    @property
    def complete(self) -> bool:
        """True when the server's file is all here already (nothing to fetch)."""
        return self.total is not None and self.offset == self.total

    def _resume_offset(self) -> int:
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return 0
        limit = self.total if self.total is not None else self.expected_size
        if limit is not None and size > limit:
            log.warning(
                "%s: %d bytes, more than the %d on the server: fetching again",
                self.path,
                size,
                limit,
            )
            self.path.unlink()
            return 0
        return size

    def __enter__(self) -> Self:
        with local_disk(self.path):
            self._file = open(self.path, "ab")
        if self.offset:
            log.info("%s: resuming at byte %d", self.local_path.name, self.offset)
        self._report()
        return self

    def write(self, data: bytes) -> None:
        assert self._file is not None, "use PartFile in a with block"
        with local_disk(self.path):
            self._file.write(data)
        self.done += len(data)
        self._report()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._file is None:
            return
        with local_disk(self.path):
            try:
                self._file.flush()
                if exc_type is None:
                    os.fsync(self._file.fileno())
            finally:
                self._file.close()
                self._file = None

    def finish(self) -> None:
        """Rename the complete ``.part`` to its final name.

        Short of the expected size, the ``.part`` stays for the next call to resume; longer
        than it, the bytes cannot be right and the ``.part`` is deleted.
        """
        with local_disk(self.path):
            self.path.touch()  # an empty file never got a write
            size = self.path.stat().st_size
            wanted = self.expected_size if self.expected_size is not None else self.total
            if wanted is not None and size > wanted:
                self.path.unlink()
                raise ChecksumError(
                    f"size: expected {wanted} bytes, got {size}", file=self.local_path.name
                )
            if wanted is not None and size < wanted:
                raise TransferError(
                    f"the transfer ended early at byte {size} of {wanted}; fetching again resumes",
                    server=self.server,
                    path=self.remote_path,
                )
            os.replace(self.path, self.local_path)

    def _report(self) -> None:
        if self._progress is not None:
            total = self.total if self.total is not None else self.expected_size
            self._progress(self.done, total or 0)


def check_expected_size(local_path: Path, total: int | None, expected_size: int | None) -> None:
    """Refuse before fetching when the server's file is not the size the caller expects."""
    if total is None or expected_size is None or total == expected_size:
        return
    with local_disk(local_path):
        part_path(local_path).unlink(missing_ok=True)
    raise ChecksumError(
        f"size: the server has {total} bytes, expected {expected_size}", file=local_path.name
    )
