"""The hub carries contract version 2: returns, cash movements and closures its tills send
it are kept in its journal (exactly once, the contract's outcomes) and relayed to the
gateway with the same hashes; GetTicket is answered from the hub's journal for its tills'
tickets, else by the gateway. A real gateway and a real hub over HTTP on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
import zeep
from contract_documents import a_return, cash, closure, sale

from erp_gateway.server import GatewayServer
from integration.standalone_till.test_hub import SECRET, make_till
from integration.standalone_till.test_sync_gateway import gateway_rows
from standalone_till.document_tables import documents_outbox, till_documents
from standalone_till.hub.auth import HmacAuth
from standalone_till.hub.server import HubServer
from ticket_contract import NAMESPACE_V1, WSDL_V1_PATH
from ticket_contract.client import ErpClient
from ticket_contract.document_wire import ReceiptRef
from ticket_contract.writer import (
    content_hash,
    content_hash_of_document,
    contract_ticket,
    document_xml,
)

DAY = dt.date(2026, 12, 2)


def _in_store(doc: dict[str, Any], **more: Any) -> dict[str, Any]:
    """A stored document of store S001 (the hub's)."""
    return doc | {"store_id": "S001"} | more


@pytest.fixture
def hub(tmp_path: Path, gateway: GatewayServer) -> Iterator[HubServer]:
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


def _tickets(c: ErpClient, till: str, *docs: dict[str, Any]) -> list[str]:
    sent = [contract_ticket(d, content_hash(d)) for d in docs]
    return [r.status for r in c.send_tickets(till, sent, "S001")]


def test_the_hub_keeps_and_relays_returns_cash_and_closures(
    hub: HubServer, gateway: GatewayServer
) -> None:
    original = _in_store(sale())
    back = _in_store(a_return(), till_id="T02", number=1)
    movement = _in_store(cash())
    z = _in_store(closure())
    with ErpClient(hub.url + "/soap", timeout=10, signer=HmacAuth(SECRET)) as c:
        assert _tickets(c, "T01", original) == ["accepted"]
        assert _tickets(c, "T02", back) == ["accepted"]
        assert _tickets(c, "T02", back) == ["duplicate"]
        results = c.send_documents("T01", [document_xml(movement), document_xml(z)])
        assert [r.status for r in results] == ["accepted", "accepted"]
        again = c.send_documents("T01", [document_xml(movement)])
        assert again[0].status == "duplicate"
        other = c.send_documents("T01", [document_xml(movement | {"amount": "99.00"})])
        assert other[0].status == "mismatch"
        assert "amount (12.30 -> 99.00)" in (other[0].reason or "")
        stray = c.send_documents("T01", [document_xml(_in_store(cash(), id="x", till_id="T09"))])
        assert stray[0].status == "rejected"
        # GetTicket from the hub's journal: by id, and by receipt, with the return in it
        found = c.get_ticket("t-1", till_id="T02")
        assert found is not None and found["lines"][0]["returned"] == "1.000"
        assert found["content_hash"] == content_hash(original)
        by_receipt = c.get_ticket(ReceiptRef("S001", "T01", DAY, 1), till_id="T02")
        assert by_receipt is not None and by_receipt["id"] == "t-1"
        # a ticket only the gateway has: the hub asks it
        with ErpClient(gateway.url, timeout=10) as direct:
            elsewhere = _in_store(sale(), id="t-gw", till_id="T05", number=7)
            assert _tickets(direct, "T05", elsewhere) == ["accepted"]
        found = c.get_ticket("t-gw", till_id="T02")
        assert found is not None and found["till_id"] == "T05"
        assert found["lines"][0]["returned"] == "0.000"
        assert c.get_ticket("nowhere", till_id="T02") is None
    db = hub.till.db
    with db.read(db.journal) as conn:
        kept = {
            r.id: (r.content_hash, json.loads(r.document))
            for r in conn.execute(sa.select(till_documents))
        }
        pending = set(conn.execute(sa.select(documents_outbox.c.document_id)).scalars())
    assert pending == {"cm-cash_in", "z-1"}
    assert kept["cm-cash_in"][0] == content_hash_of_document(movement)
    assert kept["z-1"][0] == content_hash_of_document(z)
    # the relay: tickets by the hub's outbox, then documents by its documents drain
    relay = hub.till.uplink.send_tickets(force=True)
    assert (relay.accepted, relay.rejected) == (2, 0)
    relayed = hub.till.uplink.send_documents(force=True)
    assert (relayed.accepted, relayed.rejected, relayed.remaining) == (2, 0, 0)
    assert hub.till.status()["documents_pending"] == 0
    rows = {r.ticket_id: (r.kind, r.original_id, r.content_hash) for r in gateway_rows(gateway)}
    assert rows["r-1"] == ("return", "t-1", content_hash(back))
    assert rows["t-1"] == ("sale", None, content_hash(original))
    cash_rows = {r.document_id: r.content_hash for r in gateway_rows(gateway, "cash_movements")}
    assert cash_rows == {"cm-cash_in": content_hash_of_document(movement)}
    [z_row] = gateway_rows(gateway, "closures")
    assert (z_row.document_id, z_row.till_id) == ("z-1", "T01")


def test_the_hub_takes_a_till_still_speaking_version_1(hub: HubServer) -> None:
    session = requests.Session()
    session.auth = HmacAuth(SECRET)
    client = zeep.Client(str(WSDL_V1_PATH), transport=zeep.Transport(session=session))
    service = client.create_service(f"{{{NAMESPACE_V1}}}TillsyncErpBinding", hub.url + "/soap")
    doc = _in_store(sale(), id="t-old", number=3)
    reply = service.SendTickets(
        "T01", "S001", {"ticket": [contract_ticket(doc, content_hash(doc))]}
    )
    assert [(r.ticketId, r.status) for r in reply] == [("t-old", "accepted")]
    db = hub.till.db
    with db.read(db.journal) as conn:
        kept = conn.execute(sa.text("SELECT content_hash FROM tickets WHERE id = 't-old'")).scalar()
    assert kept == content_hash(doc)
