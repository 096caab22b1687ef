"""Fault harness: crashes, network faults, bad input and attacks, each measured.

Runs the scenarios of ``fault_harness`` one after the other in a scratch folder, then
scans every log they wrote for the secrets they used, and prints one table with every
figure and its goal. The last line is one JSON object with the figures and ``met``
(true only when every goal holds); the exit status is 0 when met, 1 when not.

    python bench/faults.py --quick          # about a minute: a few kills, ~1,000 tickets
    python bench/faults.py                  # the long run: 1,000 kills, 10,000 tickets
    python bench/faults.py --only crashes --kills 200 --seed 7

A seed reproduces a run's schedule of faults (which connection is cut, when a process is
killed, which inputs are fuzzed); timings on a busy machine can still differ.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fault_harness import crashes, fuzz, network, security  # noqa: E402
from fault_harness.report import Figure, summary_json, table  # noqa: E402

SCENARIOS = ("crashes", "network", "fuzz", "security")


def _scenarios(args: argparse.Namespace) -> dict[str, Callable[[Path], list[Figure]]]:
    quick, seed = args.quick, args.seed
    return {
        "crashes": lambda w: crashes.run(
            quick=quick, seed=seed, workdir=w, kills=args.kills or (16 if quick else 1000)
        ),
        "network": lambda w: network.run(
            quick=quick, seed=seed, workdir=w, tickets=args.tickets or (1000 if quick else 10_000)
        ),
        "fuzz": lambda w: fuzz.run(
            quick=quick, seed=seed, workdir=w, examples=args.examples or (40 if quick else 2000)
        ),
        "security": lambda w: security.run(quick=quick, seed=seed, workdir=w),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (about a minute)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", help=f"comma-separated subset of {','.join(SCENARIOS)}")
    parser.add_argument("--kills", type=int, help="SIGKILLs in the crash scenarios")
    parser.add_argument("--tickets", type=int, help="tickets through the faulty network")
    parser.add_argument("--examples", type=int, help="fuzz cases per target")
    parser.add_argument("--workdir", type=Path, help="keep the run's files here")
    args = parser.parse_args()
    chosen = args.only.split(",") if args.only else list(SCENARIOS)
    unknown = sorted(set(chosen) - set(SCENARIOS))
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(unknown)}; choose from {SCENARIOS}")

    with tempfile.TemporaryDirectory(prefix="tillsync-faults-") as tmp:
        root = args.workdir or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(root / "harness.log")
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(logging.DEBUG)

        figures: list[Figure] = []
        timings: dict[str, float] = {}
        runners = _scenarios(args)
        for name in chosen:
            print(f"-- {name} ...", flush=True)
            started = time.monotonic()
            figures += runners[name](root / name)
            timings[name] = round(time.monotonic() - started, 1)
            print(f"   {timings[name]} s", flush=True)
        handler.close()
        logging.getLogger().removeHandler(handler)

        leaks = security.scan_logs(root)
        figures.append(
            Figure(
                "all.secret_leaks_in_logs",
                len(leaks),
                0,
                note=f"{sum(1 for p in root.rglob('*') if security.is_log(p))} log files "
                "of every scenario",
            )
        )
        for path, secret in leaks:
            print(f"LEAK: {path} holds {secret[:4]}…", file=sys.stderr)

    print()
    print(table(figures))
    out = summary_json(figures, seed=args.seed, quick=args.quick, seconds=timings)
    print(out)
    return 0 if json.loads(out)["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
