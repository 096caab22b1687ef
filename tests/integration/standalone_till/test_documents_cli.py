"""`till return`, `cash`, `drawer open`, `report x`, `reprint` and the Z as a user runs
them (in process, on a real SQLite and PostgreSQL till): JSON out, supervisors' PINs from
stdin or the environment, refusals with exit code 1, and the sums of the day."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from cashier_fixture import ANNE, PINS, SARA, cashier_rows
from click.testing import CliRunner, Result

from catalog_fixture import BREAD, SOAP, WINE, write_catalog
from standalone_till.cli import cli

D = Decimal


def run(config: Path, *args: str, stdin: str | None = None, **env: str) -> Result:
    return CliRunner().invoke(
        cli, list(args), input=stdin, env={"TILLSYNC_CONFIG": str(config), **env}
    )


def ok(config: Path, *args: str, stdin: str | None = None, **env: str) -> Result:
    result = run(config, *args, stdin=stdin, **env)
    assert result.exit_code == 0, result.output
    return result


def data(config: Path, *args: str, stdin: str | None = None, **env: str) -> dict:  # type: ignore[type-arg]
    return json.loads(ok(config, *args, "--json", stdin=stdin, **env).stdout)


@pytest.fixture
def config(till_config: Path, tmp_path: Path) -> Path:
    """A till on SQLite, then on PostgreSQL, loaded with cashiers, Anne signed in."""
    ok(till_config, "init")
    exports = write_catalog(tmp_path / "exports", cashiers=cashier_rows())
    ok(till_config, "load-data", "--source", str(exports))
    ok(till_config, "signin", ANNE, "--pin-stdin", stdin=PINS[ANNE] + "\n")
    return till_config


def test_a_day_of_returns_and_cash_from_the_command_line(config: Path) -> None:
    assert data(config, "cash", "float", "100")["amount"] == "100.00"
    sold = data(config, "sell", BREAD, BREAD, WINE, "--pay", "card:5", "--pay", "cash:50")
    code = f"S001/T01/{sold['business_day'].replace('-', '')}/{sold['number']}"

    back = data(config, "return", code, BREAD)
    assert (back["kind"], back["original_id"], back["cashier"]) == (
        "return",
        sold["ticket_id"],
        ANNE,
    )
    assert back["number"] == sold["number"] + 1 and D(back["total"]) < 0
    refused = run(config, "return", f"{sold['business_day']}/{sold['number']}", f"{BREAD}*2")
    assert refused.exit_code == 1
    assert "1 remain returnable" in refused.output and "line 2 BREAD" in refused.output
    text = ok(config, "return", sold["ticket_id"]).stdout
    assert text.startswith("return ") and f"of {sold['ticket_id']}" in text and "refund" in text
    listed = data(config, "tickets")
    assert [(t["kind"], t["original_id"]) for t in listed][:2] == [
        ("return", sold["ticket_id"])
    ] * 2
    assert ok(config, "tickets").stdout.splitlines()[0].endswith("  return")

    no_supervisor = run(config, "return", "--no-receipt", SOAP)
    assert no_supervisor.exit_code == 1 and "--supervisor CODE" in no_supervisor.output
    wrong = run(
        config,
        "return",
        "--no-receipt",
        SOAP,
        "--supervisor",
        ANNE,
        "--supervisor-pin-stdin",
        stdin=PINS[ANNE] + "\n",
    )
    assert wrong.exit_code == 1 and "not an active supervisor" in wrong.output
    without = data(
        config,
        "return",
        "--no-receipt",
        SOAP,
        "--supervisor",
        SARA,
        "--supervisor-pin-stdin",
        stdin=PINS[SARA] + "\n",
    )
    assert (without["original_id"], without["supervisor"]) == (None, SARA)
    assert without["approval"] == "return_without_receipt"

    missing = run(config, "cash", "in", "5")
    assert missing.exit_code == 1 and "--reason" in missing.output  # a usage error: 1
    data(config, "cash", "in", "5,50", "--reason", "coins")
    over = run(config, "cash", "out", "100.01", "--reason", "supplier")
    assert over.exit_code == 1 and "supervisor" in over.output
    out = data(
        config,
        "cash",
        "out",
        "100.01",
        "--reason",
        "supplier",
        "--supervisor",
        SARA,
        TILLSYNC_SUPERVISOR_PIN=PINS[SARA],
    )
    assert (out["kind"], out["supervisor"], out["reason"]) == ("cash_out", SARA, "supplier")
    data(config, "cash", "drop", "10")
    assert run(config, "drawer", "open").exit_code == 1
    opened = data(
        config, "drawer", "open", "--supervisor", SARA, TILLSYNC_SUPERVISOR_PIN=PINS[SARA]
    )
    assert (opened["kind"], opened["amount"], opened["drawer_opened"]) == (
        "drawer_open",
        "0.00",
        None,
    )
    bad_count = run(config, "cash", "count", "3=1")
    assert bad_count.exit_code == 1 and "not a note or coin here" in bad_count.output
    counted = data(config, "cash", "count", "50=1", "1=2", "0.10=3")
    assert counted["amount"] == "52.30" and counted["counts"][0] == {
        "denomination": "50.00",
        "count": 1,
    }

    x = data(config, "report", "x")
    refunds = sum((D(p["refunds"]) for p in x["payments"] if p["method"] == "cash"), D(0))
    sales = sum((D(p["sales"]) for p in x["payments"] if p["method"] == "cash"), D(0))
    expected = D("100.00") + sales - refunds + D("5.50") - D("100.01") - D("10.00")
    assert D(x["cash"]["expected"]) == expected
    assert (x["sales"]["count"], x["returns"]["count"]) == (1, 3)
    (anne,) = x["cashiers"]
    assert anne["approvals"] == 3  # without receipt, the big cash out, the drawer
    assert "cash expected" in ok(config, "report", "x").stdout

    copy = data(config, "reprint", code, "--supervisor", SARA, TILLSYNC_SUPERVISOR_PIN=PINS[SARA])
    assert (copy["ticket_id"], copy["copy_no"]) == (sold["ticket_id"], 1)

    z = data(config, "day", "closure")
    assert (z["tickets"], z["returns"]) == (1, 3)
    assert z["cash"]["expected"] == x["cash"]["expected"]
    assert D(z["cash"]["difference"]) == D("52.30") - expected
    status = data(config, "status")
    assert status["documents_pending"] == 7  # 6 movements and the closure
