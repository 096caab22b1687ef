"""The cashiers entity through the real export writer and reader, as the gateway checks
it on import and the till converts it on load: random cashiers round trip, PINs verify
against what arrives, and no PIN is ever in the files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftp_import.format import ENTITIES, ENTITY_ORDER
from ftp_import.manifest import dump_manifest, parse_manifest
from ftp_import.pins import hash_pin, verify_pin
from ftp_import.reader import iter_rows, list_exports, read_manifest
from ftp_import.validate import normalize_row
from ftp_import.writer import ExportWriter
from standalone_till.rows import KEY_CONVERTERS, ROW_CONVERTERS, convert_row

WHEN = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
_CODE = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", min_size=1, max_size=12)
_NAME = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s)
_PIN = st.text("0123456789", min_size=4, max_size=12)


@st.composite
def _cashiers(draw: st.DrawFn) -> list[tuple[list[str], str]]:
    codes = draw(st.lists(_CODE, min_size=1, max_size=3, unique=True))
    out = []
    for code in codes:
        pin = draw(_PIN)
        salt = draw(st.binary(min_size=16, max_size=16))
        row = [
            code,
            draw(_NAME),
            draw(st.sampled_from(("cashier", "supervisor"))),
            draw(st.sampled_from(("1", "0"))),
            hash_pin(pin, salt=salt),
        ]
        out.append((row, pin))
    return out


def _rows(folder: Path, kind: str) -> list[list[str]]:
    (ref,) = [r for r in list_exports(folder) if r.kind == kind]
    manifest = read_manifest(folder / ref.manifest_name)
    entry = manifest.file_for("cashiers")
    assert entry is not None
    return list(iter_rows(folder / entry.name, entry, manifest.kind))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cashiers())
def test_cashiers_round_trip_full_and_incremental(cashiers: list[tuple[list[str], str]]) -> None:
    rows = [normalize_row("cashiers", row, file="cashiers.csv", line=2) for row, _ in cashiers]
    assert rows == [row for row, _ in cashiers]  # already in their one spelling
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        with ExportWriter(folder, 1, "full", created_at=WHEN) as w:
            w.write_rows("cashiers", rows)
        gone = rows[0][0]
        with ExportWriter(folder, 2, "incremental", 1, created_at=WHEN) as w:
            w.write_rows("cashiers", [["U", *r] for r in rows[1:]] + [["D", gone, "", "", "", ""]])
        full = _rows(folder, "full")
        increment = _rows(folder, "incremental")
        header = gzip.decompress((folder / "00000001-full.cashiers.csv.gz").read_bytes())
    assert full == rows
    assert header.splitlines()[0] == b"code,name,role,active,pin_hash"  # no PIN column
    assert increment[-1] == ["D", gone, "", "", "", ""]
    # The till's converter takes what the reader gives, and each PIN verifies against it.
    [stored] = list(ROW_CONVERTERS["cashiers"](full, "f"))
    for (row, pin), got in zip(cashiers, stored, strict=True):
        assert got == (row[0], row[1], row[2], row[3] == "1", row[4])
        assert verify_pin(pin, str(got[4]))
    assert KEY_CONVERTERS["cashiers"](increment[-1][1:], "f", 2) == (gone,)
    for row in increment[:-1]:
        assert convert_row("cashiers", row[1:], "f", 2)[0] == row[1]


def test_a_full_export_from_before_cashiers_is_still_valid() -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        with ExportWriter(folder, 1, "full", created_at=WHEN) as w:
            pass
        manifest = w.manifest
    older = dataclasses.replace(
        manifest, files=tuple(f for f in manifest.files if f.entity != "cashiers")
    )
    text = dump_manifest(older)
    assert "cashiers" not in repr(json.loads(text)["files"])
    parsed = parse_manifest(text, "m.json")
    assert parsed.file_for("cashiers") is None
    assert [f.entity for f in parsed.files] == [e for e in ENTITY_ORDER if e != "cashiers"]
    assert ENTITIES["cashiers"].optional and not any(
        ENTITIES[e].optional for e in ENTITY_ORDER if e != "cashiers"
    )
