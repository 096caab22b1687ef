"""The contract's one record and one hash: a ticket made by the till's rules, written as
the till sends it, read by the gateway's reader and by the hub's, is the same record with
the same hash as the till computed at close."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from standalone_till.hub import wire as hub_wire
from standalone_till.model import Card, Item, Offer, OfferKind, OfferScope, OfferTarget, SoldBy
from standalone_till.model import PaymentMethod as PM
from standalone_till.sales import (
    add_line,
    add_payment,
    apply_offers,
    canonical_document,
    open_ticket,
    set_customer,
    totals,
    void_line,
)
from ticket_contract import NAMESPACE, wire
from ticket_contract.tickets import ReceivedTicket, canonical, problems
from ticket_contract.writer import content_hash, record, ticket_xml

DAY = dt.date(2026, 6, 15)
CARD = Card("9000000000017", "C000001", Decimal("5"))
OFFERS = [
    Offer("O-ITEM", "-20 %", OfferScope.ALL, None, OfferTarget.ITEM, "WINE",
          OfferKind.PERCENT, Decimal("20")),
    Offer("O-CARD", "-1.50", OfferScope.CUSTOMER, "C000001", OfferTarget.TOTAL, None,
          OfferKind.AMOUNT, Decimal("1.50")),
]  # fmt: skip

_names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
_items = st.builds(
    Item,
    code=st.sampled_from(["BREAD", "WINE", "CHEESE", "MILK"]),
    name=_names,
    vat_rate=st.sampled_from([Decimal("0"), Decimal("5.5"), Decimal("10"), Decimal("20")]),
    sold_by=st.sampled_from(SoldBy),
    alcohol=st.booleans(),
    price=st.decimals(min_value=0, max_value=2_000, places=2),
)


@st.composite
def sold_tickets(draw: st.DrawFn) -> Any:
    """A closed ticket: weighed and counted lines, some voided, offers and a customer
    card's discount, cash and card payments."""
    opened = draw(st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2035, 1, 1)))
    t = open_ticket("S001", "T01", now=opened.replace(tzinfo=dt.UTC, microsecond=0))
    for item in draw(st.lists(_items, min_size=1, max_size=8)):
        qty = draw(st.decimals(min_value="0.001", max_value=50, places=3))
        if item.sold_by is SoldBy.UNIT:
            qty = max(qty.to_integral_value(), Decimal(1))
        t = add_line(t, item, qty, barcode=draw(st.none() | st.just("4006381333931")))
    for line_no in draw(st.sets(st.integers(1, len(t.lines)), max_size=len(t.lines) - 1)):
        t = void_line(t, line_no)
    card = draw(st.none() | st.just(CARD))
    if card is not None:
        t = set_customer(t, card.customer_code, card)
    t = apply_offers(t, draw(st.sampled_from([[], OFFERS[:1], OFFERS])), card, DAY)
    if totals(t).due >= Decimal("0.02") and draw(st.booleans()):  # half is at least a cent
        t = add_payment(t, PM.CARD, (totals(t).due / 2).quantize(Decimal("0.01")))
    if totals(t).due > 0:
        extra = draw(st.decimals(min_value=0, max_value=100, places=2))
        t = add_payment(t, PM.CASH, totals(t).due + extra)
    return replace(
        t,
        status="closed",
        number=draw(st.integers(1, 10**6)),
        business_day=DAY,
        closed_at=t.opened_at + dt.timedelta(seconds=draw(st.integers(0, 7200))),
    )


def _request(*tickets: str) -> etree._Element:
    return etree.fromstring(
        f'<SendTickets xmlns="{NAMESPACE}"><tillId>T01</tillId>'
        f"<tickets>{''.join(tickets)}</tickets></SendTickets>"
    )


@settings(max_examples=150, deadline=None)
@given(sold_tickets())
def test_the_till_the_gateway_and_the_hub_read_one_record_with_one_hash(ticket: Any) -> None:
    text, till_hash = canonical_document(ticket)
    document = json.loads(text)
    xml = ticket_xml(document, till_hash)
    assert till_hash == content_hash(document)

    for plain in (True, False):  # the gateway's fast reader and its reader by tag
        gateway = wire.ticket_from_xml(_request(xml)[1][0], plain=plain)
        assert isinstance(gateway, ReceivedTicket)
        assert gateway == record(document, till_hash)
        assert canonical(gateway).content_hash == till_hash
        assert problems(gateway) == []

    _, (received,) = hub_wire.send_tickets_request(_request(xml))
    assert received.problem is None and received.document is not None
    assert received.content_hash == till_hash
    assert content_hash(received.document) == till_hash


def test_a_value_beyond_the_contract_keeps_the_tills_own_hash() -> None:
    """An open ticket has no contract record: its hash is still a SHA-256 of its document."""
    t = add_line(open_ticket("S001", "T01", now=dt.datetime(2026, 6, 15, tzinfo=dt.UTC)),
                 Item("BREAD", "Bread", Decimal("5.5"), price=Decimal("1.20")), Decimal(1))  # fmt: skip
    text, digest = canonical_document(t)
    assert len(digest) == 64 and json.loads(text)["closed_at"] is None


def _schema() -> etree.XMLSchema:
    from ticket_contract import WSDL_PATH

    wsdl = etree.parse(str(WSDL_PATH))
    return etree.XMLSchema(wsdl.find(".//{http://www.w3.org/2001/XMLSchema}schema"))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(sold_tickets(), st.integers(1, 10**9), st.booleans())
def test_a_signature_rides_with_the_ticket_outside_its_hash(
    ticket: Any, seq: int, first: bool
) -> None:
    from ticket_contract.signatures import ChainSignature

    text, till_hash = canonical_document(ticket)
    signed = ChainSignature("sales", seq, "" if first else "ab" * 64, "cd" * 64, "ef" * 32)
    document = {**json.loads(text), "signature": signed.as_document()}
    assert content_hash(document) == till_hash  # the signature is not in what it signs
    request = _request(ticket_xml(document, till_hash))
    keys = f"<tillKeys><key><tillId>T01</tillId><publicKey>{'A' * 43}=</publicKey></key></tillKeys>"
    request.append(etree.fromstring(f'<x xmlns="{NAMESPACE}">{keys}</x>')[0])
    _schema().assertValid(request)
    for plain in (True, False):
        got = wire.ticket_from_xml(request[1][0], plain=plain)
        assert isinstance(got, ReceivedTicket) and got.signature == signed
        assert canonical(got).content_hash == till_hash
    _, (received,) = hub_wire.send_tickets_request(request)
    assert received.document is not None and received.document["signature"] == signed.as_document()
