"""The config model's key descriptions, listed so that translators get them.

The tooltips show ``translate("FieldHelp", spec.description)``; ``pylupdate6`` only sees
literal strings, hence this list. A test checks it matches ``field_specs()``.
"""

from __future__ import annotations

from admin_gui.qt.core import QT_TRANSLATE_NOOP

DESCRIPTIONS = (
    QT_TRANSLATE_NOOP("FieldHelp", "Store code, as the ERP knows it."),
    QT_TRANSLATE_NOOP("FieldHelp", "Till code within the store."),
    QT_TRANSLATE_NOOP("FieldHelp", "Folder number of the till setup (the vendor's 'Dossier TPV')."),
    QT_TRANSLATE_NOOP("FieldHelp", "Language of the screens."),
    QT_TRANSLATE_NOOP("FieldHelp", "Currency of the till."),
    QT_TRANSLATE_NOOP("FieldHelp", "Database engine."),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "SQLite database file; a relative path counts from this file's folder."
    ),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "PostgreSQL URL (postgresql+psycopg://host/db); required when engine is postgresql.",
    ),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "SQL Server instance, e.g. SHOP01\\SQLEXPRESS; required when engine is mssql."
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "SQL Server database name."),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "SQL login (mssql: required unless trusted = true; postgresql: when not in the URL).",
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Password of the SQL login."),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "SQL Server integrated (Windows) authentication instead of a login."
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "ODBC driver used to reach SQL Server."),
    QT_TRANSLATE_NOOP("FieldHelp", "Encrypt the SQL Server connection."),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "Accept the SQL Server certificate unverified (test servers only)."
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "SOAP endpoint of the till server; empty = not configured."),
    QT_TRANSLATE_NOOP("FieldHelp", "Web-service user name."),
    QT_TRANSLATE_NOOP("FieldHelp", "Web-service password."),
    QT_TRANSLATE_NOOP("FieldHelp", "Timeout of web-service operations (SendTickets...)."),
    QT_TRANSLATE_NOOP("FieldHelp", "Timeout of the ping behind the network icon."),
    QT_TRANSLATE_NOOP("FieldHelp", "Timeout of online look-ups during a sale (offers, messages)."),
    QT_TRANSLATE_NOOP("FieldHelp", "Tickets sent per SendTickets call."),
    QT_TRANSLATE_NOOP("FieldHelp", "Verify the server's TLS certificate (https)."),
    QT_TRANSLATE_NOOP("FieldHelp", "Send a WS-Security username token (user/password)."),
    QT_TRANSLATE_NOOP("FieldHelp", "Transfer protocol."),
    QT_TRANSLATE_NOOP("FieldHelp", "Server holding the exports; empty = not configured."),
    QT_TRANSLATE_NOOP("FieldHelp", "Server port; 0 = the protocol's (21 ftp/ftps, 22 sftp)."),
    QT_TRANSLATE_NOOP("FieldHelp", "Folder of the exports on the server."),
    QT_TRANSLATE_NOOP("FieldHelp", "Login on the server."),
    QT_TRANSLATE_NOOP("FieldHelp", "Password of the login."),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "SFTP private key file; a relative path counts from this file's folder."
    ),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "SFTP server host key, a line or a known_hosts file; required for sftp."
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Passive mode (ftp/ftps)."),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "Local folder for downloads in progress; relative to this file's folder."
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Verify the FTPS server certificate."),
    QT_TRANSLATE_NOOP("FieldHelp", "CA bundle for FTPS; empty = the system's certificates."),
    QT_TRANSLATE_NOOP("FieldHelp", "Wait between two checks for tickets to send."),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "After a web-service error, wait this long before calling it again."
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Send each ticket right after it closes."),
    QT_TRANSLATE_NOOP("FieldHelp", "Wait between two pings."),
    QT_TRANSLATE_NOOP("FieldHelp", "Wait between two automatic looks for increments; 0 = never."),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "Layout: P prefix, I scale number (PLU) listed among the item's barcodes, else item"
        " code, V weight or price, C check digit.",
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Prefixes of codes carrying a weight."),
    QT_TRANSLATE_NOOP("FieldHelp", "Prefixes of codes carrying a price."),
    QT_TRANSLATE_NOOP("FieldHelp", "Scale port (COM3, /dev/ttyUSB0); empty = none."),
    QT_TRANSLATE_NOOP("FieldHelp", "Scale protocol."),
    QT_TRANSLATE_NOOP("FieldHelp", "Scale serial speed."),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "Scale data bits, parity, stop bits; auto = the protocol's (mettler8217 7E1, cas 8N1).",
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Longest wait for one answer of the scale."),
    QT_TRANSLATE_NOOP("FieldHelp", "How long a weighed item waits for a stable weight."),
    QT_TRANSLATE_NOOP("FieldHelp", "Receipt printer port; empty = none."),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "Receipt printer protocol: thermal (Polish fiscal printer) or escpos (slips)."
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Receipt printer serial speed (8N1)."),
    QT_TRANSLATE_NOOP("FieldHelp", "Printer port for alcohol-sale slips; empty = none."),
    QT_TRANSLATE_NOOP("FieldHelp", "Alcohol printer protocol: thermal or escpos."),
    QT_TRANSLATE_NOOP("FieldHelp", "Alcohol printer serial speed (8N1)."),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "Non-fiscal ESC/POS printer for return slips and receipt copies; empty = the"
        " receipt or alcohol printer when it is ESC/POS.",
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Return slip printer serial speed (8N1)."),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "Lines for the alcohol printer: alcohol = items flagged alcohol; single = none.",
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Longest wait for a printer's answer to one command."),
    QT_TRANSLATE_NOOP("FieldHelp", "Longest wait for a receipt close or a daily report."),
    QT_TRANSLATE_NOOP("FieldHelp", "Wait between two tries of receipts left in the print queue."),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "VAT rate of letters A, B, C... on ESC/POS slips (fiscal printers report their own).",
    ),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "Serve the other tills of the store from this till (`till hub serve`)."
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "Address the hub listens on (0.0.0.0 = every interface)."),
    QT_TRANSLATE_NOOP("FieldHelp", "Port the hub listens on."),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "Shared secret of the store's hub and its tills (16 characters or more)."
    ),
    QT_TRANSLATE_NOOP(
        "FieldHelp", "The store's hub (http://HOST:PORT) for a client till; empty = none."
    ),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "After three wrong PINs in a row, the cashier cannot sign in here for this long.",
    ),
    QT_TRANSLATE_NOOP("FieldHelp", "A cash out above this amount needs a supervisor's approval."),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "Notes and coins of the closing count; empty = the till currency's"
        " (EUR, PLN, GBP, CHF, USD, RUB).",
    ),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "The till's private signing key (PEM, mode 0600); empty = till.key next to the"
        " SQLite journal, or next to this file for a journal on a server. Relative paths"
        " count from this file's folder.",
    ),
    QT_TRANSLATE_NOOP(
        "FieldHelp",
        "Sign each stored document. Off only to measure what signing costs (bench/sale.py):"
        " a journal written unsigned fails `till verify`.",
    ),
)
