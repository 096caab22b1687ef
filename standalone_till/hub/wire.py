"""The contract's XML on the hub: received Tickets back into the till's stored document
form (what ``sync.mapping.contract_ticket`` turns into a Ticket again), and the answers.

Requests arrive checked against the schema; a value Python cannot take as it is (a time
without zone, a price finer than a cent) makes that one ticket unreadable, never the batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from connectors.soap import NAMESPACE
from standalone_till.model import Offer

_NS = f"{{{NAMESPACE}}}"
_CUT = len(_NS)
_TRUE = frozenset({"true", "1"})
_CENT, _MILLI = Decimal("0.01"), Decimal("0.001")

Document = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Received:
    """One ticket of a SendTickets request: its stored form, or why it cannot be kept."""

    ticket_id: str
    document: Document | None
    content_hash: str = ""
    problem: str | None = None


def _fields(el: etree._Element) -> dict[str, etree._Element]:
    return {child.tag[_CUT:]: child for child in el.iterchildren(etree.Element)}


def _text(el: etree._Element | None) -> str | None:
    return None if el is None else (el.text or "").strip()


def _scaled(text: str | None, unit: Decimal, what: str) -> str:
    value = Decimal(text or "")
    scaled = value.quantize(unit)
    if scaled != value:
        raise ValueError(f"{what} {text} is finer than {unit}")
    return f"{scaled:f}"


def _time(text: str | None, what: str) -> str:
    moment = dt.datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"{what} {text} has no time zone")
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _bool(text: str | None) -> bool:
    return (text or "") in _TRUE


def _line(el: etree._Element) -> Document:
    f = _fields(el)
    return {
        "line_no": int(_text(f["lineNo"]) or ""),
        "item_code": _text(f["itemCode"]),
        "barcode": _text(f.get("barcode")),
        "name": f["name"].text or "",
        "quantity": _scaled(_text(f["quantity"]), _MILLI, "quantity"),
        "unit_price": _scaled(_text(f["unitPrice"]), _CENT, "unit price"),
        "vat_rate": _scaled(_text(f["vatRate"]), _CENT, "VAT rate"),
        "alcohol": _bool(_text(f["alcohol"])),
        "discount": _scaled(_text(f["discount"]), _CENT, "discount"),
        "offer_code": _text(f.get("offerCode")),
        "voided": _bool(_text(f["voided"])),
        "amount": _scaled(_text(f["amount"]), _CENT, "amount"),
    }


def _money(f: dict[str, etree._Element], name: str) -> str:
    return _scaled(_text(f[name]), _CENT, name)


def document(el: etree._Element) -> Document:
    """A contract Ticket as the till stores it; ValueError names what cannot be kept."""
    f = _fields(el)
    lines = [_line(x) for x in f["lines"].iterchildren(etree.Element)]
    payments = [_fields(x) for x in f["payments"].iterchildren(etree.Element)]
    vat = [_fields(x) for x in f["vat"].iterchildren(etree.Element)]
    numbers = [ln["line_no"] for ln in lines]
    if len(set(numbers)) != len(numbers):
        raise ValueError("lineNo values repeat")
    rates = [_scaled(_text(v["rate"]), _CENT, "VAT rate") for v in vat]
    if len(set(rates)) != len(rates):
        raise ValueError("VAT rates repeat")
    return {
        "id": _text(f["id"]),
        "store_id": _text(f["storeId"]),
        "till_id": _text(f["tillId"]),
        "business_day": dt.date.fromisoformat(_text(f["businessDay"]) or "").isoformat(),
        "number": int(_text(f["number"]) or ""),
        "status": _text(f["status"]),
        "opened_at": _time(_text(f["openedAt"]), "openedAt"),
        "closed_at": _time(_text(f["closedAt"]), "closedAt"),
        "customer_code": _text(f.get("customerCode")),
        "card_number": _text(f.get("cardNumber")),
        "lines": lines,
        "payments": [
            {"method": _text(p["method"]), "amount": _money(p, "amount")} for p in payments
        ],
        "totals": {
            "total": _money(f, "total"),
            "discount": _money(f, "discount"),
            "change": _money(f, "change"),
            "vat": [
                {
                    "rate": r,
                    "gross": _money(v, "gross"),
                    "net": _money(v, "net"),
                    "vat": _money(v, "vat"),
                }
                for r, v in zip(rates, vat, strict=True)
            ],
        },
    }


def send_tickets_request(request: etree._Element) -> tuple[str, list[Received]]:
    """The sending till and each ticket of a SendTickets request, in order."""
    f = _fields(request)
    till_id = _text(f["tillId"]) or ""
    received = []
    for el in f["tickets"].iterchildren(etree.Element):
        ticket_id = _text(el.find(f"{_NS}id")) or ""
        content_hash = _text(el.find(f"{_NS}contentHash")) or ""
        try:
            received.append(Received(ticket_id, document(el), content_hash))
        except (ValueError, InvalidOperation, KeyError) as exc:
            received.append(Received(ticket_id, None, content_hash, f"cannot be kept: {exc}"))
    return till_id, received


# -- answers ---------------------------------------------------------------------------


def _el(parent: etree._Element | None, name: str, text: str | None = None) -> etree._Element:
    tag = f"{_NS}{name}"
    el = (
        etree.Element(tag, nsmap={None: NAMESPACE})
        if parent is None
        else etree.SubElement(parent, tag)
    )
    if text is not None:
        el.text = text
    return el


def utc_text(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def results_response(results: Sequence[tuple[str, str, str | None]]) -> etree._Element:
    """SendTicketsResponse for (ticket id, status, reason) triples."""
    root = _el(None, "SendTicketsResponse")
    holder = _el(root, "results")
    for ticket_id, status, reason in results:
        r = _el(holder, "result")
        _el(r, "ticketId", ticket_id)
        _el(r, "status", status)
        if reason:
            _el(r, "reason", reason[:2000])
    return root


def ping_response(now: dt.datetime, version: str) -> etree._Element:
    root = _el(None, "PingResponse")
    _el(root, "serverTime", utc_text(now))
    _el(root, "version", version)
    return root


def single(name: str, **values: str) -> etree._Element:
    root = _el(None, name)
    for key, value in values.items():
        _el(root, key, value)
    return root


def empty_messages() -> etree._Element:
    root = _el(None, "GetMessagesResponse")
    _el(root, "messages")
    return root


def offers_response(offers: Iterable[Offer]) -> etree._Element:
    """GetCustomerOffersResponse for the till's own Offer objects."""
    root = _el(None, "GetCustomerOffersResponse")
    holder = _el(root, "offers")
    for o in offers:
        el = _el(holder, "offer")
        _el(el, "code", o.code)
        _el(el, "description", o.description or "")
        _el(el, "scope", str(o.scope.value))
        if o.scope_ref:
            _el(el, "scopeRef", o.scope_ref)
        _el(el, "target", str(o.target.value))
        if o.item_code:
            _el(el, "itemCode", o.item_code)
        _el(el, "kind", str(o.kind.value))
        _el(el, "value", f"{Decimal(o.value).quantize(_CENT):f}")
        if o.valid_from:
            _el(el, "validFrom", o.valid_from.isoformat())
        if o.valid_to:
            _el(el, "validTo", o.valid_to.isoformat())
    return root
