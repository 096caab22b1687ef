"""Fetch published exports from a file server into a local staging folder, verified,
without applying them (the till's side of the export format, over any
:class:`~connectors.transfer.Transfer`).

Each chosen export: its manifest, then its data files, each resumed from its ``.part``
and checked (size, SHA-256) against the manifest. A file failing the check is fetched
again from zero once; failing twice raises :class:`~connectors.errors.ChecksumError`.
What is already staged and verified is not fetched again. Applying the staging folder
is the till's business.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

from connectors.errors import ChecksumError, ExportError
from connectors.transfer import Transfer, local_disk, part_path
from ftp_import.manifest import Manifest, ManifestFile
from ftp_import.reader import ExportRef, export_ref, file_mismatch, read_manifest

log = logging.getLogger("tillsync.transfer")

#: ``progress(file_name, done, total)`` for the file being fetched.
FetchProgress = Callable[[str, int, int], None]
#: Picks the exports to fetch out of those published (sorted by sequence).
Wanted = Callable[[list[ExportRef]], Iterable[ExportRef]]


def list_remote_exports(transfer: Transfer, remote_dir: str) -> list[ExportRef]:
    """The exports published in ``remote_dir``, by sequence."""
    return sorted(r for f in transfer.list(remote_dir) if (r := export_ref(f.name)) is not None)


def newest_full(refs: list[ExportRef]) -> list[ExportRef]:
    """The newest full export, if any ("Load data")."""
    fulls = [r for r in refs if r.kind == "full"]
    return fulls[-1:]


def increments_after(sequence: int) -> Wanted:
    """The increments newer than ``sequence`` ("Load changes"); gaps are the loader's call."""

    def wanted(refs: list[ExportRef]) -> list[ExportRef]:
        return [r for r in refs if r.kind == "incremental" and r.sequence > sequence]

    return wanted


def fetch_newest_full(
    transfer: Transfer, remote_dir: str, staging: Path, *, progress: FetchProgress | None = None
) -> Path | None:
    """Fetch the newest full export; its staged manifest, or None when none is published."""
    paths = fetch_exports(transfer, remote_dir, staging, newest_full, progress=progress)
    return paths[0] if paths else None


def fetch_increments_after(
    transfer: Transfer,
    remote_dir: str,
    staging: Path,
    after_sequence: int,
    *,
    progress: FetchProgress | None = None,
) -> list[Path]:
    """Fetch every increment newer than ``after_sequence``; staged manifests in order."""
    wanted = increments_after(after_sequence)
    return fetch_exports(transfer, remote_dir, staging, wanted, progress=progress)


def fetch_exports(
    transfer: Transfer,
    remote_dir: str,
    staging: Path,
    wanted: Wanted,
    *,
    progress: FetchProgress | None = None,
) -> list[Path]:
    """Fetch the exports ``wanted`` picks; their staged manifest paths in sequence order."""
    sizes = {f.name: f.size for f in transfer.list(remote_dir)}
    published = sorted(r for name in sizes if (r := export_ref(name)) is not None)
    chosen = sorted(set(wanted(published)))
    with local_disk(staging):
        staging.mkdir(parents=True, exist_ok=True)
    fetcher = _Fetcher(transfer, remote_dir, staging, progress)
    return [fetcher.export(ref, sizes[ref.manifest_name]) for ref in chosen]


class _Fetcher:
    def __init__(
        self,
        transfer: Transfer,
        remote_dir: str,
        staging: Path,
        progress: FetchProgress | None,
    ) -> None:
        self.transfer = transfer
        self.remote_dir = remote_dir
        self.staging = staging
        self.progress = progress

    def export(self, ref: ExportRef, manifest_size: int) -> Path:
        path = self.staging / ref.manifest_name
        manifest = self._manifest(ref, path, manifest_size)
        for entry in manifest.files:
            self._data_file(entry)
        log.info("%s: export %d (%s) staged", self.transfer.server, ref.sequence, ref.kind)
        return path

    def _manifest(self, ref: ExportRef, path: Path, size: int) -> Manifest:
        """The staged manifest; one of another size than the server's is fetched again."""
        with local_disk(path):
            stale = path.exists() and path.stat().st_size != size
            if stale:
                path.unlink()
        if not path.exists():
            self._download(ref.manifest_name, path, size)
        try:
            manifest = read_manifest(path)
            if (manifest.sequence, manifest.kind) != (ref.sequence, ref.kind):
                raise ExportError(
                    f"holds export {manifest.sequence} ({manifest.kind}), not its name's",
                    file=ref.manifest_name,
                )
        except ExportError:
            with local_disk(path):
                path.unlink(missing_ok=True)  # fetched afresh next time
            raise
        return manifest

    def _data_file(self, entry: ManifestFile) -> None:
        path = self.staging / entry.name
        if path.exists():
            if file_mismatch(path, entry) is None:
                log.debug("%s: already staged and verified", entry.name)
                return
            self._discard(path)
        problem = self._fetch_verified(entry, path)
        if problem is None:
            return
        log.warning(
            "%s: does not match the manifest: %s; fetching it again from the start",
            entry.name,
            problem,
        )
        self._discard(path)
        problem = self._fetch_verified(entry, path)
        if problem is not None:
            self._discard(path)
            raise ChecksumError(
                f"fetched twice and still does not match the manifest: {problem}",
                file=entry.name,
            )

    def _fetch_verified(self, entry: ManifestFile, path: Path) -> str | None:
        """Fetch one data file; None when it matches its manifest, else what differs."""
        try:
            self._download(entry.name, path, entry.size)
        except ChecksumError as exc:  # the size alone already differs
            return str(exc).removeprefix(f"{exc.file}: ")
        return file_mismatch(path, entry)

    def _download(self, name: str, path: Path, size: int) -> None:
        report = self.progress
        self.transfer.download(
            posixpath.join(self.remote_dir, name),
            path,
            expected_size=size,
            progress=(lambda done, total: report(name, done, total)) if report else None,
        )

    @staticmethod
    def _discard(path: Path) -> None:
        with local_disk(path):
            path.unlink(missing_ok=True)
            part_path(path).unlink(missing_ok=True)
