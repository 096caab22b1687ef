"""Period closures (month and year): which periods a Z ends, and the period's document
built from its day closures, with the perpetual grand totals. Pure.

A month ends with the Z of its last calendar day, or, when the till made no Z that day,
with the first Z of a later month; a year likewise with December. Amounts are ``Decimal``
to the cent; returns are the amount given back (positive); net is sales less returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from connectors.times import utc_text
from standalone_till.money import cents

MONTH, YEAR = "month", "year"
PERIODS = (MONTH, YEAR)
# the till_documents doc_type of each period closure (a Z is "closure")
DOC_TYPES = {MONTH: "closure_month", YEAR: "closure_year"}
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class Totals:
    """Sales, returns (given back, positive) and net (sales less returns)."""

    sales: Decimal = ZERO
    returns: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        return self.sales - self.returns

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.sales + other.sales, self.returns + other.returns)

    def as_dict(self) -> dict[str, str]:
        return {"sales": _text(self.sales), "returns": _text(self.returns), "net": _text(self.net)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Totals:
        return cls(Decimal(str(data["sales"])), Decimal(str(data["returns"])))


def total_of(parts: Iterable[Totals]) -> Totals:
    result = Totals()
    for part in parts:
        result = result + part
    return result


@dataclass(frozen=True, slots=True)
class DayClosure:
    """A Z as a period closure lists it: what it is, its signed hash and its totals."""

    closure_id: str
    z_number: int
    business_day: str
    content_hash: str
    tickets: int
    returns: int
    cancelled: int
    totals: Totals

    def as_dict(self) -> dict[str, object]:
        return {
            "closure_id": self.closure_id,
            "z_number": self.z_number,
            "business_day": self.business_day,
            "content_hash": self.content_hash,
            "tickets": self.tickets,
            "returns": self.returns,
            "cancelled": self.cancelled,
            "totals": self.totals.as_dict(),
        }


def label_of(period: str, day: dt.date) -> str:
    """The period a day is in: ``YYYY-MM`` for a month, ``YYYY`` for a year."""
    return f"{day.year:04d}-{day.month:02d}" if period == MONTH else f"{day.year:04d}"


def is_last_day(period: str, day: dt.date) -> bool:
    following = day + dt.timedelta(days=1)
    return following.month != day.month if period == MONTH else following.year != day.year


def periods_to_close(
    period: str, z_days: Iterable[dt.date], closed: Iterable[str], today: dt.date
) -> list[str]:
    """The labels of the periods the Z of ``today`` ends, oldest first: each period holding
    a Z (``z_days``) with no closure yet (``closed``) that is over: before today's, or
    today's when today is its last day."""
    current = label_of(period, today)
    done = set(closed)
    labels = {label_of(period, d) for d in z_days} - done
    ended = [
        label
        for label in labels
        if label < current or (label == current and is_last_day(period, today))
    ]
    return sorted(ended)


def in_period(label: str, business_day: str) -> bool:
    return business_day.startswith(label + ("-" if len(label) == 4 else ""))


def period_document(
    *,
    closure_id: str,
    store_id: str,
    till_id: str,
    period: str,
    label: str,
    number: int,
    days: Sequence[DayClosure],
    grand_total: Totals,
    cashier: str | None,
    closed_at: dt.datetime,
) -> dict[str, object]:
    """A month or year closure: its day closures (each with the hash it was signed
    with), the period's totals and the perpetual grand totals up to its last Z."""
    if not days:
        raise ValueError(f"the {period} {label} has no day closure")
    totals = total_of(d.totals for d in days)
    return {
        "id": closure_id,
        "store_id": store_id,
        "till_id": till_id,
        "period": period,
        "label": label,
        "number": number,
        "business_day": days[-1].business_day,  # that of its last Z
        "first_day": days[0].business_day,
        "last_day": days[-1].business_day,
        "first_z": days[0].z_number,
        "last_z": days[-1].z_number,
        "tickets": sum(d.tickets for d in days),
        "returns": sum(d.returns for d in days),
        "cancelled": sum(d.cancelled for d in days),
        "totals": totals.as_dict(),
        "grand_total": grand_total.as_dict(),
        "days": [d.as_dict() for d in days],
        "cashier": cashier,
        "closed_at": utc_text(closed_at, seconds=True),
    }


def _text(x: Decimal) -> str:
    return f"{cents(x):f}"
