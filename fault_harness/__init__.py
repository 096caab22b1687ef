"""The fault harness: crashes, network faults, bad input and attacks, each measured.

Every scenario module exposes ``run(*, quick: bool, seed: int, workdir: Path) -> list[Figure]``.
The test suite calls them with small counts (``quick=True`` and smaller); ``bench/faults.py``
runs them all and prints one table, then one JSON line with every figure and ``met``.

The harness is a development tool: it runs from the repository and is not in the installed
wheel. Its child processes find it through :func:`child_env`.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env() -> dict[str, str]:
    """This process's environment, with the repository on ``PYTHONPATH`` so that a child
    (``python -m fault_harness...``) imports the harness from any working directory."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}
