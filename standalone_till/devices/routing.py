"""Split a closed ticket into one print job per printer, with exact payment parts.

Pure functions. A routing rule names the printer of each line (by default alcohol lines
go to the alcohol printer, as a Polish shop with two fiscal printers needs). Each job
gets its lines, its own VAT breakdown, and its share of every payment method, split with
``money.allocate`` so that, to the cent:

- the jobs' totals add up to the ticket's total, and their gross per VAT rate to the
  ticket's;
- for each method, the jobs' amounts add up to what the ticket was paid with it;
- the jobs' change adds up to the ticket's change, and within each job
  ``sum(payments) - change == total``.

VAT amounts are each receipt's own (a fiscal printer computes them per receipt): when
one rate is on two receipts they may differ from the one-ticket figure by a cent.

A return, or a copy of any receipt, is not split: ``slip_job`` makes one job of the
whole ticket for the non-fiscal printer (a fiscal printer would register it as a sale).
Every job carries the ticket's receipt code, printed as a barcode where the printer can.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

from connectors.errors import SaleError
from standalone_till.devices.jobs import ZERO, JobLine, PrintJob
from standalone_till.model import Payment, PaymentMethod, Ticket, TicketLine
from standalone_till.money import allocate
from standalone_till.receipt_code import receipt_code
from standalone_till.sales import totals
from ticket_contract.signatures import signature_extract

MAIN = "main"
ALCOHOL = "alcohol"
SLIP = "slip"  # the role of a return slip or a copy when no non-fiscal printer is set

RoutingRule = Callable[[TicketLine], str]


def by_alcohol(line: TicketLine) -> str:
    """Alcohol lines to the alcohol printer, the rest to the main one."""
    return ALCOHOL if line.alcohol else MAIN


def single_printer(line: TicketLine) -> str:
    return MAIN


RULES: dict[str, RoutingRule] = {"alcohol": by_alcohol, "single": single_printer}


def split_ticket(
    ticket: Ticket, rule: RoutingRule = by_alcohol, printers: Sequence[str] = (MAIN, ALCOHOL)
) -> list[PrintJob]:
    """One job per printer that has lines, in the order of ``printers``.

    A line routed to a printer not in ``printers`` goes to the first one. Voided lines
    are not printed. The ticket must be closed and fully paid.
    """
    if ticket.status != "closed":
        raise SaleError(f"ticket {ticket.id} is {ticket.status}: only closed tickets are printed")
    if is_return(ticket):
        raise SaleError(f"ticket {ticket.id} is a return: it is printed as a slip (slip_job)")
    if not printers:
        raise ValueError("split_ticket needs at least one printer")
    if totals(ticket).due > 0:
        raise SaleError(f"ticket {ticket.id} is not fully paid")
    groups: dict[str, list[TicketLine]] = {p: [] for p in printers}
    for line in (ln for ln in ticket.lines if not ln.voided):
        target = rule(line)
        groups[target if target in groups else printers[0]].append(line)
    used = [(p, lines) for p, lines in groups.items() if lines]
    if not used:
        return []
    job_totals = [sum((ln.amount for ln in lines), ZERO) for _, lines in used]
    payments, change = split_payments(ticket.payments, job_totals)
    return [
        _job(ticket, printer, lines, n, len(used), payments[n - 1], change[n - 1])
        for n, (printer, lines) in enumerate(used, start=1)
    ]


def code_of(ticket: Ticket) -> str | None:
    """The receipt code of a closed ticket (None before the journal numbered it)."""
    if ticket.business_day is None or ticket.number is None:
        return None
    return receipt_code(ticket.store_id, ticket.till_id, ticket.business_day, ticket.number)


def is_return(ticket: Ticket) -> bool:
    return ticket.kind == "return"


def slip_job(ticket: Ticket, printer: str, *, copy_no: int | None = None) -> PrintJob:
    """The whole ``ticket`` as one non-fiscal job: a return slip, or a copy (``copy_no``)."""
    if ticket.status != "closed":
        raise SaleError(f"ticket {ticket.id} is {ticket.status}: only closed tickets are printed")
    if copy_no is not None and copy_no < 1:
        raise ValueError(f"copy number must be 1 or more, got {copy_no}")
    lines = [ln for ln in ticket.lines if not ln.voided]
    money = totals(ticket)
    return PrintJob(
        ticket_id=ticket.id,
        printer=printer,
        part=1,
        parts=1,
        till_id=ticket.till_id,
        number=ticket.number,
        business_day=ticket.business_day,
        lines=tuple(_job_line(ln) for ln in lines),
        vat=money.vat,
        total=money.total,
        payments=ticket.payments,
        change=money.change,
        kind=ticket.kind,
        receipt_code=code_of(ticket),
        copy_no=copy_no,
        signature=_extract(ticket),
        original=ticket.original_id,
        cashier=ticket.cashier,
        supervisor=ticket.supervisor,
    )


def _job(
    ticket: Ticket,
    printer: str,
    lines: list[TicketLine],
    part: int,
    parts: int,
    payments: tuple[Payment, ...],
    change: Decimal,
) -> PrintJob:
    money = totals(replace(ticket, lines=tuple(lines), payments=()))
    return PrintJob(
        ticket_id=ticket.id,
        printer=printer,
        part=part,
        parts=parts,
        till_id=ticket.till_id,
        number=ticket.number,
        business_day=ticket.business_day,
        lines=tuple(_job_line(ln) for ln in lines),
        vat=money.vat,
        total=money.total,
        payments=payments,
        change=change,
        receipt_code=code_of(ticket),
        signature=_extract(ticket),
    )


def _extract(ticket: Ticket) -> str | None:
    """The short extract of the ticket's signature a receipt prints (None: unsigned)."""
    return signature_extract(ticket.signature) if ticket.signature else None


def _job_line(line: TicketLine) -> JobLine:
    return JobLine(
        line_no=line.line_no,
        name=line.name,
        quantity=line.quantity,
        unit_price=line.unit_price,
        vat_rate=line.vat_rate,
        gross=line.gross,
        discount=line.discount,
        amount=line.amount,
    )


def split_payments(
    payments: Sequence[Payment], job_totals: Sequence[Decimal]
) -> tuple[list[tuple[Payment, ...]], list[Decimal]]:
    """Each job's payments (tendered) and change, adding up exactly to ``payments``.

    Methods other than cash are spread first, each in proportion to what is still to
    pay on each job; cash covers the rest, and the change goes with the cash. A part
    never exceeds what is left to pay on its job, so no job is paid more than its total
    except by cash that is handed back.
    """
    by_method: dict[PaymentMethod, Decimal] = {}
    for p in payments:
        by_method[p.method] = by_method.get(p.method, ZERO) + p.amount
    total = sum(job_totals, ZERO)
    change = sum(by_method.values(), ZERO) - total
    cash = by_method.get(PaymentMethod.CASH, ZERO)
    if change < 0 or change > cash:
        raise SaleError(f"payments {sum(by_method.values(), ZERO)} do not settle total {total}")
    applied: list[tuple[PaymentMethod, Decimal]] = [
        (m, a) for m, a in by_method.items() if m is not PaymentMethod.CASH
    ]
    applied.append((PaymentMethod.CASH, cash - change))
    remaining = list(job_totals)
    shares: dict[PaymentMethod, list[Decimal]] = {}
    for i, (method, amount) in enumerate(applied):
        last = i == len(applied) - 1
        share = list(remaining) if last else allocate(amount, remaining)
        shares[method] = share
        remaining = [r - s for r, s in zip(remaining, share, strict=True)]
    cash_share = shares[PaymentMethod.CASH]
    change_share = allocate(change, cash_share) if change else [ZERO] * len(job_totals)
    shares[PaymentMethod.CASH] = [c + g for c, g in zip(cash_share, change_share, strict=True)]
    per_job = [
        tuple(Payment(m, shares[m][n]) for m in by_method if shares[m][n] > 0)
        for n in range(len(job_totals))
    ]
    return per_job, change_share
