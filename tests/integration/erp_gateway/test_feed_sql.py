"""The sql sink against real ERP databases: PostgreSQL through psycopg (COPY) and through
its ODBC driver, MariaDB through its ODBC driver. Every kind of document staged exactly
once, a refused one set aside without blocking the rest, rewind and retry."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from contract_documents import closure_of_sales, sale
from feed_documents import send_documents, send_other_kinds
from gateway_fixture import make_gateway_config

from erp_gateway.config import GatewayConfig
from erp_gateway.documents import answer_documents
from erp_gateway.feed import rounds
from erp_gateway.feed.sinks import CursorMoved
from erp_gateway.feed.sql_sink import SqlSink
from erp_gateway.ingest import receive_tickets
from erp_gateway.reconciliation import findings
from erp_gateway.server import GatewayServer
from ticket_contract.writer import content_hash, record

COUNTS = (
    "tickets",
    "ticket_lines",
    "ticket_payments",
    "ticket_vat",
    "cash_movements",
    "closures",
    "findings",
)


def _pg_odbc(url: str) -> str:
    u = sa.make_url(url)
    return (
        f"DRIVER={{PostgreSQL Unicode}};SERVER={u.host};PORT={u.port or 5432};"
        f"DATABASE={u.database};UID={u.username};PWD={u.password or ''}"
    )


@pytest.fixture
def mariadb() -> Iterator[str]:
    """A fresh MariaDB database for one test (ODBC connection string), dropped afterwards."""
    import pyodbc

    server = "DRIVER={MariaDB Unicode};SERVER=127.0.0.1;PORT=3306;UID=root;PWD="
    try:
        conn = pyodbc.connect(server, autocommit=True, timeout=5)
    except pyodbc.Error as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"MariaDB at 127.0.0.1:3306 not reachable ({exc}); run scripts/services.sh")
    name = f"feed_{uuid.uuid4().hex[:10]}"
    conn.cursor().execute(f"CREATE DATABASE {name}")
    yield f"{server};DATABASE={name}"
    conn.cursor().execute(f"DROP DATABASE {name}")
    conn.close()


@pytest.fixture(params=["psycopg", "odbc-postgresql", "odbc-mariadb", "sqlite"])
def erp_sink(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, object]:
    if request.param == "sqlite":  # the demo's embedded ERP
        return {"kind": "sql", "url": f"sqlite:///{tmp_path / 'erp.db'}", "batch_size": 7}
    if request.param == "psycopg":
        return {"kind": "sql", "url": request.getfixturevalue("pg_database"), "batch_size": 7}
    if request.param == "odbc-postgresql":
        return {
            "kind": "sql",
            "odbc": _pg_odbc(request.getfixturevalue("pg_database")),
            "batch_size": 7,
        }
    return {"kind": "sql", "odbc": request.getfixturevalue("mariadb"), "batch_size": 7}


@pytest.fixture
def feed(
    tmp_path: Path, erp_sink: dict[str, object]
) -> Iterator[tuple[GatewayServer, GatewayConfig]]:
    cfg = make_gateway_config(tmp_path / "gw", erp_sink={"erp": erp_sink})
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as server:
        yield server, cfg


def _erp(cfg: GatewayConfig) -> SqlSink:
    return SqlSink.open("erp", cfg.erp_sinks["erp"])


def _query(cfg: GatewayConfig, sql: str) -> list[tuple[Any, ...]]:
    sink = _erp(cfg)
    try:
        return [tuple(r) for r in sink._run(sql).fetchall()]
    finally:
        sink._rollback()
        sink.close()


def _execute(cfg: GatewayConfig, sql: str) -> None:
    sink = _erp(cfg)
    try:
        sink._begin()
        sink._run(sql)
        sink._commit()
    finally:
        sink.close()


def _counts(cfg: GatewayConfig) -> dict[str, int]:
    return {t: _query(cfg, f"SELECT COUNT(*) FROM tillsync_{t}")[0][0] for t in COUNTS}


def test_every_kind_is_staged_once_and_a_refused_one_waits_aside(
    feed: tuple[GatewayServer, GatewayConfig],
) -> None:
    server, cfg = feed
    sink = _erp(cfg)
    assert "tillsync_tickets" in sink.init()
    assert sink.init() == []  # a second init changes nothing
    sink.close()
    send_documents(server.url, 20)
    send_other_kinds(server.url)

    first = rounds.run_round(cfg, server.db, "erp")
    assert (first.delivered, first.position, first.held) == (26, 26, [])
    assert rounds.run_round(cfg, server.db, "erp").delivered == 0  # nothing twice
    assert _counts(cfg) == {
        "tickets": 21,
        "ticket_lines": 21,
        "ticket_payments": 21,
        "ticket_vat": 21,
        "cash_movements": 2,
        "closures": 1,
        "findings": 2,
    }
    seqs = [r[0] for r in _query(cfg, "SELECT feed_seq FROM tillsync_tickets ORDER BY feed_seq")]
    assert len(set(seqs)) == 21
    [z] = _query(cfg, "SELECT document_id, total, cash_counted, difference FROM tillsync_closures")
    assert (z[0], str(z[1]), str(z[2]), str(z[3])) == ("z-1", "8.00", "104.50", "-0.50")
    found = _query(
        cfg,
        "SELECT finding_id, finding, subject_id, state, till_id, missing_count, differences "
        "FROM tillsync_findings ORDER BY feed_seq",
    )
    assert [f[:3] for f in found] == [
        ("reconciliation:1", "reconciliation", "z-1"),
        ("ticket_mismatch:1", "mismatch", "t-1"),
    ]
    assert found[0][3:6] == ("open", "T01", 0) and "tickets" in found[0][6]
    assert found[1][3:] == (None, None, None, None)

    # The ERP refuses new tickets whose number is a multiple of 7: they wait aside, the
    # others go on.
    sqlite = cfg.erp_sinks["erp"].url.startswith("sqlite")
    _execute(
        cfg,
        "CREATE TRIGGER no_sevens BEFORE INSERT ON tillsync_tickets "
        "WHEN NEW.number > 20 AND NEW.number % 7 = 0 BEGIN SELECT RAISE(ABORT, 'no sevens'); END"
        if sqlite
        else "ALTER TABLE tillsync_tickets ADD CONSTRAINT no_sevens "
        "CHECK (number <= 20 OR MOD(number, 7) <> 0)",
    )
    send_documents(server.url, 30, seed=7, start=21)
    second = rounds.run_round(cfg, server.db, "erp")
    assert second.delivered == 30 and second.held
    refused = {h.document_id for h in rounds.held(cfg, server.db, "erp")}
    assert (
        refused == {h.document_id for h in second.held} == {"t-21", "t-28", "t-35", "t-42", "t-49"}
    )
    staged = {r[0] for r in _query(cfg, "SELECT document_id FROM tillsync_tickets")}
    assert len(staged) == 21 + 30 - len(refused) and not staged & refused
    lines = {r[0] for r in _query(cfg, "SELECT document_id FROM tillsync_ticket_lines")}
    assert lines == staged  # a refused ticket leaves none of its rows behind
    status = rounds.status(cfg, server.db, "erp")
    assert (status.position, status.behind, status.held) == (56, 0, len(refused))

    _execute(
        cfg,
        "DROP TRIGGER no_sevens"
        if sqlite
        else "ALTER TABLE tillsync_tickets DROP CONSTRAINT no_sevens",
    )
    taken, still = rounds.retry(cfg, server.db, "erp")
    assert (taken, still) == (len(refused), [])
    assert rounds.held(cfg, server.db, "erp") == []
    assert _counts(cfg)["tickets"] == 51 and _counts(cfg)["ticket_lines"] == 51
    assert rounds.retry(cfg, server.db, "erp") == (0, [])


def _sales(server: GatewayServer, *numbers: int) -> None:
    docs = [sale(id=f"t-{n}", number=n) for n in numbers]
    results = receive_tickets(server.db, "T01", [record(d, content_hash(d)) for d in docs])
    assert {r.outcome.value for r in results} == {"accepted"}


def test_a_reconciliation_finding_is_staged_once_open_then_once_resolved(
    feed: tuple[GatewayServer, GatewayConfig],
) -> None:
    server, cfg = feed
    sink = _erp(cfg)
    sink.init()
    sink.close()
    _sales(server, 1, 2)
    answer = answer_documents(server.db, "T01", [closure_of_sales(3)], store_id="S1")
    assert [r.outcome.value for r in answer.results] == ["accepted"]
    assert rounds.run_round(cfg, server.db, "erp").delivered == 4  # 2 sales, Z, finding
    sql = (
        "SELECT finding_id, finding, subject_kind, subject_id, state, store_id, till_id, "
        "missing, missing_count FROM tillsync_findings ORDER BY feed_seq"
    )
    opened = ("reconciliation:1", "reconciliation", "day", "z-1", "open", "S1", "T01", "3", 1)
    assert _query(cfg, sql) == [opened]
    [(day,)] = _query(cfg, "SELECT business_day FROM tillsync_findings")
    assert str(day) == "2026-12-02"
    assert rounds.run_round(cfg, server.db, "erp").delivered == 0  # checked again: no change

    _sales(server, 3)
    assert findings(server.db) == []  # checked again: it holds now
    assert rounds.run_round(cfg, server.db, "erp").delivered == 2  # the sale, "resolved"
    resolved = ("reconciliation:2", "reconciliation", "day", "z-1", "resolved", "S1", "T01", "", 0)
    assert _query(cfg, sql) == [opened, resolved]
    assert rounds.run_round(cfg, server.db, "erp").delivered == 0
    assert _counts(cfg)["tickets"] == 3


def test_rewind_delivers_again_in_order_once(feed: tuple[GatewayServer, GatewayConfig]) -> None:
    server, cfg = feed
    sink = _erp(cfg)
    sink.init()
    sink.close()
    send_documents(server.url, 12)
    assert rounds.run_round(cfg, server.db, "erp").position == 12
    assert rounds.rewind(cfg, server.db, "erp", 5) == 5
    assert rounds.status(cfg, server.db, "erp").behind == 7
    assert _counts(cfg)["tickets"] == 5 and _counts(cfg)["ticket_lines"] == 5
    again = rounds.run_round(cfg, server.db, "erp")
    assert (again.delivered, again.position) == (7, 12)
    seqs = [r[0] for r in _query(cfg, "SELECT feed_seq FROM tillsync_tickets ORDER BY feed_seq")]
    assert seqs == list(range(1, 13))


def test_a_second_feed_of_the_same_sink_keeps_nothing(
    feed: tuple[GatewayServer, GatewayConfig],
) -> None:
    server, cfg = feed
    one, two = _erp(cfg), _erp(cfg)
    try:
        one.init()
        send_documents(server.url, 4)
        assert one.position() == two.position() == 0
        from erp_gateway.feed.arrivals import sequence_arrivals
        from erp_gateway.feed.records import read_after

        server.db.write(sequence_arrivals)
        with server.db.read() as conn:
            docs = read_after(conn, 0, 10)
        one.deliver(docs, 4)
        with pytest.raises(CursorMoved):
            two.deliver(docs, 4)
    finally:
        one.close()
        two.close()
    assert _counts(cfg)["tickets"] == 4


def test_feed_run_needs_feed_init_first(tmp_path: Path, pg_database: str) -> None:
    from erp_gateway.feed.sinks import SinkNotReady

    cfg = make_gateway_config(
        tmp_path / "gw", erp_sink={"erp": {"kind": "sql", "url": pg_database}}
    )
    with (
        GatewayServer(cfg).start(host="127.0.0.1", port=0) as server,
        pytest.raises(SinkNotReady, match="feed init"),
    ):
        rounds.run_round(cfg, server.db, "erp")
