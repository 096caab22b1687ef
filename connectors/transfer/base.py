"""The one interface every file server offers (FTP, FTPS, SFTP, a local folder).

Paths on the server are POSIX strings (``/exports/00000012-full.manifest.json``); local
paths are :class:`pathlib.Path`. Downloads resume from a ``.part`` file beside the
destination; uploads are atomic (a hidden temporary name, then a rename).
"""

from __future__ import annotations

import builtins
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

#: ``progress(done, total)``: bytes on disk so far (a resumed download starts at its
#: offset) and the size of the file, 0 when the server does not say.
Progress = Callable[[int, int], None]

PART_SUFFIX = ".part"


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """A regular file in a server folder."""

    name: str
    size: int


@runtime_checkable
class Transfer(Protocol):
    """A connection to one file server; closes on ``with`` exit.

    Every failure caused by the server or the network is a
    :class:`~connectors.errors.TransferError` naming the server (never the password) and
    the path; a local disk failure is :class:`~connectors.errors.Unavailable`; a downloaded
    size that differs from ``expected_size`` is :class:`~connectors.errors.ChecksumError`.
    """

    #: The server as ``ftp://user@host:port`` (no password), for messages and logs.
    server: str

    def list(self, remote_dir: str) -> builtins.list[RemoteFile]:
        """The regular files of ``remote_dir`` (not sub-folders), in no particular order."""
        ...

    def download(
        self,
        remote_path: str,
        local_path: Path,
        *,
        expected_size: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Fetch ``remote_path`` into ``local_path``, resuming ``part_path(local_path)``.

        Bytes go to the ``.part`` file; when it already holds N bytes the transfer starts
        at byte N. The ``.part`` becomes ``local_path`` only once complete (and, when
        ``expected_size`` is given, of that size). After an interrupted transfer the
        ``.part`` stays, and the next call (on a fresh connection) resumes it.
        """
        ...

    def upload(self, local_path: Path, remote_path: str) -> None:
        """Publish ``local_path`` as ``remote_path`` atomically (temporary name, rename)."""
        ...

    def rename(self, remote_from: str, remote_to: str) -> None:
        """Rename on the server; replaces ``remote_to`` where the server allows it."""
        ...

    def delete(self, remote_path: str) -> None: ...

    def mkdirs(self, remote_dir: str) -> None:
        """Create ``remote_dir`` and its missing parents; an existing folder is fine."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class Closing:
    """``with`` support for the transfers: ``close()`` on exit."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def part_path(local_path: Path) -> Path:
    """Where a download of ``local_path`` accumulates until it is complete."""
    return local_path.with_name(local_path.name + PART_SUFFIX)


def upload_temp_path(remote_path: str) -> str:
    """The hidden name an upload takes until its rename: ``dir/.<name>.part``."""
    folder, name = posixpath.split(remote_path)
    return posixpath.join(folder, f".{name}{PART_SUFFIX}")


def redact(text: str, secret: str | None) -> str:
    """``text`` with ``secret`` blanked: a last guard on messages built from server replies.

    Secrets under 4 characters are left alone: blanking them would mangle ordinary words.
    """
    return text.replace(secret, "***") if secret and len(secret) >= 4 else text


def folder_prefixes(remote_dir: str) -> builtins.list[str]:
    """``/a/b/c`` -> ``/a``, ``/a/b``, ``/a/b/c``: the folders ``mkdirs`` makes, in order."""
    parts = [p for p in remote_dir.split("/") if p]
    lead = "/" if remote_dir.startswith("/") else ""
    return [lead + "/".join(parts[: i + 1]) for i in range(len(parts))]
