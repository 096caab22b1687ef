"""Incremental apply benchmark: the same 10,000 changes on a 1,000,000-item catalog and on
a 10,000-item catalog, in one run.

Each catalog is a sample full export loaded into a fresh till; the increment holds
exactly ``--changes`` rows: price changes, renamed items, deleted items (item, price and
barcode rows) and new items (item, price, barcode). Prints both apply times, their ratio
(big / small), the deferred cost of folding the deltas into the base, and the bytes a
1% change costs against the full export. The last line is
one JSON object.

    python bench/incremental.py                      # 1,000,000 vs 10,000 items
    python bench/incremental.py --big 100000         # quicker
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from erp_gateway.sample import write_sample_export  # noqa: E402
from ftp_import.gtin import complete_gtin  # noqa: E402
from ftp_import.reader import iter_rows, list_exports, read_manifest  # noqa: E402
from ftp_import.writer import ExportWriter  # noqa: E402
from standalone_till.config import write_default_config  # noqa: E402
from standalone_till.loading import compact_if_large  # noqa: E402
from standalone_till.service import Till  # noqa: E402


def _rows(folder: Path, entity: str) -> list[list[str]]:
    ref = next(r for r in list_exports(folder) if r.kind == "full")
    manifest = read_manifest(folder / ref.manifest_name)
    entry = manifest.file_for(entity)
    return list(iter_rows(folder / entry.name, entry, "full"))


def _full_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("00000001-full.*"))


def write_changes(full: Path, out: Path, changes: int, seed: int) -> int:
    """Write increment 2 on top of full export 1 with exactly ``changes`` rows."""
    rng = random.Random(seed)
    items = _rows(full, "items")
    prices = [p for p in _rows(full, "prices") if not p[3]]
    barcodes = _rows(full, "barcodes")
    n_new = n_del = changes // 20
    n_rename = changes // 5
    n_price = changes - 3 * n_new - 3 * n_del - n_rename
    picks = rng.sample(range(len(items)), n_del + n_rename)
    deleted = {items[i][0] for i in picks[:n_del]}
    renamed = [items[i] for i in picks[n_del:]]
    price_rows = [
        p for p in rng.sample(prices, min(len(prices), n_price + n_del)) if p[0] not in deleted
    ]
    price_rows = price_rows[:n_price]
    code_of = {b[1]: b[0] for b in barcodes}
    with ExportWriter(out, 2, "incremental", base_sequence=1) as w:
        w.write_rows(
            "items",
            [
                ["U", code, f"{name} (new recipe)", vat, sold, alc, act]
                for code, name, vat, sold, alc, act in renamed
            ]
            + [["D", code, "", "", "", "", ""] for code in sorted(deleted)]
            + [
                ["U", f"N{i:07d}", f"New product {i}", "20", "unit", "0", "1"] for i in range(n_new)
            ],
        )
        w.write_rows(
            "prices",
            [["U", p[0], p[1], f"{float(p[2]) * 1.05:.2f}", ""] for p in price_rows]
            + [["D", code, "2026-01-01", "", ""] for code in sorted(deleted)]
            + [["U", f"N{i:07d}", "2026-01-01", "4.99", ""] for i in range(n_new)],
        )
        w.write_rows(
            "barcodes",
            [["D", code_of.get(code, f"missing-{code}"), ""] for code in sorted(deleted)]
            + [["U", complete_gtin(f"77{i:010d}"), f"N{i:07d}"] for i in range(n_new)],
        )
    return w.manifest.files[0].size + sum(f.size for f in w.manifest.files[1:])


def measure(items: int, changes: int, work: Path, seed: int) -> dict[str, float]:
    exports = work / "exports"
    exports.mkdir(parents=True)
    write_sample_export(exports, items=items, changes=0, seed=seed)
    increment_bytes = write_changes(exports, exports, changes, seed)
    till = Till(write_default_config(work / "till.toml", "S1", "T1"))
    till.init()
    till.load_data(exports)
    started = time.perf_counter()
    result = till.load_changes(exports)
    seconds = time.perf_counter() - started
    assert result.sequences == (2,), result
    # The deferred part: folding the deltas into the base (done when they grow large).
    started = time.perf_counter()
    compact_if_large(till.db, limit=1)
    fold = time.perf_counter() - started
    till.close()
    return {
        "seconds": seconds,
        "fold_seconds": fold,
        "rows": result.rows,
        "increment_bytes": increment_bytes,
        "full_bytes": _full_bytes(exports),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=1_000_000, help="items in the big catalog")
    parser.add_argument("--small", type=int, default=10_000, help="items in the small catalog")
    parser.add_argument("--changes", type=int, default=10_000, help="changed rows in the increment")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tillsync-bench-") as tmp:
        small = measure(args.small, args.changes, Path(tmp) / "small", args.seed)
        big = measure(args.big, args.changes, Path(tmp) / "big", args.seed)
        # A 1% change of the big catalog, as the ERP would publish it.
        one_percent = Path(tmp) / "one-percent"
        (one_percent / "x").mkdir(parents=True)
        pct = write_changes(
            Path(tmp) / "big" / "exports", one_percent / "x", args.big // 100, args.seed
        )
    ratio = big["seconds"] / small["seconds"]
    print(f"{args.changes} changes on {args.small:>9,} items  {small['seconds']:.3f} s")
    print(f"{args.changes} changes on {args.big:>9,} items  {big['seconds']:.3f} s")
    print(f"ratio big/small                      {ratio:.2f}")
    print(
        f"folding the deltas into the base later: {small['fold_seconds']:.3f} s small, "
        f"{big['fold_seconds']:.3f} s big (off the selling path, when deltas exceed the limit)"
    )
    print(
        f"1% change of {args.big:,} items: {pct:,} bytes against {big['full_bytes']:,} "
        f"for the full export ({pct / big['full_bytes']:.1%})"
    )
    print(
        json.dumps(
            {
                "changes": args.changes,
                "small_items": args.small,
                "big_items": args.big,
                "small_s": round(small["seconds"], 3),
                "big_s": round(big["seconds"], 3),
                "ratio": round(ratio, 3),
                "fold_small_s": round(small["fold_seconds"], 3),
                "fold_big_s": round(big["fold_seconds"], 3),
                "one_percent_bytes": pct,
                "full_bytes": big["full_bytes"],
                "goal_met": big["seconds"] <= 1.0 and ratio <= 1.2,
            }
        )
    )


if __name__ == "__main__":
    main()
