"""SFTP host keys: the configured trusted key and the policy refusing any other.

``known_host_key`` is one of:

* a known_hosts line, ``[127.0.0.1]:2222 ssh-ed25519 AAAA...`` or ``files.example.com
  ssh-ed25519 AAAA...``: trusted for the hosts it names, as OpenSSH would;
* a bare key, ``ssh-ed25519 AAAA... [comment]``: trusted for the configured server;
* the path of a known_hosts file.

Nothing is ever added to it automatically.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple, NoReturn

import paramiko

from connectors.errors import ConfigError

log = logging.getLogger("tillsync.transfer")

_KEY_TYPE_PREFIXES = ("ssh-", "ecdsa-", "sk-")
_CONFIG_KEY = "ftp.known_host_key"


class HostKeyFingerprint(NamedTuple):
    """A server's host key as shown to an administrator for confirmation."""

    key_type: str  # "ssh-ed25519"
    sha256: str  # "SHA256:..." as ``ssh-keygen -lf`` prints it
    known_hosts_line: str  # "[host]:port ssh-ed25519 AAAA...", ready for known_host_key


class UnknownHostKey(paramiko.SSHException):
    """The server's key is not among the trusted ones (raised by :class:`RefuseUnknown`)."""

    def __init__(self, hostname: str, key: paramiko.PKey) -> None:
        super().__init__(f"no trusted host key for {hostname}")
        self.hostname = hostname
        self.key = key


class RefuseUnknown(paramiko.RejectPolicy):
    """paramiko's RejectPolicy, raising with the offered key so it can be shown."""

    def missing_host_key(
        self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey
    ) -> NoReturn:
        raise UnknownHostKey(hostname, key)


def host_key_name(host: str, port: int) -> str:
    """How known_hosts names a server: ``host`` on port 22, else ``[host]:port``."""
    return host if port == 22 else f"[{host}]:{port}"


def trusted_keys(known_host_key: str | None, host: str, port: int) -> dict[str, paramiko.PKey]:
    """The keys trusted for ``host:port`` by key type (possibly none), from the config value."""
    value = (known_host_key or "").strip()
    if not value:
        return {}
    name = host_key_name(host, port)
    source = _from_file(Path(value)) if _is_path(value) else _from_line(value, name)
    return dict(source.lookup(name) or {})


def describe(key: paramiko.PKey) -> str:
    """``ssh-ed25519 SHA256:...``: what an admin compares with ``ssh-keygen -lf``."""
    return f"{key.get_name()} {key.fingerprint}"


def _is_path(value: str) -> bool:
    """A value whose first or second word is a key type is a key line; else a path."""
    words = value.split()
    return not any(w.startswith(_KEY_TYPE_PREFIXES) for w in words[:2])


def _from_file(path: Path) -> paramiko.HostKeys:
    keys = paramiko.HostKeys()
    try:
        keys.load(str(path))
    except paramiko.hostkeys.InvalidHostKey as exc:
        raise ConfigError(
            f"not a known_hosts file: a key is not valid base64 ({exc.exc})",
            path=str(path),
            key=_CONFIG_KEY,
        ) from exc
    except OSError as exc:
        raise ConfigError(
            f"cannot read the known_hosts file: {exc.strerror or exc}",
            path=str(path),
            key=_CONFIG_KEY,
        ) from exc
    return keys


def _from_line(line: str, name: str) -> paramiko.HostKeys:
    if line.split()[0].startswith(_KEY_TYPE_PREFIXES):
        line = f"{name} {line}"  # a bare key: pinned to the configured server
    try:
        entry = paramiko.hostkeys.HostKeyEntry.from_line(line)
    except paramiko.hostkeys.InvalidHostKey as exc:
        raise _bad_line(f"the key is not valid base64: {exc.exc}") from exc
    except (paramiko.SSHException, ValueError) as exc:
        raise _bad_line(str(exc)) from exc
    if entry is None or entry.key is None:
        raise _bad_line("expected [host] key-type base64-key")
    keys = paramiko.HostKeys()
    for hostname in entry.hostnames:
        keys.add(hostname, entry.key.get_name(), entry.key)
    return keys


def _bad_line(problem: str) -> ConfigError:
    return ConfigError(f"{_CONFIG_KEY}: not a usable host key line ({problem})", key=_CONFIG_KEY)
