"""Load data / Load changes from the export server: FTP from the config, SFTP by URL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from transfer_servers import FtpServer, SshServer

from connectors.errors import ConfigError, OlderExportError, TransferError
from standalone_till import fetching
from standalone_till.config import load_config, set_key
from standalone_till.service import Till


def _till(config: Path) -> Till:
    till = Till(load_config(config))
    till.init()
    return till


def _publish(exports: Path, home: Path) -> None:
    target = home / "exports"
    target.mkdir(parents=True, exist_ok=True)
    for path in exports.iterdir():
        shutil.copy(path, target / path.name)


def _configure_ftp(config: Path, server: FtpServer) -> None:
    for key, value in {
        "ftp.protocol": "ftp",
        "ftp.host": server.host,
        "ftp.port": str(server.port),
        "ftp.user": server.user,
        "ftp.password": server.password,
        "ftp.remote_dir": "/exports",
    }.items():
        set_key(config, key, value)


def test_load_from_the_configured_ftp_server(
    sqlite_config: Path, sample_exports: Path, ftp_server: FtpServer
) -> None:
    _publish(sample_exports, ftp_server.home)
    _configure_ftp(sqlite_config, ftp_server)
    till = _till(sqlite_config)
    staging = till.cfg.staging_path
    seen: list[tuple[int, int]] = []
    assert till.load_data(download=lambda done, total: seen.append((done, total))).sequence == 1
    assert seen and seen[-1][0] == seen[-1][1]
    assert not list(staging.glob("00000001-*")), "applied exports are pruned from staging"
    assert till.load_changes().sequences == (2, 3)
    assert not list(staging.glob("0000000[123]-*"))
    # Only what is new is downloaded: nothing the second time.
    before = len(ftp_server.sent)
    assert till.load_changes().sequences == ()
    assert len(ftp_server.sent) == before
    # The agent's timed refresh: nothing new, no error kept.
    assert till.refresh_catalog() is not None and till.catalog_error is None
    till.close()


def test_a_gap_on_the_server_is_kept_for_the_status(
    sqlite_config: Path, sample_exports: Path, ftp_server: FtpServer
) -> None:
    _publish(sample_exports, ftp_server.home)
    _configure_ftp(sqlite_config, ftp_server)
    till = _till(sqlite_config)
    till.load_data()
    for path in (ftp_server.home / "exports").glob("00000002-*"):
        path.unlink()
    assert till.refresh_catalog() is None
    assert "full load" in (till.status()["catalog_error"] or "")
    assert till.catalog_state().sequence == 1
    till.close()
    # Kept in the journal: another process (`till status`, the admin window) sees it too.
    other = _till(sqlite_config)
    assert "full load" in (other.status()["catalog_error"] or "")
    assert "full load" in other.status()["sync_errors"]["catalog"]  # type: ignore[index]
    _publish(sample_exports, ftp_server.home)  # the missing increment is back
    assert other.refresh_catalog() is not None and other.catalog_error is None
    other.close()


def test_an_interrupted_download_resumes(
    sqlite_config: Path, sample_exports: Path, ftp_server: FtpServer
) -> None:
    _publish(sample_exports, ftp_server.home)
    _configure_ftp(sqlite_config, ftp_server)
    till = _till(sqlite_config)
    biggest = max(
        (ftp_server.home / "exports").glob("00000001-full.*.csv.gz"), key=lambda p: p.stat().st_size
    )
    assert biggest.stat().st_size > 2000
    # The first data file fetched is cut half way; which one depends on the fetch order,
    # so cut after a few hundred bytes: every data file is bigger than that.
    ftp_server.cut_next_download(300)
    with pytest.raises(TransferError) as err:
        fetching.stage_full(till.cfg, None)
    assert ftp_server.password not in str(err.value)
    assert list(till.cfg.staging_path.glob("*.part")), "the partial download must be kept"
    manifest = fetching.stage_full(till.cfg, None)
    assert till.load_data(manifest).sequence == 1
    assert till.catalog.counts()["items"] > 0
    till.close()


def test_load_over_sftp_by_url(
    sqlite_config: Path, sample_exports: Path, sshd_server: SshServer
) -> None:
    for path in sample_exports.iterdir():
        sshd_server.put(f"exports/{path.name}", path.read_bytes())
    set_key(sqlite_config, "ftp.known_host_key", sshd_server.known_hosts_line)
    set_key(sqlite_config, "ftp.key_file", str(sshd_server.client_key))
    till = _till(sqlite_config)
    url = f"{sshd_server.server}/~/exports"
    till.load_data(fetching.stage_full(till.cfg, url))
    till.load_changes(fetching.stage_changes(till.cfg, url, till.catalog_state().sequence))
    assert till.catalog_state().sequence == 3
    till.close()


def test_sftp_with_an_unknown_host_key_is_refused(
    sqlite_config: Path, sample_exports: Path, sshd_server: SshServer
) -> None:
    set_key(sqlite_config, "ftp.key_file", str(sshd_server.client_key))
    till = _till(sqlite_config)
    with pytest.raises(TransferError, match="host key"):
        fetching.stage_full(till.cfg, f"{sshd_server.server}/~/exports")
    assert till.catalog_state().sequence == 0
    till.close()


def test_no_server_configured_is_a_clear_error(sqlite_config: Path) -> None:
    till = _till(sqlite_config)
    with pytest.raises(ConfigError, match=r"ftp\.host"):
        fetching.stage_full(till.cfg, None)
    till.close()


def test_an_older_full_export_on_the_server_is_refused_before_it_is_fetched(
    sqlite_config: Path, sample_exports: Path, ftp_server: FtpServer
) -> None:
    _publish(sample_exports, ftp_server.home)
    _configure_ftp(sqlite_config, ftp_server)
    till = _till(sqlite_config)
    till.load_data()
    till.load_changes()
    fetched = len(ftp_server.sent)
    # At 3 after the increments, the newest full export (1) would take the catalog back.
    with pytest.raises(OlderExportError, match="load-data --allow-older") as err:
        till.load_data()
    assert (err.value.sequence, err.value.current) == (1, 3)
    assert len(ftp_server.sent) == fetched, "nothing of the refused export is downloaded"
    assert till.catalog_state().sequence == 3
    assert till.load_data(allow_older=True).sequence == 1
    till.close()


def test_a_staged_file_damaged_before_it_is_loaded_is_fetched_again(
    sqlite_config: Path,
    sample_exports: Path,
    ftp_server: FtpServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Verified when fetched, damaged on the till's disk before the load reads it: the
    load says so (never a row error), and the file is fetched again and loaded."""
    _publish(sample_exports, ftp_server.home)
    _configure_ftp(sqlite_config, ftp_server)
    till = _till(sqlite_config)
    staged = till.cfg.staging_path / "00000001-full.barcodes.csv.gz"
    damaged: list[int] = []

    def damage_once(done: int, total: int) -> None:
        # The first report comes once the items are in, before the barcodes are read.
        if not damaged:
            data = bytearray(staged.read_bytes())
            data[len(data) // 2] ^= 0x20
            staged.write_bytes(bytes(data))
            damaged.append(len(ftp_server.sent))

    with caplog.at_level("WARNING", logger="tillsync.import"):
        result = till.load_data(progress=damage_once)
    assert result.sequence == 1 and till.catalog.counts()["barcodes"] > 0
    assert len(ftp_server.sent) == damaged[0] + 1, "only the damaged file is fetched again"
    (warning,) = [r.getMessage() for r in caplog.records if r.name == "tillsync.import"]
    assert warning.startswith(
        "00000001-full.barcodes.csv.gz: damaged in transfer"
    ) and warning.endswith("; fetching it again")
    assert warning.count("00000001-full.barcodes.csv.gz") == 1
    assert "does not match the manifest: sha256: expected" in warning
    till.close()
