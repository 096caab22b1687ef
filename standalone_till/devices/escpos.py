"""ESC/POS receipt printer for non-fiscal slips (Epson TM-T88 and the many compatibles).

Followed: Epson *ESC/POS Command Reference* for TM printers: ESC @ (initialise),
ESC t n (code table; 18 = PC852 Latin 2), ESC a n (justification), ESC E n (emphasis),
ESC d n (print and feed n lines), GS V 66 n (feed and partial cut), and the real-time
status DLE EOT n, answered even while the printer is busy or offline: one byte whose
bits 1 and 4 are always 1 and bits 0 and 7 always 0; n=1 bit 3 = offline; n=2 bit 2 =
cover open, bit 6 = error; n=4 bits 5-6 = roll paper end (bits 2-3 = near end).

A slip is built in memory and sent whole at close; cancelling before then sends nothing.
It is not a fiscal receipt and says so. Left out: graphics, barcodes, the drawer kick,
automatic status back (GS a), and page mode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from connectors.serial import SerialLink
from standalone_till.devices.printers import PrinterStatus, ReceiptLine
from standalone_till.model import Payment, PaymentMethod
from standalone_till.money import cents, qty3

ESC, GS, DLE, EOT, LF = b"\x1b", b"\x1d", b"\x10", b"\x04", b"\n"
INIT = ESC + b"@"
CODE_PAGE_PC852 = ESC + b"t\x12"
CENTER, LEFT = ESC + b"a\x01", ESC + b"a\x00"
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
FEED_4 = ESC + b"d\x04"
CUT = GS + b"VB\x00"  # function B: feed to the cutter, partial cut
WIDTH = 42
METHOD_NAMES = {PaymentMethod.CASH: "Cash", PaymentMethod.CARD: "Card"}


def status_query(n: int) -> bytes:
    return DLE + EOT + bytes([n])


def _money(x: Decimal) -> str:
    return f"{cents(x):.2f}"


class EscPosPrinter:
    """A slip printer on a serial link; ``letters`` maps VAT rates to printed letters."""

    protocol = "escpos"

    def __init__(
        self, link: SerialLink, *, letters: Mapping[Decimal, str], width: int = WIDTH
    ) -> None:
        self.link = link
        self.device = link.device
        self.port = link.port
        self.letters = dict(letters)
        self.width = width
        self._slip: list[bytes] = []
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

    def _text(self, value: str) -> bytes:
        return value.encode("cp852", errors="replace") + LF

    def _row(self, left: str, right: str) -> bytes:
        room = max(self.width - len(right) - 1, 1)
        return self._text(f"{left[:room]:<{room}} {right}")

    def open_receipt(self) -> None:
        self._paid = []
        self._slip = [
            INIT,
            CODE_PAGE_PC852,
            CENTER,
            BOLD_ON,
            self._text("NON-FISCAL SLIP"),
            BOLD_OFF,
            LEFT,
        ]

    def add_line(self, line: ReceiptLine) -> None:
        qty = f"{qty3(line.quantity).normalize():f}"
        self._slip.append(self._text(line.name[: self.width]))
        self._slip.append(
            self._row(
                f"  {qty} x {_money(line.unit_price)}", f"{_money(line.gross)} {line.vat_letter}"
            )
        )
        if line.discount:
            self._slip.append(self._row("  discount", f"-{_money(line.discount)}  "))

    def add_payment(self, payment: Payment) -> None:
        self._paid.append(payment)

    def close_receipt(self, total: Decimal, change: Decimal, reference: str) -> None:
        rows = [self._text("-" * self.width), BOLD_ON, self._row("TOTAL", _money(total)), BOLD_OFF]
        rows += [
            self._row(METHOD_NAMES.get(p.method, p.method.value), _money(p.amount))
            for p in self._paid
        ]
        if change:
            rows.append(self._row("Change", _money(change)))
        rows += [self._text(f"Ref {reference}"), FEED_4, CUT]
        slip, self._slip, self._paid = b"".join(self._slip + rows), [], []
        with self.link.lock:
            self.link.write(slip)

    def cancel_receipt(self) -> None:
        self._slip, self._paid = [], []

    def daily_report(self, day: dt.date) -> None:
        slip = INIT + CODE_PAGE_PC852 + CENTER + self._text(f"END OF DAY {day.isoformat()}")
        slip += self._text("non-fiscal printer: no fiscal totals") + FEED_4 + CUT
        with self.link.lock:
            self.link.write(slip)

    def close(self) -> None:
        self.link.close()
