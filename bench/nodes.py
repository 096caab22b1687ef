"""Nodes benchmark: tills draining a backlog through HAProxy into 1, 2, 3... gateway nodes
on one PostgreSQL database, in the same run.

The parts are those of the nodes test (tests/gateway_nodes.py): each node an
`erp-gateway serve` on its own loopback address (with its export timer and ERP feed
unless --no-timers), Debian's HAProxy in front with config_samples/haproxy.cfg, a fresh
PostgreSQL database per run. The tills are real tills (SQLite journal, a backlog of
`--backlog` tickets each), prepared once and copied for every run, draining through the
real Uplink in `--procs` processes. With --kill, one node is SIGKILLed when a third of
the backlog is stored and the test's checks are made at full size: every ticket stored
once, no till failing more than once.

Printed per number of nodes: the drain's tickets/s, its ratio against 1 node, the
failed drains, and the machine's CPU (busy share of every core) during the drain, which
says whether it stopped scaling because the machine ran out of CPU. The last line is one
JSON object.

    python bench/nodes.py --tills 20 --backlog 20000 --nodes 1,2,3 --kill   # the issue's size
    python bench/nodes.py --tills 4 --backlog 2000 --nodes 1,2               # a quick look
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from drip_tills import DEFAULT_PG, fresh_database  # noqa: E402
from gateway_nodes import Cluster, DrainingTill, stored_count, wait_until  # noqa: E402


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of every core since boot (Linux)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _prepare(folder: Path, till_id: str, catalog: Path, backlog: int, batch: int) -> None:
    DrainingTill(till_id, folder).prepare("http://127.0.0.1:9/soap", catalog, backlog, batch)


def _drain_share(folders: list[str], url: str, start: float, out: Any) -> None:
    tills = [DrainingTill(Path(f).name, Path(f)) for f in folders]
    for till in tills:
        till.reopen(url)
    while time.time() < start:
        time.sleep(0.01)
    threads = [threading.Thread(target=t.drain, kwargs={"give_up": 3600}) for t in tills]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put([(t.till_id, t.done, t.failures, t.ticket_ids()) for t in tills])
    for till in tills:
        till.close()


def run(nodes: int, args: argparse.Namespace, template: Path, work: Path) -> dict[str, Any]:
    copy = work / f"tills-{nodes}"
    shutil.copytree(template, copy)
    folders = sorted(str(p) for p in copy.iterdir() if p.is_dir())
    total = len(folders) * args.backlog
    with fresh_database(args.pg) as (db_url, _):
        cluster = Cluster.build(work / f"cluster-{nodes}", db_url, [args.workers] * nodes)
        assert cluster.balancer is not None
        with cluster.running(timers=not args.no_timers):
            ctx = mp.get_context("spawn")
            out = ctx.Queue()
            start = time.time() + 15  # every process has its tills open by then
            procs = [
                ctx.Process(
                    target=_drain_share,
                    args=(folders[i :: args.procs], cluster.balancer.url, start, out),
                )
                for i in range(min(args.procs, len(folders)))
            ]
            for proc in procs:
                proc.start()
            while time.time() < start:
                time.sleep(0.01)
            busy0, all0 = _cpu_ticks()
            began = time.monotonic()
            killed = False
            if args.kill and nodes > 1:
                wait_until(lambda: stored_count(db_url) >= total // 3, 3600, "a third stored", 0.5)
                cluster.nodes[-1].kill()
                killed = True
            results = [row for _ in procs for row in out.get(timeout=7200)]
            seconds = time.monotonic() - began
            busy1, all1 = _cpu_ticks()
            for proc in procs:
                proc.join()
            stored = stored_count(db_url)
    sold = [i for r in results for i in r[3]]
    failures = [len(r[2]) for r in results]
    return {
        "nodes": nodes,
        "tickets": total,
        "drain_s": round(seconds, 1),
        "tickets_per_s": round(total / seconds, 1),
        "killed_a_node": killed,
        "all_drained": all(r[1] for r in results),
        "exactly_once": stored == total == len(set(sold)),
        "failed_drains_max": max(failures, default=0),
        "failed_drains_total": sum(failures),
        "machine_cpu_pct": round(100 * (busy1 - busy0) / max(1, all1 - all0), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tills", type=int, default=20)
    parser.add_argument("--backlog", type=int, default=20_000, help="tickets a till")
    parser.add_argument("--batch", type=int, default=100, help="webservice.batch_size")
    parser.add_argument("--nodes", default="1,2,3", help="the numbers of nodes to run")
    parser.add_argument("--workers", type=int, default=1, help="service.workers of each node")
    parser.add_argument("--procs", type=int, default=4, help="processes hosting the tills")
    parser.add_argument("--kill", action="store_true", help="SIGKILL a node mid-drain")
    parser.add_argument("--no-timers", action="store_true", help="no export timer or feed")
    parser.add_argument("--pg", default=DEFAULT_PG)
    args = parser.parse_args()

    def terminated(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # unwind: stop HAProxy and the nodes, drop the database

    signal.signal(signal.SIGTERM, terminated)
    counts = [int(n) for n in args.nodes.split(",")]
    with tempfile.TemporaryDirectory(prefix="tillsync-nodes-") as tmp:
        work = Path(tmp)
        from catalog_fixture import write_catalog

        catalog = write_catalog(work / "catalog")
        template = work / "template"
        started = time.monotonic()
        ctx = mp.get_context("spawn")
        with ctx.Pool(args.procs) as pool:
            pool.starmap(
                _prepare,
                [
                    (template / f"T{i:03d}", f"T{i:03d}", catalog, args.backlog, args.batch)
                    for i in range(1, args.tills + 1)
                ],
            )
        print(
            f"{args.tills} tills with {args.backlog} tickets each, ready in"
            f" {time.monotonic() - started:.0f} s",
            flush=True,
        )
        rows = []
        for n in counts:
            row = run(n, args, template, work)
            rows.append(row)
            base = rows[0]["tickets_per_s"]
            row["ratio_vs_first"] = round(row["tickets_per_s"] / base, 2) if base else None
            print(
                f"{n} node(s): {row['tickets']} tickets in {row['drain_s']} s ="
                f" {row['tickets_per_s']} tickets/s (x{row['ratio_vs_first']} of {counts[0]} node(s));"
                f" machine CPU {row['machine_cpu_pct']} %; failed drains {row['failed_drains_total']}"
                f" (at most {row['failed_drains_max']} a till); exactly once {row['exactly_once']}",
                flush=True,
            )
    print(json.dumps({"runs": rows, "tills": args.tills, "backlog": args.backlog}))


if __name__ == "__main__":
    main()
