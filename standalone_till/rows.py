"""Export rows (CSV text) to the catalog's stored values, checked as they stream by.

Each converter is one tight generator loop: this is the hot path of a full load, where
a million items mean three million rows. A bad value stops with the file, line and
column named.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from connectors.errors import ExportError
from ftp_import.gtin import gtin_check_digit
from ftp_import.pins import is_pin_hash

Row = tuple[object, ...]
CHUNK_ROWS = 20_000
RowConverter = Callable[..., Iterator[list[Row]]]
_BOOLS = {"1": True, "0": False, "true": True, "false": False}
_SOLD_BY = ("unit", "weight")
_SCOPES = ("all", "customer", "card")
_TARGETS = ("item", "total")
_KINDS = ("percent", "amount")
_ROLES = ("cashier", "supervisor")
_MAX_WHOLE_DIGITS = 15


@functools.lru_cache(maxsize=1 << 16)
def export_units(text: str, places: int) -> int:
    """ "12.3" with 2 places -> 1230, for an export file's amounts (the SOAP contract's,
    which may be negative, are ``ticket_contract.units.units``); refuses signs, exponents,
    extra decimals, digits other than ASCII ones, and more than 15 digits before the point
    (a database integer holds about 18: larger would overflow at the insert instead of
    being refused here)."""
    whole, _, frac = text.partition(".")
    if (
        not text.isascii()
        or not whole.isdigit()
        or len(frac) > places
        or (frac and not frac.isdigit())
    ):
        raise ValueError(f"must be a decimal with at most {places} decimals, got {text!r}")
    if len(whole.lstrip("0")) > _MAX_WHOLE_DIGITS:
        raise ValueError(
            f"must have at most {_MAX_WHOLE_DIGITS} digits before the point, got {text!r}"
        )
    return int(whole + frac.ljust(places, "0"))


@functools.lru_cache(maxsize=1 << 12)
def _date(text: str) -> str | None:
    if not text:
        return None
    if (
        len(text) != 10
        or text[4] != "-"
        or text[7] != "-"
        or not (text[:4] + text[5:7] + text[8:]).isdigit()
    ):
        raise ValueError(f"must be a date YYYY-MM-DD, got {text!r}")
    return text


def _bool(text: str) -> bool:
    try:
        return _BOOLS[text]
    except KeyError:
        raise ValueError(f"must be 1 or 0, got {text!r}") from None


def _choice(text: str, allowed: tuple[str, ...]) -> str:
    if text not in allowed:
        raise ValueError(f"must be one of {', '.join(allowed)}, got {text!r}")
    return text


def normalize_barcode(code: str) -> str:
    """Barcodes as the catalog stores them: UPC-A as EAN-13; GTIN check digits verified."""
    if code.isdigit() and len(code) in (12, 13):
        if gtin_check_digit(code[:-1]) != int(code[-1]):
            raise ValueError(f"check digit of {code} should be {gtin_check_digit(code[:-1])}")
        return code.zfill(13)
    return code


def _fail(file: str, line: int, entity: str, row: list[str], exc: Exception) -> ExportError:
    from ftp_import.format import ENTITIES

    columns = ENTITIES[entity].columns
    column = _guess_column(columns, row, exc)
    where = f"column {column}: " if column else ""
    return ExportError(f"{where}{exc}", file=file, line=line)


def _guess_column(columns: tuple[str, ...], row: list[str], exc: Exception) -> str | None:
    text = str(exc)
    for name, value in zip(columns, row, strict=False):
        if value and repr(value) in text:
            return name
    return None


def _converter(entity: str, convert: Callable[[list[str]], Row]) -> RowConverter:
    def run(rows: Iterable[list[str]], file: str, size: int = CHUNK_ROWS) -> Iterator[list[Row]]:
        """Converted rows in lists of ``size``: one generator step per chunk, not per row."""
        it = iter(rows)
        line = 2  # the header is line 1
        while True:
            chunk: list[Row] = []
            append = chunk.append
            try:
                for row in islice(it, size):
                    append(convert(row))
            except ValueError as exc:
                raise _fail(file, line + len(chunk), entity, row, exc) from exc
            if not chunk:
                return
            line += len(chunk)
            yield chunk

    run.__name__ = f"convert_{entity}"
    return run


def _item(r: list[str]) -> Row:
    return (
        r[0],
        r[1],
        export_units(r[2], 2),
        _choice(r[3], _SOLD_BY),
        _bool(r[4] or "0"),
        _bool(r[5] or "1"),
    )


def _price(r: list[str]) -> Row:
    return (r[0], _date(r[1]), export_units(r[2], 2), _date(r[3]))


def _barcode(r: list[str]) -> Row:
    return (normalize_barcode(r[0]), r[1])


def _customer(r: list[str]) -> Row:
    return (r[0], r[1])


def _card(r: list[str]) -> Row:
    return (r[0], r[1] or None, export_units(r[2], 2), _bool(r[3] or "1"))


def _offer(r: list[str]) -> Row:
    return (
        r[0],
        r[1],
        _choice(r[2], _SCOPES),
        r[3] or None,
        _choice(r[4], _TARGETS),
        r[5] or None,
        _choice(r[6], _KINDS),
        export_units(r[7], 2),
        _date(r[8]),
        _date(r[9]),
    )


def _cashier(r: list[str]) -> Row:
    if not is_pin_hash(r[4]):
        raise ValueError("pin_hash is not a PIN hash")  # never echoes the value
    return (r[0], r[1], _choice(r[2], _ROLES), _bool(r[3] or "1"), r[4])


_ROW_FUNCTIONS: dict[str, Callable[[list[str]], Row]] = {
    "items": _item,
    "prices": _price,
    "barcodes": _barcode,
    "customers": _customer,
    "cards": _card,
    "offers": _offer,
    "cashiers": _cashier,
}
ROW_CONVERTERS: dict[str, RowConverter] = {
    entity: _converter(entity, function) for entity, function in _ROW_FUNCTIONS.items()
}


def convert_row(entity: str, row: list[str], file: str, line: int) -> Row:
    """One row (without its ``op``) as stored; ExportError names file, line and column."""
    try:
        return _ROW_FUNCTIONS[entity](row)
    except ValueError as exc:
        raise _fail(file, line, entity, row, exc) from exc


def _key(entity: str, convert: Callable[[list[str]], Row]) -> Callable[[list[str], str, int], Row]:
    def run(row: list[str], file: str, line: int) -> Row:
        try:
            return convert(row)
        except ValueError as exc:
            raise _fail(file, line, entity, row, exc) from exc

    return run


KEY_CONVERTERS: dict[str, Callable[[list[str], str, int], Row]] = {
    "items": _key("items", lambda r: (r[0],)),
    "prices": _key("prices", lambda r: (r[0], _date(r[1]))),
    "barcodes": _key("barcodes", lambda r: (normalize_barcode(r[0]),)),
    "customers": _key("customers", lambda r: (r[0],)),
    "cards": _key("cards", lambda r: (r[0],)),
    "offers": _key("offers", lambda r: (r[0],)),
    "cashiers": _key("cashiers", lambda r: (r[0],)),
}
