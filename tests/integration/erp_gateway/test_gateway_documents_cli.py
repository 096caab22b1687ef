"""``erp-gateway tickets --kind return``, ``cash``, ``closures`` and ``returns --over``
over what a real gateway received."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from contract_documents import a_return, cash, closure, sale

from erp_gateway.cli import main
from erp_gateway.config import load_gateway_config
from erp_gateway.server import GatewayServer
from ticket_contract.client import ErpClient
from ticket_contract.writer import content_hash, contract_ticket, document_xml

ROOT = Path(__file__).resolve().parents[3]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "gateway.toml"
    shutil.copy(ROOT / "config_samples" / "gateway.toml", path)
    code, out = _run("init", "--config", str(path))
    assert code == 0, out
    return path


def _fill(config: Path) -> None:
    """A sale, its return, a second return of the whole sale again (over), a float, a
    count and a closure, sent by T01 and T02 of store S1."""
    again = a_return(id="r-2", number=3)
    again["lines"][0]["quantity"] = "-3.000"
    again["lines"][0].update(discount="-0.10", amount="-2.90")
    again["payments"] = [{"method": "cash", "amount": "-2.90"}]
    again["totals"] = {
        "total": "-2.90",
        "discount": "-0.10",
        "change": "0.00",
        "vat": [{"rate": "20", "gross": "-2.90", "net": "-2.42", "vat": "-0.48"}],
    }
    count = cash(
        "count", "50.00", id="cm-count", number=2, counts=[{"denomination": "10.00", "count": 5}]
    )
    server = GatewayServer(load_gateway_config(config))
    with server.start(port=0), ErpClient(server.url, timeout=10) as c:
        docs = [sale(), a_return(), again]
        results = c.send_tickets("T01", [contract_ticket(d, content_hash(d)) for d in docs])
        assert [r.status for r in results] == ["accepted"] * 3
        sent = [document_xml(d) for d in (cash("float", "100.00"), count, closure())]
        assert [r.status for r in c.send_documents("T01", sent)] == ["accepted"] * 3
        other = cash("drop", "20.00", till_id="T02", id="cm-t02")
        assert c.send_documents("T02", [document_xml(other)])[0].status == "accepted"
        changed = cash("drop", "25.00", till_id="T02", id="cm-t02")
        assert c.send_documents("T02", [document_xml(changed)])[0].status == "mismatch"


def test_the_reports_of_returns_cash_and_closures(config: Path) -> None:
    _fill(config)
    where = ("--config", str(config))
    code, out = _run("tickets", "--kind", "return", "--json", *where)
    assert code == 0
    assert sorted((t["ticket_id"], t["original_id"]) for t in json.loads(out)) == [
        ("r-1", "t-1"),
        ("r-2", "t-1"),
    ]
    code, out = _run("tickets", "--kind", "return", *where)
    assert code == 0 and "of t-1" in out and out.endswith("2 ticket(s)\n")
    code, out = _run("returns", "--over", "--json", *where)
    [over] = json.loads(out)
    assert over["ticket_id"] == "r-2" and "A1 1.000 beyond" in over["problem"]
    code, out = _run("returns", "--over", *where)
    assert code == 0 and "r-2 of t-1" in out and out.endswith("1 return(s) over what was sold\n")
    code, out = _run("cash", "--till", "T01", "--day", "2026-12-02", "--json", *where)
    rows = json.loads(out)
    assert [(r["kind"], r["amount"]) for r in rows] == [("float", "100.00"), ("count", "50.00")]
    assert rows[1]["counts"] == [{"denomination": "10.00", "count": 5}]
    code, out = _run("cash", *where)
    assert code == 0 and "T02" in out and out.endswith("3 cash movement(s)\n")
    code, out = _run("cash", "--day", "2026-12-03", *where)
    assert out == "0 cash movement(s)\n"
    code, out = _run("closures", "--till", "T01", "--json", *where)
    [z] = json.loads(out)
    assert (z["z_number"], z["difference"], z["vat"][0]["rate"]) == (4, "-0.50", "20.00")
    assert z["missing"] == []  # tickets 1..3 of the day all arrived
    code, out = _run("closures", *where)
    assert "Z4" in out and "difference -0.50" in out and out.endswith("1 closure(s)\n")
    code, out = _run("cash", "--day", "yesterday", *where)
    assert code != 0 and "--day" in out


def test_mismatches_name_cash_movements_and_closures_too(config: Path) -> None:
    _fill(config)
    code, out = _run("mismatches", "--config", str(config))
    assert code == 0
    assert "cash movement cm-t02 (till T02)" in out and "amount: '20.00' -> '25.00'" in out
    assert out.endswith(
        "0 ticket(s) with mismatches\n1 cash movement(s) or closure(s) with mismatches\n"
    )
    code, out = _run("mismatches", "--json", "--config", str(config))
    [entry] = json.loads(out)
    assert (entry["element"], entry["ticket_id"]) == ("cashMovement", "cm-t02")
