"""`till archive` and `till verify-archive` at a real till (SQLite): a round trip; one
byte changed anywhere (a document, a signature, the manifest, its signature, a CSV, the
keys) caught and named; an archive across a key rotation; a wrong --public-key."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from till_days import noon, ready_till, sell

from catalog_fixture import BREAD, WINE
from connectors.errors import BadInput
from standalone_till.archive import parse_period, write_archive
from standalone_till.archive_check import ArchiveReport, verify_archive
from standalone_till.cli import cli
from standalone_till.model import Ticket
from standalone_till.service import Till
from standalone_till.signing import rotate_key, till_key_infos
from standalone_till.till_documents import take_return
from ticket_contract import signatures as S


@pytest.fixture
def till(sqlite_config: Path, tmp_path: Path) -> Iterator[Till]:
    t = ready_till(sqlite_config, tmp_path / "exports")
    yield t
    t.close()


def trade(till: Till, day: dt.date) -> list[Ticket]:
    """A day: two sales, a return, a reprint, then its Z."""
    tickets = [sell(till, day, BREAD, WINE), sell(till, day, WINE, minute=1)]
    take_return(till, tickets[0].id, now=noon(day, 2))
    till.journal.record_reprint(tickets[1].id, cashier=None, supervisor=None, now=noon(day, 3))
    till.journal.closure(noon(day, 59))
    return tickets


def archive(till: Till, label: str, out: Path) -> bytes:
    assert till.journal.signer is not None
    write_archive(till.db, till.journal.signer, parse_period(label), out, noon(dt.date(2027, 1, 2)))
    return out.read_bytes()


def problems(report: ArchiveReport) -> list[tuple[str, str]]:
    return [(p.part, p.what) for p in report.problems]


@pytest.fixture
def two_months(till: Till) -> Till:
    trade(till, dt.date(2026, 10, 30))
    trade(till, dt.date(2026, 11, 2))
    trade(till, dt.date(2026, 11, 30))  # the Z that closes November
    trade(till, dt.date(2026, 12, 1))
    return till


def test_a_round_trip_holds_with_every_document(two_months: Till, tmp_path: Path) -> None:
    data = archive(two_months, "2026-11", tmp_path / "nov.zip")
    report = verify_archive(data)
    assert report.holds, report.as_dict()
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    for part in ("tickets", "returns", "closures", "period_closures", "copies", "audit_events"):
        assert f"documents/{part}.jsonl" in names and f"documents/{part}.csv" in names
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.read("documents/tickets.jsonl").count(b"\n") == 4
    assert zf.read("documents/returns.jsonl").count(b"\n") == 2
    assert zf.read("documents/closures.jsonl").count(b"\n") == 2
    (month,) = [json.loads(x) for x in zf.read("documents/period_closures.jsonl").splitlines()]
    assert month["label"] == "2026-11"
    sales = [json.loads(x) for x in zf.read("chains/sales.jsonl").splitlines()]
    assert sales[0]["before_period"] and not sales[1]["before_period"]  # October's last
    assert report.chains[S.SALES] == 6  # November's six tickets (after the entry before)
    # the same journal archives to the same bytes
    assert archive(two_months, "2026-11", tmp_path / "again.zip") == data
    # a year archive holds as well; it begins at each chain's genesis
    year = verify_archive(archive(two_months, "2026", tmp_path / "2026.zip"))
    assert year.holds, year.as_dict()


def _changed(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """The archive with one byte of ``part`` changed (the first ``old`` after the part's
    first 40 bytes, or anywhere in it, becomes ``new``)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo(part)
    extra = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + len(info.filename.encode()) + extra
    body = data[start : start + info.compress_size]
    at = body.find(old, 40) if body.find(old, 40) >= 0 else body.find(old)
    assert at >= 0, (part, old)
    return data[: start + at] + new + data[start + at + 1 :]


@pytest.mark.parametrize(
    ("part", "old", "new", "named"),
    [
        ("documents/tickets.jsonl", b"1", b"2", S.CHANGED),
        ("documents/returns.jsonl", b"1", b"2", S.CHANGED),
        ("documents/audit_events.jsonl", b"a", b"b", S.CHANGED),
        ("chains/sales.jsonl", b"e", b"f", None),
        ("chains/closures.jsonl", b"1", b"2", None),
        ("manifest.json", b"2", b"3", None),
        ("manifest.sig", b"a", b"b", S.BAD_SIGNATURE),
        ("documents/tickets.csv", b"1", b"2", None),
        ("documents/closures.csv", b"0", b"9", None),
        ("keys.json", b"a", b"b", None),
    ],
)
def test_one_byte_changed_is_caught_and_named(
    two_months: Till, tmp_path: Path, part: str, old: bytes, new: bytes, named: str | None
) -> None:
    data = archive(two_months, "2026-11", tmp_path / "nov.zip")
    report = verify_archive(_changed(data, part, old, new))
    assert not report.holds
    found = problems(report)
    assert (part, "changed") in found, found  # its bytes no longer match its CRC and hash
    if part in ("manifest.json", "manifest.sig"):  # the manifest's bytes are what is signed
        assert ("manifest.sig", S.BAD_SIGNATURE) in found
    if named == S.CHANGED:  # the document no longer hashes as its entry signed it
        chain = "audit" if "audit" in part else "sales"
        assert (f"chains/{chain}.jsonl", S.CHANGED) in found, found


def test_the_cli_round_trip_and_a_changed_byte_exit_1(
    two_months: Till, sqlite_config: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "nov.zip"
    made = runner.invoke(
        cli, ["--config", str(sqlite_config), "archive", "--period", "2026-11", "--out", str(out)]
    )
    assert made.exit_code == 0, made.output
    ok = runner.invoke(cli, ["verify-archive", str(out)])
    assert ok.exit_code == 0 and "the archive holds" in ok.output
    bad = tmp_path / "bad.zip"
    bad.write_bytes(_changed(out.read_bytes(), "documents/tickets.jsonl", b"1", b"2"))
    broken = runner.invoke(cli, ["verify-archive", str(bad), "--json"])
    assert broken.exit_code == 1
    assert "documents/tickets.jsonl" in broken.output


def test_an_archive_across_a_key_rotation_holds(till: Till, tmp_path: Path) -> None:
    first = _key_file(till, tmp_path / "first.pem")
    trade(till, dt.date(2026, 11, 2))
    assert till.journal.signer is not None
    rotate_key(till.db, till.journal.signer, noon(dt.date(2026, 11, 3)))
    trade(till, dt.date(2026, 11, 4))
    data = archive(till, "2026-11", tmp_path / "nov.zip")
    report = verify_archive(data, S.public_key_from_text(first.read_text()))
    assert report.holds, report.as_dict()
    assert len(report.keys) == 2
    latest = _key_file(till, tmp_path / "latest.pem")
    # trusting only the newer key: the entries the first key signed are not trusted
    later = verify_archive(data, S.public_key_from_text(latest.read_text()))
    assert not later.holds and later.problems[0].what == S.OTHER_KEY


def _key_file(till: Till, path: Path) -> Path:
    """The till's current public key as PEM, as `till key show --json` prints it."""
    path.write_text(str(till_key_infos(till.db)[-1].as_dict()["public_key_pem"]))
    return path


def test_a_wrong_public_key_fails(two_months: Till, tmp_path: Path) -> None:
    data = archive(two_months, "2026-11", tmp_path / "nov.zip")
    other = S.public_bytes(S.new_private_key())
    report = verify_archive(data, other)
    assert problems(report) == [("keys.json", S.OTHER_KEY)]
    assert "not among the archive's keys" in report.problems[0].detail
    pem = tmp_path / "other.pem"
    pem.write_text(S.public_key_pem(other))
    out = tmp_path / "nov.zip"
    result = CliRunner().invoke(cli, ["verify-archive", str(out), "--public-key", str(pem)])
    assert result.exit_code == 1


def test_a_part_removed_or_added_is_named(two_months: Till, tmp_path: Path) -> None:
    data = archive(two_months, "2026-11", tmp_path / "nov.zip")
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for info in source.infolist():
            if info.filename != "documents/copies.csv":
                zf.writestr(info, source.read(info))
        zf.writestr("documents/extra.jsonl", b"{}\n")
    found = problems(verify_archive(buffer.getvalue()))
    assert ("documents/copies.csv", "removed") in found
    assert ("documents/extra.jsonl", "inserted") in found


def test_a_bad_period_is_named() -> None:
    for text in ("2026-13", "26-01", "2026/01", ""):
        with pytest.raises(BadInput, match="YYYY-MM"):
            parse_period(text)
    assert parse_period("2028-02").last == dt.date(2028, 2, 29)
    assert parse_period("2026-12").last == dt.date(2026, 12, 31)


def test_an_archive_round_trip_on_postgresql(tmp_path: Path, pg_database: str) -> None:
    from conftest import write_till_config

    t = ready_till(write_till_config(tmp_path, pg_url=pg_database), tmp_path / "exports")
    try:
        trade(t, dt.date(2026, 11, 30))
        trade(t, dt.date(2026, 12, 1))
        for label in ("2026-11", "2026-12", "2026"):
            report = verify_archive(archive(t, label, tmp_path / f"{label}.zip"))
            assert report.holds, (label, report.as_dict())
    finally:
        t.close()


@pytest.mark.slow
def test_every_byte_of_the_zips_own_records_is_checked(till: Till, tmp_path: Path) -> None:
    """Each byte outside the parts' contents (local headers, central directory, end
    record) changed in turn: the check never holds."""
    trade(till, dt.date(2026, 11, 2))
    data = archive(till, "2026-11", tmp_path / "nov.zip")
    contents: set[int] = set()
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        at = info.header_offset
        extra = int.from_bytes(data[at + 28 : at + 30], "little")  # the local header's
        start = at + 30 + len(info.filename.encode()) + extra
        contents.update(range(start, start + info.compress_size))
    records = [i for i in range(len(data)) if i not in contents]
    assert len(records) > 1000
    for i in records:
        changed = data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]
        assert not verify_archive(changed).holds, f"byte {i} changed went unseen"
