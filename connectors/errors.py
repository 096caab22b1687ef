"""The one exception tree of tillsync.

    TillsyncError
     ├── BadInput                 what a person or a file gave us is wrong (exit 1)
     │    ├── ConfigError         a config key or file      (.path, .key)
     │    ├── Invalid             a raw value broke its key's rule (.expect, .at), reported
     │    │                       as a ConfigError                 (connectors.settings)
     │    ├── ExportError         an export file or row     (.file, .line)
     │    │    ├── ChecksumError  size/SHA-256/row count does not match the manifest
     │    │    ├── SequenceError  gap, wrong base, nothing to apply on: a full load is needed
     │    │    └── OlderExportError  a full export older than the catalog, not asked for
     │    │                       (.sequence, .current)
     │    ├── BarcodeError        a scanned code            (.barcode)
     │    ├── SaleError           a sale rule refused the action (unknown item, short payment...)
     │    │    ├── DayClosed      the business day is closed or ended (.sale_day)
     │    │    │                                                   (standalone_till.journal)
     │    │    ├── ReturnRefused  more back than remains returnable (.returnable per line)
     │    │    │                                                   (standalone_till.returns)
     │    │    └── OriginalNotFound  a return's original is neither in the journal nor at
     │    │                       the server (.ref, .reached) (standalone_till.till_documents)
     │    ├── CashierError        the PIN pad refused: an unknown or inactive cashier (.code)
     │    │    ├── NotSignedIn    cashiers exist and none is signed in at this till
     │    │    ├── PinRefused     a wrong PIN (.code, .attempts_left before the lockout)
     │    │    ├── CashierLocked  too many wrong PINs: locked at this till (.code, .until)
     │    │    └── ApprovalRefused  not an active supervisor of the master data (.code, .action)
     │    ├── ServerFault         the server refused a request with a SOAP fault (.code, .operation)
     │    ├── VersionConflict     an open order changed since the version a change was based
     │    │                       on (.order_id, .expected, .current) (standalone_till.hub.orders)
     │    ├── BadQuery            a GetTicket request whose receipt cannot be read
     │    │                                               (ticket_contract.document_wire)
     │    ├── GatewayRefusal      the gateway will not serve the request (.fault_code)
     │    │    ├── NotAllowed     the WS-Security user may not (HTTP 403)  (erp_gateway.errors)
     │    │    ├── UnknownTill    a till the registry does not know (.till_id)
     │    │    └── UnknownTicket  GetTicket: no such ticket the asking till may see (.ref)
     │    ├── DeviceFrameError    a device's frame breaks its protocol (.device, .port, .frame)
     │    │                                                        (connectors.serial)
     │    ├── SinkNotReady        an ERP feed sink not set up: run `erp-gateway feed init` (.sink)
     │    │                                                   (erp_gateway.feed.sinks)
     │    ├── PrinterRefused      the printer refused a command (.code)
     │    │    └── VatLetterMissing  no VAT letter on the printer for a rate (.rate)
     │    │                                                   (standalone_till.devices)
     │    ├── SignatureProblem    a key or signature that cannot be read (not a failed check)
     │    │                                               (ticket_contract.signatures)
     │    ├── ChainBroken         `till verify` found a chain that does not hold
     │    │                                               (standalone_till.cli.signing)
     │    └── ArchiveBroken       `till verify-archive` found a part or entry that does not
     │                            hold                    (standalone_till.cli.archive)
     ├── Unavailable              the environment failed: server down, disk, permissions (exit 2)
     │    ├── DatabaseUnavailable
     │    ├── ServerUnavailable   the web service did not answer (refused, timeout, TLS, HTTP error,
     │    │                       a reply that is not the contract's answer)
     │    ├── TransferError       a file server failed (login, host key, missing file) (.server, .path)
     │    ├── PingDisabled        the gateway's Ping is switched off     (erp_gateway.errors)
     │    ├── CursorMoved         another feed moved a sink's cursor: the batch was not kept
     │    │                       (.sink)                          (erp_gateway.feed.sinks)
     │    ├── SigningKeyMissing   the journal has a key but its private key file is gone
     │    │                                                   (standalone_till.signing)
     │    └── DeviceError         a device or its port failed (.device, .port, .reason)
     │         ├── DeviceTimeout  no (complete) answer in time           (connectors.serial)
     │         ├── ScaleNotReady  no usable weight (.state)
     │         └── PrinterNotReady  paper, cover, offline                (standalone_till.devices)
     ├── SoapFaultError           the SOAP server refuses a request with a fault (.code, .client,
     │                            .status)                        (connectors.soap.server)
     └── Cancelled                the person stopped the work      (admin_gui.errors)

Errors of third-party libraries are translated into these at the edge, one mapper a
library, always with ``raise ... from exc``; a mapper translates only that library's own
errors. Anything else escaping (``AttributeError``, ``TypeError``...) is a bug and is
reported as one, never as "server unavailable". Two kinds stand outside on purpose: a
private signal that never leaves its module (``_MalformedReply`` of the SOAP client), and
``UnknownHostKey``, which paramiko's host-key policy must raise as an ``SSHException``
(the SFTP mapper turns it into ``TransferError``). ``tests/unit/connectors/test_errors.py``
holds this picture to the code.
"""

from __future__ import annotations

from datetime import datetime


class TillsyncError(Exception):
    """Base of every error tillsync raises on purpose."""

    exit_code = 1


class BadInput(TillsyncError):
    """The input is wrong; fixing the input fixes the problem."""

    exit_code = 1


class ConfigError(BadInput):
    def __init__(self, message: str, *, path: str | None = None, key: str | None = None) -> None:
        self.path = path
        self.key = key
        prefix = f"{path}: " if path else ""
        super().__init__(f"{prefix}{message}")


class ExportError(BadInput):
    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = file or ""
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {message}" if where else message)


class ChecksumError(ExportError):
    """A data file does not match its manifest entry (size, SHA-256 or row count)."""


class SequenceError(ExportError):
    """The increments on offer do not follow what this till has: a full load is needed."""


class OlderExportError(ExportError):
    """A full export older than the catalog in place: loading it would take the catalog
    back in time, which is done only when asked for (``load-data --allow-older``)."""

    def __init__(
        self, message: str, *, sequence: int, current: int, file: str | None = None
    ) -> None:
        self.sequence = sequence  # the full export's
        self.current = current  # the catalog's
        super().__init__(message, file=file)


class BarcodeError(BadInput):
    def __init__(self, message: str, *, barcode: str) -> None:
        self.barcode = barcode
        super().__init__(f"barcode {barcode!r}: {message}")


class SaleError(BadInput):
    """A sale rule refused the action; the ticket is unchanged."""


class ServerFault(BadInput):
    """The server answered with a SOAP fault; ``code`` is the contract's stable fault code."""

    def __init__(self, message: str, *, code: str, operation: str | None = None) -> None:
        self.code = code
        self.operation = operation
        super().__init__(f"{operation + ': ' if operation else ''}{code}: {message}")


class Unavailable(TillsyncError):
    """Something outside the input failed (server, disk, permissions); retrying may help."""

    exit_code = 2

    def __init__(self, message: str, *, target: str | None = None) -> None:
        self.target = target
        super().__init__(message)


class DatabaseUnavailable(Unavailable):
    pass


class ServerUnavailable(Unavailable):
    """The web service did not answer usably; the till goes on offline and retries later."""


class TransferError(Unavailable):
    """A file transfer failed; names the server and path, never the password."""

    def __init__(self, message: str, *, server: str, path: str | None = None) -> None:
        self.server = server
        self.path = path
        where = f"{server}{path or ''}"
        super().__init__(f"{where}: {message}", target=where)


class CashierError(BadInput):
    """The till's PIN pad refused: the code names no active cashier of the master data."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        self.code = code
        super().__init__(message)


class NotSignedIn(CashierError):
    """The master data lists cashiers and none is signed in at this till."""

    def __init__(self, message: str = "no cashier is signed in: run `till signin CODE`") -> None:
        super().__init__(message)


class PinRefused(CashierError):
    """A wrong PIN; ``attempts_left`` wrong PINs more lock the cashier at this till."""

    def __init__(self, message: str, *, code: str, attempts_left: int) -> None:
        self.attempts_left = attempts_left
        super().__init__(message, code=code)


class CashierLocked(CashierError):
    """Too many wrong PINs: the cashier cannot sign in or approve here before ``until``."""

    def __init__(self, message: str, *, code: str, until: datetime) -> None:
        self.until = until
        super().__init__(message, code=code)


class ApprovalRefused(CashierError):
    """The code does not name an active supervisor, so it cannot approve ``action``."""

    def __init__(self, message: str, *, code: str, action: str) -> None:
        self.action = action
        super().__init__(message, code=code)
