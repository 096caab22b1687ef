"""SIGKILL ``erp-gateway feed run`` again and again during a catch-up into PostgreSQL
staging tables, a files sink and RabbitMQ (behind a proxy that cuts connections), then
check that each document is in the ERP exactly once, in every sink.

    .venv/bin/python -m fault_harness.feed_kills --documents 100000 --kills 100

The last line printed is JSON: documents, kills, broker cuts, and per sink what arrived
(``missing`` and ``twice`` must be 0; the amqp sink may repeat only messages marked
``resent``, which the ERP drops by message id). ``tests/faults/test_feed_faults.py`` runs
a small seeded version.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from fault_harness.proxy import FaultProxy, FaultRates
from fault_harness.scratch import scratch_database

BROKER = ("127.0.0.1", 5672)
BATCH = 500


def _sale(i: int) -> dict[str, Any]:
    cents = 100 + i % 900
    money = f"{cents // 100}.{cents % 100:02d}"
    net = round(cents / 1.2)
    vat = f"{(cents - net) // 100}.{(cents - net) % 100:02d}"
    return {
        "id": f"t-{i}",
        "store_id": "S1",
        "till_id": "T01",
        "business_day": "2026-12-02",
        "number": i,
        "status": "closed",
        "opened_at": "2026-12-02T09:00:00Z",
        "closed_at": "2026-12-02T09:01:00Z",
        "customer_code": None,
        "card_number": None,
        "lines": [
            {
                "line_no": 1,
                "item_code": f"I{i % 97}",
                "barcode": None,
                "name": "Item",
                "quantity": "1.000",
                "unit_price": money,
                "vat_rate": "20",
                "alcohol": False,
                "discount": "0.00",
                "offer_code": None,
                "voided": False,
                "amount": money,
            }
        ],
        "payments": [{"method": "cash" if i % 2 else "card", "amount": money}],
        "totals": {
            "total": money,
            "discount": "0.00",
            "change": "0.00",
            "vat": [
                {"rate": "20", "gross": money, "net": f"{net // 100}.{net % 100:02d}", "vat": vat}
            ],
        },
    }


def _cash(n: int) -> dict[str, Any]:
    return {
        "id": f"cm-{n}",
        "store_id": "S1",
        "till_id": "T01",
        "business_day": "2026-12-02",
        "number": n,
        "kind": "cash_in",
        "amount": "10.00",
        "reason": "change",
        "counts": [],
        "cashier": "C1",
        "supervisor": None,
        "created_at": "2026-12-02T09:00:00Z",
    }


def fill(url: str, documents: int) -> list[str]:
    """Send ``documents`` documents to the gateway at ``url``: sales, and a cash movement
    every 100th; the ids, in the order sent."""
    from ticket_contract.client import ErpClient
    from ticket_contract.writer import content_hash, contract_ticket, document_xml

    ids: list[str] = []
    with ErpClient(url, timeout=120) as c:
        for first in range(1, documents + 1, BATCH):
            numbers = range(first, min(first + BATCH, documents + 1))
            sales = [_sale(i) for i in numbers if i % 100]
            cash = [_cash(i) for i in numbers if not i % 100]
            if sales:
                answers = c.send_tickets(
                    "T01", [contract_ticket(d, content_hash(d)) for d in sales], store_id="S1"
                )
                assert {a.status for a in answers} == {"accepted"}, answers[:2]
            if cash:
                answers = c.send_documents("T01", [document_xml(d) for d in cash], store_id="S1")
                assert {a.status for a in answers} == {"accepted"}, answers[:2]
            ids += [d["id"] for d in sales] + [d["id"] for d in cash]
    return ids


@dataclasses.dataclass
class Report:
    documents: int
    kills: int = 0
    broker_failures: int = 0  # rounds that ended on an error (the broker cut off)
    failed_runs: int = 0
    kills_by_sink: dict[str, int] = dataclasses.field(default_factory=dict)
    sinks: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)

    @property
    def exactly_once(self) -> bool:
        return all(s["missing"] == 0 and s["twice"] == 0 for s in self.sinks.values())


def _command(config: Path, *args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "erp-gateway"), "--config", str(config), *args]


def _kill_during_catch_up(config: Path, sink: str, rng: random.Random, report: Report) -> bool:
    """Start ``feed run --once --sink SINK``, wait for a seeded number of its batches
    (1 to 3: the event), SIGKILL it a moment later (within a batch's time, so the kill
    falls in the next batch's work and each kill leaves most of the catch-up to do);
    False when it finished first."""
    batches = rng.randint(1, 3)
    moment = rng.uniform(0, 0.02)
    with subprocess.Popen(
        _command(config, "-v", "feed", "run", "--once", "--sink", sink),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "batch delivered" in line:
                batches -= 1
                if batches:
                    continue
                time.sleep(moment)
                if proc.poll() is not None:  # it finished in the meantime
                    break
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                report.kills += 1
                report.kills_by_sink[sink] = report.kills_by_sink.get(sink, 0) + 1
                return True
        code = proc.wait()
    if code == 0:
        return False
    report.failed_runs += 1
    if report.failed_runs > 200:
        raise AssertionError(f"feed run keeps failing (exit {code})")
    _migrate_if_asked(config)
    return True


def _migrate_if_asked(config: Path) -> None:
    """A run in a working tree whose gateway schema moved on: migrate, as an operator would."""
    status = subprocess.run(_command(config, "feed", "status"), capture_output=True, text=True)
    if "erp-gateway init" in status.stderr:
        subprocess.run(_command(config, "init"), check=True, capture_output=True)


def _finish(config: Path, report: Report) -> None:
    for _ in range(50):
        done = subprocess.run(
            _command(config, "feed", "run", "--once"), capture_output=True, text=True
        )
        if done.returncode == 0:
            return
        report.broker_failures += 1
        _migrate_if_asked(config)
    raise AssertionError(f"feed run never finished: {done.stderr}")


def _check_sql(url: str, ids: list[str], total: int) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT document_id FROM tillsync_tickets UNION ALL SELECT document_id FROM tillsync_cash_movements"
            )
        ]
        seqs = conn.exec_driver_sql(
            "SELECT COUNT(DISTINCT feed_seq), MIN(feed_seq), MAX(feed_seq) FROM "
            "(SELECT feed_seq FROM tillsync_tickets UNION ALL SELECT feed_seq FROM tillsync_cash_movements) s"
        ).one()
        lines = conn.exec_driver_sql("SELECT COUNT(*) FROM tillsync_ticket_lines").scalar_one()
        cursor = conn.exec_driver_sql("SELECT position FROM tillsync_feed_cursor").scalar_one()
    engine.dispose()
    seen = Counter(rows)
    return {
        "arrived": len(rows),
        "missing": len(set(ids) - set(seen)),
        "twice": sum(1 for n in seen.values() if n > 1),
        "places_in_order": int(tuple(seqs) == (total, 1, total)),
        "lines": lines,
        "cursor": cursor,
    }


def _check_files(folder: Path, ids: list[str]) -> dict[str, int]:
    seen: Counter[str] = Counter()
    chained, last = 1, 0
    for path in sorted(folder.glob("*.feed-manifest.json")):
        m = json.loads(path.read_text(encoding="utf-8"))
        chained &= int(m["after"] == last)
        last = m["last"]
        for f in m["files"]:
            for line in (folder / f["name"]).read_text(encoding="utf-8").splitlines():
                seen[json.loads(line)["id"]] += 1
    return {
        "arrived": sum(seen.values()),
        "missing": len(set(ids) - set(seen)),
        "twice": sum(1 for n in seen.values() if n > 1),
        "batches_chained": chained,
        "cursor": last,
    }


def _check_amqp(queue: str, ids: list[str]) -> dict[str, int]:
    conn = _broker()
    channel = conn.channel()
    seen: Counter[str] = Counter()
    resent: set[str] = set()
    while True:
        method, props, _ = channel.basic_get(queue, auto_ack=True)
        if method is None:
            break
        seen[props.message_id] += 1
        if props.headers.get("resent"):
            resent.add(props.message_id)
    conn.close()
    twice = {i for i, n in seen.items() if n > 1}
    return {
        "arrived": sum(seen.values()),
        "missing": len(set(ids) - set(seen)),
        "twice": len(twice - resent),  # repeats the ERP could not tell from a resend
        "resent_repeats": sum(seen[i] - 1 for i in twice & resent),  # extra copies
    }


def _broker() -> Any:
    import pika

    return pika.BlockingConnection(pika.URLParameters("amqp://guest:guest@127.0.0.1:5672/"))


@contextlib.contextmanager
def _broker_queue() -> Iterator[str]:
    """A queue (and exchange) name for one run, deleted afterwards; each use of the broker
    opens its own connection (an idle blocking one misses its heartbeats)."""
    name = f"feedkills.{uuid.uuid4().hex[:10]}"
    try:
        yield name
    finally:
        conn = _broker()
        channel = conn.channel()
        channel.queue_delete(name)
        channel.exchange_delete(name)
        conn.close()


def run(
    workdir: Path, *, documents: int, kills: int, seed: int, pg_admin: str, batch_size: int = 200
) -> Report:
    from erp_gateway.config import load_gateway_config
    from erp_gateway.db import GatewayDatabase
    from erp_gateway.feed.sql_sink import SqlSink
    from erp_gateway.server import GatewayServer

    rng = random.Random(seed)
    report = Report(documents)
    rates = FaultRates(cut=0.2, reset=0.2, max_at_up=30_000, max_at_down=5_000)
    with (
        scratch_database(pg_admin, "tillsync_feed") as erp_url,
        _broker_queue() as queue,
        FaultProxy(BROKER, rates, seed=seed, name="amqp") as proxy,
    ):
        files = workdir / "feed-files"
        config = workdir / "gateway.toml"
        config.write_text(
            f'[erp_sink.erp]\nkind = "sql"\nurl = "{erp_url}"\nbatch_size = {batch_size}\n\n'
            f'[erp_sink.files]\nkind = "files"\ntarget = "{files}"\nbatch_size = {batch_size}\n\n'
            f'[erp_sink.bus]\nkind = "amqp"\nurl = "amqp://guest:guest@127.0.0.1:{proxy.port}/"\n'
            f'exchange = "{queue}"\nqueue = "{queue}"\nbatch_size = {batch_size}\n',
            encoding="utf-8",
        )
        cfg = load_gateway_config(config)
        db = GatewayDatabase.from_config(cfg)
        db.migrate()
        db.dispose()
        with GatewayServer(cfg).start(host="127.0.0.1", port=0) as server:
            ids = fill(server.url, documents)
        sql = SqlSink.open("erp", cfg.erp_sinks["erp"])
        sql.init()
        sql.close()
        behind = ["erp", "files", "bus"]
        while report.kills < kills and behind:
            sink = rng.choice(behind)
            if not _kill_during_catch_up(config, sink, rng, report):
                behind.remove(sink)
        proxy.faults(False)
        _finish(config, report)
        report.sinks = {
            "sql": _check_sql(erp_url, ids, len(ids)),
            "files": _check_files(files, ids),
            "amqp": _check_amqp(queue, ids),
        }
    return report


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="feed-kills-") as tmp:
        started = time.monotonic()
        report = run(
            Path(tmp),
            documents=args.documents,
            kills=args.kills,
            seed=args.seed,
            pg_admin=args.pg,
            batch_size=args.batch_size,
        )
    print(
        json.dumps(
            {
                **dataclasses.asdict(report),
                "exactly_once": report.exactly_once,
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )
    return 0 if report.exactly_once else 1


if __name__ == "__main__":
    sys.exit(main())
