"""The ERP's master data in the central DB: items, prices, barcodes, customers, cards, offers,
cashiers (their PINs as hashes only).

Each entity's table holds its export columns as normalised text, plus ``row_version``
(the version of the import that last changed the row; versions only grow) and
``deleted`` (a tombstone, kept so the next increment can say ``D``). An import hands
over the ERP's complete current rows of an entity; :func:`replace_entity` compares them
with what is stored, set-based in SQL, and bumps the version of what changed only.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from connectors.errors import ExportError
from erp_gateway import schema
from ftp_import.format import ENTITIES, ENTITY_ORDER
from ftp_import.validate import normalize_row

log = logging.getLogger("tillsync.gateway")
CHUNK = 10_000


def _master_table(entity: str) -> sa.Table:
    spec = ENTITIES[entity]
    return sa.Table(
        f"master_{entity}",
        schema.metadata,
        *(
            sa.Column(c, sa.String(200), primary_key=c in spec.key, nullable=c not in spec.key)
            for c in spec.columns
        ),
        sa.Column("row_version", sa.BigInteger, nullable=False, index=True),
        sa.Column("deleted", sa.Boolean, nullable=False),
    )


MASTER: dict[str, sa.Table] = {entity: _master_table(entity) for entity in ENTITY_ORDER}

master_state = sa.Table(
    "master_state",
    schema.metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("row_version", sa.BigInteger, nullable=False),
)


@dataclass(frozen=True, slots=True)
class EntityChange:
    entity: str
    rows: int
    upserted: int
    deleted: int


def current_version(conn: sa.Connection) -> int:
    return (
        conn.execute(sa.select(master_state.c.row_version).where(master_state.c.id == 1)).scalar()
        or 0
    )


def _next_version(conn: sa.Connection) -> int:
    version = current_version(conn) + 1
    if (
        conn.execute(
            sa.update(master_state).where(master_state.c.id == 1).values(row_version=version)
        ).rowcount
        == 0
    ):
        conn.execute(sa.insert(master_state).values(id=1, row_version=version))
    return version


def _staging_table(conn: sa.Connection, entity: str) -> sa.Table:
    spec = ENTITIES[entity]
    table = sa.Table(
        f"master_load_{entity}",
        sa.MetaData(),
        *(sa.Column(c, sa.String(200), primary_key=c in spec.key) for c in spec.columns),
        prefixes=["TEMPORARY"],
    )
    table.drop(conn, checkfirst=True)
    table.create(conn)
    return table


def _fill(conn: sa.Connection, staging: sa.Table, rows: Iterable[list[str]], file: str) -> int:
    count = 0
    chunk: list[dict[str, str]] = []
    names = [c.name for c in staging.columns]
    for row in rows:
        chunk.append(dict(zip(names, row, strict=True)))
        if len(chunk) >= CHUNK:
            count += _insert_chunk(conn, staging, chunk, file, count)
            chunk = []
    if chunk:
        count += _insert_chunk(conn, staging, chunk, file, count)
    return count


def _insert_chunk(
    conn: sa.Connection, staging: sa.Table, chunk: list[dict[str, str]], file: str, before: int
) -> int:
    try:
        with conn.begin_nested():
            conn.execute(sa.insert(staging), chunk)
    except sa.exc.IntegrityError as exc:
        raise ExportError(
            f"the same key twice in rows {before + 1}..{before + len(chunk)}", file=file
        ) from exc
    return len(chunk)


def replace_entity(
    conn: sa.Connection,
    entity: str,
    rows: Iterable[list[str]],
    file: str,
    version: int,
    *,
    partial: bool = False,
) -> EntityChange:
    """Make ``master_<entity>`` hold exactly ``rows`` (normalised), versioning what changed.

    ``partial`` adds or replaces the given rows and leaves the others as they are.
    """
    spec = ENTITIES[entity]
    master, staging = MASTER[entity], _staging_table(conn, entity)
    count = _fill(conn, staging, rows, file)
    m, s = master.c, staging.c
    same_key = sa.and_(*(m[k] == s[k] for k in spec.key))
    differs = sa.or_(
        m.deleted, *(m[c].is_distinct_from(s[c]) for c in spec.columns if c not in spec.key)
    )
    # 1. drop the stored rows that changed (or come back from a tombstone)
    conn.execute(sa.delete(master).where(sa.exists().where(same_key, differs)))
    # 2. insert what is new or changed, with this import's version
    new_rows = sa.select(*(s[c] for c in spec.columns), sa.literal(version), sa.false()).where(
        ~sa.exists().where(same_key)
    )
    upserted = conn.execute(
        sa.insert(master).from_select([*spec.columns, "row_version", "deleted"], new_rows)
    ).rowcount
    # 3. what the ERP no longer has becomes a tombstone
    deleted = 0
    if not partial:
        deleted = conn.execute(
            sa.update(master)
            .where(~m.deleted, ~sa.exists().where(same_key))
            .values(deleted=True, row_version=version)
        ).rowcount
    staging.drop(conn)
    return EntityChange(entity, count, upserted, deleted)


def import_rows(
    conn: sa.Connection,
    sources: Mapping[str, tuple[str, Iterable[Sequence[str]]]],
    *,
    partial: bool = False,
) -> list[EntityChange]:
    """Replace each given entity's rows ({entity: (source name, raw rows)}) in one version;
    ``partial`` only adds or replaces the rows given."""
    version = _next_version(conn)
    changes = []
    for entity in ENTITY_ORDER:
        if entity in sources:
            name, raw = sources[entity]
            normalized = (
                normalize_row(entity, row, file=name, line=i) for i, row in enumerate(raw, start=2)
            )
            changes.append(replace_entity(conn, entity, normalized, name, version, partial=partial))
    if not any(c.upserted or c.deleted for c in changes):
        # Nothing changed: the version is not spent, so no empty increment follows.
        conn.execute(
            sa.update(master_state).where(master_state.c.id == 1).values(row_version=version - 1)
        )
    for change in changes:
        log.info(
            "master %s: %d rows, %d changed, %d removed",
            change.entity,
            change.rows,
            change.upserted,
            change.deleted,
        )
    return changes


# ---------------------------------------------------------------- sources


def csv_rows(path: Path, entity: str) -> Iterator[list[str]]:
    """Rows of one entity's CSV file, whose header names the entity's columns (any order)."""
    columns = ENTITIES[entity].columns
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in columns if c not in header]
        unknown = [h for h in header if h not in columns]
        if missing or unknown:
            raise ExportError(
                f"header must name the columns {', '.join(columns)}"
                + (f"; missing {', '.join(missing)}" if missing else "")
                + (f"; unknown {', '.join(unknown)}" if unknown else ""),
                file=path.name,
                line=1,
            )
        order = [header.index(c) for c in columns]
        for line, row in enumerate(reader, start=2):
            if len(row) != len(header):
                raise ExportError(
                    f"expected {len(header)} values, got {len(row)}", file=path.name, line=line
                )
            yield [row[i] for i in order]


def csv_sources(folder: Path) -> dict[str, tuple[str, Iterable[Sequence[str]]]]:
    """``items.csv``, ``prices.csv``... found in ``folder`` (an entity without a file is left as is)."""
    if not folder.is_dir():
        raise ExportError("not a folder", file=str(folder))
    found = {e: folder / f"{e}.csv" for e in ENTITY_ORDER if (folder / f"{e}.csv").exists()}
    if not found:
        raise ExportError(
            f"no entity file ({', '.join(e + '.csv' for e in ENTITY_ORDER)})", file=str(folder)
        )
    return {e: (p.name, csv_rows(p, e)) for e, p in found.items()}


def query_rows(conn: sa.Connection, entity: str, sql: str) -> Iterator[list[str]]:
    """Rows of an ERP query whose result columns are named like the entity's columns."""
    result = conn.exec_driver_sql(sql)
    names = result.keys()
    keys = [k.lower() for k in names]
    missing = [c for c in ENTITIES[entity].columns if c not in keys]
    if missing:
        raise ExportError(
            f"the {entity} query lacks the columns {', '.join(missing)}", file=f"query:{entity}"
        )
    order = [keys.index(c) for c in ENTITIES[entity].columns]
    for row in result:
        yield ["" if row[i] is None else str(row[i]) for i in order]


def odbc_rows(connection_string: str, entity: str, sql: str) -> Iterator[list[str]]:
    """The same over a raw ODBC connection (pyodbc), for ERPs only reachable through a DSN."""
    from connectors.odbc import odbc_cursor

    with odbc_cursor(connection_string) as cursor:
        cursor.execute(sql)
        keys = [d[0].lower() for d in cursor.description]
        missing = [c for c in ENTITIES[entity].columns if c not in keys]
        if missing:
            raise ExportError(
                f"the {entity} query lacks the columns {', '.join(missing)}", file=f"query:{entity}"
            )
        order = [keys.index(c) for c in ENTITIES[entity].columns]
        while batch := cursor.fetchmany(CHUNK):
            for row in batch:
                yield ["" if row[i] is None else str(row[i]) for i in order]


def master_counts(conn: sa.Connection) -> dict[str, int]:
    return {
        e: conn.execute(sa.select(sa.func.count()).select_from(t).where(~t.c.deleted)).scalar_one()
        for e, t in MASTER.items()
    }
