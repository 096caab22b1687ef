"""Reconciliation at the gateway's database (SQLite and PostgreSQL): a closure names the
ticket numbers the gateway lacks and the figures that differ; the finding is stored, named
again at each answer and closed once the tickets arrive."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from contract_documents import closure_of_sales, sale
from gateway_fixture import envelope, post

from erp_gateway.cli import main
from erp_gateway.config import load_gateway_config
from erp_gateway.db import GatewayDatabase
from erp_gateway.documents import answer_documents
from erp_gateway.ingest import receive_tickets
from erp_gateway.reconciliation import findings, missing_for
from erp_gateway.server import GatewayServer
from ticket_contract.client import ErpClient
from ticket_contract.reconciliation import MissingRange
from ticket_contract.writer import (
    content_hash,
    contract_ticket,
    document_xml,
    record,
    stored_document,
)

DAY = dt.date(2026, 12, 2)
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GatewayDatabase]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'gateway.db'}"
    else:
        url = request.getfixturevalue("pg_database")
    database = GatewayDatabase(url)
    database.migrate()
    yield database
    database.dispose()


def _sale(n: int) -> dict[str, Any]:
    return sale(id=f"t-{n}", number=n)


def _send(db: GatewayDatabase, *numbers: int) -> list[str]:
    docs = [_sale(n) for n in numbers]
    results = receive_tickets(db, "T01", [record(d, content_hash(d)) for d in docs])
    return [r.outcome.value for r in results]


def test_a_closure_names_what_is_missing_until_it_arrives(db: GatewayDatabase) -> None:
    assert _send(db, 1, 2, 5, 6) == ["accepted"] * 4
    answer = answer_documents(db, "T01", [closure_of_sales(8)], store_id="S1")
    assert [r.outcome.value for r in answer.results] == ["accepted"]
    assert answer.missing == [MissingRange("T01", DAY, 3, 4), MissingRange("T01", DAY, 7, 8)]
    (found,) = findings(db)
    assert (found.till_id, found.business_day, found.missing) == ("T01", "2026-12-02", (3, 4, 7, 8))
    assert {d["what"] for d in found.differences} == {"tickets", "total"}
    assert found.as_dict()["missing"] == "3-4,7-8"
    # the closure again (a resend): a duplicate, and the same numbers named
    again = answer_documents(db, "T01", [closure_of_sales(8)], store_id="S1")
    assert [r.outcome.value for r in again.results] == ["duplicate"]
    assert again.missing == answer.missing
    assert missing_for(db, ["T01"]) == answer.missing
    assert missing_for(db, ["T02"]) == []
    # part arrives: the rest is still named; all of it: no finding any more
    assert _send(db, 3, 4) == ["accepted"] * 2
    assert missing_for(db, ["T01"]) == [MissingRange("T01", DAY, 7, 8)]
    assert _send(db, 7, 8, 1) == ["accepted", "accepted", "duplicate"]
    assert findings(db) == []
    assert missing_for(db, ["T01"]) == []
    assert answer_documents(db, "T01", [closure_of_sales(8)], store_id="S1").missing == []


def test_a_closure_whose_tickets_are_all_held_leaves_no_finding(db: GatewayDatabase) -> None:
    _send(db, 1, 2, 3)
    assert answer_documents(db, "T01", [closure_of_sales(3)], store_id="S1").missing == []
    assert findings(db) == [] and findings(db, till_id="T01", day="2026-12-02") == []


def test_figures_that_differ_with_every_number_held_are_a_finding(db: GatewayDatabase) -> None:
    _send(db, 1, 2)
    answer = answer_documents(db, "T01", [closure_of_sales(2, paid=3)], store_id="S1")
    assert answer.missing == []
    (found,) = findings(db)
    assert found.missing == ()
    assert found.differences == ({"what": "total", "closure": "8.70", "held": "5.80"},)


def test_findings_filter_by_till_and_day(db: GatewayDatabase) -> None:
    _send(db, 1)
    answer_documents(db, "T01", [closure_of_sales(2)], store_id="S1")
    assert [f.till_id for f in findings(db, till_id="T01")] == ["T01"]
    assert findings(db, till_id="T09") == []
    assert findings(db, day="2026-12-01") == []


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_erp_gateway_reconcile_lists_then_exits_0(tmp_path: Path) -> None:
    config = tmp_path / "gateway.toml"
    shutil.copy(ROOT / "config_samples" / "gateway.toml", config)
    assert _run("init", "--config", str(config))[0] == 0
    database = GatewayDatabase.from_config(load_gateway_config(config))
    assert _run("reconcile", "--config", str(config)) == (0, "0 day(s) not reconciled\n")
    _send(database, 1, 3)
    answer_documents(database, "T01", [closure_of_sales(5)], store_id="S1")
    code, out = _run("reconcile", "--config", str(config))
    assert code == 1
    assert out.splitlines() == [
        "till T01 (store S1), 2026-12-02, tickets 1-5:",
        "  missing 3: 2,4-5",
        "  tickets: closure 5, held 2",
        "  total: closure 14.50, held 5.80",
        "1 day(s) not reconciled",
    ]
    code, out = _run("reconcile", "--config", str(config), "--json", "--till", "T01")
    (item,) = json.loads(out)
    assert code == 1 and item["missing"] == "2,4-5" and item["missing_count"] == 3
    assert _run("reconcile", "--config", str(config), "--day", "2026-12-01")[0] == 0
    code, out = _run("reconcile", "--config", str(config), "--day", "yesterday")
    assert code == 1 and "not a date YYYY-MM-DD: 'yesterday'" in out
    _send(database, 2, 4, 5)
    assert _run("reconcile", "--config", str(config), "--json") == (0, "[]\n")
    database.dispose()


@pytest.mark.parametrize("server", ["gateway", "gateway_pg"])
def test_answers_name_what_is_missing_only_to_a_till_that_asks(
    request: pytest.FixtureRequest, server: str
) -> None:
    gateway: GatewayServer = request.getfixturevalue(server)
    lacking = [MissingRange("T01", DAY, 3, 4)]
    with ErpClient(gateway.url, timeout=10) as c:
        sent = c.send_tickets(
            "T01", [contract_ticket(_sale(n), content_hash(_sale(n))) for n in (1, 2)]
        )
        assert [r.status for r in sent] == ["accepted"] * 2
        doc = stored_document(closure_of_sales(4))
        answer = c.send_documents("T01", [document_xml(doc)], report_missing=True)
        assert [r.status for r in answer] == ["accepted"] and list(answer.missing) == lacking
        again = c.send_documents("T01", [document_xml(doc)])  # not asked: not named
        assert [r.status for r in again] == ["duplicate"] and again.missing == ()
        assert list(c.timed_ping("T01", report_missing=True).missing) == lacking
        assert c.timed_ping("T01").missing == ()
        assert c.timed_ping("T02", report_missing=True).missing == ()
    # a till of an earlier release never asks: its answer is as it was
    reply = post(gateway.url, envelope("Ping", {"tillId": "T01"}))
    assert reply.status == 200 and reply.find(".//t:missing") == []
    asked = post(gateway.url, envelope("Ping", {"tillId": "T01", "reportMissing": "true"}))
    assert [e.text for e in asked.find(".//t:missing/t:range/t:first")] == ["3"]
