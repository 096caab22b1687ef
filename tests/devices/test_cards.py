"""Discount cards: barcodes and magnetic tracks resolved against a real local catalog."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog_fixture import BREAD, CARD, CUSTOMER, WINE, write_catalog
from connectors.errors import SaleError
from connectors.sql import sqlite_url
from devices.tickets import NOON
from standalone_till import loading, migrations
from standalone_till.catalog import Catalog
from standalone_till.devices import parse_card_input, resolve_card
from standalone_till.devices.cards import parse_tracks
from standalone_till.sales import add_line, apply_offers, open_ticket, set_customer, totals
from standalone_till.store import TillDatabase

D = Decimal
INACTIVE = "9000000000024"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Catalog]:
    folder = tmp_path_factory.mktemp("cards")
    db = TillDatabase(sqlite_url(folder / "till.db"), sqlite_url(folder / "till.catalog.db"))
    with db.catalog.begin() as conn:
        migrations.upgrade("catalog", conn)
    loading.load_full(db, loading.newest_full(write_catalog(folder / "exports")))
    yield Catalog(db)
    db.dispose()


@pytest.mark.parametrize(
    ("raw", "number", "source", "holder"),
    [
        (CARD, CARD, "barcode", None),
        (f"  {CARD}\n", CARD, "barcode", None),
        (f";{CARD}=28121010000?", CARD, "track2", None),
        (f";{CARD}?", CARD, "track2", None),
        (f"%B{CARD}^MARTIN/ANNE^2812101000000000?", CARD, "track1", "ANNE MARTIN"),
        (f"%B{CARD}^MARTIN/ANNE^2812101?;{CARD}=2812101?", CARD, "track2", "ANNE MARTIN"),
        (f"%B{CARD}^MARTIN/ANNE^2812?X\n;{CARD}=2812?Y", CARD, "track2", "ANNE MARTIN"),  # LRCs
    ],
)
def test_card_inputs(raw: str, number: str, source: str, holder: str | None) -> None:
    read = parse_card_input(raw)
    assert (read.number, read.source, read.holder) == (number, source, holder)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "no card number: scan, swipe or type the card"),
        (";E?", r"card read failed \(track unreadable\): swipe the card again"),
        ("%E?", r"card read failed \(track unreadable\): swipe the card again"),
        (";1234=99", r"card read failed \(not a magnetic track\)"),
        ("%B1234^A/B^99?;5678=99?", r"card read failed \(tracks 1 and 2 disagree\)"),
        ("12 34", r"not a card number: '12 34'"),
    ],
)
def test_bad_card_inputs_are_sale_errors(raw: str, message: str) -> None:
    with pytest.raises(SaleError, match=message):
        parse_card_input(raw)


def test_a_swiped_card_resolves_to_its_customer_and_discount(catalog: Catalog) -> None:
    resolved = resolve_card(catalog, f";{CARD}=28121010000?")
    assert resolved.card.discount_percent == D("5")
    assert resolved.customer is not None and resolved.customer.code == CUSTOMER
    assert resolved.customer.name == "Anne Martin"
    # the customer's offers and the card's discount apply to the ticket
    day = NOON.date()
    bread = catalog.scan(BREAD, day).item
    wine = catalog.scan(WINE, day).item
    t = add_line(add_line(open_ticket("S001", "T01", now=NOON), bread, D("1")), wine, D("1"))
    t = set_customer(t, None, resolved.card)
    offers = catalog.offers_for(t.customer_code, t.card_number, day)
    t = apply_offers(t, offers, resolved.card, day)
    assert "O-WINE" in t.applied_offers  # Anne's wine offer (20 % beats the 5 % card)
    assert t.lines[1].discount >= D("1.98") and totals(t).discount > D("1.98")


def test_an_unknown_card_is_a_clear_message(catalog: Catalog) -> None:
    with pytest.raises(
        SaleError, match=r"^unknown card 9999999999994: no such card in this till's data$"
    ):
        resolve_card(catalog, "9999999999994")
    # a bank card swiped by mistake: its number is not shown whole
    with pytest.raises(SaleError, match=r"^unknown card ending 1111: no such card"):
        resolve_card(catalog, "%B4111111111111111^DOE/JOHN^2812101?")
    with pytest.raises(SaleError, match=f"^card {INACTIVE} is not active$"):
        resolve_card(catalog, INACTIVE)


@given(st.text("0123456789", min_size=1, max_size=19), st.text("0123456789", max_size=20))
def test_track2_round_trip(number: str, discretionary: str) -> None:
    assert parse_tracks(f";{number}={discretionary}?").number == number


@given(st.text(max_size=60))
def test_any_input_gives_a_number_or_a_sale_error(raw: str) -> None:
    try:
        read = parse_card_input(raw)
    except SaleError:
        return
    assert 1 <= len(read.number) <= 40
