"""The central database: engine, migrations and transactions.

A SQLite file (WAL, write lock taken up front) or PostgreSQL. ``write`` retries a whole
transaction when a unique key decided a race against another writer, so callers read
again and classify what they find instead of failing. Several nodes may share one
PostgreSQL database: ``migrate`` holds an advisory lock so that only one migrates, and a
node serves only the schema it knows (``require_schema``, ``health``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

from connectors.errors import DatabaseUnavailable
from connectors.sql import database_errors, make_engine, safe_url
from erp_gateway import migrations
from erp_gateway.config import GatewayConfig

log = logging.getLogger("tillsync.gateway")

T = TypeVar("T")
WRITE_ATTEMPTS = 5
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}
# PostgreSQL: deadlock detected, serialization failure; the transaction may simply rerun.
_TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})


def advisory_key(name: str) -> int:
    """The PostgreSQL advisory lock key (signed 64 bits) of a named lock of tillsync."""
    digest = hashlib.sha256(f"tillsync.gateway:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


MIGRATION_LOCK = advisory_key("migrate")


def _is_transient(exc: BaseException | None) -> bool:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) in _TRANSIENT_SQLSTATES


class GatewayDatabase:
    """The gateway's tables behind one engine."""

    def __init__(self, url: URL | str) -> None:
        parsed = sa.make_url(url) if isinstance(url, str) else url
        self._file = (
            Path(parsed.database)
            if parsed.get_backend_name() == "sqlite"
            and parsed.database not in (None, "", ":memory:")
            else None
        )
        # A bigger page cache keeps the tickets' indexes in memory as they grow: inserting
        # into a 100,000-ticket table costs about a sixth less (bench/upload.py).
        self.engine: Engine = make_engine(parsed, sqlite_cache_kib=32 * 1024)

    @classmethod
    def from_config(cls, cfg: GatewayConfig) -> GatewayDatabase:
        return cls(cfg.database_url)

    @property
    def label(self) -> str:
        return safe_url(self.engine.url)

    def migrate(self, on_wait: Callable[[], None] | None = None) -> None:
        """Create or upgrade the schema to the newest revision (the SQLite file and its
        folder too). On PostgreSQL one node migrates at a time: the others wait for its
        advisory lock (``on_wait`` is called once if they must), then find the schema
        current. A schema newer than this code knows is refused, never touched."""
        if self._file is not None:
            self._file.parent.mkdir(parents=True, exist_ok=True)
        with self._write_conn() as conn:
            if conn.dialect.name == "postgresql":
                _xact_lock(conn, MIGRATION_LOCK, on_wait)
            state = migrations.schema_state(conn)
            if state.newer:
                raise DatabaseUnavailable(
                    f"the gateway database {self.label} {state.problem}", target=self.label
                )
            migrations.upgrade(conn)

    def schema_state(self) -> migrations.SchemaState:
        """The database's schema against this code's (no schema for a missing SQLite file)."""
        if self._file is not None and not self._file.exists():
            return migrations.SchemaState(frozenset(), migrations.known_heads())
        with self.read() as conn:
            return migrations.schema_state(conn)

    def is_migrated(self) -> bool:
        """Whether the schema is there; a SQLite file that does not exist is not created."""
        return bool(self.schema_state().database)

    def require_schema(self) -> None:
        """Refuse (as ``Unavailable``) a database ``erp-gateway init`` has not set up, or
        whose schema is older or newer than this gateway's."""
        problem = self.schema_state().problem
        if problem is not None:
            raise DatabaseUnavailable(
                f"the gateway database {self.label} {problem}", target=self.label
            )

    def health(self) -> str | None:
        """Why this node must not take requests now (the database unreachable, its schema
        not this code's); None when it may."""
        try:
            self.require_schema()
        except DatabaseUnavailable as exc:
            return str(exc)
        return None

    @contextlib.contextmanager
    def read(self) -> Iterator[sa.Connection]:
        with database_errors(self.engine), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def _write_conn(self) -> Iterator[sa.Connection]:
        with database_errors(self.engine), self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    def write(self, work: Callable[[sa.Connection], T]) -> T:
        """Run ``work`` in one write transaction; rerun it whole if a unique key refused
        a row another writer committed first (the rerun sees that row)."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self._write_conn() as conn:
                    return work(conn)
            except sa.exc.IntegrityError:
                if attempt == WRITE_ATTEMPTS:
                    raise
                log.info("write lost a race (attempt %d), reading again", attempt)
            except DatabaseUnavailable as exc:
                if attempt == WRITE_ATTEMPTS or not _is_transient(exc.__cause__):
                    raise
                log.info("write hit a deadlock (attempt %d), running it again", attempt)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()


def _xact_lock(conn: sa.Connection, key: int, on_wait: Callable[[], None] | None) -> None:
    """Take a PostgreSQL advisory lock until the transaction ends; wait if it is held."""
    taken = conn.execute(sa.text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": key}).scalar()
    if not taken:
        if on_wait is not None:
            on_wait()
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def _sqlite_times(
    table: sa.Table, columns: Sequence[str], rows: Sequence[tuple[object, ...]]
) -> Sequence[tuple[object, ...]]:
    """Times written as SQLAlchemy writes them on SQLite (always with microseconds).

    The sqlite3 module's own adapter (deprecated since Python 3.12) drops ``.000000``, and
    SQLite compares times as text: 09:00:00 would sort before 09:00:00.000000.
    """
    at = [i for i, c in enumerate(columns) if _is_time(table.c[c].type)]
    if not at:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for i in at:
            v = values[i]
            if isinstance(v, dt.datetime):
                values[i] = v.strftime("%Y-%m-%d %H:%M:%S.%f")
        out.append(tuple(values))
    return out


def _is_time(t: object) -> bool:
    return isinstance(t, sa.DateTime) or isinstance(getattr(t, "impl_instance", None), sa.DateTime)


def bulk_insert(
    conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: Sequence[tuple[object, ...]]
) -> None:
    """Insert many rows straight through the driver's executemany (the hot path).

    The values must already be as the database stores them: money as integer units,
    times as naive UTC; the column types' own conversions are skipped.
    """
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        rows = _sqlite_times(table, columns, rows)
    quote = conn.dialect.identifier_preparer
    mark = _MARKS[conn.dialect.paramstyle]
    sql = (
        f"INSERT INTO {quote.format_table(table)} ({', '.join(quote.quote(c) for c in columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    conn.exec_driver_sql(sql, list(rows))
