"""POSNET Thermal fiscal printer driver (frames in ``thermal_codec``).

Why this protocol: the seed is a Polish shop with two fiscal printers, and Thermal is
the protocol Polish fiscal printers have long shared (POSNET Thermal, and the
"Thermal-compatible" modes of other makers), publicly specified and implemented by
open-source drivers. Sequence of a receipt, in error mode 3:

    DLE, ENQ                     real-time status (paper, on-line, in receipt)
    3#e                          error mode 3: every command is answered <n>#Z
    23#s                         status: the PTU letters' VAT rates (#X answer)
    0$h                          open a receipt (on-line mode)
    <i>;<d>$l name CR qty CR L/price/gross/discount/    one line, VAT letter L
    ...$y                        close with total, cash, card, change, reference
    0$e                          cancel an open receipt
    1;YY;MM;DD#r                 daily (Z) report
    1$d                          open the cash drawer wired to the printer

Recovery: an answer "2#Z" (bad check code: the frame was damaged on the line and not
carried out) sends the frame once more; a garbled answer asks ENQ whether the command
was carried out (CMD flag) and, if not, sends it once more; a lost answer to the close
asks ENQ whether the receipt is closed (TRF set, PAR clear) before reporting failure.

A fiscal printer registers every receipt it prints as a sale: a return slip or a copy
is refused here before anything is sent (the till prints those on a non-fiscal printer).

The extract of the ticket's signature ends the receipt's reference (its system number).

Left out: invoices, deposits (kaucje), returns, non-fiscal printouts (so no barcode on
the receipt), discounts on the whole receipt, display, cash in/out, header and clock
programming, the newer POSNET (tab/CRC) protocol.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from decimal import Decimal

from connectors.serial import DeviceTimeout, SerialLink
from standalone_till.devices import thermal_codec as codec
from standalone_till.devices.errors import PrinterRefused
from standalone_till.devices.printers import SALE, PrinterStatus, ReceiptHeading, ReceiptLine
from standalone_till.model import Payment, PaymentMethod

log = logging.getLogger("tillsync.devices")

MAX_REPLY = 512
ONL, PE, ERR = 4, 2, 1  # DLE flags
FSK, CMD, PAR, TRF = 8, 4, 2, 1  # ENQ flags


REFERENCE_LENGTH = 16  # the $y command's system number


def signed_reference(reference: str, extract: str | None) -> str:
    """The receipt's reference (``till/number/part``) with the extract of the ticket's
    signature at its end, in the 16 characters the printer prints: a Thermal fiscal
    receipt has no free text, so the extract goes where the till's number for the
    receipt does (docs/fiscal.md)."""
    if not extract:
        return reference[:REFERENCE_LENGTH]
    return f"{reference[: REFERENCE_LENGTH - len(extract) - 1]} {extract}"


class ThermalPrinter:
    """A fiscal printer speaking Thermal on a serial link."""

    protocol = "thermal"
    fiscal = True

    def __init__(
        self, link: SerialLink, *, till_code: str, cashier: str = "", report_timeout: float = 60.0
    ) -> None:
        self.link = link
        self.device = link.device
        self.port = link.port
        self.till_code = till_code
        self.cashier = cashier
        self.report_timeout = report_timeout
        self._set_up_on = 0  # the link's open count when error mode 3 was set
        self._letters: dict[Decimal, str] | None = None
        self._payments: list[Payment] = []
        self._line_no = 0
        self._signature: str | None = None  # the extract of the receipt being printed

    # ---- real-time status ------------------------------------------------------------

    def _realtime(self, query: bytes) -> int:
        name = "DLE" if query == codec.DLE else "ENQ"
        for attempt in (1, 2):
            self.link.discard_input()
            self.link.write(query)
            reply = self.link.read_exact(1)
            try:
                return codec.realtime_flags(reply, query)
            except ValueError as exc:
                if attempt == 2:
                    raise self.link.frame_error(
                        f"garbled answer to {name} ({exc})", reply
                    ) from None
                log.warning("%s: garbled answer to %s; asking again", self.device, name)
        raise AssertionError("unreachable")

    def status(self) -> PrinterStatus:
        with self.link.lock:
            dle = self._realtime(codec.DLE)
            enq = self._realtime(codec.ENQ)
        return PrinterStatus(
            online=bool(dle & ONL),
            paper_out=bool(dle & PE),
            error=bool(dle & ERR),
            in_receipt=bool(enq & PAR),
            fiscal=bool(enq & FSK),
        )

    # ---- commands --------------------------------------------------------------------

    def _set_up(self) -> None:
        if self.link.is_open and self._set_up_on == self.link.opened:
            return
        self._command(codec.error_mode(3), "3#e (error mode)")
        self._set_up_on = self.link.opened
        self._letters = None  # the printer may have been swapped: read its rates again

    def _read_frame(self, timeout: float | None = None) -> bytes:
        return self.link.read_until(codec.ESC_BACKSLASH, max_len=MAX_REPLY, timeout=timeout)

    def _carried_out(self) -> bool:
        """After a garbled answer: did the printer carry the command out (ENQ CMD flag)?"""
        return bool(self._realtime(codec.ENQ) & CMD)

    def _command(self, body: bytes, what: str, *, timeout: float | None = None) -> None:
        raw = codec.frame(body)
        for attempt in (1, 2):
            self.link.discard_input()
            self.link.write(raw)
            reply = self._read_frame(timeout)
            try:
                error = codec.error_number(codec.unframe(reply))
            except ValueError:
                if self._carried_out():
                    log.warning("%s: garbled answer to %s, carried out", self.device, what)
                    return
                if attempt == 2:
                    raise self.link.frame_error(f"garbled answer to {what}", reply) from None
                log.warning(
                    "%s: garbled answer to %s, not carried out; sending again", self.device, what
                )
                continue
            if error == 0:
                return
            if error != codec.BAD_CHECK_CODE:
                raise PrinterRefused(
                    f"{what} refused, {codec.describe(error)}",
                    device=self.device,
                    port=self.port,
                    code=error,
                )
            if attempt == 2:
                raise self.link.frame_error(f"{what}: bad check code twice; frame sent", raw)
            log.warning("%s: %s reached the printer damaged; sending again", self.device, what)

    def vat_letters(self) -> Mapping[Decimal, str]:
        """The printer's own rate of each PTU letter, read once per connection."""
        with self.link.lock:
            self._set_up()
            if self._letters is None:
                self._letters = self._read_vat_table()
            return dict(self._letters)

    def _read_vat_table(self) -> dict[Decimal, str]:
        raw = codec.frame(codec.status_request(), checked=False)
        for attempt in (1, 2):
            self.link.discard_input()
            self.link.write(raw)
            reply = self._read_frame()
            try:
                table = codec.vat_table(codec.unframe(reply))
                error = codec.error_number(codec.unframe(self._read_frame()))
            except ValueError as exc:
                if attempt == 2:
                    raise self.link.frame_error(f"garbled answer to #s ({exc})", reply) from None
                log.warning("%s: garbled answer to #s; asking again", self.device)
                continue
            if error:
                raise PrinterRefused(
                    f"#s refused, {codec.describe(error)}",
                    device=self.device,
                    port=self.port,
                    code=error,
                )
            return table
        raise AssertionError("unreachable")

    # ---- a receipt -------------------------------------------------------------------

    def open_receipt(self, heading: ReceiptHeading = SALE) -> None:
        if not heading.fiscal:
            raise PrinterRefused(
                "a return slip or a copy is not printed as a fiscal receipt",
                device=self.device,
                port=self.port,
            )
        with self.link.lock:
            self._set_up()
            self._payments = []
            self._line_no = 0
            self._signature = heading.signature
            self._command(codec.open_receipt(0), "$h (open receipt)")

    def add_line(self, line: ReceiptLine) -> None:
        with self.link.lock:
            self._line_no += 1
            self._command(codec.receipt_line(self._line_no, line), f"$l (line {self._line_no})")

    def add_payment(self, payment: Payment) -> None:
        if payment.method is not PaymentMethod.CASH and payment.method not in codec.FORMS:
            raise PrinterRefused(
                f"no payment form for {payment.method.value}", device=self.device, port=self.port
            )
        self._payments.append(payment)

    def close_receipt(self, total: Decimal, change: Decimal, reference: str) -> None:
        body = codec.close_receipt(
            total,
            self._payments,
            change,
            till_code=self.till_code,
            cashier=self.cashier,
            reference=signed_reference(reference, self._signature),
        )
        with self.link.lock:
            try:
                self._command(body, "$y (close receipt)", timeout=self.report_timeout)
            except DeviceTimeout:
                flags = self._realtime(codec.ENQ)
                if not flags & TRF or flags & PAR:
                    raise
                log.warning("%s: answer to $y lost, but the receipt is closed", self.device)
            finally:
                self._payments = []

    def cancel_receipt(self) -> None:
        with self.link.lock:
            self._set_up()
            self._command(codec.cancel_receipt(), "$e (cancel receipt)")

    def daily_report(self, day: dt.date) -> None:
        with self.link.lock:
            self._set_up()
            self._command(codec.daily_report(day), "#r (daily report)", timeout=self.report_timeout)

    def open_drawer(self) -> None:
        with self.link.lock:
            self._set_up()
            self._command(codec.open_drawer(), "$d (open drawer)")

    def close(self) -> None:
        self.link.close()
