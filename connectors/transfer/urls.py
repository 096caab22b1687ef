"""Where exports are, as one string: a local folder or ``ftp://``, ``ftps://``, ``sftp://``
URLs. A password may be given in the URL; it is never shown (see :func:`redact_url`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, quote, unquote, urlsplit

from connectors.errors import ConfigError

PROTOCOLS = ("ftp", "ftps", "sftp")
DEFAULT_PORTS = {"ftp": 21, "ftps": 21, "sftp": 22}
_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class ServerUrl:
    """A parsed server URL; ``repr`` and ``str`` hide the password."""

    protocol: str
    host: str
    port: int
    user: str
    password: str | None = field(repr=False)
    path: str  # "/" when the URL has none; SFTP "/~/x" is "x", relative to the login folder

    def __str__(self) -> str:
        user = quote(self.user, safe="")
        secret = ":***" if self.password else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        path = self.path if self.path.startswith("/") else f"/~/{self.path}"
        return f"{self.protocol}://{user}{secret}@{host}:{self.port}{path}"


def is_url(location: str) -> bool:
    """True for ``scheme://...``; anything else (``C:\\exports``, ``./out``) is a folder."""
    return _URL_RE.match(location) is not None


def parse_url(url: str) -> ServerUrl:
    """Parse ``ftp|ftps|sftp://[user[:password]@]host[:port][/path]``."""
    parts = urlsplit(url)
    protocol = parts.scheme.lower()
    if protocol not in PROTOCOLS:
        raise ConfigError(
            f"{redact_url(url)}: unsupported scheme {parts.scheme!r}; "
            f"expected a folder or {', '.join(p + '://' for p in PROTOCOLS)}"
        )
    if not parts.hostname:
        raise ConfigError(f"{redact_url(url)}: no host")
    return ServerUrl(
        protocol=protocol,
        host=parts.hostname,
        port=_port(parts, url) or DEFAULT_PORTS[protocol],
        user=unquote(parts.username or ""),
        password=unquote(parts.password) if parts.password is not None else None,
        path=_path(protocol, unquote(parts.path)),
    )


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***``, safe for messages and logs."""
    if not is_url(url):
        return url
    scheme, rest = url.split("://", 1)
    authority, slash, path = rest.partition("/")
    userinfo, at, hostport = authority.rpartition("@")
    if at and ":" in userinfo:
        userinfo = userinfo.split(":", 1)[0] + ":***"
    return f"{scheme}://{userinfo}{at}{hostport}{slash}{path}"


def _port(parts: SplitResult, url: str) -> int | None:
    try:
        return parts.port
    except ValueError as exc:
        raise ConfigError(f"{redact_url(url)}: bad port") from exc


def _path(protocol: str, path: str) -> str:
    if protocol == "sftp" and (path == "/~" or path.startswith("/~/")):
        return path[3:] or "."
    return path or "/"
