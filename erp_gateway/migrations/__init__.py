"""Alembic migrations of the central database, with their own version table."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config

HERE = Path(__file__).parent
VERSION_TABLE = "alembic_version_gateway"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: sa.Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


def run_env() -> None:
    """Body of env.py: migrate the connection handed over in the config attributes."""
    import erp_gateway.exports
    import erp_gateway.master  # noqa: F401  (registers the master data tables)
    from erp_gateway import schema

    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=schema.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
