"""Drip benchmark: N tills in drip mode against one gateway on PostgreSQL.

The gateway is `erp-gateway serve` in its own process on a fresh PostgreSQL database
(created on the admin URL, dropped at the end); `--workers W` runs W worker processes on
its port (its CPU and threads are counted over all of them). The tills are real: each has its own
SQLite journal and catalog, its own sync agent (drip: every close asks the agent's
ticket thread for a drain, which sends it through the real Uplink and HTTP client; the
agent also pings and asks for messages between tickets, as it does in the field) and
sells in its own thread, one ticket every `--interval` +- `--jitter` seconds (seeded),
for `--duration` seconds, after one untimed first ticket of the day. They are hosted in
`--procs` worker processes (spawned). Every SendTickets call is timed where the till
makes it (a wrapper around the client's `post_send_tickets`, put in through
`Till(client_factory=...)`). At the end the outboxes are drained (bounded) and the
gateway's `tickets` table must hold every closed ticket, once; anything else counts in
`errors`. The last line is one JSON object (`p99_ms`, `errors`, `goal_met`...).

To tell where time goes, the run also measures: one more till alone in its own process
(`probe_*`: SendTickets without 50 tills sharing the caller's CPU), a request the
gateway answers without its database (`http_404_*`), a bare PostgreSQL commit
(`pg_commit_*`), the CPU of each party, and the gateway's TCP connections, accept queue
and PostgreSQL connections.

The tills run on the same machine as the gateway and cost about 25 ms of CPU a ticket
(sale, SQLite, drain, messages), so the default rate (a ticket every 5-15 s a till: 20
tickets/s for 200 tills, several times a busy store's peak) leaves the gateway room on
2 cores; `--interval 3.5 --jitter 1.5` is the 2-5 s stress rate.

    python bench/drip_tills.py --tills 200
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import multiprocessing as mp
import os
import queue
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import sqlalchemy as sa  # noqa: E402

from catalog_fixture import BREAD, MILK_UPC, WINE, write_catalog  # noqa: E402
from fault_harness.scratch import scratch_database  # noqa: E402
from fault_harness.servers import free_port  # noqa: E402

DEFAULT_PG = os.environ.get(
    "TILLSYNC_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
GOAL_P99_MS = 50.0
TILLS_PER_STORE = 10
LAG_TICK_S = 0.01  # the probe that measures how late a till process's threads get to run


# -- numbers --------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# -- inside a worker process ----------------------------------------------------------


class Stats:
    """What the tills of one worker process saw; shared by their threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.send_ms: list[float] = []  # every SendTickets round trip, failed ones too
        self.tickets_per_call: list[int] = []
        self.results: Counter[str] = Counter()
        self.other_ms: dict[str, list[float]] = {}
        self.errors: Counter[str] = Counter()
        self.examples: list[str] = []
        self.closed: list[str] = []
        self.warm_up: list[str] = []  # one ticket per till before the run, not timed
        self.measuring = False  # latencies are kept from the start of the run on
        self.first_close = math.inf
        self.last_close = 0.0

    def error(self, kind: str, detail: str, count: int = 1) -> None:
        with self.lock:
            self.errors[kind] += count
            if len(self.examples) < 5:
                self.examples.append(f"{kind}: {detail}"[:300])


class Timed:
    """The till's real SOAP client; each call timed around the real HTTP round trip."""

    def __init__(self, client: Any, stats: Stats) -> None:
        self._client = client
        self._stats = stats

    def __getattr__(self, name: str) -> object:
        return getattr(self._client, name)

    def post_send_tickets(self, body: bytes) -> list[Any]:
        stats = self._stats
        started = time.perf_counter()
        try:
            results = self._client.post_send_tickets(body)
        except Exception as exc:
            ms = (time.perf_counter() - started) * 1000
            with stats.lock:
                if stats.measuring:
                    stats.send_ms.append(ms)
            stats.error(f"SendTickets {type(exc).__name__}", str(exc))
            raise
        ms = (time.perf_counter() - started) * 1000
        with stats.lock:
            if stats.measuring:
                stats.send_ms.append(ms)
                stats.tickets_per_call.append(len(results))
            stats.results.update(r.status for r in results)
        for r in results:
            if r.status != "accepted":
                stats.error(f"SendTickets result {r.status}", f"{r.ticket_id}: {r.reason}")
        return results

    def _timed(self, name: str, call: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        try:
            return call()
        except Exception as exc:
            self._stats.error(f"{name} {type(exc).__name__}", str(exc))
            raise
        finally:
            ms = (time.perf_counter() - started) * 1000
            with self._stats.lock:
                if self._stats.measuring:
                    self._stats.other_ms.setdefault(name, []).append(ms)

    def ping(self, *args: Any, **kwargs: Any) -> Any:
        return self._timed("Ping", lambda: self._client.ping(*args, **kwargs))

    def get_messages(self, *args: Any, **kwargs: Any) -> Any:
        return self._timed("GetMessages", lambda: self._client.get_messages(*args, **kwargs))

    def ack_messages(self, *args: Any, **kwargs: Any) -> Any:
        return self._timed("AckMessages", lambda: self._client.ack_messages(*args, **kwargs))


def _schedule_loop(agents: list[Any], lock: threading.Lock, stop: threading.Event) -> None:
    """What `Agent.run_forever` does for one till, for all the tills of this process."""
    while not stop.is_set():
        with lock:
            current = list(agents)
        for agent in current:
            agent.run_pending()
        stop.wait(0.25)


def _lag_probe(stop: threading.Event, lags: list[float]) -> None:
    """How late a thread of this process wakes up: the CPU/GIL wait every call here pays."""
    while not stop.is_set():
        started = time.perf_counter()
        time.sleep(LAG_TICK_S)
        lags.append((time.perf_counter() - started - LAG_TICK_S) * 1000)


def _sell_one(till: Any, rng: random.Random) -> Any:
    """Ring up 2-5 items (more than the catalog's 1.00 offer), pay, close: durable, then
    the agent is asked for a drip send."""
    from standalone_till.model import PaymentMethod

    sale = till.new_sale()
    for _ in range(rng.randint(2, 5)):
        sale.scan(rng.choice((BREAD, WINE, MILK_UPC)))
    sale.pay(rng.choice((PaymentMethod.CASH, PaymentMethod.CARD)))
    return sale.close()


def _sell_loop(
    till: Any, rng: random.Random, start: float, opts: dict[str, Any], stats: Stats
) -> None:
    deadline = start + opts["duration"]
    low = max(0.05, opts["interval"] - opts["jitter"])
    high = opts["interval"] + opts["jitter"]
    at = start + rng.uniform(0, high)  # tills do not all close at the same instant
    while at < deadline:
        pause = at - time.time()
        if pause > 0:
            time.sleep(pause)
        try:
            ticket = _sell_one(till, rng)
        except Exception as exc:
            stats.error(f"sale {type(exc).__name__}", str(exc))
        else:
            now = time.time()
            with stats.lock:
                stats.closed.append(ticket.id)
                stats.first_close = min(stats.first_close, now)
                stats.last_close = max(stats.last_close, now)
        at += rng.uniform(low, high)


def _set_up_till(
    till_id: str, opts: dict[str, Any], factory: Callable[[Any], Any], stats: Stats
) -> tuple[Any, Any]:
    from standalone_till.config import load_config, set_key, write_default_config
    from standalone_till.service import Till
    from standalone_till.sync.agent import Agent

    path = Path(opts["work"]) / "tills" / till_id / "till.toml"
    store = f"S{int(till_id[1:]) // TILLS_PER_STORE:03d}"
    write_default_config(path, store, till_id)
    set_key(path, "webservice.url", opts["url"])
    set_key(path, "timings.drip", "true")
    set_key(path, "webservice.timeout", str(opts["till_timeout"]))
    till = Till(load_config(path), client_factory=factory)
    till.init()
    till.load_data(Path(opts["exports"]))
    till.open_day()  # GetMessages day_open, as a till does in the morning
    agent = Agent(till)
    agent.start()  # ping, send what is left (nothing), schedule its jobs
    # The first ticket of the day, sent before the run: a till's first SendTickets opens
    # its connection and warms its code paths, which a till that sells all day does once.
    stats.warm_up.append(_sell_one(till, random.Random(till_id)).id)
    return till, agent


def _run_worker(
    index: int, till_ids: list[str], opts: dict[str, Any], out: Any, go: Any
) -> dict[str, Any]:
    from standalone_till.sync.uplink import client_for

    stats = Stats()

    def factory(cfg: Any) -> Any:
        return Timed(client_for(cfg), stats)

    set_up = time.perf_counter()
    agents: list[Any] = []
    agents_lock = threading.Lock()
    stop_jobs = threading.Event()
    jobs = threading.Thread(target=_schedule_loop, args=(agents, agents_lock, stop_jobs))
    jobs.start()
    tills = []
    try:
        for till_id in till_ids:
            till, agent = _set_up_till(till_id, opts, factory, stats)
            tills.append(till)
            with agents_lock:
                agents.append(agent)
        for agent in agents:
            agent.idle(30)
        out.put(("ready", index, time.perf_counter() - set_up))
        if not go.wait(opts["setup_timeout"]):
            raise RuntimeError("the parent never said go")
        start = time.time()
        stats.measuring = True

        lags: list[float] = []
        stop_probe = threading.Event()
        probe = threading.Thread(target=_lag_probe, args=(stop_probe, lags), daemon=True)
        probe.start()
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        sellers = [
            threading.Thread(
                target=_sell_loop,
                args=(till, random.Random(f"{opts['seed']}-{till_id}"), start, opts, stats),
                name=f"sell-{till_id}",
            )
            for till_id, till in zip(till_ids, tills, strict=True)
        ]
        for seller in sellers:
            seller.start()
        for seller in sellers:
            seller.join(max(1.0, start + opts["duration"] + 30 - time.time()))
        # Wait for the drip sends still in flight, bounded; then one forced drain each.
        drain_deadline = time.monotonic() + opts["drain_timeout"]
        for agent in agents:
            agent.idle(max(0.1, drain_deadline - time.monotonic()))
        stop_probe.set()
        probe.join(1)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        left = sum(till.uplink.outbox.pending_count() for till in tills)
        if left:  # one forced drain per till that still holds tickets, all at once, bounded
            drains = [
                threading.Thread(target=till.uplink.send_tickets, kwargs={"force": True})
                for till in tills
                if till.uplink.outbox.pending_count()
            ]
            for drain in drains:
                drain.start()
            for drain in drains:
                drain.join(max(0.1, drain_deadline + opts["till_timeout"] - time.monotonic()))
        still = sum(till.uplink.outbox.pending_count() for till in tills)
        if left:
            stats.error("tickets the drip left in the outbox", f"{left} tickets", left)
        if still:
            stats.error("tickets still in the outbox after a forced drain", f"{still}", still)
    finally:
        stop_jobs.set()
        jobs.join(5)
        for agent in agents:
            agent.stop()
        for till in tills:
            till.close()
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    return {
        "send_ms": stats.send_ms,
        "tickets_per_call": stats.tickets_per_call,
        "results": dict(stats.results),
        "other_ms": stats.other_ms,
        "errors": dict(stats.errors),
        "examples": stats.examples,
        "closed": stats.closed,
        "warm_up": stats.warm_up,
        "first_close": stats.first_close,
        "last_close": stats.last_close,
        "lag_p99_ms": percentile(lags, 99),
        "cpu_s": cpu,
    }


def worker_main(index: int, till_ids: list[str], opts: dict[str, Any], out: Any, go: Any) -> None:
    logging.basicConfig(
        level=logging.WARNING, format=f"[worker {index}] %(levelname)s %(name)s: %(message)s"
    )
    try:
        out.put(("done", index, _run_worker(index, till_ids, opts, out, go)))
    except BaseException:
        out.put(("failed", index, traceback.format_exc()))


# -- the parent: gateway, database, sampling, report -----------------------------------


def _wait_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the gateway exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


def _os_threads(pid: int) -> int | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return None


def _proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process (Linux), 0 if unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux): a supervisor's gateway workers."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _tree_cpu_s(pid: int) -> float:
    """CPU seconds of ``pid`` and its children, the living and the reaped (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    return _proc_cpu_s(pid) + reaped + sum(_proc_cpu_s(child) for child in _children(pid))


def _tree_threads(pid: int) -> int | None:
    counts = [_os_threads(p) for p in (pid, *_children(pid))]
    return sum(c for c in counts if c is not None) if counts[0] is not None else None


def _postgres_cpu_s() -> float:
    """CPU seconds of every PostgreSQL process, with the reaped backends' (Linux)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            head, _, rest = stat.read_text().rpartition(")")
            if head.endswith("(postgres"):
                fields = rest.split()
                total += sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def _machine_cpu() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine (Linux), (0, 0) if unknown."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return (0, 0)
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values) - idle, sum(values))


def _tcp(port: int) -> tuple[int, int]:
    """(established connections to ``port``, its listening socket's accept queue), IPv4."""
    established = backlog = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) != port:
                continue
            if fields[3] == "01":
                established += 1
            elif fields[3] == "0A":
                backlog = int(fields[4].split(":")[1], 16)
    return established, backlog


class Sampler(threading.Thread):
    """Every half second: the gateway's OS threads, TCP connections and accept queue, and
    the bench database's connections."""

    def __init__(self, admin_url: str, database: str, gateway_pid: int, port: int) -> None:
        super().__init__(daemon=True)
        self.engine = sa.create_engine(
            admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool
        )
        self.database = database
        self.pid = gateway_pid
        self.port = port
        self.tcp_max = 0
        self.accept_queue_max = 0
        self.stop = threading.Event()
        self.threads_max = 0
        self.connections_max = 0
        self.active_max = 0
        self.lock_waits_max = 0
        self.sessions_opened: int | None = None  # PostgreSQL connections made meanwhile

    def run(self) -> None:
        query = sa.text(
            "SELECT count(*), count(*) FILTER (WHERE state = 'active'),"
            " count(*) FILTER (WHERE wait_event_type = 'Lock')"
            " FROM pg_stat_activity WHERE datname = :db AND pid <> pg_backend_pid()"
        )
        sessions = sa.text("SELECT sessions FROM pg_stat_database WHERE datname = :db")
        with contextlib.suppress(Exception), self.engine.connect() as conn:
            first = conn.execute(sessions, {"db": self.database}).scalar()
            while True:
                total, active, waits = conn.execute(query, {"db": self.database}).one()
                self.connections_max = max(self.connections_max, total)
                self.active_max = max(self.active_max, active)
                self.lock_waits_max = max(self.lock_waits_max, waits)
                self.threads_max = max(self.threads_max, _os_threads(self.pid) or 0)
                established, backlog = _tcp(self.port)
                self.tcp_max = max(self.tcp_max, established)
                self.accept_queue_max = max(self.accept_queue_max, backlog)
                if self.stop.wait(0.5):
                    break
            last = conn.execute(sessions, {"db": self.database}).scalar()
            if first is not None and last is not None:
                self.sessions_opened = last - first

    def finish(self) -> None:
        self.stop.set()
        self.join(5)
        self.engine.dispose()


class Probes(threading.Thread):
    """From this (otherwise idle) process, ten times a second: a request the gateway answers
    without its database (GET /, a 404), and a bare commit on the bench database. They tell
    the web server's and PostgreSQL's shares of a slow SendTickets apart."""

    def __init__(self, db_url: str, port: int) -> None:
        super().__init__(daemon=True)
        self.engine = sa.create_engine(db_url, poolclass=sa.NullPool)
        self.port = port
        self.stop = threading.Event()
        self.http_ms: list[float] = []
        self.http_failures = 0  # no answer within 2 s
        self.commit_ms: list[float] = []

    def run(self) -> None:
        import http.client

        web = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        with contextlib.suppress(Exception), self.engine.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE bench_commit_probe (at float)")
            conn.commit()
            while not self.stop.wait(0.1):
                started = time.perf_counter()
                try:
                    web.request("GET", "/")
                    web.getresponse().read()
                except (OSError, http.client.HTTPException):
                    self.http_failures += 1
                    web.close()  # the next request connects again
                else:
                    self.http_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                conn.exec_driver_sql(f"INSERT INTO bench_commit_probe VALUES ({started})")
                conn.commit()
                self.commit_ms.append((time.perf_counter() - started) * 1000)
        web.close()

    def finish(self) -> None:
        self.stop.set()
        self.join(15)
        self.engine.dispose()


@contextlib.contextmanager
def fresh_database(admin_url: str) -> Iterator[tuple[str, str]]:
    """A new PostgreSQL database (its URL and name), dropped afterwards."""
    with scratch_database(admin_url, "tillsync_bench") as url:
        yield url, str(sa.make_url(url).database)


@contextlib.contextmanager
def gateway_process(work: Path, db_url: str, threads: int, workers: int = 1) -> Any:
    """`erp-gateway init` then `erp-gateway serve` on a free port: (process, SOAP URL)."""
    port = free_port()
    config = work / "gateway.toml"
    config.write_text(
        f'[service]\nhost = "127.0.0.1"\nport = {port}\nthreads = {threads}\n'
        f"workers = {workers}\n[database]\nurl = {json.dumps(db_url)}\n"
    )
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "erp-gateway"), "init", "--config", str(config)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    log = (work / "gateway.log").open("wb")
    proc = subprocess.Popen(
        [str(bin_dir / "erp-gateway"), "serve", "--config", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_port(port, proc)
        yield proc, port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _gateway_warnings(log: Path) -> list[str]:
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return [line for line in lines if " WARNING " in line or " ERROR " in line]


def _stored(db_url: str) -> tuple[Counter[str], int]:
    """The gateway's ticket ids (with their count) and its number of extra versions."""
    engine = sa.create_engine(db_url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            ids = Counter(conn.exec_driver_sql("SELECT ticket_id FROM tickets").scalars())
            versions = conn.exec_driver_sql("SELECT count(*) FROM ticket_versions").scalar_one()
    finally:
        engine.dispose()
    return ids, versions


def _collect(
    out: Any, procs: list[Any], expected: str, count: int, timeout: float
) -> dict[int, Any]:
    """``count`` messages of kind ``expected`` from the workers, within ``timeout``."""
    got: dict[int, Any] = {}
    deadline = time.monotonic() + timeout
    while len(got) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit(f"timed out waiting for the workers ({expected}: {len(got)}/{count})")
        try:
            kind, index, payload = out.get(timeout=min(left, 1.0))
        except queue.Empty:
            dead = [p for p in procs if p.exitcode not in (None, 0)]
            if dead:
                raise SystemExit(f"a worker died (exit code {dead[0].exitcode})") from None
            continue
        if kind == "failed":
            raise SystemExit(f"worker {index} failed:\n{payload}")
        if kind == expected:
            got[index] = payload
    return got


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    exports = write_catalog(work / "exports")
    till_ids = [f"T{i:04d}" for i in range(1, args.tills + 1)]
    procs_n = max(1, min(args.procs, args.tills))
    shares = [till_ids[i::procs_n] for i in range(procs_n)]
    ctx = mp.get_context("spawn")
    with (
        fresh_database(args.pg) as (db_url, db_name),
        gateway_process(work, db_url, args.gateway_threads, args.workers) as (gateway, port),
    ):
        url = f"http://127.0.0.1:{port}/soap"
        print(
            f"gateway: pid {gateway.pid}, {args.workers} worker process(es) of"
            f" {args.gateway_threads} threads, database {db_name}"
        )
        opts = {
            "url": url,
            "work": str(work),
            "exports": str(exports),
            "duration": args.duration,
            "interval": args.interval,
            "jitter": args.jitter,
            "seed": args.seed,
            "drain_timeout": args.drain_timeout,
            "setup_timeout": args.setup_timeout,
            "till_timeout": args.till_timeout,
        }
        out = ctx.Queue()
        go = ctx.Event()
        work_of = [(share, opts) for share in shares]
        if args.probe > 0:  # one more till, alone in its process: the gateway seen unhindered
            probe_opts = {**opts, "interval": args.probe, "jitter": args.probe / 5}
            work_of.append((["P0001"], probe_opts))
        procs = [
            ctx.Process(target=worker_main, args=(i, share, o, out, go), daemon=True)
            for i, (share, o) in enumerate(work_of)
        ]
        sampler = Sampler(args.pg, db_name, gateway.pid, port)
        probes = Probes(db_url, port)
        try:
            started = time.perf_counter()
            for proc in procs:
                proc.start()
            ready = _collect(out, procs, "ready", len(procs), args.setup_timeout)
            setup_s = time.perf_counter() - started
            print(
                f"tills: {args.tills} in {procs_n} processes, set up in {setup_s:.1f} s"
                f" (slowest process {max(ready.values()):.1f} s)"
            )
            print(
                f"selling for {args.duration:g} s, one ticket every"
                f" {args.interval:g} +- {args.jitter:g} s per till ..."
            )
            noise = _machine_cpu()
            time.sleep(1)  # what else this machine is doing (tills idle, agents running)
            noise_busy, noise_total = (b - a for a, b in zip(noise, _machine_cpu(), strict=True))
            sampler.start()
            probes.start()
            cpu_machine = _machine_cpu()
            cpu_gateway = _tree_cpu_s(gateway.pid)
            cpu_postgres = _postgres_cpu_s()
            go.set()
            wall = time.perf_counter()
            budget = args.duration + args.drain_timeout + 120
            done = _collect(out, procs, "done", len(procs), budget)
            wall = time.perf_counter() - wall
            busy, total = (b - a for a, b in zip(cpu_machine, _machine_cpu(), strict=True))
            gateway_cpu = _tree_cpu_s(gateway.pid) - cpu_gateway
            postgres_cpu = _postgres_cpu_s() - cpu_postgres
            gateway_threads = _tree_threads(gateway.pid)
        except SystemExit:
            for line in _gateway_warnings(work / "gateway.log")[-10:]:
                print(f"  gateway log: {line[:300]}", file=sys.stderr)
            raise
        finally:
            sampler.finish()
            probes.finish()
            go.set()
            for proc in procs:
                proc.join(10)
                if proc.is_alive():
                    proc.terminate()
                    proc.join(5)
        stored, versions = _stored(db_url)
    warnings = _gateway_warnings(work / "gateway.log")
    cores = os.cpu_count() or 1
    tills_cpu = sum(r["cpu_s"] for r in done.values())
    machine = cores * busy / total * wall if total else 0.0
    return {
        "reports": [done[i] for i in range(procs_n)],
        "probe": done.get(procs_n),
        "stored": stored,
        "versions": versions,
        "wall_s": wall,
        # CPU over the selling and draining, in % of one core (the machine has `cores`)
        "cpu_pct": {
            "cores": cores,
            "machine": 100 * machine / wall,
            "tills": 100 * tills_cpu / wall,
            "gateway": 100 * gateway_cpu / wall,
            "postgres": 100 * postgres_cpu / wall,
            "other": 100 * (machine - tills_cpu - gateway_cpu - postgres_cpu) / wall,
            "machine_before": 100 * cores * noise_busy / noise_total if noise_total else None,
        },
        "gateway_threads": gateway_threads,
        "sampler": sampler,
        "probes": probes,
        "gateway_warnings": warnings,
        "setup_s": setup_s,
    }


def summarize(args: argparse.Namespace, m: dict[str, Any]) -> dict[str, Any]:
    reports = m["reports"]
    probe = m["probe"]
    everyone = reports + ([probe] if probe else [])
    send = [ms for r in reports for ms in r["send_ms"]]
    per_call = [n for r in reports for n in r["tickets_per_call"]]
    closed = [t for r in everyone for t in r["closed"] + r["warm_up"]]
    errors: Counter[str] = Counter()
    for r in everyone:
        errors.update(r["errors"])
    examples = [e for r in everyone for e in r["examples"]][:5]
    stored: Counter[str] = m["stored"]
    missing = len(set(closed) - set(stored))
    extra = len(set(stored) - set(closed))
    doubled = sum(n - 1 for n in stored.values() if n > 1) + (len(closed) - len(set(closed)))
    if missing:
        errors["closed but not in the gateway"] += missing
    if extra:
        errors["in the gateway but never closed"] += extra
    if doubled:
        errors["stored more than once"] += doubled
    if m["versions"]:
        errors["ticket_versions rows (mismatches)"] += m["versions"]
    exactly_once = not (missing or extra or doubled) and sum(stored.values()) == len(closed)
    first = min((r["first_close"] for r in reports), default=math.inf)
    last = max((r["last_close"] for r in reports), default=0.0)
    duration = last - first if closed and last > first else float(args.duration)
    tickets = sum(len(r["closed"]) for r in reports)
    other = {}
    for name in ("Ping", "GetMessages", "AckMessages"):
        values = [ms for r in reports for ms in r["other_ms"].get(name, [])]
        if values:
            other[name] = {
                "calls": len(values),
                "p50_ms": _r(percentile(values, 50)),
                "p99_ms": _r(percentile(values, 99)),
            }
    sampler = m["sampler"]
    probes = m["probes"]
    lags = [r["lag_p99_ms"] for r in reports if r["lag_p99_ms"] is not None]
    p99 = percentile(send, 99)
    total_errors = sum(errors.values())
    send_errors = sum(n for kind, n in errors.items() if kind.startswith("SendTickets"))
    summary = {
        "tills": args.tills,
        "procs": len(reports),
        "gateway_threads": args.gateway_threads,
        "gateway_workers": args.workers,
        "gateway_os_threads": m["gateway_threads"],
        "duration_s": round(duration, 1),
        "tickets": tickets,
        "warm_up_tickets": sum(len(r["warm_up"]) for r in everyone),
        "tickets_per_s": round(tickets / duration, 1) if duration else None,
        "send_calls": len(send),
        "tickets_per_call_max": max(per_call, default=0),
        "p50_ms": _r(percentile(send, 50)),
        "p95_ms": _r(percentile(send, 95)),
        "p99_ms": _r(p99),
        "max_ms": _r(max(send, default=None)),
        # One more till, alone in its own process (a sale every --probe s): SendTickets
        # as the gateway answers it without 50 tills sharing the caller's CPU and GIL.
        "probe_calls": len(probe["send_ms"]) if probe else 0,
        "probe_p50_ms": _r(percentile(probe["send_ms"], 50)) if probe else None,
        "probe_p99_ms": _r(percentile(probe["send_ms"], 99)) if probe else None,
        "http_404_p50_ms": _r(percentile(probes.http_ms, 50)),
        "http_404_p99_ms": _r(percentile(probes.http_ms, 99)),
        "http_404_unanswered": probes.http_failures,
        "pg_commit_p50_ms": _r(percentile(probes.commit_ms, 50)),
        "pg_commit_p99_ms": _r(percentile(probes.commit_ms, 99)),
        "errors": total_errors,
        "send_errors": send_errors,
        "error_kinds": dict(errors),
        "gateway_rows": sum(stored.values()),
        "exactly_once": exactly_once,
        "other_calls": other,
        "till_process_lag_p99_ms": _r(max(lags, default=None)),
        "cpu_pct_of_a_core": {k: _r(v, 0) for k, v in m["cpu_pct"].items()},
        "pg_connections_max": sampler.connections_max,
        "pg_active_max": sampler.active_max,
        "pg_lock_waits_max": sampler.lock_waits_max,
        "pg_sessions_opened": sampler.sessions_opened,
        "gateway_tcp_connections_max": sampler.tcp_max,
        "gateway_accept_queue_max": sampler.accept_queue_max,
        "gateway_log_warnings": len(m["gateway_warnings"]),
        "goal_met": p99 is not None and p99 <= GOAL_P99_MS and total_errors == 0,
    }
    summary["_examples"] = examples
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tills", type=int, default=200)
    parser.add_argument("--procs", type=int, default=4, help="worker processes hosting the tills")
    parser.add_argument("--duration", type=float, default=30, help="seconds of selling")
    parser.add_argument(
        "--interval", type=float, default=10, help="mean seconds between two closes of a till"
    )
    parser.add_argument(
        "--jitter", type=float, default=5, help="each pause is interval +- up to this"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--probe",
        type=float,
        default=0.5,
        help="one more till in its own process selling every PROBE s; 0 = none",
    )
    parser.add_argument("--gateway-threads", type=int, default=16, help="service.threads")
    parser.add_argument(
        "--workers", type=int, default=1, help="service.workers: gateway processes on the port"
    )
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL admin URL (CREATE DATABASE)")
    parser.add_argument(
        "--drain-timeout", type=float, default=60, help="seconds to wait for the outboxes"
    )
    parser.add_argument(
        "--till-timeout",
        type=int,
        default=10,
        help="the tills' webservice.timeout in s (the product's default is 60)",
    )
    parser.add_argument(
        "--setup-timeout", type=float, default=300, help="seconds for the tills' setup"
    )
    parser.add_argument(
        "--keep", metavar="DIR", help="work in this empty folder and keep it (gateway.log, tills)"
    )
    args = parser.parse_args()

    def terminated(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # unwind: stop the gateway, drop the database, delete the folder

    signal.signal(signal.SIGTERM, terminated)
    if args.tills < 1 or args.duration <= 0 or args.interval <= 0:
        parser.error("--tills, --duration and --interval must be positive")
    try:
        with contextlib.ExitStack() as stack:
            if args.keep:
                work = Path(args.keep).absolute()
                if work.exists() and any(work.iterdir()):
                    parser.error(f"--keep {work}: not an empty folder")
                work.mkdir(parents=True, exist_ok=True)
            else:
                work = Path(
                    stack.enter_context(tempfile.TemporaryDirectory(prefix="tillsync-drip-"))
                )
            try:
                m = run(args, work)
            except SystemExit as exc:  # still one JSON line, last
                print(f"failed: {exc}", file=sys.stderr)
                print(
                    json.dumps(
                        {"tills": args.tills, "p99_ms": None, "errors": 1, "failed": str(exc)}
                    )
                )
                sys.exit(1)
    except KeyboardInterrupt:
        print("interrupted: gateway stopped, database dropped", file=sys.stderr)
        sys.exit(130)
    s = summarize(args, m)
    examples = s.pop("_examples")
    print(
        f"{s['tickets']} tickets in {s['duration_s']} s ({s['tickets_per_s']} tickets/s;"
        f" {s['warm_up_tickets']} more sent before, untimed),"
        f" {s['send_calls']} SendTickets calls (at most {s['tickets_per_call_max']} tickets)"
    )
    print(
        f"SendTickets ms: p50 {s['p50_ms']}  p95 {s['p95_ms']}  p99 {s['p99_ms']}"
        f"  max {s['max_ms']}  (goal p99 <= {GOAL_P99_MS:g})"
    )
    if s["probe_calls"]:
        print(
            f"  the probe till alone in its process: p50 {s['probe_p50_ms']}"
            f"  p99 {s['probe_p99_ms']}  ({s['probe_calls']} calls)"
        )
    print(
        f"  a 404 from the gateway: p50 {s['http_404_p50_ms']}  p99 {s['http_404_p99_ms']}"
        f" ({s['http_404_unanswered']} unanswered within 2 s);"
        f" a bare PostgreSQL commit: p50 {s['pg_commit_p50_ms']}  p99 {s['pg_commit_p99_ms']}"
    )
    for name, o in s["other_calls"].items():
        print(f"{name} ms: p50 {o['p50_ms']}  p99 {o['p99_ms']}  ({o['calls']} calls)")
    c = s["cpu_pct_of_a_core"]
    print(
        f"gateway: {s['gateway_threads']} service threads ({s['gateway_os_threads']} OS threads);"
        f" TCP connections max {s['gateway_tcp_connections_max']}, accept queue max"
        f" {s['gateway_accept_queue_max']}; PostgreSQL connections max {s['pg_connections_max']}"
        f" (active {s['pg_active_max']}, waiting on locks {s['pg_lock_waits_max']}),"
        f" {s['pg_sessions_opened']} opened during the run"
    )
    print(
        f"CPU, % of one core ({c['cores']} cores): machine {c['machine']} (the second before:"
        f" {c['machine_before']}) = tills {c['tills']} + gateway {c['gateway']}"
        f" + PostgreSQL {c['postgres']} + the rest (kernel, this process, others) {c['other']};"
        f" till processes wake up late by up to {s['till_process_lag_p99_ms']} ms (p99)"
    )
    print(
        f"gateway rows {s['gateway_rows']}, exactly once: {s['exactly_once']};"
        f" errors {s['errors']} {s['error_kinds'] or ''}"
    )
    for line in examples:
        print(f"  e.g. {line}")
    seen: Counter[str] = Counter(
        line.split(" WARNING ", 1)[-1].split(" ERROR ", 1)[-1][:160]
        for line in m["gateway_warnings"]
    )
    for text, n in seen.most_common(5):
        print(f"  gateway log ({n}x): {text}")
    print(json.dumps(s))


if __name__ == "__main__":
    main()
