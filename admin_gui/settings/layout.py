"""Where each config key sits on the settings screen, and the words shown for it.

The keys, their rules and defaults come from ``standalone_till.config_model``; this
module only places them in tabs and groups (modelled on the vendor's "Dossier TPV"
screen) and names them for people. A test checks every declared key has a place.
"""

from __future__ import annotations

from dataclasses import dataclass

from admin_gui.i18n import translate
from admin_gui.qt.core import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Group:
    title: str  # untranslated; shown through translate("Settings", title)
    keys: tuple[str, ...]
    shown_for: tuple[str, tuple[str, ...]] | None = None  # (key, values) it applies to


@dataclass(frozen=True)
class Tab:
    name: str  # object name, for tests and screenshots
    title: str
    columns: tuple[tuple[Group, ...], ...]
    test: str | None = None  # what the tab's Test button checks


_G = Group
TABS: tuple[Tab, ...] = (
    Tab(
        "till",
        QT_TRANSLATE_NOOP("Settings", "Till"),
        (
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Identity"),
                    ("till.store_id", "till.till_id", "till.folder"),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Screens and money"),
                    ("till.language", "till.currency"),
                ),
            ),
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "In-store barcode labels"),
                    (
                        "barcodes.instore_pattern",
                        "barcodes.weight_prefixes",
                        "barcodes.price_prefixes",
                    ),
                ),
                _G(QT_TRANSLATE_NOOP("Settings", "Cashiers"), ("cashiers.lockout_minutes",)),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Cash drawer"),
                    ("cash.cashout_limit", "cash.denominations"),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Signed journal"),
                    ("signing.key_file", "signing.enabled"),
                ),
            ),
        ),
    ),
    Tab(
        "database",
        QT_TRANSLATE_NOOP("Settings", "Database"),
        (
            (
                _G(QT_TRANSLATE_NOOP("Settings", "Engine"), ("database.engine",)),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "SQLite file"),
                    ("database.path",),
                    ("database.engine", ("sqlite",)),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "PostgreSQL"),
                    ("database.url",),
                    ("database.engine", ("postgresql",)),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "SQL Server"),
                    (
                        "database.instance",
                        "database.name",
                        "database.driver",
                        "database.encrypt",
                        "database.trust_server_certificate",
                    ),
                    ("database.engine", ("mssql",)),
                ),
            ),
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Authentication"),
                    ("database.trusted", "database.user", "database.password"),
                    ("database.engine", ("mssql", "postgresql")),
                ),
            ),
        ),
        test="database",
    ),
    Tab(
        "webservice",
        QT_TRANSLATE_NOOP("Settings", "Web services"),
        (
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Till server"),
                    (
                        "webservice.url",
                        "webservice.user",
                        "webservice.password",
                        "webservice.wsse",
                        "webservice.verify_tls",
                    ),
                ),
            ),
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Timeouts and batches"),
                    (
                        "webservice.timeout",
                        "webservice.ping_timeout",
                        "webservice.lookup_timeout",
                        "webservice.batch_size",
                    ),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Local server mode (store hub)"),
                    (
                        "local_server.enabled",
                        "local_server.host",
                        "local_server.port",
                        "local_server.secret",
                        "local_server.hub_url",
                    ),
                ),
            ),
        ),
        test="webservice",
    ),
    Tab(
        "ftp",
        QT_TRANSLATE_NOOP("Settings", "FTP"),
        (
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Export server"),
                    ("ftp.protocol", "ftp.host", "ftp.port", "ftp.remote_dir", "ftp.passive"),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Login"),
                    ("ftp.user", "ftp.password", "ftp.key_file"),
                ),
            ),
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "SFTP host key"),
                    ("ftp.known_host_key",),
                    ("ftp.protocol", ("sftp",)),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "FTPS certificate"),
                    ("ftp.verify_tls", "ftp.ca_file"),
                    ("ftp.protocol", ("ftps",)),
                ),
                _G(QT_TRANSLATE_NOOP("Settings", "On this till"), ("ftp.staging_dir",)),
            ),
        ),
        test="ftp",
    ),
    Tab(
        "timings",
        QT_TRANSLATE_NOOP("Settings", "Timings"),
        (
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Synchronisation"),
                    (
                        "timings.ticket_sync_interval",
                        "timings.drip",
                        "timings.error_holdoff",
                        "timings.ping_interval",
                        "timings.changes_interval",
                    ),
                ),
            ),
        ),
    ),
    Tab(
        "devices",
        QT_TRANSLATE_NOOP("Settings", "Devices"),
        (
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Scale"),
                    (
                        "devices.scale_protocol",
                        "devices.scale_port",
                        "devices.scale_baudrate",
                        "devices.scale_framing",
                        "devices.scale_timeout",
                        "devices.scale_stable_wait",
                    ),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Receipt printer"),
                    (
                        "devices.printer_protocol",
                        "devices.printer_port",
                        "devices.printer_baudrate",
                    ),
                ),
            ),
            (
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Alcohol printer"),
                    (
                        "devices.routing",
                        "devices.alcohol_printer_protocol",
                        "devices.alcohol_printer_port",
                        "devices.alcohol_printer_baudrate",
                    ),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Return slip printer"),
                    ("devices.slip_printer_port", "devices.slip_printer_baudrate"),
                ),
                _G(
                    QT_TRANSLATE_NOOP("Settings", "Printing"),
                    (
                        "devices.printer_timeout",
                        "devices.printer_report_timeout",
                        "devices.print_retry_interval",
                        "devices.vat_letters",
                    ),
                ),
            ),
        ),
    ),
)

LABELS: dict[str, str] = {
    "till.store_id": QT_TRANSLATE_NOOP("Field", "Store"),
    "till.till_id": QT_TRANSLATE_NOOP("Field", "Till"),
    "till.folder": QT_TRANSLATE_NOOP("Field", "Folder number (Dossier TPV)"),
    "till.language": QT_TRANSLATE_NOOP("Field", "Language"),
    "till.currency": QT_TRANSLATE_NOOP("Field", "Currency"),
    "database.engine": QT_TRANSLATE_NOOP("Field", "Database engine"),
    "database.path": QT_TRANSLATE_NOOP("Field", "Database file"),
    "database.url": QT_TRANSLATE_NOOP("Field", "PostgreSQL URL"),
    "database.instance": QT_TRANSLATE_NOOP("Field", "SQL instance"),
    "database.name": QT_TRANSLATE_NOOP("Field", "Database"),
    "database.user": QT_TRANSLATE_NOOP("Field", "SQL user"),
    "database.password": QT_TRANSLATE_NOOP("Field", "SQL password"),
    "database.trusted": QT_TRANSLATE_NOOP("Field", "Integrated (Windows) authentication"),
    "database.driver": QT_TRANSLATE_NOOP("Field", "ODBC driver"),
    "database.encrypt": QT_TRANSLATE_NOOP("Field", "Encrypt the connection"),
    "database.trust_server_certificate": QT_TRANSLATE_NOOP("Field", "Accept any certificate"),
    "webservice.url": QT_TRANSLATE_NOOP("Field", "Web-service URL"),
    "webservice.user": QT_TRANSLATE_NOOP("Field", "User"),
    "webservice.password": QT_TRANSLATE_NOOP("Field", "Password"),
    "webservice.timeout": QT_TRANSLATE_NOOP("Field", "Web-service timeout"),
    "webservice.ping_timeout": QT_TRANSLATE_NOOP("Field", "Ping timeout"),
    "webservice.lookup_timeout": QT_TRANSLATE_NOOP("Field", "Look-up timeout"),
    "webservice.batch_size": QT_TRANSLATE_NOOP("Field", "Tickets per batch"),
    "webservice.verify_tls": QT_TRANSLATE_NOOP("Field", "Verify the TLS certificate"),
    "webservice.wsse": QT_TRANSLATE_NOOP("Field", "WS-Security user token"),
    "local_server.enabled": QT_TRANSLATE_NOOP("Field", "Serve the other tills"),
    "local_server.host": QT_TRANSLATE_NOOP("Field", "Listen on address"),
    "local_server.port": QT_TRANSLATE_NOOP("Field", "Port"),
    "local_server.secret": QT_TRANSLATE_NOOP("Field", "Shared secret"),
    "local_server.hub_url": QT_TRANSLATE_NOOP("Field", "Hub of the store"),
    "ftp.protocol": QT_TRANSLATE_NOOP("Field", "Protocol"),
    "ftp.host": QT_TRANSLATE_NOOP("Field", "Host"),
    "ftp.port": QT_TRANSLATE_NOOP("Field", "Port"),
    "ftp.remote_dir": QT_TRANSLATE_NOOP("Field", "Folder on the server"),
    "ftp.user": QT_TRANSLATE_NOOP("Field", "User"),
    "ftp.password": QT_TRANSLATE_NOOP("Field", "Password"),
    "ftp.key_file": QT_TRANSLATE_NOOP("Field", "SFTP key file"),
    "ftp.known_host_key": QT_TRANSLATE_NOOP("Field", "Trusted host key"),
    "ftp.passive": QT_TRANSLATE_NOOP("Field", "Passive mode"),
    "ftp.staging_dir": QT_TRANSLATE_NOOP("Field", "Download folder"),
    "ftp.verify_tls": QT_TRANSLATE_NOOP("Field", "Verify the certificate"),
    "ftp.ca_file": QT_TRANSLATE_NOOP("Field", "CA certificates file"),
    "timings.ticket_sync_interval": QT_TRANSLATE_NOOP("Field", "Wait between two ticket syncs"),
    "timings.error_holdoff": QT_TRANSLATE_NOOP("Field", "Wait after a web-service error"),
    "timings.drip": QT_TRANSLATE_NOOP("Field", "Drip mode (send each ticket at once)"),
    "timings.ping_interval": QT_TRANSLATE_NOOP("Field", "Ping interval"),
    "timings.changes_interval": QT_TRANSLATE_NOOP("Field", "Look for changes every"),
    "cashiers.lockout_minutes": QT_TRANSLATE_NOOP("Field", "Lockout after three wrong PINs"),
    "cash.cashout_limit": QT_TRANSLATE_NOOP("Field", "Cash out without a supervisor up to"),
    "cash.denominations": QT_TRANSLATE_NOOP("Field", "Notes and coins counted"),
    "signing.key_file": QT_TRANSLATE_NOOP("Field", "Signing key file"),
    "signing.enabled": QT_TRANSLATE_NOOP("Field", "Sign the journal"),
    "barcodes.instore_pattern": QT_TRANSLATE_NOOP("Field", "Label layout"),
    "barcodes.weight_prefixes": QT_TRANSLATE_NOOP("Field", "Weight prefixes"),
    "barcodes.price_prefixes": QT_TRANSLATE_NOOP("Field", "Price prefixes"),
    "devices.scale_port": QT_TRANSLATE_NOOP("Field", "Port"),
    "devices.scale_protocol": QT_TRANSLATE_NOOP("Field", "Scale"),
    "devices.scale_baudrate": QT_TRANSLATE_NOOP("Field", "Speed"),
    "devices.scale_framing": QT_TRANSLATE_NOOP("Field", "Framing"),
    "devices.scale_timeout": QT_TRANSLATE_NOOP("Field", "Answer timeout"),
    "devices.scale_stable_wait": QT_TRANSLATE_NOOP("Field", "Wait for a stable weight"),
    "devices.printer_port": QT_TRANSLATE_NOOP("Field", "Port"),
    "devices.printer_protocol": QT_TRANSLATE_NOOP("Field", "Printer"),
    "devices.printer_baudrate": QT_TRANSLATE_NOOP("Field", "Speed"),
    "devices.alcohol_printer_port": QT_TRANSLATE_NOOP("Field", "Port"),
    "devices.alcohol_printer_protocol": QT_TRANSLATE_NOOP("Field", "Printer"),
    "devices.alcohol_printer_baudrate": QT_TRANSLATE_NOOP("Field", "Speed"),
    "devices.slip_printer_port": QT_TRANSLATE_NOOP("Field", "Port"),
    "devices.slip_printer_baudrate": QT_TRANSLATE_NOOP("Field", "Speed"),
    "devices.routing": QT_TRANSLATE_NOOP("Field", "Alcohol lines"),
    "devices.printer_timeout": QT_TRANSLATE_NOOP("Field", "Printer answer timeout"),
    "devices.printer_report_timeout": QT_TRANSLATE_NOOP("Field", "Receipt and report timeout"),
    "devices.print_retry_interval": QT_TRANSLATE_NOOP("Field", "Retry the print queue every"),
    "devices.vat_letters": QT_TRANSLATE_NOOP("Field", "VAT rates of letters A, B, C…"),
}

# What choices read as; values not listed show as they are (8N1, 9600...).
OPTIONS: dict[str, str] = {
    "sqlite": QT_TRANSLATE_NOOP("Option", "SQLite file"),
    "mssql": QT_TRANSLATE_NOOP("Option", "SQL Server"),
    "postgresql": QT_TRANSLATE_NOOP("Option", "PostgreSQL"),
    "ftp": QT_TRANSLATE_NOOP("Option", "FTP"),
    "ftps": QT_TRANSLATE_NOOP("Option", "FTPS (FTP over TLS)"),
    "sftp": QT_TRANSLATE_NOOP("Option", "SFTP (SSH)"),
    "none": QT_TRANSLATE_NOOP("Option", "None"),
    "mettler8217": QT_TRANSLATE_NOOP("Option", "Mettler Toledo 8217"),
    "cas": QT_TRANSLATE_NOOP("Option", "CAS"),
    "auto": QT_TRANSLATE_NOOP("Option", "The protocol's own"),
    "thermal": QT_TRANSLATE_NOOP("Option", "Thermal (Polish fiscal printer)"),
    "escpos": QT_TRANSLATE_NOOP("Option", "ESC/POS (slips)"),
    "alcohol": QT_TRANSLATE_NOOP("Option", "On the alcohol printer"),
    "single": QT_TRANSLATE_NOOP("Option", "On the main printer"),
}
# Language names are written in their own language, whatever the screen's.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ru": "Русский", "pl": "Polski"}

UNITS = {
    "s": QT_TRANSLATE_NOOP("Unit", "s"),
    "ms": QT_TRANSLATE_NOOP("Unit", "ms"),
    "baud": QT_TRANSLATE_NOOP("Unit", "baud"),
    "tickets": QT_TRANSLATE_NOOP("Unit", "tickets"),
}


def label(key: str) -> str:
    return translate("Field", LABELS[key])


def option(key: str, value: str) -> str:
    if key == "till.language":
        return LANGUAGE_NAMES.get(value, value)
    return translate("Option", OPTIONS[value]) if value in OPTIONS else value


def unit(name: str) -> str:
    return translate("Unit", UNITS[name]) if name in UNITS else name


def help_text(description: str) -> str:
    """The config model's description of a key, translated when a translation exists."""
    return translate("FieldHelp", description)


def tab_keys() -> list[str]:
    return [key for tab in TABS for column in tab.columns for group in column for key in group.keys]
