"""ERP feed benchmark: N stored tickets (each with a line, a payment and a VAT row) fed
into PostgreSQL staging tables by the sql sink, against, in the same run, a raw psycopg
COPY of the very same staged rows into a copy of the staging tables; and the amqp sink
into RabbitMQ with publisher confirms.

Ours: ``erp_gateway.feed.rounds.run_round`` from a gateway database (PostgreSQL) holding
the tickets: placing them in the order of arrival, reading them back batch by batch,
building their rows and loading each batch by COPY in one transaction with the cursor.
Baseline: the rows ours staged, read into memory first, then one COPY per table in one
transaction, by psycopg alone. The ratio is ours docs/s over the baseline's (goal >= 0.5).
AMQP: the first ``--amqp`` of the same documents through the amqp sink; docs/s.

    python bench/feed.py --tickets 1000000

The last line is one JSON object with ``docs_per_s``, ``copy_docs_per_s``, ``ratio`` and
``amqp_docs_per_s``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from erp_gateway import schema  # noqa: E402
from erp_gateway.config import config_from_mapping  # noqa: E402
from erp_gateway.db import GatewayDatabase, bulk_insert  # noqa: E402
from erp_gateway.feed import rounds, staging  # noqa: E402
from erp_gateway.feed.sql_sink import SqlSink  # noqa: E402
from fault_harness.scratch import scratch_database  # noqa: E402

CHUNK = 20_000


def _value(col: sa.Column[Any], i: int, when: dt.datetime) -> object:
    """A stored value for any column of the gateway's tables (schema changes welcome)."""
    if col.nullable and col.name not in ("kind", "cashier"):
        return None
    t = col.type
    impl = getattr(t, "impl_instance", t)
    if isinstance(impl, sa.DateTime):
        return when
    if isinstance(impl, sa.Boolean):
        return False
    if isinstance(impl, sa.Integer):
        return 100 + i % 900
    return {"kind": "sale", "status": "closed", "business_day": "2026-12-02", "method": "cash"}.get(
        col.name, f"{col.name[:3]}{i % 1000}"
    )


def fill(db: GatewayDatabase, tickets: int) -> None:
    """``tickets`` stored tickets with a line, a payment and a VAT row each."""
    when = dt.datetime(2026, 12, 2, 9, 0)
    with db.engine.begin() as conn:
        conn.execute(
            sa.insert(schema.stores).values(store_id="S1", first_seen=dt.datetime.now(dt.UTC))
        )
        conn.execute(
            sa.insert(schema.tills).values(
                till_id="T01",
                store_id="S1",
                first_seen=dt.datetime.now(dt.UTC),
                last_seen=dt.datetime.now(dt.UTC),
            )
        )
    for first in range(0, tickets, CHUNK):
        ids = range(first, min(first + CHUNK, tickets))
        with db.engine.begin() as conn:
            for table, fixed in (
                (schema.tickets, {"till_id": "T01", "store_id": "S1"}),
                (schema.ticket_lines, {"line_no": 1}),
                (schema.ticket_payments, {"seq": 1}),
                (schema.ticket_vat, {"seq": 1}),
            ):
                cols = [c.name for c in table.columns if not (c.nullable and c.name not in fixed)]
                rows = [
                    tuple(
                        f"t-{i}"
                        if c == "ticket_id"
                        else fixed[c]
                        if c in fixed
                        else i
                        if c == "number"
                        else _value(table.c[c], i, when)
                        for c in cols
                    )
                    for i in ids
                ]
                bulk_insert(conn, table, cols, rows)


def _staged(erp: str) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    engine = sa.create_engine(erp)
    out = {}
    with engine.connect() as conn:
        for table in staging.DOCUMENT_TABLES:
            rows = conn.exec_driver_sql(
                f"SELECT {', '.join(table.names)} FROM tillsync_{table.name}"
            ).all()
            out[table.name] = (table.names, [tuple(r) for r in rows])
    engine.dispose()
    return out


def raw_copy(erp: str, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> float:
    """Seconds psycopg alone takes to COPY ``rows`` into fresh tables of the same shape."""
    import psycopg

    url = sa.make_url(erp)
    with psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=url.database,
    ) as conn:
        for table in staging.DOCUMENT_TABLES:
            conn.execute(staging.create_table_sql("postgresql", "raw_", table))
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur:
            for name, (cols, data) in rows.items():
                with cur.copy(f"COPY raw_{name} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)
        conn.commit()
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument(
        "--amqp", type=int, default=20_000, help="documents through the amqp sink (0: none)"
    )
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory() as tmp,
        scratch_database(args.pg, "bench_feed_gw") as gw,
        scratch_database(args.pg, "bench_feed_erp") as erp,
    ):
        sinks = {"erp": {"kind": "sql", "url": erp, "batch_size": args.batch_size}}
        if args.amqp:
            tag = uuid.uuid4().hex[:8]
            sinks["bus"] = {
                "kind": "amqp",
                "url": "amqp://guest:guest@127.0.0.1:5672/",
                "exchange": f"bench.{tag}",
                "queue": f"bench.{tag}",
                "batch_size": 1000,
            }
        cfg = config_from_mapping(
            {"database": {"url": gw}, "erp_sink": sinks}, folder=Path(tmp), source="bench"
        )
        db = GatewayDatabase.from_config(cfg)
        db.migrate()
        started = time.perf_counter()
        fill(db, args.tickets)
        print(
            f"stored {args.tickets} tickets in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        sink = SqlSink.open("erp", cfg.erp_sinks["erp"])
        sink.init()
        sink.close()
        started = time.perf_counter()
        result = rounds.run_round(cfg, db, "erp")
        ours = time.perf_counter() - started
        assert result.delivered == args.tickets and not result.held, result
        baseline = raw_copy(erp, _staged(erp))
        amqp_rate = None
        if args.amqp:
            started = time.perf_counter()
            sent = rounds.run_round(cfg, db, "bus", max_documents=args.amqp).delivered
            amqp_rate = round(sent / (time.perf_counter() - started))
            _drop_queue(cfg.erp_sinks["bus"].queue)
        db.dispose()
    out = {
        "tickets": args.tickets,
        "docs_per_s": round(args.tickets / ours),
        "copy_docs_per_s": round(args.tickets / baseline),
        "ratio": round(baseline / ours, 3),
        "amqp_docs_per_s": amqp_rate,
        "seconds": round(ours, 2),
    }
    print(
        f"feed {out['docs_per_s']} docs/s, raw COPY {out['copy_docs_per_s']} docs/s, ratio {out['ratio']} (goal >= 0.5); amqp with confirms {amqp_rate} docs/s"
    )
    print(json.dumps(out))
    return 0


def _drop_queue(name: str) -> None:
    import pika

    conn = pika.BlockingConnection(pika.URLParameters("amqp://guest:guest@127.0.0.1:5672/"))
    ch = conn.channel()
    ch.queue_delete(name)
    ch.exchange_delete(name)
    conn.close()


if __name__ == "__main__":
    sys.exit(main())
