"""The README's first command ends with this demo: it must keep passing its own checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_demo_runs_and_checks_itself(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TILLSYNC_DEMO_DIR": str(tmp_path / "demo")},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "demo finished: every check passed" in proc.stdout
    assert "[FAILED]" not in proc.stdout
