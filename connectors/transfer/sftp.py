"""SFTP via paramiko: host key checked against the configured key only (never added),
password or key-file login, resumable downloads, atomic uploads; and the fingerprint an
administrator compares before trusting a server.

A connection that died (cut, timed out) is noticed on the next call, which connects and
logs in afresh before resuming from the ``.part`` offset. A download whose link fails
first writes out the whole read answers it already holds in order, so the resume asks
only for what never arrived whole; :attr:`SftpTransfer.dropped` counts what it held and
could not keep (answers past a gap).
"""

from __future__ import annotations

import builtins
import contextlib
import logging
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import paramiko

from connectors.errors import ConfigError, TransferError
from connectors.transfer._reasons import socket_reason
from connectors.transfer._staging import PartFile, check_expected_size, open_local
from connectors.transfer.base import (
    Closing,
    Progress,
    RemoteFile,
    folder_prefixes,
    redact,
    upload_temp_path,
)
from connectors.transfer.hostkeys import (
    HostKeyFingerprint,
    RefuseUnknown,
    UnknownHostKey,
    describe,
    host_key_name,
    trusted_keys,
)

log = logging.getLogger("tillsync.transfer")

# What one read asks for and appends to the .part: one SFTP read request's worth. A
# larger read is split by paramiko into such requests, and the answers it already holds
# are lost with the read when the link dies before the last one arrives.
_BLOCK = paramiko.SFTPFile.MAX_REQUEST_SIZE
# Bytes requested ahead of what is written: pipelined reads without holding a whole
# file in memory (paramiko keeps every answered request until it is read).
_WINDOW = 8 << 20


class SftpTransfer(Closing):
    """An SFTP server whose host key must match ``known_host_key`` (see :mod:`.hostkeys`)."""

    def __init__(
        self,
        host: str,
        port: int,
        user: str,
        password: str | None = None,
        *,
        key_file: str | None = None,
        known_host_key: str | None = None,
        timeout: float = 30,
    ) -> None:
        self.host = host
        self.port = port
        self.user = user
        self._password = password or None
        self.key_file = key_file or None
        self.timeout = timeout
        self.server = f"sftp://{user}@{host}:{port}"
        self._trusted = trusted_keys(known_host_key, host, port)
        self._client: paramiko.SSHClient | None = None
        self._sftp: paramiko.SFTPClient | None = None
        #: Bytes of file data that downloads received whole and did not keep in their
        #: ``.part`` when their link failed (answers held past a gap); fetched again.
        self.dropped = 0

    # -- the interface ------------------------------------------------------------------

    def connect(self) -> None:
        """Log in now (every operation does it when needed): fails early on bad settings."""
        with self._mapped(None):
            self._connection()

    def list(self, remote_dir: str) -> builtins.list[RemoteFile]:
        with self._mapped(remote_dir, "folder not found"):
            entries = self._connection().listdir_attr(remote_dir)
        return [
            RemoteFile(e.filename, e.st_size or 0)
            for e in entries
            if e.st_mode is not None and stat.S_ISREG(e.st_mode)
        ]

    def download(
        self,
        remote_path: str,
        local_path: Path,
        *,
        expected_size: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        with self._mapped(remote_path):
            sftp = self._connection()
            total = sftp.stat(remote_path).st_size
        check_expected_size(local_path, total, expected_size)
        part = PartFile(
            local_path, total, expected_size, progress, server=self.server, remote_path=remote_path
        )
        if not part.complete:
            with (
                self._mapped(remote_path),
                self._dropped_on_error(),
                part,
                sftp.open(remote_path, "rb") as source,
            ):
                try:
                    _copy(source, part, total)
                except (paramiko.SSHException, OSError, EOFError):
                    self.dropped += _keep_in_hand(source, part)
                    raise
        part.finish()

    def upload(self, local_path: Path, remote_path: str) -> None:
        temp = upload_temp_path(remote_path)
        with open_local(local_path) as source, self._mapped(remote_path):
            sftp = self._connection()
            with self._dropped_on_error():
                sftp.putfo(source, temp, confirm=True)
            self._replace(sftp, temp, remote_path)
        log.info("%s: published %s", self.server, remote_path)

    def rename(self, remote_from: str, remote_to: str) -> None:
        with self._mapped(remote_from):
            self._replace(self._connection(), remote_from, remote_to)

    def delete(self, remote_path: str) -> None:
        with self._mapped(remote_path):
            self._connection().remove(remote_path)

    def mkdirs(self, remote_dir: str) -> None:
        with self._mapped(remote_dir, "cannot create folder"):
            sftp = self._connection()
            for folder in folder_prefixes(remote_dir):
                try:
                    sftp.stat(folder)
                except FileNotFoundError:
                    sftp.mkdir(folder)

    def close(self) -> None:
        sftp, client = self._sftp, self._client
        self._sftp = self._client = None
        if sftp is not None:
            sftp.close()
        if client is not None:
            client.close()

    # -- the connection -----------------------------------------------------------------

    def _connection(self) -> paramiko.SFTPClient:
        alive = self._client is not None and self._client.get_transport() is not None
        if self._sftp is not None and alive and self._transport_active():
            return self._sftp
        self.close()
        self._client, self._sftp = self._login()
        return self._sftp

    def _transport_active(self) -> bool:
        transport = self._client.get_transport() if self._client is not None else None
        return transport is not None and transport.is_active()

    def _login(self) -> tuple[paramiko.SSHClient, paramiko.SFTPClient]:
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(RefuseUnknown())
        known = client.get_host_keys()
        for key_type, key in self._trusted.items():
            known.add(host_key_name(self.host, self.port), key_type, key)
        try:
            client.connect(
                self.host,
                self.port,
                username=self.user,
                password=self._password,
                pkey=self._private_key(),
                timeout=self.timeout,
                # Below the handshake's own timeout: when that one ends first, paramiko
                # goes on silently and the login fails with "No existing session".
                banner_timeout=self.timeout * 0.8,
                auth_timeout=self.timeout,
                channel_timeout=self.timeout,
                allow_agent=False,
                look_for_keys=False,
            )
            sftp = client.open_sftp()
            channel = sftp.get_channel()
            if channel is not None:
                channel.settimeout(self.timeout)
        except BaseException:
            client.close()
            raise
        log.info("%s: connected", self.server)
        return client, sftp

    def _private_key(self) -> paramiko.PKey | None:
        if self.key_file is None:
            return None
        try:
            return paramiko.PKey.from_path(self.key_file)
        except FileNotFoundError as exc:
            raise ConfigError("key file not found", path=self.key_file, key="ftp.key_file") from exc
        except (OSError, paramiko.SSHException, ValueError) as exc:
            raise ConfigError(
                f"cannot use the key file: {exc}", path=self.key_file, key="ftp.key_file"
            ) from exc

    @staticmethod
    def _replace(sftp: paramiko.SFTPClient, source: str, target: str) -> None:
        """Rename over an existing target (OpenSSH's posix-rename), else a plain rename."""
        try:
            sftp.posix_rename(source, target)
        except OSError as exc:
            if "unsupported" not in str(exc).lower():
                raise
            sftp.rename(source, target)

    @contextlib.contextmanager
    def _dropped_on_error(self) -> Iterator[None]:
        """A transfer that failed half way may leave requests in flight: log in afresh."""
        try:
            yield
        except BaseException:
            self.close()
            raise

    @contextlib.contextmanager
    def _mapped(self, path: str | None, missing: str = "file not found") -> Iterator[None]:
        try:
            yield
        except (paramiko.SSHException, OSError, EOFError) as exc:
            if not _is_sftp_status(exc):
                self.close()  # the line failed, not the request: start afresh next time
            reason = redact(sftp_reason(exc, missing), self._password)
            raise TransferError(reason, server=self.server, path=path) from exc


def fingerprint(host: str, port: int = 22, timeout: float = 10) -> HostKeyFingerprint:
    """Fetch the host key ``host:port`` offers, without logging in and without trusting it.

    For the admin screen: show it, and store ``known_hosts_line`` as ``known_host_key``
    only once the administrator has confirmed it with the server's owner.
    """
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            transport = paramiko.Transport(sock)
            try:
                transport.banner_timeout = timeout * 0.8
                transport.start_client(timeout=timeout)
                key = transport.get_remote_server_key()
            finally:
                transport.close()
    except (paramiko.SSHException, OSError, EOFError) as exc:
        raise TransferError(sftp_reason(exc), server=f"sftp://{host}:{port}") from exc
    line = f"{host_key_name(host, port)} {key.get_name()} {key.get_base64()}"
    return HostKeyFingerprint(key.get_name(), key.fingerprint, line)


def sftp_reason(exc: BaseException, missing: str = "file not found") -> str:
    """What a paramiko or socket error means, in words for the administrator."""
    if isinstance(exc, UnknownHostKey):
        return (
            f"host key unknown: the server offers {describe(exc.key)}, which is not in "
            "known_host_key; compare it with the server's own fingerprint before trusting it"
        )
    if isinstance(exc, paramiko.BadHostKeyException):
        return (
            "host key CHANGED: possible man-in-the-middle; the server offers "
            f"{describe(exc.key)}, trusted is {describe(exc.expected_key)}; refusing to connect"
        )
    if isinstance(exc, paramiko.AuthenticationException):
        return f"login refused ({exc})"
    if isinstance(exc, paramiko.ssh_exception.NoValidConnectionsError):
        causes = sorted({getattr(e, "strerror", None) or str(e) for e in exc.errors.values()})
        return f"server unreachable: {', '.join(causes).lower()}"
    if isinstance(exc, FileNotFoundError):
        return missing
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, paramiko.SSHException) and isinstance(exc.__context__, TimeoutError):
        return f"timed out ({exc})"
    if isinstance(exc, paramiko.SSHException) and str(exc) == "No existing session":
        return "timed out or closed during the SSH handshake"
    if isinstance(exc, paramiko.SSHException | EOFError):
        return f"SSH failed: {str(exc) or 'connection closed'}"
    if isinstance(exc, OSError) and exc.errno is None and not isinstance(exc, TimeoutError):
        return f"the server failed: {exc}"  # SFTP status errors carry no errno
    return socket_reason(exc)


def _copy(source: paramiko.SFTPFile, part: PartFile, total: int | None) -> None:
    """Append ``source`` from ``part.offset`` on, reading ahead one window at a time."""
    position = part.offset
    source.seek(position)
    end = total if total is not None else part.expected_size
    while end is not None and position < end:
        window_end = min(position + _WINDOW, end)
        source.prefetch(window_end)  # requests from the current position to window_end
        while position < window_end:
            chunk = source.read(min(_BLOCK, window_end - position))
            if not chunk:
                return  # the file shrank: PartFile.finish says so
            part.write(chunk)
            position += len(chunk)
    while chunk := source.read(_BLOCK):  # past the known size, if the file grew
        part.write(chunk)


def _keep_in_hand(source: paramiko.SFTPFile, part: PartFile) -> int:
    """After the link failed: write the answers ``source`` holds in order from the
    ``.part``'s end; the bytes it holds past a gap (dropped, fetched again).

    paramiko loses them with the failed ``read``: the part of a short answer already in
    its read buffer, and the answers read ahead (kept by offset). Its attributes for them
    are private; a paramiko without them keeps nothing more (tests show it).
    """
    kept, held = _answers_in_hand(source)
    for answer in kept:
        part.write(answer)
    saved = sum(map(len, kept))
    if saved or held:
        log.info(
            "%s: the link failed; kept %d bytes already received, dropped %d past a gap",
            part.local_path.name,
            saved,
            held,
        )
    return held


def _answers_in_hand(source: paramiko.SFTPFile) -> tuple[list[bytes], int]:
    """The data ``source`` received and has not returned yet: the runs that continue its
    position, in order; and the bytes of the others past that point (an answer to a range
    already returned, which paramiko may hold when it fell back to plain reads, is none)."""
    buffered: bytes = getattr(source, "_rbuffer", b"")
    position: int = getattr(source, "_realpos", 0)  # the end of the read buffer
    ahead: dict[int, bytes] = dict(getattr(source, "_prefetch_data", {}))
    kept = [buffered] if buffered else []
    while covering := [o for o, c in ahead.items() if o <= position < o + len(c)]:
        offset = covering[0]
        chunk = ahead.pop(offset)[position - offset :]
        kept.append(chunk)
        position += len(chunk)
    return kept, sum(max(0, o + len(c) - max(o, position)) for o, c in ahead.items())


def _is_sftp_status(exc: BaseException) -> bool:
    """An error status the server answered to one request; the session itself is fine.

    paramiko raises these as OSError (ENOENT, EACCES, or no errno at all for the rest).
    """
    return isinstance(exc, FileNotFoundError | PermissionError) or type(exc) is OSError
