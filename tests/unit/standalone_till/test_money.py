"""Money rules: rounding, strict parsing, exact allocation, VAT out of gross."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.errors import BadInput
from standalone_till.money import (
    CENT,
    allocate,
    cents,
    parse_money,
    parse_quantity,
    qty3,
    vat_of_gross,
)

D = Decimal

money = st.decimals(min_value=D("-99999.99"), max_value=D("99999.99"), places=2)
weights = st.decimals(min_value=D("0"), max_value=D("10000"), places=3)


def test_cents_rounds_half_up() -> None:
    assert cents(D("0.005")) == D("0.01")
    assert cents(D("0.025")) == D("0.03")  # half-even would give 0.02
    assert cents(D("-0.025")) == D("-0.03")
    assert cents(D("1.004")) == D("1.00")
    assert str(cents(D("3"))) == "3.00"


def test_qty3_rounds_half_up_to_three_decimals() -> None:
    assert qty3(D("1.2345")) == D("1.235")
    assert qty3(D("0.0005")) == D("0.001")
    assert str(qty3(D("2"))) == "2.000"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", "12.00"), ("12.3", "12.30"), ("0.99", "0.99"), ("-3.50", "-3.50"), ("+1", "1.00")],
)
def test_parse_money_accepts_plain_amounts(text: str, expected: str) -> None:
    assert str(parse_money(text)) == expected


def test_parse_money_negative_zero_is_zero() -> None:
    assert str(parse_money("-0")) == "0.00"


@pytest.mark.parametrize(
    "text", ["", " ", "1.234", "1,50", "1e3", "12.", ".5", "abc", " 1", "1 ", "NaN", "--1", "١٢"]
)
def test_parse_money_refuses_anything_else_naming_the_text(text: str) -> None:
    with pytest.raises(BadInput) as raised:
        parse_money(text)
    assert repr(text) in str(raised.value)


def test_parse_money_refuses_huge_amounts() -> None:
    with pytest.raises(BadInput):
        parse_money("1" * 30)


@given(money)
def test_parse_money_round_trips(amount: Decimal) -> None:
    assert parse_money(f"{amount:f}") == amount


@pytest.mark.parametrize(
    ("text", "expected"), [("1", "1.000"), ("0.25", "0.250"), ("1.005", "1.005")]
)
def test_parse_quantity_accepts_up_to_three_decimals(text: str, expected: str) -> None:
    assert str(parse_quantity(text)) == expected


@pytest.mark.parametrize("text", ["0", "0.000", "-1", "1.0001", "", "x", "1/2"])
def test_parse_quantity_refuses_zero_negative_and_junk(text: str) -> None:
    with pytest.raises(BadInput) as raised:
        parse_quantity(text)
    assert repr(text) in str(raised.value)


def test_a_decimal_comma_is_taken_when_asked_for() -> None:
    assert str(parse_money("0,99", decimal_comma=True)) == "0.99"
    assert str(parse_quantity("0,250", decimal_comma=True)) == "0.250"
    assert str(parse_money("12", decimal_comma=True)) == "12.00"
    for text in ["1,5,0", "1,234", "1.5,0", ",5"]:
        with pytest.raises(BadInput) as raised:
            parse_money(text, decimal_comma=True)
        assert repr(text) in str(raised.value)  # what the person typed, not our rewrite
    with pytest.raises(BadInput):
        parse_quantity("0,250")


@given(money)
def test_parse_money_with_a_decimal_comma_round_trips(amount: Decimal) -> None:
    assert parse_money(f"{amount:f}".replace(".", ","), decimal_comma=True) == amount


def test_allocate_examples() -> None:
    # ties on the remainder: the earlier index gets the cent
    assert allocate(D("10.00"), [D("1"), D("1"), D("1")]) == [D("3.34"), D("3.33"), D("3.33")]
    assert allocate(D("0.02"), [D("1"), D("1"), D("1")]) == [D("0.01"), D("0.01"), D("0.00")]
    assert allocate(D("1.00"), [D("3"), D("1")]) == [D("0.75"), D("0.25")]
    assert allocate(D("1.00"), [D("0"), D("5")]) == [D("0.00"), D("1.00")]


def test_allocate_gives_leftover_to_the_largest_remainder() -> None:
    # quotas 0.4 and 0.6 cent: the single cent goes to the larger remainder, the second
    assert allocate(D("0.01"), [D("2"), D("3")]) == [D("0.00"), D("0.01")]


def test_allocate_all_zero_weights_split_equally() -> None:
    assert allocate(D("1.00"), [D("0"), D("0"), D("0")]) == [D("0.34"), D("0.33"), D("0.33")]


def test_allocate_negative_total() -> None:
    assert allocate(D("-1.00"), [D("1"), D("2")]) == [D("-0.33"), D("-0.67")]


@pytest.mark.parametrize(
    ("total", "ws"),
    [(D("1.00"), []), (D("1.00"), [D("-1"), D("2")]), (D("1.001"), [D("1")])],
)
def test_allocate_refuses_bad_arguments(total: Decimal, ws: list[Decimal]) -> None:
    with pytest.raises(ValueError):
        allocate(total, ws)


@given(money, st.lists(weights, min_size=1, max_size=12))
def test_allocate_sums_exactly_and_is_proportional(total: Decimal, ws: list[Decimal]) -> None:
    parts = allocate(total, ws)
    assert len(parts) == len(ws)
    assert sum(parts, D("0")) == total
    assert all(cents(p) == p for p in parts)
    whole = sum(ws, D("0"))
    shares = ws if whole else [D("1")] * len(ws)
    whole = whole or D(len(ws))
    for part, share in zip(parts, shares, strict=True):
        assert abs(part - total * share / whole) < CENT


@given(money, st.lists(weights, min_size=1, max_size=12))
def test_allocate_is_deterministic(total: Decimal, ws: list[Decimal]) -> None:
    assert allocate(total, ws) == allocate(total, list(ws))


def test_vat_of_gross_examples() -> None:
    assert vat_of_gross(D("12.00"), D("20")) == D("2.00")
    assert vat_of_gross(D("10.55"), D("5.5")) == D("0.55")
    assert vat_of_gross(D("1.00"), D("0")) == D("0.00")
    # 0.03 * 20 / 120 = 0.005: half up gives a cent
    assert vat_of_gross(D("0.03"), D("20")) == D("0.01")


def test_vat_of_gross_refuses_a_negative_rate() -> None:
    with pytest.raises(ValueError):
        vat_of_gross(D("1.00"), D("-5"))


@given(money, st.sampled_from([D("0"), D("2.1"), D("5.5"), D("7"), D("10"), D("20"), D("25")]))
def test_vat_plus_net_is_gross_and_vat_is_bounded(gross: Decimal, rate: Decimal) -> None:
    vat = vat_of_gross(gross, rate)
    net = gross - vat
    assert vat + net == gross
    assert cents(vat) == vat
    assert abs(vat) <= abs(gross)
    assert abs(net * rate / 100 - vat) <= CENT
