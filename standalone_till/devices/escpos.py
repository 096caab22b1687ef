"""ESC/POS receipt printer for non-fiscal slips (Epson TM-T88 and the many compatibles):
a sale's slip, a return slip, a copy, each with its receipt code as a barcode; and the
cash drawer's kick.

The commands are python-escpos's, written into its ``Dummy`` printer (a buffer): ESC @
(initialise), ESC t 18 (PC852, Latin 2), ESC a (justification), ESC E (emphasis),
GS k 73 (Code 128, function B), GS ( k (QR code, model 2), ESC d n (print and feed),
GS V 66 0 (partial cut), ESC p 0 (drawer kick, pin 2). The bytes go out through our own
``SerialLink`` (reconnection, errors named after the device), which also asks the
real-time status DLE EOT n that a buffer cannot answer: one byte whose bits 1 and 4 are
always 1 and bits 0 and 7 always 0; n=1 bit 3 = offline; n=2 bit 2 = cover open, bit 6 =
error; n=4 bits 5-6 = roll paper end.

A slip is built in memory and sent whole at close; cancelling before then sends nothing.
It is not a fiscal receipt and says so. Left out: graphics, automatic status back (GS a),
page mode.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from decimal import Decimal

from escpos.printer import Dummy  # type: ignore[import-untyped]

from connectors.serial import SerialLink
from standalone_till.devices.printers import SALE, PrinterStatus, ReceiptHeading, ReceiptLine
from standalone_till.model import Payment, PaymentMethod
from standalone_till.money import cents, qty3


def _take_back_basic_config() -> None:
    """python-escpos calls logging.basicConfig() on import (escpos.capabilities): a root
    handler of its own would print our warnings a second time on stderr, beside the
    command line's one error line. Remove the handler basicConfig made (its format)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        made = isinstance(handler, logging.StreamHandler) and handler.formatter is not None
        if made and handler.formatter._fmt == logging.BASIC_FORMAT:  # type: ignore[union-attr]
            root.removeHandler(handler)


_take_back_basic_config()

DLE, EOT = b"\x10", b"\x04"
WIDTH = 42
DOTS = 576  # print width of 80 mm paper at 203 dpi (72 mm)
CODE128_MODULE = 2  # dots per narrow bar: 0.25 mm at 203 dpi, read by any scanner
QR_MODULE = 4
METHOD_NAMES = {PaymentMethod.CASH: "Cash", PaymentMethod.CARD: "Card"}


def status_query(n: int) -> bytes:
    return DLE + EOT + bytes([n])


def _money(x: Decimal) -> str:
    return f"{cents(x):.2f}"


def code128_fits(code: str, dots: int) -> bool:
    """Whether ``code`` as Code 128 (set B) fits ``dots``: start, data, check and stop
    symbols of 11 modules (stop 13); the paper's margins give the quiet zones."""
    return (11 * (len(code) + 2) + 13) * CODE128_MODULE <= dots


def _title(heading: ReceiptHeading) -> str:
    if heading.kind == "return":
        return "RETURN SLIP"
    return "NON-FISCAL SLIP"


class EscPosPrinter:
    """A slip printer on a serial link; ``letters`` maps VAT rates to printed letters."""

    protocol = "escpos"
    fiscal = False

    def __init__(
        self,
        link: SerialLink,
        *,
        letters: Mapping[Decimal, str],
        width: int = WIDTH,
        dots: int = DOTS,
    ) -> None:
        self.link = link
        self.device = link.device
        self.port = link.port
        self.letters = dict(letters)
        self.width = width
        self.dots = dots
        self._slip: Dummy | None = None
        self._heading = SALE
        self._paid: list[Payment] = []

    def _status_byte(self, n: int) -> int:
        query = status_query(n)
        for attempt in (1, 2):
            self.link.discard_input()
            self.link.write(query)
            reply = self.link.read_exact(1)
            if reply[0] & 0x93 == 0x12:
                return reply[0]
            if attempt == 2:
                raise self.link.frame_error(f"garbled answer to DLE EOT {n}", reply)
        raise AssertionError("unreachable")

    def status(self) -> PrinterStatus:
        with self.link.lock:
            printer, cause, paper = (self._status_byte(n) for n in (1, 2, 4))
        return PrinterStatus(
            online=not printer & 0x08,
            paper_out=bool(paper & 0x60),
            error=bool(cause & 0x44),
        )

    def vat_letters(self) -> Mapping[Decimal, str]:
        return dict(self.letters)

    # ---- building a slip -------------------------------------------------------------

    def _new_slip(self) -> Dummy:
        slip = Dummy()
        slip.hw("INIT")
        slip.charcode("CP852")
        return slip

    def _slip_now(self) -> Dummy:
        if self._slip is None:
            raise RuntimeError(f"{self.device}: no slip open")
        return self._slip

    def _text(self, value: str) -> None:
        self._slip_now().text(value + "\n")

    def _row(self, left: str, right: str) -> None:
        room = max(self.width - len(right) - 1, 1)
        self._text(f"{left[:room]:<{room}} {right}")

    def _centred(self, *titles: str) -> None:
        slip = self._slip_now()
        slip.set(align="center", bold=True)
        for title in titles:
            self._text(title)
        slip.set(align="left", bold=False)

    def _receipt_code(self, code: str) -> None:
        """The code as a Code 128 when it fits the paper, else as a QR code; then as text."""
        slip = self._slip_now()
        if code128_fits(code, self.dots):
            # _hw_barcode, not barcode(): barcode() prints its choice of renderer on stdout.
            slip._hw_barcode(
                "{B" + code,
                "CODE128",
                height=64,
                width=CODE128_MODULE,
                pos="BELOW",
                font="A",
                align_ct=True,
                function_type="B",
            )
            slip.text("\n")
        else:
            slip.set(align="center")
            slip.qr(code, size=QR_MODULE, native=True)
            self._text(code)
        slip.set(align="left")

    def open_receipt(self, heading: ReceiptHeading = SALE) -> None:
        self._paid = []
        self._heading = heading
        self._slip = self._new_slip()
        titles = [_title(heading)]
        if heading.copy_no is not None:
            titles.append(f"COPY {heading.copy_no}")
        if heading.kind == "return":
            titles.append("not a fiscal receipt")
        self._centred(*titles)
        if heading.original:
            self._text("Returned from receipt:")
            self._text(heading.original[: self.width])
        elif heading.kind == "return":
            self._text("Returned without receipt")
        if heading.cashier:
            self._text(f"Cashier: {heading.cashier}"[: self.width])
        if heading.supervisor:
            self._text(f"Approved by: {heading.supervisor}"[: self.width])

    def add_line(self, line: ReceiptLine) -> None:
        qty = f"{qty3(line.quantity).normalize():f}"
        self._text(line.name[: self.width])
        self._row(f"  {qty} x {_money(line.unit_price)}", f"{_money(line.gross)} {line.vat_letter}")
        if line.discount:
            self._row("  discount", f"{_money(-line.discount)}  ")

    def add_payment(self, payment: Payment) -> None:
        self._paid.append(payment)

    def close_receipt(self, total: Decimal, change: Decimal, reference: str) -> None:
        slip, heading = self._slip_now(), self._heading
        self._text("-" * self.width)
        slip.set(bold=True)
        self._row("REFUND" if heading.kind == "return" else "TOTAL", _money(total))
        slip.set(bold=False)
        for p in self._paid:
            self._row(METHOD_NAMES.get(p.method, p.method.value), _money(p.amount))
        if change:
            self._row("Change", _money(change))
        self._text(f"Ref {reference}")
        if heading.signature:
            self._text(f"Signature {heading.signature}")
        if heading.receipt_code:
            self._receipt_code(heading.receipt_code)
        if heading.kind == "return":
            self._signatures()
        slip.print_and_feed(4)
        slip.cut(mode="PART", feed=False)
        data, self._slip, self._paid = slip.output, None, []
        with self.link.lock:
            self.link.write(data)

    def _signatures(self) -> None:
        for who in ("Customer", "Cashier"):
            self._text("")
            self._text(f"{who} signature:")
            self._text("")
            self._text("." * self.width)

    def cancel_receipt(self) -> None:
        self._slip, self._paid = None, []

    def daily_report(self, day: dt.date) -> None:
        report = self._new_slip()  # its own buffer: a slip being built is left alone
        report.set(align="center")
        report.text(f"END OF DAY {day.isoformat()}\n")
        report.text("non-fiscal printer: no fiscal totals\n")
        report.print_and_feed(4)
        report.cut(mode="PART", feed=False)
        with self.link.lock:
            self.link.write(report.output)

    def open_drawer(self) -> None:
        """Kick the drawer wired to the printer's drawer port (pin 2)."""
        kick = Dummy()
        kick.cashdraw(2)
        with self.link.lock:
            self.link.write(kick.output)

    def close(self) -> None:
        self.link.close()
