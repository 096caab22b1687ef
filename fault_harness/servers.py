"""Real file servers on 127.0.0.1, for the tests and the fault harness.

* ``ftp_server`` / ``ftps_server``: pyftpdlib's ThreadedFTPServer in a thread, one user
  with a password and a temporary home; FTPS requires TLS on both channels and uses a
  certificate signed by a throwaway CA (``ca_file`` for the client). ``cut_next_download``
  makes the server drop the next RETR after N bytes; ``sent`` records the bytes each
  finished RETR sent, so a resumed download can be shown to fetch only the remainder.
* ``sshd_server``: OpenSSH's sshd (``/usr/sbin/sshd -D -e -f <config>``) as root on a free
  port with its own ed25519 host key, for the dedicated local user ``tillsync-sftp``
  (created once with ``useradd``, no usable password, key login; ``password_login()``
  sets a random password for one test). ``ForceCommand internal-sftp -d HOME`` puts the
  user in a temporary folder. ``ensure_sftp_account`` raises ``ServerUnavailable``
  when sshd is missing or we are not root (the test fixtures skip, or fail in CI).
* ``CuttingProxy``: a loopback TCP proxy that cuts its first connection after N bytes
  from the server.

The pytest fixtures wrapping these live in ``tests/transfer_servers.py``.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import fcntl
import ipaddress
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from standalone_till.demo.servers import LOCALHOST, free_port, ftp_server, serve_in_thread

with warnings.catch_warnings():
    # pyftpdlib imports the stdlib's asyncore/asynchat, deprecated in 3.11; the warning is
    # attributed to asynchat, which the pyftpdlib filter in pyproject.toml does not match.
    warnings.simplefilter("ignore", DeprecationWarning)
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import DTPHandler, FTPHandler, TLS_DTPHandler, TLS_FTPHandler

FTP_USER = "till"
FTP_PASSWORD = "Pw-9f4c-never-shown"  # distinctive, so tests can look for leaks

SSHD = Path("/usr/sbin/sshd")
SFTP_USER = "tillsync-sftp"
_ACCOUNT_LOCK = Path(tempfile.gettempdir()) / "tillsync-sftp-account.lock"


# -- FTP and FTPS ----------------------------------------------------------------------


class _Controls:
    """Shared between the test and the server's data channels."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cut_at: int | None = None
        self.sent: list[int] = []
        self.received: list[str] = []

    def file_received(self, path: str) -> None:
        with self.lock:
            self.received.append(path)

    def take_cut(self) -> int | None:
        with self.lock:
            cut, self.cut_at = self.cut_at, None
            return cut


def _cutting_dtp(base: type[DTPHandler], controls: _Controls) -> type[DTPHandler]:
    class CuttingDTP(base):  # type: ignore[valid-type,misc]
        _limit: int | None
        _cutting = False

        def send(self, data: bytes) -> int:
            if self.file_obj is None or self.receive:
                return int(super().send(data))
            if not hasattr(self, "_limit"):
                self._limit = controls.take_cut()
            if self._limit is None:
                return int(super().send(data))
            room = self._limit - self.tot_bytes_sent
            if room <= 0:
                if not self._cutting:  # drop the data connection, as a failing link would
                    self._cutting = True
                    self.ioloop.call_later(0, self.handle_close)
                return 0
            return int(super().send(data[:room]))

        def close(self) -> None:
            if not self._closed and self.file_obj is not None and not self.receive:
                with controls.lock:
                    controls.sent.append(self.tot_bytes_sent)
            super().close()

    return CuttingDTP


@dataclass
class FtpServer:
    host: str
    port: int
    user: str
    password: str
    home: Path
    tls: bool
    ca_file: str | None
    controls: _Controls = field(repr=False)

    @property
    def protocol(self) -> str:
        return "ftps" if self.tls else "ftp"

    @property
    def sent(self) -> list[int]:
        """Bytes sent by each finished download (RETR), in order."""
        with self.controls.lock:
            return list(self.controls.sent)

    @property
    def received(self) -> list[str]:
        """Server paths of the finished uploads (STOR), in order."""
        with self.controls.lock:
            return list(self.controls.received)

    def cut_next_download(self, after_bytes: int) -> None:
        """The next RETR drops its data connection after ``after_bytes`` bytes."""
        with self.controls.lock:
            self.controls.cut_at = after_bytes

    def options(self, **extra: Any) -> dict[str, Any]:
        """Keywords for ``open_transfer`` reaching this server."""
        base: dict[str, Any] = {"ca_file": self.ca_file, "timeout": 10}
        return {**base, **extra}


@contextlib.contextmanager
def serve_ftp(home: Path, tls_files: tuple[Path, Path] | None) -> Iterator[tuple[int, _Controls]]:
    controls = _Controls()
    authorizer = DummyAuthorizer()
    authorizer.add_user(FTP_USER, FTP_PASSWORD, str(home), perm="elradfmwMT")
    handler: type[FTPHandler]
    if tls_files is None:
        handler = type("TestFTPHandler", (FTPHandler,), {})
        handler.dtp_handler = _cutting_dtp(DTPHandler, controls)
    else:
        handler = type("TestTLSHandler", (TLS_FTPHandler,), {})
        handler.dtp_handler = _cutting_dtp(TLS_DTPHandler, controls)
        handler.certfile, handler.keyfile = (str(p) for p in tls_files)
        handler.tls_control_required = True
        handler.tls_data_required = True
    handler.authorizer = authorizer
    handler.on_file_received = lambda _self, path: controls.file_received(path)
    handler.use_sendfile = False  # send() must see every byte (cuts, counts)
    handler.banner = "tillsync test server"
    handler.auth_failed_timeout = 0.05  # pyftpdlib waits 3 s after a bad password
    server = ftp_server(handler)
    halt = serve_in_thread(server, "ftp-server")
    try:
        yield server.address[1], controls
    finally:
        halt()


def write_test_pki(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate it signed, valid for 127.0.0.1/localhost."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tillsync test CA")])
    ca_cert = (
        _cert_builder(ca_name, ca_name, ca_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    san = x509.SubjectAlternativeName(
        [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(LOCALHOST))]
    )
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        _cert_builder(name, ca_name, key.public_key(), now)
        .add_extension(san, critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca_cert.public_bytes(pem))
    paths[1].write_bytes(cert.public_bytes(pem))
    paths[2].write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


def _cert_builder(
    subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey, now: dt.datetime
) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
    )


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


# -- sshd --------------------------------------------------------------------------------


class ServerUnavailable(RuntimeError):
    """A server cannot run on this machine (a missing program, not root)."""


@contextlib.contextmanager
def _account_lock() -> Iterator[None]:
    """Serialises changes to the shared test account across concurrent test runs."""
    with open(_ACCOUNT_LOCK, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _run(*cmd: str, stdin: str | None = None) -> None:
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({done.returncode}): {done.stderr.strip()}")


def ensure_sftp_account() -> str:
    """The local user sshd serves SFTP to; created once, key login only."""
    if not SSHD.exists():
        raise ServerUnavailable(
            f"{SSHD} is missing; install it with apt-get install openssh-server"
        )
    if os.geteuid() != 0:
        raise ServerUnavailable("sshd runs as root here; run as root (CI, container)")
    if shutil.which("ssh-keygen") is None:
        raise ServerUnavailable(
            "ssh-keygen is missing; install it with apt-get install openssh-client"
        )
    with _account_lock():
        try:
            pwd.getpwnam(SFTP_USER)
        except KeyError:
            _run(
                "useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", SFTP_USER,
            )  # fmt: skip
        # "*": no password can match, yet the account is not locked ("!"), so keys work.
        _run("usermod", "-p", "*", SFTP_USER)
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation dir
    return SFTP_USER


class SshServer:
    """One sshd on 127.0.0.1 serving SFTP from a temporary home folder."""

    def __init__(self, user: str) -> None:
        self.host = LOCALHOST
        self.user = user
        self.dir = Path(tempfile.mkdtemp(prefix="tillsync-sshd-"))
        self.dir.chmod(0o755)  # the user reads authorized_keys and enters home/
        self.home = self.dir / "home"
        self.home.mkdir()
        shutil.chown(self.home, user, user)
        self.host_key = self.dir / "ssh_host_ed25519_key"
        self.client_key = self.dir / "client_ed25519"
        self.log = self.dir / "sshd.log"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        _keygen(self.client_key)
        (self.dir / "authorized_keys").write_text(self.client_key.with_suffix(".pub").read_text())
        (self.dir / "authorized_keys").chmod(0o644)
        _keygen(self.host_key)

    @property
    def public_host_key(self) -> str:
        """``ssh-ed25519 AAAA...`` (a bare key, no host)."""
        key_type, data = self.host_key.with_suffix(".pub").read_text().split()[:2]
        return f"{key_type} {data}"

    @property
    def known_hosts_line(self) -> str:
        return f"[{self.host}]:{self.port} {self.public_host_key}"

    @property
    def server(self) -> str:
        return f"sftp://{self.user}@{self.host}:{self.port}"

    def options(self, **extra: Any) -> dict[str, Any]:
        """Keywords for ``open_transfer``: key login, this server's host key trusted."""
        base: dict[str, Any] = {
            "key_file": str(self.client_key),
            "known_host_key": self.known_hosts_line,
            "timeout": 10,
        }
        return {**base, **extra}

    def put(self, relative: str, data: bytes) -> Path:
        """A file in the user's home, owned by the user (so it can rename or delete it)."""
        path = self.home / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        for p in [path, *path.relative_to(self.home).parents]:
            shutil.chown(self.home / p, self.user, self.user)
        return path

    @contextlib.contextmanager
    def password_login(self) -> Iterator[str]:
        """A random password valid for the user during the ``with`` block only."""
        with _account_lock():
            password = "pw-" + secrets.token_urlsafe(18)
            _run("chpasswd", stdin=f"{self.user}:{password}\n")
            try:
                yield password
            finally:
                _run("usermod", "-p", "*", self.user)

    def start(self) -> None:
        config = self.dir / "sshd_config"
        config.write_text(_SSHD_CONFIG.format(server=self))
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(SSHD), "-D", "-e", "-f", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
        self._wait_ready()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        self._kill_sessions(process.pid)
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def drop_sessions(self) -> None:
        """Kill the per-connection sshd processes (what a crash or a cut cable does)."""
        assert self.process is not None
        self._kill_sessions(self.process.pid)

    @staticmethod
    def _kill_sessions(pid: int) -> None:
        for child in _children(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)

    def regenerate_host_key(self) -> None:
        """A new host key on the same port (a reinstalled server, or an impostor)."""
        self.stop()
        self.host_key.unlink()
        self.host_key.with_suffix(".pub").unlink()
        _keygen(self.host_key)
        self.start()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"sshd exited ({self.process.returncode}):\n{self.log.read_text()}"
                )
            with (
                contextlib.suppress(OSError),
                socket.create_connection((self.host, self.port), timeout=1) as s,
            ):
                if s.recv(64).startswith(b"SSH-"):
                    return
            time.sleep(0.05)
        raise RuntimeError(f"sshd did not answer on port {self.port}:\n{self.log.read_text()}")


_SSHD_CONFIG = """\
Port {server.port}
ListenAddress {server.host}
HostKey {server.host_key}
PidFile none
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AuthorizedKeysFile {server.dir}/authorized_keys
StrictModes no
PermitRootLogin no
AllowUsers {server.user}
MaxStartups 50
Subsystem sftp internal-sftp
ForceCommand internal-sftp -d {server.home}
AllowTcpForwarding no
X11Forwarding no
PermitTTY no
LogLevel VERBOSE
"""


def _die_with_parent() -> None:
    """In the child: SIGTERM when the parent dies (even by SIGKILL), so no sshd is left behind."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _keygen(path: Path) -> None:
    _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "tillsync-test", "-f", str(path))


def _children(pid: int) -> list[int]:
    """The descendants of ``pid``."""
    with contextlib.suppress(psutil.NoSuchProcess):
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    return []


# -- a proxy that cuts -------------------------------------------------------------------


class CuttingProxy:
    """Forwards a loopback port to ``target_port``; the FIRST connection is cut (both
    ways) once ``cut_after`` bytes came from the server; later ones pass untouched."""

    def __init__(self, target_port: int, cut_after: int) -> None:
        self.target_port = target_port
        self.cut_after: int | None = cut_after
        self.listener = socket.create_server((LOCALHOST, 0))
        self.listener.settimeout(0.05)
        self.port = int(self.listener.getsockname()[1])
        self._stop = threading.Event()
        self.connections = 0
        self._sockets: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, name="cutting-proxy", daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream = socket.create_connection((LOCALHOST, self.target_port))
            self._sockets += [client, upstream]
            self.connections += 1
            limit, self.cut_after = self.cut_after, None
            for src, dst, cap in ((client, upstream, None), (upstream, client, limit)):
                threading.Thread(target=_pump, args=(src, dst, cap), daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.listener.close()
        for s in self._sockets:
            _shut(s)


def _pump(src: socket.socket, dst: socket.socket, limit: int | None) -> None:
    passed = 0
    try:
        while data := src.recv(1 << 16):
            if limit is not None and passed + len(data) >= limit:
                dst.sendall(data[: limit - passed])
                break
            dst.sendall(data)
            passed += len(data)
    except OSError:
        pass
    finally:
        _shut(src)
        _shut(dst)


def _shut(s: socket.socket) -> None:
    with contextlib.suppress(OSError):
        s.shutdown(socket.SHUT_RDWR)
    s.close()


# -- watching a server's folder -------------------------------------------------------------


@contextlib.contextmanager
def watching(folder: Path) -> Iterator[set[tuple[str, int]]]:
    """Every (name, size) seen in ``folder`` while the block runs, polled from a thread."""
    seen: set[tuple[str, int]] = set()
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                for entry in os.scandir(folder):
                    with contextlib.suppress(OSError):
                        seen.add((entry.name, entry.stat().st_size))
            time.sleep(0.0005)

    thread = threading.Thread(target=poll, name="watcher", daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join(5)


# -- exports to serve ----------------------------------------------------------------------


def write_exports(folder: Path, items: int = 2000) -> Path:
    """A full export 1 and increments 2 and 3, as the gateway publishes them."""
    from ftp_import.writer import ExportWriter

    when = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
    folder.mkdir(parents=True, exist_ok=True)
    codes = [f"I{n:07d}" for n in range(1, items + 1)]
    with ExportWriter(folder, 1, "full", created_at=when) as w:
        w.write_rows("items", ([c, f"Item {c}", "20", "unit", "0", "1"] for c in codes))
        w.write_rows("prices", ([c, "2026-01-01", f"{len(c)}.{n % 100:02d}", ""]
                                for n, c in enumerate(codes)))  # fmt: skip
    with ExportWriter(folder, 2, "incremental", 1, created_at=when) as w:
        w.write_rows("items", [["U", codes[0], "Renamed", "20", "unit", "0", "1"]])
    with ExportWriter(folder, 3, "incremental", 2, created_at=when) as w:
        w.write_rows("items", [["D", codes[1], "", "", "", "", ""]])
        w.write_rows("prices", [["U", codes[0], "2026-12-01", "9.99", ""]])
    return folder
