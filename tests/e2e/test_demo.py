"""`till demo`, which the README's first command ends with: it must keep passing its own
checks, and its checks must catch a count that is off."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from standalone_till.demo import DemoCounts, DemoResult, failed_checks

pytestmark = pytest.mark.slow  # the whole demo chain: seconds each
TILL = str(Path(sys.executable).parent / "till")


@pytest.fixture(scope="module")
def demo_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    workdir = tmp_path_factory.mktemp("demo") / "run"
    proc = subprocess.run(
        [TILL, "demo", "--json", "--workdir", str(workdir)],
        capture_output=True,
        text=True,
        timeout=600,  # bounds a hang only: on a loaded 2-core machine the demo takes minutes
    )
    return proc, workdir


def _report(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_demo_runs_and_checks_itself(
    demo_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    proc, workdir = demo_run
    report = _report(proc)
    assert report["ok"] is True and report["failed"] == []
    c = report["counts"]
    assert c["master_items"] == 5000
    assert c["loaded_sequence"] == 1 and c["loaded_rows"] == c["full_export_rows"]
    assert c["online_offer_applied"] and not c["online_offer_local_before"]
    assert c["weighed_line_kg"] == c["weighed_label_kg"] == "0.742"
    assert Decimal(c["card_discount"]) > 0 and c["mixed_payment_methods"] == 2
    assert c["message_shown"] == 1 and c["message_acked"]
    assert c["increments_applied"] == [2]
    assert c["price_used"] == c["new_price"] != c["old_price"]
    assert c["sold_while_down"] == c["backlog_while_down"] == 3
    assert c["outbox_after_drain"] == 0 and c["quarantined"] == 0
    assert c["gateway_tickets"] == c["tickets_closed"] == c["z_tickets"] + c["z_returns"]
    assert c["z_tickets"] >= 12 and c["z_returns"] == c["returns_closed"] == 1
    assert c["gateway_total"] == c["tickets_total"] == c["z_total"]
    # a signed-in cashier on every ticket, the return linked, the float and drop, the Z
    assert c["cashier_signed_in"] == "C01" and c["gateway_with_cashier"] == c["tickets_closed"]
    assert c["gateway_returns"] == 1 and c["gateway_return_original"] == c["return_original"]
    assert c["gateway_cash"] == {"float": "100.00", "drop": "50.00"}
    assert c["gateway_closures"] == 1
    assert c["gateway_missing"] == c["gateway_unknown"] == c["gateway_mismatches"] == 0
    # the day's documents in the ERP's staging tables (the feed, a SQLite file in the folder)
    assert c["erp_tickets"] == c["tickets_closed"] and c["erp_total"] == c["tickets_total"]
    assert c["erp_closures"] == 1 and c["erp_cash_movements"] >= 2 and c["erp_findings"] == 0
    assert c["erp_delivered"] == c["erp_tickets"] + c["erp_cash_movements"] + 1
    # the story went to stderr, one line per step, and the folder was kept
    assert "demo finished: every check passed" in proc.stderr
    assert "CHECK FAILED" not in proc.stderr
    assert re.search(r"the fleet of tills at http://127\.0\.0\.1:\d+/fleet", proc.stderr)
    assert f"staging tables of {workdir / 'erp-staging.db'}" in proc.stderr
    assert report["workdir"] == str(workdir)
    assert (workdir / "till" / "till.toml").exists()
    assert (workdir / "gateway" / "gateway.log").exists()


def test_the_checks_name_what_is_off(
    demo_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    counts = DemoCounts.from_dict(_report(demo_run[0])["counts"])
    assert failed_checks(counts) == []
    lost = dataclasses.replace(counts, gateway_tickets=counts.gateway_tickets - 1)
    assert failed_checks(lost) == [
        f"the gateway holds {counts.gateway_tickets - 1} tickets, the till closed "
        f"{counts.tickets_closed} (0 missing, 0 unknown)"
    ]
    twice = dataclasses.replace(counts, message_shown=2)
    assert failed_checks(twice) == ["head office's message was shown 2 times, not once"]
    no_drop = dataclasses.replace(counts, gateway_cash={"float": "100.00"})
    assert len(failed_checks(no_drop)) == 1 and "dropped 50.00" in failed_checks(no_drop)[0]
    stale = dataclasses.replace(counts, price_used=counts.old_price)
    assert len(failed_checks(stale)) == 1 and "the sale used" in failed_checks(stale)[0]
    # what `till demo --json` prints, and its exit code, follow the failed checks
    assert DemoResult(lost, failed_checks(lost)).as_dict()["ok"] is False


def test_demo_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "something").write_text("x")
    proc = subprocess.run(
        [TILL, "demo", "--workdir", str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1
    assert "is not empty" in proc.stderr
