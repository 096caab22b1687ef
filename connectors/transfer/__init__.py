"""File transfer to and from the export server: FTP, FTPS, SFTP or a local folder behind one
interface (:class:`Transfer`). Files only: what an export is, and fetching one verified,
belong to the export format (``ftp_import.fetch``).

    with open_transfer("sftp", host, 22, "till", password, known_host_key=line) as t:
        t.download("/exports/00000042-incremental.manifest.json", staging / "m.json")

Failures of the server or network raise :class:`~connectors.errors.TransferError`, which
names the server as ``sftp://user@host:port`` and the path, never the password.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from connectors.errors import ConfigError
from connectors.transfer._staging import local_disk
from connectors.transfer.base import RemoteFile, Transfer, part_path
from connectors.transfer.ftp import FtpTransfer
from connectors.transfer.hostkeys import HostKeyFingerprint
from connectors.transfer.local import LocalFolder
from connectors.transfer.sftp import SftpTransfer, fingerprint
from connectors.transfer.urls import (
    DEFAULT_PORTS,
    PROTOCOLS,
    ServerUrl,
    is_url,
    parse_url,
    redact_url,
)

__all__ = [
    "FtpTransfer",
    "HostKeyFingerprint",
    "LocalFolder",
    "RemoteFile",
    "ServerUrl",
    "SftpTransfer",
    "Transfer",
    "fingerprint",
    "local_disk",
    "open_transfer",
    "open_url",
    "parse_url",
    "part_path",
    "redact_url",
]


def open_transfer(
    protocol: str,
    host: str,
    port: int,
    user: str,
    password: str | None,
    *,
    key_file: str | None = None,
    known_host_key: str | None = None,
    passive: bool = True,
    verify_tls: bool = True,
    ca_file: str | None = None,
    timeout: float = 30,
) -> Transfer:
    """Connect and log in to a file server (``port`` 0 = the protocol's default).

    FTPS verifies the certificate (system CAs or ``ca_file``) unless ``verify_tls`` is
    False; SFTP trusts only ``known_host_key`` (a known_hosts line, a bare key or a
    known_hosts file) and refuses any other host key.
    """
    if protocol not in PROTOCOLS:
        raise ConfigError(f"protocol must be one of {', '.join(PROTOCOLS)}, got {protocol!r}")
    port = port or DEFAULT_PORTS[protocol]
    transfer: FtpTransfer | SftpTransfer
    if protocol == "sftp":
        transfer = SftpTransfer(
            host,
            port,
            user,
            password,
            key_file=key_file,
            known_host_key=known_host_key,
            timeout=timeout,
        )
    else:
        transfer = FtpTransfer(
            host,
            port,
            user,
            password,
            tls=protocol == "ftps",
            passive=passive,
            verify_tls=verify_tls,
            ca_file=ca_file,
            timeout=timeout,
        )
    transfer.connect()
    return transfer


def open_url(location: str, **defaults: Any) -> tuple[Transfer, str]:
    """Open ``DIR``, ``file:///DIR`` or ``ftp|ftps|sftp://[user[:password]@]host[:port]/path``.

    Returns the transfer and the folder of the exports on it. ``defaults`` are
    :func:`open_transfer`'s keywords (``password``, ``known_host_key``, ``ca_file``...);
    what the URL gives wins. A local folder is served by :class:`LocalFolder` with "/".
    """
    if not is_url(location):
        return LocalFolder(Path(location)), "/"
    if location.lower().startswith("file://"):
        return LocalFolder(Path(url2pathname(urlsplit(location).path))), "/"
    url = parse_url(location)
    options = dict(defaults)
    user = url.user or options.pop("user", "")
    password = url.password if url.password is not None else options.pop("password", None)
    options.pop("user", None)
    options.pop("password", None)
    transfer = open_transfer(url.protocol, url.host, url.port, user, password, **options)
    return transfer, url.path
