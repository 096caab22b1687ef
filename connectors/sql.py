"""SQL engines for SQLite, SQL Server (mssql+pyodbc) and PostgreSQL (psycopg 3).

SQLite gets WAL, synchronous=FULL and explicit ``BEGIN`` statements so that a write
transaction can take the write lock up front (``BEGIN IMMEDIATE``) instead of failing
when it upgrades from a read.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine

from connectors.errors import DatabaseUnavailable

SQLITE_BUSY_TIMEOUT_MS = 30_000


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path))


def _odbc_value(value: str) -> str:
    """Brace a value when it holds characters ODBC treats as syntax."""
    if any(ch in value for ch in ";{}=") or value != value.strip():
        return "{" + value.replace("}", "}}") + "}"
    return value


def mssql_odbc_string(
    *,
    instance: str,
    database: str,
    user: str = "",
    password: str = "",
    trusted: bool = False,
    driver: str = "ODBC Driver 18 for SQL Server",
    encrypt: bool = True,
    trust_server_certificate: bool = False,
) -> str:
    """The ODBC connection string for a SQL Server instance (``HOST\\INSTANCE`` or ``HOST,PORT``)."""
    parts = [
        ("DRIVER", "{" + driver + "}"),
        ("SERVER", _odbc_value(instance)),
        ("DATABASE", _odbc_value(database)),
    ]
    if trusted:
        parts.append(("Trusted_Connection", "yes"))
    else:
        parts += [("UID", _odbc_value(user)), ("PWD", _odbc_value(password))]
    parts += [
        ("Encrypt", "yes" if encrypt else "no"),
        ("TrustServerCertificate", "yes" if trust_server_certificate else "no"),
    ]
    return ";".join(f"{k}={v}" for k, v in parts)


def mssql_url(**kwargs: Any) -> URL:
    return URL.create("mssql+pyodbc", query={"odbc_connect": mssql_odbc_string(**kwargs)})


def postgresql_url(url: str) -> URL:
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def safe_url(url: URL | str) -> str:
    """The URL with its password hidden, for messages and logs."""
    parsed = sa.make_url(url) if isinstance(url, str) else url
    if "odbc_connect" in parsed.query:
        raw = str(parsed.query["odbc_connect"])
        hidden = ";".join("PWD=***" if p.upper().startswith("PWD=") else p for p in raw.split(";"))
        return f"{parsed.drivername}:// ({hidden})"
    return parsed.render_as_string(hide_password=True)


def _sqlite_setup(engine: Engine, synchronous: str, cache_kib: int | None) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # The driver must not issue BEGIN itself; the "begin" hook below does.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.execute("PRAGMA foreign_keys=ON")
        if cache_kib:
            cur.execute(f"PRAGMA cache_size=-{int(cache_kib)}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(
    url: URL | str, *, synchronous: str = "FULL", sqlite_cache_kib: int | None = None
) -> Engine:
    """An engine for ``url``; SQLite files get WAL and the given ``synchronous`` level, and
    a page cache of ``sqlite_cache_kib`` per connection (SQLite's 2 MiB when None)."""
    parsed = sa.make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(parsed, poolclass=sa.pool.QueuePool, pool_size=4)
        _sqlite_setup(engine, synchronous, sqlite_cache_kib)
        return engine
    # A server's threads each hold a connection: a pool that closes what exceeds its size
    # would open a new database session for most requests under load.
    return sa.create_engine(parsed, pool_pre_ping=True, pool_size=20, max_overflow=10)


@contextlib.contextmanager
def database_errors(engine: Engine) -> Iterator[None]:
    """Translate operational failures (server gone, disk full, locked) into DatabaseUnavailable.

    The DB-API raises OperationalError for what the environment caused; InterfaceError
    and a driver's bare base error (pyodbc.Error: "Can't open lib 'ODBC Driver 18 for
    SQL Server'" when the driver is not installed) are the environment too. Programming
    errors and integrity violations pass through as they are.
    """
    try:
        yield
    except sa.exc.DBAPIError as exc:
        environment = isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError)
        if not environment and type(exc) is not sa.exc.DBAPIError:
            raise
        first_line = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else "failed"
        raise DatabaseUnavailable(
            f"database {safe_url(engine.url)}: {first_line}", target=safe_url(engine.url)
        ) from exc
