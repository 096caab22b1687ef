"""Stored tickets to the contract's Ticket, and offers from the wire: pure functions."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from connectors.errors import BadInput
from connectors.soap import SOAP_ENV
from standalone_till.model import Card, Item, Offer, OfferKind, OfferScope, OfferTarget, SoldBy
from standalone_till.model import PaymentMethod as PM
from standalone_till.sales import (
    add_line,
    add_payment,
    apply_offers,
    content_hash,
    open_ticket,
    set_customer,
    ticket_document,
    totals,
    void_line,
)
from standalone_till.sync.mapping import merge_offers, offer_from_wire
from ticket_contract import WSDL_PATH
from ticket_contract import Offer as WireOffer
from ticket_contract.client import ErpClient
from ticket_contract.writer import contract_ticket

OPENED = dt.datetime(2026, 6, 15, 8, 0, 5, tzinfo=dt.UTC)
BREAD = Item("BREAD", "Rye bread 500g", Decimal("5.5"), price=Decimal("1.20"))
WINE = Item("WINE", "Bordeaux red 75cl", Decimal("20"), alcohol=True, price=Decimal("9.90"))
CHEESE = Item("CHEESE", "Emmental", Decimal("5.5"), SoldBy.WEIGHT, price=Decimal("18.50"))
CARD = Card("9000000000017", "C000001", Decimal("5"))
WINE_OFFER = Offer(
    "O-WINE", "-20 %", OfferScope.CUSTOMER, "C000001", OfferTarget.ITEM, "WINE",
    OfferKind.PERCENT, Decimal("20"),
)  # fmt: skip


def closed(ticket: Any, number: int = 7, status: str = "closed") -> Any:
    return replace(
        ticket,
        status=status,
        number=number,
        business_day=OPENED.date(),
        closed_at=OPENED + dt.timedelta(minutes=2),
    )


def stored(ticket: Any) -> tuple[dict[str, Any], str]:
    """The ticket as the journal keeps it: its JSON document and its content hash."""
    text = json.dumps(ticket_document(ticket), sort_keys=True, separators=(",", ":"))
    return json.loads(text), content_hash(ticket)


def a_full_ticket() -> Any:
    t = open_ticket("S001", "T01", now=OPENED)
    t = set_customer(t, "C000001", CARD)
    t = add_line(t, BREAD, Decimal(2), barcode="4006381333931")
    t = add_line(t, WINE, Decimal(1), barcode="3017620422003")
    t = add_line(t, CHEESE, Decimal("0.755"))
    t = void_line(t, 1)
    t = apply_offers(t, [WINE_OFFER], CARD, OPENED.date())
    t = add_payment(t, PM.CARD, Decimal("10.00"))
    t = add_payment(t, PM.CASH, Decimal("20.00"))
    return closed(t)


def test_every_field_of_the_contracts_ticket() -> None:
    ticket = a_full_ticket()
    document, digest = stored(ticket)
    c = contract_ticket(document, digest)
    assert c["id"] == ticket.id and c["storeId"] == "S001" and c["tillId"] == "T01"
    assert c["businessDay"] == dt.date(2026, 6, 15) and c["number"] == 7
    assert c["status"] == "closed"
    assert c["openedAt"] == OPENED and c["openedAt"].tzinfo is dt.UTC
    assert c["closedAt"] == OPENED + dt.timedelta(minutes=2)
    assert c["customerCode"] == "C000001" and c["cardNumber"] == CARD.number
    assert c["contentHash"] == digest
    lines = c["lines"]["line"]
    assert [ln["lineNo"] for ln in lines] == [1, 2, 3]
    bread, wine, cheese = lines
    assert bread["voided"] is True and bread["amount"] == Decimal("0.00")
    assert bread["barcode"] == "4006381333931" and cheese["barcode"] is None
    assert wine["offerCode"] == "O-WINE" and wine["alcohol"] is True
    assert wine["discount"] == Decimal("1.98") and wine["amount"] == Decimal("7.92")
    assert cheese["quantity"] == Decimal("0.755") and str(cheese["quantity"]) == "0.755"
    assert str(bread["quantity"]) == "2.000"  # the schema's scale, not "2"
    assert str(wine["vatRate"]) == "20.00" and str(cheese["vatRate"]) == "5.50"
    assert cheese["amount"] == Decimal(
        "13.27"
    )  # 13.97 less the 5 % card and cheese["unitPrice"] == Decimal("18.50")
    assert c["total"] == wine["amount"] + cheese["amount"]
    assert c["discount"] == wine["discount"] + cheese["discount"]
    assert c["change"] == Decimal("30.00") - c["total"]
    assert [p["method"] for p in c["payments"]["payment"]] == ["card", "cash"]
    vat = c["vat"]["line"]
    assert [v["rate"] for v in vat] == [Decimal("5.50"), Decimal("20.00")]
    assert sum(v["gross"] for v in vat) == c["total"]
    assert all(v["net"] + v["vat"] == v["gross"] for v in vat)
    for value in _leaves(c):
        assert not isinstance(value, float)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def test_a_cancelled_ticket_without_payment() -> None:
    t = closed(add_line(open_ticket("S001", "T01", now=OPENED), BREAD, Decimal(1)), 3, "cancelled")
    c = contract_ticket(*stored(t))
    assert c["status"] == "cancelled" and c["payments"] == {"payment": []}


SCHEMA = etree.XMLSchema(
    etree.parse(str(WSDL_PATH)).find(".//{http://www.w3.org/2001/XMLSchema}schema")
)


ENCODER = ErpClient("http://127.0.0.1:9/soap")  # never connects: encodes only


def _valid(client: ErpClient, tickets: list[dict[str, object]]) -> bool:
    root = etree.fromstring(client.encode_send_tickets("T01", tickets))
    return bool(SCHEMA.validate(root.find(f"{{{SOAP_ENV}}}Body")[0]))


_items = st.builds(
    Item,
    code=st.text("ABCXYZ019", min_size=1, max_size=32),
    name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200),
    vat_rate=st.sampled_from([Decimal("0"), Decimal("5.5"), Decimal("10"), Decimal("20")]),
    sold_by=st.sampled_from(SoldBy),
    alcohol=st.booleans(),
    price=st.decimals(min_value=0, max_value=10_000, places=2),
)


@st.composite
def _sold(draw: st.DrawFn) -> Any:
    t = open_ticket("S001", "T01", now=draw(st.datetimes(timezones=st.just(dt.UTC))))
    for item in draw(st.lists(_items, min_size=1, max_size=8)):
        qty = draw(st.decimals(min_value="0.001", max_value=50, places=3))
        if item.sold_by is SoldBy.UNIT:
            qty = max(qty.to_integral_value(), Decimal(1))
        t = add_line(t, item, qty)
    t = apply_offers(t, [], None, OPENED.date())
    if totals(t).due > 0:
        extra = draw(st.decimals(min_value=0, max_value=100, places=2))
        t = add_payment(t, PM.CASH, totals(t).due + extra)
    return closed(t, draw(st.integers(1, 10**6)))


@settings(max_examples=40, deadline=None)
@given(st.lists(_sold(), min_size=1, max_size=4))
def test_any_stored_ticket_maps_to_a_schema_valid_request(tickets: list[Any]) -> None:
    contracts = [contract_ticket(*stored(t)) for t in tickets]
    assert _valid(ENCODER, contracts)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d["lines"][0].update(name="bell\x07"), "control character"),
        (lambda d: d.update(customer_code="C" * 65), "64"),
        (lambda d: d.update(lines=d["lines"] * 1001), "3003 lines"),
        (lambda d: d["lines"][0].update(quantity="1.0005"), "scale"),
        (lambda d: d["totals"].update(total="12345678901234.00"), "scale"),
        (lambda d: d["payments"].append({"method": "cheque", "amount": "1.00"}), "cheque"),
        (lambda d: d.update(opened_at="2026-06-15T08:00:05"), "offset"),
        (lambda d: d.update(status="open"), "status"),
        (lambda d: d.pop("totals"), "KeyError"),
    ],
)
def test_what_the_contract_cannot_carry_is_bad_input(change: Any, reason: str) -> None:
    document, digest = stored(a_full_ticket())
    change(document)
    with pytest.raises(BadInput, match=reason) as caught:
        contract_ticket(document, digest)
    assert document["id"] in str(caught.value)


def test_online_offers_replace_local_ones_by_code() -> None:
    local = [
        WINE_OFFER,
        replace(WINE_OFFER, code="O-TOTAL", scope=OfferScope.ALL, target=OfferTarget.TOTAL),
    ]
    online = offer_from_wire(
        WireOffer(
            "O-WINE", "-30 % online", "customer", "C000001", "item", "WINE", "percent",
            Decimal("30.00"), None, dt.date(2026, 12, 31),
        )
    )  # fmt: skip
    extra = replace(online, code="O-NEW", item_code="BREAD")
    merged = merge_offers(local, [online, extra])
    assert [o.code for o in merged] == ["O-NEW", "O-TOTAL", "O-WINE"]
    assert merged[2].value == Decimal("30.00") and merged[2].description == "-30 % online"
    with pytest.raises(ValueError):
        offer_from_wire(WireOffer("X", "", "galaxy", None, "item", "W", "percent", Decimal(1)))
