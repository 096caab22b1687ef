"""What a valid row of each entity is, as text: checked and normalised before it is published.

The ERP side runs every imported row through :func:`normalize_row`, so what reaches an
export is already valid and in one spelling ("1.2" and "1.20" are the same price, so a
change of spelling is no change). The till checks again as it loads (its own fast path).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from connectors.errors import ExportError
from ftp_import.format import ENTITIES, ROLES
from ftp_import.gtin import gtin_check_digit
from ftp_import.pins import is_pin_hash
from ftp_import.reader import parse_bool, parse_date, parse_decimal

Check = Callable[[str, str, int, str], str]  # (text, file, line, column) -> normalised text


def _text(limit: int) -> Check:
    def check(text: str, file: str, line: int, column: str) -> str:
        text = text.strip()
        if len(text) > limit or "\n" in text or "\r" in text:
            raise ExportError(
                f"{column}: at most {limit} characters on one line", file=file, line=line
            )
        return text

    return check


# The till stores amounts as integer units and refuses 16 digits before the point: an
# ERP value that large is refused here, at its import, rather than in every till's load.
_TOO_LARGE = Decimal(10) ** 15


def _decimal(places: int, *, percent: bool = False) -> Check:
    quantum = Decimal(1).scaleb(-places)

    def check(text: str, file: str, line: int, column: str) -> str:
        value = parse_decimal(text.strip(), places, file=file, line=line, column=column)
        if value < 0 or (percent and value > 100) or value >= _TOO_LARGE:
            limit = "0..100" if percent else "0 to 999,999,999,999,999.99"
            raise ExportError(f"{column}: must be {limit}, got {text!r}", file=file, line=line)
        return str(value.quantize(quantum))

    return check


def _bool(text: str, file: str, line: int, column: str) -> str:
    word = text.strip().lower()
    word = {
        "true": "1",
        "false": "0",
        "yes": "1",
        "no": "0",
        "": "1" if column == "active" else "0",
    }.get(word, word)
    return "1" if parse_bool(word, file=file, line=line, column=column) else "0"


def _date(text: str, file: str, line: int, column: str) -> str:
    value = parse_date(text.strip(), file=file, line=line, column=column)
    return value.isoformat() if value else ""


def _choice(*allowed: str) -> Check:
    def check(text: str, file: str, line: int, column: str) -> str:
        word = text.strip().lower()
        if word not in allowed:
            raise ExportError(
                f"{column}: expected one of {', '.join(allowed)}, got {text!r}",
                file=file,
                line=line,
            )
        return word

    return check


def _barcode(text: str, file: str, line: int, column: str) -> str:
    code = _text(32)(text, file, line, column)
    if code.isdigit() and len(code) in (12, 13) and gtin_check_digit(code[:-1]) != int(code[-1]):
        raise ExportError(
            f"{column}: check digit of {code} should be {gtin_check_digit(code[:-1])}",
            file=file,
            line=line,
        )
    return code.zfill(13) if code.isdigit() and len(code) == 12 else code


def _pin_hash(text: str, file: str, line: int, column: str) -> str:
    text = text.strip()
    if text and not is_pin_hash(text):
        # Never echo the value: it may be a PIN typed where its hash belongs.
        raise ExportError(
            f"{column}: not a PIN hash (scrypt$n$r$p$salt$hash); PINs are never exported",
            file=file,
            line=line,
        )
    return text


_CODE, _NAME = _text(32), _text(200)
CHECKS: dict[str, dict[str, Check]] = {
    "items": {
        "code": _CODE, "name": _NAME, "vat_rate": _decimal(2, percent=True),
        "sold_by": _choice("unit", "weight"), "alcohol": _bool, "active": _bool,
    },
    "prices": {"item_code": _CODE, "valid_from": _date, "price": _decimal(2), "valid_to": _date},
    "barcodes": {"barcode": _barcode, "item_code": _CODE},
    "customers": {"code": _CODE, "name": _NAME},
    "cards": {
        "number": _text(40), "customer_code": _CODE,
        "discount_percent": _decimal(2, percent=True), "active": _bool,
    },
    "offers": {
        "code": _CODE, "description": _NAME, "scope": _choice("all", "customer", "card"),
        "scope_ref": _text(40), "target": _choice("item", "total"), "item_code": _CODE,
        "kind": _choice("percent", "amount"), "value": _decimal(2),
        "valid_from": _date, "valid_to": _date,
    },
    "cashiers": {
        "code": _CODE, "name": _NAME, "role": _choice(*ROLES),
        "active": _bool, "pin_hash": _pin_hash,
    },
}  # fmt: skip


def normalize_row(entity: str, row: Sequence[str], *, file: str, line: int) -> list[str]:
    """``row`` (the entity's columns, in order) checked and in its one spelling."""
    spec = ENTITIES[entity]
    if len(row) != len(spec.columns):
        raise ExportError(
            f"expected {len(spec.columns)} columns ({', '.join(spec.columns)}), got {len(row)}",
            file=file,
            line=line,
        )
    checks = CHECKS[entity]
    out = [checks[c](v or "", file, line, c) for c, v in zip(spec.columns, row, strict=True)]
    for column, value in zip(spec.columns, out, strict=True):
        if column in spec.required and value == "":
            raise ExportError(f"{column}: a value is required", file=file, line=line)
    if entity in ROW_RULES:
        values = dict(zip(spec.columns, out, strict=True))
        if problem := ROW_RULES[entity](values):
            raise ExportError(problem, file=file, line=line)
    return out


def _offer_rule(o: dict[str, str]) -> str | None:
    if (o["scope"] == "all") == bool(o["scope_ref"]):
        return "scope_ref is required for customer and card, and empty for all"
    if (o["target"] == "item") != bool(o["item_code"]):
        return "item_code is required for target item, and empty for total"
    if o["valid_from"] and o["valid_to"] and o["valid_to"] < o["valid_from"]:
        return "valid_to is before valid_from"
    return None


# Rules across the columns of one row (normalised values by column), after each column's
# own check: every path into master data (CSV, ERP pull, offers import) goes through them.
ROW_RULES: dict[str, Callable[[dict[str, str]], str | None]] = {"offers": _offer_rule}
