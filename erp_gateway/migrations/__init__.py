"""Alembic migrations of the central database, with their own version table; the
schema a database holds against the one this code knows."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from alembic.script import ScriptDirectory

HERE = Path(__file__).parent
VERSION_TABLE = "alembic_version_gateway"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(connection: sa.Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def known_heads() -> frozenset[str]:
    """The newest revisions this code knows (one, unless two branches were committed)."""
    return frozenset(_scripts().get_heads())


def _known(revision: str) -> bool:
    return any(s.revision == revision for s in _scripts().walk_revisions())


@dataclass(frozen=True)
class SchemaState:
    """The revisions a database holds against the newest this code knows."""

    database: frozenset[str]  # empty: never migrated
    code: frozenset[str]

    @property
    def current(self) -> bool:
        return bool(self.database) and self.database == self.code

    @property
    def newer(self) -> bool:
        """The database was migrated by a newer gateway than this one."""
        return any(not _known(r) for r in self.database)

    @property
    def problem(self) -> str | None:
        """Why a node must not serve this database; None when it may."""
        held, known = ", ".join(sorted(self.database)), ", ".join(sorted(self.code))
        if not self.database:
            return "is not set up: run `erp-gateway init`"
        if self.newer:
            return (
                f"has schema {held}, newer than this gateway knows (newest {known}): "
                "upgrade tillsync on this node before it serves"
            )
        if not self.current:
            return f"has schema {held}, older than this gateway's {known}: run `erp-gateway init`"
        return None


def schema_state(connection: sa.Connection) -> SchemaState:
    """Read the database's revisions (none when the version table is missing)."""
    held: frozenset[str] = frozenset()
    if sa.inspect(connection).has_table(VERSION_TABLE):
        rows = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}")
        held = frozenset(str(r) for r in rows.scalars())
    return SchemaState(held, known_heads())


def run_env() -> None:
    """Body of env.py: migrate the connection handed over in the config attributes."""
    import erp_gateway.exports
    import erp_gateway.master
    import erp_gateway.signing_tables  # noqa: F401  (registers the signature tables)
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
