"""A hub whose relayed tickets the gateway refuses says so: `till status` names them under
``sync_errors`` (``relay``) with a warning, instead of an empty outbox and no error, the
very signal of "relayed everything"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from catalog_fixture import BREAD, WINE
from erp_gateway.registry import declare_till
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_hub import SECRET, client_till, make_till
from integration.standalone_till.test_sync_gateway import sell
from standalone_till.cli import cli
from standalone_till.hub.server import HubServer


def test_tickets_refused_on_relay_are_loud_at_the_hub(
    tmp_path: Path, gateway: GatewayServer
) -> None:
    # The hub is declared in another store than its config names: the gateway refuses
    # what it relays for S001 (a till speaks for its own store only).
    declare_till(gateway.db, "S002", "T00", dt.datetime.now(dt.UTC))
    hub_till = make_till(
        tmp_path / "hub",
        "T00",
        webservice__url=gateway.url,
        local_server__enabled="true",
        local_server__secret=SECRET,
    )
    hub = HubServer(hub_till).start("127.0.0.1", 0)
    client = client_till(tmp_path / "t1", "T01", gateway.url, hub)
    try:
        client.use_server("hub")
        sell(client, BREAD)
        sell(client, WINE)
        assert client.uplink.send_tickets(force=True).accepted == 2
        assert hub_till.status()["sync_errors"] == {}
        relay = hub_till.uplink.send_tickets(force=True)
        assert (relay.rejected, relay.remaining, relay.error) == (2, 0, None)
    finally:
        hub.stop()
        client.close()
        hub_till.close()

    config = str(tmp_path / "hub" / "till.toml")
    shown = CliRunner().invoke(cli, ["--config", config, "status", "--json"])
    assert shown.exit_code == 0, shown.output
    status = json.loads(shown.stdout)
    assert (status["outbox_pending"], status["relay_quarantined"]) == (0, 2)
    relay_error = status["sync_errors"]["relay"]
    assert relay_error.startswith("2 ticket(s) of other tills quarantined here, not relayed")
    assert "speaks for store S001 but belongs to store S002" in relay_error
    assert f"warning: {relay_error}" in shown.stderr
    text = CliRunner().invoke(cli, ["--config", config, "status"])
    assert "relay_quarantined: 2" in text.stdout and "warning: 2 ticket(s)" in text.stderr


def test_a_till_that_is_no_hub_has_no_relay_entry(tmp_path: Path) -> None:
    till = make_till(tmp_path / "t1", "T01")
    try:
        status = till.status()
        assert status["relay_quarantined"] == 0 and "relay" not in status["sync_errors"]
    finally:
        till.close()
