"""The catalog's change overlay: increments in deltas, folded into the base, indexed reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalog_fixture import BREAD, CARD, CUSTOMER, WINE, write_catalog
from standalone_till import overlay
from standalone_till.config import load_config
from standalone_till.loading import compact_if_large
from standalone_till.service import Till

DAY = dt.date(2026, 6, 1)


@pytest.fixture
def till(till_config: Path, sample_exports: Path) -> Till:
    t = Till(load_config(till_config))
    t.init()
    t.load_data(sample_exports)
    t.load_changes(sample_exports)
    yield t
    t.close()


def _snapshot(till: Till) -> tuple[dict[str, int], list[tuple[str, str | None, int]]]:
    listing = till.catalog.search(None, DAY, limit=100_000)
    return till.catalog.counts(), [
        (x.item.code, str(x.item.price), len(x.barcodes)) for x in listing
    ]


def test_increments_live_in_the_deltas_until_folded(till: Till) -> None:
    with till.db.read(till.db.catalog) as conn:
        assert overlay.delta_rows(conn) > 0
    before = _snapshot(till)
    assert compact_if_large(till.db, limit=10**9) == 0  # under the limit: nothing moves
    folded = compact_if_large(till.db, limit=1)
    assert folded > 0
    with till.db.read(till.db.catalog) as conn:
        assert overlay.delta_rows(conn) == 0
    assert _snapshot(till) == before


def test_a_full_load_empties_the_deltas(till: Till, sample_exports: Path) -> None:
    # The till is at 3 after the increments: full export 1 goes back, asked for.
    till.load_data(sample_exports, allow_older=True)
    with till.db.read(till.db.catalog) as conn:
        assert overlay.delta_rows(conn) == 0


def test_the_selling_path_never_scans_a_whole_table(sqlite_config: Path, tmp_path: Path) -> None:
    """Every statement a sale runs on the catalog is answered from an index."""
    till = Till(load_config(sqlite_config))
    till.init()
    till.load_data(write_catalog(tmp_path / "exports"))
    statements: list[tuple[str, object]] = []

    @sa.event.listens_for(till.db.catalog, "before_cursor_execute")
    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    sale = till.new_sale(dt.datetime(2026, 6, 15, 10, tzinfo=dt.UTC))
    sale.set_customer(CUSTOMER)
    sale.set_card(CARD)
    sale.scan(BREAD)
    sale.scan(WINE)
    assert statements
    scans = []
    with till.db.catalog.connect() as conn:
        for statement, parameters in statements:
            plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            scans += [(statement, row[3]) for row in plan if row[3].startswith("SCAN")]
    # offers are a small table filtered by scope: a scan there is fine.
    assert not [s for s in scans if "offers" not in s[1]], scans
    till.close()
