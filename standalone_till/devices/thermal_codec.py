"""Frames of the POSNET "Thermal" protocol (pure: building and parsing bytes).

Followed: POSNET *Specyfikacja protokołu Thermal* (Thermal FV 1.01 family; the same
frames are spoken by Thermal-compatible printers of other makers), as implemented by the
open-source Thermal 1.01/2.03/3.01 drivers of fps.bart.prokop.name, which fill in the
parameters the summaries leave out.

    ESC P <params separated by ;> <command: 2 chars> <data> <check code> ESC \\

The check code is two upper-case hex digits: 0xFF XOR every byte between ``ESC P`` and
the code. Fields inside data end with CR or ``/``; text is in the Mazovia code page.
With error mode 3 (``3#e``) the printer answers each command with ``ESC P <n>#Z ESC \\``,
``n`` = 0 when it was carried out, else its error number. One-byte real-time queries
need no frame: DLE -> ``0x70 | ONL<<2 | PE<<1 | ERR``, ENQ -> ``0x60 | FSK<<3 | CMD<<2 |
PAR<<1 | TRF``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from standalone_till.devices.printers import ReceiptLine
from standalone_till.model import Payment, PaymentMethod
from standalone_till.money import cents, qty3

ESC_P = b"\x1bP"
ESC_BACKSLASH = b"\x1b\\"
ENQ, DLE, CAN = b"\x05", b"\x10", b"\x18"
BAD_CHECK_CODE = 2  # the printer's error number for a frame whose check code is wrong
NAME_LEN = 40
LETTERS = "ABCDEFG"
EXEMPT, UNUSED = Decimal("100"), Decimal("101")  # PTU values: exempt ("zw"), letter unused

# Payment forms of $y other than cash (cash is the WPLATA field): 1 card, 2 cheque, 3 voucher.
FORMS = {PaymentMethod.CARD: (1, "Karta")}

_MAZOVIA = {
    "Ą": 0x8F, "Ć": 0x95, "Ę": 0x90, "Ł": 0x9C, "Ń": 0xA5, "Ó": 0xA3, "Ś": 0x98, "Ź": 0xA0,
    "Ż": 0xA1, "ą": 0x86, "ć": 0x8D, "ę": 0x91, "ł": 0x92, "ń": 0xA4, "ó": 0xA2, "ś": 0x9E,
    "ź": 0xA6, "ż": 0xA7,
}  # fmt: skip
_ERROR_REPLY = re.compile(rb"([0-9]{1,3})#Z")
_RATE = re.compile(r"[0-9]{1,3}\.[0-9]{2}")

ERRORS = {
    1: "clock not set",
    2: "bad check code",
    3: "wrong number of parameters",
    4: "bad parameter",
    16: "bad line name",
    17: "bad quantity",
    18: "bad VAT letter",
    19: "bad price",
    20: "bad gross amount",
    21: "not in a receipt",
    23: "wrong number of lines",
    24: "print buffer full",
    25: "bad till code",
    26: "bad payment amount",
    27: "bad total",
    28: "totaliser overflow",
    34: "bad cashier field",
    40: "receipts blocked after an error or fiscal memory full",
    82: "not allowed in the printer's current state",
    95: "not allowed during a receipt",
    96: "receipt cancelled: took too long",
    97: "battery low: cannot sell",
}


def check_code(body: bytes) -> bytes:
    code = 0xFF
    for byte in body:
        code ^= byte
    return f"{code:02X}".encode()


def frame(body: bytes, *, checked: bool = True) -> bytes:
    return ESC_P + body + (check_code(body) if checked else b"") + ESC_BACKSLASH


def _mazovia(ch: str) -> bytes:
    if ch in _MAZOVIA:
        return bytes([_MAZOVIA[ch]])
    if " " <= ch <= "~":
        return ch.encode("ascii")
    if ch.isspace() or unicodedata.category(ch) == "Cc":
        return b" "  # a control byte (CR, ESC) would break the frame
    return unicodedata.normalize("NFKD", ch).encode("ascii", "ignore")[:1] or b"?"


def text(value: str, max_len: int = NAME_LEN) -> bytes:
    """``value`` in Mazovia, at most ``max_len`` characters; other accents dropped."""
    return b"".join(_mazovia(ch) for ch in value[:max_len])


def amount(x: Decimal) -> bytes:
    return f"{cents(x):.2f}".encode()


def quantity(q: Decimal) -> bytes:
    return f"{qty3(q).normalize():f}".encode()


def error_mode(mode: int = 3) -> bytes:
    return f"{mode}#e".encode()


def status_request() -> bytes:
    return b"23#s"  # sent without a check code, as the reference drivers do


def open_receipt(lines: int = 0) -> bytes:
    return f"{lines}$h".encode()  # 0 lines: on-line mode, lines follow one by one


def receipt_line(number: int, line: ReceiptLine) -> bytes:
    qty, price, gross = line_figures(line)
    kind = 1 if line.discount else 0  # 1: amount off the line
    head = f"{number};{kind}$l".encode()
    figures = b"/".join([line.vat_letter.encode(), price, gross, amount(line.discount)])
    return head + text(line.name) + b"\r" + qty + b"\r" + figures + b"/"


def line_figures(line: ReceiptLine) -> tuple[bytes, bytes, bytes]:
    """(quantity, price, gross); a price finer than the cent goes as 1 x gross."""
    price = cents(line.unit_price)
    if price != line.unit_price or cents(qty3(line.quantity) * price) != line.gross:
        return b"1", amount(line.gross), amount(line.gross)
    return quantity(line.quantity), amount(price), amount(line.gross)


def cancel_receipt() -> bytes:
    return b"0$e"


def close_receipt(
    total: Decimal,
    payments: Sequence[Payment],
    change: Decimal,
    *,
    till_code: str,
    cashier: str,
    reference: str,
) -> bytes:
    """``$y``: end a receipt with cash (WPLATA), other payment forms and change (RESZTA)."""
    cash = sum((p.amount for p in payments if p.method is PaymentMethod.CASH), Decimal("0"))
    forms = [(FORMS[p.method], p.amount) for p in payments if p.method is not PaymentMethod.CASH]
    params = [0, 0, 1, 0, 0, 0, 0, 1, len(forms), 1 if change else 0, 1 if cash else 0]
    params += [kind for (kind, _), _ in forms]
    head = ";".join(str(p) for p in params).encode() + b"$y"
    names = b"".join(text(name) + b"\r" for (_, name), _ in forms)
    fields = [total, total, Decimal("0"), cash, *(a for _, a in forms), change]
    data = text(till_code, 8) + b"\r" + text(cashier, 32) + b"\r" + text(reference, 16) + b"\r"
    return head + data + names + b"".join(amount(f) + b"/" for f in fields)


def daily_report(day: dt.date) -> bytes:
    return f"1;{day.year % 100};{day.month};{day.day}#r".encode()


def open_drawer() -> bytes:
    """``1$d``: open the drawer wired to the printer (as the reference drivers send it)."""
    return b"1$d"


def unframe(raw: bytes) -> bytes:
    """The body of ``ESC P body ESC \\``; ValueError if ``raw`` is not one frame."""
    if not (raw.startswith(ESC_P) and raw.endswith(ESC_BACKSLASH)) or len(raw) < 4:
        raise ValueError("not ESC P ... ESC \\")
    return raw[2:-2]


def error_number(body: bytes) -> int:
    found = _ERROR_REPLY.fullmatch(body)
    if not found:
        raise ValueError("not an <n>#Z answer")
    return int(found[1])


def describe(error: int) -> str:
    return f"error {error}: {ERRORS.get(error, 'see the printer manual')}"


def vat_table(body: bytes) -> dict[Decimal, str]:
    """Rate -> PTU letter from the ``#X`` answer to ``#s``; exempt and unused letters skipped."""
    if b"#X" not in body:
        raise ValueError("not a #X status answer")
    fields = body.decode("latin-1").split("/")[1:]
    if len(fields) < len(LETTERS) or not all(_RATE.fullmatch(f) for f in fields[: len(LETTERS)]):
        raise ValueError("no seven PTU rates after the first /")
    table: dict[Decimal, str] = {}
    for letter, field in zip(LETTERS, fields, strict=False):
        rate = Decimal(field)
        if rate not in (EXEMPT, UNUSED):
            table.setdefault(rate.normalize(), letter)
    return table


def realtime_flags(reply: bytes, query: bytes) -> int:
    """The flag bits of a DLE or ENQ answer byte; ValueError if its high bits are wrong."""
    high = 0x70 if query == DLE else 0x60
    if len(reply) != 1 or reply[0] & 0xF0 != high:
        raise ValueError(f"expected one byte 0x{high >> 4:x}?")
    return reply[0] & 0x0F
