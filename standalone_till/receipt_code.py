"""The code printed on every receipt and slip (as a Code 128 barcode), naming the
ticket by store, till, business day and number: ``S1/T01/20261202/17``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

# Store and till ids follow the till config's rule (config_model._ID): no "/" in them.
_ID = r"[A-Za-z0-9_-]{1,32}"
_CODE = re.compile(rf"({_ID})/({_ID})/([0-9]{{8}})/([1-9][0-9]{{0,17}})")
_ID_ONLY = re.compile(_ID)


class ReceiptRef(NamedTuple):
    """A ticket named by what its receipt shows."""

    store_id: str
    till_id: str
    business_day: dt.date
    number: int


def receipt_code(store_id: str, till_id: str, day: dt.date, number: int) -> str:
    """The receipt code of ticket ``number`` of ``day`` at this store and till."""
    for name, value in (("store_id", store_id), ("till_id", till_id)):
        if not _ID_ONLY.fullmatch(value):
            raise ValueError(f"{name} must be 1..32 of A-Z, a-z, 0-9, _ and -, got {value!r}")
    if number < 1 or number >= 10**18:
        raise ValueError(f"ticket number must be 1..10^18-1, got {number}")
    return f"{store_id}/{till_id}/{day:%Y%m%d}/{number}"


def parse_receipt_code(text: str) -> ReceiptRef | None:
    """The ticket a scanned or typed receipt code names; None when ``text`` is not one.

    Surrounding whitespace (a scanner's line end) is ignored; anything else must be
    exactly what ``receipt_code`` writes.
    """
    match = _CODE.fullmatch(text.strip())
    if match is None:
        return None
    store_id, till_id, day_text, number_text = match.groups()
    try:
        day = dt.datetime.strptime(day_text, "%Y%m%d").date()
    except ValueError:
        return None
    return ReceiptRef(store_id, till_id, day, int(number_text))
