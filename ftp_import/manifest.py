"""The export manifest (schema in :mod:`ftp_import.format`): typed form, canonical JSON, and
strict parsing whose errors name the field and what is wrong with it."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from connectors.errors import ExportError
from connectors.times import utc_text
from ftp_import.format import (
    ENTITIES,
    ENTITY_ORDER,
    FORMAT_NAME,
    KINDS,
    SCHEMA_VERSION,
    data_file_name,
)

_SHA256_RE = re.compile(r"[0-9a-fA-F]{64}")
_TOP_FIELDS = frozenset(
    {"format", "schema_version", "kind", "sequence", "base_sequence", "created_at", "files"}
)
_FILE_FIELDS = frozenset({"entity", "name", "size", "rows", "sha256"})


@dataclass(frozen=True, slots=True)
class ManifestFile:
    """One data file of an export: size and SHA-256 are of the compressed bytes."""

    entity: str
    name: str
    size: int
    rows: int
    sha256: str


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an export holds; written last, so its presence means the export is complete."""

    kind: str
    sequence: int
    base_sequence: int | None
    created_at: dt.datetime
    schema_version: int
    files: tuple[ManifestFile, ...]

    def file_for(self, entity: str) -> ManifestFile | None:
        return next((f for f in self.files if f.entity == entity), None)


def parse_manifest(data: bytes, source: str) -> Manifest:
    """Parse and validate manifest bytes; ``source`` names the file in errors."""
    try:
        obj = json.loads(data, object_pairs_hook=lambda pairs: _unique_keys(pairs, source))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError(f"not a JSON manifest: {exc}", file=source) from exc
    if not isinstance(obj, dict):
        raise ExportError("manifest must be a JSON object", file=source)
    return _Parser(source).manifest(obj)


def _unique_keys(pairs: list[tuple[str, Any]], source: str) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        dup = next(k for i, (k, _) in enumerate(pairs) if any(k == p[0] for p in pairs[:i]))
        raise ExportError(f"{dup}: field given twice", file=source)
    return obj


def dump_manifest(m: Manifest) -> bytes:
    """Canonical JSON of a manifest: pretty, sorted keys, UTC times with ``Z``."""
    obj: dict[str, Any] = {
        "format": FORMAT_NAME,
        "schema_version": m.schema_version,
        "kind": m.kind,
        "sequence": m.sequence,
        "created_at": _format_time(m.created_at),
        "files": [
            {"entity": f.entity, "name": f.name, "size": f.size, "rows": f.rows, "sha256": f.sha256}
            for f in m.files
        ],
    }
    if m.base_sequence is not None:
        obj["base_sequence"] = m.base_sequence
    return (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _format_time(t: dt.datetime) -> str:
    if t.tzinfo is None:
        raise ValueError("created_at must be timezone-aware")
    return utc_text(t)


class _Parser:
    """Validates one manifest object; every error names ``source`` and the field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, field: str, problem: str) -> ExportError:
        return ExportError(f"{field}: {problem}", file=self.source)

    def manifest(self, obj: dict[str, Any]) -> Manifest:
        self.no_unknown_fields(obj, _TOP_FIELDS, "")
        if obj.get("format") != FORMAT_NAME:
            raise self.fail("format", f"expected {FORMAT_NAME!r}, got {obj.get('format')!r}")
        version = obj.get("schema_version")
        if type(version) is not int or version != SCHEMA_VERSION:
            raise self.fail("schema_version", f"unsupported {version!r}, expected {SCHEMA_VERSION}")
        kind = obj.get("kind")
        if kind not in KINDS:
            raise self.fail("kind", f"expected one of {', '.join(KINDS)}, got {kind!r}")
        sequence = self.positive_int(obj.get("sequence"), "sequence")
        base = self.base_sequence(obj.get("base_sequence"), kind, sequence)
        created_at = self.created_at(obj.get("created_at"))
        files = self.files(obj.get("files"), kind, sequence)
        return Manifest(kind, sequence, base, created_at, version, files)

    def no_unknown_fields(self, obj: dict[str, Any], allowed: frozenset[str], where: str) -> None:
        unknown = sorted(set(obj) - allowed)
        if unknown:
            raise self.fail(f"{where}{unknown[0]}", "unknown field")

    def positive_int(self, value: object, field: str) -> int:
        if type(value) is not int or value < 1:
            raise self.fail(field, f"expected an integer >= 1, got {value!r}")
        return value

    def base_sequence(self, value: object, kind: str, sequence: int) -> int | None:
        if kind == "full":
            if value is not None:
                raise self.fail("base_sequence", f"a full export has no base, got {value!r}")
            return None
        if value is None:
            raise self.fail("base_sequence", "missing; an incremental export needs its base")
        base = self.positive_int(value, "base_sequence")
        if base >= sequence:
            raise self.fail("base_sequence", f"{base} must be below sequence {sequence}")
        return base

    def created_at(self, value: object) -> dt.datetime:
        if not isinstance(value, str):
            raise self.fail("created_at", f"expected an ISO 8601 UTC time, got {value!r}")
        try:
            t = dt.datetime.fromisoformat(value)
        except ValueError as exc:
            raise self.fail("created_at", f"not an ISO 8601 time: {value!r}") from exc
        if t.tzinfo is None:
            raise self.fail("created_at", f"no time zone in {value!r}; expected UTC ('Z')")
        try:
            return t.astimezone(dt.UTC)
        except OverflowError as exc:  # 0001-01-01T00:00+14:00 is before year 1 in UTC
            raise self.fail("created_at", f"out of range in UTC: {value!r}") from exc

    def files(self, value: object, kind: str, sequence: int) -> tuple[ManifestFile, ...]:
        if not isinstance(value, list):
            raise self.fail("files", f"expected a list, got {type(value).__name__}")
        files = tuple(self.file(item, i, kind, sequence) for i, item in enumerate(value))
        seen: set[str] = set()
        for i, f in enumerate(files):
            if f.entity in seen:
                raise self.fail(f"files[{i}].entity", f"duplicate entity {f.entity!r}")
            seen.add(f.entity)
        missing = [e for e in ENTITY_ORDER if e not in seen and not ENTITIES[e].optional]
        if kind == "full" and missing:
            raise self.fail("files", f"a full export must carry every entity; missing {missing}")
        return files

    def file(self, item: object, i: int, kind: str, sequence: int) -> ManifestFile:
        where = f"files[{i}]"
        if not isinstance(item, dict):
            raise self.fail(where, "expected an object")
        self.no_unknown_fields(item, _FILE_FIELDS, f"{where}.")
        entity = item.get("entity")
        if not isinstance(entity, str) or entity not in ENTITIES:
            raise self.fail(f"{where}.entity", f"unknown entity {entity!r}")
        expected_name = data_file_name(sequence, kind, entity)
        if item.get("name") != expected_name:
            raise self.fail(
                f"{where}.name", f"expected {expected_name!r}, got {item.get('name')!r}"
            )
        size = self.count(item.get("size"), f"{where}.size")
        rows = self.count(item.get("rows"), f"{where}.rows")
        sha = item.get("sha256")
        if not isinstance(sha, str) or not _SHA256_RE.fullmatch(sha):
            raise self.fail(f"{where}.sha256", f"expected 64 hex digits, got {sha!r}")
        return ManifestFile(entity, expected_name, size, rows, sha.lower())

    def count(self, value: object, field: str) -> int:
        if type(value) is not int or value < 0:
            raise self.fail(field, f"expected an integer >= 0, got {value!r}")
        return value
