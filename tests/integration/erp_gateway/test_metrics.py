"""Prometheus metrics at /metrics: requests by operation and outcome with their latency,
documents stored, tills unreachable; with several gunicorn workers every scrape sums the
requests of all of them (prometheus-client's multiprocess mode)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from gateway_fixture import make_ticket
from prometheus_client.parser import text_string_to_metric_families

from connectors.errors import ServerFault
from erp_gateway.server import GatewayServer
from ticket_contract.client import ErpClient


def scrape(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = requests.get(base + "/metrics", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(answer.text)
        for s in family.samples
    }


def test_metrics_count_requests_documents_and_tills(gateway: GatewayServer) -> None:
    with ErpClient(gateway.url) as client:
        client.timed_ping("T01")
        client.timed_ping("T02")
        sent = client.send_tickets("T01", [make_ticket("t-1", till_id="T01", number=1)])
        assert [r.status for r in sent] == ["accepted"]
        with pytest.raises(ServerFault):
            client.get_till_config("T99")
    found = scrape(gateway.url.rsplit("/soap", 1)[0])
    ok = ("tillsync_gateway_requests_total", (("operation", "Ping"), ("outcome", "ok")))
    assert found[ok] == 2
    unknown = (("operation", "GetTillConfig"), ("outcome", "UnknownTill"))
    assert found[("tillsync_gateway_requests_total", unknown)] == 1
    assert found[("tillsync_gateway_request_seconds_count", (("operation", "Ping"),))] == 2
    assert found[("tillsync_gateway_documents_stored", (("kind", "ticket"),))] == 1
    assert found[("tillsync_gateway_tills_unreachable", ())] == 0
    assert found[("tillsync_gateway_tills", (("state", "ok"),))] == 2


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.skipif(sys.platform != "linux", reason="gunicorn")
def test_every_worker_scrapes_the_requests_of_all(tmp_path: Path, pg_database: str) -> None:
    from integration.erp_gateway.test_gateway_workers import (
        ERP_GATEWAY,
        LISTENING,
        Serving,
        _config,
    )

    config = _config(tmp_path, pg_database)
    counts = tmp_path / "counts"
    counts.mkdir()
    proc = subprocess.Popen(
        [ERP_GATEWAY, "serve", "--port", "0", "--workers", "2", "--config", str(config)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(counts)},
    )
    serving = Serving(proc)
    try:
        url = serving.expect(LISTENING).group(1)
        for n in range(20):  # a connection each: either worker may take it
            with ErpClient(url) as client:
                client.timed_ping(f"T{n % 4:02d}")
        key = ("tillsync_gateway_requests_total", (("operation", "Ping"), ("outcome", "ok")))
        # fresh connections: the balancer of the kernel hands them to either worker
        seen = [scrape(url.rsplit("/soap", 1)[0])[key] for _ in range(6)]
        assert seen == [20] * 6
        assert list(counts.glob("counter_*.db")), "the workers counted in the shared folder"
    finally:
        serving.close()
