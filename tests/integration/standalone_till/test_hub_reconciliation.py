"""A hub relays the proof that nothing is missing: the gateway's answer to a closure the
hub relays names the tickets it lacks, and the hub sends them again from its journal,
where it keeps the tickets it relayed under their own till. A real gateway (restored
from an older copy under it) and a real hub over HTTP on 127.0.0.1."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from contract_documents import closure, sale

from erp_gateway.reconciliation import findings
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_hub import SECRET, make_till
from integration.standalone_till.test_sync_gateway import gateway_rows
from standalone_till.hub.auth import HmacAuth
from standalone_till.hub.server import HubServer
from ticket_contract.client import ErpClient
from ticket_contract.writer import content_hash, contract_ticket, document_xml


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


def _sale(n: int) -> dict[str, Any]:
    return sale(id=f"t-{n}", number=n, store_id="S001")


def _closure(count: int) -> dict[str, Any]:
    total = f"{Decimal('2.90') * count:.2f}"
    net = f"{Decimal('2.42') * count:.2f}"
    vat = f"{Decimal(total) - Decimal(net):.2f}"
    return closure(
        store_id="S001",
        first_number=1,
        last_number=count,
        tickets=count,
        returns=0,
        total=total,
        vat=[{"rate": "20", "gross": total, "net": net, "vat": vat}],
        payments=[{"method": "cash", "amount": total}],
    )


def _copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def test_the_hub_sends_again_what_the_gateway_lacks_of_a_day_it_relays(
    tmp_path: Path, hub: HubServer, gateway: GatewayServer
) -> None:
    database = Path(sa.make_url(gateway.config.database_url).database or "")
    uplink = hub.till.uplink
    with ErpClient(hub.url + "/soap", timeout=10, signer=HmacAuth(SECRET)) as c:

        def to_hub(*numbers: int) -> None:
            sent = [contract_ticket(_sale(n), content_hash(_sale(n))) for n in numbers]
            assert [r.status for r in c.send_tickets("T01", sent, "S001")] == ["accepted"] * len(
                numbers
            )
            assert uplink.send_tickets(force=True).accepted == len(numbers)

        to_hub(1)
        _copy(database, tmp_path / "older.db")
        to_hub(2, 3)
        _copy(tmp_path / "older.db", database)  # the gateway restored: 2 and 3 gone
        assert sorted(r.number for r in gateway_rows(gateway)) == [1]
        z = c.send_documents("T01", [document_xml(_closure(3))])
        assert [r.status for r in z] == ["accepted"]
    relayed = uplink.send_documents(force=True)
    assert relayed.accepted == 1 and uplink.resent.is_set()
    again = uplink.send_tickets(force=True)
    assert (again.accepted, again.duplicate) == (2, 0)
    assert sorted(r.number for r in gateway_rows(gateway)) == [1, 2, 3]
    assert findings(gateway.db) == []
