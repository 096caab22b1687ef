"""The Test buttons of the settings tabs, on the settings as typed (not yet saved).

Each runs on a worker thread and returns plain data for the screen to show; failures
are the library's own errors (``Unavailable``, ``TransferError``, ``ServerFault``...).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa

from connectors.sql import database_errors
from connectors.transfer import HostKeyFingerprint, fingerprint
from standalone_till.config import TillConfig
from standalone_till.fetching import open_source
from standalone_till.store import TillDatabase
from standalone_till.sync.uplink import client_for


@dataclass(frozen=True)
class DatabaseCheck:
    exists: bool  # False: a SQLite file that `till init` (or the button) will create
    ready: bool  # the till's tables are there, at some version


@dataclass(frozen=True)
class PingCheck:
    latency_ms: float


@dataclass(frozen=True)
class FolderCheck:
    server: str
    folder: str
    files: list[str]


def check_database(cfg: TillConfig) -> DatabaseCheck:
    if cfg.database.engine == "sqlite" and not cfg.database_path.exists():
        return DatabaseCheck(exists=False, ready=False)
    db = TillDatabase.from_config(cfg)
    try:
        with database_errors(db.journal), db.journal.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return DatabaseCheck(exists=True, ready=db.is_migrated())
    finally:
        db.dispose()


def prepare_database(cfg: TillConfig) -> DatabaseCheck:
    """Create the till's tables, or bring them to this program's version."""
    db = TillDatabase.from_config(cfg)
    try:
        db.migrate()
    finally:
        db.dispose()
    return DatabaseCheck(exists=True, ready=True)


def check_webservice(cfg: TillConfig) -> PingCheck:
    """Ping the server with the ping timeout (what the network icon relies on)."""
    started = time.perf_counter()
    with client_for(cfg) as client:
        client.ping(cfg.till.till_id)
    return PingCheck((time.perf_counter() - started) * 1000)


def check_ftp(cfg: TillConfig) -> FolderCheck:
    """Log in to the export server and list the exports folder."""
    with open_source(cfg, None) as (transfer, remote_dir):
        files = sorted(f.name for f in transfer.list(remote_dir))
        return FolderCheck(transfer.server, remote_dir, files)


def host_key(host: str, port: int) -> HostKeyFingerprint:
    """The key the SFTP server offers, for the administrator to compare and confirm."""
    return fingerprint(host, port or 22)
