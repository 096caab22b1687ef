"""Upload benchmark: a backlog of N tickets drained from a till to the gateway over loopback.

Ours: the till's real drain (outbox -> SendTickets batches -> the gateway, in its own
process, parsing, validating and storing them on SQLite, or on PostgreSQL with --pg).
Baseline, in the same run: the very request bytes our drain sent, posted with the same
HTTP client to a server (also its own process) that only reads them and answers 200.
The ratio is our tickets/s over the baseline's. Beside the rates, the CPU time each side
spent per ticket (the gateway's process and its children; the till's process during the
drain): the steady figure on a machine shared with other work. The last line is one JSON
object.

    python bench/upload.py --tickets 100000
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import psutil  # noqa: E402
import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from catalog_fixture import BREAD, MILK_UPC, WINE, write_catalog  # noqa: E402
from fault_harness.backlog import make_backlog  # noqa: E402
from fault_harness.servers import free_port  # noqa: E402
from standalone_till.config import TillConfig, set_key, write_default_config  # noqa: E402
from standalone_till.service import Till  # noqa: E402
from standalone_till.sync.uplink import Uplink, client_for  # noqa: E402
from ticket_contract.client import ErpClient  # noqa: E402

SINK = """
import sys
from waitress import serve
def app(environ, start_response):
    stream, left = environ["wsgi.input"], int(environ.get("CONTENT_LENGTH") or 0)
    while left > 0:
        left -= len(stream.read(min(left, 1 << 16)) or b"x" * left)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return [b"ok"]
serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=4, _quiet=True)
"""


def _wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


class Recording:
    """The real client, keeping each SendTickets body it posts (for the baseline)."""

    def __init__(self, client: ErpClient, bodies: list[bytes]) -> None:
        self._client = client
        self.bodies = bodies

    def __getattr__(self, name: str) -> object:
        return getattr(self._client, name)

    def post_send_tickets(self, body: bytes) -> object:
        self.bodies.append(body)
        return self._client.post_send_tickets(body)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its living children, in seconds."""
    parent = psutil.Process(pid)
    total = 0.0
    for proc in [parent, *parent.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(n: int, batch: int, pg: str | None, work: Path) -> dict[str, float]:
    gw_config = work / "gateway.toml"
    port = free_port()
    database = f'[database]\nurl = "{pg}"\n' if pg else ""
    gw_config.write_text(f"[service]\nport = {port}\nthreads = 4\n{database}")
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "erp-gateway"), "init", "--config", str(gw_config)], check=True)
    gateway = subprocess.Popen([str(bin_dir / "erp-gateway"), "serve", "--config", str(gw_config)])
    sink_port = free_port()
    sink = subprocess.Popen([sys.executable, "-c", SINK, str(sink_port)])
    try:
        _wait_port(port)
        _wait_port(sink_port)
        config = work / "till" / "till.toml"
        write_default_config(config, "S1", "T1")
        set_key(config, "webservice.url", f"http://127.0.0.1:{port}/soap")
        set_key(config, "webservice.batch_size", str(batch))
        till = Till(
            __import__("standalone_till.config", fromlist=["load_config"]).load_config(config)
        )
        till.init()
        till.load_data(write_catalog(work / "exports"))
        started = time.perf_counter()
        make_backlog(till, n, (BREAD, WINE, MILK_UPC))
        print(f"backlog of {n} tickets written in {time.perf_counter() - started:.1f} s")

        recorder: list[bytes] = []

        def factory(cfg: TillConfig) -> ErpClient:
            return Recording(client_for(cfg), recorder)  # type: ignore[return-value]

        uplink = Uplink(till.cfg, till.db, client_factory=factory)
        uplink.client()  # the WSDL is read before the clock starts
        gateway_cpu, till_cpu = cpu_seconds(gateway.pid), own_cpu_seconds()
        started = time.perf_counter()
        report = uplink.send_tickets(force=True)
        ours = time.perf_counter() - started
        gateway_cpu = cpu_seconds(gateway.pid) - gateway_cpu
        till_cpu = own_cpu_seconds() - till_cpu
        uplink.close()
        assert report.remaining == 0 and report.accepted == n, report.as_dict()
        engine = sa.create_engine(pg or f"sqlite:///{work / 'gateway.db'}")
        with engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT count(*) FROM tickets").scalar_one()
        engine.dispose()
        assert stored == n, f"the gateway holds {stored} tickets, not {n}"
        till.close()

        session = requests.Session()
        headers = {"Content-Type": "text/xml; charset=utf-8"}
        sink_cpu = cpu_seconds(sink.pid)
        started = time.perf_counter()
        for body in recorder:
            session.post(
                f"http://127.0.0.1:{sink_port}/", data=body, headers=headers
            ).raise_for_status()
        base = time.perf_counter() - started
        sink_cpu = cpu_seconds(sink.pid) - sink_cpu
        session.close()
        return {
            "ours_s": ours,
            "baseline_s": base,
            "bytes": sum(map(len, recorder)),
            "requests": len(recorder),
            "gateway_cpu_s": gateway_cpu,
            "till_cpu_s": till_cpu,
            "sink_cpu_s": sink_cpu,
        }
    finally:
        for proc in (gateway, sink):
            proc.terminate()
            proc.wait(timeout=30)


@contextlib.contextmanager
def _fresh_pg(server: str | None) -> Iterator[str | None]:
    """A new, empty database on ``server`` for the run (None: SQLite), dropped afterwards."""
    if server is None:
        yield None
        return
    name = f"tillsync_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500, help="tickets per SendTickets request")
    parser.add_argument(
        "--pg",
        metavar="SERVER_URL",
        help="the gateway on PostgreSQL instead of SQLite: a fresh database is made on this "
        "server (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres) and dropped after",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tillsync-bench-") as tmp, _fresh_pg(args.pg) as pg:
        m = run(args.tickets, args.batch, pg, Path(tmp))
    ours_rate = args.tickets / m["ours_s"]
    base_rate = args.tickets / m["baseline_s"]
    per_ticket = {k: m[f"{k}_cpu_s"] / args.tickets * 1e6 for k in ("gateway", "till", "sink")}
    print(f"{m['requests']} requests, {m['bytes'] / 1e6:.1f} MB")
    print(f"ours      {m['ours_s']:8.2f} s  {ours_rate:10.0f} tickets/s")
    print(
        f"baseline  {m['baseline_s']:8.2f} s  {base_rate:10.0f} tickets/s (same bytes, a server that only reads)"
    )
    print(f"ratio     {ours_rate / base_rate:8.3f}")
    print(
        f"CPU per ticket: gateway {per_ticket['gateway']:.0f} us, till {per_ticket['till']:.0f} us"
        f" (the read-only server: {per_ticket['sink']:.1f} us)"
    )
    print(
        json.dumps(
            {
                "tickets": args.tickets,
                "tickets_per_s": round(ours_rate),
                "baseline_tickets_per_s": round(base_rate),
                "ratio": round(ours_rate / base_rate, 3),
                "gateway_cpu_us_per_ticket": round(per_ticket["gateway"], 1),
                "till_cpu_us_per_ticket": round(per_ticket["till"], 1),
                "goal_met": ours_rate >= 5000 and ours_rate / base_rate >= 0.5,
            }
        )
    )


if __name__ == "__main__":
    main()
