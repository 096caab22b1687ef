"""The catalog's change overlay: increments land in small delta tables, reads see base + delta.

Applying an increment then costs what the increment holds, whatever the catalog's size
(an in-place update would touch B-tree pages all over a large catalog). Each entity has
a delta table (same columns, plus ``deleted`` for tombstones, one row per key) and a view
``<entity>_live`` that shows the delta's rows and the base rows the delta does not
override. ``compact`` folds the deltas into the base when they grow; a full load empties
them.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from ftp_import.format import ENTITIES, ENTITY_ORDER
from standalone_till import schema

DELTA_SUFFIX = "_delta"
LIVE_SUFFIX = "_live"
# Fold the deltas into the base once they hold this many rows.
COMPACT_ROWS = 100_000


def _delta_table(base: sa.Table) -> sa.Table:
    # Tombstones carry only their key: every other column may be empty here.
    columns = [sa.Column(c.name, c.type, primary_key=c.primary_key) for c in base.columns]
    return sa.Table(
        base.name + DELTA_SUFFIX,
        schema.catalog_md,
        *columns,
        sa.Column("deleted", sa.Boolean, nullable=False),
    )


DELTAS: dict[str, sa.Table] = {
    entity: _delta_table(schema.catalog_md.tables[entity]) for entity in ENTITY_ORDER
}

# Read-only handles on the views (not part of the metadata: the migration creates them).
_views_md = sa.MetaData()
LIVE: dict[str, sa.Table] = {
    entity: sa.Table(
        entity + LIVE_SUFFIX,
        _views_md,
        *(
            sa.Column(c.name, c.type, primary_key=c.primary_key)
            for c in schema.catalog_md.tables[entity].columns
        ),
    )
    for entity in ENTITY_ORDER
}


def view_sql(entity: str, quote: sa.sql.compiler.IdentifierPreparer) -> str:
    """CREATE VIEW for ``<entity>_live``: live delta rows, then base rows not overridden."""
    spec = ENTITIES[entity]
    cols = ", ".join(quote.quote(c) for c in spec.columns)
    base, delta = quote.quote(entity), quote.quote(entity + DELTA_SUFFIX)
    match = " AND ".join(f"d.{quote.quote(k)} = b.{quote.quote(k)}" for k in spec.key)
    return (
        f"CREATE VIEW {quote.quote(entity + LIVE_SUFFIX)} AS "
        f"SELECT {cols} FROM {delta} WHERE NOT deleted "
        f"UNION ALL "
        f"SELECT {', '.join('b.' + quote.quote(c) for c in spec.columns)} FROM {base} b "
        f"WHERE NOT EXISTS (SELECT 1 FROM {delta} d WHERE {match})"
    )


def create_views(conn: sa.Connection, entities: Iterable[str] = ENTITY_ORDER) -> None:
    """The live views of ``entities`` (a migration names those its revision knows)."""
    quote = conn.dialect.identifier_preparer
    for entity in entities:
        conn.exec_driver_sql(view_sql(entity, quote))


def drop_views(conn: sa.Connection, entities: Iterable[str] = ENTITY_ORDER) -> None:
    quote = conn.dialect.identifier_preparer
    for entity in entities:
        conn.exec_driver_sql(f"DROP VIEW IF EXISTS {quote.quote(entity + LIVE_SUFFIX)}")


def clear_deltas(conn: sa.Connection) -> None:
    for table in DELTAS.values():
        conn.execute(sa.delete(table))


def delta_rows(conn: sa.Connection) -> int:
    return sum(
        conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        for t in DELTAS.values()
    )


def compact(conn: sa.Connection) -> int:
    """Fold every delta into its base table (in the caller's transaction); rows folded."""
    quote = conn.dialect.identifier_preparer
    folded = 0
    for entity in ENTITY_ORDER:
        spec = ENTITIES[entity]
        base, delta = quote.quote(entity), quote.quote(entity + DELTA_SUFFIX)
        cols = ", ".join(quote.quote(c) for c in spec.columns)
        match = " AND ".join(f"d.{quote.quote(k)} = {base}.{quote.quote(k)}" for k in spec.key)
        conn.exec_driver_sql(
            f"DELETE FROM {base} WHERE EXISTS (SELECT 1 FROM {delta} d WHERE {match})"
        )
        conn.exec_driver_sql(
            f"INSERT INTO {base} ({cols}) SELECT {cols} FROM {delta} WHERE NOT deleted"
        )
        folded += conn.exec_driver_sql(f"DELETE FROM {delta}").rowcount
    return folded
