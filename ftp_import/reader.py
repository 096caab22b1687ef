"""Till side of the export format: find exports, stream checked rows (hashed as they are
read, verified against the manifest after the last row) and parse values."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import hashlib
import io
import re
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, Protocol

from connectors.errors import ChecksumError, ExportError
from ftp_import.format import ENTITIES, KINDS, Entity, file_columns, manifest_name
from ftp_import.manifest import Manifest, ManifestFile, parse_manifest

_MANIFEST_RE = re.compile(r"([0-9]{8,})-([a-z]+)\.manifest\.json")
_DECIMAL_RE = re.compile(r"-?[0-9]+(?:\.([0-9]+))?")
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DRAIN_CHUNK = 1 << 16
# What a damaged gzip stream or undecodable text raises while we read it.
_DECODE_ERRORS = (OSError, EOFError, zlib.error, UnicodeDecodeError)

_Rows = Generator[list[str], None, int]


class _CsvReader(Protocol):
    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


@dataclass(frozen=True, slots=True, order=True)
class ExportRef:
    """A published export found in a directory (its manifest exists)."""

    sequence: int
    kind: str
    manifest_name: str


def list_exports(directory: Path) -> list[ExportRef]:
    """Published exports in ``directory`` by sequence; temporary and foreign names are skipped."""
    try:
        names = [p.name for p in Path(directory).iterdir()]
    except OSError as exc:
        raise ExportError(f"cannot list exports: {exc}", file=str(directory)) from exc
    return sorted(r for name in names if (r := export_ref(name)) is not None)


def export_ref(name: str) -> ExportRef | None:
    """The export a file name publishes, or None (data files, temporary names, others)."""
    m = _MANIFEST_RE.fullmatch(name)
    if m is None or m[2] not in KINDS:
        return None
    sequence = int(m[1])
    if sequence < 1 or manifest_name(sequence, m[2]) != name:
        return None
    return ExportRef(sequence, m[2], name)


def read_manifest(path: Path) -> Manifest:
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise ExportError("manifest not found", file=str(path)) from exc
    except OSError as exc:
        raise ExportError(f"cannot read manifest: {exc}", file=str(path)) from exc
    return parse_manifest(data, str(path))


class _HashingSource:
    """A read-only file object that hashes and counts the bytes read from ``raw``."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._hash.update(data)
        self.size += len(data)
        return data

    def seek(self, offset: int, /) -> int:
        raise io.UnsupportedOperation("a data file is read once, from its start")

    def drain(self) -> None:
        while self.read(_DRAIN_CHUNK):
            pass

    def mismatch(self, entry: ManifestFile) -> str | None:
        """What differs from the manifest entry, or None."""
        if self.size != entry.size:
            return f"size: expected {entry.size} bytes, got {self.size}"
        digest = self._hash.hexdigest()
        if digest != entry.sha256:
            return f"sha256: expected {entry.sha256}, got {digest}"
        return None


def iter_rows(path: Path, entry: ManifestFile, kind: str) -> Iterator[list[str]]:
    """Stream the checked rows of one data file (incremental rows lead with their op).

    Errors name ``entry.name`` and the CSV line (header = line 1). Size, SHA-256 and row
    count are verified once the last row has been read: use the rows only after the
    iterator is exhausted without error.
    """
    return DataFile(path, entry, kind).rows()


@contextlib.contextmanager
def checked_rows(
    path: Path, entry: ManifestFile, kind: str, *, fetched: bool = False
) -> Iterator[Iterator[list[str]]]:
    """The rows of :func:`iter_rows`, for a consumer that checks them further (values,
    check digits). An :class:`ExportError` the ``with`` body raises on a row stands only
    when the file matches its manifest: the rest of the file is hashed first (streamed,
    nothing kept), and a file that differs is a :class:`ChecksumError` saying it is
    damaged, since then its rows say nothing of the data published. ``fetched`` says the
    file came by a transfer of ours ("damaged in transfer") rather than read in place.
    """
    data = DataFile(path, entry, kind, fetched=fetched)
    rows = data.rows()
    try:
        yield rows
    except ExportError as exc:
        refusal = data.refused(exc)
        if refusal is exc:
            raise
        raise refusal from exc
    finally:
        rows.close()


class DataFile:
    """One data file read as rows, hashed as they are read."""

    def __init__(self, path: Path, entry: ManifestFile, kind: str, *, fetched: bool = False):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        self.path, self.entry, self.kind = path, entry, kind
        self.damaged = "damaged in transfer" if fetched else "damaged"
        # The open file while rows() is suspended between two rows, else None.
        self._reading: _HashingSource | None = None

    def rows(self) -> _Rows:
        entry, name = self.entry, self.entry.name
        header = file_columns(entry.entity, self.kind)
        raw = _open_data(self.path, name)
        with raw:
            source = _HashingSource(raw)
            text = io.TextIOWrapper(gzip.GzipFile(mode="rb", fileobj=source), "utf-8", newline="")
            reader = csv.reader(text, strict=True)
            self._reading = source
            try:
                _check_header(reader, header, name)
                rows = _full_rows if self.kind == "full" else _incremental_rows
                count = yield from rows(reader, ENTITIES[entry.entity], header, name)
            except ExportError as exc:
                diagnosis = self._diagnose(source, exc, _unreadable(exc))
                if diagnosis is exc:
                    raise
                raise diagnosis from exc
            except csv.Error as exc:
                error = ExportError(f"malformed CSV: {exc}", file=name, line=reader.line_num)
                raise self._diagnose(source, error, _unreadable(error)) from exc
            except _DECODE_ERRORS as exc:
                error = ExportError(f"not a valid gzip CSV file: {exc}", file=name)
                raise self._diagnose(source, error, "does not decode") from exc
            finally:
                self._reading = None
            source.drain()
        problem = source.mismatch(entry)
        if problem is None and count != entry.rows:
            problem = f"rows: expected {entry.rows}, got {count}"
        if problem is not None:
            raise ChecksumError(f"does not match the manifest: {problem}", file=name)
        return count

    def refused(self, error: ExportError) -> ExportError:
        """What to raise for a row the consumer refused: ``error`` when the file matches
        its manifest, else the damage. Call it while :meth:`rows` is suspended."""
        if self._reading is None:
            return error  # the rows' own error (already diagnosed), or none read yet
        where = f"line {error.line} fails its check" if error.line else "a row fails its check"
        return self._diagnose(self._reading, error, where)

    def _diagnose(self, source: _HashingSource, error: ExportError, where: str) -> ExportError:
        """``error``, unless the bytes differ from the manifest: then the file was damaged
        on its way (fetch or copy it again) rather than published bad (fix it at the source)."""
        try:
            source.drain()
        except OSError:
            return error
        problem = source.mismatch(self.entry)
        if problem is None:
            return error
        return ChecksumError(
            f"{self.damaged} ({where}): does not match the manifest: {problem}",
            file=self.entry.name,
        )


def _unreadable(error: ExportError) -> str:
    return f"unreadable from line {error.line}" if error.line else "does not decode"


def file_mismatch(path: Path, entry: ManifestFile) -> str | None:
    """What differs between a file's size and SHA-256 and its manifest entry, or None."""
    with _open_data(path, entry.name) as raw:
        source = _HashingSource(raw)
        try:
            source.drain()
        except OSError as exc:
            raise ExportError(f"cannot read: {exc}", file=entry.name) from exc
    return source.mismatch(entry)


def _open_data(path: Path, name: str) -> BinaryIO:
    try:
        return open(path, "rb")
    except FileNotFoundError as exc:
        raise ExportError(f"data file not found at {path}", file=name) from exc
    except OSError as exc:
        raise ExportError(f"cannot open {path}: {exc}", file=name) from exc


def _check_header(reader: _CsvReader, header: tuple[str, ...], name: str) -> None:
    got = next(reader, None)
    if got is None:
        raise ExportError("empty file, expected the header row", file=name, line=1)
    if tuple(got) != header:
        raise ExportError(
            f"header: expected {','.join(header)}, got {','.join(got)}", file=name, line=1
        )


def _slots(header: tuple[str, ...], columns: tuple[str, ...], n: int) -> tuple[int, ...]:
    """Indexes of ``columns`` padded to ``n`` by repeating the first, for fixed-size checks."""
    idx = [header.index(c) for c in columns]
    if len(idx) > n:
        raise AssertionError(f"the format has more than {n} of {columns}: widen the checks")
    return (*idx, *[idx[0]] * (n - len(idx)))


# The two loops below are the hot path of a full load (3 million rows for a million
# items): the checks are plain indexing, with no function call per row. Every entity has
# at most 5 required and 2 key columns; shorter lists repeat their first index.


def _full_rows(reader: _CsvReader, e: Entity, header: tuple[str, ...], name: str) -> _Rows:
    width = len(header)
    r1, r2, r3, r4, r5 = _slots(header, e.required, 5)
    count = 0
    for row in reader:
        if len(row) != width:
            raise _width_error(row, header, name, reader.line_num)
        if not (row[r1] and row[r2] and row[r3] and row[r4] and row[r5]):
            raise _empty_error(row, header, e.required, "a required value", name, reader.line_num)
        count += 1
        yield row
    return count


def _incremental_rows(reader: _CsvReader, e: Entity, header: tuple[str, ...], name: str) -> _Rows:
    width = len(header)
    r1, r2, r3, r4, r5 = _slots(header, e.required, 5)
    k1, k2 = _slots(header, e.key, 2)
    count = 0
    for row in reader:
        if len(row) != width:
            raise _width_error(row, header, name, reader.line_num)
        op = row[0]
        if op == "U":
            if not (row[r1] and row[r2] and row[r3] and row[r4] and row[r5]):
                raise _empty_error(
                    row, header, e.required, "a required value", name, reader.line_num
                )
        elif op != "D":
            raise ExportError(f"op: expected U or D, got {op!r}", file=name, line=reader.line_num)
        elif not (row[k1] and row[k2]):
            raise _empty_error(row, header, e.key, "a key value of a D row", name, reader.line_num)
        count += 1
        yield row
    return count


def _width_error(row: list[str], header: tuple[str, ...], name: str, line: int) -> ExportError:
    return ExportError(
        f"expected {len(header)} columns ({','.join(header)}), got {len(row)}", file=name, line=line
    )


def _empty_error(
    row: list[str],
    header: tuple[str, ...],
    columns: tuple[str, ...],
    what: str,
    name: str,
    line: int,
) -> ExportError:
    column = next(c for c in columns if row[header.index(c)] == "")
    return ExportError(f"{column}: {what} is empty", file=name, line=line)


def _value_error(text: str, expected: str, file: str, line: int, column: str) -> ExportError:
    return ExportError(f"{column}: expected {expected}, got {text!r}", file=file, line=line)


def parse_decimal(text: str, places: int, *, file: str, line: int, column: str) -> Decimal:
    """A plain decimal with a dot and at most ``places`` decimals; no exponent, NaN or sign +."""
    m = _DECIMAL_RE.fullmatch(text)
    if m is None:
        raise _value_error(text, "a decimal like 12.30", file, line, column)
    if m[1] is not None and len(m[1]) > places:
        raise _value_error(text, f"at most {places} decimals", file, line, column)
    return Decimal(text)


def parse_bool(text: str, *, file: str, line: int, column: str) -> bool:
    if text == "1":
        return True
    if text == "0":
        return False
    raise _value_error(text, "1 or 0", file, line, column)


def parse_date(text: str, *, file: str, line: int, column: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date; empty means none."""
    if text == "":
        return None
    if _DATE_RE.fullmatch(text) is not None:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise _value_error(text, "a date YYYY-MM-DD", file, line, column)
