"""Where "Load data" and "Load changes" get their exports: a folder, a URL, or the server
of the till's ``[ftp]`` config. Remote exports are downloaded (resumably) into the staging
folder and verified there before the loader sees them; a folder is read in place.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from connectors.errors import ChecksumError, ConfigError, ExportError
from connectors.transfer import Transfer, is_url, open_transfer, open_url
from ftp_import.fetch import fetch_exports, fetch_increments_after, newest_full
from ftp_import.reader import ExportRef
from standalone_till import loading
from standalone_till.config import TillConfig
from standalone_till.store import TillDatabase

log = logging.getLogger("tillsync.import")
_T = TypeVar("_T")

# (bytes done, bytes in the file being fetched)
ByteProgress = Callable[[int, int], None]
# Called with the sequence and manifest name of the full export chosen, before fetching it.
FullCheck = Callable[[int, str], None]
_STAGED = re.compile(r"^(\d{8})-(full|incremental)\.")


def _path_setting(cfg: TillConfig, value: str) -> str | None:
    return str(cfg.resolve(value)) if value else None


def _known_host_key(cfg: TillConfig) -> str | None:
    """The configured host key: a key line as it is, a known_hosts file from the config's folder."""
    value = cfg.ftp.known_host_key
    if not value or " " in value.strip():
        return value or None
    return str(cfg.resolve(value))


def _transfer_options(cfg: TillConfig) -> dict[str, object]:
    f = cfg.ftp
    return {
        "key_file": _path_setting(cfg, f.key_file),
        "known_host_key": _known_host_key(cfg),
        "passive": f.passive,
        "verify_tls": f.verify_tls,
        "ca_file": _path_setting(cfg, f.ca_file),
    }


@contextlib.contextmanager
def open_source(cfg: TillConfig, source: str | None) -> Iterator[tuple[Transfer, str]]:
    """The export server: ``source`` (a URL) or the ``[ftp]`` settings; closed on exit."""
    if source is None:
        f = cfg.ftp
        if not f.host:
            raise ConfigError(
                "no export server configured: set ftp.host, or give --source DIR|URL",
                key="ftp.host",
            )
        transfer = open_transfer(
            f.protocol,
            f.host,
            f.port,
            f.user,
            f.password,
            **_transfer_options(cfg),  # type: ignore[arg-type]
        )
        remote_dir = f.remote_dir
    else:
        transfer, remote_dir = open_url(
            source, user=cfg.ftp.user, password=cfg.ftp.password or None, **_transfer_options(cfg)
        )
    with transfer:
        yield transfer, remote_dir


def _local_folder(source: str | None) -> Path | None:
    return Path(source) if source is not None and not is_url(source) else None


def _per_file(progress: ByteProgress | None) -> Callable[[str, int, int], None] | None:
    if progress is None:
        return None
    return lambda _name, done, total: progress(done, total)


def stage_full(
    cfg: TillConfig,
    source: str | None,
    progress: ByteProgress | None = None,
    *,
    check: FullCheck | None = None,
) -> Path:
    """The manifest of the newest full export, verified and ready to load.

    From a server, ``check`` sees the export chosen before anything of it is fetched
    (and may refuse it); a folder is read in place, and its loader checks the same.
    """
    folder = _local_folder(source)
    if folder is not None:
        return folder if folder.is_file() else loading.newest_full(folder)

    def wanted(refs: list[ExportRef]) -> list[ExportRef]:
        chosen = newest_full(refs)
        if check is not None:
            for ref in chosen:
                check(ref.sequence, ref.manifest_name)
        return chosen

    with open_source(cfg, source) as (transfer, remote_dir):
        staged = fetch_exports(
            transfer, remote_dir, cfg.staging_path, wanted, progress=_per_file(progress)
        )
        if not staged:
            raise ExportError(
                "no full export is published there", file=f"{transfer.server}{remote_dir}"
            )
    return staged[0]


def stage_changes(
    cfg: TillConfig, source: str | None, after_sequence: int, progress: ByteProgress | None = None
) -> Path:
    """The folder holding the increments after ``after_sequence``, verified and ready to apply."""
    folder = _local_folder(source)
    if folder is not None:
        return folder
    with open_source(cfg, source) as (transfer, remote_dir):
        fetch_increments_after(
            transfer, remote_dir, cfg.staging_path, after_sequence, progress=_per_file(progress)
        )
    return cfg.staging_path


def load_data(
    cfg: TillConfig,
    db: TillDatabase,
    source: str | None,
    progress: loading.Progress | None = None,
    download: ByteProgress | None = None,
    *,
    allow_older: bool = False,
) -> loading.LoadResult:
    """Load data: the newest full export of ``source`` (a folder, a URL) or the configured
    server; one older than the catalog is refused unless ``allow_older``."""
    fetched = _local_folder(source) is None

    def attempt() -> loading.LoadResult:
        with db.read(db.catalog) as conn:
            state = loading.catalog_state(conn)

        def check(sequence: int, name: str) -> None:
            loading.refuse_older(state, sequence, allow_older=allow_older, file=name)

        manifest = stage_full(cfg, source, download, check=check)
        return loading.load_full(db, manifest, progress, allow_older=allow_older, fetched=fetched)

    return _refetching(fetched, attempt)


def load_changes(
    cfg: TillConfig,
    db: TillDatabase,
    source: str | None,
    progress: loading.Progress | None = None,
    download: ByteProgress | None = None,
) -> loading.LoadResult:
    """Load changes: the increments after the catalog's sequence, fetched and applied in order."""
    fetched = _local_folder(source) is None

    def attempt() -> loading.LoadResult:
        with db.read(db.catalog) as conn:
            current = loading.catalog_state(conn).sequence
        folder = stage_changes(cfg, source, current, download)
        return loading.load_changes(db, folder, progress, fetched=fetched)

    return _refetching(fetched, attempt)


def _refetching(fetched: bool, attempt: Callable[[], _T]) -> _T:
    """``attempt()``; when a fetched file turns out damaged as it is loaded, once more:
    staging verifies what it holds again, and fetches the damaged file afresh."""
    try:
        return attempt()
    except ChecksumError as exc:
        if not fetched:
            raise
        log.warning("%s; fetching it again", exc)
    return attempt()


def prune_staging(staging: Path, applied_sequence: int) -> int:
    """Delete staged exports the catalog has moved past; the number of files removed."""
    removed = 0
    if not staging.is_dir():
        return removed
    for path in staging.iterdir():
        match = _STAGED.match(path.name)
        if match and int(match.group(1)) <= applied_sequence:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
