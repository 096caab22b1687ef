"""The sale rules of the till: lines, offers, totals, payments and the ticket's content hash.

Pure functions over the frozen values of ``model``: each returns a new ``Ticket``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from connectors.errors import SaleError
from connectors.times import utc_text
from standalone_till.model import (
    Card,
    Item,
    Offer,
    OfferKind,
    OfferScope,
    OfferTarget,
    Payment,
    PaymentMethod,
    SoldBy,
    Ticket,
    TicketLine,
    VatLine,
)
from standalone_till.money import allocate, cents, qty3, vat_of_gross
from ticket_contract.writer import content_hash as contract_hash

ZERO = Decimal("0.00")
CARD_OFFER_PREFIX = "card:"


# ---- building the ticket -------------------------------------------------------------


def time_ordered_id() -> str:
    """A UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random.

    Unique like a UUID4, but ids made later sort later, so the till's and the gateway's
    ticket indexes take new ids at their end instead of at random pages: inserting the
    100,000th ticket costs a third of what a random id does (bench/upload.py).
    """
    ms = time.time_ns() // 1_000_000 & (1 << 48) - 1
    rand = int.from_bytes(os.urandom(10), "big")
    value = ms << 80 | 0x7 << 76 | (rand >> 68 & 0xFFF) << 64 | 0b10 << 62 | rand & (1 << 62) - 1
    return str(uuid.UUID(int=value))


def open_ticket(
    store_id: str,
    till_id: str,
    *,
    now: dt.datetime | None = None,
    ticket_id: str | None = None,
) -> Ticket:
    """A new open ticket with a time-ordered UUID7 id, opened now (UTC, whole seconds)."""
    opened = dt.datetime.now(dt.UTC) if now is None else now
    if opened.tzinfo is None:
        raise ValueError("open_ticket needs an aware datetime")
    # Whole seconds: databases that drop fractions then give back the hashed value.
    opened = opened.astimezone(dt.UTC).replace(microsecond=0)
    return Ticket(
        id=ticket_id or time_ordered_id(), store_id=store_id, till_id=till_id, opened_at=opened
    )


def add_line(
    ticket: Ticket,
    item: Item,
    quantity: Decimal,
    *,
    barcode: str | None = None,
    unit_price: Decimal | None = None,
) -> Ticket:
    """``ticket`` with a new line selling ``quantity`` of ``item``."""
    _require_open(ticket)
    if not item.active:
        raise SaleError(f"item {item.code} is not sold any more")
    price = item.price if unit_price is None else unit_price
    if price is None:
        raise SaleError(f"item {item.code} has no price")
    if not price.is_finite() or price < 0:
        raise SaleError(f"item {item.code}: price {price} is not valid")
    line = TicketLine(
        line_no=max((ln.line_no for ln in ticket.lines), default=0) + 1,
        item_code=item.code,
        name=item.name,
        barcode=barcode,
        quantity=_checked_quantity(item, quantity),
        unit_price=price,
        vat_rate=item.vat_rate,
        alcohol=item.alcohol,
    )
    return replace(ticket, lines=(*ticket.lines, line))


def _checked_quantity(item: Item, quantity: Decimal) -> Decimal:
    if not quantity.is_finite() or quantity <= 0:
        raise SaleError(f"item {item.code}: quantity must be greater than 0, got {quantity}")
    if item.sold_by is SoldBy.UNIT and quantity != quantity.to_integral_value():
        raise SaleError(f"item {item.code} is sold by the unit, got quantity {quantity}")
    if qty3(quantity) != quantity:
        raise SaleError(f"item {item.code}: at most 3 decimals in a weight, got {quantity}")
    return qty3(quantity)


def void_line(ticket: Ticket, line_no: int) -> Ticket:
    """``ticket`` with line ``line_no`` voided (kept on the ticket, counted as zero)."""
    _require_open(ticket)
    line = next((ln for ln in ticket.lines if ln.line_no == line_no), None)
    if line is None:
        raise SaleError(f"no line {line_no} on this ticket")
    if line.voided:
        raise SaleError(f"line {line_no} is already voided")
    voided = replace(line, voided=True, discount=ZERO, offer_code=None)
    return replace(ticket, lines=tuple(voided if ln is line else ln for ln in ticket.lines))


def set_customer(ticket: Ticket, customer_code: str | None, card: Card | None = None) -> Ticket:
    """``ticket`` for this customer and card; a card alone brings its own customer."""
    _require_open(ticket)
    if card is not None:
        if not card.active:
            raise SaleError(f"card {card.number} is not active")
        if customer_code is None:
            customer_code = card.customer_code
        elif card.customer_code not in (None, customer_code):
            raise SaleError(f"card {card.number} belongs to another customer")
    card_number = card.number if card is not None else None
    return replace(ticket, customer_code=customer_code, card_number=card_number)


def _require_open(ticket: Ticket) -> None:
    if ticket.status != "open":
        raise SaleError(f"ticket {ticket.id} is {ticket.status}, not open")


def _live(lines: Iterable[TicketLine]) -> list[TicketLine]:
    return [ln for ln in lines if not ln.voided]


# ---- offers --------------------------------------------------------------------------


def apply_offers(
    ticket: Ticket, offers: Sequence[Offer], card: Card | None, day: dt.date
) -> Ticket:
    """``ticket`` with every discount recomputed from scratch for ``day``.

    Each line gets its single best item offer or card discount; then the best total
    offer is spread over the lines in proportion to what is left of them. ``card`` must
    be the card on the ticket (or None).
    """
    _require_open(ticket)
    if card is not None and card.number != ticket.card_number:
        raise SaleError(f"card {card.number} is not the card on this ticket")
    eligible = [o for o in offers if o.valid_on(day) and _in_scope(o, ticket)]
    lines = [_discount_line(ln, eligible, card) for ln in ticket.lines]
    subtotal = sum((ln.amount for ln in lines), ZERO)
    total_offer = _best(_total_candidates(eligible, subtotal))
    ticket_discount = total_offer[0] if total_offer else ZERO
    if ticket_discount:
        lines = _spread(lines, ticket_discount)
    codes = {ln.offer_code for ln in lines if ln.offer_code}
    if total_offer:
        codes.add(total_offer[1])
    return replace(
        ticket,
        lines=tuple(lines),
        ticket_discount=ticket_discount,
        applied_offers=tuple(sorted(codes)),
    )


def _in_scope(offer: Offer, ticket: Ticket) -> bool:
    if offer.scope is OfferScope.CUSTOMER:
        return ticket.customer_code is not None and offer.scope_ref == ticket.customer_code
    if offer.scope is OfferScope.CARD:
        return ticket.card_number is not None and offer.scope_ref == ticket.card_number
    return offer.scope is OfferScope.ALL


def _discount_line(line: TicketLine, offers: Sequence[Offer], card: Card | None) -> TicketLine:
    if line.voided:
        return replace(line, discount=ZERO, offer_code=None)
    best = _best(_line_candidates(line, offers, card))
    discount, code = best if best else (ZERO, None)
    return replace(line, discount=discount, offer_code=code)


def _line_candidates(
    line: TicketLine, offers: Sequence[Offer], card: Card | None
) -> list[tuple[Decimal, str]]:
    gross = line.gross
    found = [
        (_item_discount(o, line), o.code)
        for o in offers
        if o.target is OfferTarget.ITEM and o.item_code == line.item_code
    ]
    # An inactive card may still sit on a ticket opened before a data load; it earns nothing.
    if card is not None and card.active:
        percent_off = cents(gross * card.discount_percent / 100)
        found.append((percent_off, CARD_OFFER_PREFIX + card.number))
    return [(_clamp(d, gross), code) for d, code in found]


def _item_discount(offer: Offer, line: TicketLine) -> Decimal:
    if offer.kind is OfferKind.PERCENT:
        return cents(line.gross * offer.value / 100)
    return cents(offer.value * line.quantity)


def _total_candidates(offers: Sequence[Offer], subtotal: Decimal) -> list[tuple[Decimal, str]]:
    found: list[tuple[Decimal, str]] = []
    for offer in offers:
        if offer.target is not OfferTarget.TOTAL:
            continue
        if offer.kind is OfferKind.PERCENT:
            found.append((cents(subtotal * offer.value / 100), offer.code))
        else:
            found.append((cents(offer.value), offer.code))
    return [(_clamp(d, subtotal), code) for d, code in found]


def _clamp(discount: Decimal, ceiling: Decimal) -> Decimal:
    # A discount never turns into a surcharge nor takes a line below zero.
    return min(max(discount, ZERO), ceiling)


def _best(candidates: list[tuple[Decimal, str]]) -> tuple[Decimal, str] | None:
    """The largest discount, the smallest code on a tie; None when nothing is off."""
    useful = [c for c in candidates if c[0] > 0]
    return min(useful, key=lambda c: (-c[0], c[1])) if useful else None


def _spread(lines: list[TicketLine], discount: Decimal) -> list[TicketLine]:
    live = _live(lines)
    # Largest remainder never gives a line more than its amount, so none goes negative.
    parts = allocate(discount, [ln.amount for ln in live])
    shares = dict(zip((ln.line_no for ln in live), parts, strict=True))
    return [
        replace(ln, discount=ln.discount + shares[ln.line_no]) if not ln.voided else ln
        for ln in lines
    ]


# ---- totals and payments -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Totals:
    """The money of a ticket: before and after discount, VAT per rate, paid and due."""

    gross: Decimal
    discount: Decimal
    total: Decimal
    vat: tuple[VatLine, ...]
    paid: Decimal
    due: Decimal
    change: Decimal


def totals(ticket: Ticket) -> Totals:
    live = _live(ticket.lines)
    total = sum((ln.amount for ln in live), ZERO)
    paid = sum((p.amount for p in ticket.payments), ZERO)
    return Totals(
        gross=sum((ln.gross for ln in live), ZERO),
        discount=sum((ln.discount for ln in live), ZERO),
        total=total,
        vat=_vat_lines(live),
        paid=paid,
        due=max(total - paid, ZERO),
        change=max(paid - total, ZERO),
    )


def _vat_lines(live: list[TicketLine]) -> tuple[VatLine, ...]:
    by_rate: dict[Decimal, Decimal] = {}
    for ln in live:
        by_rate[ln.vat_rate] = by_rate.get(ln.vat_rate, ZERO) + ln.amount
    vat_lines: list[VatLine] = []
    for rate, gross in sorted(by_rate.items()):
        vat = vat_of_gross(gross, rate)
        vat_lines.append(VatLine(rate=rate, gross=gross, net=gross - vat, vat=vat))
    return tuple(vat_lines)


def add_payment(ticket: Ticket, method: PaymentMethod, amount: Decimal | None = None) -> Ticket:
    """``ticket`` with a payment; no amount pays what is due. Only cash may exceed it."""
    _require_open(ticket)
    due = totals(ticket).due
    if due <= 0:
        raise SaleError("nothing is due on this ticket")
    tendered = due if amount is None else amount
    if not tendered.is_finite() or tendered <= 0 or cents(tendered) != tendered:
        raise SaleError(f"payment must be a positive amount in cents, got {tendered}")
    if method is not PaymentMethod.CASH and tendered > due:
        raise SaleError(f"a {method.value} payment cannot exceed what is due ({due})")
    return replace(ticket, payments=(*ticket.payments, Payment(method, cents(tendered))))


def check_closable(ticket: Ticket) -> None:
    """SaleError unless ``ticket`` is open, sells something and is fully paid."""
    _require_open(ticket)
    if not _live(ticket.lines):
        raise SaleError("the ticket has no line to sell")
    due = totals(ticket).due
    if due > 0:
        raise SaleError(f"{due} is still due")


# ---- canonical document and hash -----------------------------------------------------


def ticket_document(ticket: Ticket) -> dict[str, object]:
    """The ticket as canonical JSON-able data: what is sent, stored and hashed.

    ``kind``, ``original_id``, ``cashier``, ``supervisor`` and ``approval`` are written
    only when set, so a sale without a cashier keeps the document (and hash) it always had.
    """
    document: dict[str, object] = {
        "id": ticket.id,
        "store_id": ticket.store_id,
        "till_id": ticket.till_id,
        "business_day": ticket.business_day.isoformat() if ticket.business_day else None,
        "number": ticket.number,
        "opened_at": _utc_text(ticket.opened_at),
        "closed_at": _utc_text(ticket.closed_at) if ticket.closed_at else None,
        "status": ticket.status,
        "customer_code": ticket.customer_code,
        "card_number": ticket.card_number,
        "ticket_discount": _money_text(ticket.ticket_discount),
        "applied_offers": list(ticket.applied_offers),
        "lines": [_line_document(ln) for ln in ticket.lines],
        "payments": [
            {"method": p.method.value, "amount": _money_text(p.amount)} for p in ticket.payments
        ],
        "totals": _totals_document(totals(ticket)),
    }
    if ticket.kind != "sale":
        document["kind"] = ticket.kind
    optional = {
        "original_id": ticket.original_id,
        "cashier": ticket.cashier,
        "supervisor": ticket.supervisor,
        "approval": ticket.approval,
    }
    document.update({k: v for k, v in optional.items() if v is not None})
    return document


def ticket_of_document(doc: Mapping[str, Any]) -> Ticket:
    """The ticket a stored document describes (the inverse of ``ticket_document``)."""
    day = doc.get("business_day")
    closed = doc.get("closed_at")
    return Ticket(
        id=doc["id"],
        store_id=doc["store_id"],
        till_id=doc["till_id"],
        opened_at=_moment(doc["opened_at"]),
        lines=tuple(_line_of(ln) for ln in doc["lines"]),
        payments=tuple(
            Payment(PaymentMethod(p["method"]), Decimal(p["amount"])) for p in doc["payments"]
        ),
        customer_code=doc.get("customer_code"),
        card_number=doc.get("card_number"),
        ticket_discount=Decimal(doc.get("ticket_discount", "0.00")),
        applied_offers=tuple(doc.get("applied_offers", ())),
        business_day=dt.date.fromisoformat(day) if day else None,
        number=doc.get("number"),
        closed_at=_moment(closed) if closed else None,
        status=doc.get("status", "open"),
        kind=doc.get("kind", "sale"),
        original_id=doc.get("original_id"),
        cashier=doc.get("cashier"),
        supervisor=doc.get("supervisor"),
        approval=doc.get("approval"),
    )


def _line_of(ln: Mapping[str, Any]) -> TicketLine:
    return TicketLine(
        line_no=int(ln["line_no"]),
        item_code=ln["item_code"],
        name=ln["name"],
        barcode=ln.get("barcode"),
        quantity=Decimal(ln["quantity"]),
        unit_price=Decimal(ln["unit_price"]),
        vat_rate=Decimal(ln["vat_rate"]),
        alcohol=bool(ln.get("alcohol", False)),
        discount=Decimal(ln.get("discount", "0.00")),
        offer_code=ln.get("offer_code"),
        voided=bool(ln.get("voided", False)),
    )


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def canonical_document(ticket: Ticket) -> tuple[str, str]:
    """(the document as JSON text, its content hash in hex), made once.

    The hash of a closed ticket is the contract's (``ticket_contract.writer.content_hash``),
    the one the hub and the gateway compute on receipt. A ticket the contract cannot carry
    (still open, or a value beyond its scales) is hashed as the SHA-256 of its JSON text.
    """
    document = ticket_document(ticket)
    text = json.dumps(document, sort_keys=True, separators=(",", ":"))
    if ticket.closed_at is not None and ticket.business_day is not None:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            return text, contract_hash(document)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(ticket: Ticket) -> str:
    """The ticket's content hash (see ``canonical_document``): equal content, equal hash."""
    return canonical_document(ticket)[1]


def _line_document(line: TicketLine) -> dict[str, object]:
    return {
        "line_no": line.line_no,
        "item_code": line.item_code,
        "name": line.name,
        "barcode": line.barcode,
        "quantity": f"{qty3(line.quantity):f}",
        "unit_price": _money_text(line.unit_price),
        "vat_rate": _rate_text(line.vat_rate),
        "alcohol": line.alcohol,
        "discount": _money_text(line.discount),
        "offer_code": line.offer_code,
        "voided": line.voided,
        "gross": _money_text(line.gross),
        "amount": _money_text(line.amount),
    }


def _totals_document(t: Totals) -> dict[str, object]:
    money = {
        "gross": t.gross,
        "discount": t.discount,
        "total": t.total,
        "paid": t.paid,
        "due": t.due,
        "change": t.change,
    }
    document: dict[str, object] = {k: _money_text(v) for k, v in money.items()}
    document["vat"] = [
        {
            "rate": _rate_text(v.rate),
            "gross": _money_text(v.gross),
            "net": _money_text(v.net),
            "vat": _money_text(v.vat),
        }
        for v in t.vat
    ]
    return document


def _money_text(x: Decimal) -> str:
    # Two decimals; a unit price finer than the cent keeps its extra digits, not rounded.
    return f"{cents(x):f}" if cents(x) == x else f"{x.normalize():f}"


def _rate_text(rate: Decimal) -> str:
    return f"{rate.normalize():f}"


def _utc_text(moment: dt.datetime) -> str:
    # Whole seconds, so a database that keeps no fractions gives back the same hash.
    return utc_text(moment, seconds=True)
