"""Promise 3: a `till agent` SIGKILLed while it sends or while it records the answers,
then restarted, delivers every ticket to the gateway exactly once.

The windows are made hittable from outside, with no hook in the agent: a proxy on
loopback that swallows the gateway's replies (killed mid-send: the gateway has the
batch, the till has no answer), and a write lock the test holds on the till's journal
(killed mid-processing: the answer arrived, it cannot be written). A few more rounds
kill the agent at seeded random moments while the till keeps selling.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from catalog_fixture import BREAD, WINE
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_agent import wait_for
from integration.standalone_till.test_sync_gateway import (
    gateway_rows,
    gateway_ticket_ids,
    linked_till,
    outbox,
    sell,
)
from standalone_till.config import load_config
from standalone_till.service import Till

pytestmark = pytest.mark.slow  # agents killed and restarted: seconds each
TILL = str(Path(sys.executable).parent / "till")
BATCH = 5
# Bounds a hang, never paces the test: an agent started on a loaded 2-core machine may
# take many seconds to import and make its first call.
PATIENCE = 120.0


class Proxy:
    """TCP on 127.0.0.1 to the gateway; with ``swallow`` set, replies never come back."""

    def __init__(self, port: int) -> None:
        self.target = port
        self.swallow = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, reply: bool) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                if not (reply and self.swallow.is_set()):
                    dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.listener.close()
        for s in self.sockets:
            s.close()


@pytest.fixture
def proxy(gateway: GatewayServer) -> Iterator[Proxy]:
    p = Proxy(gateway.port)
    yield p
    p.close()


@pytest.fixture
def till(tmp_path: Path, proxy: Proxy) -> Iterator[Till]:
    url = f"http://127.0.0.1:{proxy.port}/soap"
    t = linked_till(
        tmp_path / "till",
        url,
        batch_size=BATCH,
        timeout=20,
        ping_timeout=1,
        timings__ticket_sync_interval=1,
        timings__ping_interval=3600,
        timings__error_holdoff=1,
    )
    yield t
    t.close()


@contextlib.contextmanager
def agent_process(till: Till, log: IO[str]) -> Iterator[subprocess.Popen[bytes]]:
    assert till.cfg.source is not None
    env = {**os.environ, "TILLSYNC_CONFIG": str(till.cfg.source)}
    proc = subprocess.Popen([TILL, "-v", "agent"], stdout=log, stderr=log, env=env)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(30)


def kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)


@contextlib.contextmanager
def journal_locked(till: Till) -> Iterator[None]:
    """Hold the journal's write lock: the agent can read and send, not record."""
    conn = sqlite3.connect(till.cfg.database_path, isolation_level=None, timeout=30)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def drained_exactly_once(till: Till, gateway: GatewayServer, log: IO[str]) -> list[str]:
    """Run an agent until the outbox is empty; check each ticket is on the gateway once."""
    with agent_process(till, log) as proc:
        wait_for(lambda: till.status()["outbox_pending"] == 0, timeout=PATIENCE)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(PATIENCE) == 0
    with till.db.read(till.db.journal) as conn:
        mine = sorted(r.id for r in conn.exec_driver_sql("SELECT id FROM tickets"))
    theirs = gateway_ticket_ids(gateway)
    assert len(theirs) == len(set(theirs)), "a ticket is twice on the gateway"
    assert sorted(theirs) == mine, "a ticket is missing on the gateway"
    assert gateway_rows(gateway, "ticket_versions") == []
    assert outbox(till) == {}
    return [t["sync_result"] for t in till.journal.tickets(limit=1000)]


def test_killed_while_the_reply_is_on_its_way(
    till: Till, gateway: GatewayServer, proxy: Proxy, tmp_path: Path
) -> None:
    sold = [sell(till, BREAD, WINE) for _ in range(2 * BATCH + 2)]
    proxy.swallow.set()
    with (tmp_path / "agent.log").open("w") as log:
        with agent_process(till, log) as proc:
            wait_for(lambda: len(gateway_ticket_ids(gateway)) == BATCH, timeout=PATIENCE)
            time.sleep(0.2)
            kill(proc)
        assert len(outbox(till)) == len(sold)  # the till never heard back
        proxy.swallow.clear()
        results = drained_exactly_once(till, gateway, log)
    assert results.count("duplicate") == BATCH and results.count("accepted") == len(sold) - BATCH


def test_killed_while_recording_the_answer(
    till: Till, gateway: GatewayServer, tmp_path: Path
) -> None:
    sold = [sell(till, WINE) for _ in range(BATCH + 3)]
    with (tmp_path / "agent.log").open("w") as log:
        with journal_locked(till), agent_process(till, log) as proc:
            wait_for(lambda: len(gateway_ticket_ids(gateway)) == BATCH, timeout=PATIENCE)
            time.sleep(0.3)  # the answer is in: the agent waits for the journal
            kill(proc)
        assert len(outbox(till)) == len(sold)
        results = drained_exactly_once(till, gateway, log)
    assert results.count("duplicate") == BATCH


def test_killed_at_random_while_the_till_sells(
    till: Till, gateway: GatewayServer, tmp_path: Path
) -> None:
    rng = random.Random(20261121)
    stop = threading.Event()
    cashier = Till(load_config(till.cfg.source))  # type: ignore[arg-type]

    def keep_selling() -> None:
        while not stop.is_set():
            sell(cashier, BREAD)
            time.sleep(0.02)

    seller = threading.Thread(target=keep_selling, daemon=True)
    seller.start()
    try:
        with (tmp_path / "agent.log").open("w") as log:
            for _ in range(4):
                before = len(gateway_ticket_ids(gateway))
                with agent_process(till, log) as proc:
                    # Killed while it works: once it has delivered something this round
                    # (however slowly a loaded machine starts it), at a seeded moment after.
                    wait_for(
                        lambda b=before: len(gateway_ticket_ids(gateway)) > b, timeout=PATIENCE
                    )
                    time.sleep(rng.uniform(0.0, 0.4))
                    kill(proc)
            stop.set()
            seller.join(10)
            assert len(gateway_ticket_ids(gateway)) > 0
            drained_exactly_once(till, gateway, log)
    finally:
        stop.set()
        cashier.close()
