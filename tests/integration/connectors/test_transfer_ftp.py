"""FTP and FTPS against pyftpdlib on 127.0.0.1: the transfer interface, resuming a cut
download, TLS verification, and errors that name the server but never the password."""

from __future__ import annotations

import logging
import random
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from transfer_servers import FTP_PASSWORD, FtpServer, watching

from connectors.errors import ChecksumError, TransferError
from connectors.transfer import (
    RemoteFile,
    Transfer,
    open_transfer,
    open_url,
    part_path,
)
from ftp_import.fetch import fetch_increments_after, fetch_newest_full

SEED = 20261121


@pytest.fixture(params=["ftp", "ftps"])
def server(request: pytest.FixtureRequest) -> FtpServer:
    return request.getfixturevalue(f"{request.param}_server")  # type: ignore[no-any-return]


def connect(server: FtpServer, **options: Any) -> Transfer:
    return open_transfer(
        server.protocol, server.host, server.port, server.user, server.password,
        **server.options(**options),
    )  # fmt: skip


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections (backlog) and never says a word."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        yield int(s.getsockname()[1])


def test_list_download_upload_rename_delete(server: FtpServer, tmp_path: Path) -> None:
    data = random.Random(SEED).randbytes(300_000)
    (server.home / "exports" / "sub").mkdir(parents=True)
    (server.home / "exports" / "a.bin").write_bytes(data)
    source = tmp_path / "up.bin"
    source.write_bytes(data[:1234])
    with connect(server) as t:
        assert t.list("/exports") == [RemoteFile("a.bin", len(data))]
        t.download("/exports/a.bin", tmp_path / "in" / "a.bin", expected_size=len(data))
        t.mkdirs("/pub/2026/11")
        t.mkdirs("/pub/2026/11")  # already there: fine
        t.upload(source, "/pub/2026/11/up.bin")
        assert t.list("/pub/2026/11") == [RemoteFile("up.bin", 1234)]
        t.rename("/pub/2026/11/up.bin", "/pub/2026/11/renamed.bin")
        assert (server.home / "pub/2026/11/renamed.bin").read_bytes() == data[:1234]
        t.delete("/pub/2026/11/renamed.bin")
        assert t.list("/pub/2026/11") == []
    assert (tmp_path / "in" / "a.bin").read_bytes() == data
    assert not part_path(tmp_path / "in" / "a.bin").exists()
    # the upload went under a hidden temporary name first, then was renamed
    assert server.received == [str(server.home / "pub/2026/11/.up.bin.part")]


def test_upload_is_atomic(server: FtpServer, tmp_path: Path) -> None:
    data = random.Random(SEED).randbytes(4 * 1024 * 1024)
    source = tmp_path / "big.bin"
    source.write_bytes(data)
    (server.home / "pub").mkdir()
    with connect(server) as t, watching(server.home / "pub") as seen:
        t.upload(source, "/pub/big.bin")
    assert {size for name, size in seen if name == "big.bin"} <= {len(data)}  # never partial
    assert server.received == [str(server.home / "pub" / ".big.bin.part")]
    assert [p.name for p in (server.home / "pub").iterdir()] == ["big.bin"]


def test_active_mode(ftp_server: FtpServer, tmp_path: Path) -> None:
    (ftp_server.home / "a.bin").write_bytes(b"active")
    with connect(ftp_server, passive=False) as t:
        assert t.list("/") == [RemoteFile("a.bin", 6)]
        t.download("/a.bin", tmp_path / "a.bin")
    assert (tmp_path / "a.bin").read_bytes() == b"active"


def test_cut_download_resumes_with_only_the_remainder(server: FtpServer, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    data = rng.randbytes(4 * 1024 * 1024)
    cut = rng.randrange(len(data) // 10, len(data) * 9 // 10)
    (server.home / "big.bin").write_bytes(data)
    target = tmp_path / "staging" / "big.bin"
    server.cut_next_download(cut)
    with connect(server) as t:
        with pytest.raises(TransferError) as err:
            t.download("/big.bin", target, expected_size=len(data))
        assert err.value.server == f"{server.protocol}://till@127.0.0.1:{server.port}"
        assert part_path(target).stat().st_size == cut
        assert not target.exists()
        calls: list[tuple[int, int]] = []
        t.download("/big.bin", target, expected_size=len(data), progress=lambda *a: calls.append(a))
    assert target.read_bytes() == data
    assert server.sent == [cut, len(data) - cut]  # the second RETR sent only the rest
    assert calls[0] == (cut, len(data)) and calls[-1] == (len(data), len(data))


def test_fetch_exports_with_resume_and_refetch(
    server: FtpServer, published_exports: Path, tmp_path: Path
) -> None:
    shutil.copytree(published_exports, server.home / "exports")
    staging = tmp_path / "staging"
    items = "00000001-full.items.csv.gz"
    size = (published_exports / items).stat().st_size
    staging.mkdir()
    part_path(staging / items).write_bytes(b"\0" * size)  # complete, but damaged
    with connect(server) as t:
        manifest = fetch_newest_full(t, "/exports", staging)
        assert manifest == staging / "00000001-full.manifest.json"
        assert (staging / items).read_bytes() == (published_exports / items).read_bytes()
        assert size in server.sent  # fetched again from zero, whole
        before = server.sent
        assert fetch_newest_full(t, "/exports", staging) == manifest
        assert server.sent == before  # nothing fetched twice
        increments = fetch_increments_after(t, "/exports", staging, after_sequence=1)
    assert [p.name[:8] for p in increments] == ["00000002", "00000003"]


def test_a_file_damaged_on_the_server_fails_after_one_refetch(
    ftp_server: FtpServer, published_exports: Path, tmp_path: Path
) -> None:
    shutil.copytree(published_exports, ftp_server.home / "exports")
    bad = ftp_server.home / "exports" / "00000003-incremental.prices.csv.gz"
    data = bytearray(bad.read_bytes())
    data[-10] ^= 0x01
    bad.write_bytes(bytes(data))
    with connect(ftp_server) as t, pytest.raises(ChecksumError, match="fetched twice") as err:
        fetch_increments_after(t, "/exports", tmp_path / "staging", after_sequence=2)
    assert err.value.file == bad.name
    assert ftp_server.sent.count(len(data)) == 2


def test_ftps_refuses_an_untrusted_certificate(ftps_server: FtpServer) -> None:
    with pytest.raises(TransferError, match="TLS certificate not trusted") as err:
        connect(ftps_server, ca_file=None)
    assert err.value.server.startswith("ftps://till@127.0.0.1:")


def test_ftps_without_verification_connects_and_warns(
    ftps_server: FtpServer, caplog: pytest.LogCaptureFixture
) -> None:
    with connect(ftps_server, ca_file=None, verify_tls=False) as t:
        assert t.list("/") == []
    assert "verification is OFF" in caplog.text


def test_plain_ftp_client_is_refused_by_a_tls_only_server(ftps_server: FtpServer) -> None:
    with pytest.raises(TransferError, match=r"login refused|refused by the server"):
        open_transfer("ftp", ftps_server.host, ftps_server.port, "till", FTP_PASSWORD, timeout=5)


def test_login_refused(server: FtpServer) -> None:
    with pytest.raises(TransferError, match="login refused") as err:
        open_transfer(server.protocol, server.host, server.port, "till", "Wrong-Pw-123",
                      ca_file=server.ca_file, timeout=5)  # fmt: skip
    assert "Wrong-Pw-123" not in str(err.value)


def test_server_unreachable(closed_port: int) -> None:
    with pytest.raises(TransferError, match="server unreachable") as err:
        open_transfer("ftp", "127.0.0.1", closed_port, "till", FTP_PASSWORD, timeout=5)
    assert str(err.value).startswith(f"ftp://till@127.0.0.1:{closed_port}: ")


def test_timed_out(silent_port: int) -> None:
    with pytest.raises(TransferError, match="timed out"):
        open_transfer("ftp", "127.0.0.1", silent_port, "till", FTP_PASSWORD, timeout=0.5)


def test_missing_file_and_folder(server: FtpServer, tmp_path: Path) -> None:
    with connect(server) as t:
        with pytest.raises(TransferError, match=r"/nope\.bin: file not found"):
            t.download("/nope.bin", tmp_path / "nope.bin")
        with pytest.raises(TransferError, match=r"/nowhere: folder not found"):
            t.list("/nowhere")
        assert t.list("/") == []  # the connection is still usable
    assert not part_path(tmp_path / "nope.bin").exists()


def test_open_url_with_a_password(ftp_server: FtpServer) -> None:
    url = f"ftp://till:{FTP_PASSWORD}@127.0.0.1:{ftp_server.port}/exports"
    transfer, remote_dir = open_url(url)
    with transfer:
        assert remote_dir == "/exports"
        assert FTP_PASSWORD not in transfer.server


def test_the_password_never_shows(
    server: FtpServer, closed_port: int, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    failures: list[TransferError] = []
    with connect(server) as t:
        for attempt in (lambda: t.download("/nope", tmp_path / "x"), lambda: t.list("/none")):
            with pytest.raises(TransferError) as err:
                attempt()
            failures.append(err.value)
    for opening in (
        lambda: open_transfer("ftp", "127.0.0.1", closed_port, "till", FTP_PASSWORD, timeout=5),
        lambda: open_url(f"ftp://till:{FTP_PASSWORD}@127.0.0.1:{closed_port}/x"),
        lambda: open_transfer(  # a user the server does not know, with the real password
            server.protocol, server.host, server.port, "nobody", FTP_PASSWORD,
            ca_file=server.ca_file, timeout=5,
        ),
    ):  # fmt: skip
        with pytest.raises(TransferError) as err:
            opening()
        failures.append(err.value)
    for exc in failures:
        assert FTP_PASSWORD not in str(exc) and FTP_PASSWORD not in repr(exc)
        assert FTP_PASSWORD not in exc.server
    assert FTP_PASSWORD not in caplog.text
