"""Month and year closures at a real till (SQLite), the days moved by a fake clock: the
Z that ends a month or a year makes its closure in the same transaction, with the
period's totals and the perpetual grand totals to the cent, each signed; `till verify`
holds after."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from till_days import noon, ready_till, sell, total

from catalog_fixture import BREAD, WINE
from standalone_till.cli import cli
from standalone_till.journal import ZReport
from standalone_till.period_closures import period_closures
from standalone_till.periods import Totals
from standalone_till.service import Till
from standalone_till.signing_verify import verify_journal
from standalone_till.till_documents import take_return
from ticket_contract import signatures as S


@pytest.fixture
def till(sqlite_config: Path, tmp_path: Path) -> Iterator[Till]:
    t = ready_till(sqlite_config, tmp_path / "exports")
    yield t
    t.close()


def z(till: Till, day: dt.date) -> ZReport:
    return till.journal.closure(noon(day, 59))


def holds(till: Till) -> None:
    result = verify_journal(till.db, till.cfg.till.till_id)
    assert result.holds, result.as_dict()


def test_the_z_of_a_months_last_day_closes_the_month(till: Till) -> None:
    a = sell(till, dt.date(2026, 11, 28), BREAD, WINE)
    assert z(till, dt.date(2026, 11, 28)).periods == ()
    b = sell(till, dt.date(2026, 11, 30), WINE)
    report = z(till, dt.date(2026, 11, 30))
    (month,) = report.periods
    doc = month.document
    assert (doc["period"], doc["label"], doc["number"]) == ("month", "2026-11", 1)
    assert (doc["first_day"], doc["last_day"], doc["first_z"], doc["last_z"]) == (
        "2026-11-28",
        "2026-11-30",
        1,
        2,
    )
    expected = Totals(total(a) + total(b))
    assert month.totals == expected and month.grand_total == expected
    assert [d["business_day"] for d in doc["days"]] == ["2026-11-28", "2026-11-30"]
    assert month.signature and len(month.signature) == 128
    assert z_after(till, dt.date(2026, 12, 1)).periods == ()
    holds(till)
    chains = {c.chain: c.entries for c in verify_journal(till.db, "T01").chains}
    assert chains[S.PERIODS] == 2  # its genesis, then the month


def z_after(till: Till, day: dt.date) -> ZReport:
    sell(till, day, BREAD)
    return z(till, day)


def test_a_month_whose_last_day_has_no_z_closes_at_the_next_z(till: Till) -> None:
    z_after(till, dt.date(2026, 10, 27))
    report = z_after(till, dt.date(2026, 11, 2))
    assert [p.label for p in report.periods] == ["2026-10"]
    assert report.periods[0].document["last_day"] == "2026-10-27"
    holds(till)


def test_the_year_boundary_closes_december_and_the_year(till: Till) -> None:
    days = [dt.date(2026, 11, 30), dt.date(2026, 12, 30), dt.date(2026, 12, 31)]
    sold, reports = [], []
    for d in days:
        sold.append(total(sell(till, d, WINE, BREAD)))
        reports.append(z(till, d))
    assert [p.label for p in reports[1].periods] == []
    dec, year = reports[2].periods
    assert (dec.label, year.label, year.period) == ("2026-12", "2026", "year")
    assert dec.grand_total == year.grand_total == Totals(sum(sold, Decimal(0)))
    assert year.totals == Totals(sum(sold, Decimal(0)))
    assert year.document["first_z"] == 1 and year.document["last_z"] == 3
    jan = total(sell(till, dt.date(2027, 1, 31), BREAD))
    (january,) = z(till, dt.date(2027, 1, 31)).periods
    assert january.totals == Totals(jan)
    assert january.grand_total == Totals(sum(sold, Decimal(0)) + jan)
    holds(till)


def test_grand_totals_are_the_sum_of_every_ticket_to_the_cent(till: Till) -> None:
    """Random days over 14 months, with returns: each month's totals and grand totals
    equal the sums of the tickets themselves."""
    rng = random.Random(16)
    day = dt.date(2026, 11, 1)
    sales: dict[str, Decimal] = {}
    returns: dict[str, Decimal] = {}
    while day < dt.date(2028, 1, 5):
        label = f"{day:%Y-%m}"
        tickets = [
            sell(till, day, *rng.choices([BREAD, WINE], k=rng.randint(1, 3)), minute=i)
            for i in range(rng.randint(1, 3))
        ]
        sales[label] = sales.get(label, Decimal(0)) + sum((total(t) for t in tickets), Decimal(0))
        if rng.random() < 0.4:
            back, _ = take_return(till, tickets[0].id, now=noon(day, 30))
            returns[label] = returns.get(label, Decimal(0)) - total(back)
        z(till, day)
        day += dt.timedelta(days=rng.choice([1, 3, 9, 17]))
    months = period_closures(till.db, "T01", "month")
    running = Totals()
    for month in months:
        assert month.totals == Totals(sales[month.label], returns.get(month.label, Decimal(0)))
        running = running + month.totals
        assert month.grand_total == running, month.label
    years = period_closures(till.db, "T01", "year")
    assert [y.label for y in years] == ["2026", "2027"]
    assert years[-1].grand_total == months[-1].grand_total
    holds(till)


def test_the_cli_says_a_month_was_closed_and_lists_the_closures(
    till: Till, sqlite_config: Path
) -> None:
    sell(till, dt.date(2026, 11, 30), BREAD)
    z(till, dt.date(2026, 11, 30))
    runner = CliRunner()
    listed = runner.invoke(cli, ["--config", str(sqlite_config), "closures", "--json"])
    assert listed.exit_code == 0, listed.output
    (month,) = json.loads(listed.output)
    assert (month["period"], month["label"]) == ("month", "2026-11")
    text = runner.invoke(cli, ["--config", str(sqlite_config), "closures", "--period", "year"])
    assert text.exit_code == 0 and "no period closure" in text.output


def test_till_day_closure_says_it_closed_a_month(till: Till, sqlite_config: Path) -> None:
    """The command's Z (today, by the real clock) after a month with a Z and no closure
    (made a while ago by the fake clock) closes that month and says so."""
    z_after(till, dt.date(2026, 11, 27))
    runner = CliRunner()
    config = ["--config", str(sqlite_config)]
    sold = runner.invoke(cli, [*config, "sell", BREAD])
    assert sold.exit_code == 0, sold.output
    closed = runner.invoke(cli, [*config, "day", "closure"])
    assert closed.exit_code == 0, closed.output
    assert "also closed the month 2026-11 (Z1..Z1)" in closed.output
    holds(till)


def test_period_closures_on_postgresql(tmp_path: Path, pg_database: str) -> None:
    from conftest import write_till_config

    t = ready_till(write_till_config(tmp_path, pg_url=pg_database), tmp_path / "exports")
    try:
        sold = total(sell(t, dt.date(2026, 12, 31), WINE))
        dec, year = z(t, dt.date(2026, 12, 31)).periods
        assert (dec.label, year.label) == ("2026-12", "2026")
        assert year.grand_total == Totals(sold)
        holds(t)
    finally:
        t.close()
