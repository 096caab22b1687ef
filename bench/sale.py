"""Sale benchmark: the cashier's tail on a big catalog, idle, during a load, and offline.

In-process, as the cashier's window runs it: a till on SQLite (the default engine) with
an N-item catalog (the sample export, written by the project's own writer and loaded
once before the clock starts) sells seeded tickets of a few random items each, paid in
cash. Each scan (code -> line on the ticket) and each close (stored, committed and
fsync'd, in the outbox) is timed. Windows of four kinds alternate ``--rounds`` times in
one run, so the machine's and the disk's own noise falls on every side:

* idle: the till alone;
* load: a full Load data of the same N-item export, run by ``till load-data`` in another
  process (the window lasts the whole load, its commit and its checkpoint);
* load-in-steps (``--compare``): the same load with its shadows filled in steps
  (``load_full(in_steps=True)``), in another process too;
* blackhole: the sync agent in drip mode (a send after each close), its gateway behind
  a proxy that accepts connections and never answers;
* unsigned (with ``--signing on``, the default): the same till with its journal's signer
  taken away, so ``close_p99_signing_ratio`` is what signing each ticket at close costs
  the close's p99 (idle windows, signed, over these).

The ratios are the p99 of a window kind over the p99 of the idle windows of the same
run. The last line is one JSON object.

    python bench/sale.py                  # 1,000,000 items, 3 rounds
    python bench/sale.py --quick          # 20,000 items, short windows
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS = {
    "scan_p99_ms": 1.0,
    "close_p99_ms": 5.0,
    "close_p99_load_ratio": 1.2,
    "close_p99_blackhole_ratio": 1.1,
}


@dataclass
class Samples:
    """Latencies in seconds, per window kind."""

    scan: dict[str, list[float]] = field(default_factory=dict)
    close: dict[str, list[float]] = field(default_factory=dict)
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    # (when it ended, how long it took) of each close made during a load
    load_closes: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    # per close: the time it neither ran nor waited for a core (disk, locks)
    blocked: dict[str, list[float]] = field(default_factory=dict)

    def add(self, kind: str, scans: list[float], close: float, blocked: float) -> None:
        self.scan.setdefault(kind, []).extend(scans)
        self.close.setdefault(kind, []).append(close)
        self.blocked.setdefault(kind, []).append(blocked)
        if kind.startswith("load"):
            self.load_closes.setdefault(kind, []).append((time.monotonic(), close))


class WalWatch:
    """Samples the size of the catalog's write-ahead log while a load runs: it grows while
    the shadow fills and drops to nothing when the load's checkpoint is done, so its peak
    splits a load into its fill and its end (commit and checkpoint)."""

    def __init__(self, wal: Path, every: float = 0.02) -> None:
        self.wal, self.every = wal, every
        self.points: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                size = self.wal.stat().st_size
            except FileNotFoundError:
                size = 0
            self.points.append((time.monotonic(), size))

    def stop(self) -> tuple[float, int]:
        """(when the log was at its largest, that size in bytes)."""
        self._stop.set()
        self._thread.join()
        if not self.points:
            return time.monotonic(), 0
        peak = max(size for _, size in self.points)
        return next(t for t, size in self.points if size == peak), peak


def _sched() -> tuple[float, float]:
    """(seconds on a core, seconds waiting for one) of the calling thread, from Linux's
    schedstat; (0, 0) where there is none. What a step took beyond both it spent blocked:
    on the disk (a sync) or a lock, not on the machine's other work for the cores."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/schedstat") as f:
            ran, waited, _ = f.read().split()
    except (OSError, ValueError):
        return 0.0, 0.0
    return int(ran) / 1e9, int(waited) / 1e9


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``; nan when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class Seller:
    """Rings up seeded tickets on one till, timing each scan and each close."""

    def __init__(self, till: object, barcodes: list[str], seed: int, pace: float) -> None:
        self.till = till
        self.barcodes = barcodes
        self.rng = random.Random(seed)
        self.pace = pace
        self.samples = Samples()
        self.sales = 0

    def sell_one(self, kind: str) -> None:
        from standalone_till.model import PaymentMethod

        codes = [self.rng.choice(self.barcodes) for _ in range(self.rng.randint(1, 5))]
        try:
            sale = self.till.new_sale()  # type: ignore[attr-defined]
            scans = []
            for code in codes:
                started = time.perf_counter()
                sale.scan(code)
                scans.append(time.perf_counter() - started)
            sale.pay(PaymentMethod.CASH)
            ran, waited = _sched()
            started = time.perf_counter()
            sale.close()
            close = time.perf_counter() - started
            ran_after, waited_after = _sched()
            blocked = max(0.0, close - (ran_after - ran) - (waited_after - waited))
        except Exception as exc:  # counted and reported: the bench goes on
            self.samples.failed += 1
            if len(self.samples.errors) < 5:
                self.samples.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
            return
        self.samples.add(kind, scans, close, blocked)
        self.sales += 1

    def sell_while(self, kind: str, going: threading.Event | None, seconds: float) -> int:
        """Sell until ``going`` is cleared (or for ``seconds`` when it is None)."""
        deadline = time.monotonic() + seconds
        before = self.sales + self.samples.failed
        while going.is_set() if going is not None else time.monotonic() < deadline:
            self.sell_one(kind)
            time.sleep(self.pace)
        return self.sales + self.samples.failed - before


def sellable_barcodes(till: object, count: int, seed: int) -> list[str]:
    """``count`` barcodes of active items sold by the unit with a price today, drawn at
    random (seeded) over the whole catalog."""
    import datetime as dt

    from connectors.errors import SaleError

    db = till.db  # type: ignore[attr-defined]
    with db.read(db.catalog) as conn:
        top = conn.exec_driver_sql("SELECT max(rowid) FROM barcodes").scalar_one()
        rng = random.Random(seed)
        wanted = sorted({rng.randint(1, top) for _ in range(count * 3)})
        rows = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows += conn.exec_driver_sql(
                "SELECT b.barcode FROM barcodes b JOIN items i ON i.code = b.item_code "
                f"WHERE i.sold_by = 'unit' AND i.active AND b.rowid IN ({marks})",
                tuple(chunk),
            ).all()
    day = dt.datetime.now().date()
    found = []
    for (code,) in rows:
        try:
            till.catalog.scan(code, day)  # type: ignore[attr-defined]
        except SaleError:
            continue
        found.append(code)
        if len(found) == count:
            break
    if not found:
        raise SystemExit("no sellable barcode found in the catalog")
    return found


def _export(root: Path, items: int, seed: int) -> Path:
    from erp_gateway.sample import write_sample_export

    export = root / "export"
    export.mkdir()
    started = time.perf_counter()
    write_sample_export(export, items=items, changes=0, seed=seed)
    print(f"export of {items:,} items written in {time.perf_counter() - started:.1f} s", flush=True)
    return export


def _wait_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


@contextlib.contextmanager
def black_hole(work: Path, seed: int) -> Iterator[str]:
    """A real gateway behind a proxy that takes every connection and forwards nothing:
    the till's requests go out and no answer ever comes. Yields the URL to use."""
    from fault_harness.proxy import FaultProxy, FaultRates
    from fault_harness.servers import free_port

    port = free_port()
    config = work / "gateway.toml"
    config.write_text(f"[service]\nport = {port}\nthreads = 4\n")
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "erp-gateway"), "init", "--config", str(config)],
        check=True,
        capture_output=True,
    )
    gateway = subprocess.Popen(
        [str(bin_dir / "erp-gateway"), "serve", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_port(port)
        rates = FaultRates(drop=1.0, max_at_up=0, up_share=1.0)
        with FaultProxy(("127.0.0.1", port), rates, seed=seed, name="black-hole") as proxy:
            yield f"http://127.0.0.1:{proxy.port}/soap"
    finally:
        gateway.terminate()
        gateway.wait(timeout=30)


def _start_load(config: Path, export: Path, log: Path) -> subprocess.Popen[bytes]:
    till_cli = Path(sys.executable).parent / "till"
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(till_cli), "--config", str(config), "load-data", "--source", str(export)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )


IN_STEPS = """
import sys
from pathlib import Path
from standalone_till import loading
from standalone_till.config import load_config
from standalone_till.store import TillDatabase
db = TillDatabase.from_config(load_config(Path(sys.argv[1])))
loading.load_full(db, loading.newest_full(Path(sys.argv[2])), in_steps=True)
db.dispose()
"""


def _start_load_in_steps(config: Path, export: Path, log: Path) -> subprocess.Popen[bytes]:
    """The same load with its shadows filled in steps (``load_full(in_steps=True)``)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", IN_STEPS, str(config), str(export)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )


def _running(process: subprocess.Popen[bytes]) -> threading.Event:
    """An event set while ``process`` runs, cleared the moment it ends."""
    going = threading.Event()
    going.set()

    def watch() -> None:
        process.wait()
        going.clear()

    threading.Thread(target=watch, daemon=True).start()
    return going


def run(args: argparse.Namespace, root: Path) -> dict[str, object]:
    from standalone_till.config import load_config, set_key, write_default_config
    from standalone_till.service import Till
    from standalone_till.sync.agent import Agent

    export = _export(root, args.items, args.seed)
    config = root / "till" / "till.toml"
    write_default_config(config, "S1", "T1")
    with black_hole(root, args.seed) as url:
        set_key(config, "webservice.url", url)
        set_key(config, "timings.drip", "true")
        set_key(config, "timings.ping_interval", "3600")
        set_key(config, "signing.enabled", "true" if args.signing == "on" else "false")
        till = Till(load_config(config))
        till.init()
        started = time.perf_counter()
        till.load_data(export)
        print(f"catalog loaded in {time.perf_counter() - started:.1f} s", flush=True)
        day = till.sale_day()
        if not day.open:
            till.open_day()
        seller = Seller(till, sellable_barcodes(till, 2000, args.seed), args.seed, args.pace)
        signer = till.journal.signer
        agent = Agent(till)
        agent.start()
        till.listeners.remove(agent)  # drip only in the blackhole windows
        seller.sell_while("warm-up", None, min(2.0, args.idle))
        log = root / "loads.log"
        wal = Path(str(till.db.catalog.url.database) + "-wal")
        # per kind of load, per load: when its log peaked, its size, when it ended
        ends: dict[str, list[tuple[float, int, float]]] = {}
        try:
            for r in range(1, args.rounds + 1):
                n = seller.sell_while("idle", None, args.idle)
                print(f"round {r}: idle {args.idle:.0f} s, {n} sales", flush=True)
                kinds = ["load", "load-in-steps"] if args.compare else ["load"]
                for i, kind in enumerate(kinds):
                    if i:
                        n = seller.sell_while("idle", None, args.idle)
                        print(f"round {r}: idle {args.idle:.0f} s, {n} sales", flush=True)
                    start = _start_load if kind == "load" else _start_load_in_steps
                    watch = WalWatch(wal)
                    loading = start(config, export, log)
                    going = _running(loading)
                    started = time.perf_counter()
                    n = seller.sell_while(kind, going, 0)
                    ends.setdefault(kind, []).append((*watch.stop(), time.monotonic()))
                    if loading.returncode != 0:
                        raise SystemExit(
                            f"the load failed; see its output:\n{log.read_text()[-3000:]}"
                        )
                    took = time.perf_counter() - started
                    print(f"round {r}: {kind} {took:.0f} s, {n} sales", flush=True)
                n = seller.sell_while("idle", None, args.idle)
                print(f"round {r}: idle {args.idle:.0f} s, {n} sales", flush=True)
                till.listeners.append(agent)
                n = seller.sell_while("blackhole", None, args.idle)
                till.listeners.remove(agent)
                print(f"round {r}: blackhole {args.idle:.0f} s, {n} sales", flush=True)
                if signer is not None:  # the same till, its journal signing nothing
                    till.journal.signer = None
                    n = seller.sell_while("unsigned", None, args.idle)
                    till.journal.signer = signer
                    print(f"round {r}: unsigned {args.idle:.0f} s, {n} sales", flush=True)
        finally:
            agent.stop(timeout=1)
            till.close()
    s = seller.samples
    return {"samples": s, "sales": seller.sales, "load_ends": ends}


def _load_phases(
    closes: list[tuple[float, float]], ends: list[tuple[float, int, float]]
) -> tuple[list[float], list[float]]:
    """The closes made during loads, split at the peak of the catalog's log: those while
    the shadow filled, and those of the end (commit, checkpoint, the loader's exit)."""
    fill, end = [], []
    for at, took in closes:
        for peak_at, _, ended in ends:
            if at <= ended + 0.5:
                (end if at - took >= peak_at else fill).append(took)
                break
    return fill, end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="catalog size")
    parser.add_argument("--rounds", type=int, default=3, help="idle/load/idle/blackhole rounds")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of each idle window")
    parser.add_argument("--pace", type=float, default=0.01, help="seconds between two sales")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--signing",
        choices=("on", "off"),
        default="on",
        help="the till signs each ticket at close (signing.enabled; on, the product's "
        "default, adds an unsigned window per round: close_p99_signing_ratio is signed "
        "over unsigned)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="each round also runs the same load with its shadows filled in steps "
        "(load_full(in_steps=True)), in a window of its own: both ways in one run",
    )
    parser.add_argument(
        "--quick", action="store_true", help="20,000 items, 2 rounds, 5 s windows (a smoke run)"
    )
    parser.add_argument("--work", type=Path, help="keep the files here (default: a temp dir)")
    args = parser.parse_args()
    if args.quick:
        args.items, args.rounds, args.idle = min(args.items, 20_000), 2, 5.0
    load = os.getloadavg()
    with contextlib.ExitStack() as stack:
        if args.work:
            args.work.mkdir(parents=True, exist_ok=False)
            root = args.work
        else:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tillsync-sale-")))
        out = run(args, root)
    s: Samples = out["samples"]  # type: ignore[assignment]
    ms = {
        f"{what}_{kind}": percentile(values, p) * 1e3
        for what, by_kind in (("scan", s.scan), ("close", s.close))
        for kind, values in by_kind.items()
        for p in (99,)
    }
    print(
        f"{'window':<18} {'sales':>6} {'scan p50':>9} {'scan p99':>9} {'close p50':>10} "
        f"{'close p99':>10} {'blocked p99':>12}"
    )
    for kind in ("idle", "load", "load-in-steps", "blackhole", "unsigned"):
        if kind not in s.close:
            continue
        closes = s.close.get(kind, [])
        scans = s.scan.get(kind, [])
        print(
            f"{kind:<18} {len(closes):>6} {percentile(scans, 50) * 1e3:>7.2f}ms "
            f"{percentile(scans, 99) * 1e3:>7.2f}ms {percentile(closes, 50) * 1e3:>8.2f}ms "
            f"{percentile(closes, 99) * 1e3:>8.2f}ms "
            f"{percentile(s.blocked.get(kind, []), 99) * 1e3:>10.2f}ms"
        )
    phases: dict[str, list[float]] = {}
    for kind, closes in s.load_closes.items():
        fill, end = _load_phases(closes, out["load_ends"][kind])  # type: ignore[index]
        phases[f"{kind} fill"], phases[f"{kind} end"] = fill, end
    for name, values in phases.items():
        print(
            f"{name:<18} {len(values):>6} {'':>9} {'':>9} {percentile(values, 50) * 1e3:>8.2f}ms "
            f"{percentile(values, 99) * 1e3:>8.2f}ms"
        )
    for err in s.errors:
        print(f"failed: {err}")
    idle_close = ms["close_idle"]
    result: dict[str, object] = {
        "items": args.items,
        "scan_p99_ms": round(ms["scan_idle"], 3),
        "close_p99_ms": round(idle_close, 3),
        "close_p99_load_ms": round(ms["close_load"], 3),
        "close_p99_blackhole_ms": round(ms["close_blackhole"], 3),
        "close_p99_load_ratio": round(ms["close_load"] / idle_close, 3),
        "close_p99_blackhole_ratio": round(ms["close_blackhole"] / idle_close, 3),
        **{
            f"close_blocked_p99_{kind.replace('-', '_')}_ms": round(percentile(values, 99) * 1e3, 3)
            for kind, values in s.blocked.items()
            if kind != "warm-up"
        },
        **{
            f"close_blocked_p99_{kind.replace('-', '_')}_ratio": round(
                percentile(s.blocked[kind], 99) / percentile(s.blocked["idle"], 99), 3
            )
            for kind in ("load", "load-in-steps")
            if kind in s.blocked and percentile(s.blocked["idle"], 99) > 0
        },
        "close_p99_load_fill_ms": round(percentile(phases.get("load fill", []), 99) * 1e3, 3),
        "close_p99_load_end_ms": round(percentile(phases.get("load end", []), 99) * 1e3, 3),
        "signing": args.signing,
        **(
            {"close_p99_signing_ratio": round(idle_close / ms["close_unsigned"], 3)}
            if "close_unsigned" in ms
            else {}
        ),
        "sales": out["sales"],
        **(
            {
                "close_p99_load_in_steps_ms": round(ms["close_load-in-steps"], 3),
                "close_p99_load_in_steps_ratio": round(ms["close_load-in-steps"] / idle_close, 3),
            }
            if "close_load-in-steps" in ms
            else {}
        ),
        "failed": s.failed,
        "loadavg_at_start": [round(x, 2) for x in load],
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    met = {k: float(result[k]) <= goal for k, goal in GOALS.items()}  # type: ignore[arg-type]
    met["failed"] = s.failed == 0
    for k, ok in met.items():
        goal = f"<= {GOALS[k]}" if k in GOALS else "== 0"
        print(f"goal {k} {goal}: {result[k]} {'met' if ok else 'NOT met'}")
    result["goal_met"] = all(met.values())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
