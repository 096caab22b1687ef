"""Pre-fork servers compared: `erp-gateway serve --workers W` on gunicorn (this tree)
against the same command of an older tree that forked its own workers
(erp_gateway/workers.py), and against one waitress process, in the same run.

Each arm serves a fresh PostgreSQL database (created on the admin URL, dropped at the
end); the gateway is its own process tree, its schema made by its own tree's `init`.
The load is `--clients` keep-alive HTTP clients in `--procs` processes, each a till
posting SendTickets of `--batch` tickets back to back for `--duration` s (the bodies are
built before the clock starts). Printed per arm: tickets stored per second, SendTickets
p50/p99, errors, and the ratio of its rate against the old supervisor's. The arms run in
turn, `--rounds` times (alternating, so that a drift of the machine's load falls on each).
The last line is one JSON object.

    python bench/prefork.py --workers 2 --baseline-ref 731005b
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from drip_tills import DEFAULT_PG, _wait_port, free_port, fresh_database, percentile  # noqa: E402

from ticket_contract import NAMESPACE  # noqa: E402

SEND_ACTION = f'"{NAMESPACE}#SendTickets"'
# The last commit whose `serve --workers N` forked its own workers (erp_gateway/workers.py).
SUPERVISOR_REF = "731005b"


def _bodies(till: str, count: int, batch: int) -> list[bytes]:
    from gateway_fixture import envelope, make_ticket

    out = []
    for n in range(count):
        tickets = [
            make_ticket(f"{till}-{n * batch + i}", till_id=till, number=n * batch + i + 1)
            for i in range(batch)
        ]
        out.append(envelope("SendTickets", {"tillId": till, "tickets": {"ticket": tickets}}))
    return out


def _client(port: int, bodies: list[bytes], start: float, stop: float, out: list[Any]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": SEND_ACTION}
    latencies: list[float] = []
    errors = 0
    sent = 0
    while time.time() < start:
        time.sleep(0.005)
    for body in bodies:
        if time.time() >= stop:
            break
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/soap", body=body, headers=headers)
            reply = conn.getresponse()
            reply.read()
            ok = reply.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append((time.perf_counter() - t0) * 1000)
        sent += 1
        errors += not ok
    conn.close()
    out.append((latencies, sent, errors, sent == len(bodies)))


def _client_process(args: dict[str, Any], queue: Any) -> None:
    bodies = [
        _bodies(f"P{args['proc']}C{c}", args["per_client"], args["batch"])
        for c in range(args["clients"])
    ]
    queue.put(("ready", None))
    start = queue_wait(args["start_file"])
    out: list[Any] = []
    threads = [
        threading.Thread(
            target=_client, args=(args["port"], b, start, start + args["duration"], out)
        )
        for b in bodies
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(("done", out))


def queue_wait(path: str) -> float:
    """The start time the parent writes once every client process is ready."""
    while not os.path.exists(path):
        time.sleep(0.01)
    return float(Path(path).read_text())


@contextlib.contextmanager
def _gateway(tree: Path, work: Path, db_url: str, workers: int, threads: int) -> Iterator[int]:
    port = free_port()
    config = work / "gateway.toml"
    config.write_text(
        f'[service]\nhost = "127.0.0.1"\nport = {port}\nthreads = {threads}\n'
        f"workers = {workers}\n[database]\nurl = {json.dumps(db_url)}\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-c", "from erp_gateway.cli import run; run()"]
    subprocess.run(
        [*command, "init", "--config", str(config)],
        check=True,
        env=env,
        cwd=tree,
        stdout=subprocess.DEVNULL,
    )
    log = (work / "gateway.log").open("wb")
    proc = subprocess.Popen(
        [*command, "serve", "--config", str(config)],
        env=env,
        cwd=tree,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_port(port, proc)  # type: ignore[arg-type]
        time.sleep(1.0)  # the workers import and connect after the port is bound
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def run_arm(name: str, tree: Path, workers: int, args: argparse.Namespace) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix=f"tillsync-prefork-{name}-") as tmp,
        fresh_database(args.pg) as (db_url, _),
        _gateway(tree, Path(tmp), db_url, workers, args.threads) as port,
    ):
        start_file = str(Path(tmp) / "start")
        per_client = (
            int(args.duration * args.max_rate / args.batch / args.clients / args.procs) + 10
        )
        ctx = mp.get_context("spawn")
        queue = ctx.Queue()
        procs = [
            ctx.Process(
                target=_client_process,
                args=(
                    dict(
                        proc=p,
                        clients=args.clients,
                        per_client=per_client,
                        batch=args.batch,
                        port=port,
                        duration=args.duration,
                        start_file=start_file,
                    ),
                    queue,
                ),
            )
            for p in range(args.procs)
        ]
        for p in procs:
            p.start()
        for _ in procs:
            assert queue.get(timeout=600)[0] == "ready"
        Path(start_file).write_text(str(time.time() + 0.5))
        results: list[Any] = []
        for _ in procs:
            _, out = queue.get(timeout=args.duration + 120)
            results.extend(out)
        for p in procs:
            p.join()
        engine = sa.create_engine(db_url, poolclass=sa.NullPool)
        with engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM tickets").scalar_one()
        engine.dispose()
    latencies = [x for r in results for x in r[0]]
    calls = sum(r[1] for r in results)
    return {
        "arm": name,
        "workers": workers,
        "tickets_stored": stored,
        "tickets_per_s": round(stored / args.duration, 1),
        "calls": calls,
        "p50_ms": round(percentile(latencies, 50) or 0, 1),
        "p99_ms": round(percentile(latencies, 99) or 0, 1),
        "errors": sum(r[2] for r in results),
        "ran_out_of_bodies": sum(1 for r in results if r[3]),
    }


def _tree_at(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    into.mkdir(parents=True)
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="service.threads")
    parser.add_argument("--clients", type=int, default=8, help="client threads a process")
    parser.add_argument("--procs", type=int, default=2, help="client processes")
    parser.add_argument("--batch", type=int, default=1, help="tickets per SendTickets")
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--max-rate", type=float, default=2000, help="tickets/s the bodies cover")
    parser.add_argument("--baseline-ref", default=SUPERVISOR_REF)
    parser.add_argument("--pg", default=DEFAULT_PG)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tillsync-prefork-") as tmp:
        old = _tree_at(args.baseline_ref, Path(tmp) / "old")
        arms = [
            ("supervisor", old, args.workers),
            ("gunicorn", ROOT, args.workers),
            ("waitress", ROOT, 1),
        ]
        rows = []
        for r in range(args.rounds):
            for name, tree, workers in arms if r % 2 == 0 else arms[::-1]:
                row = run_arm(name, tree, workers, args)
                row["round"] = r + 1
                rows.append(row)
                print(
                    f"round {r + 1} {name:<10} workers {workers}: {row['tickets_per_s']:>8} tickets/s"
                    f"  p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms  errors {row['errors']}",
                    flush=True,
                )
    summary: dict[str, Any] = {"runs": rows}
    for name, _, _ in arms:
        rates = [x["tickets_per_s"] for x in rows if x["arm"] == name]
        summary[name] = round(sum(rates) / len(rates), 1)
    base = summary["supervisor"]
    for name, _, _ in arms:
        summary[f"{name}_vs_supervisor"] = round(summary[name] / base, 2) if base else None
        print(f"{name:<10} {summary[name]:>8} tickets/s  ratio {summary[f'{name}_vs_supervisor']}")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
