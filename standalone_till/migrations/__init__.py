"""Alembic migrations of the till: one script location per metadata (catalog, journal)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config

HERE = Path(__file__).parent
VERSION_TABLES = {"catalog": "alembic_version_catalog", "journal": "alembic_version_journal"}


def alembic_config(part: str, connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / part))
    cfg.attributes["part"] = part
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(part: str, connection: sa.Connection) -> None:
    command.upgrade(alembic_config(part, connection), "head")


def run_env() -> None:
    """Body of each env.py: migrate the connection handed over in the config attributes."""
    import standalone_till.cashier_tables
    import standalone_till.devices.queue_schema
    import standalone_till.document_tables
    import standalone_till.hub.schema
    import standalone_till.overlay
    import standalone_till.signing_tables  # noqa: F401  (registers the tables on their metadata)
    from standalone_till import schema

    cfg = context.config
    part = cfg.attributes["part"]
    metadata = {"catalog": schema.catalog_md, "journal": schema.journal_md}[part]
    connection = cfg.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLES[part],
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
