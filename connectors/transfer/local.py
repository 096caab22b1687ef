"""A local directory served through the transfer interface (``--source DIR``, tests).

Remote paths are taken inside ``root``: ``/exports/x`` and ``exports/x`` both mean
``root/exports/x``; a path that climbs out of ``root`` is refused.
"""

from __future__ import annotations

import builtins
import contextlib
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from connectors.errors import TransferError
from connectors.transfer._staging import PartFile, check_expected_size
from connectors.transfer.base import Closing, Progress, RemoteFile, upload_temp_path

log = logging.getLogger("tillsync.transfer")

_CHUNK = 1 << 16


class LocalFolder(Closing):
    """A folder standing in for a file server; same interface, same errors."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.server = self.root.as_uri()

    def list(self, remote_dir: str) -> builtins.list[RemoteFile]:
        folder = self._path(remote_dir)
        with self._mapped(remote_dir, "folder not found"):
            return [
                RemoteFile(entry.name, entry.stat().st_size)
                for entry in os.scandir(folder)
                if entry.is_file(follow_symlinks=True)
            ]

    def download(
        self,
        remote_path: str,
        local_path: Path,
        *,
        expected_size: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        source = self._path(remote_path)
        with self._mapped(remote_path), open(source, "rb") as src:
            total = os.fstat(src.fileno()).st_size
            check_expected_size(local_path, total, expected_size)
            part = PartFile(
                local_path,
                total,
                expected_size,
                progress,
                server=self.server,
                remote_path=_slash(remote_path),
            )
            if not part.complete:
                src.seek(part.offset)
                with part:
                    while chunk := src.read(_CHUNK):
                        part.write(chunk)
        part.finish()

    def upload(self, local_path: Path, remote_path: str) -> None:
        target = self._path(remote_path)
        temp = self._path(upload_temp_path(remote_path))
        with self._mapped(remote_path):
            try:
                shutil.copyfile(local_path, temp)
                os.replace(temp, target)
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
        log.info("%s: published %s", self.server, remote_path)

    def rename(self, remote_from: str, remote_to: str) -> None:
        with self._mapped(remote_from):
            os.replace(self._path(remote_from), self._path(remote_to))

    def delete(self, remote_path: str) -> None:
        with self._mapped(remote_path):
            self._path(remote_path).unlink()

    def mkdirs(self, remote_dir: str) -> None:
        with self._mapped(remote_dir):
            self._path(remote_dir).mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        pass

    def _path(self, remote_path: str) -> Path:
        path = (self.root / remote_path.lstrip("/")).resolve()
        if path != self.root and self.root not in path.parents:
            raise TransferError("path leaves the folder", server=self.server, path=remote_path)
        return path

    @contextlib.contextmanager
    def _mapped(self, remote_path: str, missing: str = "file not found") -> Iterator[None]:
        """The error mapper of this transfer: OSError -> TransferError."""
        try:
            yield
        except FileNotFoundError as exc:
            raise TransferError(missing, server=self.server, path=_slash(remote_path)) from exc
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise TransferError(reason, server=self.server, path=_slash(remote_path)) from exc


def _slash(remote_path: str) -> str:
    return "/" + remote_path.lstrip("/")
