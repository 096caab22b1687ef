"""The fleet view at the gateway: what each till says of itself at its Ping (stored per
till, older tills still ping), the fleet command and the period gate."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from click.testing import CliRunner
from gateway_fixture import make_gateway_config

from erp_gateway.cli import main
from erp_gateway.config import load_gateway_config
from erp_gateway.db import GatewayDatabase
from erp_gateway.documents import answer_documents
from erp_gateway.fleet import fleet, recent_errors, record_status
from erp_gateway.registry import touch_till
from erp_gateway.server import GatewayServer
from standalone_till.cli import main as till_main
from ticket_contract.client import ErpClient
from ticket_contract.till_status import TillStatus

ROOT = Path(__file__).resolve().parents[3]
OLDEST = dt.datetime(2026, 11, 30, 18, 5, tzinfo=dt.UTC)
BEHIND = TillStatus(
    software_version="0.1.0",
    server="gateway",
    tickets_waiting=3,
    documents_waiting=1,
    quarantined=0,
    oldest_waiting=OLDEST,
    catalog_sequence=4,
    last_closure_z=7,
    last_closure_day=dt.date(2026, 11, 30),
    chain_heads=3,
    last_error="tickets: SendTickets at http://x: cannot connect",
)


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    url = "" if request.param == "sqlite" else request.getfixturevalue("pg_database")
    cfg = make_gateway_config(tmp_path / "gateway", database_url=url)
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as started:
        yield started


def test_a_ping_states_the_tills_backlog_and_an_older_till_still_pings(
    server: GatewayServer,
) -> None:
    with ErpClient(server.url) as client:
        client.timed_ping("T-1", status=BEHIND)
        client.timed_ping("T-OLD")  # an older till: no status at all
        client.timed_ping("T-1", status=BEHIND)  # the same again: nothing new kept
    rows = {r.till_id: r for r in fleet(server.db, server.config)}
    errors = recent_errors(server.db, "T-1")
    one, old = rows["T-1"], rows["T-OLD"]
    assert (one.tickets_waiting, one.documents_waiting, one.backlog) == (3, 1, 4)
    assert one.oldest_waiting_at == OLDEST
    assert (one.catalog_sequence, one.last_z, one.last_closure_day) == (4, 7, "2026-11-30")
    assert (one.server, one.software_version, one.chain_heads) == ("gateway", "0.1.0", 3)
    assert one.reachable and one.state == "attention" and "sync error" in one.reasons
    assert [e.error for e in errors] == [BEHIND.last_error]
    assert old.reachable and old.backlog is None and old.state == "ok"


def test_a_tills_ping_states_its_outbox_catalog_and_chains(tmp_path: Path) -> None:
    from integration.standalone_till.test_sync_gateway import linked_till, sell

    cfg = make_gateway_config(tmp_path / "gateway")
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as gateway:
        till = linked_till(tmp_path / "till", gateway.url)
        try:
            sold = [sell(till) for _ in range(2)]
            assert till.uplink.ping().reachable
            (before,) = fleet(gateway.db, gateway.config)
            # `till verify` (another process) keeps its result: the next ping states it
            assert till_main(["--config", str(tmp_path / "till" / "till.toml"), "verify"]) == 0
            assert till.uplink.ping().reachable
        finally:
            till.close()
        (row,) = fleet(gateway.db, gateway.config)
    assert (row.till_id, row.tickets_waiting, row.documents_waiting) == ("T01", 2, 0)
    # the wire carries whole seconds
    assert row.oldest_waiting_at == min(t.closed_at for t in sold).replace(microsecond=0)
    assert row.catalog_sequence and row.catalog_sequence >= 1
    assert row.server == "gateway" and row.chain_heads and row.software_version
    assert row.state == "ok" and row.last_error is None
    assert before.chain_verified is None and row.chain_verified == "held"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _pinged(db: GatewayDatabase, till_id: str, at: dt.datetime, **said: object) -> None:
    def work(conn: sa.Connection) -> None:
        touch_till(conn, till_id, at, store_id="S1")
        record_status(conn, till_id, TillStatus(**said), at)  # type: ignore[arg-type]

    db.write(work)


def test_fleet_shows_backlog_a_quiet_till_a_finding_and_gates_the_period(tmp_path: Path) -> None:
    from contract_documents import closure_of_sales

    from integration.erp_gateway.test_reconciliation import _send

    config = tmp_path / "gateway.toml"
    shutil.copy(ROOT / "config_samples" / "gateway.toml", config)
    assert _run("init", "--config", str(config))[0] == 0
    db = GatewayDatabase.from_config(load_gateway_config(config))
    now = dt.datetime.now(dt.UTC)
    today = now.date().isoformat()
    try:
        _send(db, 1, 3)  # T01's closure names tickets 1 to 5: a reconciliation finding
        answer_documents(db, "T01", [closure_of_sales(5)], store_id="S1")
        _pinged(db, "T01", now, tickets_waiting=0, documents_waiting=0)
        quiet = now - dt.timedelta(hours=2)
        _pinged(db, "T02", quiet, tickets_waiting=4, documents_waiting=1, oldest_waiting=OLDEST)
        _pinged(db, "T03", now, tickets_waiting=0, documents_waiting=0, catalog_sequence=0)

        code, out = _run("fleet", "--config", str(config), "--json")
        rows = {r["till_id"]: r for r in json.loads(out)}
        assert code == 0
        assert rows["T01"]["state"] == "attention"
        assert rows["T01"]["open_findings"] == 1
        assert rows["T02"]["state"] == "unreachable" and rows["T02"]["backlog"] == 5
        assert rows["T02"]["oldest_waiting_at"] == OLDEST.isoformat()
        assert rows["T03"]["state"] == "ok"

        code, out = _run("fleet", "--config", str(config), "--state", "unreachable")
        assert code == 0 and "T02" in out and "T03" not in out
        assert out.splitlines()[-1] == "1 till(s): 1 unreachable, 0 need attention"

        code, out = _run("fleet", "--config", str(config), "--unsent-before", today)
        assert code == 1
        assert out.splitlines() == [
            f"till T02 (store S1): holds documents since {OLDEST.isoformat()}",
            f"1 till(s) may hold documents of before {today}T00:00:00+00:00",
        ]
        _pinged(db, "T02", now, tickets_waiting=0, documents_waiting=0)
        assert _run("fleet", "--config", str(config), "--unsent-before", today)[0] == 0
        code, out = _run("fleet", "--config", str(config), "--unsent-before", "soon")
        assert code == 1 and "not a date YYYY-MM-DD or a time: 'soon'" in out
    finally:
        db.dispose()


def _get(url: str, auth: tuple[str, str] | None = None) -> requests.Response:
    return requests.get(url, auth=auth, timeout=10)


def test_the_fleet_page_shows_each_till_red_where_a_person_is_needed(
    server: GatewayServer,
) -> None:
    hostile = TillStatus(tickets_waiting=1, documents_waiting=0, last_error="<script>x</script>")
    with ErpClient(server.url) as client:
        client.timed_ping("T-1", status=BEHIND)
        client.timed_ping("<b>T2</b>", status=hostile)
        client.timed_ping("T-3", status=TillStatus(tickets_waiting=0, documents_waiting=0))
    base = server.url.rsplit("/soap", 1)[0]
    page = _get(base + "/fleet")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.text
    assert '<meta http-equiv="refresh" content="30">' in html
    assert 'name="viewport"' in html
    assert '<tr id="till-T-1" class="attention" data-state="attention" data-backlog="4">' in html
    assert 'id="till-T-3" class="ok"' in html
    assert "<script>" not in html
    assert "<b>T2</b>" not in html and "&lt;b&gt;T2&lt;/b&gt;" in html
    only = _get(base + "/fleet?state=ok").text
    assert 'id="till-T-3"' in only and 'id="till-T-1"' not in only
    assert _get(base + "/fleet?state=sleepy").status_code == 400
    detail = _get(base + "/fleet/till/T-1")
    assert detail.status_code == 200
    assert "tickets: SendTickets at http://x: cannot connect" in detail.text
    assert 'data-state="attention"' in detail.text
    assert _get(base + "/fleet/till/T-9").status_code == 404
    odd = _get(base + "/fleet/till/" + urllib.parse.quote("<b>T2</b>", safe="")).text
    assert "&lt;script&gt;x&lt;/script&gt;" in odd and "<script>" not in odd
    assert "Till &lt;b&gt;T2&lt;/b&gt;" in odd


def test_the_fleet_page_is_for_the_erp_users_when_ws_security_is_on(tmp_path: Path) -> None:
    cfg = make_gateway_config(
        tmp_path / "gateway",
        security={"wsse_users": {"erp": "erp-pw", "T01": "till-pw"}, "erp_users": ["erp"]},
    )
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as started:
        page = started.url.rsplit("/soap", 1)[0] + "/fleet"
        refused = _get(page)
        assert refused.status_code == 401 and "Basic" in refused.headers["WWW-Authenticate"]
        assert _get(page, ("erp", "wrong")).status_code == 401
        assert _get(page, ("T01", "till-pw")).status_code == 403
        assert _get(page, ("erp", "erp-pw")).status_code == 200
