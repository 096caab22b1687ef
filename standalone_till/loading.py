"""Applying exports to the till's catalog: "Load data" (full) and "Load changes" (increments).

A full load streams every file into shadow tables (``items__g7``...) inside one catalog
transaction, builds their indexes once filled, then drops the live tables and renames
the shadows in: readers see the old catalog until the commit, the new one after, and a
failure anywhere (checksum, malformed row, crash) leaves the old catalog untouched.
Increments are applied one per transaction, strictly in sequence order.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa

from connectors.errors import ExportError, OlderExportError, SequenceError
from ftp_import.format import ENTITIES, ENTITY_ORDER, manifest_name
from ftp_import.manifest import Manifest
from ftp_import.reader import checked_rows, list_exports, read_manifest
from standalone_till import overlay, schema
from standalone_till.rows import KEY_CONVERTERS, ROW_CONVERTERS, convert_row
from standalone_till.store import TillDatabase

log = logging.getLogger("tillsync.import")

CHUNK_ROWS = 20_000
_T = TypeVar("_T")
# Progress is reported as (rows done, rows in the whole export).
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class CatalogState:
    sequence: int = 0
    full_sequence: int = 0
    generation: int = 0
    applied_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class LoadResult:
    kind: str
    sequences: tuple[int, ...]
    rows: int
    seconds: float

    @property
    def sequence(self) -> int:
        return self.sequences[-1] if self.sequences else 0


def catalog_state(conn: sa.Connection) -> CatalogState:
    row = conn.execute(
        sa.select(schema.catalog_state).where(schema.catalog_state.c.id == 1)
    ).first()
    if row is None:
        return CatalogState()
    return CatalogState(row.sequence, row.full_sequence, row.generation, row.applied_at)


def _save_state(conn: sa.Connection, state: CatalogState) -> None:
    t = schema.catalog_state
    values = {
        "sequence": state.sequence,
        "full_sequence": state.full_sequence,
        "generation": state.generation,
        "applied_at": state.applied_at,
    }
    if conn.execute(sa.update(t).where(t.c.id == 1).values(**values)).rowcount == 0:
        conn.execute(sa.insert(t).values(id=1, **values))


def _chunks(rows: Iterable[_T], size: int = CHUNK_ROWS) -> Iterator[list[_T]]:
    chunk: list[_T] = []
    append = chunk.append
    for row in rows:
        append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
            append = chunk.append
    if chunk:
        yield chunk


def _placeholders(conn: sa.Connection, n: int) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * n)


def _insert_sql(conn: sa.Connection, table: str, columns: Iterable[str]) -> str:
    cols = list(columns)
    quote = conn.dialect.identifier_preparer.quote
    return (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in cols)}) "
        f"VALUES ({_placeholders(conn, len(cols))})"
    )


def _rename_table(conn: sa.Connection, old: str, new: str) -> None:
    quote = conn.dialect.identifier_preparer.quote
    if conn.dialect.name == "mssql":
        conn.exec_driver_sql(f"EXEC sp_rename '{old}', '{new}'")
    else:
        conn.exec_driver_sql(f"ALTER TABLE {quote(old)} RENAME TO {quote(new)}")


def _shadow_table(live: sa.Table, generation: int) -> sa.Table:
    """A copy of ``live`` with no key and no index: filled by appends, indexed afterwards."""
    md = sa.MetaData(naming_convention=schema.NAMING)
    columns = [sa.Column(c.name, c.type, nullable=c.nullable) for c in live.columns]
    return sa.Table(f"{live.name}__g{generation}", md, *columns)


def _shadow_indexes(live: sa.Table, shadow: sa.Table, generation: int) -> list[sa.Index]:
    """The live table's key (as a unique index) and indexes, named for this generation."""
    key = sa.Index(
        f"pk_{live.name}__g{generation}",
        *(shadow.c[c.name] for c in live.primary_key.columns),
        unique=True,
    )
    return [key] + [
        sa.Index(f"{index.name}__g{generation}", *(shadow.c[c.name] for c in index.columns))
        for index in live.indexes
    ]


def _index_shadow(
    conn: sa.Connection, live: sa.Table, shadow: sa.Table, generation: int, file: str
) -> None:
    key, *others = _shadow_indexes(live, shadow, generation)
    try:
        with conn.begin_nested():
            key.create(conn)
    except sa.exc.IntegrityError as exc:
        raise ExportError(f"duplicate key {_duplicate(conn, live, shadow)}", file=file) from exc
    for index in others:
        index.create(conn)


def _duplicate(conn: sa.Connection, live: sa.Table, shadow: sa.Table) -> str:
    cols = [shadow.c[c.name] for c in live.primary_key.columns]
    row = conn.execute(
        sa.select(*cols).group_by(*cols).having(sa.func.count() > 1).limit(1)
    ).first()
    return ", ".join(f"{c.name}={v!r}" for c, v in zip(cols, row or (), strict=False))


class _Counter:
    """Counts rows across files and reports progress at most a few times a second."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress
        self._last = 0.0

    def add(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.progress is not None and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            self.progress(self.done, self.total)


def _insert_verified(
    conn: sa.Connection,
    table: str,
    folder: Path,
    manifest: Manifest,
    entity: str,
    counter: _Counter,
    fetched: bool,
    *,
    in_steps: bool = False,
) -> str:
    """Stream one verified data file into ``table``; returns the file's name.
    ``in_steps``: each chunk of rows is a transaction of its own (``conn`` is in none)."""
    entry = manifest.file_for(entity)
    if entry is None and ENTITIES[entity].optional:
        return manifest_name(manifest.sequence, manifest.kind)  # an older export: none
    if entry is None:
        raise ExportError(f"the manifest lists no {entity} file", file=folder.name)
    sql = _insert_sql(conn, table, ENTITIES[entity].columns)
    with checked_rows(folder / entry.name, entry, manifest.kind, fetched=fetched) as rows:
        for chunk in ROW_CONVERTERS[entity](rows, entry.name):
            with conn.begin() if in_steps else contextlib.nullcontext():
                conn.exec_driver_sql(sql, chunk)
            counter.add(len(chunk))
    return entry.name


def _exports_in(source: Path) -> list[tuple[int, str, Path]]:
    if not source.is_dir():
        raise ExportError("not a folder holding exports", file=str(source))
    return [(ref.sequence, ref.kind, source / ref.manifest_name) for ref in list_exports(source)]


def newest_full(source: Path) -> Path:
    fulls = [p for seq, kind, p in _exports_in(source) if kind == "full"]
    if not fulls:
        raise ExportError("no full export found", file=str(source))
    return fulls[-1]


def refuse_older(state: CatalogState, sequence: int, *, allow_older: bool, file: str) -> None:
    """Refuse full export ``sequence`` when it is older than the catalog's sequence (what
    the till has applied, increments included), unless ``allow_older``. The same export
    again is not older: loading it is a reload."""
    if allow_older or sequence >= state.sequence:
        return
    has = f"full export {state.full_sequence}"
    if state.sequence != state.full_sequence:
        has += f" and changes up to {state.sequence}"
    raise OlderExportError(
        f"full export {sequence} is older than the catalog, at sequence {state.sequence} "
        f"({has}): loading it would take the catalog back from {state.sequence} to "
        f"{sequence}; to do so anyway: load-data --allow-older",
        sequence=sequence,
        current=state.sequence,
        file=file,
    )


def load_full(
    db: TillDatabase,
    manifest_path: Path,
    progress: Progress | None = None,
    *,
    allow_older: bool = False,
    fetched: bool = False,
    in_steps: bool = False,
) -> LoadResult:
    """Replace the whole catalog by one full export, atomically.

    An export older than the catalog is refused unless ``allow_older``
    (:func:`refuse_older`). ``fetched``: the files were downloaded by the till, so a
    file that does not match its manifest was damaged in transfer.

    The whole load is one transaction. ``in_steps`` (a SQLite catalog of its own only)
    fills the shadow tables in many small transactions and switches them in with one
    short one (:func:`_load_in_steps`). Measured with ``bench/sale.py --compare``, that
    halves the longest stalls of ticket closes at the load's end and loads faster, but
    the p99 of the closes during the load was higher (its slices' syncs land on the
    journal's disk all through the load), so it is not the default.
    """
    started = time.monotonic()
    manifest = read_manifest(manifest_path)
    if manifest.kind != "full":
        raise ExportError("not a full export", file=manifest_path.name)
    counter = _Counter(sum(f.rows for f in manifest.files), progress)
    if in_steps and (db.catalog.dialect.name != "sqlite" or db.catalog is db.journal):
        raise ValueError("a load in steps needs a SQLite catalog in a file of its own")
    if in_steps:
        _load_in_steps(db, manifest_path, manifest, counter, allow_older, fetched)
    else:
        _load_at_once(db, manifest_path, manifest, counter, allow_older, fetched)
    seconds = time.monotonic() - started
    log.info("full export %d loaded: %d rows in %.1f s", manifest.sequence, counter.done, seconds)
    return LoadResult("full", (manifest.sequence,), counter.done, seconds)


def _load_at_once(
    db: TillDatabase,
    manifest_path: Path,
    manifest: Manifest,
    counter: _Counter,
    allow_older: bool,
    fetched: bool,
) -> None:
    """The whole load in one catalog transaction: a rollback undoes any part of it."""
    folder = manifest_path.parent
    with db.write(db.catalog) as conn:
        state = catalog_state(conn)
        refuse_older(state, manifest.sequence, allow_older=allow_older, file=manifest_path.name)
        _drop_shadows(conn)  # left by a load killed half way in steps
        generation = state.generation + 1
        shadows: list[tuple[sa.Table, sa.Table]] = []
        for entity in ENTITY_ORDER:
            live = schema.catalog_md.tables[entity]
            shadow = _shadow_table(live, generation)
            shadow.create(conn)
            file = _insert_verified(conn, shadow.name, folder, manifest, entity, counter, fetched)
            _index_shadow(conn, live, shadow, generation, file)
            shadows.append((live, shadow))
        _switch(conn, shadows, manifest)
    _checkpoint(db)


def _switch(
    conn: sa.Connection, shadows: list[tuple[sa.Table, sa.Table]], manifest: Manifest
) -> None:
    """Drop the live tables and rename the filled shadows in, in ``conn``'s transaction."""
    generation = int(shadows[0][1].name.rsplit("__g", 1)[1])
    # The views read the base tables: they go while the bases are swapped.
    overlay.drop_views(conn)
    for live, shadow in shadows:
        conn.exec_driver_sql(f"DROP TABLE {conn.dialect.identifier_preparer.quote(live.name)}")
        _rename_table(conn, shadow.name, live.name)
    overlay.clear_deltas(conn)
    overlay.create_views(conn)
    _save_state(conn, CatalogState(manifest.sequence, manifest.sequence, generation, _now()))


def _shadow_names(conn: sa.Connection) -> list[str]:
    """Shadow tables left in the catalog (by a load that failed or was killed)."""
    names = sa.inspect(conn).get_table_names()
    prefixes = tuple(f"{entity}__g" for entity in ENTITY_ORDER)
    return [n for n in names if n.startswith(prefixes) and n.rsplit("__g", 1)[1].isdigit()]


def _drop_shadows(conn: sa.Connection) -> None:
    quote = conn.dialect.identifier_preparer.quote
    for name in _shadow_names(conn):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {quote(name)}")


def _load_in_steps(
    db: TillDatabase,
    manifest_path: Path,
    manifest: Manifest,
    counter: _Counter,
    allow_older: bool,
    fetched: bool,
) -> None:
    """A full load on a SQLite catalog of its own, written to its file as it goes.

    Held in one transaction, a load of a million items leaves hundreds of megabytes in
    the catalog's write-ahead log, synced at its commit and copied into the catalog's
    file by the checkpoint after it: seconds of writes in one burst, during which every
    sync on the same disk (a ticket close's among them) waits. Here the shadow tables
    fill in transactions of ``CHUNK_ROWS`` rows (synchronous=NORMAL: synced at each
    checkpoint, which SQLite runs whenever the log passes ``wal_autocheckpoint`` pages),
    so the log stays a few megabytes long and reaches the disk in slices as the load
    goes. Readers never see a shadow. The switch (drop the live tables, rename the
    shadows in, clear the deltas, save the sequence) is one short transaction, synced
    in full: the load is still applied whole or not at all. Shadows a failed load leaves
    are dropped at once, those of a killed one by the next full load.
    """
    folder = manifest_path.parent
    with db.write(db.catalog) as conn:
        state = catalog_state(conn)
        refuse_older(state, manifest.sequence, allow_older=allow_older, file=manifest_path.name)
        _drop_shadows(conn)  # left by a load killed half way
    generation = state.generation + 1
    shadows: list[tuple[sa.Table, sa.Table]] = []
    try:
        with db.catalog.connect() as conn:
            # Outside any transaction (SQLite refuses it inside), on the driver itself.
            driver = conn.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA synchronous=NORMAL")
            try:
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
                for entity in ENTITY_ORDER:
                    live = schema.catalog_md.tables[entity]
                    shadow = _shadow_table(live, generation)
                    with conn.begin():
                        shadow.create(conn)
                    file = _insert_verified(
                        conn, shadow.name, folder, manifest, entity, counter, fetched, in_steps=True
                    )
                    with conn.begin():
                        _index_shadow(conn, live, shadow, generation, file)
                    shadows.append((live, shadow))
            finally:
                if conn.in_transaction():
                    conn.rollback()
                driver.execute("PRAGMA synchronous=FULL")
        with db.write(db.catalog) as conn:
            # Load changes may have moved the catalog on while the shadows filled.
            state = catalog_state(conn)
            refuse_older(state, manifest.sequence, allow_older=allow_older, file=manifest_path.name)
            _switch(conn, shadows, manifest)
    except BaseException:
        with contextlib.suppress(Exception), db.write(db.catalog) as conn:
            _drop_shadows(conn)
        raise
    _checkpoint(db)


def covers(manifest: Manifest, current: int) -> bool:
    """Whether an increment can be applied on a catalog at sequence ``current``.

    An increment holds whole rows (``U``) and tombstones (``D``) for every key changed
    since its base, so applying it again over changes the catalog already has is
    harmless; skipping changes is not. It applies when its base is at or before the
    catalog and its own sequence after it. The gateway uses this to bridge a full
    export: the first increment after full N is based on N-1, so the tills that were
    at N-1 on increments and those that loaded N both go on without a gap.
    """
    base = manifest.base_sequence
    return base is not None and base <= current < manifest.sequence


def pending_increments(source: Path, current: int) -> list[Manifest]:
    """The increments after ``current``, checked to form an unbroken chain from it."""
    if current == 0:
        raise SequenceError("no full export loaded yet: run load-data first", file=str(source))
    manifests = [
        read_manifest(p)
        for seq, kind, p in _exports_in(source)
        if kind == "incremental" and seq > current
    ]
    expected = current
    for m in manifests:
        if not covers(m, expected):
            raise SequenceError(
                f"gap: the till is at sequence {expected} but the next increment available "
                f"is {m.sequence} (base {m.base_sequence}); a full load is needed (load-data)",
                file=str(source),
            )
        expected = m.sequence
    return manifests


def load_changes(
    db: TillDatabase, source: Path, progress: Progress | None = None, *, fetched: bool = False
) -> LoadResult:
    """Apply every increment after the catalog's sequence, in order, one transaction each.

    ``fetched``: as for :func:`load_full`."""
    started = time.monotonic()
    with db.read(db.catalog) as conn:
        current = catalog_state(conn).sequence
    manifests = pending_increments(source, current)
    counter = _Counter(sum(f.rows for m in manifests for f in m.files), progress)
    for manifest in manifests:
        _apply_increment(db, source, manifest, counter, fetched)
    seconds = time.monotonic() - started
    if manifests:
        compact_if_large(db)
    applied = tuple(m.sequence for m in manifests)
    log.info("increments %s applied: %d rows in %.1f s", applied or "none", counter.done, seconds)
    return LoadResult("incremental", applied, counter.done, seconds)


def _apply_increment(
    db: TillDatabase, folder: Path, manifest: Manifest, counter: _Counter, fetched: bool
) -> None:
    with db.write(db.catalog) as conn:
        state = catalog_state(conn)
        if not covers(manifest, state.sequence):
            raise SequenceError(
                f"increment {manifest.sequence} applies on {manifest.base_sequence}, "
                f"the till is at {state.sequence}",
                file=manifest.files[0].name if manifest.files else None,
            )
        for entity in ENTITY_ORDER:
            entry = manifest.file_for(entity)
            if entry is not None:
                path = folder / entry.name
                with checked_rows(path, entry, manifest.kind, fetched=fetched) as rows:
                    _apply_changes(conn, entity, rows, entry.name, counter)
        _save_state(
            conn,
            CatalogState(manifest.sequence, state.full_sequence, state.generation, _now()),
        )


def _apply_changes(
    conn: sa.Connection, entity: str, rows: Iterable[list[str]], file: str, counter: _Counter
) -> None:
    """Record each change in the entity's delta table (one row per key, tombstones for D)."""
    spec = ENTITIES[entity]
    delta = overlay.DELTAS[entity]
    quote = conn.dialect.identifier_preparer.quote
    where = " AND ".join(f"{quote(k)} = {_placeholders(conn, 1)}" for k in spec.key)
    delete_sql = f"DELETE FROM {quote(delta.name)} WHERE {where}"
    insert_sql = _insert_sql(conn, delta.name, (*spec.columns, "deleted"))
    key_at = [spec.columns.index(k) for k in spec.key]
    convert_key = KEY_CONVERTERS[entity]
    for chunk in _chunks(_numbered(rows)):
        # The last change of a key within a chunk wins; chunks go in file order.
        latest: dict[tuple[object, ...], tuple[int, list[str]]] = {}
        for line, row in chunk:
            latest[convert_key(row[1:], file, line)] = (line, row)
        conn.exec_driver_sql(delete_sql, list(latest))
        conn.exec_driver_sql(
            insert_sql,
            [
                (*convert_row(entity, row[1:], file, line), False)
                if row[0] == "U"
                else _tombstone(key, key_at, len(spec.columns))
                for key, (line, row) in latest.items()
            ],
        )
        counter.add(len(chunk))


def _tombstone(key: tuple[object, ...], key_at: list[int], width: int) -> tuple[object, ...]:
    values: list[object] = [None] * width
    for position, value in zip(key_at, key, strict=True):
        values[position] = value
    return (*values, True)


def compact_if_large(db: TillDatabase, limit: int = overlay.COMPACT_ROWS) -> int:
    """Fold the deltas into the base tables once they hold ``limit`` rows; rows folded."""
    with db.write(db.catalog) as conn:
        if overlay.delta_rows(conn) < limit:
            return 0
        folded = overlay.compact(conn)
    log.info("catalog deltas folded into the base: %d rows", folded)
    return folded


def _numbered(rows: Iterable[list[str]]) -> Iterator[tuple[int, list[str]]]:
    yield from enumerate(rows, start=2)


def _checkpoint(db: TillDatabase) -> None:
    """Fold the big WAL of a full load back into the catalog file (best effort)."""
    if db.catalog.dialect.name == "sqlite":
        with db.catalog.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
