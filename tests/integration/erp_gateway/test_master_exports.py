"""ERP side of the exports: master data in, full and incremental exports out, to a till."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from transfer_servers import FtpServer, SshServer

from connectors.errors import ExportError, SequenceError
from connectors.transfer import open_url
from erp_gateway import exports, master
from erp_gateway.db import GatewayDatabase
from ftp_import.reader import iter_rows, list_exports, read_manifest
from standalone_till.service import Till

DAY = dt.date(2026, 6, 1)
ITEMS = [
    ["code", "name", "vat_rate", "sold_by", "alcohol", "active"],
    ["BREAD", "Rye bread", "5.5", "unit", "0", "1"],
    ["WINE", "Bordeaux", "20", "unit", "1", "1"],
    ["CHEESE", "Emmental", "5.50", "weight", "false", "true"],
]
PRICES = [
    ["item_code", "valid_from", "price", "valid_to"],
    ["BREAD", "2026-01-01", "1.2", ""],
    ["WINE", "2026-01-01", "9.90", ""],
    ["CHEESE", "2026-01-01", "18.50", ""],
]
BARCODES = [
    ["barcode", "item_code"],
    ["4006381333931", "BREAD"],
    ["036000291452", "WINE"],
    ["01234", "CHEESE"],
]


def _write(folder: Path, name: str, rows: list[list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.csv").open("w", newline="") as f:
        csv.writer(f).writerows(rows)


@pytest.fixture
def gdb(tmp_path: Path) -> Iterator[GatewayDatabase]:
    db = GatewayDatabase(f"sqlite:///{tmp_path / 'gateway.db'}")
    db.migrate()
    yield db
    db.dispose()


def _import(db: GatewayDatabase, folder: Path) -> list[master.EntityChange]:
    with db.engine.connect() as conn, conn.begin():
        return master.import_rows(conn, master.csv_sources(folder))


def _erp_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "erp"
    _write(folder, "items", ITEMS)
    _write(folder, "prices", PRICES)
    _write(folder, "barcodes", BARCODES)
    return folder


def _till(tmp_path: Path) -> Till:
    from standalone_till.config import write_default_config

    till = Till(write_default_config(tmp_path / "till" / "till.toml", "S1", "T1"))
    till.init()
    return till


def test_import_normalises_and_versions_only_what_changed(
    gdb: GatewayDatabase, tmp_path: Path
) -> None:
    folder = _erp_folder(tmp_path)
    first = {c.entity: c for c in _import(gdb, folder)}
    assert first["items"].upserted == 3 and first["barcodes"].upserted == 3
    with gdb.engine.connect() as conn:
        v1 = master.current_version(conn)
        price = conn.execute(
            sa.select(master.MASTER["prices"].c.price).where(
                master.MASTER["prices"].c.item_code == "BREAD"
            )
        ).scalar_one()
        upc = conn.execute(
            sa.select(master.MASTER["barcodes"].c.barcode).where(
                master.MASTER["barcodes"].c.item_code == "WINE"
            )
        ).scalar_one()
    assert price == "1.20" and upc == "0036000291452"
    again = _import(gdb, folder)
    assert all(c.upserted == 0 and c.deleted == 0 for c in again)
    with gdb.engine.connect() as conn:
        assert master.current_version(conn) == v1  # nothing changed: no version spent


def test_a_bad_row_names_file_and_line_and_changes_nothing(
    gdb: GatewayDatabase, tmp_path: Path
) -> None:
    folder = _erp_folder(tmp_path)
    _import(gdb, folder)
    _write(folder, "prices", [*PRICES[:2], ["WINE", "2026-01-01", "9,90", ""]])
    with pytest.raises(ExportError) as err:
        _import(gdb, folder)
    assert err.value.file == "prices.csv" and err.value.line == 3
    # An amount no till could store is refused here, not in every till's load.
    _write(folder, "prices", [*PRICES[:2], ["WINE", "2026-01-01", "1000000000000000", ""]])
    with pytest.raises(ExportError, match=r"price: must be 0 to 999,999,999,999,999\.99"):
        _import(gdb, folder)
    # The offers' rules across columns hold on every path in, not only `offers import`.
    _write(folder, "prices", PRICES)
    header = ["code", "description", "scope", "scope_ref", "target", "item_code", "kind",
              "value", "valid_from", "valid_to"]  # fmt: skip
    _write(folder, "offers", [header, ["O1", "Loyal", "customer", "", "total", "", "percent",
                                       "5", "", ""]])  # fmt: skip
    with pytest.raises(ExportError, match="scope_ref is required") as err:
        _import(gdb, folder)
    assert (err.value.file, err.value.line) == ("offers.csv", 2)
    (folder / "offers.csv").unlink()
    _write(folder, "barcodes", [*BARCODES, ["4006381333932", "BREAD"]])
    with pytest.raises(ExportError, match="check digit"):
        _import(gdb, folder)
    with gdb.engine.connect() as conn:
        assert master.master_counts(conn)["barcodes"] == 3


def test_full_then_changes_reach_a_till(gdb: GatewayDatabase, tmp_path: Path) -> None:
    folder = _erp_folder(tmp_path)
    _import(gdb, folder)
    work, published = tmp_path / "work", tmp_path / "published"
    full = exports.make_export(gdb.engine, work, "full")
    assert full is not None and full.sequence == 1
    assert exports.make_export(gdb.engine, work, "incremental") is None  # nothing changed
    assert [p.sequence for p in exports.publish_pending(gdb.engine, work, str(published))] == [1]
    till = _till(tmp_path)
    till.load_data(published)
    assert till.catalog.scan("4006381333931", DAY).item.price == Decimal("1.20")
    # The ERP changes a price, drops an item, adds one.
    _write(folder, "items", [*ITEMS[:3], ["SOAP", "Soap", "20", "unit", "0", "1"]])
    _write(
        folder,
        "prices",
        [
            PRICES[0],
            ["BREAD", "2026-01-01", "1.35", ""],
            PRICES[2],
            ["SOAP", "2026-01-01", "2.00", ""],
        ],
    )
    _write(folder, "barcodes", [*BARCODES[:3], ["96385074", "SOAP"]])
    _import(gdb, folder)
    inc = exports.make_export(gdb.engine, work, "incremental")
    assert inc is not None and inc.base_sequence == 1
    rows = {e.entity: list(iter_rows(work / e.name, e, "incremental")) for e in inc.files}
    assert ["D", "CHEESE", "", "", "", "", ""] in rows["items"]
    assert ["U", "BREAD", "2026-01-01", "1.35", ""] in rows["prices"]
    exports.publish_pending(gdb.engine, work, str(published))
    till.load_changes(published)
    assert till.catalog.scan("4006381333931", DAY).item.price == Decimal("1.35")
    assert till.catalog.scan("96385074", DAY).item.code == "SOAP"
    assert till.catalog.item("CHEESE", DAY) is None
    till.close()


def _bread_price(price: str) -> list[list[str]]:
    return [PRICES[0], ["BREAD", "2026-01-01", price, ""], *PRICES[2:]]


def test_a_full_export_does_not_break_the_tills_on_increments(
    gdb: GatewayDatabase, tmp_path: Path
) -> None:
    """Full N is bridged: the next increment is based on N-1, so a till at N-1 that never
    loads the full and a till that loaded N both reach the same catalog without a gap."""
    folder, work, published = _erp_folder(tmp_path), tmp_path / "work", tmp_path / "pub"
    _import(gdb, folder)
    exports.make_export(gdb.engine, work, "full")  # 1
    _write(folder, "prices", _bread_price("1.30"))
    _import(gdb, folder)
    exports.make_export(gdb.engine, work, "incremental")  # 2, base 1
    exports.publish_pending(gdb.engine, work, str(published))
    on_increments = _till(tmp_path / "a")
    on_increments.load_data(published)
    on_increments.load_changes(published)
    # Changed, then a full export 3, then no change at all: the bridge is made anyway.
    _write(folder, "prices", _bread_price("1.40"))
    _import(gdb, folder)
    assert exports.make_export(gdb.engine, work, "full").sequence == 3  # type: ignore[union-attr]
    bridge = exports.make_export(gdb.engine, work, "incremental")
    assert bridge is not None and (bridge.sequence, bridge.base_sequence) == (4, 2)
    assert exports.make_export(gdb.engine, work, "incremental") is None  # nothing new since 4
    _write(folder, "prices", _bread_price("1.50"))
    _import(gdb, folder)
    assert exports.make_export(gdb.engine, work, "incremental").base_sequence == 4  # type: ignore[union-attr]
    exports.publish_pending(gdb.engine, work, str(published))

    assert on_increments.load_changes(published).sequences == (4, 5)
    fresh = _till(tmp_path / "b")
    fresh.load_data(published)  # full 3
    assert fresh.load_changes(published).sequences == (4, 5)  # 4 overlaps 3: harmless
    for till in (on_increments, fresh):
        assert till.catalog_state().sequence == 5
        assert till.catalog.scan("4006381333931", DAY).item.price == Decimal("1.50")
        assert till.catalog.item("WINE", DAY) is not None
        till.close()


def test_publishing_over_ftp_and_retention(
    gdb: GatewayDatabase, tmp_path: Path, ftp_server: FtpServer
) -> None:
    folder = _erp_folder(tmp_path)
    work = tmp_path / "work"
    url = (
        f"ftp://{ftp_server.user}:{ftp_server.password}@{ftp_server.host}:{ftp_server.port}/exports"
    )
    for round_ in range(3):
        _write(
            folder,
            "prices",
            [PRICES[0], ["BREAD", "2026-01-01", f"1.{20 + round_}", ""], *PRICES[2:]],
        )
        _import(gdb, folder)
        exports.make_export(gdb.engine, work, "full" if round_ != 1 else "incremental")
        _write(
            folder,
            "prices",
            [PRICES[0], ["BREAD", "2026-01-01", f"2.{20 + round_}", ""], *PRICES[2:]],
        )
        _import(gdb, folder)
        exports.make_export(gdb.engine, work, "incremental")
    published = exports.publish_pending(gdb.engine, work, url)
    assert [p.sequence for p in published] == [1, 2, 3, 4, 5, 6]
    remote = ftp_server.home / "exports"
    assert not list(remote.glob(".*part"))
    transfer, remote_dir = open_url(url)
    with transfer:
        removed = exports.prune(transfer, remote_dir, keep_fulls=1)
    # The newest full is 5: 1..4 go, 5 and its increment 6 stay.
    assert removed and all(
        name[:8] in {"00000001", "00000002", "00000003", "00000004"} for name in removed
    )
    left = sorted({r.sequence for r in list_exports(remote)})
    assert left == [5, 6]
    till = _till(tmp_path)
    till.load_data(remote)
    till.load_changes(remote)
    assert till.catalog.scan("4006381333931", DAY).item.price == Decimal("2.22")
    till.close()


def test_publishing_over_sftp(gdb: GatewayDatabase, tmp_path: Path, sshd_server: SshServer) -> None:
    _import(gdb, _erp_folder(tmp_path))
    exports.make_export(gdb.engine, tmp_path / "work", "full")
    url = f"{sshd_server.server}/~/exports"
    done = exports.publish_pending(gdb.engine, tmp_path / "work", url, **sshd_server.options())
    assert [p.sequence for p in done] == [1]
    assert read_manifest(sshd_server.home / "exports" / "00000001-full.manifest.json").sequence == 1


def test_an_increment_needs_a_full_first(gdb: GatewayDatabase, tmp_path: Path) -> None:
    _import(gdb, _erp_folder(tmp_path))
    with pytest.raises(SequenceError):
        exports.make_export(gdb.engine, tmp_path / "work", "incremental")


QUERIES = {
    "items": "SELECT code, name, vat AS vat_rate, sold_by, alcohol, active FROM {p}items",
    "prices": "SELECT item_code, valid_from, price, valid_to FROM {p}prices",
}


def _fill_erp(cursor: object, prefix: str, date_type: str) -> None:
    cursor.execute(
        f"CREATE TABLE {prefix}items (code VARCHAR(20), name VARCHAR(100), vat DECIMAL(5,2), sold_by VARCHAR(10), alcohol INT, active INT)"
    )  # type: ignore[attr-defined]
    cursor.execute(
        f"CREATE TABLE {prefix}prices (item_code VARCHAR(20), valid_from {date_type}, price DECIMAL(10,2), valid_to {date_type})"
    )  # type: ignore[attr-defined]
    cursor.execute(
        f"INSERT INTO {prefix}items VALUES ('BREAD', 'Rye bread', 5.50, 'unit', 0, 1), ('WINE', 'Bordeaux', 20.00, 'unit', 1, 1)"
    )  # type: ignore[attr-defined]
    cursor.execute(
        f"INSERT INTO {prefix}prices VALUES ('BREAD', '2026-01-01', 1.20, NULL), ('WINE', '2026-01-01', 9.90, NULL)"
    )  # type: ignore[attr-defined]


def _check_odbc_import(gdb: GatewayDatabase, connection_string: str, prefix: str) -> None:
    sources = {
        e: (f"query:{e}", master.odbc_rows(connection_string, e, q.format(p=prefix)))
        for e, q in QUERIES.items()
    }
    with gdb.engine.connect() as conn, conn.begin():
        changes = master.import_rows(conn, sources)
    assert {c.entity: c.upserted for c in changes} == {"items": 2, "prices": 2}
    with gdb.engine.connect() as conn:
        t = master.MASTER["items"]
        assert (
            conn.execute(sa.select(t.c.vat_rate).where(t.c.code == "BREAD")).scalar_one() == "5.50"
        )


def test_erp_source_over_odbc_postgresql(gdb: GatewayDatabase, pg_database: str) -> None:
    import pyodbc

    url = sa.make_url(pg_database)
    cs = (
        f"DRIVER={{PostgreSQL Unicode}};SERVER={url.host};PORT={url.port or 5432};"
        f"DATABASE={url.database};UID={url.username};PWD={url.password or ''}"
    )
    conn = pyodbc.connect(cs, autocommit=True)
    _fill_erp(conn.cursor(), "erp_", "DATE")
    conn.close()
    _check_odbc_import(gdb, cs, "erp_")
    # The same queries through a SQLAlchemy URL.
    engine = sa.create_engine(pg_database)
    with engine.connect() as erp, gdb.engine.connect() as conn, conn.begin():
        rows = list(master.query_rows(erp, "prices", QUERIES["prices"].format(p="erp_")))
    engine.dispose()
    assert ["BREAD", "2026-01-01", "1.20", ""] in rows


def test_erp_source_over_odbc_mariadb(gdb: GatewayDatabase) -> None:
    import pyodbc

    cs = "DRIVER={MariaDB Unicode};SERVER=127.0.0.1;PORT=3306;DATABASE=test;UID=root;PWD="
    try:
        conn = pyodbc.connect(cs, autocommit=True, timeout=5)
    except pyodbc.Error as exc:
        import os

        if os.environ.get("CI"):
            raise
        pytest.skip(f"MariaDB at 127.0.0.1:3306 not reachable ({exc}); run scripts/services.sh")
    prefix = f"erp{uuid.uuid4().hex[:8]}_"
    cursor = conn.cursor()
    _fill_erp(cursor, prefix, "DATE")
    try:
        _check_odbc_import(gdb, cs, prefix)
    finally:
        cursor.execute(f"DROP TABLE {prefix}items")
        cursor.execute(f"DROP TABLE {prefix}prices")
        conn.close()


def test_odbc_errors_hide_the_password(gdb: GatewayDatabase) -> None:
    from connectors.errors import Unavailable

    cs = "DRIVER={PostgreSQL Unicode};SERVER=127.0.0.1;PORT=1;DATABASE=x;UID=u;PWD=s3cret"
    with pytest.raises(Unavailable) as err:
        list(master.odbc_rows(cs, "items", "SELECT 1"))
    assert "s3cret" not in str(err.value) and "PWD=***" in str(err.value)


def test_sample_master_data_changes_in_part_with_another_seed(gdb: GatewayDatabase) -> None:
    from erp_gateway.master_sample import load_sample

    with gdb.engine.connect() as conn, conn.begin():
        first = {c.entity: c for c in load_sample(conn, items=2000)}
    assert first["items"].upserted == 2000
    with gdb.engine.connect() as conn, conn.begin():
        same = load_sample(conn, items=2000)
    assert all(c.upserted == 0 and c.deleted == 0 for c in same)
    with gdb.engine.connect() as conn, conn.begin():
        other = {c.entity: c for c in load_sample(conn, items=2000, seed=7)}
    items, prices = other["items"], other["prices"]
    assert 0 < items.deleted < 100 and 0 < items.upserted < 200  # part of it, not all
    assert 0 < prices.upserted < 300
    assert other["barcodes"].deleted > 0 and other["customers"].upserted == 0
