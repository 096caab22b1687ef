"""In-store weight and price labels at the till: the label's ``I`` digits are a scale
number (PLU) listed among the item's barcodes, else the item code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.errors import SaleError
from ftp_import.writer import ExportWriter
from standalone_till.barcodes import encode_instore
from standalone_till.config import load_config
from standalone_till.service import Till

DAY = dt.date(2026, 6, 1)
ROWS = {
    "items": [
        ("12345", "Emmental", "5.5", "weight", "0", "1"),
        ("00777", "Comte", "5.5", "weight", "0", "1"),
        ("CHEESE", "Brie", "5.5", "weight", "0", "1"),
        (
            "00042",
            "Gouda (item code equal to another item's scale number)",
            "5.5",
            "unit",
            "0",
            "1",
        ),
    ],
    "prices": [
        ("12345", "2026-01-01", "18.50", ""),
        ("00777", "2026-01-01", "24.00", ""),
        ("CHEESE", "2026-01-01", "15.00", ""),
        ("00042", "2026-01-01", "3.00", ""),
    ],
    # The Brie is weighed under scale number 42; the Emmental and the Comte have none.
    "barcodes": [("42", "CHEESE")],
    "customers": [],
    "cards": [],
    "offers": [],
}


@pytest.fixture
def till(sqlite_config: Path, tmp_path: Path) -> Iterator[Till]:
    folder = tmp_path / "exports"
    folder.mkdir()
    with ExportWriter(folder, 1, "full") as w:
        for entity, rows in ROWS.items():
            w.write_rows(entity, rows)
    t = Till(load_config(sqlite_config))
    t.init()
    t.load_data(folder)
    yield t
    t.close()


def test_a_weight_label_carrying_the_item_code_sells_that_item(till: Till) -> None:
    label = encode_instore("20", "12345", Decimal("0.415"))
    scanned = till.catalog.scan(label, DAY)
    assert scanned.item.code == "12345"
    assert scanned.quantity == Decimal("0.415")
    assert scanned.barcode == label


def test_an_item_code_with_leading_zeros_is_found_as_it_is(till: Till) -> None:
    scanned = till.catalog.scan(encode_instore("21", "777", Decimal("1.2")), DAY)
    assert scanned.item.code == "00777"


def test_a_weight_label_carrying_a_scale_number_sells_the_item_listing_it(till: Till) -> None:
    """The PLU listed among the barcodes wins, even over an item whose code is the same
    digits with leading zeros."""
    scanned = till.catalog.scan(encode_instore("20", "42", Decimal("0.250")), DAY)
    assert scanned.item.code == "CHEESE"
    assert scanned.quantity == Decimal("0.250")


def test_a_price_label_carrying_the_item_code(till: Till) -> None:
    scanned = till.catalog.scan(encode_instore("25", "12345", Decimal("7.68")), DAY)
    assert scanned.item.code == "12345"
    assert scanned.label_price == Decimal("7.68")


def test_a_label_naming_nothing_says_what_it_looked_for(till: Till) -> None:
    label = encode_instore("20", "99999", Decimal("1"))
    with pytest.raises(SaleError, match=f"scale number or item code 99999 \\(label {label}\\)"):
        till.catalog.scan(label, DAY)
