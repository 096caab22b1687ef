"""The fleet view at the gateway: what each till says of itself at its Ping (stored per
till, older tills still ping), the fleet command and the period gate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from gateway_fixture import make_gateway_config

from erp_gateway.fleet import fleet, recent_errors
from erp_gateway.server import GatewayServer
from ticket_contract.client import ErpClient
from ticket_contract.till_status import TillStatus

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
        finally:
            till.close()
        (row,) = fleet(gateway.db, gateway.config)
    assert (row.till_id, row.tickets_waiting, row.documents_waiting) == ("T01", 2, 0)
    # the wire carries whole seconds
    assert row.oldest_waiting_at == min(t.closed_at for t in sold).replace(microsecond=0)
    assert row.catalog_sequence and row.catalog_sequence >= 1
    assert row.server == "gateway" and row.chain_heads and row.software_version
    assert row.state == "ok" and row.last_error is None
