"""The cash rules of the drawer: movements (float, cash in and out, safe drop, drawer
opened without a sale, the closing count), the notes and coins of a currency, and the
cash the drawer should hold.

Plain functions over plain data; the journal stores what they make. Amounts are
``Decimal`` cents, always positive: the movement's kind says which way the cash goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from connectors.errors import BadInput, SaleError
from connectors.times import utc_text
from standalone_till.money import cents, parse_money

ZERO = Decimal("0.00")
MAX_REASON = 200


class CashKind(StrEnum):
    FLOAT = "float"  # the change fund put in at the start of the day
    CASH_IN = "cash_in"
    CASH_OUT = "cash_out"
    DROP = "drop"  # taken to the safe
    DRAWER_OPEN = "drawer_open"  # opened without a sale (amount 0)
    COUNT = "count"  # the closing count by note and coin (amount: the counted total)


# Approvals a supervisor gives for the drawer (recorded on the document).
DRAWER_OPEN_APPROVAL = "drawer_open"
CASH_OUT_APPROVAL = "cash_out_over_limit"

# Notes and coins of the currencies the till is sold with, largest first.
_COINS = ("2", "1", "0.50", "0.20", "0.10", "0.05", "0.02", "0.01")
DENOMINATIONS: dict[str, tuple[str, ...]] = {
    "EUR": ("500", "200", "100", "50", "20", "10", "5", *_COINS),
    "PLN": ("500", "200", "100", "50", "20", "10", "5", *_COINS),
    "GBP": ("50", "20", "10", "5", *_COINS),
    "CHF": ("1000", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05"),
    "USD": ("100", "50", "20", "10", "5", "2", "1", "0.25", "0.10", "0.05", "0.01"),
    "RUB": ("5000", "2000", "1000", "500", "200", "100", "50", "10", "5", "2", "1"),
}


@dataclass(frozen=True, slots=True)
class CashMovement:
    """One movement of the drawer; ``business_day`` and ``number`` are set by the journal."""

    id: str
    store_id: str
    till_id: str
    kind: CashKind
    amount: Decimal
    created_at: dt.datetime  # UTC, aware
    reason: str | None = None
    counts: tuple[tuple[Decimal, int], ...] = ()  # (denomination, count), count only
    cashier: str | None = None
    supervisor: str | None = None
    business_day: dt.date | None = None
    number: int | None = None


def approval_needed(kind: CashKind, amount: Decimal, cashout_limit: Decimal) -> str | None:
    """What a supervisor must approve for this movement (None: the cashier may alone)."""
    if kind is CashKind.DRAWER_OPEN:
        return DRAWER_OPEN_APPROVAL
    if kind is CashKind.CASH_OUT and amount > cashout_limit:
        return CASH_OUT_APPROVAL
    return None


def new_movement(
    kind: CashKind,
    amount: Decimal,
    *,
    movement_id: str,
    store_id: str,
    till_id: str,
    now: dt.datetime,
    reason: str | None = None,
    counts: Sequence[tuple[Decimal, int]] = (),
    cashier: str | None = None,
    supervisor: str | None = None,
) -> CashMovement:
    """A checked movement: a positive amount in cents (drawer_open: 0; count: the total
    of its counts), a reason for cash in and out, counts for a count only."""
    if now.tzinfo is None:
        raise ValueError("a cash movement needs an aware time")
    reason = (reason or "").strip() or None
    if reason is not None and len(reason) > MAX_REASON:
        raise BadInput(f"the reason is at most {MAX_REASON} characters, got {len(reason)}")
    if reason is not None and any(ord(c) < 32 or ord(c) == 127 for c in reason):
        raise BadInput("the reason is one line of text: no control characters")
    if kind in (CashKind.CASH_IN, CashKind.CASH_OUT) and reason is None:
        raise SaleError(f"a {kind.value.replace('_', ' ')} needs a reason (--reason TEXT)")
    if kind is CashKind.COUNT:
        amount = counted_total(counts)
    elif counts:
        raise SaleError("only a count has counts by note and coin")
    if kind is CashKind.DRAWER_OPEN:
        amount = ZERO
    elif kind is not CashKind.COUNT and (not amount.is_finite() or amount <= 0):
        raise SaleError(f"a {kind.value.replace('_', ' ')} must be more than 0, got {amount}")
    if cents(amount) != amount:
        raise SaleError(f"an amount is in whole cents, got {amount}")
    return CashMovement(
        id=movement_id,
        store_id=store_id,
        till_id=till_id,
        kind=kind,
        amount=cents(amount) + 0,
        created_at=now.astimezone(dt.UTC).replace(microsecond=0),
        reason=reason,
        counts=tuple(counts),
        cashier=cashier,
        supervisor=supervisor,
    )


def movement_document(movement: CashMovement) -> dict[str, object]:
    """The movement as its stored (and sent) JSON document."""
    return {
        "id": movement.id,
        "store_id": movement.store_id,
        "till_id": movement.till_id,
        "business_day": movement.business_day.isoformat() if movement.business_day else None,
        "number": movement.number,
        "kind": movement.kind.value,
        "amount": f"{movement.amount:f}",
        "reason": movement.reason,
        "counts": [{"denomination": f"{d:f}", "count": n} for d, n in movement.counts],
        "cashier": movement.cashier,
        "supervisor": movement.supervisor,
        "created_at": utc_text(movement.created_at, seconds=True),
    }


# ---- notes and coins -----------------------------------------------------------------


def denominations_for(currency: str, configured: Sequence[str] = ()) -> tuple[Decimal, ...]:
    """The notes and coins counted at this till: the configured ones, else the currency's."""
    texts = tuple(configured) or DENOMINATIONS.get(currency, ())
    if not texts:
        raise BadInput(
            f"no notes and coins known for {currency}: set them with "
            "`till config set cash.denominations 100,50,20,...`"
        )
    return tuple(sorted((cents(Decimal(t)) for t in texts), reverse=True))


def _denomination(text: str) -> Decimal:
    try:
        return parse_money(text.strip(), decimal_comma=True)
    except BadInput as exc:
        raise BadInput(f"not a note or coin: {text!r}") from exc


def parse_counts(
    specs: Sequence[str], denominations: Sequence[Decimal]
) -> tuple[tuple[Decimal, int], ...]:
    """``DENOMINATION=COUNT`` items (``50=3``, ``0.20=12``) as (denomination, count),
    largest first; each denomination of the till's currency at most once."""
    known = set(denominations)
    counted: dict[Decimal, int] = {}
    for spec in specs:
        value, eq, number = spec.partition("=")
        if not eq:
            raise BadInput(f"{spec!r}: give DENOMINATION=COUNT, e.g. 50=3")
        denomination = _denomination(value)
        if denomination not in known:
            shown = ", ".join(f"{d:f}" for d in denominations)
            raise BadInput(f"{spec!r}: {value} is not a note or coin here ({shown})")
        if denomination in counted:
            raise BadInput(f"{spec!r}: {value} is counted twice")
        try:
            count = int(number.strip())
        except ValueError:
            raise BadInput(f"{spec!r}: the count must be a whole number") from None
        if count < 0 or count > 1_000_000:
            raise BadInput(f"{spec!r}: the count must be 0..1000000")
        counted[denomination] = count
    if not counted:
        raise BadInput("count at least one note or coin (DENOMINATION=COUNT)")
    return tuple(sorted(counted.items(), reverse=True))


def counted_total(counts: Iterable[tuple[Decimal, int]]) -> Decimal:
    return cents(sum((d * n for d, n in counts), ZERO)) + 0


# ---- what the drawer should hold -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class DrawerCash:
    """The cash movements of a day, each summed (all positive)."""

    float: Decimal = ZERO
    cash_sales: Decimal = ZERO  # cash kept by sales (tendered less change)
    cash_refunds: Decimal = ZERO  # cash paid back by returns
    cash_in: Decimal = ZERO
    cash_out: Decimal = ZERO
    drops: Decimal = ZERO
    counted: Decimal | None = None  # the last count of the day

    @property
    def expected(self) -> Decimal:
        """float + cash sales - cash refunds + cash in - cash out - drops."""
        return (
            self.float
            + self.cash_sales
            - self.cash_refunds
            + self.cash_in
            - self.cash_out
            - self.drops
        )

    @property
    def difference(self) -> Decimal | None:
        """Counted less expected: positive over, negative short; None without a count."""
        return None if self.counted is None else self.counted - self.expected

    def as_dict(self) -> dict[str, object]:
        return {
            "float": _text(self.float),
            "cash_sales": _text(self.cash_sales),
            "cash_refunds": _text(self.cash_refunds),
            "cash_in": _text(self.cash_in),
            "cash_out": _text(self.cash_out),
            "drops": _text(self.drops),
            "expected": _text(self.expected),
            "counted": None if self.counted is None else _text(self.counted),
            "difference": None if self.difference is None else _text(self.difference),
        }


def _text(x: Decimal) -> str:
    return f"{cents(x):f}"


_MOVED = {
    CashKind.FLOAT: "float",
    CashKind.CASH_IN: "cash_in",
    CashKind.CASH_OUT: "cash_out",
    CashKind.DROP: "drops",
}


def ticket_cash(ticket: Mapping[str, Any]) -> Decimal:
    """The cash a closed ticket document put in the drawer (a return: took out,
    negative): its cash payments less its change."""
    if ticket.get("status") != "closed":
        return ZERO
    paid = sum((Decimal(p["amount"]) for p in ticket["payments"] if p["method"] == "cash"), ZERO)
    return paid - Decimal(ticket["totals"]["change"])


def drawer_cash(
    tickets: Iterable[Mapping[str, Any]], movements: Iterable[Mapping[str, Any]]
) -> DrawerCash:
    """The day's drawer from its ticket and cash movement documents (the last count is
    the one that counts)."""
    sums = dict.fromkeys(("float", "cash_in", "cash_out", "drops"), ZERO)
    counted: Decimal | None = None
    last_count: tuple[int, str] = (-1, "")
    for doc in movements:
        kind = CashKind(doc["kind"])
        amount = Decimal(doc["amount"])
        if kind in _MOVED:
            sums[_MOVED[kind]] += amount
        elif kind is CashKind.COUNT:
            order = (int(doc.get("number") or 0), str(doc["created_at"]))
            if order >= last_count:
                last_count, counted = order, amount
    sales = refunds = ZERO
    for ticket in tickets:
        if ticket.get("kind") == "return":
            refunds -= ticket_cash(ticket)
        else:
            sales += ticket_cash(ticket)
    return DrawerCash(
        float=sums["float"],
        cash_sales=sales,
        cash_refunds=refunds,
        cash_in=sums["cash_in"],
        cash_out=sums["cash_out"],
        drops=sums["drops"],
        counted=counted,
    )
