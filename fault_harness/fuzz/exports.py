"""Fuzz target 1: damaged exports (data files and manifests) loaded by the real till."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import time
from pathlib import Path
from typing import Any

from connectors.errors import (
    ExportError,
    TillsyncError,
)
from fault_harness.fuzz.common import (
    _EDGES,
    _HANG_S,
    Plan,
    StoreId,
    Tally,
    TillId,
    _describe,
    _explore,
    _kind_of,
    _mutate_bytes,
    _sqlite_digest,
)

# -- 1. exports -------------------------------------------------------------------------


class _ExportLab:
    """A till on SQLite with a small catalog, and pristine exports to damage copies of."""

    def __init__(self, folder: Path) -> None:
        from erp_gateway.sample import write_sample_export
        from standalone_till.config import load_config, write_default_config
        from standalone_till.service import Till

        self.folder = folder
        self.pristine = folder / "pristine"
        write_sample_export(self.pristine, items=30, changes=1, seed=11)
        config = folder / "till" / "till.toml"
        config.parent.mkdir(parents=True)
        write_default_config(config, StoreId, TillId)
        self.till = Till(load_config(config))
        self.till.init()
        self.full_manifest = self.pristine / "00000001-full.manifest.json"
        self.reset()

    def reset(self) -> None:
        """The catalog at full export 1, as published (back from 2 after an increment)."""
        self.till.load_data(self.full_manifest, allow_older=True)

    def digest(self) -> str:
        return _sqlite_digest(self.till.db.catalog)

    def case_folder(self, kind: str) -> Path:
        """A fresh folder holding the full export, plus increment 2 for "incremental"."""
        out = self.folder / "case"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        for path in self.pristine.iterdir():
            if path.name.startswith("00000001-") or kind == "incremental":
                shutil.copy2(path, out / path.name)
        return out

    def close(self) -> None:
        self.till.close()


def _mutate_csv(plan: Plan, text: str) -> str:
    lines = text.splitlines(keepends=True)
    kind = plan.pick(
        [
            "field",
            "field",
            "typed",
            "typed",
            "drop_line",
            "dup_line",
            "swap",
            "header",
            "raw",
            "width",
        ]
    )
    row = plan.below(len(lines))
    if not lines:
        return plan.text()
    if kind in ("field", "typed"):
        cells = lines[row].rstrip("\r\n").split(",")
        at = plan.below(len(cells))
        cells[at] = plan.pick(_EDGES[_kind_of(cells[at])]) if kind == "typed" else plan.text()
        lines[row] = ",".join(cells) + "\r\n"
    elif kind == "drop_line":
        del lines[row]
    elif kind == "dup_line":
        lines.insert(row, lines[row])
    elif kind == "swap" and len(lines) > 1:
        other = plan.between(0, len(lines) - 1)
        lines[row], lines[other] = lines[other], lines[row]
    elif kind == "header":
        lines[0] = plan.pick(["", "code\r\n", lines[0].upper(), "a,b,c\r\n"])
    elif kind == "width":
        cells = lines[row].rstrip("\r\n").split(",")
        cells = cells[:-1] if plan.flag() else [*cells, plan.text()]
        lines[row] = ",".join(cells) + "\r\n"
    else:
        at = plan.between(0, len(lines))
        lines.insert(at, plan.text())
    return "".join(lines)


def _mutate_data_file(plan: Plan, path: Path, manifest: Path) -> str:
    """Damage one gzip CSV file; sometimes make the manifest agree with the damage."""
    raw = path.read_bytes()
    kind = plan.pick(["csv", "csv", "csv", "gzip_bytes", "encoding"])
    if kind == "gzip_bytes":
        path.write_bytes(_mutate_bytes(plan, raw))
        return f"{path.name}: compressed bytes"
    text = gzip.decompress(raw).decode("utf-8")
    if kind == "encoding":
        codec = plan.pick(["latin-1", "utf-16", "utf-8-sig", "cp1250"])
        body = _mutate_csv(plan, text).encode(codec, "replace")
    else:
        codec = "utf-8"
        body = _mutate_csv(plan, text).encode("utf-8", "surrogatepass")
    path.write_bytes(gzip.compress(body, mtime=0))
    if plan.flag():  # the manifest agrees: the rows themselves are read
        doc = json.loads(manifest.read_bytes())
        for entry in doc["files"]:
            if entry["name"] == path.name:
                entry["size"] = path.stat().st_size
                entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
                if plan.flag():
                    entry["rows"] = max(body.count(b"\n") - 1, 0)
        manifest.write_text(json.dumps(doc))
    return f"{path.name}: {kind} ({codec})"


def _mutate_manifest(plan: Plan, manifest: Path) -> str:
    raw = manifest.read_bytes()
    if plan.between(0, 4) == 0:
        manifest.write_bytes(_mutate_bytes(plan, raw))
        return f"{manifest.name}: bytes"
    doc = json.loads(raw)
    holder: dict[str, Any] = doc
    if plan.flag() and doc["files"]:
        holder = plan.pick(doc["files"])
    key = plan.pick(sorted(holder)) if plan.below(4) else plan.text()
    action = plan.pick(["set", "set", "drop"])
    if action == "drop":
        holder.pop(key, None)
    else:
        holder[key] = plan.value()
    manifest.write_text(json.dumps(doc, default=str))
    return f"{manifest.name}: {action} {key!r}"


def _clear_export_error(exc: BaseException) -> bool:
    return isinstance(exc, ExportError) and bool(exc.file) and len(str(exc)) > len(exc.file) + 4


def fuzz_exports(lab: _ExportLab, tally: Tally, examples: int, seed: int) -> None:
    state = {"dirty": False}

    def case(plan: Plan) -> None:
        kind = plan.pick(["full", "incremental"])
        if kind == "incremental" and state["dirty"]:
            lab.reset()
            state["dirty"] = False
        folder = lab.case_folder(kind)
        sequence = 1 if kind == "full" else 2
        manifest = folder / f"{sequence:08d}-{kind}.manifest.json"
        files = sorted(p for p in folder.iterdir() if p.name.startswith(f"{sequence:08d}-"))
        target = plan.pick(files)
        if target == manifest:
            what = _mutate_manifest(plan, manifest)
        else:
            what = _mutate_data_file(plan, target, manifest)
        before = lab.digest()
        tally.cases += 1
        started = time.monotonic()
        try:
            if kind == "full":  # over full 1 or increment 2: the guard is not what is fuzzed
                lab.till.load_data(manifest, allow_older=True)
            else:
                lab.till.load_changes(folder)
        except TillsyncError as exc:
            tally.refused += 1
            if lab.digest() != before:
                tally.violation("partial_applies", f"{what}: {_describe(exc)}")
            if not _clear_export_error(exc):
                tally.violation("unclear_errors", f"{what}: {_describe(exc)}")
        except Exception as exc:
            tally.violation("crashes", f"{what}: {_describe(exc)}")
            if lab.digest() != before:
                tally.violation("partial_applies", f"{what}: {_describe(exc)}")
        else:
            state["dirty"] = True
        if time.monotonic() - started > _HANG_S:
            tally.violation("crashes", f"{what}: took {time.monotonic() - started:.1f} s")

    _explore(case, examples, seed)
