"""ERP side of the export format: gzip CSV files hashed as they are written, renamed in
when complete, and the manifest written last, atomically: seeing it means the export is whole."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import hashlib
import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol

from connectors.errors import ExportError, Unavailable
from ftp_import.format import (
    ENTITIES,
    ENTITY_ORDER,
    KINDS,
    OPS,
    SCHEMA_VERSION,
    data_file_name,
    file_columns,
    manifest_name,
)
from ftp_import.manifest import Manifest, ManifestFile, dump_manifest

_CHUNK_ROWS = 4096
_TEXT_CHUNK = 1 << 16
_OPS = frozenset(OPS)
_first = itemgetter(0)


class _RowsWriter(Protocol):
    def writerows(self, rows: Iterable[Sequence[str]], /) -> object: ...


class _HashingSink:
    """A write-only file object that hashes and counts the bytes it passes to ``raw``."""

    def __init__(self, raw: BinaryIO, path: Path) -> None:
        self._raw = raw
        self._path = path
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        with _disk(self._path):
            self._raw.write(data)
        self._hash.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        self._raw.flush()

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class ExportWriter:
    """Context manager writing one export; ``.manifest`` holds the result after a clean exit.

    On an exception, inside ``write_rows`` or in the ``with`` body, every file this writer
    made is removed and no manifest is written.
    """

    def __init__(
        self,
        directory: Path,
        sequence: int,
        kind: str,
        base_sequence: int | None = None,
        *,
        created_at: dt.datetime | None = None,
        compresslevel: int = 6,
    ) -> None:
        _check_identity(sequence, kind, base_sequence)
        if created_at is not None and created_at.tzinfo is None:
            raise ValueError("created_at must be timezone-aware")
        self.directory = Path(directory)
        self.sequence = sequence
        self.kind = kind
        self.base_sequence = base_sequence
        self.created_at = created_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.compresslevel = compresslevel
        self._files: dict[str, ManifestFile] = {}
        self._made: list[Path] = []
        self._manifest: Manifest | None = None
        self._aborted = False

    @property
    def manifest(self) -> Manifest:
        if self._manifest is None:
            raise RuntimeError("the export is not finished: leave the with block first")
        return self._manifest

    def __enter__(self) -> ExportWriter:
        path = self.directory / manifest_name(self.sequence, self.kind)
        if path.exists():
            raise ExportError("this export is already published", file=str(path))
        with _disk(self.directory):
            self.directory.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self._abort()
            return
        if self._aborted:
            raise RuntimeError("the export was aborted by an earlier error; nothing was published")
        try:
            self._finish()
        except BaseException:
            self._abort()
            raise

    def write_rows(self, entity: str, rows: Iterable[Sequence[str]]) -> int:
        """Write all rows of ``entity`` (incremental rows lead with their op); returns the count."""
        self._check_writable(entity)
        try:
            self._files[entity] = self._write_file(entity, rows)
        except BaseException:
            self._abort()
            raise
        return self._files[entity].rows

    def _check_writable(self, entity: str) -> None:
        if self._aborted or self._manifest is not None:
            raise RuntimeError("this export is closed")
        if entity not in ENTITIES:
            raise ValueError(f"unknown entity {entity!r}")
        if entity in self._files:
            raise ValueError(f"entity {entity!r} is already written in this export")

    def _write_file(self, entity: str, rows: Iterable[Sequence[str]]) -> ManifestFile:
        name = data_file_name(self.sequence, self.kind, entity)
        final = self.directory / name
        part = final.with_name(name + ".part")
        self._made.append(part)
        with _create(part, final) as raw:
            sink = _HashingSink(raw, final)
            count = self._write_csv(sink, entity, rows, name)
            with _disk(final):
                _sync(raw)
        self._made.append(final)
        with _disk(final):
            os.replace(part, final)
        return ManifestFile(entity, name, sink.size, count, sink.hexdigest())

    def _write_csv(
        self, sink: _HashingSink, entity: str, rows: Iterable[Sequence[str]], name: str
    ) -> int:
        header = file_columns(entity, self.kind)
        gz = gzip.GzipFile(
            filename="", mode="wb", fileobj=sink, compresslevel=self.compresslevel, mtime=0
        )
        with io.TextIOWrapper(gz, encoding="utf-8", newline="") as text:
            text._CHUNK_SIZE = _TEXT_CHUNK  # type: ignore[attr-defined]  # fewer, larger writes
            writer = csv.writer(text)
            writer.writerow(header)
            try:
                return _write_chunks(writer, rows, len(header), self.kind == "incremental", name)
            except UnicodeEncodeError as exc:
                bad = exc.object[exc.start : exc.end]
                raise ExportError(f"a value is not encodable as UTF-8: {bad!r}", file=name) from exc

    def _finish(self) -> None:
        if self.kind == "full":
            for entity in ENTITY_ORDER:
                if entity not in self._files:
                    self._files[entity] = self._write_file(entity, ())
        files = tuple(self._files[e] for e in ENTITY_ORDER if e in self._files)
        manifest = Manifest(
            self.kind, self.sequence, self.base_sequence, self.created_at, SCHEMA_VERSION, files
        )
        self._write_manifest(manifest)
        self._manifest = manifest

    def _write_manifest(self, manifest: Manifest) -> None:
        final = self.directory / manifest_name(self.sequence, self.kind)
        temp = final.with_name(final.name + ".tmp")
        self._made += [temp, final]  # a failure even after the rename unpublishes it
        with _disk(final):
            with open(temp, "wb") as f:
                f.write(dump_manifest(manifest))
                _sync(f)
            os.replace(temp, final)
            _sync_directory(self.directory)

    def _abort(self) -> None:
        self._aborted = True
        for path in reversed(self._made):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        self._made.clear()


def _check_identity(sequence: int, kind: str, base_sequence: int | None) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if type(sequence) is not int or sequence < 1:
        raise ValueError(f"sequence must be an integer >= 1, got {sequence!r}")
    if kind == "full" and base_sequence is not None:
        raise ValueError("a full export has no base_sequence")
    if kind == "incremental" and not (type(base_sequence) is int and 1 <= base_sequence < sequence):
        raise ValueError(f"base_sequence must be 1..{sequence - 1}, got {base_sequence!r}")


def _write_chunks(
    writer: _RowsWriter, rows: Iterable[Sequence[str]], width: int, with_op: bool, name: str
) -> int:
    count = 0
    for chunk in _chunks(rows):
        if set(map(len, chunk)) != {width}:
            raise _row_error(chunk, count, name, lambda r: len(r) != width, f"{width} values")
        if with_op and not _OPS.issuperset(map(_first, chunk)):
            raise _row_error(chunk, count, name, lambda r: r[0] not in _OPS, "op U or D")
        writer.writerows(chunk)
        count += len(chunk)
    return count


def _chunks(rows: Iterable[Sequence[str]]) -> Iterator[list[Sequence[str]]]:
    it = iter(rows)
    while chunk := list(islice(it, _CHUNK_ROWS)):
        yield chunk


def _row_error(
    chunk: list[Sequence[str]],
    before: int,
    name: str,
    bad: Callable[[Sequence[str]], bool],
    expected: str,
) -> ExportError:
    i, row = next((i, r) for i, r in enumerate(chunk) if bad(r))
    return ExportError(f"expected {expected}, got {list(row)!r}", file=name, line=before + i + 2)


@contextlib.contextmanager
def _disk(path: Path) -> Iterator[None]:
    """Our own file operations: their OSError is the environment's (disk full, permissions)."""
    try:
        yield
    except OSError as exc:
        raise Unavailable(f"cannot write {path}: {exc}", target=str(path)) from exc


def _create(path: Path, final: Path) -> BinaryIO:
    with _disk(final):
        return open(path, "wb")


def _sync(f: BinaryIO) -> None:
    f.flush()
    os.fsync(f.fileno())


def _sync_directory(directory: Path) -> None:
    """Make the rename durable; directories cannot be opened for this on Windows."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
