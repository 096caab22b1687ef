"""Chain simulation: K stores of T tills against `erp-gateway serve --workers W` on PostgreSQL.

The gateway is the real command on a fresh PostgreSQL database (created on the admin URL,
dropped at the end). The tills are asyncio clients, several hundred per process in
`--procs` processes: each keeps its own backlog (its outbox) and one keep-alive HTTP
connection, and posts the SendTickets bytes the till's own encoder makes
(`ErpClient.encode_send_tickets`) from real ticket documents: a real till (SQLite journal,
sample catalog) sells a set of tickets first, and each simulated sale restamps one of
them with a new id, store, till, number and time and hashes it as the till does. The
contract is the real one, the gateway classifies and stores every ticket as it would a
till's.

Phases, on one clock:
1. steady selling, one ticket every `--interval` +- `--jitter` s a till, each close sent at
   once (drip) in batches of up to `--batch-size`; a Ping every `--ping-interval` s;
2. outage: the gateway is stopped (SIGTERM) for `--outage` s; the tills go on selling
   into their backlogs and ping every `--retry` s;
3. recovery: the gateway is started again; each till's next ping succeeds and it drains
   its backlog while it goes on selling, for `--after` s; then selling stops and the
   backlogs are drained (bounded by `--drain-timeout`).

Printed: throughput, SendTickets p50/p99 in the steady phase and during the recovery,
errors, the backlog drain time (from the gateway answering again to the last ticket sold
before that being stored), the peak tickets stored per second while draining, the
gateway's CPU per ticket, and an exactly-once check of every sold ticket against the
gateway's `tickets` table. The last line is one JSON object.

`--curve` runs every combination of `--curve-workers` and `--curve-stores` and writes
`docs/scaling.png` and `docs/scaling.json`; the ratio printed for each run is its drain
peak over the one worker's at the same number of tills, measured in the same run.

    python bench/chain.py --stores 10 --tills-per-store 20 --workers 2
    python bench/chain.py --curve
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import logging
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
import time
import traceback
import uuid
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

import sqlalchemy as sa  # noqa: E402
from drip_tills import (  # noqa: E402
    DEFAULT_PG,
    _free_port,
    _machine_cpu,
    _postgres_cpu_s,
    fresh_database,
    percentile,
)

from connectors.soap import SOAP_ENV  # noqa: E402
from ticket_contract import NAMESPACE  # noqa: E402

SEND_ACTION = f'"{NAMESPACE}#SendTickets"'
PING_ACTION = f'"{NAMESPACE}#Ping"'
TEMPLATES = 40  # real tickets sold once, restamped for every simulated sale


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# -- real tickets ---------------------------------------------------------------------


def real_documents(work: Path, count: int = TEMPLATES) -> list[str]:
    """Sell ``count`` tickets on a real till (SQLite, sample catalog); their documents."""
    import sqlalchemy as sa_
    from drip_tills import _sell_one

    from catalog_fixture import write_catalog
    from standalone_till import schema as T
    from standalone_till.config import load_config, write_default_config
    from standalone_till.service import Till

    path = work / "template-till" / "till.toml"
    write_default_config(path, "S000", "T0000")
    till = Till(load_config(path))
    try:
        till.init()
        till.load_data(write_catalog(work / "exports"))
        till.open_day()
        rng = random.Random(7)
        for _ in range(count):
            _sell_one(till, rng)
        with till.db.read(till.db.journal) as conn:
            return list(conn.execute(sa_.select(T.tickets.c.document)).scalars())
    finally:
        till.close()


def restamp(
    template: dict[str, Any], store: str, till: str, number: int, at: float
) -> tuple[str, dict[str, object]]:
    """A new ticket from a real one: its id and the contract Ticket the till would send."""
    from ticket_contract.writer import contract_ticket

    closed = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at))
    opened = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at - 90))
    doc = dict(template)
    doc.update(
        id=str(uuid.uuid4()),
        store_id=store,
        till_id=till,
        number=number,
        business_day=time.strftime("%Y-%m-%d", time.gmtime(at)),
        opened_at=f"{opened}Z",
        closed_at=f"{closed}Z",
    )
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    return doc["id"], contract_ticket(doc, hashlib.sha256(text.encode()).hexdigest())


# -- a till: backlog, one connection, drip sends ------------------------------------------


class Down(Exception):
    """The gateway did not answer (refused, reset, timeout, not HTTP 200)."""


class Connection:
    """One keep-alive HTTP/1.1 connection to the gateway, opened on demand."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, body: bytes, action: str) -> bytes:
        try:
            return await asyncio.wait_for(self._post(body, action), self.timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.close()
            raise Down(f"{type(exc).__name__}: {exc}") from exc

    async def _post(self, body: bytes, action: str) -> bytes:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        writer.write(
            f"POST /soap HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Content-Type: text/xml; charset=utf-8\r\nSOAPAction: {action}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        headers = dict(
            (k.strip().lower(), v.strip()) for k, _, v in (h.partition(":") for h in head[1:] if h)
        )
        reply = await reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        if status != 200:
            raise ValueError(f"HTTP {status}")
        return reply

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None


def _results(reply: bytes) -> list[tuple[str, str]]:
    """(ticket id, status) of each result of a SendTicketsResponse."""
    from lxml import etree

    tns = f"{{{NAMESPACE}}}"
    root = etree.fromstring(reply, etree.XMLParser(resolve_entities=False, no_network=True))
    return [
        (r.findtext(f"{tns}ticketId") or "", r.findtext(f"{tns}status") or "")
        for r in root.iter(f"{tns}result")
    ]


@dataclass
class Report:
    """What the tills of one process saw."""

    calls: list[tuple[float, float, int]] = field(default_factory=list)  # start, ms, tickets
    sold: list[tuple[str, float]] = field(default_factory=list)  # id, sold at
    stored: list[tuple[str, float]] = field(default_factory=list)  # id, answered at
    statuses: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    failed_calls: int = 0  # calls while the gateway was down (expected in the outage)
    left: int = 0  # tickets still in a backlog at the end
    cpu_s: float = 0.0


class SimulatedTill:
    def __init__(
        self, store: str, till: str, opts: dict[str, Any], encoder: Any, report: Report
    ) -> None:
        self.store, self.till = store, till
        self.opts = opts
        self.encoder = encoder
        self.report = report
        self.rng = random.Random(f"{opts['seed']}-{till}")
        self.backlog: deque[tuple[str, dict[str, object]]] = deque()
        self.conn = Connection(opts["host"], opts["port"], opts["till_timeout"])
        self.number = 0
        self.up = True
        self.ping_body = (
            f'<?xml version="1.0" encoding="utf-8"?><soap-env:Envelope xmlns:soap-env="{SOAP_ENV}">'
            f'<soap-env:Body><Ping xmlns="{NAMESPACE}"><tillId>{till}</tillId></Ping>'
            "</soap-env:Body></soap-env:Envelope>"
        ).encode()

    def sell(self, templates: Sequence[dict[str, Any]]) -> None:
        self.number += 1
        now = time.time()
        ticket_id, contract = restamp(
            self.rng.choice(templates), self.store, self.till, self.number, now
        )
        self.backlog.append((ticket_id, contract))
        self.report.sold.append((ticket_id, now))

    async def drain(self) -> None:
        """Send the backlog in batches until it is empty or the gateway fails."""
        while self.backlog and self.up:
            batch = [
                self.backlog[i] for i in range(min(self.opts["batch_size"], len(self.backlog)))
            ]
            body = self.encoder.encode_send_tickets(self.till, [c for _, c in batch])
            started = time.time()
            try:
                reply = await self.conn.post(body, SEND_ACTION)
            except Down:
                self.report.failed_calls += 1
                self.up = False
                return
            done = time.time()
            self.report.calls.append((started, (done - started) * 1000, len(batch)))
            answered = dict(_results(reply))
            for ticket_id, _ in batch:
                status = answered.get(ticket_id, "missing")
                self.report.statuses[status] += 1
                if status in ("accepted", "duplicate"):
                    self.report.stored.append((ticket_id, done))
                else:
                    self.report.errors[f"result {status}"] += 1
            for _ in batch:
                self.backlog.popleft()

    async def ping(self) -> None:
        try:
            await self.conn.post(self.ping_body, PING_ACTION)
        except Down:
            self.report.failed_calls += 1
            self.up = False
        else:
            self.up = True

    async def run(self, templates: Sequence[dict[str, Any]], t0: float) -> None:
        o = self.opts
        rng = self.rng
        low, high = max(0.05, o["interval"] - o["jitter"]), o["interval"] + o["jitter"]
        sell_end = t0 + o["sell_s"]
        hard_end = sell_end + o["drain_timeout"]
        next_sale = t0 + rng.uniform(0, high)
        next_ping = t0 + rng.uniform(0, o["ping_interval"])
        while True:
            now = time.time()
            if now >= hard_end or (now >= sell_end and not self.backlog):
                break
            if now >= next_sale and now < sell_end:
                self.sell(templates)
                next_sale += rng.uniform(low, high)
                if self.up:
                    await self.drain()
                    if not self.up:  # found the gateway down: ping it every --retry s
                        next_ping = time.time() + o["retry"]
            if now >= next_ping:
                was_up = self.up
                await self.ping()
                if self.up and (not was_up or self.backlog):
                    await self.drain()
                next_ping = time.time() + (o["ping_interval"] if self.up else o["retry"])
            wake = min(next_ping, hard_end)
            if next_sale < sell_end:
                wake = min(wake, next_sale)
            elif now < sell_end:
                wake = min(wake, sell_end)  # then stop if nothing is left to send
            await asyncio.sleep(max(0.0, wake - time.time()))
        self.report.left += len(self.backlog)
        self.conn.close()


async def _tills(
    tills: list[tuple[str, str]], opts: dict[str, Any], report: Report, t0: float
) -> None:
    from ticket_contract.client import ErpClient

    encoder = ErpClient(f"http://{opts['host']}:{opts['port']}/soap")
    templates = [json.loads(d) for d in opts["templates"]]
    sims = [SimulatedTill(store, till, opts, encoder, report) for store, till in tills]
    await asyncio.gather(*(s.run(templates, t0) for s in sims))
    encoder.close()


def client_main(
    index: int, tills: list[tuple[str, str]], opts: dict[str, Any], out: Any, go: Any
) -> None:
    logging.basicConfig(level=logging.WARNING)
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        from ticket_contract.client import ErpClient  # loaded before the clock starts

        ErpClient("http://127.0.0.1:1/soap").close()
        out.put(("ready", index, None))
        if not go.wait(120):
            raise RuntimeError("the parent never said go")
        report = Report()
        before = resource.getrusage(resource.RUSAGE_SELF)
        asyncio.run(_tills(tills, opts, report, opts["t0"].value))
        after = resource.getrusage(resource.RUSAGE_SELF)
        report.cpu_s = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        out.put(("done", index, report))
    except BaseException:
        out.put(("failed", index, traceback.format_exc()))


# -- the gateway ----------------------------------------------------------------------


class Gateway:
    """`erp-gateway serve --workers W` on a config of its own; stopped and started again."""

    def __init__(self, work: Path, db_url: str, workers: int, threads: int, tills: int) -> None:
        self.port = _free_port()
        self.config = work / "gateway.toml"
        self.config.write_text(
            f'[service]\nhost = "127.0.0.1"\nport = {self.port}\nthreads = {threads}\n'
            f"workers = {workers}\nconnection_limit = {max(100, 2 * tills + 100)}\n"
            f"[database]\nurl = {json.dumps(db_url)}\n"
        )
        self.bin = Path(sys.executable).parent / "erp-gateway"
        subprocess.run(
            [str(self.bin), "init", "--config", str(self.config)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.log = (work / "gateway.log").open("ab")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Start serving; the time the port answers."""
        self.proc = subprocess.Popen(
            [str(self.bin), "serve", "--config", str(self.config)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the gateway exited with {self.proc.returncode}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return time.time()
            time.sleep(0.02)
        raise SystemExit(f"nothing answers on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cpu_s(self) -> float:
        """CPU seconds of the supervisor and its workers, living and reaped (Linux)."""
        if self.proc is None:
            return 0.0
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                pid = int(stat.parent.name)
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if pid == self.proc.pid:
                    total += sum(int(v) for v in fields[11:15]) / tick
                elif int(fields[1]) == self.proc.pid:
                    total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def close(self) -> None:
        self.stop()
        self.log.close()


def _stored(db_url: str) -> Counter[str]:
    engine = sa.create_engine(db_url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            return Counter(conn.exec_driver_sql("SELECT ticket_id FROM tickets").scalars())
    finally:
        engine.dispose()


def _collect(out: Any, procs: list[Any], expected: str, timeout: float) -> dict[int, Any]:
    got: dict[int, Any] = {}
    deadline = time.monotonic() + timeout
    while len(got) < len(procs):
        left = deadline - time.monotonic()
        if left <= 0:
            raise SystemExit(f"timed out waiting for the tills ({expected}: {len(got)})")
        try:
            kind, index, payload = out.get(timeout=min(left, 1.0))
        except queue.Empty:
            if any(p.exitcode not in (None, 0) for p in procs):
                raise SystemExit("a till process died") from None
            continue
        if kind == "failed":
            raise SystemExit(f"till process {index} failed:\n{payload}")
        if kind == expected:
            got[index] = payload
    return got


def _reap(procs: list[Any]) -> None:
    """Wait for the till processes a little, then kill what is left."""
    for p in procs:
        p.join(10)
        if p.is_alive():
            p.kill()
            p.join(5)


def _sleep_until(at: float) -> None:
    time.sleep(max(0.0, at - time.time()))


def run_once(
    args: argparse.Namespace, stores: int, workers: int, templates: list[str]
) -> dict[str, Any]:
    """One simulation; its figures."""
    tills = [
        (f"S{s:03d}", f"S{s:03d}T{t:02d}")
        for s in range(1, stores + 1)
        for t in range(1, args.tills_per_store + 1)
    ]
    procs_n = max(1, min(args.procs, len(tills)))
    ctx = mp.get_context("spawn")
    with contextlib.ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tillsync-chain-")))
        db_url, _ = stack.enter_context(fresh_database(args.pg))
        gateway = Gateway(work, db_url, workers, args.gateway_threads, len(tills))
        stack.callback(gateway.close)
        gateway.start()
        t0 = ctx.Value("d", 0.0)
        opts = {
            "host": "127.0.0.1",
            "port": gateway.port,
            "interval": args.interval,
            "jitter": args.jitter,
            "batch_size": args.batch_size,
            "ping_interval": args.ping_interval,
            "retry": args.retry,
            "till_timeout": args.till_timeout,
            "drain_timeout": args.drain_timeout,
            "sell_s": args.duration + args.outage + args.after,
            "seed": args.seed,
            "templates": templates,
            "t0": t0,
        }
        out, go = ctx.Queue(), ctx.Event()
        procs = [
            ctx.Process(target=client_main, args=(i, tills[i::procs_n], opts, out, go))
            for i in range(procs_n)
        ]
        for p in procs:
            p.start()
        stack.callback(_reap, procs)
        _collect(out, procs, "ready", 120)
        load_before = os.getloadavg()[0]  # what else this machine runs (other work too)
        start = time.time() + 0.5
        t0.value = start
        go.set()
        cpu0 = (_machine_cpu(), gateway.cpu_s(), _postgres_cpu_s(), time.time())
        outage_at = start + args.duration
        _sleep_until(outage_at)
        cpu1 = (_machine_cpu(), gateway.cpu_s(), _postgres_cpu_s(), time.time())
        gateway.stop()
        stopped_at = time.time()
        _sleep_until(outage_at + args.outage)
        back_at = gateway.start()
        budget = args.outage + args.after + args.drain_timeout + 120
        reports: list[Report] = list(_collect(out, procs, "done", budget).values())
        gateway.stop()
        stored = _stored(db_url)
    return summarize(
        args,
        stores,
        workers,
        reports,
        stored,
        phases={"start": start, "outage_at": stopped_at, "back_at": back_at},
        cpu=(cpu0, cpu1),
    ) | {"load_avg_1m_before": round(load_before, 2)}


def summarize(
    args: argparse.Namespace,
    stores: int,
    workers: int,
    reports: list[Report],
    stored: Counter[str],
    phases: dict[str, float],
    cpu: tuple[Any, Any],
) -> dict[str, Any]:
    start, outage_at, back_at = phases["start"], phases["outage_at"], phases["back_at"]
    calls = [c for r in reports for c in r.calls]
    steady = [ms for at, ms, _ in calls if start + args.warm_up <= at < outage_at]
    recovery = [ms for at, ms, _ in calls if at >= back_at]
    sold = {tid: at for r in reports for tid, at in r.sold}
    answered = {tid: at for r in reports for tid, at in r.stored}
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for r in reports:
        statuses.update(r.statuses)
        errors.update(r.errors)
    left = sum(r.left for r in reports)
    if left:
        errors["left in a backlog"] += left
    missing = len(set(sold) - set(stored))
    extra = len(set(stored) - set(sold))
    doubled = sum(n - 1 for n in stored.values() if n > 1)
    if missing:
        errors["sold but not in the gateway"] += missing
    if extra:
        errors["in the gateway but never sold"] += extra
    if doubled:
        errors["stored more than once"] += doubled
    exactly_once = not (missing or extra or doubled) and len(stored) == len(sold)
    # The backlog: every ticket sold before the gateway answered again; drained when the
    # last of them was answered.
    backlog = [tid for tid, at in sold.items() if at < back_at]
    waiting = [answered[tid] for tid in backlog if tid in answered and answered[tid] >= back_at]
    drain_s = max(waiting) - back_at if waiting else 0.0
    outage_backlog = sum(1 for at in sold.values() if outage_at <= at < back_at)
    per_second: Counter[int] = Counter(
        int(at - back_at) for at in answered.values() if at >= back_at
    )
    steady_tickets = sum(1 for at in sold.values() if start <= at < outage_at)
    steady_s = outage_at - start
    (m0, g0, p0, w0), (m1, g1, p1, w1) = cpu
    busy, total = (b - a for a, b in zip(m0, m1, strict=True))
    cores = os.cpu_count() or 1
    gateway_cpu = g1 - g0
    tills = stores * args.tills_per_store
    return {
        "stores": stores,
        "tills_per_store": args.tills_per_store,
        "tills": tills,
        "workers": workers,
        "gateway_threads": args.gateway_threads,
        "interval_s": args.interval,
        "tickets_sold": len(sold),
        "offered_tps": round(tills / args.interval, 1),
        "steady_tps": round(steady_tickets / steady_s, 1),
        "send_calls": len(calls),
        "p50_ms": _r(percentile(steady, 50)),
        "p99_ms": _r(percentile(steady, 99)),
        "recovery_p50_ms": _r(percentile(recovery, 50)),
        "recovery_p99_ms": _r(percentile(recovery, 99)),
        "outage_s": round(back_at - outage_at, 1),
        "outage_backlog": outage_backlog,
        "drain_s": round(drain_s, 2),
        "drain_peak_tps": max(per_second.values(), default=0),
        "retry_s": args.retry,
        "failed_calls_in_outage": sum(r.failed_calls for r in reports),
        "gateway_cpu_ms_per_ticket": _r(1000 * gateway_cpu / steady_tickets, 2)
        if steady_tickets
        else None,
        "gateway_cpu_pct": _r(100 * gateway_cpu / (w1 - w0), 0),
        "postgres_cpu_pct": _r(100 * (p1 - p0) / (w1 - w0), 0),
        "tills_cpu_s": _r(sum(r.cpu_s for r in reports), 1),
        "machine_cpu_pct": _r(100 * cores * busy / total, 0) if total else None,
        "statuses": dict(statuses),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "gateway_rows": sum(stored.values()),
        "exactly_once": exactly_once,
    }


def _table(rows: list[dict[str, Any]], baseline: dict[int, dict[str, Any]]) -> None:
    head = (
        f"{'tills':>6} {'W':>2} {'offered/s':>9} {'stored/s':>8} {'p50 ms':>7} {'p99 ms':>7}"
        f" {'rec p99':>8} {'backlog':>7} {'drain s':>7} {'peak/s':>6} {'x W=1':>6}"
        f" {'gw ms/t':>7} {'errors':>6} {'once':>5}"
    )
    print(head)
    for s in rows:
        base = baseline.get(s["tills"])
        ratio = (
            f"{s['drain_peak_tps'] / base['drain_peak_tps']:.2f}"
            if base and base["drain_peak_tps"]
            else "-"
        )
        print(
            f"{s['tills']:>6} {s['workers']:>2} {s['offered_tps']:>9} {s['steady_tps']:>8}"
            f" {s['p50_ms']!s:>7} {s['p99_ms']!s:>7} {s['recovery_p99_ms']!s:>8}"
            f" {s['outage_backlog']:>7} {s['drain_s']:>7} {s['drain_peak_tps']:>6} {ratio:>6}"
            f" {s['gateway_cpu_ms_per_ticket']!s:>7} {s['errors']:>6} {s['exactly_once']!s:>5}"
        )


def plot(rows: list[dict[str, Any]], png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(15, 4.6))
    for workers in sorted({r["workers"] for r in rows}):
        mine = sorted((r for r in rows if r["workers"] == workers), key=lambda r: r["tills"])
        x = [r["tills"] for r in mine]
        label = f"{workers} worker{'s' if workers > 1 else ''}"
        (line,) = left.plot(x, [r["p99_ms"] for r in mine], marker="o", label=f"{label} p99")
        left.plot(
            x,
            [r["p50_ms"] for r in mine],
            marker=".",
            ls="--",
            color=line.get_color(),
            label=f"{label} p50",
        )
        middle.plot(x, [r["drain_peak_tps"] for r in mine], marker="o", label=label)
        right.plot(x, [r["drain_s"] for r in mine], marker="o", label=label)
    offered = sorted({(r["tills"], r["offered_tps"]) for r in rows})
    middle.plot(
        [t for t, _ in offered],
        [o for _, o in offered],
        color="grey",
        ls=":",
        label="steady selling rate",
    )
    left.set(title="SendTickets latency, steady selling", xlabel="tills", ylabel="ms (log scale)")
    left.set_yscale("log")
    middle.set(
        title="Tickets stored per second, peak of the drain", xlabel="tills", ylabel="tickets/s"
    )
    right.set(title="Backlog drain time after the outage", xlabel="tills", ylabel="s")
    for ax in (left, middle, right):
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=8)
    for ax in (middle, right):
        ax.set_ylim(bottom=0)
    first = rows[0]
    busy = [r["machine_cpu_pct"] for r in rows if r["machine_cpu_pct"] is not None]
    fig.suptitle(
        f"tillsync gateway on PostgreSQL, {os.cpu_count()} cores shared with the simulated"
        f" tills and other work (machine busy {min(busy, default=0):.0f}-{max(busy, default=0):.0f}"
        f"% of {100 * (os.cpu_count() or 1)}%); a ticket every {first['interval_s']:g} s a till,"
        f" {first['outage_s']:.0f} s outage",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(png, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=int, default=10)
    parser.add_argument("--tills-per-store", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gateway worker processes")
    parser.add_argument("--gateway-threads", type=int, default=8, help="service.threads")
    parser.add_argument("--duration", type=float, default=20, help="seconds of steady selling")
    parser.add_argument("--outage", type=float, default=10, help="seconds the gateway is down")
    parser.add_argument("--after", type=float, default=15, help="seconds of selling after it")
    parser.add_argument("--interval", type=float, default=3, help="mean s between two sales")
    parser.add_argument("--jitter", type=float, default=1, help="each pause is interval +- this")
    parser.add_argument("--batch-size", type=int, default=100, help="webservice.batch_size")
    parser.add_argument("--ping-interval", type=float, default=30, help="timings.ping_interval")
    parser.add_argument("--retry", type=float, default=2, help="ping period while it fails")
    parser.add_argument("--till-timeout", type=float, default=10, help="s per call")
    parser.add_argument("--drain-timeout", type=float, default=60)
    parser.add_argument("--warm-up", type=float, default=2, help="s of latency not counted")
    parser.add_argument("--procs", type=int, default=2, help="processes hosting the tills")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL admin URL (CREATE DATABASE)")
    parser.add_argument("--curve", action="store_true", help="run the grid, write docs/scaling.*")
    parser.add_argument("--curve-workers", default="1,2,4")
    parser.add_argument("--curve-stores", default="5,15,30")
    parser.add_argument("--out", default=str(ROOT / "docs" / "scaling.png"), help="--curve plot")
    args = parser.parse_args()

    def terminated(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # unwind: stop the gateway, drop the database

    signal.signal(signal.SIGTERM, terminated)
    with tempfile.TemporaryDirectory(prefix="tillsync-chain-templates-") as folder:
        templates = real_documents(Path(folder))
    if args.curve:
        grid = [
            (int(s), int(w))
            for s in args.curve_stores.split(",")
            for w in args.curve_workers.split(",")
        ]
    else:
        grid = [(args.stores, args.workers)]
    rows: list[dict[str, Any]] = []
    baseline: dict[int, dict[str, Any]] = {}
    for stores, workers in grid:
        tills = stores * args.tills_per_store
        print(
            f"-- {stores} stores x {args.tills_per_store} tills = {tills} tills, {workers} workers"
        )
        row = run_once(args, stores, workers, templates)
        rows.append(row)
        if workers == 1:
            baseline[tills] = row
        _table([row], baseline)
    print()
    _table(rows, baseline)
    for row in rows:
        base = baseline.get(row["tills"])
        row["drain_peak_vs_1_worker"] = (
            round(row["drain_peak_tps"] / base["drain_peak_tps"], 2)
            if base and base["drain_peak_tps"]
            else None
        )
    if args.curve:
        png = Path(args.out)
        png.parent.mkdir(parents=True, exist_ok=True)
        plot(rows, png)
        png.with_suffix(".json").write_text(json.dumps(rows, indent=1) + "\n")
        print(f"wrote {png} and {png.with_suffix('.json')}")
    last = rows[-1] if not args.curve else {"runs": rows}
    print(json.dumps(last))


if __name__ == "__main__":
    main()
