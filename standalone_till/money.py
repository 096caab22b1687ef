"""Money and quantity rules: ``Decimal`` only, rounded half up at defined points;
strict parsing of typed amounts, VAT out of VAT-inclusive prices, exact splits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from connectors.errors import BadInput

CENT = Decimal("0.01")
QTY_STEP = Decimal("0.001")  # quantities are kg (or units) to three decimals

# Bounded integer parts keep every value well inside Decimal's 28-digit precision.
_MONEY_TEXT = re.compile(r"[+-]?[0-9]{1,13}(?:\.[0-9]{1,2})?")
_QUANTITY_TEXT = re.compile(r"[+-]?[0-9]{1,9}(?:\.[0-9]{1,3})?")


def cents(x: Decimal) -> Decimal:
    """``x`` rounded half up to the cent."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def qty3(x: Decimal) -> Decimal:
    """A quantity rounded half up to three decimals."""
    return x.quantize(QTY_STEP, rounding=ROUND_HALF_UP)


def _point(text: str, decimal_comma: bool) -> str:
    return text.replace(",", ".", 1) if decimal_comma else text


def parse_money(text: str, *, decimal_comma: bool = False) -> Decimal:
    """An amount typed by a person: ``12``, ``-3.5``, ``0.99``; nothing else.
    ``decimal_comma``: ``0,99`` is taken too (a cashier's keypad, in most of Europe)."""
    plain = _point(text, decimal_comma)
    if not _MONEY_TEXT.fullmatch(plain):
        raise BadInput(f"not an amount of money: {text!r} (digits, at most 2 decimals)")
    # Adding zero turns "-0" into "0.00" so equal amounts print the same.
    return cents(Decimal(plain)) + 0


def parse_quantity(text: str, *, decimal_comma: bool = False) -> Decimal:
    """A quantity typed by a person: greater than zero, at most 3 decimals
    (``decimal_comma`` as for ``parse_money``)."""
    plain = _point(text, decimal_comma)
    if not _QUANTITY_TEXT.fullmatch(plain):
        raise BadInput(f"not a quantity: {text!r} (digits, at most 3 decimals)")
    quantity = qty3(Decimal(plain))
    if quantity <= 0:
        raise BadInput(f"quantity must be greater than 0, got {text!r}")
    return quantity


def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` into cents proportional to ``weights`` (largest remainder).

    The parts always add up to ``total`` exactly; all-zero weights split it equally;
    leftover cents go to the largest remainders, earlier index first on a tie.
    """
    if not weights:
        raise ValueError("allocate needs at least one weight")
    if any(not w.is_finite() or w < 0 for w in weights):
        raise ValueError(f"weights must be finite and non-negative, got {list(weights)}")
    if not total.is_finite() or cents(total) != total:
        raise ValueError(f"total must be a whole number of cents, got {total}")
    units = int(total / CENT)
    shares = [Fraction(w) for w in weights]
    if not any(shares):
        shares = [Fraction(1)] * len(weights)
    parts = _largest_remainder(abs(units), shares)
    sign = -1 if units < 0 else 1
    return [cents(Decimal(sign * p) * CENT) for p in parts]


def _largest_remainder(units: int, shares: list[Fraction]) -> list[int]:
    whole = sum(shares)
    quotas = [units * s / whole for s in shares]
    parts = [int(q) for q in quotas]  # quotas are >= 0, so int() is floor
    leftover = units - sum(parts)
    by_remainder = sorted(range(len(quotas)), key=lambda i: (parts[i] - quotas[i], i))
    for i in by_remainder[:leftover]:
        parts[i] += 1
    return parts


def vat_of_gross(gross: Decimal, rate: Decimal) -> Decimal:
    """The VAT inside a VAT-inclusive ``gross`` at ``rate`` percent, to the cent."""
    if rate < 0:
        raise ValueError(f"a VAT rate cannot be negative, got {rate}")
    return cents(gross * rate / (100 + rate))
