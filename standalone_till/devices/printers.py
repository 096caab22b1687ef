"""The receipt printer interface, and printing one job through it.

Every printer driver (fiscal Thermal, ESC/POS slips) offers the same steps: status,
open a receipt, a line with its VAT letter, a payment, close, cancel, daily report, and
the drawer kick. ``print_job`` drives them in order and raises what keeps the job from
printing; a return slip or a copy is refused by a fiscal printer before anything is sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from standalone_till.devices.errors import PrinterNotReady, PrinterRefused, VatLetterMissing
from standalone_till.devices.jobs import JobLine, PrintJob
from standalone_till.model import Payment

log = logging.getLogger("tillsync.devices")


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    online: bool = True
    paper_out: bool = False
    error: bool = False  # mechanism, cutter or cover
    in_receipt: bool = False  # a receipt was opened and not closed
    fiscal: bool | None = None  # None: not a fiscal printer

    @property
    def problem(self) -> str | None:
        """What keeps the printer from printing, in the cashier's words; None if nothing."""
        if self.paper_out:
            return "out of paper"
        if self.error:
            return "mechanism error (cover open or paper jam?)"
        if not self.online:
            return "offline"
        return None


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """A line as a printer takes it: ``gross`` = quantity x price, less ``discount``."""

    name: str
    quantity: Decimal
    unit_price: Decimal
    gross: Decimal
    discount: Decimal
    vat_letter: str

    @property
    def amount(self) -> Decimal:
        return self.gross - self.discount


@dataclass(frozen=True, slots=True)
class ReceiptHeading:
    """What a receipt is, beyond its lines: a sale's receipt, a return slip, a copy."""

    kind: str = "sale"  # sale | return
    receipt_code: str | None = None  # printed as a barcode
    copy_no: int | None = None  # a copy, marked "COPY n"
    original: str | None = None  # a return: the receipt it gives back from
    cashier: str | None = None
    supervisor: str | None = None  # who approved (a return without receipt, a reprint)
    signature: str | None = None  # the extract of the ticket's signature (docs/fiscal.md)

    @property
    def fiscal(self) -> bool:
        return self.kind == "sale" and self.copy_no is None


SALE = ReceiptHeading()


class ReceiptPrinter(Protocol):
    device: str  # "printer main", "printer alcohol"
    port: str
    fiscal: bool  # a fiscal printer registers every receipt it prints as a sale

    def status(self) -> PrinterStatus: ...

    def vat_letters(self) -> Mapping[Decimal, str]: ...

    def open_receipt(self, heading: ReceiptHeading = SALE) -> None: ...

    def add_line(self, line: ReceiptLine) -> None: ...

    def add_payment(self, payment: Payment) -> None: ...

    def close_receipt(self, total: Decimal, change: Decimal, reference: str) -> None: ...

    def cancel_receipt(self) -> None: ...

    def daily_report(self, day: dt.date) -> None: ...

    def open_drawer(self) -> None: ...

    def close(self) -> None: ...


def receipt_line(
    line: JobLine, letters: Mapping[Decimal, str], printer: ReceiptPrinter
) -> ReceiptLine:
    letter = letters.get(line.vat_rate)
    if letter is None:
        shown = ", ".join(
            f"{v} {r.normalize():f}" for r, v in sorted(letters.items(), key=lambda i: i[1])
        )
        raise VatLetterMissing(line.vat_rate, shown, device=printer.device, port=printer.port)
    return ReceiptLine(
        name=line.name,
        quantity=line.quantity,
        unit_price=line.unit_price,
        gross=line.gross,
        discount=line.discount,
        vat_letter=letter,
    )


def print_job(printer: ReceiptPrinter, job: PrintJob) -> None:
    """Print ``job`` whole, or raise: ``PrinterNotReady``, ``DeviceError``, ``PrinterRefused``.

    A receipt left open by an interrupted attempt holds nothing fiscal yet: it is
    cancelled first, then the job is printed from the start. A return slip or a copy
    never reaches a fiscal printer, which would register it as a sale.
    """
    heading = heading_of(job)
    if printer.fiscal and not heading.fiscal:
        what = "a return" if job.kind == "return" else f"copy {job.copy_no}"
        raise PrinterRefused(
            f"{what} is not printed on a fiscal printer (it would be a fiscal receipt)",
            device=printer.device,
            port=printer.port,
        )
    state = printer.status()
    if state.problem:
        raise PrinterNotReady(state.problem, device=printer.device, port=printer.port)
    if state.in_receipt:
        log.warning("%s: cancelling a receipt left open by an interrupted print", printer.device)
        printer.cancel_receipt()
    letters = printer.vat_letters()
    lines = [receipt_line(ln, letters, printer) for ln in job.lines]
    printer.open_receipt(heading)
    for line in lines:
        printer.add_line(line)
    for payment in job.payments:
        printer.add_payment(payment)
    printer.close_receipt(job.total, job.change, job.reference)
    log.info("%s: printed %s (%s)", printer.device, job.reference, job.total)


def heading_of(job: PrintJob) -> ReceiptHeading:
    return ReceiptHeading(
        job.kind,
        job.receipt_code,
        job.copy_no,
        job.original,
        job.cashier,
        job.supervisor,
        job.signature,
    )
