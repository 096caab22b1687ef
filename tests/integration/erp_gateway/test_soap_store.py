"""SendTickets names the store the sending till speaks for (optional ``storeId``): a hub
relays its store's tickets without being declared at the gateway first, a till speaks
for its own store only, and a request without the element is still served."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from gateway_fixture import make_ticket
from lxml import etree

from catalog_fixture import BREAD, WINE
from connectors.soap import SOAP_ENV
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_hub import SECRET, client_till, make_till
from integration.standalone_till.test_sync_gateway import gateway_rows, sell
from integration.ticket_contract.test_soap_client import SCHEMA
from standalone_till import schema as T
from standalone_till.hub.auth import HmacAuth
from standalone_till.hub.server import HubServer
from ticket_contract.client import ErpClient, TicketResult


@pytest.fixture
def client(gateway: GatewayServer) -> Iterator[ErpClient]:
    with ErpClient(gateway.url, timeout=10) as c:
        yield c


@pytest.fixture
def fresh_hub(tmp_path: Path, gateway: GatewayServer) -> Iterator[HubServer]:
    """Hub till T00 that never sold through the gateway and was never declared there."""
    till = make_till(
        tmp_path / "hub",
        "T00",
        webservice__url=gateway.url,
        local_server__enabled="true",
        local_server__secret=SECRET,
    )
    server = HubServer(till).start("127.0.0.1", 0)
    yield server
    server.stop()
    till.close()


def statuses(results: list[TicketResult]) -> list[tuple[str, str | None]]:
    return [(r.status, r.reason) for r in results]


def test_the_encoded_request_with_its_store_validates(client: ErpClient) -> None:
    body = etree.fromstring(client.encode_send_tickets("T01", [make_ticket("v-1")], "S001"))
    request = body.find(f"{{{SOAP_ENV}}}Body")[0]
    assert SCHEMA.validate(request), SCHEMA.error_log
    assert [etree.QName(c).localname for c in request] == ["tillId", "storeId", "tickets"]


def test_a_hub_never_seen_by_the_gateway_relays_its_stores_tickets(
    tmp_path: Path, gateway: GatewayServer, fresh_hub: HubServer
) -> None:
    till = client_till(tmp_path / "t1", "T01", gateway.url, fresh_hub)
    try:
        till.use_server("hub")
        sold = [sell(till, BREAD), sell(till, WINE)]
        assert till.uplink.send_tickets(force=True).accepted == 2
        relay = fresh_hub.till.uplink.send_tickets(force=True)
        assert (relay.accepted, relay.rejected, relay.remaining) == (2, 0, 0)
        rows = {r.ticket_id: (r.till_id, r.store_id) for r in gateway_rows(gateway)}
        assert rows == {t.id: ("T01", "S001") for t in sold}
        tills = {r.till_id: r.store_id for r in gateway_rows(gateway, "tills")}
        assert tills == {"T00": "S001", "T01": "S001"}
    finally:
        till.close()


def test_a_request_without_the_store_is_served_as_before(client: ErpClient) -> None:
    own = client.send_tickets("T00", [make_ticket("old-1", till_id="T00")])
    assert statuses(own) == [("accepted", None)]  # the first ticket tells the store
    relayed = client.send_tickets("T05", [make_ticket("old-2", till_id="T01", number=2)])
    assert statuses(relayed) == [
        ("rejected", "tillId T01 of the ticket is not the sending till T05")
    ]


def test_a_till_speaks_for_its_own_store_only(client: ErpClient, gateway: GatewayServer) -> None:
    # T00 says it is in S001 (registered so), relays for S001.
    ok = client.send_tickets("T00", [make_ticket("s-1", till_id="T01")], "S001")
    assert statuses(ok) == [("accepted", None)]
    # It now says S002: it belongs to S001, so it relays nothing for S002.
    lie = client.send_tickets("T00", [make_ticket("s-2", till_id="T05", store_id="S002")], "S002")
    assert lie[0].status == "rejected"
    assert "speaks for store S002 but belongs to store S001" in (lie[0].reason or "")
    # A ticket of another store, relayed by a till speaking for S001.
    other = client.send_tickets("T00", [make_ticket("s-3", till_id="T06", store_id="S002")], "S001")
    assert other[0].status == "rejected"
    # A till unknown until now, naming S001, cannot slip in a ticket of S002 either.
    stray = client.send_tickets("T08", [make_ticket("s-4", till_id="T07", store_id="S002")], "S001")
    assert stray[0].status == "rejected"
    assert [r.ticket_id for r in gateway_rows(gateway)] == ["s-1"]
    tills = {r.till_id: r.store_id for r in gateway_rows(gateway, "tills")}
    assert "T06" not in tills and "T07" not in tills
    assert tills["T00"] == "S001" and tills["T01"] == "S001"


def test_the_hub_takes_a_request_that_names_the_store(fresh_hub: HubServer) -> None:
    with ErpClient(fresh_hub.url + "/soap", timeout=10, signer=HmacAuth(SECRET)) as c:
        answer = c.send_tickets("T01", [make_ticket("h-1", till_id="T01")], "S001")
    assert statuses(answer) == [("accepted", None)]
    db = fresh_hub.till.db
    with db.read(db.journal) as conn:
        assert conn.execute(sa.select(T.outbox.c.ticket_id)).scalars().all() == ["h-1"]
