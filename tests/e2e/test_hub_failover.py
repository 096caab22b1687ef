"""Failover to the hub when the gateway hangs rather than dies: its port still accepts
but nothing answers (a frozen process, a half-dead proxy). The gateway is a real
`erp-gateway serve` process frozen with SIGSTOP; the client till's agent must hand its
tickets to the hub within the ping's timeout plus a few seconds, not after
``webservice.timeout`` and a hold-off."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalog_fixture import BREAD, WINE
from e2e.test_hub_e2e import World, gateway_tickets, listening, wait_for
from integration.standalone_till.test_hub import SECRET, make_till
from integration.standalone_till.test_sync_gateway import sell
from standalone_till import schema as T
from standalone_till.hub.server import HubServer
from standalone_till.service import Till
from standalone_till.sync.agent import Agent
from standalone_till.sync.state import Area

# The ping finds a hung gateway out within a second; a ticket call would wait a minute.
pytestmark = pytest.mark.slow  # a real gateway process frozen and a hub: seconds each
PING = {"webservice__ping_timeout": "1", "timings__ping_interval": "1"}
LONG_CALLS = {"webservice__timeout": "60"}  # hold-off stays at its default (120 s)
SWITCH_AND_SEND = 40.0  # ping timeout + interval + slack for a loaded machine: below the 60 s


class Frozen(World):
    """The gateway as a process that can be frozen; thawed again in any case."""

    frozen = False

    def freeze(self) -> None:
        self.procs["gateway"][0].send_signal(signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        if self.frozen and "gateway" in self.procs:
            self.procs["gateway"][0].send_signal(signal.SIGCONT)
        self.frozen = False


@pytest.fixture
def world(tmp_path: Path) -> Iterator[Frozen]:
    w = Frozen(tmp_path)
    try:
        yield w
    finally:
        w.thaw()
        w.close()


@pytest.fixture
def hub(tmp_path: Path, world: Frozen) -> Iterator[HubServer]:
    till = make_till(
        tmp_path / "hub",
        "T00",
        local_server__enabled="true",
        local_server__secret=SECRET,
    )
    server = HubServer(till).start("127.0.0.1", 0)
    try:
        yield server
    finally:
        server.stop()
        till.close()


@pytest.fixture
def agents() -> Iterator[Callable[[Till], Agent]]:
    started: list[tuple[threading.Event, threading.Thread]] = []

    def start(till: Till) -> Agent:
        agent = Agent(till)
        stop = threading.Event()
        thread = threading.Thread(target=agent.run_forever, args=(stop,), daemon=True)
        thread.start()
        started.append((stop, thread))
        return agent

    yield start
    for stop, _ in started:
        stop.set()
    for _, thread in started:
        thread.join(10)


def hub_has(hub: HubServer, ticket_ids: set[str]) -> bool:
    db = hub.till.db
    with db.read(db.journal) as conn:
        held = set(conn.execute(sa.select(T.tickets.c.id)).scalars())
    return ticket_ids <= held


def test_a_frozen_gateway_does_not_hold_the_outbox_after_the_switch(
    tmp_path: Path, world: Frozen, hub: HubServer, agents: Callable[[Till], Agent]
) -> None:
    w = world
    w.start_gateway()
    till = make_till(
        tmp_path / "T01",
        "T01",
        webservice__url=w.gateway_url,
        local_server__hub_url=hub.url,
        local_server__secret=SECRET,
        timings__drip="true",
        **PING,
        **LONG_CALLS,
    )
    try:
        agents(till)
        first = sell(till, BREAD)
        wait_for(lambda: [first.id] == [r[0] for r in gateway_tickets(w)], "a first sale", w)

        w.freeze()  # the port still accepts; nothing answers
        assert listening(w.gateway_port)
        sold = {sell(till, BREAD, WINE).id, sell(till, WINE).id}  # drip: a drain hangs now
        wait_for(
            lambda: till.uplink.outbox.pending_count() == 0 and hub_has(hub, sold),
            "the tickets reach the hub",
            w,
            timeout=SWITCH_AND_SEND,
        )
        assert till.uplink.server_in_use() == "hub"
        assert (
            till.uplink.state.held(Area.TICKETS) is None
        )  # the gateway's failure is not the hub's
    finally:
        till.close()


if os.name == "nt":  # pragma: no cover
    pytestmark = pytest.mark.skip("SIGSTOP is POSIX-only")
