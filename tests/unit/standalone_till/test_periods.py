"""The period rules: which months and years a Z ends (each once, never before its last
day, at the latest at the first Z of a later period), and totals to the cent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from standalone_till.periods import (
    MONTH,
    PERIODS,
    YEAR,
    DayClosure,
    Totals,
    label_of,
    period_document,
    periods_to_close,
    total_of,
)

START = dt.date(2026, 10, 1)
days = st.lists(st.integers(0, 800), min_size=1, max_size=60, unique=True).map(
    lambda offsets: [START + dt.timedelta(days=o) for o in sorted(offsets)]
)


@settings(max_examples=200, deadline=None)
@given(days)
def test_each_period_closes_once_at_its_end(z_days: list[dt.date]) -> None:
    for period in PERIODS:
        closed: list[str] = []
        when: dict[str, dt.date] = {}
        for i, today in enumerate(z_days):
            for label in periods_to_close(period, z_days[: i + 1], closed, today):
                assert label not in closed
                closed.append(label)
                when[label] = today
        labels = sorted({label_of(period, d) for d in z_days})
        last = z_days[-1]
        for label in labels:
            own = [d for d in z_days if label_of(period, d) == label]
            later = [d for d in z_days if label_of(period, d) > label]
            if later:  # closed by its last day's Z, else by the first Z after it
                assert when[label] in (own[-1], later[0])
            if label in when:
                assert when[label] >= own[-1]  # never before its last Z
            else:  # still open: the current period, its last day not reached
                assert label == label_of(period, last) and later == []
        assert closed == sorted(closed)  # oldest first


def test_the_last_day_closes_the_month_and_december_the_year() -> None:
    assert periods_to_close(MONTH, [dt.date(2026, 11, 30)], [], dt.date(2026, 11, 30)) == [
        "2026-11"
    ]
    assert periods_to_close(MONTH, [dt.date(2026, 11, 29)], [], dt.date(2026, 11, 29)) == []
    assert periods_to_close(YEAR, [dt.date(2026, 12, 31)], [], dt.date(2026, 12, 31)) == ["2026"]
    assert periods_to_close(MONTH, [dt.date(2028, 2, 29)], [], dt.date(2028, 2, 29)) == ["2028-02"]


cents = st.integers(0, 10_000_000).map(lambda n: Decimal(n).scaleb(-2))


@given(st.lists(st.tuples(cents, cents), max_size=400))
def test_totals_add_to_the_cent(parts: list[tuple[Decimal, Decimal]]) -> None:
    total = total_of(Totals(s, r) for s, r in parts)
    assert total.sales == sum((s for s, _ in parts), Decimal(0))
    assert total.returns == sum((r for _, r in parts), Decimal(0))
    assert total.net == total.sales - total.returns
    assert Totals.from_dict(total.as_dict()) == total


@given(st.lists(st.tuples(cents, cents), min_size=1, max_size=31), st.tuples(cents, cents))
def test_a_period_document_states_its_days_and_grand_total(
    parts: list[tuple[Decimal, Decimal]], before: tuple[Decimal, Decimal]
) -> None:
    days = [
        DayClosure(f"z{i}", i + 1, f"2026-11-{i % 30 + 1:02d}", "0" * 64, 3, 1, 0, Totals(s, r))
        for i, (s, r) in enumerate(parts)
    ]
    grand = Totals(*before) + total_of(d.totals for d in days)
    doc = period_document(
        closure_id="m1",
        store_id="S1",
        till_id="T01",
        period=MONTH,
        label="2026-11",
        number=1,
        days=days,
        grand_total=grand,
        cashier=None,
        closed_at=dt.datetime(2026, 11, 30, 18, tzinfo=dt.UTC),
    )
    assert Totals.from_dict(doc["totals"]) == total_of(d.totals for d in days)  # type: ignore[arg-type]
    assert Totals.from_dict(doc["grand_total"]) == grand  # type: ignore[arg-type]
    assert doc["tickets"] == 3 * len(days) and len(doc["days"]) == len(days)  # type: ignore[arg-type]


def test_a_day_keeps_its_counts_beside_its_totals() -> None:
    day = DayClosure(
        "z1", 1, "2026-11-02", "0" * 64, 5, 2, 1, Totals(Decimal("9.99"), Decimal("1"))
    )
    listed = day.as_dict()
    assert (listed["tickets"], listed["returns"], listed["cancelled"]) == (5, 2, 1)
    assert listed["totals"] == {"sales": "9.99", "returns": "1.00", "net": "8.99"}
