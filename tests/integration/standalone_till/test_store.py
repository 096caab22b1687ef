"""The till's storage: migrations on SQLite and PostgreSQL, SQLite pragmas (the SQL Server
URLs, which need no server, are in tests/unit/connectors/test_sql.py)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from connectors.errors import DatabaseUnavailable
from standalone_till.config import load_config
from standalone_till.store import TillDatabase, catalog_path_for


def test_migrate_creates_both_schemas(till_config: Path) -> None:
    db = TillDatabase.from_config(load_config(till_config))
    assert not db.is_migrated()
    db.migrate()
    db.migrate()  # idempotent
    assert db.is_migrated()
    with db.journal.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        assert {"tickets", "ticket_lines", "ticket_payments", "outbox", "business_days"} <= tables
    with db.catalog.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        assert {"items", "prices", "barcodes", "customers", "cards", "offers"} <= tables
        assert conn.exec_driver_sql("select version_num from alembic_version_catalog").scalar_one()
    db.dispose()


def test_sqlite_files_are_wal_with_full_sync(sqlite_config: Path) -> None:
    cfg = load_config(sqlite_config)
    db = TillDatabase.from_config(cfg)
    db.migrate()
    assert cfg.database_path == sqlite_config.parent / "till.db"
    assert catalog_path_for(cfg.database_path).exists()
    for engine in (db.journal, db.catalog):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
    db.dispose()


def test_unreachable_postgres_is_an_environment_error(tmp_path: Path) -> None:
    from standalone_till.config import set_key, write_default_config

    path = tmp_path / "till.toml"
    write_default_config(path, "S1", "T1")
    set_key(path, "database.url", "postgresql://tills:s3cret@127.0.0.1:1/none")
    set_key(path, "database.engine", "postgresql")
    db = TillDatabase.from_config(load_config(path))
    try:
        db.migrate()
    except DatabaseUnavailable as exc:
        assert "s3cret" not in str(exc)
        assert exc.exit_code == 2
    else:
        raise AssertionError("migrate on a closed port must fail")


def test_the_sample_config_works_as_it_is(tmp_path: Path) -> None:
    import shutil

    sample = Path(__file__).resolve().parents[3] / "config_samples" / "till.toml"
    copy = tmp_path / "somewhere" / "till.toml"
    copy.parent.mkdir()
    shutil.copy(sample, copy)
    cfg = load_config(copy)
    assert cfg.database.engine == "sqlite"
    db = TillDatabase.from_config(cfg)
    db.migrate()
    db.dispose()
    assert cfg.database_path.parent == copy.parent  # relative to the file, not the CWD
    assert cfg.database_path.exists() and catalog_path_for(cfg.database_path).exists()


def test_the_gateway_keeps_a_bigger_sqlite_page_cache(tmp_path: Path) -> None:
    from erp_gateway.db import GatewayDatabase

    db = GatewayDatabase(f"sqlite:///{tmp_path / 'gateway.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -32 * 1024
    db.dispose()
