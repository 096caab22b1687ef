"""The till's database: engines for the journal and the catalog, migrations, transactions.

SQLite keeps the catalog in a file of its own next to the journal (``till.db`` ->
``till.catalog.db``) so that loading a catalog never blocks a ticket close. Servers
(PostgreSQL, SQL Server) hold both in one database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

from connectors.sql import (
    database_errors,
    make_engine,
    mssql_url,
    postgresql_url,
    sqlite_url,
)
from standalone_till import migrations

if TYPE_CHECKING:
    from standalone_till.config import TillConfig


def catalog_path_for(journal_path: Path) -> Path:
    return journal_path.with_name(journal_path.stem + ".catalog" + journal_path.suffix)


def database_urls(cfg: TillConfig) -> tuple[URL, URL]:
    """(journal URL, catalog URL) for the configured engine."""
    db = cfg.database
    if db.engine == "sqlite":
        path = cfg.database_path
        return sqlite_url(path), sqlite_url(catalog_path_for(path))
    if db.engine == "postgresql":
        url = postgresql_url(db.url)
        return url, url
    url = mssql_url(
        instance=db.instance,
        database=db.name,
        user=db.user,
        password=db.password,
        trusted=db.trusted,
        driver=db.driver,
        encrypt=db.encrypt,
        trust_server_certificate=db.trust_server_certificate,
    )
    return url, url


class TillDatabase:
    """Both parts of the till's storage; ``write`` and ``read`` give transactions."""

    def __init__(self, journal_url: URL, catalog_url: URL) -> None:
        self.journal = make_engine(journal_url)
        self.catalog = self.journal if catalog_url == journal_url else make_engine(catalog_url)

    @classmethod
    def from_config(cls, cfg: TillConfig) -> TillDatabase:
        if cfg.database.engine == "sqlite":
            cfg.database_path.parent.mkdir(parents=True, exist_ok=True)
        return cls(*database_urls(cfg))

    def migrate(self) -> None:
        """Create or upgrade both schemas to the newest revision."""
        for part, engine in (("journal", self.journal), ("catalog", self.catalog)):
            with database_errors(engine), engine.begin() as conn:
                migrations.upgrade(part, conn)

    def is_migrated(self) -> bool:
        for part, engine in (("journal", self.journal), ("catalog", self.catalog)):
            with database_errors(engine), engine.connect() as conn:
                if not sa.inspect(conn).has_table(migrations.VERSION_TABLES[part]):
                    return False
        return True

    @contextlib.contextmanager
    def write(self, engine: Engine) -> Iterator[sa.Connection]:
        """A write transaction that holds the write lock from its first statement."""
        with database_errors(engine), engine.connect() as conn:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def read(self, engine: Engine) -> Iterator[sa.Connection]:
        with database_errors(engine), engine.connect() as conn, conn.begin():
            yield conn

    def dispose(self) -> None:
        self.journal.dispose()
        if self.catalog is not self.journal:
            self.catalog.dispose()
