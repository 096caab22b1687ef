"""Exact amounts as integers in their smallest unit, straight from decimal text.

Money is counted in cents, quantities in thousandths, unit prices in ten-thousandths and
VAT rates in hundredths of a percent. Integers keep the ticket rules exact and fast and
are what the database stores; ``Decimal`` appears only when showing them.
"""

from __future__ import annotations

from decimal import Decimal

MONEY = 2  # decimal places of each kind of amount
QUANTITY = 3
UNIT_PRICE = 4
RATE = 2


def units(text: str | None, places: int, name: str = "value") -> int:
    """``text`` (an xsd:decimal: optional sign, digits, optional fraction) as an integer
    count of 10**-places; ValueError when it needs more places or is not a decimal."""
    if text is not None:
        whole, _, fraction = text.partition(".")
        # The usual spellings ("12.50", "5.5", "2") are one int() call: the hot path.
        # int() itself refuses what is not digits (after the checks for what it allows).
        short = places - len(fraction)
        if short >= 0 and (whole.lstrip("+-") or fraction) and text.isascii() and "_" not in text:
            try:
                return int(whole + fraction + "0" * short)
            except ValueError:
                pass
    return _units(text, places, name)


def _units(text: str | None, places: int, name: str) -> int:
    raw = (text or "").strip()
    whole, _, fraction = raw.partition(".")
    if len(fraction) > places:
        if fraction[places:].strip("0"):
            raise ValueError(f"{name} {raw} has more than {places} decimals")
        fraction = fraction[:places]
    sign = whole[:1] if whole[:1] in ("+", "-") else ""
    core = whole[len(sign) :] + fraction
    if not (core.isascii() and core.isdigit()):
        raise ValueError(f"{name} {raw!r} is not a decimal number")
    return int(sign + core + "0" * (places - len(fraction)))


def div_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half away from zero (as ROUND_HALF_UP)."""
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def as_decimal(value: int, places: int) -> Decimal:
    return Decimal(value).scaleb(-places)


def text(value: int, places: int) -> str:
    """``1250, 2`` -> ``"12.50"``."""
    return str(as_decimal(value, places))
