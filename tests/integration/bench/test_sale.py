"""bench/sale.py runs end to end at a tiny size, so the script cannot rot. Its figures are
not checked here (no timed assertions in tests): only that every window sold, nothing
failed and the last line carries the keys the benchmark promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "sale.py"
KEYS = {
    "scan_p99_ms",
    "close_p99_ms",
    "close_p99_load_ratio",
    "close_p99_blackhole_ratio",
    "sales",
    "failed",
}


@pytest.mark.slow
def test_the_sale_bench_runs_at_a_tiny_size(tmp_path: Path) -> None:
    tiny = ["--items", "2000", "--rounds", "1", "--idle", "1", "--pace", "0.005"]
    out = subprocess.run(
        [sys.executable, str(BENCH), *tiny, "--work", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result.keys() >= KEYS
    assert result["failed"] == 0 and result["sales"] > 0
    for window in ("idle", "load", "blackhole"):
        assert f"\n{window} " in out.stdout, f"no {window} window in:\n{out.stdout}"
