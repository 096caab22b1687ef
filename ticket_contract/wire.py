"""The contract's XML: the reader every receiver uses (the gateway and a till's hub), and
the answers they write.

Requests arrive here already checked against the schema, so each value has its XSD
type; what XSD allows and Python cannot take (a time without zone) makes the one ticket
unreadable, never the batch. Iteration over children, no XPath: this is the hot path.
A request of elements and text only (no comment or processing instruction) is read by
position, as the schema orders it, asking an element its tag only where an optional
one may be missing: lxml builds a new string for each ``.tag``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple, Protocol

from lxml import etree

from ticket_contract import NAMESPACE
from ticket_contract.signatures import ChainSignature
from ticket_contract.tickets import (
    EXTRA_KEYS,
    LINE_KEYS,
    PAYMENT_KEYS,
    SALE,
    VAT_KEYS,
    Line,
    Payment,
    ReceivedTicket,
    Result,
    Unreadable,
    VatLine,
)
from ticket_contract.times import parse_datetime, utc_text
from ticket_contract.units import MONEY, QUANTITY, RATE, UNIT_PRICE, units

_NS = f"{{{NAMESPACE}}}"
_CUT = len(_NS)
_ELEMENT = etree.Element  # iterchildren(tag=...) filter: elements only, no comments

Fields = dict[str, etree._Element]
MAX_REASON_TEXT = 2000  # the schema's limit on a result's reason


def _fields(el: etree._Element) -> Fields:
    return {child.tag[_CUT:]: child for child in el.iterchildren(_ELEMENT)}


def text(el: etree._Element | None) -> str | None:
    """The string value of an optional element (None when absent)."""
    return None if el is None else (el.text or "")


# Amounts repeat (prices, rates, quantities, 0.00): each text is converted once. The
# caches are bounded and shared by the server's threads; a refusal is never cached.
@functools.lru_cache(maxsize=4096)
def _cents(value: str | None) -> int:
    return units(value, MONEY, "amount")


@functools.lru_cache(maxsize=1024)
def _quantity(value: str | None) -> int:
    return units(value, QUANTITY, "quantity")


@functools.lru_cache(maxsize=1024)
def _unit_price(value: str | None) -> int:
    return units(value, UNIT_PRICE, "unitPrice")


@functools.lru_cache(maxsize=256)
def _rate(value: str | None, name: str) -> int:
    return units(value, RATE, name)


_TRUE = frozenset({"true", "1"})


def _bool(value: str | None) -> bool:
    return value in _TRUE or (value or "").strip() in _TRUE


# Full tags of the ticket's elements: lookups by the tag lxml gives, no string work.
_TICKET_TAGS = tuple(
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
_CUSTOMER, _LINES, _PAYMENTS, _VAT, _BARCODE, _CONTENT_HASH = (
    _NS + name for name in ("customerCode", "lines", "payments", "vat", "barcode", "contentHash")
)
# Version 2's optional elements, between contentHash and lines, and where each is kept.
_EXTRA_TAGS = tuple(_NS + name for name in EXTRA_KEYS)
_EXTRA_AT = {tag: i for i, tag in enumerate(_EXTRA_TAGS)}


_LINE = _NS + "line"
_SIGNATURE = _NS + "signature"
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


# Each record's leaves in schema order, optional ones included (None when absent).
_TOP = _TICKET_TAGS[:-3]  # all but the lines, payments and vat containers
_TOP_ALL = _TOP + _EXTRA_TAGS
_LINE_ALL = tuple(_NS + k for k in LINE_KEYS)
_PAYMENT_ALL = tuple(_NS + k for k in PAYMENT_KEYS)
_VAT_ALL = tuple(_NS + k for k in VAT_KEYS)
Raw = list["str | None"]


def _raw_by_tag(
    el: etree._Element,
) -> tuple[Raw, list[Raw], list[Raw], list[Raw]]:
    top, lines, payments, vat = _flat(el)
    return (
        [top.get(k) for k in _TOP_ALL],
        [[v.get(k) for k in _LINE_ALL] for v in lines],
        [[v.get(k) for k in _PAYMENT_ALL] for v in payments],
        [[v.get(k) for k in _VAT_ALL] for v in vat],
    )


def _raw_line(el: etree._Element) -> Raw:
    kids = el[:]
    raw = [k.text for k in kids]
    if len(raw) == 11:  # one of barcode (3rd) and offerCode (10th)
        raw.insert(9 if kids[2].tag == _BARCODE else 2, None)
    elif len(raw) == 10:
        raw.insert(2, None)
        raw.insert(9, None)
    return raw


def _raw_by_position(
    el: etree._Element,
) -> tuple[Raw, list[Raw], list[Raw], list[Raw]]:
    """What ``_raw_by_tag`` gives, for a ticket whose children are elements only."""
    kids = el[:]
    if kids[-1].tag == _SIGNATURE:
        kids.pop()
    lines, payments, vat = kids[-3:]
    head = kids[:-3]
    extra: Raw = [None] * len(_EXTRA_TAGS)
    if head[-1].tag != _CONTENT_HASH:  # version 2's optional elements follow contentHash
        while head[-1].tag != _CONTENT_HASH:
            last = head.pop()
            extra[_EXTRA_AT[last.tag]] = last.text
    top = [k.text for k in head]
    if len(top) == 13:  # one of customerCode and cardNumber (9th)
        top.insert(9 if kids[8].tag == _CUSTOMER else 8, None)
    elif len(top) == 12:
        top[8:8] = (None, None)
    top += extra
    return (
        top,
        [_raw_line(x) for x in lines],
        [[k.text for k in x] for x in payments],
        [[k.text for k in x] for x in vat],
    )


def _line(raw: Raw) -> Line:
    no, item, barcode, name, qty, price, rate, alcohol, discount, offer, voided, amount = raw
    return Line(
        int(no or ""),
        item or "",
        barcode,
        name or "",
        _quantity(qty),
        _unit_price(price),
        _rate(rate, "vatRate"),
        _bool(alcohol),
        _cents(discount),
        offer,
        _bool(voided),
        _cents(amount),
    )


def _payment(raw: Raw) -> Payment:
    method, amount = raw
    return Payment((method or "").strip(), _cents(amount))


def _vat(raw: Raw) -> VatLine:
    rate, gross, net, vat = raw
    return VatLine(_rate(rate, "rate"), _cents(gross), _cents(net), _cents(vat))


def _children(el: etree._Element) -> Iterable[etree._Element]:
    children: Iterable[etree._Element] = el.iterchildren(_ELEMENT)
    return children


def ticket_from_xml(el: etree._Element, *, plain: bool = False) -> ReceivedTicket | Unreadable:
    """The ticket of a valid ``Ticket`` element; ``plain``: the request holds elements and
    text only (see ``is_plain``), so it may be read by position."""
    top, lines, payments, vat = _raw_by_position(el) if plain else _raw_by_tag(el)
    (
        ticket_id, store_id, till_id, day, number, status, opened, closed, customer, card,
        total, discount, change, till_hash, kind, original_id, cashier, supervisor, approval,
    ) = top  # fmt: skip
    ticket_id = ticket_id or ""
    try:
        return ReceivedTicket(
            id=ticket_id,
            store_id=store_id or "",
            till_id=till_id or "",
            business_day=dt.date.fromisoformat((day or "").strip()),
            number=int(number or ""),
            status=(status or "").strip(),
            opened_at=parse_datetime(opened or "", "openedAt"),
            closed_at=parse_datetime(closed or "", "closedAt"),
            customer_code=customer,
            card_number=card,
            total=_cents(total),
            discount=_cents(discount),
            change=_cents(change),
            till_hash=till_hash or "",
            lines=tuple(_line(x) for x in lines),
            payments=tuple(_payment(x) for x in payments),
            vat=tuple(_vat(x) for x in vat),
            kind=kind or SALE,
            original_id=original_id,
            cashier=cashier,
            supervisor=supervisor,
            approval=approval,
            signature=chain_signature(el[-1] if plain else el.find(_SIGNATURE)),
        )
    except ValueError as exc:
        return Unreadable(ticket_id, str(exc))


class OfferedKey(NamedTuple):
    """A till's public key a request carries (``tillKeys``); ``endorsement`` by the key
    before it, for a key after the first."""

    till_id: str
    public_key: str  # base64 of the 32 bytes
    endorsement: str | None


def till_keys(request: etree._Element) -> list[OfferedKey]:
    """The keys of a SendTickets or SendDocuments request's ``tillKeys`` (none: [])."""
    found = _fields(request).get("tillKeys")
    if found is None:
        return []
    keys = []
    for key in found.iterchildren(_ELEMENT):
        f = _fields(key)
        endorsement = f.get("endorsement")
        keys.append(
            OfferedKey(
                f["tillId"].text or "",
                f["publicKey"].text or "",
                endorsement.text if endorsement is not None else None,
            )
        )
    return keys


def chain_signature(el: etree._Element | None) -> ChainSignature | None:
    """The ``signature`` (ChainSignature) element of a valid document (None: absent)."""
    if el is None or el.tag != _SIGNATURE:
        return None
    values = {child.tag: child.text or "" for child in el.iterchildren(_ELEMENT)}
    return ChainSignature(
        values[_NS + "chain"],
        int(values[_NS + "sequence"]),
        values[_NS + "previous"],
        values[_NS + "value"],
        values[_NS + "keyFingerprint"],
    )


_NOT_ELEMENTS = (etree.Comment, etree.ProcessingInstruction, etree.Entity)


def is_plain(el: etree._Element) -> bool:
    """Whether the tree holds elements and text only: then a valid element's children are
    exactly the schema's, in its order."""
    return next(el.iter(*_NOT_ELEMENTS), None) is None


def send_tickets_request(el: etree._Element) -> tuple[str, list[ReceivedTicket | Unreadable]]:
    """(tillId, tickets) of a SendTickets request."""
    f = _fields(el)
    till_id = f["tillId"].text or ""
    plain = is_plain(el)
    return till_id, [ticket_from_xml(t, plain=plain) for t in _children(f["tickets"])]


def fields(el: etree._Element) -> Fields:
    """The request's child elements by local name."""
    return _fields(el)


# -- responses ------------------------------------------------------------------------


class Message(Protocol):
    """What GetMessages carries of a message."""

    @property
    def id(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def valid_until(self) -> dt.datetime | None: ...


class WireOffer(Protocol):
    """What GetCustomerOffers carries of an offer (``ticket_contract.Offer``)."""

    @property
    def code(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def scope_ref(self) -> str | None: ...
    @property
    def target(self) -> str: ...
    @property
    def item_code(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def valid_from(self) -> dt.date | None: ...
    @property
    def valid_to(self) -> dt.date | None: ...


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
            sub(item, "reason", r.reason[:MAX_REASON_TEXT])
    return root


def ping_response(now: dt.datetime, version: str) -> etree._Element:
    root = element("PingResponse")
    sub(root, "serverTime", utc_text(now))
    sub(root, "version", version)
    return root


def messages_response(found: Iterable[Message]) -> etree._Element:
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


def offers_response(found: Iterable[WireOffer]) -> etree._Element:
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
