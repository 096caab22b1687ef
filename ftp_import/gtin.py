"""GTIN check digits (EAN-13, EAN-8, UPC-A), shared by the ERP side and the till."""

from __future__ import annotations

GTIN_LENGTHS = (8, 12, 13)


def gtin_check_digit(body: str) -> int:
    """The check digit for ``body`` (a GTIN without its last digit)."""
    # From the right, digits weigh 3, 1, 3, 1...: two C-level sums instead of a loop.
    total = 3 * sum(map(int, body[::-2])) + sum(map(int, body[-2::-2]))
    return -total % 10


def is_valid_gtin(code: str) -> bool:
    return (
        len(code) in GTIN_LENGTHS
        and code.isascii()
        and code.isdigit()
        and gtin_check_digit(code[:-1]) == int(code[-1])
    )


def complete_gtin(body: str) -> str:
    """``body`` followed by its check digit."""
    return body + str(gtin_check_digit(body))
