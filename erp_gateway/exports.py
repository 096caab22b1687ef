"""Making and publishing exports of the master data: full, and changes since the last one.

An export is written to the gateway's local export folder from a read snapshot (ticket
ingestion goes on meanwhile), recorded in ``export_log``, then published to the target
(a folder or an FTP/FTPS/SFTP URL): data files first, each uploaded under a temporary
name and renamed, the manifest last. An export that could not be published stays pending
and goes out, in order, with the next run. Retention keeps the newest full exports and
every increment after the oldest of them, so a new till bootstraps from the last full.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from connectors.errors import ExportError, SequenceError
from connectors.transfer import Transfer, open_url
from erp_gateway import schema
from erp_gateway.master import MASTER, current_version
from ftp_import.format import ENTITIES, ENTITY_ORDER, manifest_name
from ftp_import.manifest import Manifest
from ftp_import.reader import export_ref, read_manifest
from ftp_import.writer import ExportWriter

log = logging.getLogger("tillsync.gateway")

export_log = sa.Table(
    "export_log",
    schema.metadata,
    sa.Column("sequence", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("kind", sa.String(12), nullable=False),
    sa.Column("base_sequence", sa.Integer),
    sa.Column("row_version", sa.BigInteger, nullable=False),  # master version it covers
    sa.Column("rows", sa.BigInteger, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("published_at", sa.DateTime),
    sa.Column("published_to", sa.String(300)),
)


@dataclass(frozen=True, slots=True)
class Published:
    sequence: int
    kind: str
    rows: int
    target: str


def _last(conn: sa.Connection, kind: str | None = None) -> sa.Row[tuple[object, ...]] | None:
    query = sa.select(export_log).order_by(export_log.c.sequence.desc()).limit(1)
    if kind:
        query = query.where(export_log.c.kind == kind)
    return conn.execute(query).first()


def _live_rows(conn: sa.Connection, entity: str, version: int) -> Iterator[list[str]]:
    t, spec = MASTER[entity], ENTITIES[entity]
    query = (
        sa.select(*(t.c[c] for c in spec.columns))
        .where(~t.c.deleted, t.c.row_version <= version)
        .order_by(*(t.c[k] for k in spec.key))
    )
    for row in conn.execution_options(yield_per=5000).execute(query):
        yield ["" if v is None else v for v in row]


def _changed_rows(
    conn: sa.Connection, entity: str, since: int, version: int
) -> Iterator[list[str]]:
    t, spec = MASTER[entity], ENTITIES[entity]
    query = (
        sa.select(t.c.deleted, *(t.c[c] for c in spec.columns))
        .where(t.c.row_version > since, t.c.row_version <= version)
        .order_by(*(t.c[k] for k in spec.key))
    )
    for deleted, *values in conn.execution_options(yield_per=5000).execute(query):
        if deleted:
            yield [
                "D",
                *(v if c in spec.key else "" for c, v in zip(spec.columns, values, strict=True)),
            ]
        else:
            yield ["U", *("" if v is None else v for v in values)]


def make_export(
    db: sa.Engine, folder: Path, kind: str, now: dt.datetime | None = None
) -> Manifest | None:
    """Write the next export into ``folder`` and record it; None when ``changes`` finds none."""
    now = now or dt.datetime.now(dt.UTC)
    folder.mkdir(parents=True, exist_ok=True)
    with db.connect() as conn, conn.begin():  # one snapshot for the whole export
        last, version = _last(conn), current_version(conn)
        sequence = (last.sequence if last else 0) + 1
        base: int | None = None
        if kind == "incremental":
            if last is None:
                raise SequenceError(
                    "no export published yet: make a full export first", file=str(folder)
                )
            since = _increment_base(conn, last)
            if version == since.row_version:
                return None
            base = since.sequence
        with ExportWriter(folder, sequence, kind, base, created_at=now) as writer:
            for entity in ENTITY_ORDER:
                rows = (
                    _live_rows(conn, entity, version)
                    if kind == "full"
                    else _changed_rows(conn, entity, since.row_version, version)
                )
                if kind == "full":
                    writer.write_rows(entity, rows)
                else:
                    _write_if_any(writer, entity, rows)
        manifest = writer.manifest
    _record(db, manifest, version, now)
    return manifest


def _increment_base(
    conn: sa.Connection, last: sa.Row[tuple[object, ...]]
) -> sa.Row[tuple[object, ...]]:
    """The export an increment is based on: the last one, except right after a full.

    After full export N, the next increment is based on export N-1 and holds every
    change since it: the tills still at N-1 (on increments, never loading the full) go
    on without a gap, and those that loaded N apply it too (re-applying the changes N
    already had is harmless, see ``standalone_till.loading.covers``). It is made even
    when nothing changed since N, so that the tills at N-1 catch up.
    """
    if last.kind != "full":
        return last
    before = conn.execute(
        sa.select(export_log)
        .where(export_log.c.sequence < last.sequence)
        .order_by(export_log.c.sequence.desc())
        .limit(1)
    ).first()
    return before if before is not None else last


def _write_if_any(writer: ExportWriter, entity: str, rows: Iterator[list[str]]) -> None:
    first = next(rows, None)
    if first is not None:
        writer.write_rows(entity, _chain(first, rows))


def _chain(first: list[str], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest


def _record(db: sa.Engine, manifest: Manifest, version: int, now: dt.datetime) -> None:
    with db.connect() as conn, conn.begin():
        last = _last(conn)
        if (last.sequence if last else 0) + 1 != manifest.sequence:
            raise SequenceError(
                f"export {manifest.sequence} lost a race: another export was made meanwhile",
                file=manifest_name(manifest.sequence, manifest.kind),
            )
        conn.execute(
            sa.insert(export_log).values(
                sequence=manifest.sequence,
                kind=manifest.kind,
                base_sequence=manifest.base_sequence,
                row_version=version,
                rows=sum(f.rows for f in manifest.files),
                created_at=now.replace(tzinfo=None),
            )
        )
    log.info("export %d (%s) made", manifest.sequence, manifest.kind)


def publish_pending(
    db: sa.Engine, folder: Path, target: str, **transfer_options: object
) -> list[Published]:
    """Upload every recorded export not yet published, in sequence order; manifest last."""
    with db.connect() as conn:
        pending = conn.execute(
            sa.select(export_log)
            .where(export_log.c.published_at.is_(None))
            .order_by(export_log.c.sequence)
        ).all()
    if not pending:
        return []
    done = []
    transfer, remote_dir = open_url(target, **transfer_options)
    with transfer:
        transfer.mkdirs(remote_dir)
        for entry in pending:
            _upload(transfer, remote_dir, folder, entry.sequence, entry.kind)
            with db.connect() as conn, conn.begin():
                conn.execute(
                    sa.update(export_log)
                    .where(export_log.c.sequence == entry.sequence)
                    .values(
                        published_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                        published_to=transfer.server + remote_dir,
                    )
                )
            done.append(
                Published(entry.sequence, entry.kind, entry.rows, transfer.server + remote_dir)
            )
            log.info("export %d published to %s%s", entry.sequence, transfer.server, remote_dir)
    return done


def _upload(transfer: Transfer, remote_dir: str, folder: Path, sequence: int, kind: str) -> None:
    manifest_path = folder / manifest_name(sequence, kind)
    if not manifest_path.exists():
        raise ExportError(
            "the export to publish is missing from the export folder", file=str(manifest_path)
        )
    manifest = read_manifest(manifest_path)
    join = (lambda name: f"{remote_dir.rstrip('/')}/{name}") if remote_dir else (lambda name: name)
    for entry in manifest.files:
        transfer.upload(folder / entry.name, join(entry.name))
    transfer.upload(manifest_path, join(manifest_path.name))


_SEQUENCE_PREFIX = re.compile(r"^([0-9]{8,})-(?:full|incremental)\.")


def prune(transfer: Transfer, remote_dir: str, keep_fulls: int = 1) -> list[str]:
    """Delete exports older than the ``keep_fulls`` newest full ones; the names removed.

    Manifests go first, so a till never sees an export without its files; data files
    left by an interrupted prune (no manifest any more) go too.
    """
    files = [f.name for f in transfer.list(remote_dir)]
    fulls = sorted(
        r.sequence for name in files if (r := export_ref(name)) is not None and r.kind == "full"
    )
    if not fulls or len(fulls) < keep_fulls:
        return []
    oldest_kept = fulls[-keep_fulls]

    def old(name: str) -> bool:
        m = _SEQUENCE_PREFIX.match(name)
        return m is not None and int(m[1]) < oldest_kept

    doomed = sorted((n for n in files if old(n)), key=lambda n: not n.endswith(".manifest.json"))
    join = (lambda name: f"{remote_dir.rstrip('/')}/{name}") if remote_dir else (lambda name: name)
    for name in doomed:
        transfer.delete(join(name))
    return doomed
