"""The return mode's counterpart without Qt: the original ticket a receipt code names, its
lines with what remains returnable, and the return of the quantities the cashier chose.

The look-up (journal, then the gateway or the hub), the rules and the refund are the
library's (``standalone_till.till_documents`` and ``returns``); this module only turns
them into rows to show and the chosen rows into the library's picks. The window runs
these functions on its worker thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from connectors.errors import BadInput, SaleError
from standalone_till import till_documents
from standalone_till.model import PaymentMethod
from standalone_till.money import parse_quantity
from standalone_till.returns import original_lines, returnable
from standalone_till.service import Till

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
class ReturnDone:
    number: int | None
    refunds: tuple[tuple[PaymentMethod, Decimal], ...]  # method, amount paid back (> 0)
    notices: tuple[str, ...]  # what did not print
    original: OriginalView  # after the return: what remains returnable


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
    return ReturnDone(
        number=ticket.number,
        refunds=tuple((p.method, -p.amount) for p in ticket.payments),
        notices=tuple(o.message for o in outcomes if not o.printed and o.message),
        original=look_up(till, original.ref),
    )
