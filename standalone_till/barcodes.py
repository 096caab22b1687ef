"""What a scanned code is: a GTIN, an in-store weight/price label (GS1 20-29), or an
internal code; with check digits verified and in-store values decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from connectors.errors import BarcodeError
from ftp_import.gtin import GTIN_LENGTHS, complete_gtin, gtin_check_digit
from standalone_till.money import cents, qty3

INTERNAL_CODE_MAX = 32

# Prefix first, then item reference and value in either order, check digit last.
_LAYOUT_PATTERN = re.compile(r"P+(?:I+V+|V+I+)C")


def _is_digits(text: str) -> bool:
    # str.isdigit alone accepts non-ASCII digits such as "٣".
    return text.isascii() and text.isdigit()


@dataclass(frozen=True, slots=True)
class InStoreLayout:
    """Where the prefix (P), item reference (I), value (V) and check digit (C) sit."""

    pattern: str = "PPIIIIIVVVVVC"
    weight_prefixes: tuple[str, ...] = ("20", "21", "22", "23", "24")
    price_prefixes: tuple[str, ...] = ("25", "26", "27", "28", "29")
    weight_decimals: int = 3
    price_decimals: int = 2

    def __post_init__(self) -> None:
        _check_pattern(self.pattern)
        _check_prefixes(self)
        _check_decimals("weight_decimals", self.weight_decimals, 3, self.pattern)
        _check_decimals("price_decimals", self.price_decimals, 2, self.pattern)

    def span(self, letter: str) -> slice:
        """Where the digits marked ``letter`` sit in a code."""
        start = self.pattern.index(letter)
        return slice(start, start + self.pattern.count(letter))

    def is_weight(self, prefix: str) -> bool:
        return prefix in self.weight_prefixes


def _check_pattern(pattern: str) -> None:
    if len(pattern) != 13:
        raise ValueError(f"in-store pattern must have 13 letters, got {len(pattern)}: {pattern!r}")
    if not _LAYOUT_PATTERN.fullmatch(pattern):
        raise ValueError(
            f"in-store pattern {pattern!r} must be P... first, then one run of I and one"
            " run of V (either order), and a single C last"
        )


def _check_decimals(name: str, decimals: int, most: int, pattern: str) -> None:
    limit = min(most, pattern.count("V"))
    if not 0 <= decimals <= limit:
        raise ValueError(f"{name} must be 0..{limit} for pattern {pattern!r}, got {decimals}")


def _check_prefixes(layout: InStoreLayout) -> None:
    width = layout.pattern.count("P")
    prefixes = layout.weight_prefixes + layout.price_prefixes
    for prefix in prefixes:
        if len(prefix) != width or not _is_digits(prefix) or not prefix.startswith("2"):
            raise ValueError(
                f"in-store prefix {prefix!r} must be {width} digits in the GS1 range 20-29"
            )
    if set(layout.weight_prefixes) & set(layout.price_prefixes):
        raise ValueError("a prefix cannot be both a weight and a price prefix")


DEFAULT_LAYOUT = InStoreLayout()


@dataclass(frozen=True, slots=True)
class InStoreCode:
    """A decoded in-store label: weight in kg for weight prefixes, else price."""

    prefix: str
    item_ref: str
    weight: Decimal | None
    price: Decimal | None


@dataclass(frozen=True, slots=True)
class GtinScan:
    code: str  # normalized: EAN-8 or EAN-13


@dataclass(frozen=True, slots=True)
class InStoreScan:
    code: str
    instore: InStoreCode


@dataclass(frozen=True, slots=True)
class InternalScan:
    code: str


Scan = GtinScan | InStoreScan | InternalScan


def normalize_gtin(code: str) -> str:
    """A verified EAN-8 or EAN-13; a UPC-A (12 digits) becomes EAN-13 with a leading 0."""
    if not (_is_digits(code) and len(code) in GTIN_LENGTHS):
        raise BarcodeError("a GTIN has 8, 12 or 13 digits", barcode=code)
    _verify_check_digit(code)
    return "0" + code if len(code) == 12 else code


def _verify_check_digit(code: str) -> None:
    expected = gtin_check_digit(code[:-1])
    if int(code[-1]) != expected:
        raise BarcodeError(f"wrong check digit {code[-1]}, it should be {expected}", barcode=code)


def decode_instore(code: str, layout: InStoreLayout = DEFAULT_LAYOUT) -> InStoreCode | None:
    """The in-store label in ``code``, or None when ``code`` is not one for ``layout``."""
    if len(code) != 13 or not _is_digits(code):
        return None
    prefix = code[layout.span("P")]
    if prefix not in layout.weight_prefixes + layout.price_prefixes:
        return None
    _verify_check_digit(code)
    item_ref = code[layout.span("I")]
    digits = Decimal(code[layout.span("V")])
    if layout.is_weight(prefix):
        return InStoreCode(prefix, item_ref, qty3(digits.scaleb(-layout.weight_decimals)), None)
    return InStoreCode(prefix, item_ref, None, cents(digits.scaleb(-layout.price_decimals)))


def encode_instore(
    prefix: str, item_ref: str, value: Decimal, layout: InStoreLayout = DEFAULT_LAYOUT
) -> str:
    """The 13-digit label for ``value`` (kg or price, by prefix); ValueError if it won't fit."""
    if prefix not in layout.weight_prefixes + layout.price_prefixes:
        raise ValueError(f"prefix {prefix!r} is not an in-store prefix of this layout")
    fields = {
        "P": prefix,
        "I": _fit(item_ref, layout.span("I"), "item reference"),
        "V": _fit(_value_digits(prefix, value, layout), layout.span("V"), "value"),
    }
    body = "".join(fields[letter] for letter in dict.fromkeys(layout.pattern[:-1]))
    return complete_gtin(body)


def _value_digits(prefix: str, value: Decimal, layout: InStoreLayout) -> str:
    decimals = layout.weight_decimals if layout.is_weight(prefix) else layout.price_decimals
    scaled = value.scaleb(decimals)
    if not value.is_finite() or value < 0 or scaled != scaled.to_integral_value():
        raise ValueError(f"value {value} must be >= 0 with at most {decimals} decimals")
    return str(int(scaled))


def _fit(digits: str, where: slice, what: str) -> str:
    width = where.stop - where.start
    if not _is_digits(digits) or len(digits) > width:
        raise ValueError(f"{what} {digits!r} must be at most {width} digits")
    return digits.zfill(width)


def classify(code: str, layout: InStoreLayout = DEFAULT_LAYOUT) -> Scan:
    """What a scanned ``code`` is; BarcodeError when it cannot be any of them."""
    text = code.strip()
    if not text:
        raise BarcodeError("empty code", barcode=code)
    instore = decode_instore(text, layout)
    if instore is not None:
        return InStoreScan(text, instore)
    if _is_digits(text) and len(text) in GTIN_LENGTHS:
        return GtinScan(normalize_gtin(text))
    if len(text) > INTERNAL_CODE_MAX:
        raise BarcodeError(f"longer than {INTERNAL_CODE_MAX} characters", barcode=code)
    if not text.isprintable() or any(ch.isspace() for ch in text):
        raise BarcodeError("not printable or has a space inside", barcode=code)
    return InternalScan(text)
