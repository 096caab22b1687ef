"""Sample master data for the gateway, as an ERP would hold it.

The catalog itself always comes from the same base (the sample export generator with
its base seed), so items keep their codes and barcodes from run to run; ``seed`` only
decides which part of it differs: about 1 % of the items removed, 1 % renamed, 3 %
repriced and 1 % new ones. Each decision is a hash of (seed, item code): nothing is held
in memory, a million items stream through.
"""

from __future__ import annotations

import tempfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from erp_gateway.master import EntityChange, import_rows
from erp_gateway.sample import write_sample_export
from ftp_import.format import ENTITY_ORDER
from ftp_import.gtin import complete_gtin
from ftp_import.reader import iter_rows, list_exports, read_manifest

BASE_SEED = 1
# Entities the sample leaves as they are: cashiers come from `erp-gateway cashiers set`
# or the ERP, and a sample catalog must not sign everyone out of the tills.
KEPT = ("cashiers",)


def _draw(seed: int, code: str) -> int:
    """A per-mille draw for this item under this seed (stable across runs and machines)."""
    return zlib.crc32(f"{seed}:{code}".encode()) % 1000


def _removed(seed: int, code: str) -> bool:
    return seed != BASE_SEED and _draw(seed, code) < 10


def _items(rows: Iterable[list[str]], seed: int, new: int) -> Iterator[list[str]]:
    for code, name, *rest in rows:
        if _removed(seed, code):
            continue
        renamed = seed != BASE_SEED and 10 <= _draw(seed, code) < 20
        yield [code, f"{name} (new recipe)" if renamed else name, *rest]
    for i in range(new):
        yield [_new_code(seed, i), f"Seasonal product {seed}-{i}", "20", "unit", "0", "1"]


def _prices(rows: Iterable[list[str]], seed: int, new: int) -> Iterator[list[str]]:
    for item_code, valid_from, price, valid_to in rows:
        if _removed(seed, item_code):
            continue
        if seed != BASE_SEED and 20 <= _draw(seed, item_code) < 50 and not valid_to:
            price = str((Decimal(price) * Decimal("1.05")).quantize(Decimal("0.01")))
        yield [item_code, valid_from, price, valid_to]
    for i in range(new):
        yield [_new_code(seed, i), "2026-01-01", "3.49", ""]


def _barcodes(rows: Iterable[list[str]], seed: int, new: int) -> Iterator[list[str]]:
    for barcode, item_code in rows:
        if not _removed(seed, item_code):
            yield [barcode, item_code]
    for i in range(new):
        yield [complete_gtin(f"8{seed % 100:02d}{i:09d}"), _new_code(seed, i)]


def _new_code(seed: int, i: int) -> str:
    return f"N{seed % 1000:03d}{i:06d}"


def load_sample(conn: sa.Connection, items: int, seed: int = BASE_SEED) -> list[EntityChange]:
    """Make the master data the sample catalog of ``items`` items, varied by ``seed``."""
    new = 0 if seed == BASE_SEED else max(1, items // 100)
    with tempfile.TemporaryDirectory(prefix="tillsync-sample-") as tmp:
        folder = Path(tmp)
        write_sample_export(folder, items=items, changes=0, seed=BASE_SEED)
        ref = next(r for r in list_exports(folder) if r.kind == "full")
        manifest = read_manifest(folder / ref.manifest_name)

        def rows(entity: str) -> Iterator[list[str]]:
            entry = manifest.file_for(entity)
            assert entry is not None
            return iter_rows(folder / entry.name, entry, "full")

        vary = {"items": _items, "prices": _prices, "barcodes": _barcodes}
        sources: dict[str, tuple[str, Iterable[Sequence[str]]]] = {
            entity: (
                f"sample:{entity}",
                vary[entity](rows(entity), seed, new) if entity in vary else rows(entity),
            )
            for entity in ENTITY_ORDER
            if entity not in KEPT
        }
        return import_rows(conn, sources)
