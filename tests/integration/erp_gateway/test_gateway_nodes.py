"""Gateway nodes on one database: the balancer's health check, the schema a node serves,
and `erp-gateway init` taking one node at a time."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from erp_gateway.db import MIGRATION_LOCK, GatewayDatabase
from erp_gateway.migrations import VERSION_TABLE, known_heads
from erp_gateway.server import GatewayServer

ERP_GATEWAY = str(Path(sys.executable).parent / "erp-gateway")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _health(server: GatewayServer) -> tuple[int, str]:
    return _get(f"http://127.0.0.1:{server.port}/health")


def _set_version(url: str, revision: str) -> None:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text(f"UPDATE {VERSION_TABLE} SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_health_is_200_on_the_schema_this_node_knows_else_503_with_the_reason(
    gateway: GatewayServer,
) -> None:
    assert _health(gateway) == (200, "ok\n")
    (head,) = known_heads()
    _set_version(str(gateway.db.engine.url), "g9999")
    status, text = _health(gateway)
    assert status == 503
    assert "has schema g9999, newer than this gateway knows" in text
    assert f"(newest {head})" in text and "upgrade tillsync on this node" in text
    _set_version(str(gateway.db.engine.url), "g0001")
    status, text = _health(gateway)
    assert status == 503 and "older than this gateway's" in text and "erp-gateway init" in text
    _set_version(str(gateway.db.engine.url), head)
    assert _health(gateway) == (200, "ok\n")


@pytest.mark.postgres
def test_health_is_503_when_the_database_is_gone(gateway_pg: GatewayServer, pg_server: str) -> None:
    assert _health(gateway_pg)[0] == 200
    name = gateway_pg.db.engine.url.database
    admin = sa.create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.dispose()
    status, text = _health(gateway_pg)
    assert status == 503
    assert name in text and "password" not in text


def _config_file(folder: Path, database_url: str = "") -> Path:
    path = folder / "gateway.toml"
    path.write_text(f'[database]\nurl = "{database_url}"\n' if database_url else "")
    return path


def test_a_node_refuses_to_serve_or_migrate_a_schema_newer_than_it_knows(tmp_path: Path) -> None:
    config = _config_file(tmp_path)
    subprocess.run([ERP_GATEWAY, "init", "--config", str(config)], check=True, capture_output=True)
    db_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    _set_version(db_url, "g9999")
    for command in (["serve", "--port", "0"], ["init"], ["tickets"]):
        done = subprocess.run(
            [ERP_GATEWAY, *command, "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, (command, done.stderr)
        assert "has schema g9999, newer than this gateway knows" in done.stderr, done.stderr
    engine = sa.create_engine(db_url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        held = conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    engine.dispose()
    assert held == ["g9999"]  # never touched


@pytest.mark.postgres
def test_init_waits_for_the_node_that_migrates(tmp_path: Path, pg_database: str) -> None:
    """A node holding the migration lock (as `erp-gateway init` does while it migrates)
    makes a second init wait, then migrate once the lock is free."""
    config = _config_file(tmp_path, pg_database)
    holder = sa.create_engine(pg_database, poolclass=sa.NullPool)
    with holder.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
        conn.commit()
        proc = subprocess.Popen(
            [ERP_GATEWAY, "init", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        line = proc.stderr.readline()  # blocks until init says it waits (or ends)
        assert "another node is migrating the database: waiting for it" in line, line
        assert not sa.inspect(conn).has_table(VERSION_TABLE)
        conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
        conn.commit()
        out, err = proc.communicate(timeout=120)
    holder.dispose()
    assert proc.returncode == 0, err
    assert "database ready" in out
    db = GatewayDatabase(pg_database)
    try:
        assert db.schema_state().current
    finally:
        db.dispose()


@pytest.mark.postgres
def test_two_nodes_starting_together_both_find_the_schema_current(
    tmp_path: Path, pg_database: str
) -> None:
    config = _config_file(tmp_path, pg_database)
    procs = [
        subprocess.Popen(
            [ERP_GATEWAY, "init", "--config", str(config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "database ready" in out
    db = GatewayDatabase(pg_database)
    try:
        assert db.schema_state().current
    finally:
        db.dispose()
