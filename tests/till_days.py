"""Days at a real till moved by a fake clock: a sale at noon of a given day, its total,
a till on a fresh SQLite journal with the hand-made catalog."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from catalog_fixture import write_catalog
from standalone_till.config import load_config
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.sales import totals
from standalone_till.service import Till


def ready_till(config: Path, exports: Path) -> Till:
    """A till set up (key made) with the hand-made catalog loaded; close it after."""
    till = Till(load_config(config))
    till.init()
    till.load_data(write_catalog(exports))
    return till


def noon(day: dt.date, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, minute, tzinfo=dt.UTC)


def sell(till: Till, day: dt.date, *codes: str, minute: int = 0) -> Ticket:
    """Ring up ``codes`` at noon (and ``minute``) of ``day``, paid in cash, exact."""
    sale = till.new_sale(noon(day, minute))
    for code in codes:
        sale.scan(code)
    sale.pay(PaymentMethod.CASH)
    return sale.close()


def total(ticket: Ticket) -> Decimal:
    return totals(ticket).total
