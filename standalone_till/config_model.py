"""The till config model: every section and key declared once, with its rule.

Each key is a dataclass field carrying its default and a ``Setting`` (rule, description,
secret flag); the loader, ``till config set``, the admin GUI and the generated reference
docs all read the same declaration through ``field_specs()``. No I/O here.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from connectors.config_text import show as show  # for the settings screen and scripts

T = TypeVar("T")

SECRET_MASK = "********"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URL_PASSWORD = re.compile(r"(//[^/@:\s]*:)[^@/\s]*@")


class Invalid(Exception):
    """A raw value broke its field's rule; ``expect`` says what the field wants."""

    def __init__(self, expect: str, *, missing: bool = False) -> None:
        super().__init__(expect)
        self.expect = expect
        self.missing = missing


def toml_value(text: str) -> object:
    """``text`` read as the right-hand side of a TOML line (``60``, ``true``, ``["20"]``,
    ``"x"``); the text itself when it is not one TOML value."""
    try:
        parsed = tomllib.loads(f"v = {text}")
    except (tomllib.TOMLDecodeError, RecursionError):  # not TOML, or nested past reason
        return text
    return parsed["v"] if list(parsed) == ["v"] else text


class Rule(Protocol):
    """How one field parses, checks and describes its values."""

    kind: ClassVar[str]

    @property
    def limits(self) -> str: ...

    @property
    def unit(self) -> str: ...

    def check(self, raw: object) -> object: ...

    def from_text(self, text: str) -> object: ...

    def redact(self, value: str) -> str: ...


class _Plain:
    """Defaults shared by the rules: no unit, text taken as written, nothing to redact.

    ``from_text`` turns the VALUE of ``till config set`` into what the file would hold;
    ``check`` then applies the same rule to both. Text is taken as written (no quotes:
    quotes would be part of the value); numbers and true/false are read as TOML reads
    them; a list is a TOML array or its items separated by commas."""

    @property
    def unit(self) -> str:
        return ""

    def from_text(self, text: str) -> object:
        return text

    def redact(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class Text(_Plain):
    """One line of text, optionally matching ``pattern`` (described by ``expect``)."""

    kind: ClassVar[str] = "str"
    expect: str = ""
    pattern: str | None = None
    max_len: int = 255
    required: bool = False

    @property
    def limits(self) -> str:
        return self.expect or f"one line of at most {self.max_len} characters"

    def check(self, raw: object) -> object:
        if not isinstance(raw, str):
            raise Invalid("a string in quotes")
        if not raw:
            if self.required:
                raise Invalid(self.limits, missing=True)
            return raw
        too_long = len(raw) > self.max_len or _CONTROL.search(raw)
        if too_long or (self.pattern and not re.fullmatch(self.pattern, raw)):
            raise Invalid(self.limits)
        return raw


@dataclass(frozen=True)
class Url(Text):
    """A URL; a password inside it is masked wherever the value is shown."""

    def redact(self, value: str) -> str:
        return _URL_PASSWORD.sub(rf"\g<1>{SECRET_MASK}@", value)


@dataclass(frozen=True)
class Choice(_Plain):
    kind: ClassVar[str] = "str"
    options: tuple[str, ...] = ()

    @property
    def limits(self) -> str:
        return "one of " + ", ".join(json.dumps(o) for o in self.options)

    def check(self, raw: object) -> object:
        if raw not in self.options:
            raise Invalid(self.limits)
        return raw


@dataclass(frozen=True)
class Integer(_Plain):
    kind: ClassVar[str] = "int"
    lo: int = 0
    hi: int = 0
    unit_name: str = ""
    allowed: tuple[int, ...] = ()

    @property
    def unit(self) -> str:
        return self.unit_name

    @property
    def limits(self) -> str:
        if self.allowed:
            return "one of " + ", ".join(str(a) for a in self.allowed)
        return f"{self.lo}..{self.hi}"

    def _expect(self) -> str:
        return f"{self.limits} {self.unit}".rstrip()

    def check(self, raw: object) -> object:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise Invalid(self._expect())
        if not self.lo <= raw <= self.hi or (self.allowed and raw not in self.allowed):
            raise Invalid(self._expect())
        return raw

    def from_text(self, text: str) -> object:
        return toml_value(text)


@dataclass(frozen=True)
class Flag(_Plain):
    kind: ClassVar[str] = "bool"

    @property
    def limits(self) -> str:
        return "true or false"

    def check(self, raw: object) -> object:
        if not isinstance(raw, bool):
            raise Invalid(self.limits)
        return raw

    def from_text(self, text: str) -> object:
        return toml_value(text)


@dataclass(frozen=True)
class CodeList(_Plain):
    """A list of distinct strings, each matching ``pattern``; kept as a tuple."""

    kind: ClassVar[str] = "list[str]"
    pattern: str = ""
    expect: str = ""

    @property
    def limits(self) -> str:
        return self.expect

    def check(self, raw: object) -> object:
        if not isinstance(raw, list | tuple):
            raise Invalid(self.expect)
        items = tuple(raw)
        good = all(isinstance(i, str) and re.fullmatch(self.pattern, i) for i in items)
        if not good or len(set(items)) != len(items):
            raise Invalid(self.expect)
        return items

    def from_text(self, text: str) -> object:
        """A TOML array (or quoted string, refused as in the file), else items a,b,c."""
        if text.lstrip()[:1] in ("[", '"', "'"):
            return toml_value(text)
        return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True)
class Setting:
    """What a field declares besides its type and default."""

    rule: Rule
    description: str
    secret: bool = False

    def shown(self, value: object) -> object:
        return _shown(self.rule, self.secret, value)


def _shown(rule: Rule, secret: bool, value: object) -> object:
    """A value as it may be displayed or logged: secrets masked, lists as lists."""
    if secret:
        return SECRET_MASK if value else ""
    if isinstance(value, str):
        return rule.redact(value)
    return list(value) if isinstance(value, tuple) else value


def setting(default: T, rule: Rule, description: str, *, secret: bool = False) -> T:
    """Declare one config key: its default, rule and description."""
    return field(default=default, metadata={"setting": Setting(rule, description, secret)})


class _Section:
    """A config section whose repr masks secrets, so a logged config never leaks one."""

    def __repr__(self) -> str:
        parts = (
            f"{f.name}={f.metadata['setting'].shown(getattr(self, f.name))!r}"
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        )
        return f"{type(self).__name__}({', '.join(parts)})"


_section = dataclass(frozen=True, repr=False)


_ID = Text("1..32 characters of A-Z, a-z, 0-9, _ and -", r"[A-Za-z0-9_-]{1,32}", required=True)
_SECRET = Text(max_len=256)
_HOST = Text("a host name or IP address", r"[A-Za-z0-9._:\[\]-]+", max_len=253)
_HOST_KEY = r"(\S+ )?(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) AAAA[A-Za-z0-9+/]+=*( .*)?"
# A value holding a key type followed by data is a key line; anything else is a path.
_KEY_OR_PATH = r"(?!(.*\s)?(ssh|ecdsa)-\S+\s).+|" + _HOST_KEY


@_section
class TillSettings(_Section):
    """Who this till is."""

    store_id: str = setting("", _ID, "Store code, as the ERP knows it.")
    till_id: str = setting("", _ID, "Till code within the store.")
    folder: str = setting(
        "001",
        Text("1..16 characters of A-Z, a-z, 0-9, _ and -", r"[A-Za-z0-9_-]{1,16}", required=True),
        "Folder number of the till setup (the vendor's 'Dossier TPV').",
    )
    language: str = setting("en", Choice(("en", "fr", "ru", "pl")), "Language of the screens.")
    currency: str = setting(
        "EUR", Text("3 capital letters (ISO 4217)", "[A-Z]{3}"), "Currency of the till."
    )


@_section
class DatabaseSettings(_Section):
    """The till's local database: SQLite file, SQL Server or PostgreSQL."""

    engine: str = setting("sqlite", Choice(("sqlite", "mssql", "postgresql")), "Database engine.")
    path: str = setting(
        "till.db",
        Text(max_len=1024, required=True),
        "SQLite database file; a relative path counts from this file's folder.",
    )
    url: str = setting(
        "",
        Url('a URL starting with "postgresql" (postgresql+psycopg://...)', r"postgresql\S*://\S+"),
        "PostgreSQL URL (postgresql+psycopg://host/db); required when engine is postgresql.",
    )
    instance: str = setting(
        "",
        Text(max_len=128),
        "SQL Server instance, e.g. SHOP01\\SQLEXPRESS; required when engine is mssql.",
    )
    name: str = setting("tillsync", Text(max_len=128, required=True), "SQL Server database name.")
    user: str = setting(
        "",
        Text(max_len=128),
        "SQL login (mssql: required unless trusted = true; postgresql: when not in the URL).",
    )
    password: str = setting("", _SECRET, "Password of the SQL login.", secret=True)
    trusted: bool = setting(
        False, Flag(), "SQL Server integrated (Windows) authentication instead of a login."
    )
    driver: str = setting(
        "ODBC Driver 18 for SQL Server",
        Text(max_len=128, required=True),
        "ODBC driver used to reach SQL Server.",
    )
    encrypt: bool = setting(True, Flag(), "Encrypt the SQL Server connection.")
    trust_server_certificate: bool = setting(
        False, Flag(), "Accept the SQL Server certificate unverified (test servers only)."
    )


@_section
class WebServiceSettings(_Section):
    """The SOAP web services of the till server (tickets, ping, messages, offers)."""

    url: str = setting(
        "",
        Url("an http:// or https:// URL, or empty", r"https?://[^\s/]+\S*"),
        "SOAP endpoint of the till server; empty = not configured.",
    )
    user: str = setting("", Text(max_len=128), "Web-service user name.")
    password: str = setting("", _SECRET, "Web-service password.", secret=True)
    timeout: int = setting(
        60, Integer(1, 600, "s"), "Timeout of web-service operations (SendTickets...)."
    )
    ping_timeout: int = setting(
        5, Integer(1, 60, "s"), "Timeout of the ping behind the network icon."
    )
    lookup_timeout: int = setting(
        2, Integer(1, 30, "s"), "Timeout of online look-ups during a sale (offers, messages)."
    )
    batch_size: int = setting(
        100, Integer(1, 1000, "tickets"), "Tickets sent per SendTickets call."
    )
    verify_tls: bool = setting(True, Flag(), "Verify the server's TLS certificate (https).")
    wsse: bool = setting(False, Flag(), "Send a WS-Security username token (user/password).")


_DEFAULT_PORTS = {"ftp": 21, "ftps": 21, "sftp": 22}


@_section
class FtpSettings(_Section):
    """Where the till fetches the exports (Load data / Load changes)."""

    protocol: str = setting("ftp", Choice(("ftp", "ftps", "sftp")), "Transfer protocol.")
    host: str = setting("", _HOST, "Server holding the exports; empty = not configured.")
    port: int = setting(
        0, Integer(0, 65535), "Server port; 0 = the protocol's (21 ftp/ftps, 22 sftp)."
    )
    remote_dir: str = setting(
        "/",
        Text('a path starting with "/"', r"/.*", max_len=1024, required=True),
        "Folder of the exports on the server.",
    )
    user: str = setting("", Text(max_len=128), "Login on the server.")
    password: str = setting("", _SECRET, "Password of the login.", secret=True)
    key_file: str = setting(
        "",
        Text(max_len=1024),
        "SFTP private key file; a relative path counts from this file's folder.",
    )
    known_host_key: str = setting(
        "",
        Text(
            'a host key line ("ssh-ed25519 AAAA...") or a known_hosts file path',
            _KEY_OR_PATH,
            max_len=8192,
        ),
        "SFTP server host key, a line or a known_hosts file; required for sftp.",
    )
    passive: bool = setting(True, Flag(), "Passive mode (ftp/ftps).")
    staging_dir: str = setting(
        "staging",
        Text(max_len=1024, required=True),
        "Local folder for downloads in progress; relative to this file's folder.",
    )
    verify_tls: bool = setting(True, Flag(), "Verify the FTPS server certificate.")
    ca_file: str = setting(
        "", Text(max_len=1024), "CA bundle for FTPS; empty = the system's certificates."
    )

    @property
    def effective_port(self) -> int:
        return self.port or _DEFAULT_PORTS[self.protocol]


@_section
class TimingSettings(_Section):
    """How often the till syncs, and how long it leaves a failing server alone."""

    ticket_sync_interval: int = setting(
        30, Integer(1, 86400, "s"), "Wait between two checks for tickets to send."
    )
    error_holdoff: int = setting(
        120,
        Integer(0, 86400, "s"),
        "After a web-service error, wait this long before calling it again.",
    )
    drip: bool = setting(False, Flag(), "Send each ticket right after it closes.")
    ping_interval: int = setting(30, Integer(1, 3600, "s"), "Wait between two pings.")
    changes_interval: int = setting(
        300,
        Integer(0, 86400, "s"),
        "Wait between two automatic looks for increments; 0 = never.",
    )


_PREFIXES = "a list of distinct 2-digit strings 20..29"


@_section
class BarcodeSettings(_Section):
    """In-store EAN-13 codes that carry a weight or a price."""

    instore_pattern: str = setting(
        "PPIIIIIVVVVVC",
        Text('13 letters of P, I, V, C, starting with "PP", ending with "C"', "PP[PIVC]{10}C"),
        "Layout: P prefix, I scale number (PLU) listed among the item's barcodes, else item"
        " code, V weight or price, C check digit.",
    )
    weight_prefixes: tuple[str, ...] = setting(
        ("20", "21", "22", "23", "24"),
        CodeList(r"2[0-9]", _PREFIXES),
        "Prefixes of codes carrying a weight.",
    )
    price_prefixes: tuple[str, ...] = setting(
        ("25", "26", "27", "28", "29"),
        CodeList(r"2[0-9]", _PREFIXES),
        "Prefixes of codes carrying a price.",
    )


_BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_FRAMINGS = ("auto", "8N1", "7E1", "7O1", "8E1", "8O1")
_PRINTER_PROTOCOLS = ("thermal", "escpos")
_RATES = 'a list of distinct VAT rates in percent ("23", "8", "5.5")'


@_section
class DeviceSettings(_Section):
    """Devices on the till's ports: a scale, a receipt printer and a printer for alcohol."""

    scale_port: str = setting(
        "", Text(max_len=128), "Scale port (COM3, /dev/ttyUSB0); empty = none."
    )
    scale_protocol: str = setting("none", Choice(("none", "mettler8217", "cas")), "Scale protocol.")
    scale_baudrate: int = setting(
        9600, Integer(1200, 115200, "baud", _BAUDS), "Scale serial speed."
    )
    scale_framing: str = setting(
        "auto",
        Choice(_FRAMINGS),
        "Scale data bits, parity, stop bits; auto = the protocol's (mettler8217 7E1, cas 8N1).",
    )
    scale_timeout: int = setting(
        1000, Integer(100, 10000, "ms"), "Longest wait for one answer of the scale."
    )
    scale_stable_wait: int = setting(
        5, Integer(1, 60, "s"), "How long a weighed item waits for a stable weight."
    )
    printer_port: str = setting("", Text(max_len=128), "Receipt printer port; empty = none.")
    printer_protocol: str = setting(
        "escpos",
        Choice(_PRINTER_PROTOCOLS),
        "Receipt printer protocol: thermal (Polish fiscal printer) or escpos (slips).",
    )
    printer_baudrate: int = setting(
        9600, Integer(1200, 115200, "baud", _BAUDS), "Receipt printer serial speed (8N1)."
    )
    alcohol_printer_port: str = setting(
        "", Text(max_len=128), "Printer port for alcohol-sale slips; empty = none."
    )
    alcohol_printer_protocol: str = setting(
        "escpos", Choice(_PRINTER_PROTOCOLS), "Alcohol printer protocol: thermal or escpos."
    )
    alcohol_printer_baudrate: int = setting(
        9600, Integer(1200, 115200, "baud", _BAUDS), "Alcohol printer serial speed (8N1)."
    )
    routing: str = setting(
        "alcohol",
        Choice(("alcohol", "single")),
        "Lines for the alcohol printer: alcohol = items flagged alcohol; single = none.",
    )
    printer_timeout: int = setting(
        3000, Integer(200, 60000, "ms"), "Longest wait for a printer's answer to one command."
    )
    printer_report_timeout: int = setting(
        60, Integer(1, 600, "s"), "Longest wait for a receipt close or a daily report."
    )
    print_retry_interval: int = setting(
        30, Integer(1, 3600, "s"), "Wait between two tries of receipts left in the print queue."
    )
    vat_letters: tuple[str, ...] = setting(
        ("23", "8", "5", "0"),
        CodeList(r"[0-9]{1,2}(\.[0-9]{1,2})?", _RATES),
        "VAT rate of letters A, B, C... on ESC/POS slips (fiscal printers report their own).",
    )


@_section
class LocalServerSettings(_Section):
    """Local server mode: one till of the store serves the others when the ERP is out."""

    enabled: bool = setting(
        False, Flag(), "Serve the other tills of the store from this till (`till hub serve`)."
    )
    host: str = setting(
        "0.0.0.0",
        _HOST,
        "Address the hub listens on (0.0.0.0 = every interface).",
    )
    port: int = setting(8765, Integer(1, 65535), "Port the hub listens on.")
    secret: str = setting(
        "",
        _SECRET,
        "Shared secret of the store's hub and its tills (16 characters or more).",
        secret=True,
    )
    hub_url: str = setting(
        "",
        Url("an http:// or https:// URL, or empty", r"https?://[^\s/]+\S*"),
        "The store's hub (http://HOST:PORT) for a client till; empty = none.",
    )


@dataclass(frozen=True)
class TillConfig:
    """The whole config of one till, and the file it came from."""

    till: TillSettings
    database: DatabaseSettings = field(default_factory=DatabaseSettings)
    webservice: WebServiceSettings = field(default_factory=WebServiceSettings)
    ftp: FtpSettings = field(default_factory=FtpSettings)
    timings: TimingSettings = field(default_factory=TimingSettings)
    barcodes: BarcodeSettings = field(default_factory=BarcodeSettings)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    local_server: LocalServerSettings = field(default_factory=LocalServerSettings)
    source: Path | None = None

    def resolve(self, p: str) -> Path:
        """An absolute path as is; a relative one from the config file's folder (or CWD)."""
        path = Path(p)
        if path.is_absolute():
            return path
        base = self.source.parent if self.source is not None else Path.cwd()
        return base.absolute() / path

    @property
    def database_path(self) -> Path:
        return self.resolve(self.database.path)

    @property
    def staging_path(self) -> Path:
        return self.resolve(self.ftp.staging_dir)


SECTIONS: dict[str, type[Any]] = {
    "till": TillSettings,
    "database": DatabaseSettings,
    "webservice": WebServiceSettings,
    "ftp": FtpSettings,
    "timings": TimingSettings,
    "barcodes": BarcodeSettings,
    "devices": DeviceSettings,
    "local_server": LocalServerSettings,
}


@dataclass(frozen=True)
class FieldSpec:
    """One declared key, as the docs and the admin GUI see it."""

    section: str
    key: str
    type: str
    default: object
    limits: str
    unit: str
    description: str
    secret: bool
    required: bool
    rule: Rule = field(repr=False, compare=False)

    @property
    def dotted_key(self) -> str:
        return f"{self.section}.{self.key}"

    def shown(self, value: object) -> object:
        """The value as it may be displayed or logged: secrets masked, lists as lists."""
        return _shown(self.rule, self.secret, value)


def _spec(section: str, f: dataclasses.Field[Any]) -> FieldSpec:
    meta: Setting = f.metadata["setting"]
    return FieldSpec(
        section=section,
        key=f.name,
        type=meta.rule.kind,
        default=f.default,
        limits=meta.rule.limits,
        unit=meta.rule.unit,
        description=meta.description,
        secret=meta.secret,
        required=bool(getattr(meta.rule, "required", False)),
        rule=meta.rule,
    )


_SPECS: tuple[FieldSpec, ...] = tuple(
    _spec(name, f) for name, cls in SECTIONS.items() for f in dataclasses.fields(cls)
)
_BY_KEY: dict[str, FieldSpec] = {s.dotted_key: s for s in _SPECS}


def field_specs() -> tuple[FieldSpec, ...]:
    """Every declared key, section by section, in declaration order."""
    return _SPECS


def spec_by_key() -> dict[str, FieldSpec]:
    return dict(_BY_KEY)
