"""Load data / Load changes from a folder, on SQLite and PostgreSQL: whole or nothing."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from catalog_fixture import write_catalog
from connectors.errors import ChecksumError, ExportError, OlderExportError, SequenceError
from ftp_import.reader import iter_rows, list_exports, read_manifest
from ftp_import.writer import ExportWriter
from standalone_till.config import load_config
from standalone_till.service import Till

DAY = dt.date(2026, 6, 1)


@pytest.fixture
def till(till_config: Path) -> Till:
    t = Till(load_config(till_config))
    t.init()
    yield t
    t.close()


def _manifests(folder: Path) -> list:
    return [read_manifest(folder / ref.manifest_name) for ref in list_exports(folder)]


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def test_full_load_matches_the_manifest(till: Till, sample_exports: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = till.load_data(sample_exports, lambda done, total: seen.append((done, total)))
    full = _manifests(sample_exports)[0]
    assert result.kind == "full" and result.sequence == full.sequence == 1
    counts = till.catalog.counts()
    for entry in full.files:
        assert counts[entry.entity] == entry.rows, entry.entity
    assert result.rows == sum(f.rows for f in full.files)
    assert seen and seen[-1] == (result.rows, result.rows)
    assert till.catalog_state().sequence == 1


def test_loaded_items_sell_by_their_barcode(till: Till, sample_exports: Path) -> None:
    till.load_data(sample_exports)
    full = _manifests(sample_exports)[0]
    barcode_entry = full.file_for("barcodes")
    barcode, item_code = next(
        row
        for row in iter_rows(sample_exports / barcode_entry.name, barcode_entry, "full")
        if len(row[0]) == 13
    )
    scanned = till.catalog.scan(barcode, DAY)
    assert scanned.item.code == item_code
    assert isinstance(scanned.item.price, Decimal) and scanned.item.price > 0


def test_changes_apply_in_order(till: Till, sample_exports: Path) -> None:
    till.load_data(sample_exports)
    result = till.load_changes(sample_exports)
    assert result.sequences == (2, 3)
    assert till.catalog_state().sequence == 3
    assert till.catalog_state().full_sequence == 1
    # The last increment's price and delete rows are what the catalog now says.
    last = _manifests(sample_exports)[-1]
    prices = last.file_for("prices")
    upserts = [
        r for r in iter_rows(sample_exports / prices.name, prices, "incremental") if r[0] == "U"
    ]
    assert upserts
    _op, item_code, valid_from, price, valid_to = upserts[0]
    if valid_from <= DAY.isoformat() and not valid_to:
        assert till.catalog.item(item_code, DAY).price == Decimal(price)
    items = last.file_for("items")
    deleted = [
        r[1] for r in iter_rows(sample_exports / items.name, items, "incremental") if r[0] == "D"
    ]
    assert deleted and all(till.catalog.item(code, DAY) is None for code in deleted)
    # Nothing new: a second run applies nothing and says so.
    again = till.load_changes(sample_exports)
    assert again.sequences == () and till.catalog_state().sequence == 3


def test_reloading_a_full_export_replaces_the_catalog(till: Till, sample_exports: Path) -> None:
    till.load_data(sample_exports)
    before = till.catalog_state().generation
    till.load_data(sample_exports)  # the same export again is not older: a reload
    assert till.catalog_state().generation == before + 1
    till.load_changes(sample_exports)
    counts = till.catalog.counts()
    # At 3 after the increments, full export 1 is older: refused unless asked for.
    with pytest.raises(OlderExportError) as err:
        till.load_data(sample_exports)
    assert (err.value.sequence, err.value.current) == (1, 3)
    assert "full export 1 is older than the catalog, at sequence 3" in str(err.value)
    assert "load-data --allow-older" in str(err.value)
    assert till.catalog_state().sequence == 3 and till.catalog.counts() == counts
    till.load_data(sample_exports, allow_older=True)
    assert till.catalog_state().sequence == 1
    assert till.catalog_state().generation == before + 2
    full = _manifests(sample_exports)[0]
    assert till.catalog.counts()["items"] == full.file_for("items").rows


def test_an_older_full_export_is_refused_naming_both_sequences(till: Till, tmp_path: Path) -> None:
    """A --source holding an older full export took the catalog from 2 back to 1 silently."""
    old, new = tmp_path / "old", tmp_path / "new"
    write_catalog(old, sequence=1)
    write_catalog(new, sequence=2)
    assert till.load_data(new).sequence == 2
    with pytest.raises(
        OlderExportError,
        match="full export 1 is older than the catalog, at "
        r"sequence 2 \(full export 2\)",
    ) as err:
        till.load_data(old)
    assert err.value.file == "00000001-full.manifest.json"
    assert till.catalog_state().sequence == 2
    assert till.load_data(old, allow_older=True).sequence == 1
    assert till.catalog_state().full_sequence == 1


def test_changes_without_full_load_are_refused(till: Till, sample_exports: Path) -> None:
    with pytest.raises(SequenceError, match="load-data"):
        till.load_changes(sample_exports)


def test_a_gap_stops_and_asks_for_a_full_load(
    till: Till, sample_exports: Path, tmp_path: Path
) -> None:
    src = _copy(sample_exports, tmp_path / "gap")
    till.load_data(src)
    for p in src.glob("00000002-*"):
        p.unlink()
    with pytest.raises(SequenceError, match="full load is needed") as err:
        till.load_changes(src)
    assert "00000003" not in str(err.value) or "base 2" in str(err.value)
    assert till.catalog_state().sequence == 1


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_corrupt_file_leaves_the_catalog_as_it_was(
    till: Till, sample_exports: Path, tmp_path: Path
) -> None:
    till.load_data(sample_exports)
    before = till.catalog.counts()
    src = _copy(sample_exports, tmp_path / "bad")
    _flip_byte(next(src.glob("00000001-full.barcodes.csv.gz")))
    with pytest.raises(ExportError) as err:
        till.load_data(src)
    assert "barcodes" in str(err.value)
    assert till.catalog.counts() == before
    assert till.catalog_state().sequence == 1


def _shadow_tables(till: Till) -> list[str]:
    import sqlalchemy as sa

    with till.db.read(till.db.catalog) as conn:
        return [n for n in sa.inspect(conn).get_table_names() if "__g" in n]


def test_a_failed_load_leaves_no_shadow_behind(
    till: Till, sample_exports: Path, tmp_path: Path
) -> None:
    """A load that fails after some shadows were filled (in steps on SQLite, each
    committed) drops them, and the catalog is the one before."""
    from standalone_till import loading

    till.load_data(sample_exports)
    before = till.catalog.counts()
    src = _copy(sample_exports, tmp_path / "bad")
    _flip_byte(next(src.glob("00000001-full.offers.csv.gz")))  # the last file loaded
    in_steps = till.db.catalog.dialect.name == "sqlite"
    with pytest.raises(ExportError, match="offers"):
        loading.load_full(till.db, loading.newest_full(src), in_steps=in_steps)
    assert till.catalog.counts() == before
    assert _shadow_tables(till) == []


def test_the_shadows_of_a_killed_load_go_with_the_next_load(
    till: Till, sample_exports: Path
) -> None:
    till.load_data(sample_exports)
    with till.db.write(till.db.catalog) as conn:  # what a load killed half way leaves
        conn.exec_driver_sql("CREATE TABLE items__g99 (code TEXT)")
        conn.exec_driver_sql("CREATE TABLE barcodes__g2 (barcode TEXT)")
    till.load_data(sample_exports, allow_older=True)
    assert _shadow_tables(till) == []
    assert till.catalog_state().sequence == 1


@pytest.mark.slow
def test_a_load_killed_half_way_leaves_the_catalog_as_it_was(
    sqlite_config: Path, tmp_path: Path
) -> None:
    """SIGKILL a load in steps whose shadows hold committed rows: the catalog is the one
    before, and the next full load drops the shadows and loads whole."""
    import signal
    import subprocess
    import sys

    import sqlalchemy as sa

    from erp_gateway.sample import write_sample_export

    small, big = tmp_path / "small", tmp_path / "big"
    small.mkdir()
    big.mkdir()
    write_sample_export(small, items=50, changes=0, seed=3)
    write_sample_export(big, items=200_000, changes=0, seed=4)
    till = Till(load_config(sqlite_config))
    till.init()
    till.load_data(small)
    before = till.catalog.counts()
    in_steps = (
        "import sys; from pathlib import Path; from standalone_till import loading; "
        "from standalone_till.config import load_config; "
        "from standalone_till.store import TillDatabase; "
        "db = TillDatabase.from_config(load_config(Path(sys.argv[1]))); "
        "loading.load_full(db, loading.newest_full(Path(sys.argv[2])), in_steps=True)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", in_steps, str(sqlite_config), str(big)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def filling() -> bool:
        with till.db.read(till.db.catalog) as conn:
            shadows = [n for n in sa.inspect(conn).get_table_names() if "__g" in n]
            return any(
                conn.exec_driver_sql(f'SELECT count(*) FROM "{n}"').scalar_one() > 0
                for n in shadows
            )

    try:
        deadline = time.monotonic() + 300
        while not filling():
            assert proc.poll() is None, "the load ended before its shadows were seen filling"
            assert time.monotonic() < deadline, "no shadow filled within 300 s"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert till.catalog.counts() == before
    assert till.catalog_state().sequence == 1
    till.load_data(big)
    assert _shadow_tables(till) == []
    assert till.catalog.counts()["items"] == 200_000
    till.close()


def test_a_corrupt_increment_is_not_applied(
    till: Till, sample_exports: Path, tmp_path: Path
) -> None:
    src = _copy(sample_exports, tmp_path / "badinc")
    till.load_data(src)
    path = next(src.glob("00000003-incremental.prices.csv.gz"))
    entry = read_manifest(next(src.glob("00000003-*.manifest.json"))).file_for("prices")
    path.write_bytes(path.read_bytes()[:-20])  # truncated in transit
    with pytest.raises(ExportError):
        till.load_changes(src)
    # Increment 2 was whole and stays applied; 3 left nothing behind.
    assert till.catalog_state().sequence == 2
    assert entry is not None


def test_checksum_mismatch_is_reported(till: Till, tmp_path: Path) -> None:
    out = tmp_path / "x"
    out.mkdir()
    with ExportWriter(out, 5, "full") as w:
        w.write_rows("items", [("I1", "Bread", "5.5", "unit", "0", "1")])
    manifest = next(out.glob("*.manifest.json"))
    items = next(out.glob("*.items.csv.gz"))
    # Same length, different content: only the SHA-256 can tell.
    data = bytearray(items.read_bytes())
    data[-5] ^= 0x01
    items.write_bytes(bytes(data))
    with pytest.raises((ChecksumError, ExportError)):
        till.load_data(manifest)
    assert till.catalog.counts()["items"] == 0


def test_a_malformed_row_names_file_and_line(till: Till, tmp_path: Path) -> None:
    out = tmp_path / "x"
    out.mkdir()
    with ExportWriter(out, 1, "full") as w:
        w.write_rows(
            "items",
            [("I1", "Bread", "5.5", "unit", "0", "1"), ("I2", "Milk", "5.5", "unit", "0", "1")],
        )
        w.write_rows(
            "prices",
            [("I1", "2026-01-01", "1.20", ""), ("I2", "2026-01-01", "1,20", "")],
        )
    with pytest.raises(ExportError) as err:
        till.load_data(out)
    assert err.value.file == "00000001-full.prices.csv.gz"
    assert err.value.line == 3
    assert "price" in str(err.value)
    assert till.catalog.counts()["items"] == 0


@pytest.mark.parametrize("value", ["99999999999999999999", "1" * 16 + ".00", "\u0663.00"])
def test_an_amount_too_large_or_not_ascii_is_a_clear_error(
    till: Till, tmp_path: Path, value: str
) -> None:
    """Found by fuzzing: a huge amount passed the converter and overflowed at the insert."""
    out = tmp_path / "x"
    out.mkdir()
    with ExportWriter(out, 1, "full") as w:
        w.write_rows("items", [("I1", "Bread", "5.5", "unit", "0", "1")])
        w.write_rows("cards", [("C1", "", "5.00", "1"), ("C2", "", value, "1")])
    with pytest.raises(ExportError) as err:
        till.load_data(out)
    assert (err.value.file, err.value.line) == ("00000001-full.cards.csv.gz", 3)
    assert "discount" in str(err.value)
    assert till.catalog.counts()["items"] == 0


def test_bad_barcode_check_digit_is_refused(till: Till, tmp_path: Path) -> None:
    out = tmp_path / "x"
    out.mkdir()
    with ExportWriter(out, 1, "full") as w:
        w.write_rows("items", [("I1", "Bread", "5.5", "unit", "0", "1")])
        w.write_rows("barcodes", [("4006381333932", "I1")])
    with pytest.raises(ExportError, match="check digit") as err:
        till.load_data(out)
    assert err.value.line == 2


def test_duplicate_keys_are_refused(till: Till, tmp_path: Path) -> None:
    out = tmp_path / "x"
    out.mkdir()
    with ExportWriter(out, 1, "full") as w:
        w.write_rows("items", [("I1", "Bread", "5.5", "unit", "0", "1")] * 2)
    with pytest.raises(ExportError, match="duplicate"):
        till.load_data(out)


def test_selling_goes_on_during_a_full_load(sqlite_config: Path, tmp_path: Path) -> None:
    """A full load on SQLite must not hold the lock a ticket close needs."""
    from erp_gateway.sample import write_sample_export

    src = tmp_path / "big"
    src.mkdir()
    write_sample_export(src, items=30_000, changes=0, seed=3)
    till = Till(load_config(sqlite_config))
    till.init()
    small = tmp_path / "small"
    small.mkdir()
    write_sample_export(small, items=50, changes=0, seed=3)
    till.load_data(small)
    barcode = next(
        x.barcodes[0]
        for x in till.catalog.search(None, DAY, 50)
        if x.item.sold_by.value == "unit" and x.barcodes and x.item.price
    )

    loader_done = threading.Event()
    errors: list[BaseException] = []

    def load() -> None:
        try:
            till.load_data(src)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            loader_done.set()

    thread = threading.Thread(target=load)
    thread.start()
    closed_during_load = 0
    while not loader_done.is_set():
        sale = till.new_sale()
        sale.scan(barcode)
        from standalone_till.model import PaymentMethod

        sale.pay(PaymentMethod.CASH)
        sale.close()
        if not loader_done.is_set():
            closed_during_load += 1
        time.sleep(0.005)
    thread.join()
    assert not errors, errors
    assert closed_during_load >= 3, "ticket closes waited for the catalog load"
    assert till.catalog_state().sequence == 1 and till.catalog.counts()["items"] == 30_000
    till.close()
