"""The day's reports: the X report (the day so far, per cashier and payment method, and
the cash the drawer should hold) and the closure (Z) document.

Plain functions over the day's stored documents (tickets, cash movements, reprints), so
the X report, the Z and a test summing the documents agree to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from connectors.times import utc_text
from standalone_till.cash import DrawerCash, drawer_cash
from standalone_till.money import cents

ZERO = Decimal("0.00")


@dataclass(slots=True)
class Tally:
    count: int = 0
    total: Decimal = ZERO

    def add(self, amount: Decimal) -> None:
        self.count += 1
        self.total += amount

    def as_dict(self) -> dict[str, object]:
        return {"count": self.count, "total": _text(self.total)}


@dataclass(slots=True)
class CashierFigures:
    """What one cashier (None: anonymous) did in the day."""

    cashier: str | None
    sales: Tally = field(default_factory=Tally)
    returns: Tally = field(default_factory=Tally)
    cancelled: int = 0
    voided_lines: int = 0
    approvals: int = 0  # documents a supervisor approved for this cashier

    def as_dict(self) -> dict[str, object]:
        return {
            "cashier": self.cashier,
            "sales": self.sales.as_dict(),
            "returns": self.returns.as_dict(),
            "cancelled": self.cancelled,
            "voided_lines": self.voided_lines,
            "approvals": self.approvals,
        }


@dataclass(slots=True)
class MethodFigures:
    method: str
    sales: Decimal = ZERO  # kept by sales (cash: tendered less change)
    refunds: Decimal = ZERO  # paid back by returns (positive)

    @property
    def net(self) -> Decimal:
        return self.sales - self.refunds

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "sales": _text(self.sales),
            "refunds": _text(self.refunds),
            "net": _text(self.net),
        }


@dataclass(frozen=True, slots=True)
class DayFigures:
    """The day so far: what the X report shows and the Z closes."""

    cashiers: tuple[CashierFigures, ...]
    methods: tuple[MethodFigures, ...]
    cash: DrawerCash
    vat: tuple[tuple[Decimal, Decimal, Decimal, Decimal], ...]  # rate, gross, net, vat
    first_number: int | None
    last_number: int | None
    discount: Decimal = ZERO  # taken off by offers, less what returns gave back

    def _sum(self, what: str) -> Tally:
        tally = Tally()
        for c in self.cashiers:
            part: Tally = getattr(c, what)
            tally.count += part.count
            tally.total += part.total
        return tally

    @property
    def sales(self) -> Tally:
        return self._sum("sales")

    @property
    def returns(self) -> Tally:
        return self._sum("returns")

    @property
    def cancelled(self) -> int:
        return sum(c.cancelled for c in self.cashiers)

    @property
    def total(self) -> Decimal:
        """Sales less returns."""
        return self.sales.total + self.returns.total


def _text(x: Decimal) -> str:
    return f"{cents(x):f}"


def day_figures(
    tickets: Iterable[Mapping[str, Any]],
    movements: Iterable[Mapping[str, Any]],
    reprints: Iterable[Mapping[str, Any]] = (),
) -> DayFigures:
    """The figures of a day from its ticket, cash movement and reprint documents."""
    tickets = list(tickets)
    movements = list(movements)
    cashiers: dict[str | None, CashierFigures] = {}
    methods: dict[str, MethodFigures] = {}
    vat: dict[Decimal, tuple[Decimal, Decimal, Decimal]] = {}
    discount = ZERO

    def of(code: str | None) -> CashierFigures:
        return cashiers.setdefault(code, CashierFigures(code))

    for doc in tickets:
        who = of(doc.get("cashier"))
        if doc.get("supervisor"):
            who.approvals += 1
        if doc["status"] != "closed":
            who.cancelled += 1
            continue
        total = Decimal(doc["totals"]["total"])
        is_return = doc.get("kind") == "return"
        (who.returns if is_return else who.sales).add(total)
        discount += Decimal(doc["totals"]["discount"])
        who.voided_lines += sum(1 for ln in doc["lines"] if ln.get("voided"))
        _add_payments(methods, doc, is_return)
        for v in doc["totals"]["vat"]:
            rate = Decimal(v["rate"])
            g, n, x = vat.get(rate, (ZERO, ZERO, ZERO))
            vat[rate] = (g + Decimal(v["gross"]), n + Decimal(v["net"]), x + Decimal(v["vat"]))
    for doc in (*movements, *reprints):
        if doc.get("supervisor"):
            of(doc.get("cashier")).approvals += 1
    numbers = [int(d["number"]) for d in tickets if d.get("number") is not None]
    return DayFigures(
        cashiers=tuple(sorted(cashiers.values(), key=lambda c: c.cashier or "")),
        methods=tuple(methods[m] for m in sorted(methods)),
        cash=drawer_cash(tickets, movements),
        # The day's VAT of a rate is the sum of its tickets' (each rounded on its ticket).
        vat=tuple((rate, *vat[rate]) for rate in sorted(vat)),
        first_number=min(numbers, default=None),
        last_number=max(numbers, default=None),
        discount=discount,
    )


def _add_payments(
    methods: dict[str, MethodFigures], doc: Mapping[str, Any], is_return: bool
) -> None:
    change = Decimal(doc["totals"]["change"])
    for p in doc["payments"]:
        figures = methods.setdefault(p["method"], MethodFigures(p["method"]))
        amount = Decimal(p["amount"])
        if is_return:
            figures.refunds -= amount
        else:
            figures.sales += amount
    if change:
        methods.setdefault("cash", MethodFigures("cash")).sales -= change


def x_report(
    figures: DayFigures,
    *,
    store_id: str,
    till_id: str,
    business_day: dt.date | None,
    at: dt.datetime,
) -> dict[str, object]:
    """The X report: the day so far, without closing it."""
    return {
        "store_id": store_id,
        "till_id": till_id,
        "business_day": business_day.isoformat() if business_day else None,
        "at": utc_text(at, seconds=True),
        "sales": figures.sales.as_dict(),
        "returns": figures.returns.as_dict(),
        "cancelled": figures.cancelled,
        "total": _text(figures.total),
        "cashiers": [c.as_dict() for c in figures.cashiers],
        "payments": [m.as_dict() for m in figures.methods],
        "cash": figures.cash.as_dict(),
    }


def closure_document(
    figures: DayFigures,
    *,
    closure_id: str,
    store_id: str,
    till_id: str,
    business_day: dt.date,
    z_number: int,
    cashier: str | None,
    closed_at: dt.datetime,
    chain_head: str | None = None,
) -> dict[str, object]:
    """The closure (Z) document that goes up the chain: the day's first and last ticket
    numbers (every number between was issued, so the gateway can name any it lacks) and
    ``chain_head``, the head of the till's signature chain when the day closed (the
    signing journal passes it; None leaves the key out, as closures made before it)."""
    cash = figures.cash
    document: dict[str, object] = {
        "id": closure_id,
        "store_id": store_id,
        "till_id": till_id,
        "business_day": business_day.isoformat(),
        "z_number": z_number,
        "first_number": figures.first_number,
        "last_number": figures.last_number,
        "tickets": figures.sales.count,
        "cancelled": figures.cancelled,
        "returns": figures.returns.count,
        "total": _text(figures.total),
        "vat": [
            {"rate": f"{r.normalize():f}", "gross": _text(g), "net": _text(n), "vat": _text(v)}
            for r, g, n, v in figures.vat
        ],
        "payments": [{"method": m.method, "amount": _text(m.net)} for m in figures.methods],
        "cash_expected": _text(cash.expected),
        "cash_counted": None if cash.counted is None else _text(cash.counted),
        "difference": None if cash.difference is None else _text(cash.difference),
        "cashier": cashier,
        "closed_at": utc_text(closed_at, seconds=True),
    }
    if chain_head is not None:
        document["chain_head"] = chain_head
    return document
