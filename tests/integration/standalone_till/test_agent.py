"""The sync agent in this process against the real gateway: timed and drip uploads,
coalescing, recovery noticed by the ping, messages between tickets, guarded jobs."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from catalog_fixture import BREAD, WINE
from erp_gateway.notices import push
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_sync_gateway import (
    gateway_ticket_ids,
    linked_till,
    restart,
    sell,
)
from standalone_till.config import TillConfig
from standalone_till.service import Till
from standalone_till.sync.agent import Agent, _guard
from ticket_contract.client import ErpClient, TicketResult


def wait_for(check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {check}")
        time.sleep(0.05)


class Watched(ErpClient):
    """The real client, counting SendTickets calls and how many run at once."""

    calls = 0
    running = 0
    most = 0
    lock = threading.Lock()

    def post_send_tickets(self, body: bytes) -> list[TicketResult]:
        with Watched.lock:
            Watched.calls += 1
            Watched.running += 1
            Watched.most = max(Watched.most, Watched.running)
        try:
            return super().post_send_tickets(body)
        finally:
            with Watched.lock:
                Watched.running -= 1


def watched_client(cfg: TillConfig) -> ErpClient:
    ws = cfg.webservice
    return Watched(ws.url, timeout=ws.timeout, ping_timeout=ws.ping_timeout)


@pytest.fixture
def running() -> Iterator[Callable[[Till], Agent]]:
    """Start agents in background threads; stop them all after the test."""
    started: list[tuple[Agent, threading.Event, threading.Thread]] = []

    def start(till: Till) -> Agent:
        agent = Agent(till)
        stop = threading.Event()
        thread = threading.Thread(target=agent.run_forever, args=(stop,), daemon=True)
        thread.start()
        started.append((agent, stop, thread))
        wait_for(lambda: agent._started)
        return agent

    yield start
    for _, stop, thread in started:
        stop.set()
        thread.join(10)


def test_tickets_go_on_the_timer(
    tmp_path: Path, gateway: GatewayServer, running: Callable[[Till], Agent]
) -> None:
    till = linked_till(tmp_path / "till", gateway.url, timings__ticket_sync_interval=1)
    try:
        running(till)
        sold = [sell(till) for _ in range(5)]
        wait_for(lambda: len(gateway_ticket_ids(gateway)) == 5)
        assert sorted(gateway_ticket_ids(gateway)) == sorted(t.id for t in sold)
        wait_for(lambda: till.status()["outbox_pending"] == 0)
        assert till.status()["server_reachable"] is True  # pinged at start
    finally:
        till.close()


def test_drip_coalesces_and_never_sends_twice_at_once(
    tmp_path: Path, gateway: GatewayServer, running: Callable[[Till], Agent]
) -> None:
    Watched.calls = Watched.most = 0
    note = push(gateway.db, "till", "T01", "Welcome to the new till")
    till = linked_till(
        tmp_path / "till",
        gateway.url,
        timings__drip=True,
        timings__ticket_sync_interval=3600,
        timings__ping_interval=3600,
        client_factory=watched_client,
    )
    try:
        agent = running(till)
        sold = [sell(till, BREAD, WINE) for _ in range(20)]  # each close asks for a send
        wait_for(lambda: len(gateway_ticket_ids(gateway)) == 20)
        assert agent.idle(10)
        assert sorted(gateway_ticket_ids(gateway)) == sorted(t.id for t in sold)
        assert Watched.most == 1, "two sends ran at once"
        assert 1 <= Watched.calls <= 20
        stored = {m.id: m for m in till.uplink.messages.recent()}
        assert stored[note.id].event == "between_tickets" and stored[note.id].acked_at
    finally:
        till.close()


def test_recovery_is_noticed_by_the_timed_ping(
    tmp_path: Path, gateway: GatewayServer, running: Callable[[Till], Agent]
) -> None:
    till = linked_till(
        tmp_path / "till",
        gateway.url,
        ping_timeout=1,
        timings__ping_interval=1,
        timings__ticket_sync_interval=3600,
    )
    try:
        gateway.stop()
        sold = [sell(till) for _ in range(3)]
        agent = running(till)
        wait_for(lambda: till.status()["server_reachable"] is False)
        assert agent.idle(10)
        assert till.status()["outbox_pending"] == 3  # the first send failed: held off
        back = restart(gateway)
        try:
            # No sale, no timer: only the ping can notice the server is back.
            wait_for(lambda: len(gateway_ticket_ids(back)) == 3)
            assert sorted(gateway_ticket_ids(back)) == sorted(t.id for t in sold)
            assert till.status()["server_reachable"] is True
        finally:
            back.stop()
    finally:
        till.close()


def test_day_events_never_wait_on_the_network(
    tmp_path: Path, running: Callable[[Till], Agent]
) -> None:
    with socket.socket() as silent:  # accepts, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/soap"
        till = linked_till(tmp_path / "till", url, lookup_timeout=5, timings__ping_interval=3600)
        try:
            running(till)
            started = time.monotonic()
            till.open_day()
            sell(till)
            till.close_day()
            assert time.monotonic() - started < 2  # the agent asks in the background
        finally:
            till.close()


def test_a_failing_scheduled_job_stays_scheduled(
    tmp_path: Path, gateway: GatewayServer, caplog: pytest.LogCaptureFixture
) -> None:
    till = linked_till(tmp_path / "till", gateway.url)
    agent = Agent(till)
    runs = []

    def broken() -> None:
        runs.append(1)
        raise RuntimeError("a bug in a job")

    try:
        agent.scheduler.every(1).seconds.do(_guard, "broken", broken)
        agent.scheduler.run_all()
        agent.scheduler.run_all()
        assert len(runs) == 2 and len(agent.scheduler.jobs) == 1
        assert "a bug in a job" in caplog.text
    finally:
        agent.stop()
        till.close()


def test_drip_sends_a_cash_movement_and_the_closure_at_once(
    tmp_path: Path, gateway: GatewayServer, running: Callable[[Till], Agent]
) -> None:
    from decimal import Decimal

    from integration.standalone_till.test_sync_gateway import gateway_rows
    from standalone_till.cash import CashKind
    from standalone_till.till_documents import move_cash

    till = linked_till(
        tmp_path / "till",
        gateway.url,
        timings__drip=True,
        timings__ticket_sync_interval=3600,  # no timed sync: only drip sends
        timings__ping_interval=3600,
    )
    try:
        agent = running(till)
        assert agent.idle(30)
        move_cash(till, CashKind.DROP, Decimal("20.00"))
        wait_for(lambda: len(gateway_rows(gateway, "cash_movements")) == 1, timeout=60)
        till.closure()
        wait_for(lambda: len(gateway_rows(gateway, "closures")) == 1, timeout=60)
        # the gateway commits before it answers: the till records the answer just after
        wait_for(lambda: till.status()["documents_pending"] == 0)
    finally:
        till.close()
