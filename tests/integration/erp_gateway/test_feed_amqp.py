"""The amqp sink against the RabbitMQ of this machine (127.0.0.1:5672, guest/guest):
persistent messages, confirms, the document id as message id, the cursor moved only
after the confirms; a message no queue takes is set aside; a connection cut by a proxy
loses nothing and repeats only what it marks as resent."""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from feed_documents import send_documents, send_other_kinds
from gateway_fixture import make_gateway_config

from connectors.errors import Unavailable
from erp_gateway.config import GatewayConfig
from erp_gateway.feed import rounds
from erp_gateway.server import GatewayServer
from fault_harness.proxy import FaultProxy, FaultRates

BROKER = ("127.0.0.1", 5672)


@pytest.fixture
def broker() -> Iterator[Any]:
    """A channel on the broker, and unique exchange and queue names (deleted afterwards)."""
    pika = pytest.importorskip("pika")
    try:
        socket.create_connection(BROKER, timeout=3).close()
    except OSError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"RabbitMQ at 127.0.0.1:5672 not reachable ({exc}); run scripts/services.sh")
    conn = pika.BlockingConnection(pika.URLParameters("amqp://guest:guest@127.0.0.1:5672/"))
    ch = conn.channel()
    tag = uuid.uuid4().hex[:10]
    ch.names = (f"feedtest.{tag}", f"feedtest.{tag}.erp")
    yield ch
    ch.queue_delete(ch.names[1])
    ch.exchange_delete(ch.names[0])
    conn.close()


def _drain(ch: Any, queue: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Every message waiting in ``queue``: (message id, headers, body), acknowledged."""
    out = []
    while True:
        method, props, body = ch.basic_get(queue, auto_ack=True)
        if method is None:
            return out
        assert props.delivery_mode == 2 and props.content_type == "application/json"
        out.append((props.message_id, props.headers, json.loads(body)))


def _gateway(tmp_path: Path, sink: dict[str, object]) -> tuple[GatewayServer, GatewayConfig]:
    cfg = make_gateway_config(tmp_path / "gw", erp_sink={"bus": sink})
    return GatewayServer(cfg).start(host="127.0.0.1", port=0), cfg


def test_each_document_once_and_the_unroutable_set_aside(broker: Any, tmp_path: Path) -> None:
    exchange, queue = broker.names
    sink = {"kind": "amqp", "url": "amqp://guest:guest@127.0.0.1:5672/", "exchange": exchange}
    server, cfg = _gateway(tmp_path, {**sink, "batch_size": 4})
    try:
        # The ERP's queue takes tickets and closures only.
        broker.exchange_declare(exchange, exchange_type="topic", durable=True)
        broker.queue_declare(queue, durable=True)
        for key in ("ticket", "closure"):
            broker.queue_bind(queue, exchange, routing_key=key)
        send_documents(server.url, 8)
        send_other_kinds(server.url)
        result = rounds.run_round(cfg, server.db, "bus")
        assert (result.delivered, result.position) == (14, 14)
        assert sorted(h.document_id for h in result.held) == [
            "cm-cash_in",
            "cm-drop",
            "reconciliation:1",
            "ticket_mismatch:1",
        ]
        got = _drain(broker, queue)
        assert [m[0] for m in got] == [
            *(f"t-{i}" for i in sorted(range(1, 9), key=str)),
            "r-1",
            "z-1",
        ]
        assert [m[1]["feed_seq"] for m in got] == sorted(m[1]["feed_seq"] for m in got)
        assert not any(m[1]["resent"] for m in got)
        assert got[0][2]["record"]["lines"][0]["item_code"] == "A1"
        assert rounds.run_round(cfg, server.db, "bus").delivered == 0
        assert _drain(broker, queue) == []
        assert rounds.status(cfg, server.db, "bus").held == 4

        broker.queue_bind(queue, exchange, routing_key="#")
        assert rounds.retry(cfg, server.db, "bus") == (4, [])
        again = _drain(broker, queue)
        assert sorted(m[0] for m in again) == [
            "cm-cash_in",
            "cm-drop",
            "reconciliation:1",
            "ticket_mismatch:1",
        ]
        findings = [m for m in again if m[0] in ("reconciliation:1", "ticket_mismatch:1")]
        assert [m[2]["kind"] for m in findings] == ["finding", "finding"]

        # A rewind sends again, in order.
        assert rounds.rewind(cfg, server.db, "bus", 10) == 10
        assert rounds.run_round(cfg, server.db, "bus").delivered == 4
        assert [m[1]["feed_seq"] for m in _drain(broker, queue)] == [11, 12, 13, 14]
    finally:
        server.stop()


@pytest.mark.slow
def test_a_cut_broker_connection_loses_nothing(broker: Any, tmp_path: Path) -> None:
    """Through a proxy that cuts most connections after a few kB, round after round:
    every document arrives; a document arriving twice was sent again after a cut and
    says so (``resent``)."""
    exchange, queue = broker.names
    rates = FaultRates(cut=0.5, reset=0.3, max_at_up=30_000, max_at_down=3_000)
    with FaultProxy(BROKER, rates, seed=17, name="amqp") as proxy:
        url = f"amqp://guest:guest@127.0.0.1:{proxy.port}/"
        sink = {"kind": "amqp", "url": url, "exchange": exchange, "queue": queue, "batch_size": 25}
        server, cfg = _gateway(tmp_path, sink)
        try:
            ids = send_documents(server.url, 400)
            failures = 0
            for _ in range(200):
                try:
                    if rounds.run_round(cfg, server.db, "bus").position == len(ids):
                        break
                except Unavailable:
                    failures += 1
            proxy.faults(False)
            assert rounds.status(cfg, server.db, "bus").behind == 0
        finally:
            server.stop()
    assert failures >= 2 and sum(proxy.struck.values()) >= 2  # the seed plans two faults first
    got = _drain(broker, queue)
    seen = Counter(m[0] for m in got)
    assert set(seen) == set(ids)
    twice = {i for i, n in seen.items() if n > 1}
    resent = {m[0] for m in got if m[1]["resent"]}
    assert resent and twice <= resent  # a cut struck a batch in flight: sent again, marked
