"""What the crash scenarios share: the kill tally, the scene, database checks, a till to kill."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from connectors.errors import TillsyncError
from erp_gateway.sample import write_sample_export
from fault_harness.crash_workers import WAIT, Zygote
from ftp_import.format import ENTITY_ORDER
from standalone_till import overlay, schema
from standalone_till.config import load_config, set_key, write_default_config
from standalone_till.loading import catalog_state
from standalone_till.service import Till
from standalone_till.store import catalog_path_for

log = logging.getLogger("tillsync.faults.crashes")

KINDS = ("ticket_close", "upload", "answer", "import")
QUICK_KILLS = 32
LONG_KILLS = 1000
BATCH = 10  # tickets per SendTickets request


# -- checks ----------------------------------------------------------------------------


def sqlite_problems(path: Path) -> list[str]:
    """What ``integrity_check`` and ``foreign_key_check`` find wrong in one SQLite file."""
    if not path.exists():
        return [f"{path.name}: missing"]
    conn = sqlite3.connect(path, timeout=WAIT)
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [f"{path.name}: {r}" for r in found if r != "ok"]
        problems += [
            f"{path.name}: foreign key {r}" for r in conn.execute("PRAGMA foreign_key_check")
        ]
    finally:
        conn.close()
    return problems


_TORN = """
SELECT t.id FROM tickets t
LEFT JOIN (SELECT ticket_id, COUNT(*) AS n FROM ticket_lines GROUP BY ticket_id) l
  ON l.ticket_id = t.id
LEFT JOIN (SELECT ticket_id, SUM(amount) AS s FROM ticket_payments GROUP BY ticket_id) p
  ON p.ticket_id = t.id
LEFT JOIN (SELECT ticket_id, COUNT(*) AS n FROM ticket_vat GROUP BY ticket_id) v
  ON v.ticket_id = t.id
LEFT JOIN outbox o ON o.ticket_id = t.id
WHERE COALESCE(l.n, 0) != t.line_count OR COALESCE(p.s, 0) != t.paid OR v.n IS NULL
   OR (o.ticket_id IS NULL) = (t.synced_at IS NULL)
"""


# A cash movement or closure without its outbox entry while unsent, or with one once sent.
_TORN_DOCUMENTS = """
SELECT d.id FROM till_documents d LEFT JOIN documents_outbox o ON o.document_id = d.id
WHERE (o.document_id IS NULL) = (d.synced_at IS NULL)
"""
# Per line of an original: what its returns gave back (positive) and what it sold.
_RETURNED = """
SELECT r.original_id, l.line_no, -SUM(l.quantity), MIN(s.quantity)
FROM tickets r JOIN ticket_lines l ON l.ticket_id = r.id
JOIN ticket_lines s ON s.ticket_id = r.original_id AND s.line_no = l.line_no
WHERE r.kind = 'return' AND r.status = 'closed'
GROUP BY r.original_id, l.line_no
"""


@dataclass
class Journal:
    """What the till's journal holds, read with plain SQL."""

    ids: set[str]
    torn: set[str]
    gaps: int
    quarantined: int
    pending: int
    duplicate_answers: int
    documents: set[str] = field(default_factory=set)  # cash movements and closures
    documents_torn: set[str] = field(default_factory=set)
    document_gaps: int = 0  # days whose movements are not numbered 1..n
    returns: int = 0
    returns_over: int = 0  # original lines given back more than sold


def read_journal(engine: sa.Engine) -> Journal:
    with engine.connect() as conn:
        ids = set(conn.exec_driver_sql("SELECT id FROM tickets").scalars())
        torn = set(conn.exec_driver_sql(_TORN).scalars())
        days = conn.exec_driver_sql(
            "SELECT COUNT(*), MIN(number), MAX(number) FROM tickets GROUP BY till_id, business_day"
        ).all()
        states = dict(
            conn.exec_driver_sql("SELECT state, COUNT(*) FROM outbox GROUP BY state").all()
        )
        duplicates = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM tickets WHERE sync_result = 'duplicate'"
        ).scalar_one()
        documents = set(conn.exec_driver_sql("SELECT id FROM till_documents").scalars())
        documents_torn = set(conn.exec_driver_sql(_TORN_DOCUMENTS).scalars())
        movement_days = conn.exec_driver_sql(
            "SELECT COUNT(*), MIN(number), MAX(number) FROM till_documents"
            " WHERE doc_type = 'cash_movement' GROUP BY till_id, business_day"
        ).all()
        returned = conn.exec_driver_sql(_RETURNED).all()
        returns = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM tickets WHERE kind = 'return'"
        ).scalar_one()
    gaps = sum(1 for n, low, high in days if low != 1 or high != n)
    return Journal(
        ids,
        torn,
        gaps,
        states.get("quarantined", 0),
        states.get("pending", 0),
        duplicates,
        documents=documents,
        documents_torn=documents_torn,
        document_gaps=sum(1 for n, low, high in movement_days if low != 1 or high != n),
        returns=returns,
        returns_over=sum(1 for *_, back, sold in returned if back > sold),
    )


def catalog_digest(engine: sa.Engine, *, shadows: bool = True) -> tuple[int, str]:
    """(sequence the catalog says it is at, SHA-256 of everything the till sells from);
    ``shadows``: count the tables of a full load that were never switched in (a load
    killed half way on a SQLite catalog leaves them for the next full load to drop)."""

    digest = hashlib.sha256()
    with engine.connect() as conn:
        for entity in ENTITY_ORDER:
            view = overlay.LIVE[entity]
            keys = [view.c[c.name] for c in schema.catalog_md.tables[entity].primary_key]
            digest.update(entity.encode())
            for row in conn.execute(sa.select(view).order_by(*keys)):
                digest.update(repr(tuple(row)).encode())
        sequence = catalog_state(conn).sequence
        left = [
            n for n in sa.inspect(conn).get_table_names() if "__g" in n
        ]  # a full load's tables that were never switched in
    if shadows and left:
        digest.update(repr(sorted(left)).encode())
    return sequence, digest.hexdigest()


# -- the run ---------------------------------------------------------------------------


@dataclass
class Tally:
    """Everything counted over a run, turned into figures at the end."""

    planned: dict[str, int]
    kills: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    misses: int = 0  # kills that came after the work they aimed at was over
    worker_failures: int = 0
    checks: int = 0
    integrity: list[str] = field(default_factory=list)
    tickets_reported: int = 0
    tickets_lost: int = 0
    returns_stored: int = 0  # by the ticket-close workers, between their sales
    returns_over: int = 0
    movements_reported: int = 0
    movements_lost: int = 0  # reported stored, not in the journal with its outbox entry
    documents_torn: set[str] = field(default_factory=set)
    document_gaps: int = 0
    documents_uploaded: int = 0  # cash movements the agents sent (final drain)
    documents_duplicated: int = 0  # at the gateway: twice, or another version kept
    documents_lost_upload: int = 0
    torn: set[str] = field(default_factory=set)
    gaps: int = 0
    chain_breaks: list[str] = field(default_factory=list)  # `till verify` after a kill
    chain_forks: int = 0  # entries of a chain claiming one predecessor
    duplicated: int = 0
    lost_upload: int = 0
    quarantined: int = 0
    duplicate_answers: int = 0
    half_applied: int = 0
    reruns_failed: int = 0
    exec_agents: int = 0
    on_postgresql: dict[str, int] = field(default_factory=dict)  # kind: kills; absent: no server
    seconds: dict[str, float] = field(default_factory=dict)
    cycles: int = 0  # kill cycles: start a worker, kill it, check
    cycle_seconds: float = 0.0

    def cycle_done(self, began: float) -> None:
        self.cycles += 1
        self.cycle_seconds += time.monotonic() - began


class _Scene:
    """Shared by the scenarios of one run: the zygote, the log of kills, the tally."""

    def __init__(self, workdir: Path, tally: Tally) -> None:
        self.workdir = workdir
        self.tally = tally
        self.zygote = Zygote(workdir / "logs")
        self._kills = (workdir / "kills.log").open("a")

    def note(self, kind: str, **what: object) -> None:
        self._kills.write(json.dumps({"kind": kind, **what}, default=str) + "\n")
        self._kills.flush()

    def check(self, *files: Path) -> None:
        self.tally.checks += 1
        for path in files:
            self.tally.integrity += sqlite_problems(path)

    def close(self) -> None:
        self.zygote.close()
        self._kills.close()


# -- ticket close ----------------------------------------------------------------------


def _till_config(folder: Path, **keys: object) -> Path:

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "till.toml"
    write_default_config(path, "S001", "T01")
    for key, value in keys.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        set_key(path, key.replace("__", "."), text)
    return path


def _sample(folder: Path, items: int, changes: int, seed: int) -> Path:

    if not folder.exists():
        folder.mkdir(parents=True)
        write_sample_export(folder, items=items, changes=changes, seed=seed)
    return folder


@contextlib.contextmanager
def _open_till(config: Path) -> Iterator[Till]:

    till = Till(load_config(config))
    try:
        yield till
    finally:
        till.close()


def _sellable(till: Till, count: int) -> list[str]:
    """Barcodes of ``count`` items that scan and need no weight."""

    sale = till.new_sale()
    with till.db.read(till.db.catalog) as conn:
        barcodes = conn.exec_driver_sql(
            "SELECT barcode FROM barcodes_live ORDER BY barcode"
        ).scalars()
        found: list[str] = []
        for code in barcodes:
            with contextlib.suppress(TillsyncError):
                sale.scan(code)
                found.append(code)
            if len(found) == count:
                return found
    raise RuntimeError("the sample catalog has too few sellable items")


def _ready_till(folder: Path, exports: Path, **keys: object) -> tuple[Path, list[str]]:
    config = _till_config(folder, **keys)
    with _open_till(config) as till:
        till.init()
        till.load_data(exports)
        codes = _sellable(till, 3)
    return config, codes


def _files(config: Path) -> list[Path]:

    journal = config.parent / "till.db"
    return [journal, catalog_path_for(journal)]


@dataclass
class _Journal:
    """One till's journal the ticket-close kills aim at."""

    label: str
    config: Path
    engine: sa.Engine  # read with plain SQL
    files: list[Path]  # its SQLite files (none on a server)
    reported: list[str] = field(default_factory=list)
    movements: list[str] = field(default_factory=list)  # cash movements reported stored
    job: str = "close_tickets"  # or close_days: day after day with its closure


_ORPHANS = """
SELECT (SELECT COUNT(*) FROM ticket_lines x WHERE NOT EXISTS
          (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id))
     + (SELECT COUNT(*) FROM ticket_payments x WHERE NOT EXISTS
          (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id))
     + (SELECT COUNT(*) FROM ticket_vat x WHERE NOT EXISTS
          (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id))
     + (SELECT COUNT(*) FROM outbox x WHERE NOT EXISTS
          (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id))
     + (SELECT COUNT(*) FROM documents_outbox x WHERE NOT EXISTS
          (SELECT 1 FROM till_documents d WHERE d.id = x.document_id))
"""


def server_problems(engine: sa.Engine) -> list[str]:
    """A server database's check: rows whose ticket is missing (orphans)."""
    with engine.connect() as conn:
        orphans = conn.exec_driver_sql(_ORPHANS).scalar_one()
    return [f"{engine.url.database}: {orphans} orphan rows"] if orphans else []


def postgresql_admin() -> str | None:
    """The PostgreSQL admin URL of the tests, when the server answers."""
    url = os.environ.get(
        "TILLSYNC_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.SQLAlchemyError as exc:
        log.warning("PostgreSQL at %s does not answer: ticket close on SQLite only (%s)", url, exc)
        return None
    finally:
        engine.dispose()
    return url


def _on_server(planned: int) -> int:
    """A quarter of the kills on PostgreSQL, at least one when there are two or more."""
    return max(1, planned // 4) if planned >= 2 else 0
