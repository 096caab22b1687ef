"""Barcodes: GTIN check digits, in-store weight/price labels, and what a scan is."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.errors import BarcodeError
from ftp_import.gtin import complete_gtin
from standalone_till.barcodes import (
    DEFAULT_LAYOUT,
    GtinScan,
    InStoreCode,
    InStoreLayout,
    InStoreScan,
    InternalScan,
    classify,
    decode_instore,
    encode_instore,
    normalize_gtin,
)

D = Decimal


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


# Bodies that cannot start with 2, so the codes are never in-store labels.
def gtins(length: int) -> st.SearchStrategy[str]:
    first = st.sampled_from("013456789")
    return st.builds(lambda f, rest: complete_gtin(f + rest), first, digits(length - 2))


any_gtin = st.one_of(gtins(8), gtins(12), gtins(13))


# ---- GTIN ----------------------------------------------------------------------------


def test_normalize_known_codes() -> None:
    assert normalize_gtin("4006381333931") == "4006381333931"
    assert normalize_gtin("96385074") == "96385074"
    assert normalize_gtin("036000291452") == "0036000291452"


def test_wrong_check_digit_says_what_it_should_be() -> None:
    with pytest.raises(BarcodeError) as raised:
        normalize_gtin("4006381333932")
    assert raised.value.barcode == "4006381333932"
    assert "should be 1" in str(raised.value)


@pytest.mark.parametrize("code", ["", "123", "12345678901234", "40063813339a1", "٤٠٠٦٣٨١٣"])
def test_normalize_refuses_what_is_not_a_gtin(code: str) -> None:
    with pytest.raises(BarcodeError):
        normalize_gtin(code)


@given(any_gtin)
def test_any_valid_gtin_normalizes(code: str) -> None:
    normalized = normalize_gtin(code)
    assert len(normalized) in (8, 13)
    assert normalized.endswith(code)
    assert normalize_gtin(normalized) == normalized


@given(gtins(12))
def test_upc_a_becomes_ean_13_with_a_leading_zero(code: str) -> None:
    assert normalize_gtin(code) == "0" + code


@given(any_gtin, st.data())
def test_any_single_digit_change_is_detected(code: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(code) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != code[position]]))
    changed = code[:position] + digit + code[position + 1 :]
    with pytest.raises(BarcodeError):
        normalize_gtin(changed)


# ---- in-store labels -----------------------------------------------------------------


def test_decode_weight_label() -> None:
    code = complete_gtin("211234501250")
    assert decode_instore(code, DEFAULT_LAYOUT) == InStoreCode("21", "12345", D("1.250"), None)


def test_decode_price_label() -> None:
    code = complete_gtin("270004200399")
    assert decode_instore(code, DEFAULT_LAYOUT) == InStoreCode("27", "00042", None, D("3.99"))


@pytest.mark.parametrize("code", ["4006381333931", "21123450125", "2112345012500x", "96385074"])
def test_decode_returns_none_when_not_an_in_store_label(code: str) -> None:
    assert decode_instore(code, DEFAULT_LAYOUT) is None


def test_decode_checks_the_check_digit() -> None:
    good = complete_gtin("211234501250")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(BarcodeError) as raised:
        decode_instore(bad, DEFAULT_LAYOUT)
    assert raised.value.barcode == bad
    assert f"should be {good[-1]}" in str(raised.value)


@given(
    st.sampled_from(DEFAULT_LAYOUT.weight_prefixes),
    digits(5),
    st.decimals(min_value=0, max_value=D("99.999"), places=3),
)
def test_weight_round_trip(prefix: str, item_ref: str, weight: Decimal) -> None:
    code = encode_instore(prefix, item_ref, weight, DEFAULT_LAYOUT)
    assert len(code) == 13 and normalize_gtin(code) == code
    assert decode_instore(code, DEFAULT_LAYOUT) == InStoreCode(prefix, item_ref, weight, None)


@given(
    st.sampled_from(DEFAULT_LAYOUT.price_prefixes),
    digits(5),
    st.decimals(min_value=0, max_value=D("999.99"), places=2),
)
def test_price_round_trip(prefix: str, item_ref: str, price: Decimal) -> None:
    code = encode_instore(prefix, item_ref, price, DEFAULT_LAYOUT)
    assert decode_instore(code, DEFAULT_LAYOUT) == InStoreCode(prefix, item_ref, None, price)


WIDE_VALUE = InStoreLayout(pattern="PPIIIIVVVVVVC")
VALUE_FIRST = InStoreLayout(
    pattern="PVVVVVIIIIIIC",
    weight_prefixes=("2",),
    price_prefixes=(),
    weight_decimals=2,
)


def test_configurable_layout_wide_value() -> None:
    code = encode_instore("28", "0042", D("1234.56"), WIDE_VALUE)
    assert code[:12] == "280042123456"
    assert decode_instore(code, WIDE_VALUE) == InStoreCode("28", "0042", None, D("1234.56"))


def test_configurable_layout_value_before_item() -> None:
    code = encode_instore("2", "123456", D("12.34"), VALUE_FIRST)
    assert code[:12] == "201234123456"
    assert decode_instore(code, VALUE_FIRST) == InStoreCode("2", "123456", D("12.340"), None)


@given(
    st.sampled_from([DEFAULT_LAYOUT, WIDE_VALUE, VALUE_FIRST]),
    st.data(),
)
def test_round_trip_on_any_layout(layout: InStoreLayout, data: st.DataObject) -> None:
    prefix = data.draw(st.sampled_from(layout.weight_prefixes + layout.price_prefixes))
    item_ref = data.draw(digits(layout.pattern.count("I")))
    places = layout.weight_decimals if prefix in layout.weight_prefixes else layout.price_decimals
    width = layout.pattern.count("V")
    ceiling = (D(10) ** width - 1).scaleb(-places)
    value = data.draw(st.decimals(min_value=0, max_value=ceiling, places=places))
    decoded = decode_instore(encode_instore(prefix, item_ref, value, layout), layout)
    assert decoded is not None
    assert decoded.item_ref == item_ref
    assert (decoded.weight if prefix in layout.weight_prefixes else decoded.price) == value


@pytest.mark.parametrize(
    ("prefix", "item_ref", "value"),
    [
        ("21", "12345", D("100.000")),  # five value digits hold at most 99.999 kg
        ("21", "12345", D("1.2345")),  # finer than a gram
        ("27", "12345", D("1.005")),  # finer than a cent
        ("27", "123456", D("1.00")),  # item reference too long
        ("27", "12a45", D("1.00")),
        ("27", "12345", D("-1.00")),
        ("19", "12345", D("1.00")),  # not a prefix of the layout
    ],
)
def test_encode_refuses_what_does_not_fit(prefix: str, item_ref: str, value: Decimal) -> None:
    with pytest.raises(ValueError):
        encode_instore(prefix, item_ref, value, DEFAULT_LAYOUT)


def test_encode_pads_a_short_item_reference() -> None:
    code = encode_instore("27", "42", D("3.99"), DEFAULT_LAYOUT)
    assert code.startswith("270004200399")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pattern": "PPIIIIIVVVVC"}, "13 letters"),
        ({"pattern": "PPIIIIIVVVVVCC"}, "13 letters"),
        ({"pattern": "IPPIIIIVVVVVC"}, "P... first"),
        ({"pattern": "PPIIIIIVVVVCV"}, "single C last"),
        ({"pattern": "PPIIIIICVVVVC"}, "single C last"),
        ({"pattern": "PPIIVVIIVVVVC"}, "one run"),
        ({"pattern": "PPIIIIIIIIIIC"}, "one run"),
        ({"pattern": "PPIIIIIXVVVVC"}, "one run"),
        ({"weight_prefixes": ("2",)}, "2 digits"),
        ({"weight_prefixes": ("19",)}, "20-29"),
        ({"price_prefixes": ("2a",)}, "20-29"),
        ({"price_prefixes": ("24", "25")}, "both"),
        ({"weight_decimals": 4}, "weight_decimals"),
        ({"price_decimals": 3}, "price_decimals"),
        ({"price_decimals": -1}, "price_decimals"),
        ({"pattern": "PPIIIIIIIIIVC", "weight_decimals": 2}, "weight_decimals"),
    ],
)
def test_invalid_layouts_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        InStoreLayout(**kwargs)  # type: ignore[arg-type]
    assert message in str(raised.value)


# ---- classify ------------------------------------------------------------------------


def test_classify_gtin_is_normalized_and_stripped() -> None:
    assert classify(" 036000291452\n", DEFAULT_LAYOUT) == GtinScan("0036000291452")
    assert classify("96385074", DEFAULT_LAYOUT) == GtinScan("96385074")


def test_classify_in_store_label() -> None:
    code = complete_gtin("211234501250")
    scan = classify(code, DEFAULT_LAYOUT)
    assert scan == InStoreScan(code, InStoreCode("21", "12345", D("1.250"), None))


def test_classify_in_store_prefix_only_in_thirteen_digits() -> None:
    # An 8-digit code starting with 2 is an ordinary EAN-8 (restricted use, but a GTIN).
    code = complete_gtin("2100000")
    assert classify(code, DEFAULT_LAYOUT) == GtinScan(code)


def test_classify_other_layout_prefix_is_a_gtin() -> None:
    layout = InStoreLayout(weight_prefixes=("20",), price_prefixes=("29",))
    code = complete_gtin("250004200399")
    assert classify(code, layout) == GtinScan(code)


@pytest.mark.parametrize("code", ["ABC-123", "12345", "1234567890", "x" * 32, "CAFÉ1"])
def test_classify_internal_codes(code: str) -> None:
    assert classify(code, DEFAULT_LAYOUT) == InternalScan(code)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "   ",
        "4006381333932",  # bad EAN-13 check digit
        "96385075",  # bad EAN-8 check digit
        "036000291453",  # bad UPC-A check digit
        "2112345012507",  # in-store label, bad check digit (6 is right)
        "AB 12",
        "x" * 33,
        "AB\x0712",
    ],
)
def test_classify_refuses(code: str) -> None:
    with pytest.raises(BarcodeError) as raised:
        classify(code, DEFAULT_LAYOUT)
    assert raised.value.barcode == code


@given(any_gtin)
def test_classify_any_gtin(code: str) -> None:
    assert classify(code, DEFAULT_LAYOUT) == GtinScan(normalize_gtin(code))
