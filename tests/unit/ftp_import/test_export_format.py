"""The export format on real files: writer, manifest, reader and value parsers."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import ChecksumError, ExportError
from ftp_import.format import (
    ENTITIES,
    ENTITY_ORDER,
    data_file_name,
    file_columns,
    manifest_name,
)
from ftp_import.manifest import Manifest, ManifestFile, dump_manifest, parse_manifest
from ftp_import.reader import (
    ExportRef,
    file_mismatch,
    iter_rows,
    list_exports,
    parse_bool,
    parse_date,
    parse_decimal,
    read_manifest,
)
from ftp_import.writer import ExportWriter

BREAD = ["I0000001", "Rye bread, 500g", "5.5", "unit", "0", "1"]
MILK = ["I0000002", 'Milk "Alpine" 1L', "5.5", "unit", "0", "1"]
WHEN = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)

# Any text but lone surrogates (not UTF-8): commas, quotes, CR/LF, NUL, non-ASCII.
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_nonempty = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
_nasty = st.sampled_from([",", '"', "\r", "\n", "\r\n", '""', "é", "ß", "日本", "\x00", " "])


def _value(required: bool) -> st.SearchStrategy[str]:
    plain = _nonempty if required else _text
    return st.one_of(plain, _nasty, st.tuples(plain, _nasty, plain).map("".join))


def _full_row(entity: str) -> st.SearchStrategy[list[str]]:
    e = ENTITIES[entity]
    return st.tuples(*(_value(c in e.required) for c in e.columns)).map(list)


def _incremental_row(entity: str) -> st.SearchStrategy[list[str]]:
    e = ENTITIES[entity]
    upsert = _full_row(entity).map(lambda r: ["U", *r])
    delete = st.tuples(*(_value(c in e.key) for c in e.columns)).map(lambda r: ["D", *r])
    return st.one_of(upsert, delete)


def _read_back(folder: Path, entity: str) -> tuple[Manifest, list[list[str]]]:
    (ref,) = list_exports(folder)
    manifest = read_manifest(folder / ref.manifest_name)
    entry = manifest.file_for(entity)
    assert entry is not None
    return manifest, list(iter_rows(folder / entry.name, entry, manifest.kind))


def _with_entity_rows(
    make: Callable[[str], st.SearchStrategy[list[str]]],
) -> st.SearchStrategy[tuple[str, list[list[str]]]]:
    return st.sampled_from(ENTITY_ORDER).flatmap(
        lambda e: st.tuples(st.just(e), st.lists(make(e), max_size=15))
    )


_FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(_with_entity_rows(_full_row))
def test_full_rows_round_trip(case: tuple[str, list[list[str]]]) -> None:
    entity, rows = case
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        with ExportWriter(folder, 3, "full", created_at=WHEN) as w:
            assert w.write_rows(entity, iter(rows)) == len(rows)
        manifest, back = _read_back(folder, entity)
        assert back == rows
        assert manifest == w.manifest
        assert [f.entity for f in manifest.files] == list(ENTITY_ORDER)


@_FAST
@given(_with_entity_rows(_incremental_row))
def test_incremental_rows_round_trip(case: tuple[str, list[list[str]]]) -> None:
    entity, rows = case
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        with ExportWriter(folder, 8, "incremental", 7, created_at=WHEN) as w:
            w.write_rows(entity, rows)
        manifest, back = _read_back(folder, entity)
        assert back == rows
        assert [f.entity for f in manifest.files] == [entity]
        assert manifest.base_sequence == 7 and manifest.file_for(entity).rows == len(rows)  # type: ignore[union-attr]


# --- writer -----------------------------------------------------------------------------


def _write_full(folder: Path, sequence: int = 1, **rows: list[list[str]]) -> Manifest:
    with ExportWriter(folder, sequence, "full", created_at=WHEN) as w:
        for entity, entity_rows in rows.items():
            w.write_rows(entity, entity_rows)
    return w.manifest


def test_manifest_describes_the_stored_bytes(tmp_path: Path) -> None:
    manifest = _write_full(tmp_path, items=[BREAD, MILK])
    on_disk = parse_manifest((tmp_path / "00000001-full.manifest.json").read_bytes(), "m")
    assert on_disk == manifest
    for entry in manifest.files:
        data = (tmp_path / entry.name).read_bytes()
        assert entry.size == len(data)
        assert entry.sha256 == hashlib.sha256(data).hexdigest()
    assert manifest.file_for("items").rows == 2  # type: ignore[union-attr]
    assert manifest.file_for("offers").rows == 0  # type: ignore[union-attr]
    header = gzip.decompress((tmp_path / data_file_name(1, "full", "offers")).read_bytes())
    assert header.decode() == ",".join(file_columns("offers", "full")) + "\r\n"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([manifest_name(1, "full")] + [f.name for f in manifest.files])


def test_same_rows_give_the_same_bytes(tmp_path: Path) -> None:
    a = _write_full(tmp_path / "a", items=[BREAD, MILK])
    b = _write_full(tmp_path / "b", items=[BREAD, MILK])
    assert [f.sha256 for f in a.files] == [f.sha256 for f in b.files]


def test_an_exception_in_the_body_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="boom"), ExportWriter(tmp_path, 1, "full") as w:
        w.write_rows("items", [BREAD])
        w.write_rows("prices", [["I0000001", "2026-01-01", "1.20", ""]])
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RuntimeError, match="not finished"):
        _ = w.manifest


def test_a_failing_row_source_leaves_nothing(tmp_path: Path) -> None:
    def rows() -> Any:
        yield BREAD
        raise OSError("ERP connection lost")

    with pytest.raises(OSError, match="ERP"), ExportWriter(tmp_path, 1, "full") as w:
        w.write_rows("customers", [["C000001", "Anna Martin"]])
        w.write_rows("items", rows())
    assert list(tmp_path.iterdir()) == []


def test_a_row_of_the_wrong_width_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as err, ExportWriter(tmp_path, 1, "full") as w:
        w.write_rows("items", [BREAD, MILK, BREAD[:5]])
    assert err.value.file == "00000001-full.items.csv.gz" and err.value.line == 4
    assert list(tmp_path.iterdir()) == []


def test_an_error_caught_inside_the_block_still_publishes_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="aborted"), ExportWriter(tmp_path, 1, "full") as w:  # noqa: SIM117
        with pytest.raises(ExportError):  # caught: the export must still not appear
            w.write_rows("items", [BREAD[:2]])
    assert list(tmp_path.iterdir()) == []


def test_incremental_rows_need_an_op(tmp_path: Path) -> None:
    with (
        pytest.raises(ExportError, match="op") as err,
        ExportWriter(tmp_path, 2, "incremental", 1) as w,
    ):
        w.write_rows("customers", [["U", "C1", "Anna"], ["X", "C2", "Piotr"]])
    assert err.value.line == 3
    assert list(tmp_path.iterdir()) == []


def test_writer_refuses_misuse(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="base_sequence"):
        ExportWriter(tmp_path, 2, "incremental")
    with pytest.raises(ValueError, match="base_sequence"):
        ExportWriter(tmp_path, 2, "incremental", 2)
    with pytest.raises(ValueError, match="base_sequence"):
        ExportWriter(tmp_path, 2, "full", 1)
    with pytest.raises(ValueError, match="kind"):
        ExportWriter(tmp_path, 2, "partial")
    with pytest.raises(ValueError, match="sequence"):
        ExportWriter(tmp_path, 0, "full")
    with pytest.raises(ValueError, match="already written"), ExportWriter(tmp_path, 1, "full") as w:
        w.write_rows("items", [BREAD])
        w.write_rows("items", [MILK])
    with pytest.raises(ValueError, match="unknown entity"), ExportWriter(tmp_path, 1, "full") as w:
        w.write_rows("stock", [])
    assert list(tmp_path.iterdir()) == []


def test_an_export_is_never_overwritten(tmp_path: Path) -> None:
    _write_full(tmp_path, items=[BREAD])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(ExportError, match="already published"):
        _write_full(tmp_path, items=[MILK])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@given(st.decimals(-(10**9), 10**9, allow_nan=False, allow_infinity=False, places=2))
def test_money_round_trips(d: Decimal) -> None:
    text = f"{d:.2f}"
    assert parse_decimal(text, 2, file="f", line=2, column="price") == d


# --- manifest ---------------------------------------------------------------------------

_sha = st.text("0123456789abcdef", min_size=64, max_size=64)


@st.composite
def _manifests(draw: st.DrawFn) -> Manifest:
    kind = draw(st.sampled_from(["full", "incremental"]))
    sequence = draw(st.integers(2, 10**9))
    base = draw(st.integers(1, sequence - 1)) if kind == "incremental" else None
    entities = (
        list(ENTITY_ORDER)
        if kind == "full"
        else draw(st.lists(st.sampled_from(ENTITY_ORDER), unique=True))
    )
    files = tuple(
        ManifestFile(
            e,
            data_file_name(sequence, kind, e),
            draw(st.integers(0, 2**40)),
            draw(st.integers(0, 10**8)),
            draw(_sha),
        )
        for e in entities
    )
    created = draw(
        st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC))
    )
    return Manifest(kind, sequence, base, created, 1, files)


@given(_manifests())
def test_manifest_round_trips(m: Manifest) -> None:
    data = dump_manifest(m)
    assert parse_manifest(data, "m.json") == m
    assert dump_manifest(parse_manifest(data, "m.json")) == data


def test_manifest_json_is_readable() -> None:
    m = Manifest("incremental", 13, 12, WHEN, 1, ())
    text = dump_manifest(m).decode()
    assert '"created_at": "2026-11-21T09:00:00Z"' in text
    assert json.loads(text) == {
        "base_sequence": 12,
        "created_at": "2026-11-21T09:00:00Z",
        "files": [],
        "format": "tillsync-export",
        "kind": "incremental",
        "schema_version": 1,
        "sequence": 13,
    }


def _valid_manifest() -> dict[str, Any]:
    files = [
        {
            "entity": e,
            "name": data_file_name(5, "full", e),
            "size": 20,
            "rows": 0,
            "sha256": "a" * 64,
        }
        for e in ENTITY_ORDER
    ]
    return {
        "format": "tillsync-export",
        "schema_version": 1,
        "kind": "full",
        "sequence": 5,
        "created_at": "2026-11-21T09:00:00Z",
        "files": files,
    }


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda m: m.__setitem__(key, value)


def _set_file(i: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda m: m["files"][i].__setitem__(key, value)


def _incremental_without_base(m: dict[str, Any]) -> None:
    m["kind"] = "incremental"
    for f in m["files"]:
        f["name"] = data_file_name(5, "incremental", f["entity"])


MALFORMED: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("format", _set("format", "csv-export"), "format"),
    ("schema version", _set("schema_version", 2), "schema_version"),
    ("schema version text", _set("schema_version", "1"), "schema_version"),
    ("kind", _set("kind", "partial"), "kind"),
    ("sequence zero", _set("sequence", 0), "sequence"),
    ("sequence text", _set("sequence", "5"), "sequence"),
    ("sequence bool", _set("sequence", True), "sequence"),
    ("sequence missing", lambda m: m.pop("sequence"), "sequence"),
    ("full with base", _set("base_sequence", 4), "base_sequence"),
    ("incremental without base", _incremental_without_base, "base_sequence"),
    (
        "base not below sequence",
        lambda m: (_incremental_without_base(m), m.__setitem__("base_sequence", 5)),
        "base_sequence",
    ),
    ("created_at naive", _set("created_at", "2026-11-21T09:00:00"), "created_at"),
    ("created_at garbage", _set("created_at", "yesterday"), "created_at"),
    ("created_at number", _set("created_at", 1700000000), "created_at"),
    ("files not a list", _set("files", {}), "files"),
    ("unknown entity", _set_file(0, "entity", "stock"), "files[0].entity"),
    (
        "duplicate entity",
        lambda m: m["files"].append(dict(m["files"][1])),
        f"files[{len(ENTITY_ORDER)}].entity: duplicate entity 'prices'",
    ),
    ("name", _set_file(2, "name", "00000005-full.barcodes.csv"), "files[2].name"),
    ("name of another sequence", _set_file(0, "name", data_file_name(4, "full", "items")), "name"),
    ("negative size", _set_file(1, "size", -1), "files[1].size"),
    ("size text", _set_file(1, "size", "20"), "files[1].size"),
    ("negative rows", _set_file(3, "rows", -5), "files[3].rows"),
    ("short sha256", _set_file(4, "sha256", "ab" * 31), "files[4].sha256"),
    ("sha256 not hex", _set_file(4, "sha256", "g" * 64), "files[4].sha256"),
    ("full missing an entity", lambda m: m["files"].pop(5), "offers"),
    ("unknown field", _set("author", "me"), "author"),
    ("unknown file field", _set_file(0, "md5", "x"), "files[0].md5"),
]


def test_the_valid_manifest_of_these_cases_parses() -> None:
    m = parse_manifest(json.dumps(_valid_manifest()).encode(), "m.json")
    assert m.sequence == 5 and m.created_at == WHEN and len(m.files) == len(ENTITY_ORDER)


@pytest.mark.parametrize(("case", "mutate", "field"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_a_malformed_manifest_names_the_field(
    case: str, mutate: Callable[[dict[str, Any]], None], field: str
) -> None:
    m = _valid_manifest()
    mutate(m)
    with pytest.raises(ExportError) as err:
        parse_manifest(json.dumps(m).encode(), "00000005-full.manifest.json")
    assert err.value.file == "00000005-full.manifest.json"
    assert field in str(err.value)


@pytest.mark.parametrize(
    "data", [b"{", b"", b"[]", b"\xff\xfe\x00", b'{"format": 1, "format": 2}'], ids=repr
)
def test_a_manifest_that_is_not_a_json_object_is_refused(data: bytes) -> None:
    with pytest.raises(ExportError) as err:
        parse_manifest(data, "m.json")
    assert err.value.file == "m.json"


def test_read_manifest_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="not found") as err:
        read_manifest(tmp_path / "00000001-full.manifest.json")
    assert err.value.file == str(tmp_path / "00000001-full.manifest.json")


# --- reader: listing ----------------------------------------------------------------------


def test_list_exports_sees_only_published_manifests(tmp_path: Path) -> None:
    _write_full(tmp_path, 12, items=[BREAD])
    with ExportWriter(tmp_path, 13, "incremental", 12) as w:
        w.write_rows("items", [["D", "I0000001", "", "", "", "", ""]])
    for junk in [
        "00000014-full.manifest.json.tmp",
        "00000014-full.items.csv.gz.part",
        "00000015-incremental.manifest.json.part",
        "0000016-full.manifest.json",
        "000000017-full.manifest.json",
        "00000018-weird.manifest.json",
        "00000000-full.manifest.json",
        "notes.manifest.json",
        ".00000019-full.manifest.json",
    ]:
        (tmp_path / junk).write_bytes(b"{}")
    assert list_exports(tmp_path) == [
        ExportRef(12, "full", "00000012-full.manifest.json"),
        ExportRef(13, "incremental", "00000013-incremental.manifest.json"),
    ]


def test_list_exports_sorts_by_sequence_beyond_eight_digits(tmp_path: Path) -> None:
    for sequence in (100_000_000, 9, 99_999_999):
        (tmp_path / manifest_name(sequence, "full")).write_bytes(b"{}")
    assert [r.sequence for r in list_exports(tmp_path)] == [9, 99_999_999, 100_000_000]


# --- reader: damaged and malformed files --------------------------------------------------


@pytest.fixture
def items_export(tmp_path: Path) -> tuple[Path, ManifestFile]:
    rows = [[f"I{i:07d}", f"Item number {i}", "20", "unit", "0", "1"] for i in range(3000)]
    manifest = _write_full(tmp_path, items=rows)
    entry = manifest.file_for("items")
    assert entry is not None
    return tmp_path / entry.name, entry


def _consume(path: Path, entry: ManifestFile, kind: str = "full") -> list[list[str]]:
    return list(iter_rows(path, entry, kind))


@pytest.mark.parametrize("where", ["header", "middle", "trailer"])
def test_a_flipped_byte_is_a_checksum_error(
    items_export: tuple[Path, ManifestFile], where: str
) -> None:
    path, entry = items_export
    data = bytearray(path.read_bytes())
    data[{"header": 5, "middle": len(data) // 2, "trailer": len(data) - 6}[where]] ^= 0x10
    path.write_bytes(bytes(data))
    with pytest.raises(ChecksumError) as err:
        _consume(path, entry)
    assert err.value.file == entry.name
    assert (file_mismatch(path, entry) or "").startswith("sha256: expected")


def test_a_truncated_file_is_refused(items_export: tuple[Path, ManifestFile]) -> None:
    path, entry = items_export
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(ExportError) as err:
        _consume(path, entry)
    assert err.value.file == entry.name and "size" in str(err.value)
    assert (file_mismatch(path, entry) or "").startswith("size: expected")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    entry = ManifestFile("items", "00000001-full.items.csv.gz", 10, 0, "0" * 64)
    with pytest.raises(ExportError, match="not found") as err:
        _consume(tmp_path / entry.name, entry)
    assert err.value.file == entry.name
    with pytest.raises(ExportError, match="not found"):
        file_mismatch(tmp_path / entry.name, entry)


def test_rows_are_checked_against_the_manifest_count(
    items_export: tuple[Path, ManifestFile],
) -> None:
    path, entry = items_export
    lying = ManifestFile(entry.entity, entry.name, entry.size, entry.rows + 1, entry.sha256)
    with pytest.raises(ChecksumError, match="rows: expected 3001, got 3000") as err:
        _consume(path, lying)
    assert err.value.file == entry.name
    assert file_mismatch(path, entry) is None  # size and hash alone still match


def test_stopping_early_closes_the_file(items_export: tuple[Path, ManifestFile]) -> None:
    path, entry = items_export
    rows = iter_rows(path, entry, "full")
    assert next(rows)[0] == "I0000000"
    rows.close()  # an unclosed file would raise ResourceWarning, an error under pytest


def _raw_file(folder: Path, entity: str, kind: str, content: bytes) -> tuple[Path, ManifestFile]:
    """A data file with exactly ``content`` and a manifest entry that matches its bytes."""
    name = data_file_name(2 if kind == "incremental" else 1, kind, entity)
    path = folder / name
    path.write_bytes(content)
    entry = ManifestFile(entity, name, len(content), 0, hashlib.sha256(content).hexdigest())
    return path, entry


def _csv_file(folder: Path, entity: str, kind: str, text: str) -> tuple[Path, ManifestFile]:
    return _raw_file(folder, entity, kind, gzip.compress(text.encode(), mtime=0))


ITEMS_HEADER = "code,name,vat_rate,sold_by,alcohol,active\r\n"


@pytest.mark.parametrize(
    ("kind", "text", "line", "message"),
    [
        ("full", "code,name,vat_rate,sold_by,alcohol\r\n", 1, "header"),
        ("full", "\ufeff" + ITEMS_HEADER, 1, "header"),
        ("incremental", ITEMS_HEADER, 1, "header: expected op,code"),
        ("full", "", 1, "empty file"),
        ("full", ITEMS_HEADER + "I1,Bread,5.5,unit,0,1\r\nI2,Milk,5.5,unit,0\r\n", 3, "columns"),
        ("full", ITEMS_HEADER + "I1,Bread,5.5,unit,0,1,x\r\n", 2, "columns"),
        ("full", ITEMS_HEADER + "I1,Bread,5.5,unit,0,1\r\n\r\n", 3, "columns"),
        # A quoted line break: the line is where an editor shows the bad row.
        ("full", ITEMS_HEADER + 'I1,"Rye\nbread",5.5,unit,0,1\r\nI2,Milk\r\n', 4, "columns"),
        ("full", ITEMS_HEADER + "I1,Bread,5.5,unit,0,1\r\nI2,,5.5,unit,0,1\r\n", 3, "name"),
        ("full", ITEMS_HEADER + "I1,Bread,,unit,0,1\r\n", 2, "vat_rate: a required value"),
        ("full", ITEMS_HEADER + 'I1,"Bread"x,5.5,unit,0,1\r\n', 2, "malformed CSV"),
        ("full", ITEMS_HEADER + 'I1,"Bread,5.5,unit,0,1\r\n', 2, "malformed CSV"),
        ("incremental", "op," + ITEMS_HEADER + "U,I1,Bread,5.5,unit,0,1\r\nX,I1,,,,,\r\n", 3, "op"),
        ("incremental", "op," + ITEMS_HEADER + "u,I1,Bread,5.5,unit,0,1\r\n", 2, "op"),
        ("incremental", "op," + ITEMS_HEADER + "D,,,,,,\r\n", 2, "code: a key value"),
        ("incremental", "op," + ITEMS_HEADER + "U,I1,Bread,5.5,,0,1\r\n", 2, "sold_by"),
    ],
)
def test_a_malformed_file_names_file_and_line(
    tmp_path: Path, kind: str, text: str, line: int, message: str
) -> None:
    path, entry = _csv_file(tmp_path, "items", kind, text)
    with pytest.raises(ExportError) as err:
        _consume(path, entry, kind)
    assert not isinstance(err.value, ChecksumError)
    assert (err.value.file, err.value.line) == (entry.name, line)
    assert message in str(err.value)


def test_delete_rows_need_only_their_key(tmp_path: Path) -> None:
    text = "op,item_code,valid_from,price,valid_to\r\nD,I1,2026-01-01,,\r\n"
    path, entry = _csv_file(tmp_path, "prices", "incremental", text)
    entry = ManifestFile(entry.entity, entry.name, entry.size, 1, entry.sha256)
    assert _consume(path, entry, "incremental") == [["D", "I1", "2026-01-01", "", ""]]
    text = "op,item_code,valid_from,price,valid_to\r\nD,I1,,,\r\n"
    path, entry = _csv_file(tmp_path, "prices", "incremental", text)
    with pytest.raises(ExportError, match="valid_from"):
        _consume(path, entry, "incremental")


@pytest.mark.parametrize(
    "content",
    [
        b"this is not gzip at all",
        gzip.compress(ITEMS_HEADER.encode())[:-12],
        gzip.compress(ITEMS_HEADER.encode() + b"I1,Caf\xe9,5.5,unit,0,1\r\n"),
        gzip.compress(ITEMS_HEADER.encode()) + b"trailing junk",
    ],
    ids=["not gzip", "cut", "latin-1", "junk after"],
)
def test_a_corrupt_file_matching_its_manifest_is_an_export_error(
    tmp_path: Path, content: bytes
) -> None:
    """Bytes as published but undecodable: a publisher bug, not damage in transfer."""
    path, entry = _raw_file(tmp_path, "items", "full", content)
    with pytest.raises(ExportError) as err:
        _consume(path, entry)
    assert not isinstance(err.value, ChecksumError)
    assert err.value.file == entry.name
    assert err.value.__cause__ is not None


# --- value parsers --------------------------------------------------------------------------

WHERE = {"file": "00000001-full.prices.csv.gz", "line": 7, "column": "price"}


@pytest.mark.parametrize(
    ("text", "value"), [("12.30", "12.30"), ("0", "0"), ("-1.5", "-1.5"), ("007.1", "7.1")]
)
def test_parse_decimal_accepts_plain_decimals(text: str, value: str) -> None:
    assert parse_decimal(text, 2, **WHERE) == Decimal(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["", "1.234", "1e3", "1E3", "NaN", "Infinity", "+1", " 1", "1,20", "1.", ".5", "١٢"]
)
def test_parse_decimal_refuses_others_naming_the_place(text: str) -> None:
    with pytest.raises(ExportError, match="price") as err:
        parse_decimal(text, 2, **WHERE)  # type: ignore[arg-type]
    assert (err.value.file, err.value.line) == (WHERE["file"], 7)


def test_parse_bool_and_date() -> None:
    w: dict[str, Any] = {**WHERE, "column": "active"}
    assert parse_bool("1", **w) is True and parse_bool("0", **w) is False
    for bad in ("", "true", "2", "01"):
        with pytest.raises(ExportError, match="active"):
            parse_bool(bad, **w)
    assert parse_date("2026-02-28", **w) == dt.date(2026, 2, 28)
    assert parse_date("", **w) is None
    for bad in ("2026-02-30", "20260228", "2026-2-28", "2026-02-28T00:00", "28/02/2026"):
        with pytest.raises(ExportError, match="date") as err:
            parse_date(bad, **w)
        assert err.value.line == 7
