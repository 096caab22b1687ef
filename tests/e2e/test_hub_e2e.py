"""Local server mode end to end, every part its own process on 127.0.0.1: the gateway
(`erp-gateway serve`), the hub (`till hub serve`, relaying through its own agent) and
three client tills (`till agent`, selling with `till sell`).

The gateway is cut, every till sells, the clients switch to the hub by themselves, open
orders are seen on all tills; the gateway comes back, the hub is SIGKILLed while it relays
and restarted; in the end every ticket is on the gateway exactly once under its own till
and number. A till with a wrong secret is refused.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from gateway_fixture import make_gateway_config

from catalog_fixture import BREAD, WINE
from fault_harness.servers import free_port
from integration.standalone_till.test_hub import SECRET, make_till

pytestmark = pytest.mark.slow  # every part its own process: seconds each
BIN = Path(sys.executable).parent
TILL, GATEWAY = str(BIN / "till"), str(BIN / "erp-gateway")
CLIENTS = ("T01", "T02", "T03")
TIMINGS = {
    "webservice__ping_timeout": "1",
    "webservice__timeout": "5",
    "timings__ping_interval": "1",
    "timings__ticket_sync_interval": "1",
    "timings__error_holdoff": "1",
    "timings__drip": "true",
}


class World:
    """The processes of the test and the files they leave."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.procs: dict[str, tuple[subprocess.Popen[bytes], IO[bytes]]] = {}
        self.gateway_port, self.hub_port = free_port(), free_port()
        self.gateway_url = f"http://127.0.0.1:{self.gateway_port}/soap"
        self.hub_url = f"http://127.0.0.1:{self.hub_port}"
        folder = root / "gateway"
        make_gateway_config(folder)
        self.gateway_toml = folder / "gateway.toml"
        self.gateway_toml.write_text("")
        self.gateway_db = folder / "gateway.db"

    def config(self, name: str) -> Path:
        return self.root / name / "till.toml"

    def db(self, name: str) -> Path:
        return self.root / name / "till.db"

    def start(self, name: str, *args: str) -> None:
        log = (self.root / f"{name}.log").open("ab")
        self.procs[name] = (subprocess.Popen(args, stdout=log, stderr=log), log)

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        proc, log = self.procs.pop(name)
        proc.send_signal(sig)
        proc.wait(20)
        log.close()

    def start_gateway(self) -> None:
        self.start(
            "gateway", GATEWAY, "serve", "--host", "127.0.0.1", "--port", str(self.gateway_port),
            "--config", str(self.gateway_toml),
        )  # fmt: skip
        wait_for(lambda: listening(self.gateway_port), "the gateway listens", self)

    def start_hub(self) -> None:
        self.start(
            "hub", TILL, "-v", "--config", str(self.config("hub")), "hub", "serve",
            "--host", "127.0.0.1", "--port", str(self.hub_port),
        )  # fmt: skip
        wait_for(lambda: listening(self.hub_port), "the hub listens", self)

    def till(self, name: str, *args: str, check: int = 0) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [TILL, "--config", str(self.config(name)), *args],
            capture_output=True,
            text=True,
            timeout=180,  # a hang guard: one command on a loaded machine takes seconds
        )
        assert proc.returncode == check, f"till {args}: {proc.returncode}\n{proc.stderr}"
        return proc

    def logs(self) -> str:
        return "\n".join(
            f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
            for p in sorted(self.root.glob("*.log"))
        )

    def close(self) -> None:
        for name in list(self.procs):
            proc, log = self.procs.pop(name)
            if proc.poll() is None:
                proc.kill()
            proc.wait(20)
            log.close()


def listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(check: Callable[[], bool], what: str, world: World, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still not after {timeout} s\n{world.logs()}")
        time.sleep(0.1)


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def pending(world: World, name: str) -> int:
    return int(query(world.db(name), "SELECT count(*) FROM outbox")[0][0])


def in_use(world: World, name: str) -> str:
    rows = query(world.db(name), "SELECT in_use FROM server_choice")
    return str(rows[0][0]) if rows else "gateway"


def gateway_tickets(world: World) -> list[tuple[object, ...]]:
    return query(world.gateway_db, "SELECT ticket_id, till_id, number FROM tickets")


def till_tickets(world: World, name: str) -> set[tuple[object, ...]]:
    sql = f"SELECT id, till_id, number FROM tickets WHERE till_id = '{name}'"
    return set(query(world.db(name if name != "T00" else "hub"), sql))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World(tmp_path)
    make_till(
        tmp_path / "hub", "T00", webservice__url=w.gateway_url, webservice__batch_size="2",
        local_server__enabled="true", local_server__secret=SECRET,
        local_server__port=str(w.hub_port), **TIMINGS,
    ).close()  # fmt: skip
    for name in CLIENTS:
        make_till(
            tmp_path / name, name, webservice__url=w.gateway_url, local_server__hub_url=w.hub_url,
            local_server__secret=SECRET, **TIMINGS,
        ).close()  # fmt: skip
    make_till(
        tmp_path / "T09", "T09", webservice__url=w.gateway_url, local_server__hub_url=w.hub_url,
        local_server__secret="not the store's secret at all",
    ).close()  # fmt: skip
    yield w
    w.close()


def test_the_store_keeps_selling_through_an_outage_and_every_ticket_arrives_once(
    world: World,
) -> None:
    w = world
    w.start_gateway()
    w.start_hub()
    for name in CLIENTS:
        w.start(name, TILL, "-v", "--config", str(w.config(name)), "agent")
    for name in ("hub", *CLIENTS):  # one sale each while all is well
        w.till(name, "sell", BREAD)
    wait_for(lambda: len(gateway_tickets(w)) == 4, "the first tickets reach the gateway", w)

    # -- the gateway goes away: the clients switch to the hub by themselves
    w.stop("gateway")
    for name in CLIENTS:
        wait_for(lambda n=name: in_use(w, n) == "hub", f"{name} switches to the hub", w)
    status = json.loads(w.till("T01", "status", "--json").stdout)
    assert status["server_in_use"] == "hub" and status["local_server"] == "client"
    for name in ("hub", *CLIENTS):
        w.till(name, "sell", BREAD, WINE)
        w.till(name, "sell", WINE)
    for name in CLIENTS:
        wait_for(lambda n=name: pending(w, n) == 0, f"{name} hands its tickets to the hub", w)
    assert pending(w, "hub") == 2 + 3 * 2  # its own and the clients', for the gateway

    # -- open orders, seen on every till, a concurrent change reported
    w.till("T01", "orders", "park", "table-1", BREAD, "--label", "Table 1")
    w.till("T02", "orders", "park", "table-2", WINE, "--label", "Table 2")
    w.till("T03", "orders", "park", "table-1", BREAD, WINE, "--version", "1")
    late = w.till("T01", "orders", "park", "table-1", "--version", "1", check=1)
    assert "version 2" in late.stderr and "nothing was overwritten" in late.stderr
    for name in ("hub", *CLIENTS):
        seen = json.loads(w.till(name, "orders", "list", "--json").stdout)
        assert {(o["order_id"], o["version"]) for o in seen} == {("table-1", 2), ("table-2", 1)}

    # -- a till with another secret is refused, and the secret is not logged
    w.till("T09", "server", "use", "hub")
    refused = w.till("T09", "ping", check=2)
    assert "Unauthorized" in refused.stdout + refused.stderr
    assert "refused" in w.till("T09", "orders", "list", check=1).stderr

    # -- the gateway is back; the hub is killed while it relays, then restarted
    relayed_before = len(gateway_tickets(w))
    w.start_gateway()
    wait_for(lambda: len(gateway_tickets(w)) > relayed_before, "the relay starts", w)
    w.stop("hub", signal.SIGKILL)
    w.start_hub()
    for name in ("hub", *CLIENTS):
        wait_for(lambda n=name: pending(w, n) == 0, f"{name}'s outbox empties", w)
    for name in CLIENTS:
        wait_for(lambda n=name: in_use(w, n) == "gateway", f"{name} is back on the gateway", w)

    # -- every ticket exactly once, with its till and number
    on_gateway = gateway_tickets(w)
    ids = [row[0] for row in on_gateway]
    assert len(ids) == len(set(ids)), "a ticket is twice on the gateway"
    sold = set().union(*(till_tickets(w, n) for n in ("T00", *CLIENTS)))
    assert len(sold) == 4 + 4 * 2
    assert set(on_gateway) == sold
    assert query(w.gateway_db, "SELECT count(*) FROM ticket_versions") == [(0,)]
    hub_log = (w.root / "hub.log").read_text(errors="replace")
    assert "refused" in hub_log and SECRET not in hub_log
    assert "not the store's secret" not in hub_log
    for name in CLIENTS:
        w.stop(name)
    w.stop("hub")
    w.stop("gateway")


if os.name == "nt":  # pragma: no cover
    pytestmark = pytest.mark.skip("SIGKILL of the hub is POSIX-only in this test")
