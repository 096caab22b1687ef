"""Fixtures over the real file servers of ``fault_harness.servers`` (127.0.0.1).

* ``ftp_server`` / ``ftps_server``: pyftpdlib in a thread, one user with a password and a
  temporary home; FTPS requires TLS on both channels with a certificate from a throwaway
  CA (``tls_files``).
* ``sshd_server``: OpenSSH's sshd on a free port serving SFTP to the local user
  ``tillsync-sftp`` (``sftp_account``). Skipped (loudly) when sshd is missing or we are
  not root, except in CI, where that fails.
* ``cutting_proxy``: loopback proxies that cut their first connection, closed afterwards.
* ``published_exports``: a full export 1 and increments 2 and 3.

Loaded for every test through ``pytest_plugins`` in conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fault_harness.servers import (
    FTP_PASSWORD,
    FTP_USER,
    LOCALHOST,
    CuttingProxy,
    FtpServer,
    ServerUnavailable,
    SshServer,
    ensure_sftp_account,
    serve_ftp,
    watching,
    write_exports,
    write_test_pki,
)

__all__ = ["FTP_PASSWORD", "CuttingProxy", "FtpServer", "SshServer", "watching", "write_exports"]


@pytest.fixture
def ftp_server(tmp_path: Path) -> Iterator[FtpServer]:
    home = tmp_path / "ftp-home"
    home.mkdir()
    with serve_ftp(home, None) as (port, controls):
        yield FtpServer(LOCALHOST, port, FTP_USER, FTP_PASSWORD, home, False, None, controls)


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(CA certificate, server certificate, server key) for 127.0.0.1 and localhost."""
    return write_test_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def ftps_server(tmp_path: Path, tls_files: tuple[Path, Path, Path]) -> Iterator[FtpServer]:
    ca, cert, key = tls_files
    home = tmp_path / "ftps-home"
    home.mkdir()
    with serve_ftp(home, (cert, key)) as (port, controls):
        yield FtpServer(LOCALHOST, port, FTP_USER, FTP_PASSWORD, home, True, str(ca), controls)


@pytest.fixture(scope="session")
def sftp_account() -> str:
    """The local user the sshd tests log in as; created once, key login only."""
    try:
        return ensure_sftp_account()
    except ServerUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"SFTP tests must run in CI: {exc}")
        pytest.skip(f"SFTP TESTS NOT RUN: {exc}")


@pytest.fixture
def sshd_server(sftp_account: str) -> Iterator[SshServer]:
    server = SshServer(sftp_account)
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def cutting_proxy() -> Iterator[type[CuttingProxy]]:
    """``cutting_proxy(target_port, cut_after)``; every proxy made is closed afterwards."""
    made: list[CuttingProxy] = []

    class Tracked(CuttingProxy):
        def __init__(self, target_port: int, cut_after: int) -> None:
            super().__init__(target_port, cut_after)
            made.append(self)

    yield Tracked
    for proxy in made:
        proxy.close()


@pytest.fixture(scope="session")
def published_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Exports 1 (full), 2 and 3 (increments); read-only, copy them to a server's folder."""
    return write_exports(tmp_path_factory.mktemp("published"))
