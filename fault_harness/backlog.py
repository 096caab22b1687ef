"""A backlog of closed tickets written straight into a till's journal and outbox.

For benchmarks and fault runs that need thousands of tickets waiting to be sent: the
tickets are rung up with the real sales rules, then stored 5,000 to a transaction with
no sale session per ticket, which is what makes 100,000 of them take seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from standalone_till.model import PaymentMethod
from standalone_till.sales import add_line, add_payment, open_ticket
from standalone_till.service import Till


def make_backlog(till: Till, n: int, barcodes: Sequence[str]) -> None:
    """N closed tickets of today, one line per barcode each, paid by card, in the outbox."""
    now = dt.datetime.now(dt.UTC)
    day = now.astimezone().date()
    items = [till.catalog.scan(code, day).item for code in barcodes]
    with till.db.write(till.db.journal) as conn:
        till.journal._open(conn, now)  # the business day the tickets belong to
    done = 0
    while done < n:
        with till.db.write(till.db.journal) as conn:
            for _ in range(min(5000, n - done)):
                done += 1
                t = open_ticket(till.cfg.till.store_id, till.cfg.till.till_id, now=now)
                for i, item in enumerate(items):
                    t = add_line(t, item, Decimal(1 + (done + i) % 3))
                t = add_payment(t, PaymentMethod.CARD)
                t = dataclasses.replace(
                    t, business_day=day, number=done, closed_at=now, status="closed"
                )
                till.journal._insert(conn, t, now)
