"""The return rules: what remains returnable of a ticket, and the return ticket that gives
lines back at the original's prices, discounts and VAT, refunded by its payment methods.

Plain functions over plain data (the original as its stored ticket document, quantities
as ``Decimal``); no I/O. A return is a ticket of kind ``return``: quantities, discounts,
amounts, VAT and payments negative, change zero. Each of its lines keeps the ``line_no``
of the original line it gives back, so what was returned of a line is the sum of that
line's quantities over the returns of the ticket (locally, and at the gateway).

Discounts are prorated cumulatively: after returns of ``r`` of the ``Q`` units of a
line discounted ``D``, ``round(D * r / Q)`` has been given back, so partial returns never
give back more discount than the line had, and the whole line gives back exactly ``D``.
A line's gross is its quantity at its unit price, as in a sale; a weighed line returned
in parts can so differ from the original by a cent a part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from connectors.errors import SaleError
from standalone_till.model import Item, Payment, PaymentMethod, Ticket, TicketLine
from standalone_till.money import CENT, allocate, cents, qty3
from standalone_till.sales import open_ticket, totals

ZERO = Decimal("0.00")
QTY_ZERO = Decimal("0.000")
RETURN = "return"
WITHOUT_RECEIPT = "return_without_receipt"


class ReturnRefused(SaleError):
    """The return gives back more than remains returnable (``returnable``: line_no ->
    quantity), or names a line or item the original does not have."""

    def __init__(self, message: str, *, returnable: Mapping[int, Decimal]) -> None:
        self.returnable = dict(returnable)
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class OriginalLine:
    """A line of the original ticket, as its document states it."""

    line_no: int
    item_code: str
    name: str
    barcode: str | None
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal
    alcohol: bool
    discount: Decimal
    offer_code: str | None
    voided: bool

    @property
    def weighed(self) -> bool:
        """A quantity with decimals is a weight: it may be returned in parts of a unit."""
        return self.quantity != self.quantity.to_integral_value()


def original_lines(original: Mapping[str, Any]) -> list[OriginalLine]:
    """The lines of an original ticket document, refused when it cannot be returned."""
    if original.get("kind", "sale") != "sale":
        raise SaleError(f"ticket {original['id']} is a {original['kind']}: it cannot be returned")
    if original.get("status") != "closed":
        raise SaleError(f"ticket {original['id']} is {original.get('status')}: nothing was sold")
    return [
        OriginalLine(
            line_no=int(ln["line_no"]),
            item_code=ln["item_code"],
            name=ln["name"],
            barcode=ln.get("barcode"),
            quantity=Decimal(ln["quantity"]),
            unit_price=Decimal(ln["unit_price"]),
            vat_rate=Decimal(ln["vat_rate"]),
            alcohol=bool(ln.get("alcohol", False)),
            discount=Decimal(ln["discount"]),
            offer_code=ln.get("offer_code"),
            voided=bool(ln.get("voided", False)),
        )
        for ln in original["lines"]
    ]


def returnable(original: Mapping[str, Any], returned: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """line_no -> the quantity still returnable: sold less ``returned`` (by earlier
    returns, positive); voided lines have nothing to give back."""
    return {
        ln.line_no: max(qty3(ln.quantity - returned.get(ln.line_no, QTY_ZERO)), QTY_ZERO)
        for ln in original_lines(original)
        if not ln.voided
    }


def describe_returnable(original: Mapping[str, Any], left: Mapping[int, Decimal]) -> str:
    """What remains returnable, line by line, for an error message."""
    names = {ln.line_no: ln for ln in original_lines(original)}
    parts = [
        f"line {no} {names[no].item_code} ({names[no].name}): {_qty_text(qty)}"
        for no, qty in sorted(left.items())
    ]
    return "; ".join(parts) if parts else "nothing"


def _qty_text(quantity: Decimal) -> str:
    return f"{quantity.normalize():f}"


def choose_lines(
    original: Mapping[str, Any],
    returned: Mapping[int, Decimal],
    picks: Sequence[tuple[str, Decimal | None]],
) -> dict[int, Decimal]:
    """line_no -> quantity to give back for ``picks`` (barcode or item code, quantity);
    no picks: all that remains. A pick without quantity is one unit, or the whole weight
    of a weighed line. A pick is taken from the original's lines of that item in order."""
    left = returnable(original, returned)
    lines = [ln for ln in original_lines(original) if ln.line_no in left]
    if not picks:
        everything = {no: qty for no, qty in left.items() if qty > 0}
        if not everything:
            raise ReturnRefused(
                f"ticket {original['id']}: everything was returned already", returnable=left
            )
        return everything
    chosen: dict[int, Decimal] = {}
    for code, quantity in picks:
        matching = [ln for ln in lines if code in (ln.barcode, ln.item_code)]
        if not matching:
            raise ReturnRefused(
                f"ticket {original['id']} sold no {code}; returnable: "
                + describe_returnable(original, left),
                returnable=left,
            )
        _take(chosen, matching, left, code, quantity, original)
    return chosen


def _take(
    chosen: dict[int, Decimal],
    matching: list[OriginalLine],
    left: Mapping[int, Decimal],
    code: str,
    quantity: Decimal | None,
    original: Mapping[str, Any],
) -> None:
    free = {ln.line_no: left[ln.line_no] - chosen.get(ln.line_no, QTY_ZERO) for ln in matching}
    if quantity is None:
        first = next((ln for ln in matching if free[ln.line_no] > 0), matching[0])
        quantity = free[first.line_no] if first.weighed else Decimal(1)
    wanted = quantity
    for ln in matching:
        part = min(wanted, free[ln.line_no])
        if part > 0:
            chosen[ln.line_no] = chosen.get(ln.line_no, QTY_ZERO) + part
            wanted -= part
    if wanted > 0:
        raise ReturnRefused(
            f"cannot give back {_qty_text(quantity)} of {code}: "
            f"{_qty_text(sum(free.values(), QTY_ZERO))} remain returnable; returnable: "
            + describe_returnable(original, left),
            returnable=left,
        )


def _check_quantities(
    lines: Mapping[int, OriginalLine],
    left: Mapping[int, Decimal],
    quantities: Mapping[int, Decimal],
    original: Mapping[str, Any],
) -> None:
    if not any(q > 0 for q in quantities.values()):
        raise SaleError("the return gives nothing back")
    for no, qty in quantities.items():
        if no not in lines:
            raise ReturnRefused(f"ticket {original['id']} has no line {no}", returnable=dict(left))
        if not qty.is_finite() or qty < 0 or qty3(qty) != qty:
            raise SaleError(f"line {no}: quantity must be positive with at most 3 decimals")
        if not lines[no].weighed and qty != qty.to_integral_value():
            raise SaleError(f"line {no} ({lines[no].item_code}) is sold by the unit, got {qty}")
        if qty > left.get(no, QTY_ZERO):
            raise ReturnRefused(
                f"line {no} ({lines[no].item_code}): cannot give back {_qty_text(qty)}, "
                f"{_qty_text(left.get(no, QTY_ZERO))} remain returnable; returnable: "
                + describe_returnable(original, left),
                returnable=dict(left),
            )


def prorated(total: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """``total * part / whole`` to the cent (half up): the cumulative share."""
    if whole == 0:
        return ZERO
    return (total * part / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def return_line(line: OriginalLine, quantity: Decimal, before: Decimal) -> TicketLine:
    """The return's line giving back ``quantity`` of ``line`` after ``before`` was given
    back by earlier returns: negative quantity, the discount's cumulative share."""
    share = prorated(line.discount, before + quantity, line.quantity) - prorated(
        line.discount, before, line.quantity
    )
    back = TicketLine(
        line_no=line.line_no,
        item_code=line.item_code,
        name=line.name,
        barcode=line.barcode,
        quantity=qty3(-quantity),
        unit_price=line.unit_price,
        vat_rate=line.vat_rate,
        alcohol=line.alcohol,
        offer_code=line.offer_code if share else None,
    )
    # A weighed part's gross rounds on its own: its discount never exceeds it.
    return _with_discount(back, -min(share, -back.gross))


def _with_discount(line: TicketLine, discount: Decimal) -> TicketLine:
    return replace(line, discount=cents(discount) + 0)


def kept_by_method(original: Mapping[str, Any]) -> dict[PaymentMethod, Decimal]:
    """What the original's payments kept, per method in order of first use (the change
    came out of the cash)."""
    kept: dict[PaymentMethod, Decimal] = {}
    for payment in original["payments"]:
        method = PaymentMethod(payment["method"])
        kept[method] = kept.get(method, ZERO) + Decimal(payment["amount"])
    change = Decimal(original["totals"].get("change", "0"))
    if change and PaymentMethod.CASH in kept:
        kept[PaymentMethod.CASH] -= change
    return {m: a for m, a in kept.items() if a > 0}


def refund_payments(
    refund: Decimal,
    by_method: Mapping[PaymentMethod, Decimal],
    given: Sequence[tuple[PaymentMethod, Decimal | None]] = (),
    *,
    before: Decimal = ZERO,
) -> tuple[Payment, ...]:
    """The refund (``refund`` >= 0, paid back) as negative payments: as ``given`` (one
    without an amount takes the rest), else over ``by_method`` (what each method kept)
    in proportion, to the cent; cash when the original kept nothing.

    ``before`` is what earlier returns of the same ticket refunded: the split is of the
    cumulative refund, so partial returns never give a method back more than it paid."""
    if refund < 0 or cents(refund) != refund:
        raise ValueError(f"a refund is a non-negative amount in cents, got {refund}")
    if given:
        return tuple(Payment(m, -a) for m, a in _given_refunds(refund, given) if a)
    if refund == 0:
        return ()
    methods = list(by_method) or [PaymentMethod.CASH]
    parts = _cumulative_split(refund, before, methods, by_method)
    return tuple(Payment(m, -a) for m, a in zip(methods, parts, strict=True) if a)


def _cumulative_split(
    refund: Decimal,
    before: Decimal,
    methods: list[PaymentMethod],
    kept: Mapping[PaymentMethod, Decimal],
) -> list[Decimal]:
    whole = sum((kept.get(m, ZERO) for m in methods), ZERO)
    if whole <= 0 or len(methods) == 1:
        return allocate(refund, [kept.get(m, ZERO) for m in methods])
    start = min(max(before, ZERO), whole)
    end = min(start + refund, whole)

    def upto(x: Decimal) -> list[Decimal]:
        # Every method but the last its share of x (half up), the last the rest.
        shares = [prorated(kept[m], x, whole) for m in methods[:-1]]
        return [*shares, x - sum(shares, ZERO)]

    parts = [b - a for a, b in zip(upto(start), upto(end), strict=True)]
    parts[-1] += refund - (end - start)  # past what was paid (a weighed rounding): last
    if any(p < 0 for p in parts):  # never with two methods; safe with more
        return allocate(refund, [kept.get(m, ZERO) for m in methods])
    return parts


def _given_refunds(
    refund: Decimal, given: Sequence[tuple[PaymentMethod, Decimal | None]]
) -> list[tuple[PaymentMethod, Decimal]]:
    open_ended = [m for m, a in given if a is None]
    if len(open_ended) > 1:
        raise SaleError("only one refund may go without an amount (it takes the rest)")
    for _, amount in given:
        if amount is not None and (amount <= 0 or cents(amount) != amount):
            raise SaleError(f"a refund must be a positive amount in cents, got {amount}")
    named = sum((a for _, a in given if a is not None), ZERO)
    rest = refund - named
    if rest < 0 or (rest > 0 and not open_ended):
        raise SaleError(f"the refunds add up to {named}, the return gives back {refund}")
    return [(m, rest if a is None else a) for m, a in given]


def build_return(
    original: Mapping[str, Any],
    returned: Mapping[int, Decimal],
    quantities: Mapping[int, Decimal],
    *,
    store_id: str,
    till_id: str,
    now: dt.datetime | None = None,
    refunds: Sequence[tuple[PaymentMethod, Decimal | None]] = (),
    ticket_id: str | None = None,
) -> Ticket:
    """The return ticket (open, ready to close) giving back ``quantities`` (line_no ->
    positive quantity) of ``original``, after earlier returns gave back ``returned``."""
    lines = {ln.line_no: ln for ln in original_lines(original)}
    left = returnable(original, returned)
    wanted = {no: q for no, q in quantities.items() if q}
    _check_quantities(lines, left, wanted, original)
    back = tuple(
        return_line(lines[no], qty, returned.get(no, QTY_ZERO))
        for no, qty in sorted(wanted.items())
    )
    return _return_ticket(
        back,
        refunds_for=kept_by_method(original),
        before=refunded_before(lines.values(), returned),
        refunds=refunds,
        store_id=store_id,
        till_id=till_id,
        now=now,
        ticket_id=ticket_id,
        original=original,
    )


def build_return_without_receipt(
    picks: Iterable[tuple[Item, Decimal, str | None]],
    *,
    store_id: str,
    till_id: str,
    now: dt.datetime | None = None,
    refunds: Sequence[tuple[PaymentMethod, Decimal | None]] = (),
    ticket_id: str | None = None,
) -> Ticket:
    """A return without receipt: each (item at today's price, quantity, barcode) given
    back without discount, refunded in cash unless ``refunds`` say otherwise. It needs a
    supervisor's approval (``WITHOUT_RECEIPT``), which the caller records."""
    back: list[TicketLine] = []
    for item, quantity, barcode in picks:
        if item.price is None:
            raise SaleError(f"item {item.code} has no price today: it cannot be refunded")
        if not quantity.is_finite() or quantity <= 0 or qty3(quantity) != quantity:
            raise SaleError(f"item {item.code}: quantity must be positive, got {quantity}")
        if item.sold_by.value == "unit" and quantity != quantity.to_integral_value():
            raise SaleError(f"item {item.code} is sold by the unit, got quantity {quantity}")
        back.append(
            TicketLine(
                line_no=len(back) + 1,
                item_code=item.code,
                name=item.name,
                barcode=barcode,
                quantity=qty3(-quantity),
                unit_price=item.price,
                vat_rate=item.vat_rate,
                alcohol=item.alcohol,
            )
        )
    if not back:
        raise SaleError("the return gives nothing back")
    return _return_ticket(
        tuple(back),
        refunds_for={},
        before=ZERO,
        refunds=refunds,
        store_id=store_id,
        till_id=till_id,
        now=now,
        ticket_id=ticket_id,
        original=None,
    )


def _return_ticket(
    lines: tuple[TicketLine, ...],
    *,
    refunds_for: Mapping[PaymentMethod, Decimal],
    before: Decimal,
    refunds: Sequence[tuple[PaymentMethod, Decimal | None]],
    store_id: str,
    till_id: str,
    now: dt.datetime | None,
    ticket_id: str | None,
    original: Mapping[str, Any] | None,
) -> Ticket:
    ticket = open_ticket(store_id, till_id, now=now, ticket_id=ticket_id)
    codes = {ln.offer_code for ln in lines if ln.offer_code}
    if original is not None and any(ln.discount for ln in lines):
        # The original's total offers (spread over its lines) are given back in part too.
        on_lines = {ln.get("offer_code") for ln in original["lines"]}
        codes |= {c for c in original.get("applied_offers", ()) if c not in on_lines}
    ticket = replace(
        ticket,
        kind=RETURN,
        lines=lines,
        original_id=None if original is None else str(original["id"]),
        customer_code=None if original is None else original.get("customer_code"),
        card_number=None if original is None else original.get("card_number"),
        applied_offers=tuple(sorted(codes)),
    )
    refund = -totals(ticket).total
    payments = refund_payments(refund, refunds_for, refunds, before=before)
    return replace(ticket, payments=payments)


def refunded_before(lines: Iterable[OriginalLine], returned: Mapping[int, Decimal]) -> Decimal:
    """What earlier returns of ``returned`` (line_no -> quantity) refunded: exact for lines
    sold by the unit, a weighed line as if given back at once."""
    return -sum(
        (
            return_line(ln, returned[ln.line_no], QTY_ZERO).amount
            for ln in lines
            if returned.get(ln.line_no, QTY_ZERO) > 0
        ),
        ZERO,
    )


def returned_quantities(return_documents: Iterable[Mapping[str, Any]]) -> dict[int, Decimal]:
    """line_no -> quantity given back (positive) by these return ticket documents."""
    back: dict[int, Decimal] = {}
    for doc in return_documents:
        if doc.get("kind") != RETURN or doc.get("status") != "closed":
            continue
        for ln in doc["lines"]:
            if ln.get("voided"):
                continue
            no = int(ln["line_no"])
            back[no] = back.get(no, QTY_ZERO) - Decimal(ln["quantity"])
    return back
