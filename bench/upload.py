"""Upload benchmark: a backlog of N tickets drained from a till to the gateway over loopback.

Ours: the till's real drain (outbox -> SendTickets batches -> the gateway, in its own
process, parsing, validating and storing them on SQLite, or on PostgreSQL with --pg).
Baseline, in the same run: the very request bytes our drain sent, posted with the same
HTTP client to a server (also its own process) that only reads them and answers 200.
The ratio is our tickets/s over the baseline's.
Floor, in the same run: the least any gateway that checks and stores must do. The very
request bytes our drain sent, parsed by the same safe lxml parser, validated against the
same XSD, their rows taken out by the plainest walk (a dict of texts per ticket, lines,
payments and VAT lines; amounts to integer units, times to naive UTC) and inserted by
``executemany`` into the same tables (a fresh database of the same engine, migrated as
the gateway's), one transaction per request, committed as durably as the gateway's
(SQLite: WAL, synchronous=FULL; PostgreSQL: the server's own commit), all in this one
process, no HTTP. ``floor_ratio`` is our tickets/s over the floor's.
Beside the rates, the CPU time each side spent per ticket (the gateway's process and its
children; the till's process during the drain; this process during the floor): the
steady figure on a machine shared with other work. The last line is one JSON object.

    python bench/upload.py --tickets 100000
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import psutil  # noqa: E402
import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from lxml import etree  # noqa: E402

from catalog_fixture import BREAD, MILK_UPC, WINE, write_catalog  # noqa: E402
from connectors.soap.server import Contract, _safe_parser  # noqa: E402
from erp_gateway import schema as gw  # noqa: E402
from erp_gateway.db import GatewayDatabase  # noqa: E402
from fault_harness.backlog import make_backlog  # noqa: E402
from fault_harness.scratch import scratch_database  # noqa: E402
from fault_harness.servers import free_port  # noqa: E402
from standalone_till.config import TillConfig, set_key, write_default_config  # noqa: E402
from standalone_till.service import Till  # noqa: E402
from standalone_till.sync.uplink import Uplink, client_for  # noqa: E402
from ticket_contract import NAMESPACE, WSDL_PATH  # noqa: E402
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


def run(n: int, batch: int, pg: str | None, work: Path) -> tuple[dict[str, float], list[bytes]]:
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
        }, recorder
    finally:
        for proc in (gateway, sink):
            proc.terminate()
            proc.wait(timeout=30)


# -- the validating floor ---------------------------------------------------------------

_NS = f"{{{NAMESPACE}}}"
_CUT = len(_NS)
_SOAP_BODY = "{http://schemas.xmlsoap.org/soap/envelope/}Body"


def _units(text: str | None, places: int) -> int | None:
    """A decimal text as an integer of its unit (10**-places), exactly."""
    if text is None:
        return None
    whole, _, frac = text.partition(".")
    try:
        if len(frac) <= places:
            return int(whole + frac + "0" * (places - len(frac)))
    except ValueError:
        pass
    return int(Decimal(text).scaleb(places))  # spaces, exponents... the rare cases


def _time(text: str, sqlite: bool) -> object:
    """An xsd:dateTime as the gateway stores it: naive UTC (text on SQLite)."""
    if sqlite and len(text) == 20 and text[-1] == "Z":  # what tills send: whole seconds, UTC
        return f"{text[:10]} {text[11:19]}.000000"
    at = dt.datetime.fromisoformat(text).astimezone(dt.UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else at


def _walk(
    request: etree._Element, sqlite: bool, received: object
) -> tuple[
    list[dict[str, object]],
    list[tuple[object, ...]],
    list[tuple[object, ...]],
    list[tuple[object, ...]],
]:
    """The plainest walk: each ticket's leaves by name, its records as lists of dicts."""
    tickets, lines, payments, vat = [], [], [], []
    for ticket in request.iter(_NS + "ticket"):
        top: dict[str, str | None] = {}
        groups: dict[str, list[dict[str, str | None]]] = {}
        for child in ticket:
            name = child.tag[_CUT:]
            if len(child):
                groups[name] = [{leaf.tag[_CUT:]: leaf.text for leaf in rec} for rec in child]
            else:
                top[name] = child.text
        tid = top["id"]
        pays = groups.get("payments", [])
        tickets.append(
            {
                "ticket_id": tid,
                "store_id": top["storeId"],
                "till_id": top["tillId"],
                "business_day": top["businessDay"],
                "number": int(top["number"] or 0),
                "status": top["status"],
                "opened_at": _time(top["openedAt"] or "", sqlite),
                "closed_at": _time(top["closedAt"] or "", sqlite),
                "customer_code": top.get("customerCode"),
                "card_number": top.get("cardNumber"),
                "total": _units(top["total"], 2),
                "discount": _units(top["discount"], 2),
                "paid": sum(_units(p["amount"], 2) or 0 for p in pays),
                "change": _units(top["change"], 2),
                "content_hash": top["contentHash"],
                "till_hash": top["contentHash"],
                "document": etree.tostring(ticket, encoding="unicode"),
                "received_at": received,
                "kind": top.get("kind") or "sale",
                "original_id": top.get("originalId"),
                "cashier": top.get("cashier"),
                "supervisor": top.get("supervisor"),
                "approval": top.get("approval"),
            }
        )
        for ln in groups.get("lines", []):
            lines.append(
                (
                    tid,
                    int(ln["lineNo"] or 0),
                    ln["itemCode"],
                    ln.get("barcode"),
                    ln["name"],
                    _units(ln["quantity"], 3),
                    _units(ln["unitPrice"], 4),
                    _units(ln["vatRate"], 2),
                    ln["alcohol"] == "true",
                    _units(ln["discount"], 2),
                    ln.get("offerCode"),
                    ln["voided"] == "true",
                    _units(ln["amount"], 2),
                )
            )
        for i, p in enumerate(pays, 1):
            payments.append((tid, i, p["method"], _units(p["amount"], 2)))
        for i, v in enumerate(groups.get("vat", []), 1):
            vat.append((tid, i, *(_units(v[k], 2) for k in ("rate", "gross", "net", "vat"))))
    return tickets, lines, payments, vat


def _insert_sql(conn: sa.Connection, table: sa.Table, columns: list[str]) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    quote = conn.dialect.identifier_preparer
    names = ", ".join(quote.quote(c) for c in columns)
    return f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({', '.join([mark] * len(columns))})"


def floor(bodies: list[bytes], n: int, url: str, contract: Contract) -> dict[str, float]:
    """The validating floor over ``bodies`` into a fresh gateway database at ``url``,
    validating against ``contract`` (read when the gateway read it, at the start)."""
    db = GatewayDatabase(url)
    db.migrate()
    sqlite = db.engine.dialect.name == "sqlite"
    at = dt.datetime.now(dt.UTC)
    now = at.replace(tzinfo=None)
    with db.engine.begin() as conn:  # the till and its store, as the drain left them
        conn.execute(gw.stores.insert().values(store_id="S1", first_seen=at))
        conn.execute(
            gw.tills.insert().values(till_id="T1", store_id="S1", first_seen=at, last_seen=at)
        )
    parser = _safe_parser()
    schema = etree.XMLSchema(contract.schema_doc)
    columns = [c.name for c in gw.tickets.c if c.name not in ("return_check", "return_problem")]
    received = now.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else now
    with db.engine.connect() as conn:
        conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        sql = {
            "tickets": _insert_sql(conn, gw.tickets, columns),
            "lines": _insert_sql(conn, gw.ticket_lines, [c.name for c in gw.ticket_lines.c]),
            "payments": _insert_sql(
                conn, gw.ticket_payments, [c.name for c in gw.ticket_payments.c]
            ),
            "vat": _insert_sql(conn, gw.ticket_vat, [c.name for c in gw.ticket_vat.c]),
        }
        cpu = own_cpu_seconds()
        started = time.perf_counter()
        for body in bodies:
            root = etree.fromstring(body, parser)
            request = next(el for el in root.find(_SOAP_BODY) if isinstance(el.tag, str))
            if not schema.validate(request):
                raise SystemExit(
                    f"floor: a request the gateway took fails the schema: {schema.error_log}"
                )
            tickets, lines, payments, vat = _walk(request, sqlite, received)
            with conn.begin():
                conn.exec_driver_sql(
                    sql["tickets"], [tuple(t.get(c) for c in columns) for t in tickets]
                )
                conn.exec_driver_sql(sql["lines"], lines)
                conn.exec_driver_sql(sql["payments"], payments)
                conn.exec_driver_sql(sql["vat"], vat)
        seconds = time.perf_counter() - started
        cpu = own_cpu_seconds() - cpu
        stored = conn.exec_driver_sql("SELECT count(*) FROM tickets").scalar_one()
        conn.rollback()
    db.dispose()
    assert stored == n, f"the floor stored {stored} tickets, not {n}"
    return {"floor_s": seconds, "floor_cpu_s": cpu}


@contextlib.contextmanager
def _fresh_pg(server: str | None) -> Iterator[str | None]:
    """A new, empty database on ``server`` for the run (None: SQLite), dropped afterwards."""
    if server is None:
        yield None
        return
    with scratch_database(server, "tillsync_bench") as url:
        yield url


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
    contract = Contract.load(WSDL_PATH)
    with tempfile.TemporaryDirectory(prefix="tillsync-bench-") as tmp:
        with _fresh_pg(args.pg) as pg:
            m, bodies = run(args.tickets, args.batch, pg, Path(tmp))
        with _fresh_pg(args.pg) as pg:
            m |= floor(bodies, args.tickets, pg or f"sqlite:///{Path(tmp) / 'floor.db'}", contract)
    ours_rate = args.tickets / m["ours_s"]
    base_rate = args.tickets / m["baseline_s"]
    floor_rate = args.tickets / m["floor_s"]
    sides = ("gateway", "till", "sink", "floor")
    per_ticket = {k: m[f"{k}_cpu_s"] / args.tickets * 1e6 for k in sides}
    print(f"{m['requests']} requests, {m['bytes'] / 1e6:.1f} MB")
    print(f"ours      {m['ours_s']:8.2f} s  {ours_rate:10.0f} tickets/s")
    print(
        f"baseline  {m['baseline_s']:8.2f} s  {base_rate:10.0f} tickets/s"
        " (same bytes, a server that only reads)"
    )
    print(
        f"floor     {m['floor_s']:8.2f} s  {floor_rate:10.0f} tickets/s"
        " (same bytes parsed, validated, walked, executemany, one process)"
    )
    print(f"ratio     {ours_rate / base_rate:8.3f}")
    print(f"floor_ratio {ours_rate / floor_rate:6.3f}")
    print(
        f"CPU per ticket: gateway {per_ticket['gateway']:.0f} us, till {per_ticket['till']:.0f} us"
        f", floor {per_ticket['floor']:.0f} us (the read-only server: {per_ticket['sink']:.1f} us)"
    )
    goals = {
        "tickets_per_s >= 10000": ours_rate >= 10_000,
        "floor_ratio >= 0.5": ours_rate / floor_rate >= 0.5,
    }
    for goal, met in goals.items():
        print(f"goal {goal}: {'met' if met else 'NOT met'}")
    load = os.getloadavg()
    print(
        json.dumps(
            {
                "tickets": args.tickets,
                "engine": "postgresql" if args.pg else "sqlite",
                "tickets_per_s": round(ours_rate),
                "baseline_tickets_per_s": round(base_rate),
                "ratio": round(ours_rate / base_rate, 3),
                "floor_tickets_per_s": round(floor_rate),
                "floor_ratio": round(ours_rate / floor_rate, 3),
                "gateway_cpu_us_per_ticket": round(per_ticket["gateway"], 1),
                "till_cpu_us_per_ticket": round(per_ticket["till"], 1),
                "floor_cpu_us_per_ticket": round(per_ticket["floor"], 1),
                "loadavg": [round(x, 2) for x in load],
                "goal_met": all(goals.values()),
            }
        )
    )


if __name__ == "__main__":
    main()
