"""The return mode's counterpart without Qt: the original ticket a receipt code names, its
lines with what remains returnable, and the return of the quantities the cashier chose.

The look-up (journal, then the gateway or the hub), the rules and the refund are the
library's (``standalone_till.till_documents`` and ``returns``); this module only turns
them into rows to show and the chosen rows into the library's picks. The window runs
these functions on its worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from admin_gui.front.register import parse_entry
from connectors.errors import BadInput, SaleError
from standalone_till import till_documents
from standalone_till.journal import local_day
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.money import parse_quantity
from standalone_till.returns import original_lines, returnable
from standalone_till.service import Till

if TYPE_CHECKING:
    from standalone_till.devices import PrintOutcome

ZERO = Decimal("0.000")


@dataclass(frozen=True)
class ReturnLine:
    line_no: int
    item_code: str
    name: str
    sold: Decimal
    returned: Decimal  # by earlier returns
    returnable: Decimal


@dataclass(frozen=True)
class OriginalView:
    ref: str  # as the cashier typed or scanned it
    ticket_id: str
    number: int | None
    business_day: str | None
    source: str  # journal | gateway | hub
    lines: tuple[ReturnLine, ...]

    @property
    def anything_left(self) -> bool:
        return any(ln.returnable > 0 for ln in self.lines)


@dataclass(frozen=True)
class ItemPick:
    """An item given back without a receipt, as scanned or typed (``CODE`` or ``CODE*QTY``)."""

    code: str
    quantity: Decimal | None  # None: one unit (or the weight on an in-store label)
    name: str


@dataclass(frozen=True)
class ReturnDone:
    number: int | None
    refunds: tuple[tuple[PaymentMethod, Decimal], ...]  # method, amount paid back (> 0)
    notices: tuple[str, ...]  # what did not print
    original: OriginalView | None  # after the return: what remains (None: no receipt)


def _done(
    ticket: Ticket, outcomes: Sequence[PrintOutcome], original: OriginalView | None
) -> ReturnDone:
    return ReturnDone(
        number=ticket.number,
        refunds=tuple((p.method, -p.amount) for p in ticket.payments),
        notices=tuple(o.message for o in outcomes if not o.printed and o.message),
        original=original,
    )


def look_up(till: Till, ref: str) -> OriginalView:
    """The original ``ref`` names, with what remains returnable of each line."""
    text = ref.strip()
    if not text:
        raise SaleError("scan or type the code printed on the receipt")
    cfg = till.cfg.till
    found = till_documents.find_original(
        till, till_documents.parse_ref(text, cfg.store_id, cfg.till_id)
    )
    document, returned = found.document, found.returned
    left = returnable(document, returned)
    return OriginalView(
        ref=text,
        ticket_id=str(document["id"]),
        number=document.get("number"),
        business_day=document.get("business_day"),
        source=found.source,
        lines=tuple(
            ReturnLine(
                ln.line_no,
                ln.item_code,
                ln.name,
                ln.quantity,
                returned.get(ln.line_no, ZERO),
                left[ln.line_no],
            )
            for ln in original_lines(document)
            if ln.line_no in left
        ),
    )


def parse_chosen(original: OriginalView, typed: Mapping[int, str]) -> dict[int, Decimal]:
    """line_no -> quantity from what was typed beside each line (empty: none)."""
    chosen: dict[int, Decimal] = {}
    for ln in original.lines:
        text = typed.get(ln.line_no, "").strip()
        if not text:
            continue
        try:
            quantity = parse_quantity(text, decimal_comma=True)
        except BadInput as exc:
            raise SaleError(f"line {ln.line_no} ({ln.name}): {exc}") from exc
        if quantity:
            chosen[ln.line_no] = quantity
    if not chosen:
        raise SaleError("type the quantity to give back beside a line")
    return chosen


def give_back(till: Till, original: OriginalView, chosen: Mapping[int, Decimal]) -> ReturnDone:
    """Return ``chosen`` (line_no -> quantity) of ``original``, refunded as the library
    decides (the original's payment methods)."""
    codes = {ln.line_no: ln.item_code for ln in original.lines}
    picks = [(codes[no], qty) for no, qty in sorted(chosen.items()) if no in codes]
    ticket, outcomes = till_documents.take_return(till, original.ref, picks)
    return _done(ticket, outcomes, look_up(till, original.ref))


def pick_item(till: Till, text: str, now: dt.datetime | None = None) -> ItemPick:
    """The item a code names in today's catalog, for a return without receipt."""
    code, quantity = parse_entry(text)
    scanned = till.catalog.scan(code, local_day(now or dt.datetime.now(dt.UTC)))
    return ItemPick(code, quantity, scanned.item.name)


def give_back_without_receipt(
    till: Till, picks: Sequence[ItemPick], supervisor: str | None
) -> ReturnDone:
    """Return ``picks`` at today's prices; the library refuses without a supervisor."""
    ticket, outcomes = till_documents.take_return_without_receipt(
        till, [(p.code, p.quantity) for p in picks], supervisor=supervisor
    )
    return _done(ticket, outcomes, None)
