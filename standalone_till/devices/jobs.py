"""Print jobs: the part of one closed ticket that one printer prints, as plain values.

A job is a sale's receipt (or its part on one printer), a return slip, or a copy. It is
stored as JSON in the print queue, so it round-trips through ``job_document`` /
``job_from_document`` exactly (money as text, never floats); a job stored before the
kind, receipt code and copy number existed reads back as a sale's receipt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from standalone_till.model import Payment, PaymentMethod, VatLine

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class JobLine:
    """One receipt line: ``amount`` = ``gross`` - ``discount``."""

    line_no: int
    name: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal
    gross: Decimal
    discount: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PrintJob:
    """What one printer prints for one ticket, with its own share of the payments.

    ``payments`` are amounts tendered (cash may exceed what is due); ``change`` is the
    cash handed back for this part: ``sum(payments) - change == total``.
    """

    ticket_id: str
    printer: str
    part: int  # 1-based, in printing order
    parts: int
    till_id: str
    number: int | None
    business_day: dt.date | None
    lines: tuple[JobLine, ...]
    vat: tuple[VatLine, ...]
    total: Decimal
    payments: tuple[Payment, ...]
    change: Decimal = ZERO
    kind: str = "sale"  # sale | return (a return slip, never fiscal)
    receipt_code: str | None = None  # printed as a barcode (receipt_code.receipt_code)
    copy_no: int | None = None  # a copy of the receipt, marked "COPY n", never fiscal
    original: str | None = None  # a return: the receipt code or id of the ticket it returns
    cashier: str | None = None  # printed on a slip, with the approving supervisor
    supervisor: str | None = None
    signature: str | None = None  # the short extract of the ticket's signature

    @property
    def job_id(self) -> str:
        copy = "" if self.copy_no is None else f":copy{self.copy_no}"
        return f"{self.ticket_id}:{self.printer}{copy}"

    @property
    def fiscal(self) -> bool:
        """Whether this job may go to a fiscal printer: a sale's receipt, not a copy."""
        return self.kind == "sale" and self.copy_no is None

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def reference(self) -> str:
        """Short reference printed on the receipt: till, ticket number, part."""
        number = "-" if self.number is None else str(self.number)
        return f"{self.till_id}/{number}/{self.part}"[:16]


def _money(x: Decimal) -> str:
    return f"{x:f}"


def job_document(job: PrintJob) -> dict[str, Any]:
    return {
        "ticket_id": job.ticket_id,
        "printer": job.printer,
        "part": job.part,
        "parts": job.parts,
        "till_id": job.till_id,
        "number": job.number,
        "business_day": job.business_day.isoformat() if job.business_day else None,
        "lines": [
            {
                "line_no": ln.line_no,
                "name": ln.name,
                "quantity": _money(ln.quantity),
                "unit_price": _money(ln.unit_price),
                "vat_rate": _money(ln.vat_rate),
                "gross": _money(ln.gross),
                "discount": _money(ln.discount),
                "amount": _money(ln.amount),
            }
            for ln in job.lines
        ],
        "vat": [
            {
                "rate": _money(v.rate),
                "gross": _money(v.gross),
                "net": _money(v.net),
                "vat": _money(v.vat),
            }
            for v in job.vat
        ],
        "total": _money(job.total),
        "payments": [{"method": p.method.value, "amount": _money(p.amount)} for p in job.payments],
        "change": _money(job.change),
        "kind": job.kind,
        "receipt_code": job.receipt_code,
        "copy_no": job.copy_no,
        "original": job.original,
        "cashier": job.cashier,
        "supervisor": job.supervisor,
        "signature": job.signature,
    }


def job_from_document(doc: dict[str, Any]) -> PrintJob:
    day = doc["business_day"]
    return PrintJob(
        ticket_id=doc["ticket_id"],
        printer=doc["printer"],
        part=doc["part"],
        parts=doc["parts"],
        till_id=doc["till_id"],
        number=doc["number"],
        business_day=dt.date.fromisoformat(day) if day else None,
        lines=tuple(
            JobLine(
                line_no=ln["line_no"],
                name=ln["name"],
                quantity=Decimal(ln["quantity"]),
                unit_price=Decimal(ln["unit_price"]),
                vat_rate=Decimal(ln["vat_rate"]),
                gross=Decimal(ln["gross"]),
                discount=Decimal(ln["discount"]),
                amount=Decimal(ln["amount"]),
            )
            for ln in doc["lines"]
        ),
        vat=tuple(
            VatLine(Decimal(v["rate"]), Decimal(v["gross"]), Decimal(v["net"]), Decimal(v["vat"]))
            for v in doc["vat"]
        ),
        total=Decimal(doc["total"]),
        payments=tuple(
            Payment(PaymentMethod(p["method"]), Decimal(p["amount"])) for p in doc["payments"]
        ),
        change=Decimal(doc["change"]),
        kind=doc.get("kind", "sale"),
        receipt_code=doc.get("receipt_code"),
        copy_no=doc.get("copy_no"),
        original=doc.get("original"),
        cashier=doc.get("cashier"),
        supervisor=doc.get("supervisor"),
        signature=doc.get("signature"),
    )
