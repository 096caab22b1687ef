"""The till config model: every section and key declared once, with its rule.

Each key is a dataclass field declared with ``connectors.settings.setting`` (default,
rule, description, secret flag); the loader, ``till config set``, the admin GUI and the
generated reference docs all read the same declaration through ``SCHEMA``. No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connectors.config_text import show as show  # for the settings screen and scripts
from connectors.settings import (
    Choice,
    CodeList,
    FieldSpec,
    Flag,
    Integer,
    Schema,
    Section,
    Text,
    Url,
    section,
    setting,
)

_ID = Text("1..32 characters of A-Z, a-z, 0-9, _ and -", r"[A-Za-z0-9_-]{1,32}", required=True)
_SECRET = Text(max_len=256)
_HOST = Text("a host name or IP address", r"[A-Za-z0-9._:\[\]-]+", max_len=253)
_HOST_KEY = r"(\S+ )?(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) AAAA[A-Za-z0-9+/]+=*( .*)?"
# A value holding a key type followed by data is a key line; anything else is a path.
_KEY_OR_PATH = r"(?!(.*\s)?(ssh|ecdsa)-\S+\s).+|" + _HOST_KEY


@section
class TillSettings(Section):
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


@section
class DatabaseSettings(Section):
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


@section
class WebServiceSettings(Section):
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


@section
class FtpSettings(Section):
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


@section
class TimingSettings(Section):
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


@section
class BarcodeSettings(Section):
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


@section
class DeviceSettings(Section):
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
    slip_printer_port: str = setting(
        "",
        Text(max_len=128),
        "Non-fiscal ESC/POS printer for return slips and receipt copies; empty = the"
        " receipt or alcohol printer when it is ESC/POS.",
    )
    slip_printer_baudrate: int = setting(
        9600, Integer(1200, 115200, "baud", _BAUDS), "Return slip printer serial speed (8N1)."
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


@section
class LocalServerSettings(Section):
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


@section
class CashierSettings(Section):
    """Cashiers signing in at this till with their PIN."""

    lockout_minutes: int = setting(
        15,
        Integer(1, 1440, "min"),
        "After three wrong PINs in a row, the cashier cannot sign in here for this long.",
    )


@section
class CashSettings(Section):
    """The cash drawer: what a cashier may take out alone, and the notes and coins counted."""

    cashout_limit: str = setting(
        "100.00",
        Text('an amount such as "100" or "250.50"', r"[0-9]{1,9}(\.[0-9]{1,2})?", required=True),
        "A cash out above this amount needs a supervisor's approval.",
    )
    denominations: tuple[str, ...] = setting(
        (),
        CodeList(
            r"[0-9]{1,6}(\.[0-9]{1,2})?",
            'a list of distinct amounts ("500", "0.50"), or empty',
        ),
        "Notes and coins of the closing count; empty = the till currency's"
        " (EUR, PLN, GBP, CHF, USD, RUB).",
    )


@section
class SigningSettings(Section):
    """The signed journal: the till's Ed25519 key (docs/fiscal.md)."""

    key_file: str = setting(
        "",
        Text(max_len=1024),
        "The till's private signing key (PEM, mode 0600); empty = till.key next to the"
        " SQLite journal, or next to this file for a journal on a server. Relative paths"
        " count from this file's folder.",
    )
    enabled: bool = setting(
        True,
        Flag(),
        "Sign each stored document. Off only to measure what signing costs (bench/sale.py):"
        " a journal written unsigned fails `till verify`.",
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
    cashiers: CashierSettings = field(default_factory=CashierSettings)
    cash: CashSettings = field(default_factory=CashSettings)
    signing: SigningSettings = field(default_factory=SigningSettings)
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
    "cashiers": CashierSettings,
    "cash": CashSettings,
    "signing": SigningSettings,
}

SCHEMA = Schema(SECTIONS)


def field_specs() -> tuple[FieldSpec, ...]:
    """Every declared key, section by section, in declaration order."""
    return SCHEMA.specs
