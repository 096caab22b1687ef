"""Proof that nothing is missing: a day closure (Z) against the tickets a receiver holds.

A closure states the day's first and last ticket numbers (every number between was
issued: sales, returns and cancelled tickets share the day's sequence) and its counts and
total. The receiver holds some of those tickets; ``reconcile`` names the numbers it lacks
and the figures that differ. Plain functions over plain data, as ``documents`` is; the
answers that name what a receiver misses (``<missing>`` in the Ping and SendDocuments
answers) are written and read here too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from lxml import etree

from ticket_contract import wire
from ticket_contract.units import MONEY, text

# At most this many ranges in one answer: a till that lacks more hears of the rest in the
# next answer, once the first have arrived.
MAX_RANGES = 1000


class StatedDay(Protocol):
    """What a closure states of its day (``documents.Closure`` is one)."""

    @property
    def first_number(self) -> int | None: ...
    @property
    def last_number(self) -> int | None: ...
    @property
    def tickets(self) -> int: ...
    @property
    def cancelled(self) -> int: ...
    @property
    def returns(self) -> int: ...
    @property
    def total(self) -> int: ...


class HeldTicket(NamedTuple):
    """A ticket of the day as the receiver holds it."""

    number: int
    status: str  # closed | cancelled
    kind: str  # sale | return
    total: int  # cents


class Difference(NamedTuple):
    """A figure of the day the closure states one way and the held tickets another."""

    what: str  # tickets | cancelled | returns | total
    stated: int  # the closure's (cents for the total)
    held: int

    def describe(self) -> str:
        if self.what == "total":
            return f"total: closure {text(self.stated, MONEY)}, held {text(self.held, MONEY)}"
        return f"{self.what}: closure {self.stated}, held {self.held}"

    def as_dict(self) -> dict[str, object]:
        money = self.what == "total"
        return {
            "what": self.what,
            "closure": text(self.stated, MONEY) if money else self.stated,
            "held": text(self.held, MONEY) if money else self.held,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """What a receiver lacks of a closed day: numbers in the closure's range it does not
    hold, and figures that differ; ``clean`` when neither."""

    missing: tuple[int, ...]
    differences: tuple[Difference, ...]

    @property
    def clean(self) -> bool:
        return not self.missing and not self.differences


def reconcile(stated: StatedDay, held: Iterable[HeldTicket]) -> Finding:
    """The numbers of ``stated``'s range missing from ``held`` and the figures (sales,
    cancelled tickets, returns, the total of the closed ones) that differ."""
    held = list(held)
    present = {t.number for t in held}
    first, last = stated.first_number, stated.last_number
    numbers = range(first, last + 1) if first is not None and last is not None else range(0)
    missing = tuple(n for n in numbers if n not in present)
    closed = [t for t in held if t.status == "closed"]
    figures = (
        ("tickets", stated.tickets, sum(1 for t in closed if t.kind != "return")),
        ("cancelled", stated.cancelled, sum(1 for t in held if t.status != "closed")),
        ("returns", stated.returns, sum(1 for t in closed if t.kind == "return")),
        ("total", stated.total, sum(t.total for t in closed)),
    )
    differences = tuple(Difference(w, s, h) for w, s, h in figures if s != h)
    return Finding(missing, differences)


# -- ranges of numbers ----------------------------------------------------------------


def ranges(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted numbers as runs (first, last): [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def ranges_text(numbers: Iterable[int]) -> str:
    """``1-3,7`` for [1, 2, 3, 7]; empty for none."""
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges(numbers))


_RUN = re.compile(r"(\d+)(?:-(\d+))?")


def numbers_of(runs: str) -> list[int]:
    """The numbers of ``ranges_text``'s text. ValueError naming the part it cannot read."""
    found: list[int] = []
    for part in filter(None, (p.strip() for p in runs.split(","))):
        match = _RUN.fullmatch(part)
        if match is None:
            raise ValueError(f"{part!r} is not a number or a range first-last")
        first = int(match[1])
        last = int(match[2] or first)
        if last < first:
            raise ValueError(f"range {part!r} ends before it starts")
        found.extend(range(first, last + 1))
    return found


# -- what a receiver misses, on the wire ------------------------------------------------


class MissingRange(NamedTuple):
    """Tickets ``first`` to ``last`` of a till's day that the receiver does not hold."""

    till_id: str
    business_day: dt.date
    first: int
    last: int

    def numbers(self) -> range:
        return range(self.first, self.last + 1)


def missing_ranges(till_id: str, day: dt.date, numbers: Iterable[int]) -> list[MissingRange]:
    return [MissingRange(till_id, day, a, b) for a, b in ranges(numbers)]


def last_z(request: etree._Element) -> int | None:
    """The newest Z number a Ping says the till has (None when it does not say)."""
    value = wire.text(wire.fields(request).get("lastZ"))
    return None if value is None else int(value)


def missing_closures_element(parent: etree._Element, numbers: Iterable[int]) -> None:
    """``<missingClosures>`` under a Ping's answer when any Z number is missing."""
    runs = ranges(numbers)
    if not runs:
        return
    holder = wire.sub(parent, "missingClosures")
    for first, last in runs[:MAX_RANGES]:
        item = wire.sub(holder, "range")
        wire.sub(item, "first", str(first))
        wire.sub(item, "last", str(last))


def asks_missing(request: etree._Element) -> bool:
    """Whether a Ping or SendDocuments request asks to be told what is missing."""
    value = wire.text(wire.fields(request).get("reportMissing"))
    return (value or "").strip() in ("true", "1")


def missing_element(parent: etree._Element, found: Sequence[MissingRange]) -> None:
    """``<missing>`` under ``parent`` (an answer) when anything is missing; nothing else.
    An older till's client reads the answer without it (the element is optional)."""
    if not found:
        return
    holder = wire.sub(parent, "missing")
    for r in found[:MAX_RANGES]:
        item = wire.sub(holder, "range")
        wire.sub(item, "tillId", r.till_id)
        wire.sub(item, "businessDay", r.business_day.isoformat())
        wire.sub(item, "first", str(r.first))
        wire.sub(item, "last", str(r.last))


def read_missing(answer: etree._Element) -> list[MissingRange]:
    """The ranges an answer's ``<missing>`` names (none when absent). ValueError on a
    range that does not hold together (a last before its first, a day Python cannot
    take), naming it."""
    holder = wire.fields(answer).get("missing")
    if holder is None:
        return []
    found = []
    for item in holder.iterchildren(etree.Element):
        f = wire.fields(item)
        till = (f["tillId"].text or "").strip()
        day_text = (f["businessDay"].text or "").strip()
        first, last = int(f["first"].text or ""), int(f["last"].text or "")
        if last < first or first < 1:
            raise ValueError(f"missing range {first}-{last} of till {till} on {day_text}")
        found.append(MissingRange(till, dt.date.fromisoformat(day_text), first, last))
    return found
