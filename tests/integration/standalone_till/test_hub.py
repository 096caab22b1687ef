"""Local server mode, in one process against real servers on 127.0.0.1: the hub's signed
SOAP contract, its store-and-forward of other tills' tickets to the gateway (exactly
once, under their own till and number), the open orders and the failover of a client."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from conftest import write_till_config
from gateway_fixture import NS, envelope, make_ticket, post, with_hash

from catalog_fixture import BREAD, WINE, write_catalog
from connectors.errors import ConfigError, ServerFault
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_agent import wait_for
from integration.standalone_till.test_sync_gateway import gateway_rows, outbox, sell
from standalone_till import schema as T
from standalone_till.config import load_config, set_key
from standalone_till.hub.auth import HmacAuth, HmacGuard, signature
from standalone_till.hub.client import OrdersClient, OrdersPoller
from standalone_till.hub.orders import VersionConflict
from standalone_till.hub.server import HubServer
from standalone_till.service import Till
from ticket_contract.client import ErpClient

SECRET = "correct horse battery staple"


def make_till(folder: Path, till_id: str, **keys: str) -> Till:
    """A till of store S001 with the sample catalog; ``keys`` like ``local_server__port``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_till_config(folder, till_id=till_id)
    for key, value in keys.items():
        set_key(path, key.replace("__", "."), value)
    till = Till(load_config(path))
    till.init()
    till.load_data(write_catalog(folder / "exports"))
    return till


@pytest.fixture
def hub(tmp_path: Path, gateway: GatewayServer) -> Iterator[HubServer]:
    """The hub till T00 (linked to the gateway), serving on a free port."""
    till = make_till(
        tmp_path / "hub",
        "T00",
        webservice__url=gateway.url,
        local_server__enabled="true",
        local_server__secret=SECRET,
    )
    sell(till, BREAD)  # the gateway learns the hub's store from its own ticket
    till.uplink.send_tickets(force=True)
    server = HubServer(till).start("127.0.0.1", 0)
    yield server
    server.stop()
    till.close()


def client_till(folder: Path, till_id: str, gateway_url: str, hub: HubServer, **keys: str) -> Till:
    return make_till(
        folder,
        till_id,
        webservice__url=gateway_url,
        webservice__ping_timeout="1",
        local_server__hub_url=hub.url,
        local_server__secret=keys.pop("secret", SECRET),
        **keys,
    )


def hub_client(hub: HubServer, secret: str = SECRET) -> ErpClient:
    return ErpClient(hub.url + "/soap", ping_timeout=2, signer=HmacAuth(secret))


# ---------------------------------------------------------------- the signature


def test_unsigned_wrong_and_stale_requests_are_refused_without_logging_the_secret(
    hub: HubServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="tillsync.hub")
    body = envelope("Ping", {"tillId": "T01"})
    unsigned = post(hub.url + "/soap", body)
    assert (unsigned.status, unsigned.fault_code) == (401, "Unauthorized")
    with pytest.raises(ServerFault) as caught:
        hub_client(hub, "a wholly different passphrase").ping("T01")
    assert caught.value.code == "Unauthorized"
    stale = str(int(time.time()) - 301)
    headers = {
        "X-Tillsync-Timestamp": stale,
        "X-Tillsync-Signature": signature(SECRET, stale, "POST", "/soap", body),
    }
    assert post(hub.url + "/soap", body, headers=headers).fault_code == "Unauthorized"
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 3 and all("127.0.0.1" in m for m in refusals)
    assert SECRET not in caplog.text and "passphrase" not in caplog.text
    assert hub_client(hub).ping("T01") is not None  # the right secret is served


def test_the_guard_refuses_orders_too_and_a_short_secret() -> None:
    with pytest.raises(Exception, match="at least 16"):
        HmacGuard(lambda e, s: [], "short", namespace=NS, soap=False)


# ---------------------------------------------------------------- tickets


def test_the_hub_keeps_a_clients_tickets_with_their_id_till_and_number(
    hub: HubServer, gateway: GatewayServer, tmp_path: Path
) -> None:
    client = client_till(tmp_path / "t1", "T01", gateway.url, hub)
    client.use_server("hub")
    sold = [sell(client, BREAD), sell(client, WINE, BREAD)]
    report = client.uplink.send_tickets(force=True)
    assert (report.accepted, report.remaining) == (2, 0)
    assert outbox(client) == {}
    with hub.till.db.read(hub.till.db.journal) as conn:
        rows = {r.id: (r.till_id, r.number) for r in conn.execute(T.tickets.select())}
        relayed = {r.ticket_id for r in conn.execute(T.outbox.select())}
    for t in sold:
        assert rows[t.id] == ("T01", t.number)
    assert {t.id for t in sold} <= relayed
    # the hub's copy maps back to the same contract ticket as the till's own
    from standalone_till.sync.outbox import Outbox

    for t in sold:
        assert _contract(hub.till, t.id) == _contract(client, t.id)
    again = client.uplink.client("hub").send_tickets("T01", [_contract(client, sold[0].id)])
    assert again[0].status == "duplicate"
    other = _contract(client, sold[0].id)
    other["customerCode"] = "C000001"
    with_hash(other)  # other content, hashed by the till that closed it
    (changed,) = client.uplink.client("hub").send_tickets("T01", [other])
    assert changed.status == "mismatch"  # named field by field, as the gateway does
    assert "customerCode (absent -> C000001)" in (changed.reason or "")
    assert Outbox(hub.till.db).pending_count() == 2  # the hub's own went before
    client.close()


def _contract(till: Till, ticket_id: str) -> dict[str, object]:
    import json

    from ticket_contract.writer import contract_ticket

    with till.db.read(till.db.journal) as conn:
        row = conn.execute(T.tickets.select().where(T.tickets.c.id == ticket_id)).one()
    return contract_ticket(json.loads(row.document), row.content_hash)


def test_the_hub_refuses_tickets_of_another_till_or_store(hub: HubServer) -> None:
    client = hub_client(hub)
    results = client.send_tickets(
        "T01",
        [
            make_ticket("H-1", till_id="T01"),
            make_ticket("H-2", till_id="T02"),
            make_ticket("H-3", till_id="T01", store_id="S999", number=2),
            make_ticket("H-4", till_id="T01"),  # the number of H-1 again
        ],
    )
    assert [r.status for r in results] == ["accepted", "rejected", "rejected", "rejected"]
    assert "already ticket H-1" in (results[3].reason or "")


def test_the_hub_refuses_a_ticket_whose_content_is_not_what_its_hash_was_made_over(
    hub: HubServer,
) -> None:
    client = hub_client(hub)
    edited = make_ticket("H-9", till_id="T01")
    edited["customerCode"] = "C000001"  # after the close: the till's hash kept
    (result,) = client.send_tickets("T01", [edited])
    assert result.status == "rejected"
    assert "the ticket changed after it was closed" in (result.reason or "")
    assert client.send_tickets("T01", [make_ticket("H-9", till_id="T01")])[0].status == ("accepted")


def test_the_hub_relays_to_the_gateway_exactly_once(
    hub: HubServer, gateway: GatewayServer, tmp_path: Path
) -> None:
    client = client_till(tmp_path / "t1", "T01", gateway.url, hub)
    client.use_server("hub")
    sold = [sell(client, BREAD) for _ in range(3)]
    client.uplink.send_tickets(force=True)
    first = hub.till.uplink.send_tickets(force=True)
    assert (first.accepted, first.remaining) == (3, 0)
    # a crash after sending, before recording: the relay is sent again, harmlessly
    from integration.standalone_till.test_sync_gateway import requeue

    requeue(hub.till, [t.id for t in sold])
    second = hub.till.uplink.send_tickets(force=True)
    assert (second.duplicate, second.remaining) == (3, 0)
    rows = [r for r in gateway_rows(gateway) if r.till_id == "T01"]
    assert sorted((r.ticket_id, r.number) for r in rows) == sorted((t.id, t.number) for t in sold)
    assert gateway_rows(gateway, "ticket_versions") == []
    client.close()


def test_offers_messages_and_config_on_the_hub(hub: HubServer) -> None:
    client = hub_client(hub)
    offers = client.get_customer_offers("T01", "C000001")
    local = hub.till.catalog.offers_for("C000001", None, dt.date.today())
    assert sorted(o.code for o in offers) == sorted(o.code for o in local)
    assert offers  # answered from the hub's catalog
    assert client.get_messages("T01", "day_open") == []
    assert client.ack_messages("T01", [1, 2]) == 0
    with pytest.raises(ServerFault) as caught:
        client.get_till_config("T01")
    assert caught.value.code == "NotAvailable"


# ---------------------------------------------------------------- failover


def test_a_client_switches_to_the_hub_and_back_by_itself(
    tmp_path: Path, gateway: GatewayServer, hub: HubServer
) -> None:
    client = client_till(tmp_path / "t1", "T01", gateway.url, hub)
    assert client.uplink.ping().reachable
    assert client.status()["server_in_use"] == "gateway"
    port = gateway.port
    gateway.stop()
    result = client.uplink.ping()
    assert result.reachable and result.recovered
    assert client.status()["server_in_use"] == "hub"
    ticket = sell(client, BREAD)
    assert client.uplink.send_tickets().accepted == 1  # to the hub, hold-offs released
    back = GatewayServer(gateway.config).start("127.0.0.1", port)
    try:
        assert client.uplink.ping().recovered
        assert client.status()["server_in_use"] == "gateway"
        client.use_server("hub")
        assert client.uplink.ping().reachable
        assert client.status()["server_in_use"] == "hub"  # the manual switch holds
        client.use_server("auto")
        client.uplink.ping()
        assert client.status()["server_in_use"] == "gateway"
        hub.till.uplink.send_tickets(force=True)
        rows = [r for r in gateway_rows(back) if r.ticket_id == ticket.id]
        assert [(r.till_id, r.number) for r in rows] == [("T01", ticket.number)]
    finally:
        back.stop()
        client.close()


def test_with_neither_server_the_till_goes_on_selling(tmp_path: Path, hub: HubServer) -> None:
    client = client_till(tmp_path / "t1", "T01", "http://127.0.0.1:9/soap", hub)
    hub.stop()
    result = client.uplink.ping()
    assert not result.reachable and "Ping at" in (result.error or "")
    sell(client, BREAD)
    assert client.status()["outbox_pending"] == 1
    client.close()


# ---------------------------------------------------------------- open orders


def test_open_orders_with_a_version_check(hub: HubServer) -> None:
    with (
        OrdersClient(hub.url, SECRET, "T01") as one,
        OrdersClient(hub.url, SECRET, "T02") as two,
    ):
        created = one.park("table-4", {"label": "Table 4", "items": [BREAD]}, 0)
        assert (created.version, created.state, created.till_id) == (1, "open", "T01")
        changed = two.park("table-4", {"label": "Table 4", "items": [BREAD, WINE]}, 1)
        with pytest.raises(VersionConflict) as caught:
            one.park("table-4", {"label": "Table 4", "items": []}, 1)  # based on version 1
        assert caught.value.current == changed
        assert "nothing was overwritten" in str(caught.value)
        with pytest.raises(VersionConflict):
            one.park("table-4", {"label": "new"}, 0)  # it exists already
        assert [o.document["items"] for o in one.list_open()] == [[BREAD, WINE]]
        closed = one.close_order("table-4", 2)
        assert (closed.state, closed.version) == ("closed", 3)
        assert one.list_open() == []
        with pytest.raises(VersionConflict):
            two.close_order("table-4", 3)  # closed already


def test_a_change_on_one_till_is_seen_on_the_others_within_a_second(hub: HubServer) -> None:
    seen: list[float] = []
    with OrdersClient(hub.url, SECRET, "T02") as reader, OrdersClient(hub.url, SECRET, "T01") as w:
        poller = OrdersPoller(reader, lambda orders: seen.append(time.monotonic())).start()
        try:
            time.sleep(0.3)  # the poller waits on the hub
            started = time.monotonic()
            w.park("bar-1", {"label": "Bar 1"}, 0)
            wait_for(lambda: bool(seen), timeout=5)
            assert seen[0] - started < 1.0
            assert [o.order_id for o in poller.open_orders()] == ["bar-1"]
        finally:
            poller.stop()


def test_the_orders_feed_refuses_a_wrong_secret(hub: HubServer) -> None:
    with (
        OrdersClient(hub.url, "a secret of some other store", "T01") as wrong,
        pytest.raises(Exception, match="refused"),
    ):
        wrong.list_open()
    assert requests.get(hub.url + "/orders", timeout=5).status_code == 401


def test_the_hub_needs_local_server_enabled(tmp_path: Path) -> None:
    till = make_till(tmp_path / "plain", "T05")
    with pytest.raises(ConfigError, match=r"local_server\.enabled"):
        HubServer(till)
    till.close()


def test_the_hub_relays_signed_tickets_unchanged(
    hub: HubServer, gateway: GatewayServer, tmp_path: Path
) -> None:
    import datetime as _dt

    from connectors.errors import BadInput
    from erp_gateway.db import GatewayDatabase
    from erp_gateway.signatures import declare_key, pinned, verify
    from standalone_till.signing import keep_relayed_keys, till_key_infos
    from ticket_contract.wire import OfferedKey

    client = client_till(tmp_path / "t1", "T01", gateway.url, hub)
    client.use_server("hub")
    sold = [sell(client, BREAD) for _ in range(2)]
    client.uplink.send_tickets(force=True)
    assert hub.till.uplink.send_tickets(force=True).accepted == 2
    db = GatewayDatabase(gateway.config.database_url)
    try:
        # relayed as signed, with the till's key the hub carried up: pinned, the chain holds
        (found,) = verify(db, "T01")
        assert found.holds and found.chains[0].entries == len(sold)
        assert pinned(db)["T01"] == till_key_infos(client.db)[-1].fingerprint
        # the pin holds: another key declared for T01 is refused
        with pytest.raises(BadInput, match="pinned"):
            declare_key(
                db, "T01", till_key_infos(hub.till.db)[-1].public_key, _dt.datetime.now(_dt.UTC)
            )
        # a till speaks for itself only: a key it offers for another till is not carried
        with hub.till.db.write(hub.till.db.journal) as conn:
            other = OfferedKey("T09", till_key_infos(hub.till.db)[-1].public_key, None)
            assert keep_relayed_keys(conn, "T01", [other], _dt.datetime.now(_dt.UTC)) == 0
    finally:
        db.dispose()
        client.close()
