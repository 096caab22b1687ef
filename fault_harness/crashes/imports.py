"""Kills during Load data and Load changes: the catalog is whole before or after, never half."""

from __future__ import annotations

import contextlib
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from connectors.errors import TillsyncError
from fault_harness.crashes.common import (
    _files,
    _on_server,
    _open_till,
    _sample,
    _Scene,
    _till_config,
    catalog_digest,
    log,
    postgresql_admin,
    server_problems,
)
from fault_harness.scratch import scratch_database
from standalone_till.service import Till

# -- import ----------------------------------------------------------------------------


@dataclass
class _Catalog:
    """One till the import kills aim at, with its catalog's digest at each sequence."""

    label: str
    config: Path
    till: Till
    files: list[Path]  # its SQLite files (none on a server)
    reference: dict[int, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # how long each kind takes


def _imports(scene: _Scene, rng: random.Random) -> None:
    """Full loads and increments in turn, each killed a random time in, then rerun; a
    quarter of them on PostgreSQL when the server answers."""
    items = 3000
    exports = _sample(scene.workdir / "exports", items, 2, 11)
    first_two = _sample(scene.workdir / "exports-to-2", items, 1, 11)
    admin = postgresql_admin()
    with contextlib.ExitStack() as stack:
        config = _till_config(scene.workdir / "import")
        catalogs = [
            _Catalog("sqlite", config, stack.enter_context(_open_till(config)), _files(config))
        ]
        if admin is not None:
            url = stack.enter_context(scratch_database(admin, "tillsync_crash"))
            config = _till_config(
                scene.workdir / "import-pg", database__url=url, database__engine="postgresql"
            )
            catalogs.append(
                _Catalog("postgresql", config, stack.enter_context(_open_till(config)), [])
            )
        for catalog in catalogs:
            _reference(catalog, exports, first_two)
        _load_and_kill(scene, rng, catalogs, exports)


def _reference(catalog: _Catalog, exports: Path, first_two: Path) -> None:
    """Load each export once, unkilled: the digest at each sequence, and the time taken."""
    till = catalog.till
    till.init()
    began = time.monotonic()
    till.load_data(exports)
    catalog.seconds["full"] = time.monotonic() - began
    catalog.reference[1] = catalog_digest(till.db.catalog)[1]
    till.load_changes(first_two)
    catalog.reference[2] = catalog_digest(till.db.catalog)[1]
    began = time.monotonic()
    till.load_changes(exports)
    catalog.seconds["changes"] = 2 * (time.monotonic() - began)  # about two increments
    catalog.reference[3] = catalog_digest(till.db.catalog)[1]


def _load_and_kill(
    scene: _Scene, rng: random.Random, catalogs: list[_Catalog], exports: Path
) -> None:
    tally = scene.tally
    planned = tally.planned["import"]
    on_server = _on_server(planned) if len(catalogs) > 1 else 0
    if len(catalogs) > 1:
        tally.on_postgresql["import"] = 0
    order = [catalogs[0]] * (planned - on_server) + catalogs[1:] * on_server
    rng.shuffle(order)
    for _ in range(3 * planned + 10):
        if not order:
            break
        began = time.monotonic()
        if _import_cycle(scene, rng, order[-1], exports) and order.pop().label == "postgresql":
            tally.on_postgresql["import"] += 1
        tally.cycle_done(began)


def _import_cycle(scene: _Scene, rng: random.Random, catalog: _Catalog, exports: Path) -> bool:
    """One load killed a random time after it began, checked, rerun; True if it hit."""
    tally, till = scene.tally, catalog.till
    before = till.catalog_state().sequence
    kind, target = ("full", 1) if before == 3 else ("changes", 3)
    # What a load may leave: the state before it, or after one of its exports.
    allowed = {before, 1} if kind == "full" else set(range(before, 4))
    delay = rng.uniform(0.0, catalog.seconds[kind])
    worker = scene.zygote.start("load", [str(catalog.config), kind, str(exports)], "import.log")
    started = worker.wait_line("start")
    time.sleep(delay)
    alive = worker.kill()
    worker.close()
    hit = started and alive and "done" not in worker.lines
    tally.kills["import"] += hit
    tally.misses += not hit
    tally.worker_failures += not started
    if catalog.files:
        scene.check(*catalog.files)
    else:
        tally.checks += 1
        tally.integrity += server_problems(till.db.catalog)
    # What the till sells from is whole; a killed load's unswitched shadow tables are
    # not part of it, and the rerun (a full load drops them) must leave none.
    sequence, digest = catalog_digest(till.db.catalog, shadows=False)
    whole = sequence in allowed and digest == catalog.reference.get(sequence)
    tally.half_applied += not whole
    rerun_ok = _rerun(catalog, kind, exports, target)
    tally.reruns_failed += not rerun_ok
    scene.note(
        "import",
        db=catalog.label,
        load=kind,
        delay=round(delay, 4),
        hit=hit,
        before=before,
        after=sequence,
        whole=whole,
        rerun=rerun_ok,
    )
    return hit


def _rerun(catalog: _Catalog, kind: str, exports: Path, target: int) -> bool:
    """The same load again, unkilled: it must complete to the export's exact state."""

    till = catalog.till
    try:
        if kind == "full":
            till.load_data(exports, allow_older=True)  # from 3 back to full export 1
        else:
            till.load_changes(exports)
    except TillsyncError as exc:
        log.error("the rerun of the %s load failed: %s", kind, exc)
        return False
    sequence, digest = catalog_digest(till.db.catalog)
    return sequence == target and digest == catalog.reference[target]
