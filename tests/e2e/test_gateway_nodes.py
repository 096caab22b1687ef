"""Gateway nodes behind Debian's HAProxy on one PostgreSQL database, with real parts:
three nodes (one on gunicorn with two workers, two on waitress), each its own process on
its own loopback address with its own export timer and ERP feed; real tills draining a
backlog through the balancer. One node is SIGKILLed in the middle of the drain and
another is drained at the balancer, then stopped. Every ticket reaches the gateway
exactly once, no till fails more than the one call that was on the killed node, and the
export timer and the feed each ran on one node at a time (their rounds in job_runs)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from gateway_nodes import HAPROXY, Cluster, DrainingTill, drain_all, stored_count, wait_until

from catalog_fixture import write_catalog
from erp_gateway import jobs
from erp_gateway.db import GatewayDatabase

# 20 tills draining a backlog of 20,000 tickets in all (a minute on two idle cores);
# TILLSYNC_NODES_TILLS and TILLSYNC_NODES_BACKLOG (tickets a till) run another size.
TILLS = int(os.environ.get("TILLSYNC_NODES_TILLS", "20"))
BACKLOG = int(os.environ.get("TILLSYNC_NODES_BACKLOG", "1000"))
BATCH = 50

pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(not Path(HAPROXY).exists(), reason="haproxy is not installed"),
]


def _db_now(url: str) -> dt.datetime:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        at: dt.datetime = conn.execute(sa.select(sa.func.clock_timestamp())).scalar_one()
    engine.dispose()
    return at


def test_tills_drain_through_haproxy_while_a_node_dies_and_another_is_drained(
    tmp_path: Path, pg_database: str
) -> None:
    if shutil.which("haproxy") is None and not Path(HAPROXY).exists():
        pytest.skip("haproxy is not installed: run scripts/services.sh")
    cluster = Cluster.build(tmp_path / "cluster", pg_database, workers=(2, 1, 1))
    balancer = cluster.balancer
    assert balancer is not None
    catalog = write_catalog(tmp_path / "catalog")
    tills = [DrainingTill(f"T{i:02d}", tmp_path / f"till{i}") for i in range(1, TILLS + 1)]
    # The tills fill their outboxes while the nodes start (both take seconds each).
    preparing = threading.Thread(
        target=lambda: [t.prepare(balancer.url, catalog, BACKLOG, BATCH) for t in tills]
    )
    started = time.monotonic()
    preparing.start()
    with cluster.running():
        print(f"cluster up in {time.monotonic() - started:.1f} s")
        _, victim, drained = cluster.nodes
        try:
            preparing.join()
            assert all(hasattr(t, "till") for t in tills), "a till could not be prepared"
            print(f"tills ready in {time.monotonic() - started:.1f} s")
            total = TILLS * BACKLOG
            started = time.monotonic()
            threads = drain_all(tills)

            wait_until(lambda: stored_count(pg_database) >= total // 3, 300, "a third stored")
            victim.kill()
            killed_at = _db_now(pg_database)
            wait_until(lambda: balancer.status(victim) == "DOWN", 60, "the killed node DOWN")

            wait_until(lambda: stored_count(pg_database) >= 2 * total // 3, 300, "2/3 stored")
            balancer.drain(drained)
            wait_until(
                lambda: balancer.stats()[drained.name]["scur"] == "0", 60, "the node drained"
            )
            drained.stop()

            for thread in threads:
                thread.join(300)
            print(f"{total} tickets drained in {time.monotonic() - started:.1f} s")
            assert all(t.done for t in tills), [(t.till_id, t.failures) for t in tills]

            # Every ticket at the gateway exactly once.
            sold = [i for t in tills for i in t.ticket_ids()]
            assert len(sold) == len(set(sold)) == total
            engine = sa.create_engine(pg_database, poolclass=sa.NullPool)
            with engine.connect() as conn:
                stored = conn.execute(sa.text("SELECT ticket_id FROM tickets")).scalars().all()
                versions = conn.execute(sa.text("SELECT count(*) FROM ticket_versions")).scalar()
            engine.dispose()
            assert sorted(stored) == sorted(sold) and versions == 0
            assert all(t.outbox_left() == 0 for t in tills)
            # No till failed more than once: the call on the wire when its node died.
            assert all(len(t.failures) <= 1 for t in tills), [
                (t.till_id, t.failures) for t in tills
            ]
            # The balancer spread the tills over every node.
            stats = balancer.stats()
            assert all(int(stats[n.name]["stot"]) > 0 for n in cluster.nodes), stats

            # The ERP feed (a files sink) holds every ticket exactly once.
            feed = cluster.folder / "shared" / "feed"
            wait_until(lambda: len(_fed(feed)) >= total, 180, "the feed to catch up", every=0.5)
            fed = _fed(feed)
            assert len(fed) == len(set(fed)) and set(fed) == set(sold)

            # The export timer and the feed ran on one node at a time, and went on after
            # the kill.
            killed = {f"pid {p.pid}" for p in victim.processes}
            for job in ("export_changes", "feed:erp"):
                _one_at_a_time(pg_database, job, killed_at, killed)
        except BaseException:
            print(cluster.logs())
            raise
        finally:
            for till in tills:
                till.close()


def _one_at_a_time(url: str, job: str, killed_at: dt.datetime, killed: set[str]) -> None:
    """The rounds of ``job`` in job_runs never overlap (a round cut short by the kill
    ended with it), and some round started after the kill."""
    db = GatewayDatabase(url)
    try:
        wait_until(
            lambda: any(r.started_at > killed_at for r in jobs.job_runs(db, job)),
            60,
            f"a round of {job} after the kill",
        )
        runs = jobs.job_runs(db, job)
    finally:
        db.dispose()
    assert len({r.node for r in runs}) >= 2, runs
    for earlier, later in itertools.pairwise(runs):
        end = earlier.finished_at
        if end is None:  # a round the kill cut short: its lock died with it
            assert any(earlier.node.endswith(k) for k in killed), earlier
            end = killed_at
        assert end <= later.started_at, (job, earlier, later)


def _fed(folder: Path) -> list[str]:
    """The ids of the tickets in the feed's published batches (a manifest is written
    after its data: a batch without one is not published yet)."""
    ids = []
    for manifest in sorted(folder.glob("*.feed-manifest.json")):
        for entry in json.loads(manifest.read_text())["files"]:
            for line in (folder / entry["name"]).read_text().splitlines():
                doc = json.loads(line)
                if doc["kind"] == "ticket":
                    ids.append(doc["id"])
    return ids
