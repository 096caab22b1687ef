"""Full load benchmark: an N-item sample export into a fresh till, against raw sqlite3.

Ours: `Till.load_data` on the export (gunzip, SHA-256, CSV parsing and checks, shadow
tables, index build, swap), in a child process whose peak RSS is measured.
Baseline, in another child process, the same run: the same rows, already parsed into
memory beforehand (untimed), inserted with the plain sqlite3 module's executemany into
the same tables and indexes, in one transaction, with the same pragmas (WAL,
synchronous=FULL). The ratio is ours / baseline. The last line is one JSON object.

    python bench/full_load.py --items 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOADED = ("items", "prices", "barcodes")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(export: Path, work: Path) -> dict[str, float]:
    from standalone_till.config import write_default_config
    from standalone_till.service import Till

    cfg = write_default_config(work / "till.toml", "S1", "T1")
    till = Till(cfg)
    till.init()
    started = time.perf_counter()
    result = till.load_data(export)
    seconds = time.perf_counter() - started
    till.close()
    return {"seconds": seconds, "rows": result.rows, "peak_rss_mb": _peak_rss_mb()}


def run_baseline(export: Path, work: Path) -> dict[str, float]:
    from sqlalchemy.dialects import sqlite as sqlite_dialect
    from sqlalchemy.schema import CreateIndex, CreateTable

    from ftp_import.format import ENTITIES
    from ftp_import.reader import iter_rows, list_exports, read_manifest
    from standalone_till import schema
    from standalone_till.rows import ROW_CONVERTERS

    ref = [r for r in list_exports(export) if r.kind == "full"][-1]
    manifest = read_manifest(export / ref.manifest_name)
    data = {}
    for entity in manifest_entities(manifest):
        entry = manifest.file_for(entity)
        rows = iter_rows(export / entry.name, entry, "full")
        data[entity] = [r for chunk in ROW_CONVERTERS[entity](rows, entry.name) for r in chunk]
    dialect = sqlite_dialect.dialect()
    conn = sqlite3.connect(work / "baseline.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    for entity in data:
        table = schema.catalog_md.tables[entity]
        conn.execute(str(CreateTable(table).compile(dialect=dialect)))
        for index in table.indexes:
            conn.execute(str(CreateIndex(index).compile(dialect=dialect)))
    started = time.perf_counter()
    conn.execute("BEGIN")
    for entity, rows in data.items():
        cols = ENTITIES[entity].columns
        sql = f"INSERT INTO {entity} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        conn.executemany(sql, rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return {"seconds": seconds, "rows": sum(len(r) for r in data.values())}


def manifest_entities(manifest: object) -> list[str]:
    return [f.entity for f in manifest.files if f.entity in LOADED]  # type: ignore[attr-defined]


def _child(kind: str, export: Path, work: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--export", str(export), "--work", str(work)],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(f"{kind} run failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _only_loaded_entities(src: Path, dest: Path) -> Path:
    """The sample export reduced to items, prices and barcodes (what the goal speaks of)."""
    from ftp_import.reader import iter_rows, list_exports, read_manifest
    from ftp_import.writer import ExportWriter

    ref = [r for r in list_exports(src) if r.kind == "full"][-1]
    manifest = read_manifest(src / ref.manifest_name)
    dest.mkdir()
    with ExportWriter(dest, manifest.sequence, "full") as writer:
        for entity in LOADED:
            entry = manifest.file_for(entity)
            writer.write_rows(entity, iter_rows(src / entry.name, entry, "full"))
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="catalog size (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", choices=("ours", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--export", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = run_ours if args.child == "ours" else run_baseline
        print(json.dumps(run(args.export, args.work)))
        return

    from erp_gateway.sample import write_sample_export

    with tempfile.TemporaryDirectory(prefix="tillsync-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        (root / "sample").mkdir()
        write_sample_export(root / "sample", items=args.items, changes=0, seed=args.seed)
        export = _only_loaded_entities(root / "sample", root / "export")
        print(
            f"sample export of {args.items} items written in {time.perf_counter() - started:.1f} s"
        )
        (root / "ours").mkdir()
        (root / "base").mkdir()
        ours = _child("ours", export, root / "ours")
        base = _child("baseline", export, root / "base")
    ratio = ours["seconds"] / base["seconds"]
    print(f"rows loaded            {int(ours['rows']):>12,}")
    print(
        f"ours (load_data)       {ours['seconds']:>10.2f} s  peak RSS {ours['peak_rss_mb']:.0f} MB"
    )
    print(f"baseline (executemany) {base['seconds']:>10.2f} s")
    print(f"ratio ours/baseline    {ratio:>10.2f}")
    result = {
        "items": args.items,
        "rows": int(ours["rows"]),
        "ours_s": round(ours["seconds"], 3),
        "baseline_s": round(base["seconds"], 3),
        "ratio": round(ratio, 3),
        "peak_rss_mb": round(ours["peak_rss_mb"], 1),
        "goal_met": ratio <= 1.3 and ours["peak_rss_mb"] <= 150,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
