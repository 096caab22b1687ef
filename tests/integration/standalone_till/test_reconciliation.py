"""Proof that nothing is missing, end to end: a real gateway over HTTP on 127.0.0.1 (on
SQLite and on PostgreSQL) and a real SQLite till. The gateway's database is restored from a copy taken before 50
tickets were synced; the day's closure makes the gateway name the 50, the till's agent
sends them again from its journal (its outbox forgot them long ago), and reconciliation
holds again with every ticket there once. A number the till does not hold either is
reported, never invented."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from erp_gateway.cli import main as gateway_cli
from erp_gateway.config import load_gateway_config
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_sync_gateway import gateway_rows, linked_till, sell
from standalone_till import schema as T
from standalone_till.cli import cli as till_cli
from standalone_till.service import Till
from standalone_till.sync.agent import Agent

ROOT = Path(__file__).resolve().parents[3]


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the backup API: WAL included)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _libpq(url: str) -> str:
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _backup(server: GatewayServer, copy: Path) -> None:
    url = server.config.database_url
    if url.startswith("sqlite"):
        _copy_sqlite(Path(sa.make_url(url).database or ""), copy)
    else:
        subprocess.run(["pg_dump", "--format=custom", "--file", str(copy), _libpq(url)], check=True)


def _restore(server: GatewayServer, copy: Path) -> None:
    """Put the copy back under the live gateway, as an administrator restoring it would."""
    url = server.config.database_url
    if url.startswith("sqlite"):
        _copy_sqlite(copy, Path(sa.make_url(url).database or ""))
    else:
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--dbname",
                _libpq(url),
                str(copy),
            ],
            check=True,
        )


def _reconcile(config: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(gateway_cli, ["reconcile", "--config", str(config), *args])
    return result.exit_code, result.output


def _serve(folder: Path, database_url: str = "") -> Iterator[tuple[GatewayServer, Path]]:
    """A gateway from the sample config (so ``erp-gateway`` reads it too)."""
    config = folder / "gateway.toml"
    folder.mkdir()
    text = (ROOT / "config_samples" / "gateway.toml").read_text(encoding="utf-8")
    if database_url:
        text = text.replace('\nurl = ""\n', f'\nurl = "{database_url}"\n', 1)
    config.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(gateway_cli, ["init", "--config", str(config)])
    assert result.exit_code == 0, result.output
    with GatewayServer(load_gateway_config(config)).start(host="127.0.0.1", port=0) as server:
        yield server, config


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[GatewayServer, Path]]:
    yield from _serve(tmp_path / "gateway")


@pytest.fixture(params=["sqlite", "postgresql"])
def served_on(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[GatewayServer, Path]]:
    url = request.getfixturevalue("pg_database") if request.param == "postgresql" else ""
    yield from _serve(tmp_path / "gateway", url)


def _sell_and_sync(till: Till, count: int) -> None:
    for _ in range(count):
        sell(till)
    report = till.uplink.send_tickets(force=True)
    assert report.error is None and report.accepted == count


def _numbers(server: GatewayServer) -> list[int]:
    return sorted(r.number for r in gateway_rows(server))


@pytest.mark.slow
def test_a_gateway_restored_from_an_older_backup_gets_the_50_again(
    tmp_path: Path, served_on: tuple[GatewayServer, Path]
) -> None:
    server, config = served_on
    till = linked_till(tmp_path / "till", server.url, timings__ping_interval=3600)
    try:
        till.open_day()
        _sell_and_sync(till, 5)
        _backup(server, tmp_path / "backup")
        _sell_and_sync(till, 50)
        assert _numbers(server) == list(range(1, 56))
        with till.db.read(till.db.journal) as conn:  # the outbox forgot them
            assert conn.execute(sa.select(sa.func.count()).select_from(T.outbox)).scalar() == 0

        _restore(server, tmp_path / "backup")  # under the live gateway
        assert _numbers(server) == list(range(1, 6))
        assert _reconcile(config) == (0, "0 day(s) not reconciled\n")

        till.closure()
        assert till.status()["unreconciled_days"] == [till.journal.day_state().day.isoformat()]
        agent = Agent(till)  # sends the closure, hears of the 50, sends them again
        try:
            agent.start()
            assert agent.idle(120)
        finally:
            agent.stop()
        (closure,) = gateway_rows(server, "closures")
        assert (closure.first_number, closure.last_number) == (1, 55)
        # the 50 named (the finding's history: the agent's next call may have closed it)
        events = sorted(gateway_rows(server, "reconciliation_events"), key=lambda e: e.id)
        (named, *later) = events
        assert (named.state, named.missing, named.missing_count) == ("open", "6-55", 50)
        assert [e.state for e in later] in ([], ["resolved"])
        assert _reconcile(config) == (0, "0 day(s) not reconciled\n")
        (finding,) = gateway_rows(server, "reconciliations")  # and resolved since
        assert not finding.open and finding.resolved_at is not None
        rows = gateway_rows(server)
        assert sorted(r.number for r in rows) == list(range(1, 56))  # each once
        assert len({r.ticket_id for r in rows}) == 55
        status = till.status()
        assert status["unreconciled_days"] == [] and "missing" not in status["sync_errors"]
    finally:
        till.close()


def test_a_number_the_till_does_not_hold_is_reported_not_invented(
    tmp_path: Path, served: tuple[GatewayServer, Path]
) -> None:
    server, config = served
    till = linked_till(tmp_path / "till", server.url, timings__ping_interval=3600)
    try:
        till.open_day()
        tickets = [sell(till) for _ in range(3)]
        day = str(tickets[1].business_day)
        lost = str(tickets[1].id)
        with till.db.write(till.db.journal) as conn:  # ticket 2 gone before it was sent
            for table in (T.outbox, T.ticket_lines, T.ticket_payments, T.ticket_vat):
                conn.execute(sa.delete(table).where(table.c.ticket_id == lost))
            conn.execute(sa.delete(T.tickets).where(T.tickets.c.id == lost))
        till.closure()
        result = CliRunner().invoke(
            till_cli, ["sync", "--json", "--config", str(till.cfg.source)], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        assert _numbers(server) == [1, 3]
        code, out = _reconcile(config)
        assert code == 1 and "  missing 1: 2" in out
        status = till.status()
        assert status["unreconciled_days"] == [day]
        assert f"T01 {day}: 2" in str(status["sync_errors"]["missing"])
        result = CliRunner().invoke(
            till_cli, ["status", "--json", "--config", str(till.cfg.source)], catch_exceptions=False
        )
        assert f'"unreconciled_days": [\n    "{day}"\n  ]' in result.output
    finally:
        till.close()


def test_a_closure_lost_with_the_restore_is_sent_again_with_its_tickets(
    tmp_path: Path, served: tuple[GatewayServer, Path]
) -> None:
    server, config = served
    till = linked_till(tmp_path / "till", server.url, timings__ping_interval=3600)
    try:
        till.open_day()
        _sell_and_sync(till, 3)
        _backup(server, tmp_path / "backup")
        _sell_and_sync(till, 2)
        till.closure()
        assert till.uplink.send_documents(force=True).accepted == 1
        assert till.status()["unreconciled_days"] == []
        _restore(server, tmp_path / "backup")  # the Z and tickets 4 and 5 gone
        assert (_numbers(server), gateway_rows(server, "closures")) == ([1, 2, 3], [])
        assert _reconcile(config)[0] == 0  # the gateway cannot know: the till tells it

        result = CliRunner().invoke(
            till_cli, ["sync", "--json", "--config", str(till.cfg.source)], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["documents"]["accepted"] == 1 and data["resent"]["accepted"] == 2
        assert _numbers(server) == [1, 2, 3, 4, 5]
        assert len(gateway_rows(server, "closures")) == 1
        assert _reconcile(config) == (0, "0 day(s) not reconciled\n")
        assert till.status()["unreconciled_days"] == []
    finally:
        till.close()
