"""The gateway's TOML config: frozen dataclasses, one per section, checked with limits.

Every problem is a ``ConfigError`` naming the file and the key
(``gateway.toml: service.port must be 1..65535, got 0``); passwords are never shown.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connectors.config_text import did_you_mean, show
from connectors.errors import ConfigError

DEFAULT_SQLITE_NAME = "gateway.db"
MIB = 1024 * 1024
_PROTOCOLS = ("", "ftp", "ftps", "sftp")


@dataclass(frozen=True)
class ServiceSettings:
    """Where and how the SOAP endpoint listens."""

    host: str = "127.0.0.1"
    port: int = 8080
    threads: int = 8
    # Processes serving the port side by side (PostgreSQL only: see erp_gateway.workers).
    workers: int = 1
    # Open connections served at once: each till keeps up to 3 (tickets, ping, look-ups),
    # so waitress's own default of 100 would queue a store chain's tills into timeouts.
    connection_limit: int = 1000
    max_request_bytes: int = 10 * MIB
    ping_enabled: bool = True
    public_url: str = ""  # "" = derive the WSDL address from each request


@dataclass(frozen=True)
class DatabaseSettings:
    """The central database: a SQLite file or a PostgreSQL URL."""

    url: str = ""  # "" = SQLite file gateway.db next to the config file


@dataclass(frozen=True)
class SecuritySettings:
    """WS-Security users (user -> password); empty = no token required."""

    wsse_users: Mapping[str, str] = field(default_factory=dict)
    # Users speaking for the ERP: with WS-Security on, only they may PushNotification and
    # fetch any till's config; a till's own user gets its own config only.
    erp_users: tuple[str, ...] = ()

    def __repr__(self) -> str:  # never show the passwords
        return (
            f"SecuritySettings(wsse_users=<{len(self.wsse_users)} users>, "
            f"erp_users={list(self.erp_users)})"
        )


@dataclass(frozen=True)
class TillConfigSettings:
    """How GetTillConfig renders a till's config file from a template."""

    template: Path | None = None  # None = the built-in template
    webservice_url: str = ""  # "" = service.public_url, else the address the request reached
    webservice_user: str = ""  # a [security] user: fills user, password and wsse = true
    ftp_protocol: str = ""
    ftp_host: str = ""
    ftp_port: int = 0
    ftp_remote_dir: str = ""
    ftp_user: str = ""
    ftp_password: str = field(default="", repr=False)
    ftp_known_host_key: str = ""


@dataclass(frozen=True)
class ExportSettings:
    """Where exports are written, where they are published, what is kept."""

    folder: str = "exports"  # the local export folder, relative to the config file
    target: str = (
        ""  # "" = the folder itself; else DIR or ftp://, ftps://, sftp://user@host:port/path
    )
    keep_fulls: int = 1  # full exports kept at the target (with the increments after them)
    changes_interval: int = 0  # seconds between two `export changes` runs of `--every`; 0 = off
    key_file: str = ""  # SFTP private key
    known_host_key: str = ""  # SFTP: "[host]:port ssh-ed25519 AAAA..." or a known_hosts file
    ca_file: str = ""  # FTPS: CA of the server's certificate
    verify_tls: bool = True


@dataclass(frozen=True)
class ErpSourceSettings:
    """The live ERP database master data is pulled from, and one query per entity."""

    url: str = field(default="", repr=False)  # a SQLAlchemy URL, or
    odbc: str = field(default="", repr=False)  # an ODBC connection string (pyodbc)
    queries: Mapping[str, str] = field(default_factory=dict)  # entity -> SELECT


@dataclass(frozen=True)
class GatewayConfig:
    service: ServiceSettings = field(default_factory=ServiceSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    till_config: TillConfigSettings = field(default_factory=TillConfigSettings)
    exports: ExportSettings = field(default_factory=ExportSettings)
    erp_source: ErpSourceSettings = field(default_factory=ErpSourceSettings)
    folder: Path = field(default_factory=Path.cwd)  # relative paths count from here

    @property
    def export_folder(self) -> Path:
        return (self.folder / self.exports.folder).absolute()

    def transfer_options(self) -> dict[str, object]:
        """Keywords for opening the export target (paths from the config's folder)."""
        e = self.exports
        key = e.known_host_key
        if key and " " not in key.strip():
            key = str(self.folder / key)
        return {
            "key_file": str(self.folder / e.key_file) if e.key_file else None,
            "known_host_key": key or None,
            "ca_file": str(self.folder / e.ca_file) if e.ca_file else None,
            "verify_tls": e.verify_tls,
        }

    @property
    def database_url(self) -> str:
        """The configured URL (PostgreSQL through psycopg 3), or the SQLite file next to
        the config."""
        url = self.database.url
        if not url:
            return f"sqlite+pysqlite:///{(self.folder / DEFAULT_SQLITE_NAME).absolute()}"
        for plain in ("postgresql://", "postgres://"):
            if url.startswith(plain):
                return "postgresql+psycopg://" + url[len(plain) :]
        return url


# -- checking -------------------------------------------------------------------------

Check = Callable[[str, object], object]
# What each check allows, in words, and whether its values are secret (for ``key_specs``).
_RULES: dict[Check, tuple[str, bool]] = {}


def _described(check: Check, limits: str, *, secret: bool = False) -> Check:
    _RULES[check] = (limits, secret)
    return check


class _Invalid(Exception):
    pass


def _int(low: int, high: int, unit: str = "") -> Check:
    def check(key: str, raw: object) -> object:
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            raise _Invalid(f"{key} must be {low}..{high}{unit}, got {show(raw)}")
        return raw

    return _described(check, f"{low}..{high}{unit}")


def _bool(key: str, raw: object) -> object:
    if not isinstance(raw, bool):
        raise _Invalid(f"{key} must be true or false, got {show(raw)}")
    return raw


def _text(max_len: int = 1024, *, secret: bool = False) -> Check:
    def check(key: str, raw: object) -> object:
        if not isinstance(raw, str) or len(raw) > max_len or "\n" in raw:
            shown = "(value not shown: it is a secret)" if secret else f"got {show(raw)}"
            raise _Invalid(f"{key} must be one line of at most {max_len} characters, {shown}")
        return raw

    return _described(check, f"one line of at most {max_len} characters", secret=secret)


def _url(prefixes: tuple[str, ...]) -> Check:
    def check(key: str, raw: object) -> object:
        _text()(key, raw)
        assert isinstance(raw, str)
        if raw and not raw.startswith(prefixes):
            wanted = " or ".join(f'"{p}"' for p in prefixes)
            raise _Invalid(f"{key} must be empty or start with {wanted}, got {show(_hide(raw))}")
        return raw

    wanted = " or ".join(f'"{p}"' for p in prefixes)
    return _described(check, f"empty, or starting with {wanted}")


def _choice(options: tuple[str, ...]) -> Check:
    def check(key: str, raw: object) -> object:
        if raw not in options:
            raise _Invalid(f"{key} must be one of {', '.join(map(show, options))}, got {show(raw)}")
        return raw

    return _described(check, "one of " + ", ".join(f'"{o}"' for o in options))


_described(_bool, "true or false")


def _users(key: str, raw: object) -> object:
    if not isinstance(raw, Mapping):
        raise _Invalid(f'{key} must be a table of user = "password"')
    for user, password in raw.items():
        if not user or not isinstance(password, str) or not password:
            raise _Invalid(f"{key}.{user} must be a non-empty password in quotes")
    return dict(raw)


_described(_users, 'a table of user = "password"', secret=True)


def _names(key: str, raw: object) -> object:
    if not isinstance(raw, list) or not all(isinstance(n, str) and n for n in raw):
        raise _Invalid(f'{key} must be a list of user names, e.g. ["erp"]')
    return tuple(raw)


_described(_names, 'a list of user names, e.g. ["erp"]')


def _queries(key: str, raw: object) -> object:
    from ftp_import.format import ENTITIES

    if not isinstance(raw, Mapping):
        raise _Invalid(f'{key} must be a table of entity = "SELECT ..."')
    for entity, sql in raw.items():
        if entity not in ENTITIES:
            raise _Invalid(f"{key}.{entity}: unknown entity (known: {', '.join(ENTITIES)})")
        if not isinstance(sql, str) or not sql.strip().lower().startswith(("select", "with")):
            raise _Invalid(f"{key}.{entity} must be a SELECT query")
    return dict(raw)


_described(_queries, 'a table of entity = "SELECT ..." (entities of the export format)')


def _hide(url: str) -> str:
    head, sep, tail = url.partition("@")
    if not sep or "://" not in head:
        return url
    scheme, _, auth = head.partition("://")
    return f"{scheme}://{auth.split(':')[0]}:***@{tail}" if ":" in auth else url


_SCHEMA: dict[str, dict[str, Check]] = {
    "service": {
        "host": _text(255),
        "port": _int(1, 65535),
        "threads": _int(1, 256),
        "workers": _int(1, 64),
        "connection_limit": _int(10, 100_000),
        "max_request_bytes": _int(1024, 1024 * MIB, " bytes"),
        "ping_enabled": _bool,
        "public_url": _url(("http://", "https://")),
    },
    "database": {"url": _url(("postgresql", "sqlite"))},
    "security": {"wsse_users": _users, "erp_users": _names},
    "till_config": {
        "template": _text(),
        "webservice_url": _url(("http://", "https://")),
        "webservice_user": _text(128),
        "ftp_protocol": _choice(_PROTOCOLS),
        "ftp_host": _text(255),
        "ftp_port": _int(0, 65535),
        "ftp_remote_dir": _text(),
        "ftp_user": _text(128),
        "ftp_password": _text(256, secret=True),
        "ftp_known_host_key": _text(4096),
    },
    "exports": {
        "folder": _text(),
        "target": _text(),
        "keep_fulls": _int(1, 100),
        "changes_interval": _int(0, 86400, " s"),
        "key_file": _text(),
        "known_host_key": _text(4096),
        "ca_file": _text(),
        "verify_tls": _bool,
    },
    "erp_source": {
        "url": _text(2048, secret=True),
        "odbc": _text(2048, secret=True),
        "queries": _queries,
    },
}


# What each key means, for the generated reference (docs/config-reference.md).
DESCRIPTIONS: dict[str, str] = {
    "service.host": 'Address the SOAP endpoint listens on; "0.0.0.0" for every interface.',
    "service.port": "TCP port of the SOAP endpoint (served at /soap).",
    "service.threads": "Worker threads answering requests.",
    "service.workers": "Processes serving the port side by side, each with its threads and "
    "database pool; more than 1 needs PostgreSQL.",
    "service.connection_limit": "Open connections served at once; each till keeps up to 3.",
    "service.max_request_bytes": "Largest request accepted; a longer one gets the TooLarge fault "
    "(HTTP 413).",
    "service.ping_enabled": "Answer Ping; false makes every Ping a PingDisabled fault, so the "
    "tills show the server as unreachable.",
    "service.public_url": "Address written into the served WSDL (behind a proxy); empty = the "
    "address each request was sent to.",
    "database.url": "Central database: a PostgreSQL URL (postgresql+psycopg://...); empty = the "
    "SQLite file gateway.db next to the config file.",
    "security.erp_users": "Users of security.wsse_users that speak for the ERP: with "
    "WS-Security on, only they may call PushNotification and GetTillConfig for any till; "
    "another user gets the config of the till named like it, or of any till when it is "
    "till_config.webservice_user (the user every till shares).",
    "security.wsse_users": "WS-Security users (UsernameToken, PasswordText) as user = "
    '"password"; empty = no token asked for.',
    "till_config.template": "Till config template (TOML) GetTillConfig fills in; relative to the "
    "config file's folder; empty = the built-in template.",
    "till_config.webservice_url": "SOAP endpoint written into till configs; empty = "
    "service.public_url, else the address the GetTillConfig request reached.",
    "till_config.webservice_user": "A security.wsse_users user written into till configs (with "
    "its password and wsse = true) when no user is named like the till.",
    "till_config.ftp_protocol": "ftp.protocol written into till configs; empty = the template's.",
    "till_config.ftp_host": "ftp.host (export server) written into till configs; empty = the "
    "template's.",
    "till_config.ftp_port": "ftp.port written into till configs; 0 = the template's.",
    "till_config.ftp_remote_dir": "ftp.remote_dir written into till configs; empty = the "
    "template's.",
    "till_config.ftp_user": "ftp.user written into till configs; empty = the template's.",
    "till_config.ftp_password": "ftp.password written into till configs; empty = the template's.",
    "till_config.ftp_known_host_key": "ftp.known_host_key (SFTP host key line) written into till "
    "configs; empty = the template's.",
    "exports.folder": "Local folder the exports are written to; relative to the config file's "
    "folder.",
    "exports.target": "Where exports are published: a folder or ftp://, ftps://, "
    "sftp://user@host:port/path; empty = the export folder itself.",
    "exports.keep_fulls": "Full exports kept at the target, with every increment after the "
    "oldest of them.",
    "exports.changes_interval": "Seconds between two runs of `export changes` on a timer; 0 = "
    "run once.",
    "exports.key_file": "SFTP private key for the target; relative to the config file's folder.",
    "exports.known_host_key": 'SFTP host key of the target: a line "[host]:port ssh-ed25519 '
    'AAAA..." or a known_hosts file.',
    "exports.ca_file": "FTPS: CA bundle of the target's certificate; empty = the system's.",
    "exports.verify_tls": "FTPS: verify the target's certificate.",
    "erp_source.url": "SQLAlchemy URL of the ERP database `master pull` reads.",
    "erp_source.odbc": "ODBC connection string of the ERP database (pyodbc), instead of url.",
    "erp_source.queries": "One SELECT per entity whose result columns are named like the export "
    "columns.",
}


@dataclass(frozen=True)
class KeySpec:
    """One key of the gateway config, as the reference docs show it."""

    section: str
    key: str
    default: object
    limits: str
    description: str
    secret: bool

    @property
    def dotted_key(self) -> str:
        return f"{self.section}.{self.key}"


def key_specs() -> list[KeySpec]:
    """Every key the loader accepts, section by section, with its default and rule."""
    classes = {f.name: f.default_factory for f in dataclasses.fields(GatewayConfig)}
    specs = []
    for section, checks in _SCHEMA.items():
        defaults = classes[section]()  # type: ignore[operator]
        for key, check in checks.items():
            limits, secret = _RULES.get(check, ("", False))
            default = getattr(defaults, key)
            specs.append(
                KeySpec(
                    section=section,
                    key=key,
                    default="" if default is None else default,
                    limits=limits,
                    description=DESCRIPTIONS.get(f"{section}.{key}", ""),
                    secret=secret,
                )
            )
    return specs


def _stray(name: str, value: object) -> str:
    """What is wrong with a top-level entry that is not a known section."""
    if isinstance(value, Mapping):
        return f"unknown section [{name}]{did_you_mean(name, _SCHEMA)}"
    homes = [f"{section}.{name}" for section, keys in _SCHEMA.items() if name in keys]
    hint = f" (did you mean {homes[0]}?)" if homes else ""
    return f"unknown key {name}{hint}"


def _checked(data: Mapping[str, Any]) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for section, table in data.items():
        keys = _SCHEMA.get(section)
        if keys is None:
            raise _Invalid(_stray(section, table))
        if not isinstance(table, Mapping):
            raise _Invalid(f"[{section}] must be a section, got {show(table)}")
        for key, raw in table.items():
            check = keys.get(key)
            if check is None:
                raise _Invalid(f"unknown key {section}.{key}{did_you_mean(key, keys)}")
            out.setdefault(section, {})[key] = check(f"{section}.{key}", raw)
    return out


def _cross_checks(cfg: GatewayConfig) -> None:
    user = cfg.till_config.webservice_user
    if user and user not in cfg.security.wsse_users:
        raise _Invalid(f"till_config.webservice_user {show(user)} is not in security.wsse_users")
    for name in cfg.security.erp_users:
        if name not in cfg.security.wsse_users:
            raise _Invalid(f"security.erp_users: {show(name)} is not in security.wsse_users")


def config_from_mapping(data: Mapping[str, Any], *, folder: Path, source: str) -> GatewayConfig:
    """Check a config held as a mapping; ``folder`` anchors relative paths."""
    try:
        values = _checked(data)
        till = dict(values.get("till_config", {}))
        template = till.pop("template", "")
        if template:
            till["template"] = (folder / str(template)).absolute()
        cfg = GatewayConfig(
            service=ServiceSettings(**values.get("service", {})),  # type: ignore[arg-type]
            database=DatabaseSettings(**values.get("database", {})),  # type: ignore[arg-type]
            security=SecuritySettings(**values.get("security", {})),  # type: ignore[arg-type]
            till_config=TillConfigSettings(**till),  # type: ignore[arg-type]
            exports=ExportSettings(**values.get("exports", {})),  # type: ignore[arg-type]
            erp_source=ErpSourceSettings(**values.get("erp_source", {})),  # type: ignore[arg-type]
            folder=folder.absolute(),
        )
        _cross_checks(cfg)
    except _Invalid as exc:
        raise ConfigError(str(exc), path=source) from None
    return cfg


def load_gateway_config(path: Path) -> GatewayConfig:
    """Read and check ``gateway.toml``; relative paths count from its folder."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError("config file not found", path=label) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the config file ({exc})", path=label) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=label) from exc
    return config_from_mapping(data, folder=path.parent, source=label)
