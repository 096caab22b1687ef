"""`till ping` and `till status` against the real gateway on 127.0.0.1: the latency is the
call's alone, and a successful call counts as proof that the server answers."""

from __future__ import annotations

import time
from pathlib import Path

from erp_gateway.server import GatewayServer
from integration.standalone_till.test_sync_gateway import linked_till, sell
from standalone_till.config import TillConfig
from standalone_till.sync.uplink import client_for
from ticket_contract.client import ErpClient


def test_the_ping_latency_leaves_out_building_the_client(
    tmp_path: Path, gateway: GatewayServer
) -> None:
    built_at: list[float] = []

    def real_client(cfg: TillConfig) -> ErpClient:
        client = client_for(cfg)  # the product's own factory, timed from outside
        built_at.append(time.perf_counter())
        return client

    till = linked_till(tmp_path / "till", gateway.url, client_factory=real_client)
    try:
        result = till.uplink.ping()  # the first: the client (and its WSDL) is made now
        returned_at = time.perf_counter()
        assert result.reachable and result.latency_ms is not None
        # The measured span starts after the client exists, so it fits in what followed.
        assert len(built_at) == 1
        assert result.latency_ms <= (returned_at - built_at[0]) * 1000
    finally:
        till.close()


def test_a_successful_sync_shows_the_server_reachable(
    tmp_path: Path, gateway: GatewayServer
) -> None:
    till = linked_till(tmp_path / "till", gateway.url)
    try:
        assert till.status()["server_reachable"] is None  # nothing asked yet
        sell(till)
        assert till.uplink.send_tickets(force=True).accepted == 1
        assert till.status()["server_reachable"] is True
        gateway.stop()
        assert not till.uplink.ping().reachable  # the ping after it has the last word
        assert till.status()["server_reachable"] is False
    finally:
        till.close()
