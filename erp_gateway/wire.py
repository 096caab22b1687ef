"""The contract's XML, read into the gateway's plain data and written back.

Requests arrive here already checked against the schema, so each value has its XSD
type; what XSD allows and Python cannot take (a time without zone) makes the one ticket
unreadable, never the batch. Iteration over children, no XPath: this is the hot path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lxml import etree

from connectors.soap import NAMESPACE
from erp_gateway.notices import Notice
from erp_gateway.offers import Offer
from erp_gateway.tickets import (
    Line,
    Payment,
    ReceivedTicket,
    Result,
    Unreadable,
    VatLine,
    utc_text,
)
from erp_gateway.units import MONEY, QUANTITY, RATE, UNIT_PRICE, units

_NS = f"{{{NAMESPACE}}}"
_CUT = len(_NS)
_ELEMENT = etree.Element  # iterchildren(tag=...) filter: elements only, no comments

Fields = dict[str, etree._Element]


def _fields(el: etree._Element) -> Fields:
    return {child.tag[_CUT:]: child for child in el.iterchildren(_ELEMENT)}


def text(el: etree._Element | None) -> str | None:
    """The string value of an optional element (None when absent)."""
    return None if el is None else (el.text or "")


def _cents(value: str | None) -> int:
    return units(value, MONEY, "amount")


_TRUE = frozenset({"true", "1"})


def _bool(value: str | None) -> bool:
    return value in _TRUE or (value or "").strip() in _TRUE


def parse_datetime(value: str, name: str = "time") -> dt.datetime:
    """An xsd:dateTime with its zone, as aware UTC; ValueError names the field."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{name} {value.strip()!r} is not a time Python can read") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{name} {value.strip()!r} has no time zone (send UTC with Z)")
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00:00+14:00 is before year 1 in UTC
        raise ValueError(f"{name} {value.strip()!r} is out of range in UTC") from None


# Full tags of the ticket's elements: lookups by the tag lxml gives, no string work.
(
    _ID,
    _STORE_ID,
    _TILL_ID,
    _DAY,
    _NUMBER,
    _STATUS,
    _OPENED,
    _CLOSED,
    _CUSTOMER,
    _CARD,
    _TOTAL,
    _DISCOUNT,
    _CHANGE,
    _HASH,
    _LINES,
    _PAYMENTS,
    _VAT,
) = (
    _NS + name
    for name in (
        "id",
        "storeId",
        "tillId",
        "businessDay",
        "number",
        "status",
        "openedAt",
        "closedAt",
        "customerCode",
        "cardNumber",
        "total",
        "discount",
        "change",
        "contentHash",
        "lines",
        "payments",
        "vat",
    )
)
(
    _LINE_NO,
    _ITEM,
    _BARCODE,
    _NAME,
    _QTY,
    _PRICE,
    _RATE,
    _ALCOHOL,
    _OFFER,
    _VOIDED,
    _AMOUNT,
    _METHOD,
    _GROSS,
    _NET,
) = (
    _NS + name
    for name in (
        "lineNo",
        "itemCode",
        "barcode",
        "name",
        "quantity",
        "unitPrice",
        "vatRate",
        "alcohol",
        "offerCode",
        "voided",
        "amount",
        "method",
        "gross",
        "net",
    )
)
_RATE_OF_VAT = _NS + "rate"


_LINE = _NS + "line"
_PAYMENT = _NS + "payment"
Values = dict[object, "str | None"]


def _flat(el: etree._Element) -> tuple[Values, list[Values], list[Values], list[Values]]:
    """The ticket's leaf values in one walk: its own, then one dict per line, payment
    and VAT line. One pass over the elements in document order is the cheapest way
    through lxml; the schema fixes that order (and ``lines`` < ``payments`` < ``vat``).
    Comments land under keys no lookup uses. Optional elements are all of type Id (at
    least one character): absent is None, present is their text."""
    top: Values = {}
    lines: list[Values] = []
    payments: list[Values] = []
    vat: list[Values] = []
    current = top
    records = lines
    for node in el.iterdescendants():
        tag = node.tag
        if tag in (_LINE, _PAYMENT):
            current = {}
            records.append(current)
        elif tag == _LINES:
            records = lines
        elif tag == _PAYMENTS:
            records = payments
        elif tag == _VAT and records is not vat:  # the container, not VatLine's vat
            records = vat
        else:
            current[tag] = node.text
    return top, lines, payments, vat


def _line(v: Values) -> Line:
    return Line(
        int(v[_LINE_NO] or ""),
        v[_ITEM] or "",
        v.get(_BARCODE),
        v[_NAME] or "",
        units(v[_QTY], QUANTITY, "quantity"),
        units(v[_PRICE], UNIT_PRICE, "unitPrice"),
        units(v[_RATE], RATE, "vatRate"),
        _bool(v[_ALCOHOL]),
        _cents(v[_DISCOUNT]),
        v.get(_OFFER),
        _bool(v[_VOIDED]),
        _cents(v[_AMOUNT]),
    )


def _payment(v: Values) -> Payment:
    return Payment((v[_METHOD] or "").strip(), _cents(v[_AMOUNT]))


def _vat(v: Values) -> VatLine:
    return VatLine(
        units(v[_RATE_OF_VAT], RATE, "rate"), _cents(v[_GROSS]), _cents(v[_NET]), _cents(v[_VAT])
    )


def _children(el: etree._Element) -> Iterable[etree._Element]:
    return el.iterchildren(_ELEMENT)


def ticket_from_xml(el: etree._Element) -> ReceivedTicket | Unreadable:
    v, lines, payments, vat = _flat(el)
    ticket_id = v[_ID] or ""
    try:
        return ReceivedTicket(
            id=ticket_id,
            store_id=v[_STORE_ID] or "",
            till_id=v[_TILL_ID] or "",
            business_day=dt.date.fromisoformat((v[_DAY] or "").strip()),
            number=int(v[_NUMBER] or ""),
            status=(v[_STATUS] or "").strip(),
            opened_at=parse_datetime(v[_OPENED] or "", "openedAt"),
            closed_at=parse_datetime(v[_CLOSED] or "", "closedAt"),
            customer_code=v.get(_CUSTOMER),
            card_number=v.get(_CARD),
            total=_cents(v[_TOTAL]),
            discount=_cents(v[_DISCOUNT]),
            change=_cents(v[_CHANGE]),
            till_hash=v[_HASH] or "",
            lines=tuple(_line(x) for x in lines),
            payments=tuple(_payment(x) for x in payments),
            vat=tuple(_vat(x) for x in vat),
        )
    except ValueError as exc:
        return Unreadable(ticket_id, str(exc))


def send_tickets_request(el: etree._Element) -> tuple[str, list[ReceivedTicket | Unreadable]]:
    """(tillId, tickets) of a SendTickets request."""
    f = _fields(el)
    till_id = f["tillId"].text or ""
    return till_id, [ticket_from_xml(t) for t in _children(f["tickets"])]


def fields(el: etree._Element) -> Fields:
    """The request's child elements by local name."""
    return _fields(el)


# -- responses ------------------------------------------------------------------------


def element(name: str) -> etree._Element:
    return etree.Element(_NS + name, nsmap={"tns": NAMESPACE})


def sub(parent: etree._Element, name: str, value: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, _NS + name)
    if value is not None:
        child.text = value
    return child


def send_tickets_response(results: Iterable[Result]) -> etree._Element:
    root = element("SendTicketsResponse")
    holder = sub(root, "results")
    for r in results:
        item = sub(holder, "result")
        sub(item, "ticketId", r.ticket_id)
        sub(item, "status", r.outcome.value)
        if r.reason:
            sub(item, "reason", r.reason)
    return root


def ping_response(now: dt.datetime, version: str) -> etree._Element:
    root = element("PingResponse")
    sub(root, "serverTime", utc_text(now))
    sub(root, "version", version)
    return root


def messages_response(found: Iterable[Notice]) -> etree._Element:
    root = element("GetMessagesResponse")
    holder = sub(root, "messages")
    for n in found:
        item = sub(holder, "message")
        sub(item, "id", str(n.id))
        sub(item, "text", n.text)
        sub(item, "createdAt", utc_text(n.created_at))
        if n.valid_until is not None:
            sub(item, "validUntil", utc_text(n.valid_until))
    return root


def offers_response(found: Iterable[Offer]) -> etree._Element:
    root = element("GetCustomerOffersResponse")
    holder = sub(root, "offers")
    for o in found:
        item = sub(holder, "offer")
        sub(item, "code", o.code)
        sub(item, "description", o.description)
        sub(item, "scope", o.scope)
        if o.scope_ref:
            sub(item, "scopeRef", o.scope_ref)
        sub(item, "target", o.target)
        if o.item_code:
            sub(item, "itemCode", o.item_code)
        sub(item, "kind", o.kind)
        sub(item, "value", str(o.value))
        if o.valid_from:
            sub(item, "validFrom", o.valid_from.isoformat())
        if o.valid_to:
            sub(item, "validTo", o.valid_to.isoformat())
    return root


def single(name: str, **values: str) -> etree._Element:
    """A response element holding simple values in the given order."""
    root = element(name)
    for key, value in values.items():
        sub(root, key, value)
    return root
