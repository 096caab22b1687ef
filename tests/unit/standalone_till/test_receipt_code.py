"""The receipt code: written and read back, malformed text refused."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standalone_till.receipt_code import ReceiptRef, parse_receipt_code, receipt_code

ids = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    min_size=1,
    max_size=32,
)
days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
numbers = st.integers(min_value=1, max_value=10**18 - 1)


def test_example_from_the_spec() -> None:
    assert receipt_code("S1", "T01", dt.date(2026, 12, 2), 17) == "S1/T01/20261202/17"
    assert parse_receipt_code("S1/T01/20261202/17") == ReceiptRef(
        "S1", "T01", dt.date(2026, 12, 2), 17
    )


@given(ids, ids, days, numbers)
def test_round_trip(store: str, till: str, day: dt.date, number: int) -> None:
    code = receipt_code(store, till, day, number)
    assert code.isascii()
    assert parse_receipt_code(code) == ReceiptRef(store, till, day, number)


def test_scanner_line_end_is_ignored() -> None:
    assert parse_receipt_code(" S1/T01/20261202/17\r\n") == ReceiptRef(
        "S1", "T01", dt.date(2026, 12, 2), 17
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "S1/T01/20261202",
        "S1/T01/20261202/17/3",
        "S1//20261202/17",
        "/T01/20261202/17",
        "S1/T01/2026-12-02/17",
        "S1/T01/20261302/17",  # month 13
        "S1/T01/20260230/17",  # 30 February
        "S1/T01/0261202/17",
        "S1/T01/20261202/0",
        "S1/T01/20261202/017",
        "S1/T01/20261202/-3",
        "S1/T01/20261202/1x",
        "S1/T01/20261202/١٧",  # non-ASCII digits
        "S 1/T01/20261202/17",
        "S1/T01/20261202/" + "9" * 19,
        "S1/" + "T" * 33 + "/20261202/17",
        "3f2b9c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
        "2026-12-02/17",
    ],
)
def test_malformed_text_is_refused(text: str) -> None:
    assert parse_receipt_code(text) is None


@given(st.text(max_size=80))
def test_any_text_parses_to_a_ref_or_none(text: str) -> None:
    ref = parse_receipt_code(text)
    if ref is not None:
        assert receipt_code(*ref) == text.strip()


@pytest.mark.parametrize(
    ("store", "till", "number"),
    [("S/1", "T01", 1), ("", "T01", 1), ("S1", "T 1", 1), ("S1", "T01", 0), ("S1", "T01", -1)],
)
def test_bad_parts_are_refused_when_writing(store: str, till: str, number: int) -> None:
    with pytest.raises(ValueError):
        receipt_code(store, till, dt.date(2026, 12, 2), number)
