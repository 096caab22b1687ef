"""A ticket the hub received, read by the contract's reader, in the till's stored
document form (what ``ticket_contract.writer.ticket_xml`` writes again when the hub relays it).

Reading, the answers and the outcome values are the contract's (``ticket_contract``);
what is the hub's own is the shape it keeps: a value the till's journal cannot hold (a
unit price finer than a cent, a VAT rate twice) makes that one ticket unreadable.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from standalone_till.model import Offer
from ticket_contract import Offer as WireOffer
from ticket_contract import wire as contract
from ticket_contract.tickets import (
    LINE_KEYS,
    SALE,
    Canonical,
    Line,
    ReceivedTicket,
    Unreadable,
    canonical,
)
from ticket_contract.times import utc_text
from ticket_contract.units import MONEY, QUANTITY, RATE, UNIT_PRICE, as_decimal

Document = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Received:
    """One ticket of a SendTickets request: its stored form, or why it cannot be kept."""

    ticket_id: str
    document: Document | None
    content_hash: str = ""  # as the sender sent it
    problem: str | None = None
    canonical: Canonical | None = None  # the contract's form and hash of what arrived


def _text(value: int, places: int) -> str:
    return f"{as_decimal(value, places):f}"


def _unit_price(value: int) -> str:
    cents, finer = divmod(value, 10 ** (UNIT_PRICE - MONEY))
    if finer:
        raise ValueError(f"unit price {_text(value, UNIT_PRICE)} is finer than 0.01")
    return _text(cents, MONEY)


def _line(ln: Line) -> Document:
    return {
        "line_no": ln.line_no,
        "item_code": ln.item_code,
        "barcode": ln.barcode,
        "name": ln.name,
        "quantity": _text(ln.quantity, QUANTITY),
        "unit_price": _unit_price(ln.unit_price),
        "vat_rate": _text(ln.vat_rate, RATE),
        "alcohol": ln.alcohol,
        "discount": _text(ln.discount, MONEY),
        "offer_code": ln.offer_code,
        "voided": ln.voided,
        "amount": _text(ln.amount, MONEY),
    }


def _extras(t: ReceivedTicket) -> Document:
    """Contract version 2's values, under the keys the till's document gives them, each
    only when set (as the till writes them)."""
    found: Document = {"kind": t.kind} if t.kind != SALE else {}
    values = {
        "original_id": t.original_id,
        "cashier": t.cashier,
        "supervisor": t.supervisor,
        "approval": t.approval,
    }
    return found | {k: v for k, v in values.items() if v is not None}


def document(t: ReceivedTicket) -> Document:
    """A contract Ticket as the till stores it; ValueError names what cannot be kept."""
    numbers = [ln.line_no for ln in t.lines]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"{LINE_KEYS[0]} values repeat")
    rates = [v.rate for v in t.vat]
    if len(set(rates)) != len(rates):
        raise ValueError("VAT rates repeat")
    return {
        "id": t.id,
        "store_id": t.store_id,
        "till_id": t.till_id,
        "business_day": t.business_day.isoformat(),
        "number": t.number,
        "status": t.status,
        "opened_at": utc_text(t.opened_at),
        "closed_at": utc_text(t.closed_at),
        "customer_code": t.customer_code,
        "card_number": t.card_number,
        "lines": [_line(ln) for ln in t.lines],
        "payments": [{"method": p.method, "amount": _text(p.amount, MONEY)} for p in t.payments],
        "totals": {
            "total": _text(t.total, MONEY),
            "discount": _text(t.discount, MONEY),
            "change": _text(t.change, MONEY),
            "vat": [
                {
                    "rate": _text(v.rate, RATE),
                    "gross": _text(v.gross, MONEY),
                    "net": _text(v.net, MONEY),
                    "vat": _text(v.vat, MONEY),
                }
                for v in t.vat
            ],
        },
        **_extras(t),
        # the till's signature, relayed unchanged (outside the hash it signs)
        **({} if t.signature is None else {"signature": t.signature.as_document()}),
    }


def _received(item: ReceivedTicket | Unreadable) -> Received:
    if isinstance(item, Unreadable):
        return Received(item.id, None, "", f"cannot be kept: {item.reason}")
    try:
        return Received(item.id, document(item), item.till_hash, None, canonical(item))
    except ValueError as exc:
        return Received(item.id, None, item.till_hash, f"cannot be kept: {exc}")


def send_tickets_request(request: etree._Element) -> tuple[str, list[Received]]:
    """The sending till and each ticket of a SendTickets request, in order."""
    till_id, tickets = contract.send_tickets_request(request)
    return till_id, [_received(t) for t in tickets]


def wire_offer(o: Offer) -> WireOffer:
    """The till's offer as GetCustomerOffers carries it."""
    return WireOffer(
        code=o.code,
        description=o.description or "",
        scope=str(o.scope.value),
        scope_ref=o.scope_ref,
        target=str(o.target.value),
        item_code=o.item_code,
        kind=str(o.kind.value),
        value=Decimal(o.value).quantize(Decimal("0.01")),
        valid_from=o.valid_from,
        valid_to=o.valid_to,
    )
