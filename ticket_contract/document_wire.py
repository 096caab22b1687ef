"""The XML of contract version 2's operations: SendDocuments (cash movements and closures)
and GetTicket, read by the receivers (the gateway, a till's hub) and answered by them.

Requests arrive already checked against the schema; a value XSD allows and Python cannot
take makes that one document unreadable, never the batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from lxml import etree

from connectors.errors import BadInput
from ticket_contract import wire
from ticket_contract.documents import (
    CASH_MOVEMENT,
    CashMovement,
    Closure,
    Denomination,
    Document,
    DocumentResult,
    Unreadable,
)
from ticket_contract.tickets import Payment, ReceivedTicket, VatLine, extras
from ticket_contract.times import parse_datetime, utc_text
from ticket_contract.units import MONEY, QUANTITY, RATE, UNIT_PRICE, text, units

Fields = wire.Fields


def _text(f: Fields, name: str) -> str | None:
    return wire.text(f.get(name))


def _required(f: Fields, name: str) -> str:
    return (f[name].text or "").strip()


def _cents(value: str | None, name: str) -> int:
    return units(value, MONEY, name)


def _optional_cents(value: str | None, name: str) -> int | None:
    return None if value is None else _cents(value, name)


def _optional_int(value: str | None) -> int | None:
    return None if value is None else int(value)


def _cash(f: Fields) -> CashMovement:
    return CashMovement(
        id=f["id"].text or "",
        store_id=f["storeId"].text or "",
        till_id=f["tillId"].text or "",
        business_day=dt.date.fromisoformat(_required(f, "businessDay")),
        number=int(_required(f, "number")),
        kind=_required(f, "kind"),
        amount=_cents(f["amount"].text, "amount"),
        reason=_text(f, "reason"),
        counts=tuple(
            Denomination(
                _cents(wire.fields(e)["denomination"].text, "denomination"),
                int(_required(wire.fields(e), "count")),
            )
            for e in f["counts"].iterchildren(etree.Element)
        ),
        cashier=_text(f, "cashier"),
        supervisor=_text(f, "supervisor"),
        created_at=parse_datetime(f["createdAt"].text or "", "createdAt"),
        till_hash=f["contentHash"].text or "",
        signature=wire.chain_signature(f.get("signature")),
    )


def _vat(el: etree._Element) -> VatLine:
    f = wire.fields(el)
    return VatLine(
        units(f["rate"].text, RATE, "rate"),
        _cents(f["gross"].text, "gross"),
        _cents(f["net"].text, "net"),
        _cents(f["vat"].text, "vat"),
    )


def _payment(el: etree._Element) -> Payment:
    f = wire.fields(el)
    return Payment(_required(f, "method"), _cents(f["amount"].text, "amount"))


def _closure(f: Fields) -> Closure:
    return Closure(
        id=f["id"].text or "",
        store_id=f["storeId"].text or "",
        till_id=f["tillId"].text or "",
        business_day=dt.date.fromisoformat(_required(f, "businessDay")),
        z_number=int(_required(f, "zNumber")),
        first_number=_optional_int(_text(f, "firstNumber")),
        last_number=_optional_int(_text(f, "lastNumber")),
        tickets=int(_required(f, "tickets")),
        cancelled=int(_required(f, "cancelled")),
        returns=int(_required(f, "returns")),
        total=_cents(f["total"].text, "total"),
        vat=tuple(_vat(e) for e in f["vat"].iterchildren(etree.Element)),
        payments=tuple(_payment(e) for e in f["payments"].iterchildren(etree.Element)),
        cash_expected=_cents(f["cashExpected"].text, "cashExpected"),
        cash_counted=_optional_cents(_text(f, "cashCounted"), "cashCounted"),
        difference=_optional_cents(_text(f, "difference"), "difference"),
        cashier=_text(f, "cashier"),
        closed_at=parse_datetime(f["closedAt"].text or "", "closedAt"),
        till_hash=f["contentHash"].text or "",
        chain_head=_text(f, "chainHead"),
        signature=wire.chain_signature(f.get("signature")),
    )


def document_from_xml(el: etree._Element) -> Document | Unreadable:
    """The record of a valid ``cashMovement`` or ``closure`` element."""
    f = wire.fields(el)
    element = etree.QName(el).localname
    try:
        return _cash(f) if element == CASH_MOVEMENT else _closure(f)
    except ValueError as exc:
        return Unreadable(f["id"].text or "", element, str(exc))


class DocumentsRequest(NamedTuple):
    till_id: str
    store_id: str | None  # the store the till speaks for (a hub's, for what it relays)
    documents: list[Document | Unreadable]


def send_documents_request(el: etree._Element) -> DocumentsRequest:
    f = wire.fields(el)
    return DocumentsRequest(
        f["tillId"].text or "",
        _text(f, "storeId"),
        [document_from_xml(d) for d in f["documents"].iterchildren(etree.Element)],
    )


def send_documents_response(results: Iterable[DocumentResult]) -> etree._Element:
    root = wire.element("SendDocumentsResponse")
    holder = wire.sub(root, "results")
    for r in results:
        item = wire.sub(holder, "result")
        wire.sub(item, "documentId", r.document_id)
        wire.sub(item, "status", r.outcome.value)
        if r.reason:
            wire.sub(item, "reason", r.reason[: wire.MAX_REASON_TEXT])
    return root


# -- GetTicket ------------------------------------------------------------------------


class ReceiptRef(NamedTuple):
    """A ticket as its receipt code names it."""

    store_id: str
    till_id: str
    business_day: dt.date
    number: int


class TicketQuery(NamedTuple):
    """What GetTicket asks: a ticket id or a receipt (one of the two), and who asks."""

    caller: str | None
    ticket_id: str | None
    receipt: ReceiptRef | None


class BadQuery(BadInput):
    """A GetTicket request whose receipt Python cannot read (a date out of its range)."""


def get_ticket_request(el: etree._Element) -> TicketQuery:
    f = wire.fields(el)
    receipt = f.get("receipt")
    if receipt is None:
        return TicketQuery(_text(f, "tillId"), f["ticketId"].text or "", None)
    r = wire.fields(receipt)
    try:
        day = dt.date.fromisoformat(_required(r, "businessDay"))
    except ValueError as exc:
        raise BadQuery(f"businessDay: {exc}") from exc
    ref = ReceiptRef(
        r["storeId"].text or "", r["tillId"].text or "", day, int(_required(r, "number"))
    )
    return TicketQuery(_text(f, "tillId"), None, ref)


def _price(value: int) -> str:
    """A unit price at the till's scale (cents) when it is exact there."""
    cents, finer = divmod(value, 10 ** (UNIT_PRICE - MONEY))
    return text(cents, MONEY) if not finer else text(value, UNIT_PRICE)


def _opt(parent: etree._Element, name: str, value: str | None) -> None:
    if value is not None:
        wire.sub(parent, name, value)


def ticket_element(parent: etree._Element, t: ReceivedTicket, content_hash: str) -> None:
    """The contract's ``Ticket`` of ``t`` under ``parent`` (as ``ticket``)."""
    el = wire.sub(parent, "ticket")
    for name, value in (
        ("id", t.id),
        ("storeId", t.store_id),
        ("tillId", t.till_id),
        ("businessDay", t.business_day.isoformat()),
        ("number", str(t.number)),
        ("status", t.status),
        ("openedAt", utc_text(t.opened_at)),
        ("closedAt", utc_text(t.closed_at)),
    ):
        wire.sub(el, name, value)
    _opt(el, "customerCode", t.customer_code)
    _opt(el, "cardNumber", t.card_number)
    wire.sub(el, "total", text(t.total, MONEY))
    wire.sub(el, "discount", text(t.discount, MONEY))
    wire.sub(el, "change", text(t.change, MONEY))
    wire.sub(el, "contentHash", content_hash)
    for name, value in extras(t).items():
        wire.sub(el, name, value)
    lines = wire.sub(el, "lines")
    for ln in t.lines:
        line = wire.sub(lines, "line")
        wire.sub(line, "lineNo", str(ln.line_no))
        wire.sub(line, "itemCode", ln.item_code)
        _opt(line, "barcode", ln.barcode)
        wire.sub(line, "name", ln.name)
        wire.sub(line, "quantity", text(ln.quantity, QUANTITY))
        wire.sub(line, "unitPrice", _price(ln.unit_price))
        wire.sub(line, "vatRate", text(ln.vat_rate, RATE))
        wire.sub(line, "alcohol", "true" if ln.alcohol else "false")
        wire.sub(line, "discount", text(ln.discount, MONEY))
        _opt(line, "offerCode", ln.offer_code)
        wire.sub(line, "voided", "true" if ln.voided else "false")
        wire.sub(line, "amount", text(ln.amount, MONEY))
    payments = wire.sub(el, "payments")
    for p in t.payments:
        item = wire.sub(payments, "payment")
        wire.sub(item, "method", p.method)
        wire.sub(item, "amount", text(p.amount, MONEY))
    vat = wire.sub(el, "vat")
    for v in t.vat:
        item = wire.sub(vat, "line")
        wire.sub(item, "rate", text(v.rate, RATE))
        for name, cents in (("gross", v.gross), ("net", v.net), ("vat", v.vat)):
            wire.sub(item, name, text(cents, MONEY))


def get_ticket_response(
    t: ReceivedTicket, content_hash: str, returned: Mapping[int, int]
) -> etree._Element:
    """The ticket and, per line number, the quantity (thousandths, positive) that accepted
    returns have given back already (lines with none left out)."""
    root = wire.element("GetTicketResponse")
    ticket_element(root, t, content_hash)
    holder = wire.sub(root, "returned")
    for line_no, quantity in sorted(returned.items()):
        if quantity:
            item = wire.sub(holder, "line")
            wire.sub(item, "lineNo", str(line_no))
            wire.sub(item, "quantity", text(quantity, QUANTITY))
    return root
