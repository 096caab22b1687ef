"""FTP and FTPS (explicit TLS, verified certificates, protected data channel) via ftplib.

One control connection, opened on demand. A transfer that fails half way leaves the
connection in an unknown state, so it is dropped and the next call logs in afresh before
resuming with ``REST``.
"""

from __future__ import annotations

import builtins
import contextlib
import ftplib
import logging
import posixpath
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

from connectors.errors import TransferError
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

log = logging.getLogger("tillsync.transfer")

_BLOCK = 1 << 16
# Replies meaning "this server does not know the command" (MLSD on old servers).
_UNSUPPORTED = ("500", "501", "502", "504")


class _LoginRefused(ftplib.error_perm):
    """A permanent error reply (5xx) while connecting and logging in."""


class _SessionReusingFtpTls(ftplib.FTP_TLS):
    """FTP_TLS whose data connections resume the control connection's TLS session, as
    vsftpd (require_ssl_reuse) and FileZilla Server insist on by default."""

    def ntransfercmd(
        self, cmd: str, rest: int | str | None = None
    ) -> tuple[socket.socket, int | None]:
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if getattr(self, "_prot_p", False):
            session = self.sock.session if isinstance(self.sock, ssl.SSLSocket) else None
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=session)
        return conn, size


def tls_context(*, verify: bool = True, ca_file: str | None = None) -> ssl.SSLContext:
    """The client TLS context: the system's CAs (or ``ca_file``), hostname checked."""
    context = ssl.create_default_context(cafile=ca_file or None)
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class FtpTransfer(Closing):
    """An FTP or FTPS server; passive mode unless ``passive=False``."""

    def __init__(
        self,
        host: str,
        port: int,
        user: str,
        password: str | None,
        *,
        tls: bool = False,
        passive: bool = True,
        verify_tls: bool = True,
        ca_file: str | None = None,
        timeout: float = 30,
    ) -> None:
        self.host = host
        self.port = port
        self.user = user
        self._password = password or ""
        self.tls = tls
        self.passive = passive
        self.timeout = timeout
        self.server = f"{'ftps' if tls else 'ftp'}://{user}@{host}:{port}"
        self._context = tls_context(verify=verify_tls, ca_file=ca_file) if tls else None
        if tls and not verify_tls:
            log.warning("%s: TLS certificate verification is OFF", self.server)
        self._ftp: ftplib.FTP | None = None

    # -- the interface ------------------------------------------------------------------

    def connect(self) -> None:
        """Log in now (every operation does it when needed): fails early on bad settings."""
        with self._mapped(None):
            self._connection()

    def list(self, remote_dir: str) -> builtins.list[RemoteFile]:
        with self._mapped(remote_dir, "folder not found"):
            ftp = self._connection()
            try:
                facts = ftp.mlsd(remote_dir, facts=["type", "size"])
                return [
                    RemoteFile(name, int(f.get("size", 0)))
                    for name, f in facts
                    if f.get("type") == "file"
                ]
            except ftplib.error_perm as exc:
                if not str(exc).startswith(_UNSUPPORTED):
                    raise
            return self._list_without_mlsd(ftp, remote_dir)

    def download(
        self,
        remote_path: str,
        local_path: Path,
        *,
        expected_size: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        with self._mapped(remote_path):
            ftp = self._connection()
            total = _size(ftp, remote_path)
        check_expected_size(local_path, total, expected_size)
        part = PartFile(
            local_path, total, expected_size, progress, server=self.server, remote_path=remote_path
        )
        if not part.complete:
            with self._mapped(remote_path), self._dropped_on_error(), part:
                ftp.retrbinary(f"RETR {remote_path}", part.write, _BLOCK, rest=part.offset or None)
        part.finish()

    def upload(self, local_path: Path, remote_path: str) -> None:
        temp = upload_temp_path(remote_path)
        with open_local(local_path) as source, self._mapped(remote_path):
            ftp = self._connection()
            with self._dropped_on_error():
                ftp.storbinary(f"STOR {temp}", source, _BLOCK)
            ftp.rename(temp, remote_path)
        log.info("%s: published %s", self.server, remote_path)

    def rename(self, remote_from: str, remote_to: str) -> None:
        with self._mapped(remote_from):
            self._connection().rename(remote_from, remote_to)

    def delete(self, remote_path: str) -> None:
        with self._mapped(remote_path):
            self._connection().delete(remote_path)

    def mkdirs(self, remote_dir: str) -> None:
        with self._mapped(remote_dir, "cannot create folder"):
            ftp = self._connection()
            home = ftp.pwd()
            for folder in folder_prefixes(remote_dir):
                try:
                    ftp.mkd(folder)
                except ftplib.error_perm:
                    ftp.cwd(folder)  # fails, and says why, unless it is an existing folder
                    ftp.cwd(home)

    def close(self) -> None:
        ftp, self._ftp = self._ftp, None
        if ftp is None:
            return
        try:
            ftp.quit()
        except (ftplib.Error, OSError, EOFError, ValueError):
            ftp.close()

    # -- the connection -----------------------------------------------------------------

    def _connection(self) -> ftplib.FTP:
        if self._ftp is None:
            self._ftp = self._login()
        return self._ftp

    def _login(self) -> ftplib.FTP:
        if self._context is not None:
            ftp: ftplib.FTP = _SessionReusingFtpTls(context=self._context, timeout=self.timeout)
        else:
            ftp = ftplib.FTP(timeout=self.timeout)
        try:
            ftp.connect(self.host, self.port)
            ftp.login(self.user, self._password)  # FTP_TLS secures the line before USER
            if isinstance(ftp, ftplib.FTP_TLS):
                ftp.prot_p()
            ftp.voidcmd("TYPE I")
            ftp.set_pasv(self.passive)
        except ftplib.error_perm as exc:
            ftp.close()
            raise _LoginRefused(*exc.args) from exc
        except BaseException:
            ftp.close()
            raise
        log.info("%s: connected", self.server)
        return ftp

    def _drop(self) -> None:
        ftp, self._ftp = self._ftp, None
        if ftp is not None:
            ftp.close()

    @contextlib.contextmanager
    def _dropped_on_error(self) -> Iterator[None]:
        """A transfer that failed half way leaves the line unusable: log in again next time."""
        try:
            yield
        except BaseException:
            self._drop()
            raise

    def _list_without_mlsd(self, ftp: ftplib.FTP, remote_dir: str) -> builtins.list[RemoteFile]:
        files = []
        for entry in ftp.nlst(remote_dir):
            name = posixpath.basename(entry)
            try:
                size = ftp.size(posixpath.join(remote_dir, name))
            except ftplib.error_perm:
                continue  # a folder, or not readable
            if size is not None:
                files.append(RemoteFile(name, size))
        return files

    @contextlib.contextmanager
    def _mapped(self, path: str | None, missing: str = "file not found") -> Iterator[None]:
        try:
            yield
        except ftplib.all_errors as exc:
            if not isinstance(exc, ftplib.error_perm):
                self._drop()  # timeouts, resets, TLS and protocol errors: start afresh
            reason = redact(ftp_reason(exc, missing), self._password)
            raise TransferError(reason, server=self.server, path=path) from exc


def ftp_reason(exc: BaseException, missing: str = "file not found") -> str:
    """What an ftplib, socket or ssl error means, in words for the administrator."""
    if isinstance(exc, ftplib.error_perm):
        reply = str(exc).strip()
        if isinstance(exc, _LoginRefused) or reply.startswith("530"):
            return f"login refused ({reply})"
        if reply.startswith("550"):
            return f"{missing} ({reply})"
        return f"refused by the server ({reply})"
    if isinstance(exc, ftplib.error_temp):
        reply = str(exc).strip()
        if reply.startswith(("425", "426")):
            return f"transfer interrupted ({reply})"
        if reply.startswith("421"):
            return f"the server closed the connection ({reply})"
        return f"temporary failure, try again later ({reply})"
    if isinstance(exc, ftplib.Error | EOFError):
        return f"unexpected reply or closed connection ({str(exc) or type(exc).__name__})"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {exc.verify_message}; give the CA with ca_file"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or exc}"
    return socket_reason(exc)


def _size(ftp: ftplib.FTP, remote_path: str) -> int | None:
    """The size of a remote file; None when the server has no SIZE command."""
    ftp.voidcmd("TYPE I")  # listings switch to ASCII, where SIZE may be refused
    try:
        return ftp.size(remote_path)
    except ftplib.error_perm as exc:
        if str(exc).startswith(_UNSUPPORTED):
            return None
        raise
