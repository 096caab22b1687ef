"""Scheduled jobs across gateway nodes: one round at a time by an advisory lock, recorded
in job_runs; a node killed while it holds the lock frees it for the others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from gateway_fixture import make_gateway_config

from erp_gateway import jobs
from erp_gateway.db import GatewayDatabase, advisory_key

ERP_GATEWAY = str(Path(sys.executable).parent / "erp-gateway")


def test_on_sqlite_a_round_runs_and_is_recorded_with_its_outcome(tmp_path: Path) -> None:
    db = GatewayDatabase.from_config(make_gateway_config(tmp_path))
    try:
        done = jobs.run_round(db, "export_changes", lambda: 42, node="n1")
        assert done.ran and done.value == 42

        def fails() -> None:
            raise RuntimeError("the file server said no")

        with pytest.raises(RuntimeError):
            jobs.run_round(db, "export_changes", fails, node="n1")
        runs = jobs.job_runs(db, "export_changes")
        assert [(r.node, r.outcome) for r in runs] == [("n1", "done"), ("n1", "failed")]
        assert all(r.finished_at is not None and r.finished_at >= r.started_at for r in runs)
    finally:
        db.dispose()


def _hold(url: str, name: str) -> tuple[sa.Engine, sa.Connection]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    conn = engine.connect()
    conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": advisory_key(f"job:{name}")})
    conn.commit()
    return engine, conn


@pytest.mark.postgres
def test_a_round_is_left_to_the_node_that_holds_the_lock(tmp_path: Path, pg_database: str) -> None:
    db = GatewayDatabase.from_config(make_gateway_config(tmp_path, database_url=pg_database))
    engine, holder = _hold(pg_database, "exports")
    try:
        called: list[str] = []
        skipped = jobs.run_round(db, "export_changes", lambda: called.append("x"), lock="exports")
        assert not skipped.ran and called == [] and jobs.job_runs(db) == []
        other = jobs.run_round(db, "feed:erp", lambda: "fed")  # another lock: runs
        assert other.ran and other.value == "fed"
        holder.close()
        done = jobs.run_round(db, "export_changes", lambda: called.append("x"), lock="exports")
        assert done.ran and called == ["x"]
        assert [r.job for r in jobs.job_runs(db)] == ["feed:erp", "export_changes"]
        # Released after the round: the next one may take it.
        assert jobs.run_round(db, "export_changes", lambda: None, lock="exports").ran
    finally:
        holder.close()
        engine.dispose()
        db.dispose()


_HOLDER = textwrap.dedent(
    """
    import sys
    from erp_gateway import jobs
    from erp_gateway.db import GatewayDatabase

    db = GatewayDatabase(sys.argv[1])

    def work():
        print("holding", flush=True)
        sys.stdin.read()  # until killed

    jobs.run_round(db, "export_changes", work, lock="exports", node="doomed")
    """
)


def _lock_held(url: str, name: str) -> bool:
    """Whether another session holds the lock (taken and given back at once if not)."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    key = advisory_key(f"job:{name}")
    with engine.connect() as conn:
        free = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
        if free:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
    engine.dispose()
    return not free


@pytest.mark.postgres
def test_a_node_killed_while_it_holds_the_lock_frees_it(tmp_path: Path, pg_database: str) -> None:
    db = GatewayDatabase.from_config(make_gateway_config(tmp_path, database_url=pg_database))
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, pg_database],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "holding"
            assert _lock_held(pg_database, "exports")
            assert not jobs.run_round(db, "export_changes", lambda: None, lock="exports").ran
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
    try:
        # The server ends the killed node's session as soon as it reads the closed
        # socket; its lock goes with it.
        deadline = time.monotonic() + jobs.DEAD_PEER_S
        while _lock_held(pg_database, "exports"):
            assert time.monotonic() < deadline, "the killed node's lock was never released"
            time.sleep(0.05)
        done = jobs.run_round(db, "export_changes", lambda: None, lock="exports", node="next")
        assert done.ran
        runs = jobs.job_runs(db, "export_changes")
        assert [(r.node, r.outcome) for r in runs] == [("doomed", None), ("next", "done")]
    finally:
        db.dispose()


@pytest.mark.postgres
def test_export_changes_on_a_timer_leaves_a_round_to_the_node_exporting(
    tmp_path: Path, pg_database: str
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(f'[database]\nurl = "{pg_database}"\n')
    for command in (["init"], ["export", "full"]):
        subprocess.run(
            [ERP_GATEWAY, *command, "--config", str(config)], check=True, capture_output=True
        )
    engine, holder = _hold(pg_database, "exports")
    try:
        done = subprocess.run(
            [ERP_GATEWAY, "export", "changes", "--once", "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "another node is exporting now: this round is left to it" in done.stdout
    finally:
        holder.close()
        engine.dispose()
    done = subprocess.run(
        [ERP_GATEWAY, "export", "changes", "--once", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    db = GatewayDatabase(pg_database)
    try:
        assert [(r.job, r.outcome) for r in jobs.job_runs(db)] == [
            ("export_full", "done"),
            ("export_changes", "done"),
        ]
    finally:
        db.dispose()


@pytest.mark.postgres
def test_a_feed_round_is_left_to_the_node_feeding_that_sink(
    tmp_path: Path, pg_database: str
) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        f'[database]\nurl = "{pg_database}"\n'
        f'[erp_sink.erp]\nkind = "files"\ntarget = "{tmp_path / "feed"}"\n'
    )
    subprocess.run([ERP_GATEWAY, "init", "--config", str(config)], check=True, capture_output=True)
    run = [ERP_GATEWAY, "feed", "run", "--once", "--sink", "erp", "--config", str(config)]
    engine, holder = _hold(pg_database, "feed:erp")
    try:
        done = subprocess.run(run, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert "erp: another node feeds it now: this round is left to it" in done.stdout
    finally:
        holder.close()
        engine.dispose()
    done = subprocess.run(run, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "erp: 0 delivered" in done.stdout
    db = GatewayDatabase(pg_database)
    try:
        assert [(r.job, r.outcome) for r in jobs.job_runs(db)] == [("feed:erp", "done")]
    finally:
        db.dispose()
