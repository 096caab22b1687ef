"""SFTP against OpenSSH's sshd on 127.0.0.1: host keys refused unless configured, key and
password logins, resuming a cut download, and errors that never show the password."""

from __future__ import annotations

import logging
import random
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import paramiko
import pytest
from transfer_servers import CuttingProxy, SshServer, watching

from connectors.errors import ConfigError, TransferError
from connectors.transfer import (
    RemoteFile,
    Transfer,
    fingerprint,
    open_transfer,
    open_url,
    part_path,
)
from ftp_import.fetch import fetch_newest_full

SEED = 20261122


def connect(server: SshServer, port: int | None = None, **options: Any) -> Transfer:
    return open_transfer(
        "sftp", server.host, port or server.port, server.user, None, **server.options(**options)
    )


def sha256_of(server: SshServer) -> str:
    """The host key fingerprint as ``ssh-keygen -lf`` prints it: what an admin compares."""
    out = subprocess.run(
        ["ssh-keygen", "-lf", str(server.host_key.with_suffix(".pub"))],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return out.split()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    with socket.create_server(("127.0.0.1", 0)) as s:
        yield int(s.getsockname()[1])


def test_list_download_upload_rename_delete(sshd_server: SshServer, tmp_path: Path) -> None:
    data = random.Random(SEED).randbytes(300_000)
    sshd_server.put("exports/a.bin", data)
    sshd_server.put("exports/sub/ignored.bin", b"")
    source = tmp_path / "up.bin"
    source.write_bytes(data[:1234])
    home = str(sshd_server.home)
    with connect(sshd_server) as t:
        assert t.list(f"{home}/exports") == [RemoteFile("a.bin", len(data))]
        assert t.list("exports") == [RemoteFile("a.bin", len(data))]  # from the login folder
        t.download(f"{home}/exports/a.bin", tmp_path / "in" / "a.bin", expected_size=len(data))
        t.mkdirs(f"{home}/pub/2026/11")
        t.mkdirs(f"{home}/pub/2026/11")
        t.upload(source, f"{home}/pub/2026/11/up.bin")
        assert t.list(f"{home}/pub/2026/11") == [RemoteFile("up.bin", 1234)]
        t.rename(f"{home}/pub/2026/11/up.bin", f"{home}/pub/2026/11/renamed.bin")
        assert (sshd_server.home / "pub/2026/11/renamed.bin").read_bytes() == data[:1234]
        t.delete(f"{home}/pub/2026/11/renamed.bin")
        assert t.list(f"{home}/pub/2026/11") == []
    assert (tmp_path / "in" / "a.bin").read_bytes() == data


def test_upload_is_atomic(sshd_server: SshServer, tmp_path: Path) -> None:
    data = random.Random(SEED).randbytes(4 * 1024 * 1024)
    source = tmp_path / "big.bin"
    source.write_bytes(data)
    sshd_server.put("pub/old.bin", b"")
    with connect(sshd_server) as t, watching(sshd_server.home / "pub") as seen:
        t.upload(source, f"{sshd_server.home}/pub/big.bin")
    assert {size for name, size in seen if name == "big.bin"} <= {len(data)}  # never partial
    assert any(name == ".big.bin.part" for name, _ in seen)
    assert sorted(p.name for p in (sshd_server.home / "pub").iterdir()) == ["big.bin", "old.bin"]


def test_password_login(sshd_server: SshServer, tmp_path: Path) -> None:
    sshd_server.put("a.txt", b"hello")
    with sshd_server.password_login() as password:
        with open_transfer(
            "sftp", sshd_server.host, sshd_server.port, sshd_server.user, password,
            known_host_key=sshd_server.known_hosts_line, timeout=10,
        ) as t:  # fmt: skip
            assert t.list(".") == [RemoteFile("a.txt", 5)]
        with pytest.raises(TransferError, match="login refused") as err:
            open_transfer(
                "sftp", sshd_server.host, sshd_server.port, sshd_server.user, password + "x",
                known_host_key=sshd_server.known_hosts_line, timeout=10,
            )  # fmt: skip
        assert password not in str(err.value)


def test_unknown_host_key_is_refused_with_its_fingerprint(sshd_server: SshServer) -> None:
    for known in (None, f"[127.0.0.1]:1 {sshd_server.public_host_key}"):  # none / another server
        with pytest.raises(TransferError, match="host key unknown") as err:
            connect(sshd_server, known_host_key=known)
        assert f"ssh-ed25519 {sha256_of(sshd_server)}" in str(err.value)
        assert err.value.server == sshd_server.server


def test_changed_host_key_is_refused(sshd_server: SshServer) -> None:
    trusted = sshd_server.known_hosts_line
    old = sha256_of(sshd_server)
    transfer = connect(sshd_server, known_host_key=trusted)
    sshd_server.regenerate_host_key()  # also cuts the open session
    with transfer, pytest.raises(TransferError, match="host key CHANGED") as err:
        transfer.list(".")  # reconnects, and refuses
    message = str(err.value)
    assert "man-in-the-middle" in message and sshd_server.server in message
    assert f"offers ssh-ed25519 {sha256_of(sshd_server)}" in message
    assert f"trusted is ssh-ed25519 {old}" in message


def test_the_right_key_in_every_form_is_accepted(sshd_server: SshServer, tmp_path: Path) -> None:
    known_hosts = tmp_path / "known_hosts"
    other = paramiko.Ed25519Key.from_private_key_file(str(sshd_server.client_key))
    known_hosts.write_text(
        f"# trusted servers\nfiles.example.com ssh-ed25519 {other.get_base64()}\n"
        f"{sshd_server.known_hosts_line}\n"
    )
    for known in (
        sshd_server.known_hosts_line,
        f"{sshd_server.public_host_key} root@server",  # a bare key, pinned to this server
        str(known_hosts),
    ):
        with connect(sshd_server, known_host_key=known) as t:
            assert t.list(".") == []


def test_fingerprint_for_the_admin_to_confirm(sshd_server: SshServer) -> None:
    found = fingerprint(sshd_server.host, sshd_server.port, timeout=5)
    assert found.key_type == "ssh-ed25519"
    assert found.sha256 == sha256_of(sshd_server)
    assert found.known_hosts_line == sshd_server.known_hosts_line
    with connect(sshd_server, known_host_key=found.known_hosts_line) as t:
        assert t.list(".") == []


def test_fingerprint_of_a_closed_port_is_a_transfer_error(silent_port: int) -> None:
    with pytest.raises(TransferError, match="timed out") as err:
        fingerprint("127.0.0.1", silent_port, timeout=0.5)
    assert err.value.server == f"sftp://127.0.0.1:{silent_port}"


def test_bad_known_host_key_and_key_file_are_config_errors(
    sshd_server: SshServer, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError, match="known_host_key"):
        connect(sshd_server, known_host_key="ssh-ed25519 AAAA!!notbase64")
    with pytest.raises(ConfigError, match="key file not found"):
        connect(sshd_server, key_file=str(tmp_path / "nope"))


# paramiko reads ahead on a thread of its own; when a test cuts the connection on
# purpose that thread dies with EOFError (the download itself reports TransferError and
# resumes), and pytest would turn the dead thread into an error depending on timing.
CUT_ON_PURPOSE = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")


@CUT_ON_PURPOSE
def test_cut_download_resumes_with_only_the_remainder(
    sshd_server: SshServer, cutting_proxy: type[CuttingProxy], tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    data = rng.randbytes(4 * 1024 * 1024)
    sshd_server.put("big.bin", data)
    proxy = cutting_proxy(sshd_server.port, rng.randrange(len(data) // 10, len(data) * 9 // 10))
    target = tmp_path / "staging" / "big.bin"
    remote = f"{sshd_server.home}/big.bin"
    # a bare key: trusted for the proxy's port too
    with connect(sshd_server, proxy.port, known_host_key=sshd_server.public_host_key) as t:
        with pytest.raises(TransferError):
            t.download(remote, target, expected_size=len(data))
        offset = part_path(target).stat().st_size
        assert 0 < offset < len(data) and not target.exists()
        calls: list[tuple[int, int]] = []
        t.download(remote, target, expected_size=len(data), progress=lambda *a: calls.append(a))
    assert proxy.connections == 2  # it logged in again before resuming
    assert target.read_bytes() == data
    assert calls[0] == (offset, len(data)) and calls[-1] == (len(data), len(data))
    received = [done for done, _ in calls]
    assert received == sorted(received) and received[0] == offset  # only the remainder


@CUT_ON_PURPOSE
def test_session_killed_mid_transfer_then_resumed(sshd_server: SshServer, tmp_path: Path) -> None:
    data = random.Random(SEED + 1).randbytes(3 * 1024 * 1024)
    sshd_server.put("big.bin", data)
    target = tmp_path / "big.bin"
    remote = f"{sshd_server.home}/big.bin"

    def kill_at_first_block(done: int, total: int) -> None:
        if 0 < done < total:
            sshd_server.drop_sessions()
            raise ConnectionAbortedError("stop here")  # as if the link died now

    with connect(sshd_server) as t:
        with pytest.raises(TransferError):
            t.download(remote, target, progress=kill_at_first_block)
        assert 0 < part_path(target).stat().st_size < len(data)
        t.download(remote, target)
    assert target.read_bytes() == data


def test_fetch_exports(sshd_server: SshServer, published_exports: Path, tmp_path: Path) -> None:
    for path in published_exports.iterdir():
        sshd_server.put(f"exports/{path.name}", path.read_bytes())
    with connect(sshd_server) as t:
        manifest = fetch_newest_full(t, "exports", tmp_path / "staging")
    assert manifest is not None and manifest.name == "00000001-full.manifest.json"
    for name in ("00000001-full.items.csv.gz", "00000001-full.prices.csv.gz"):
        assert (tmp_path / "staging" / name).read_bytes() == (published_exports / name).read_bytes()


def test_missing_file(sshd_server: SshServer, tmp_path: Path) -> None:
    with connect(sshd_server) as t:
        with pytest.raises(TransferError, match=r"/nope\.bin: file not found"):
            t.download("/nope.bin", tmp_path / "nope.bin")
        with pytest.raises(TransferError, match="folder not found"):
            t.list("/nowhere")
        assert t.list(".") == []


def test_server_unreachable(sshd_server: SshServer) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with pytest.raises(TransferError, match="server unreachable"):
        connect(sshd_server, port)


def test_timed_out(sshd_server: SshServer, silent_port: int) -> None:
    with pytest.raises(TransferError, match="timed out"):
        connect(sshd_server, silent_port, timeout=0.5)


def test_the_password_never_shows(
    sshd_server: SshServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "Sftp-Pw-5e1d-never-shown"
    attempts = [
        lambda: open_transfer(
            "sftp", sshd_server.host, sshd_server.port, sshd_server.user, secret,
            known_host_key=sshd_server.known_hosts_line, timeout=10,
        ),  # login refused
        lambda: open_transfer(
            "sftp", sshd_server.host, sshd_server.port, sshd_server.user, secret, timeout=10,
        ),  # host key unknown
        lambda: open_url(
            f"sftp://{sshd_server.user}:{secret}@127.0.0.1:{sshd_server.port}/x",
            known_host_key=sshd_server.known_hosts_line, timeout=10,
        ),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(TransferError) as err:
            attempt()
        assert secret not in str(err.value) and secret not in repr(err.value)
    assert secret not in caplog.text


def test_password_from_url(sshd_server: SshServer) -> None:
    with sshd_server.password_login() as password:
        transfer, remote_dir = open_url(
            f"sftp://{sshd_server.user}:{password}@127.0.0.1:{sshd_server.port}/~/exports",
            known_host_key=sshd_server.known_hosts_line,
        )
        with transfer:
            assert remote_dir == "exports"
            transfer.mkdirs(remote_dir)
            assert transfer.list(remote_dir) == []
    assert (sshd_server.home / "exports").is_dir()
    shutil.rmtree(sshd_server.home / "exports")
