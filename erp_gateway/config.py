"""The gateway's TOML config: frozen dataclasses, one per section, each key declared
once with ``connectors.settings.setting`` (default, rule, description, secrecy).

Every problem of a file is named in one ``ConfigError``, a line each, naming the file and
the key (``gateway.toml: service.port must be 1..65535, got 0``); secrets are never shown.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connectors.config_text import did_you_mean, show
from connectors.errors import ConfigError
from connectors.settings import (
    Choice,
    CodeList,
    CrossRule,
    FilePath,
    Flag,
    Integer,
    Problem,
    Schema,
    Section,
    Table,
    Text,
    Url,
    Values,
    as_error,
    section,
    setting,
)
from ftp_import.format import ENTITIES

DEFAULT_SQLITE_NAME = "gateway.db"
MIB = 1024 * 1024


_WEB_URL = Text('empty or start with "http://" or "https://"', r"https?://.*", max_len=1024)
_PATH = Text(max_len=1024)
_HOST_KEY = Text(max_len=4096)


@section
class ServiceSettings(Section):
    """Where and how the SOAP endpoint listens."""

    host: str = setting(
        "127.0.0.1",
        Text(max_len=255),
        'Address the SOAP endpoint listens on; "0.0.0.0" for every interface.',
    )
    port: int = setting(8080, Integer(1, 65535), "TCP port of the SOAP endpoint (served at /soap).")
    threads: int = setting(8, Integer(1, 256), "Worker threads answering requests.")
    # PostgreSQL only, served by gunicorn: see erp_gateway.prefork.
    workers: int = setting(
        1,
        Integer(1, 64),
        "Processes serving the port side by side, each with its threads and database pool; "
        "more than 1 needs PostgreSQL.",
    )
    # Each till keeps up to 3 connections (tickets, ping, look-ups), so waitress's own
    # default of 100 would queue a store chain's tills into timeouts.
    connection_limit: int = setting(
        1000,
        Integer(10, 100_000),
        "Open connections served at once; each till keeps up to 3.",
    )
    max_request_bytes: int = setting(
        10 * MIB,
        Integer(1024, 1024 * MIB, "bytes"),
        "Largest request accepted; a longer one gets the TooLarge fault (HTTP 413).",
    )
    ping_enabled: bool = setting(
        True,
        Flag(),
        "Answer Ping; false makes every Ping a PingDisabled fault, so the tills show the "
        "server as unreachable.",
    )
    public_url: str = setting(
        "",
        _WEB_URL,
        "Address written into the served WSDL (behind a proxy); empty = the address each "
        "request was sent to.",
    )


@section
class DatabaseSettings(Section):
    """The central database: a SQLite file or a PostgreSQL URL."""

    url: str = setting(
        "",
        Url('empty or start with "postgresql" or "sqlite"', r"(postgresql|sqlite).*", 1024),
        "Central database: a PostgreSQL URL (postgresql+psycopg://...); empty = the SQLite "
        "file gateway.db next to the config file.",
    )


@section
class SecuritySettings(Section):
    """WS-Security users (user -> password); empty = no token required."""

    wsse_users: Mapping[str, str] = setting(
        {},
        Table('a table of user = "password"', value_expect="a non-empty password in quotes"),
        'WS-Security users (UsernameToken, PasswordText) as user = "password"; empty = no '
        "token asked for.",
        secret=True,
    )
    erp_users: tuple[str, ...] = setting(
        (),
        CodeList("(?s).+", 'a list of user names, e.g. ["erp"]', unique=False),
        "Users of security.wsse_users that speak for the ERP: with WS-Security on, only they "
        "may call PushNotification and GetTillConfig for any till; another user gets the "
        "config of the till named like it, or of any till when it is "
        "till_config.webservice_user (the user every till shares).",
    )


def _into_till_configs(key: str, empty: str = "empty = the template's") -> str:
    return f"{key} written into till configs; {empty}."


@section
class TillConfigSettings(Section):
    """How GetTillConfig renders a till's config file from a template."""

    template: Path | None = setting(
        None,
        FilePath(max_len=1024),
        "Till config template (TOML) GetTillConfig fills in; relative to the config file's "
        "folder; empty = the built-in template.",
    )
    webservice_url: str = setting(
        "",
        _WEB_URL,
        "SOAP endpoint written into till configs; empty = service.public_url, else the "
        "address the GetTillConfig request reached.",
    )
    webservice_user: str = setting(
        "",
        Text(max_len=128),
        "A security.wsse_users user written into till configs (with its password and "
        "wsse = true) when no user is named like the till.",
    )
    ftp_protocol: str = setting(
        "", Choice(("", "ftp", "ftps", "sftp")), _into_till_configs("ftp.protocol")
    )
    ftp_host: str = setting("", Text(max_len=255), _into_till_configs("ftp.host (export server)"))
    ftp_port: int = setting(
        0, Integer(0, 65535), _into_till_configs("ftp.port", "0 = the template's")
    )
    ftp_remote_dir: str = setting("", _PATH, _into_till_configs("ftp.remote_dir"))
    ftp_user: str = setting("", Text(max_len=128), _into_till_configs("ftp.user"))
    ftp_password: str = setting(
        "", Text(max_len=256), _into_till_configs("ftp.password"), secret=True
    )
    ftp_known_host_key: str = setting(
        "", _HOST_KEY, _into_till_configs("ftp.known_host_key (SFTP host key line)")
    )


@section
class ExportSettings(Section):
    """Where exports are written, where they are published, what is kept."""

    folder: str = setting(
        "exports",
        _PATH,
        "Local folder the exports are written to; relative to the config file's folder.",
    )
    target: str = setting(
        "",
        _PATH,
        "Where exports are published: a folder or ftp://, ftps://, sftp://user@host:port/path; "
        "empty = the export folder itself.",
    )
    keep_fulls: int = setting(
        1,
        Integer(1, 100),
        "Full exports kept at the target, with every increment after the oldest of them.",
    )
    changes_interval: int = setting(
        0,
        Integer(0, 86400, "s"),
        "Seconds between two runs of `export changes` on a timer; 0 = run once.",
    )
    key_file: str = setting(
        "", _PATH, "SFTP private key for the target; relative to the config file's folder."
    )
    known_host_key: str = setting(
        "",
        _HOST_KEY,
        'SFTP host key of the target: a line "[host]:port ssh-ed25519 AAAA..." or a '
        "known_hosts file.",
    )
    ca_file: str = setting(
        "", _PATH, "FTPS: CA bundle of the target's certificate; empty = the system's."
    )
    verify_tls: bool = setting(True, Flag(), "FTPS: verify the target's certificate.")


@section
class ErpSourceSettings(Section):
    """The live ERP database master data is pulled from, and one query per entity."""

    url: str = setting(
        "",
        Text(max_len=2048),
        "SQLAlchemy URL of the ERP database `master pull` reads.",
        secret=True,
    )
    odbc: str = setting(
        "",
        Text(max_len=2048),
        "ODBC connection string of the ERP database (pyodbc), instead of url.",
        secret=True,
    )
    queries: Mapping[str, str] = setting(
        {},
        Table(
            'a table of entity = "SELECT ..." (entities of the export format)',
            r"(?is)\s*(select|with).*",
            "a SELECT query",
            tuple(ENTITIES),
            "an entity of the export format",
        ),
        "One SELECT per entity whose result columns are named like the export columns.",
    )


SINK_KINDS = ("sql", "files", "amqp")
_SINK_NAME = r"[A-Za-z0-9_-]{1,64}"


@section
class ErpSinkSettings(Section):
    """One sink of the ERP feed, ``[erp_sink.NAME]``: where the documents go, each sink
    with its own cursor (see docs/erp-integration.md)."""

    kind: str = setting(
        "",
        Text('one of "sql", "files", "amqp"', "sql|files|amqp", required=True),
        "sql: staging tables in the ERP's database; files: batch files with a manifest; "
        "amqp: one message a document to a RabbitMQ exchange.",
    )
    url: str = setting(
        "",
        Url(max_len=2048),
        "sql: SQLAlchemy URL of the ERP database (postgresql+psycopg://, mysql+..., "
        "sqlite:///); amqp: the broker, amqp://user:password@host:5672/vhost.",
        secret=True,
    )
    odbc: str = setting(
        "",
        Text(max_len=2048),
        "sql: ODBC connection string of the ERP database (pyodbc), instead of url.",
        secret=True,
    )
    table_prefix: str = setting(
        "tillsync_",
        Text("letters, digits and _, starting with a letter", r"[A-Za-z][A-Za-z0-9_]{0,29}"),
        "sql: prefix of the staging tables `feed init` creates in the ERP's database.",
    )
    target: str = setting(
        "",
        Url(max_len=1024),
        "files: a folder or ftp://, ftps://, sftp://user@host:port/path (opened with the "
        "[exports] key_file, known_host_key, ca_file and verify_tls).",
    )
    format: str = setting(
        "jsonl", Choice(("jsonl", "csv")), "files: JSON Lines or CSV batch files."
    )
    exchange: str = setting(
        "tillsync.feed",
        Text(max_len=255),
        "amqp: the durable topic exchange the documents are published to (routing key: "
        "the document's kind).",
    )
    queue: str = setting(
        "",
        Text(max_len=255),
        "amqp: a durable queue declared and bound to the exchange for every kind; empty = "
        "the ERP declares its own (a message no queue takes is set aside as unroutable).",
    )
    batch_size: int = setting(
        1000, Integer(1, 100_000), "Documents a batch: one transaction, file or confirm round."
    )
    timeout: int = setting(
        30, Integer(1, 600, "s"), "Seconds to connect to the sink and to wait for its answers."
    )


@section
class FleetSettings(Section):
    """The fleet view of the tills (`erp-gateway fleet`, the /fleet page)."""

    unreachable_after: int = setting(
        300,
        Integer(2, 7 * 24 * 3600, "s"),
        "Seconds without a Ping after which a till is shown unreachable (its tills ping "
        "every timings.ping_interval).",
    )
    page_refresh: int = setting(
        30, Integer(1, 3600, "s"), "Seconds between the /fleet page's own reloads."
    )


def _sink_problems(name: str, sink: ErpSinkSettings) -> list[Problem]:
    at = f"erp_sink.{name}"
    if sink.kind == "sql" and bool(sink.url) == bool(sink.odbc):
        return [Problem(f"{at}.url", f"{at}: a sql sink needs url or odbc (one of them)")]
    if sink.kind == "files" and not sink.target:
        return [Problem(f"{at}.target", f"{at}: a files sink needs target")]
    if sink.kind == "amqp" and not sink.url.startswith(("amqp://", "amqps://")):
        return [Problem(f"{at}.url", f'{at}: an amqp sink needs url = "amqp://..."')]
    return []


def _check_sinks(raw: object) -> tuple[dict[str, ErpSinkSettings], list[Problem]]:
    """Each ``[erp_sink.NAME]`` table checked against :class:`ErpSinkSettings`."""
    if not isinstance(raw, Mapping):
        return {}, [Problem("erp_sink", "[erp_sink] must hold tables [erp_sink.NAME]")]
    sinks: dict[str, ErpSinkSettings] = {}
    problems: list[Problem] = []
    for name, table in raw.items():
        if not re.fullmatch(_SINK_NAME, name) or not isinstance(table, Mapping):
            problems.append(
                Problem(
                    f"erp_sink.{name}",
                    f"erp_sink.{name} must be a table [erp_sink.NAME], NAME of letters, "
                    "digits, _ and -",
                )
            )
            continue
        at, keys = f"erp_sink.{name}", [spec.key for spec in SINK_SCHEMA.specs]
        problems += [
            Problem(f"{at}.{k}", f"unknown key {at}.{k}{did_you_mean(k, keys)}")
            for k in table
            if k not in keys
        ]
        schema = Schema({at: ErpSinkSettings})
        values, found = schema.check({at: {k: v for k, v in table.items() if k in keys}})
        if not found:
            sinks[name] = schema.build(values)[f"erp_sink.{name}"]
            found = _sink_problems(name, sinks[name])
        problems += found
    return sinks, problems


@dataclass(frozen=True)
class GatewayConfig:
    """The whole config of the gateway, and the folder its relative paths count from."""

    service: ServiceSettings = field(default_factory=ServiceSettings)
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    till_config: TillConfigSettings = field(default_factory=TillConfigSettings)
    exports: ExportSettings = field(default_factory=ExportSettings)
    erp_source: ErpSourceSettings = field(default_factory=ErpSourceSettings)
    fleet: FleetSettings = field(default_factory=FleetSettings)
    erp_sinks: Mapping[str, ErpSinkSettings] = field(default_factory=dict)
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


# Every section and key the loader accepts (``SCHEMA.specs``), in declaration order.
SCHEMA = Schema(
    {
        "service": ServiceSettings,
        "database": DatabaseSettings,
        "security": SecuritySettings,
        "till_config": TillConfigSettings,
        "exports": ExportSettings,
        "erp_source": ErpSourceSettings,
        "fleet": FleetSettings,
    }
)
# The keys of each [erp_sink.NAME] table, as the reference docs show them.
SINK_SCHEMA = Schema({"erp_sink.NAME": ErpSinkSettings})


# -- rules across keys: each sees only keys that passed their own check ---------------


def _webservice_user_known(v: Values) -> Problem | None:
    user, users = v.get("till_config.webservice_user"), v.get("security.wsse_users")
    if user and isinstance(users, Mapping) and user not in users:
        return Problem(
            "till_config.webservice_user",
            f"till_config.webservice_user {show(user)} is not in security.wsse_users",
        )
    return None


def _erp_users_known(v: Values) -> Problem | None:
    names, users = v.get("security.erp_users"), v.get("security.wsse_users")
    if not isinstance(names, tuple) or not isinstance(users, Mapping):
        return None
    missing = [show(name) for name in names if name not in users]
    if not missing:
        return None
    verb = "is" if len(missing) == 1 else "are"
    return Problem(
        "security.erp_users",
        f"security.erp_users: {', '.join(missing)} {verb} not in security.wsse_users",
    )


_CROSS_RULES: tuple[CrossRule, ...] = (_webservice_user_known, _erp_users_known)


def config_from_mapping(data: Mapping[str, Any], *, folder: Path, source: str) -> GatewayConfig:
    """Check a config held as a mapping, naming every problem at once; ``folder``
    anchors relative paths."""
    sinks, sink_problems = _check_sinks(data.get("erp_sink", {}))
    rest = {k: v for k, v in data.items() if k != "erp_sink"}
    values, problems = SCHEMA.check(rest, _CROSS_RULES)
    problems += sink_problems
    if problems:
        raise as_error(problems, source)
    template = values["till_config.template"]
    if isinstance(template, Path):
        values["till_config.template"] = (folder / template).absolute()
    return GatewayConfig(**SCHEMA.build(values), erp_sinks=sinks, folder=folder.absolute())


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
