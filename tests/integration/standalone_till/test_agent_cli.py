"""The sync commands as an administrator runs them, against the real gateway: through
``till``'s entry point in this process (fast), and `till agent` as a real process."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalog_fixture import BREAD, WINE, write_catalog
from erp_gateway.notices import push
from erp_gateway.registry import declare_till
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_agent import wait_for
from integration.standalone_till.test_sync_gateway import (
    gateway_ticket_ids,
    rewrite_document,
    till_config_for,
)
from standalone_till.cli import main

TILL = str(Path(sys.executable).parent / "till")


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def till(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """Run `till ARGS...` through its entry point, as the console script does."""

    def run(*args: str, config: Path, check: int | None = 0) -> Ran:
        code = main(["--config", str(config), *args])
        out, err = capsys.readouterr()
        if check is not None:
            assert code == check, (code, out, err)
        return Ran(code, out, err)

    return run


@pytest.fixture
def config(tmp_path: Path, gateway: GatewayServer, till: Callable[..., Ran]) -> Path:
    path = till_config_for(tmp_path / "till", gateway.url, ping_timeout=2)
    till("init", config=path)
    till("load-data", "--source", str(write_catalog(tmp_path / "exports")), config=path)
    return path


def test_sync_ping_status_and_quarantine(
    config: Path, gateway: GatewayServer, till: Callable[..., Ran]
) -> None:
    sold = [json.loads(till("sell", BREAD, WINE, "--json", config=config).stdout) for _ in range(3)]
    assert "server reachable" in till("ping", config=config).stdout
    counts = json.loads(till("sync", "--json", config=config).stdout)
    assert (counts["accepted"], counts["remaining"]) == (3, 0)
    assert sorted(gateway_ticket_ids(gateway)) == sorted(s["ticket_id"] for s in sold)
    status = json.loads(till("status", "--json", config=config).stdout)
    assert status["server_reachable"] is True and status["last_sync_at"]
    assert (status["outbox_pending"], status["quarantined"]) == (0, 0)

    bad = json.loads(till("sell", WINE, "--json", config=config).stdout)
    from standalone_till.config import load_config
    from standalone_till.service import Till

    local = Till(load_config(config))
    rewrite_document(local, bad["ticket_id"], lambda d: d["totals"].update(total="1.00"))
    local.close()
    assert "rejected: 1" in till("sync", config=config).stdout
    listed = json.loads(till("quarantine", "--json", config=config).stdout)
    assert [q["ticket_id"] for q in listed] == [bad["ticket_id"]]
    assert listed[0]["reason"].startswith("rejected: ")
    assert bad["ticket_id"] in till("quarantine", config=config).stdout
    till("quarantine", "retry", config=config, check=1)  # neither IDs nor --all
    assert "1 ticket(s)" in till("quarantine", "retry", bad["ticket_id"], config=config).stdout
    assert json.loads(till("status", "--json", config=config).stdout)["outbox_pending"] == 1

    gateway.stop()
    down = till("sync", "--json", config=config, check=2)
    assert json.loads(down.stdout)["remaining"] == 1 and "cannot connect" in down.stderr
    assert "unreachable" in till("ping", config=config, check=2).stdout
    status = json.loads(till("status", "--json", config=config).stdout)
    assert status["server_reachable"] is False and status["outbox_pending"] == 1
    assert "tickets" in status["held_off_until"]


def test_messages_and_day_events(
    config: Path, gateway: GatewayServer, till: Callable[..., Ran]
) -> None:
    push(gateway.db, "till", "T01", "Opening at 9 tomorrow")
    shown = till("day", "open", config=config).stdout
    assert "message: Opening at 9 tomorrow" in shown
    push(gateway.db, "all", None, "Price change on milk")
    listed = json.loads(till("messages", "--json", config=config).stdout)
    assert [m["text"] for m in listed["messages"]] == ["Price change on milk"]
    assert listed["error"] is None and len(listed["new"]) == 1
    assert json.loads(till("messages", "--json", config=config).stdout)["messages"] == []
    everything = json.loads(till("messages", "--all", "--json", config=config).stdout)
    assert len(everything["messages"]) == 2 and all(m["acked_at"] for m in everything["messages"])
    gateway.stop()
    failed = till("messages", "--event", "day_close", config=config, check=2)
    assert "cannot connect" in failed.stderr


def test_config_import_from_the_server(
    config: Path, gateway: GatewayServer, till: Callable[..., Ran]
) -> None:
    refused = till("config", "import", "--from-server", config=config, check=1)
    assert "UnknownTill" in refused.stderr
    declare_till(gateway.db, "S001", "T01", dt.datetime.now(dt.UTC))
    till("config", "set", "webservice.timeout", "45", config=config)
    out = till("config", "import", "--from-server", config=config).stdout
    assert "webservice.timeout: 45 -> 60" in out and "config installed" in out
    assert len(list(config.parent.glob("till.toml.*.bak"))) == 1
    shown = json.loads(till("config", "show", "--json", config=config).stdout)
    assert shown["webservice"]["url"] == gateway.url and shown["till"]["till_id"] == "T01"
    till("config", "import", config=config, check=1)  # neither FILE nor --from-server


def test_the_agent_runs_in_the_foreground_and_stops_on_sigterm(
    config: Path, gateway: GatewayServer, till: Callable[..., Ran]
) -> None:
    till("config", "set", "timings.drip", "true", config=config)
    env = {**os.environ, "TILLSYNC_CONFIG": str(config)}
    agent = subprocess.Popen(
        [TILL, "agent"], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert agent.stderr is not None and "agent of till T01" in agent.stderr.readline()
        # `till sell` is another process: the agent notices the new ticket in the journal.
        env["TILLSYNC_CONFIG"] = str(config)
        sale = subprocess.run([TILL, "sell", BREAD, "--json"], capture_output=True, env=env)
        sold = json.loads(sale.stdout)
        wait_for(lambda: gateway_ticket_ids(gateway) == [sold["ticket_id"]], timeout=20)
        started = time.monotonic()
        agent.send_signal(signal.SIGTERM)
        assert agent.wait(15) == 0
        assert time.monotonic() - started < 10
        assert "agent stopped" in agent.stderr.read()
    finally:
        if agent.poll() is None:
            agent.kill()
            agent.wait()
        agent.stdout.close()  # type: ignore[union-attr]
        agent.stderr.close()  # type: ignore[union-attr]


def test_sync_without_a_server_configured_says_what_to_set(
    tmp_path: Path, till: Callable[..., Ran]
) -> None:
    path = tmp_path / "till.toml"
    till("init", "--store", "S1", "--till", "T1", config=path)
    proc = till("sync", config=path, check=1)
    assert "webservice.url" in proc.stderr
