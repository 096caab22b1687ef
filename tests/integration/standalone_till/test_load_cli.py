"""`till load-data` as a user runs it: an export older than the catalog is refused with
both sequences named, and loaded only with --allow-older."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog_fixture import write_catalog

TILL = str(Path(sys.executable).parent / "till")


def till(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TILLSYNC_CONFIG": str(config)}
    return subprocess.run([TILL, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.slow
def test_load_data_refuses_an_older_export_unless_allowed(tmp_path: Path) -> None:
    config = tmp_path / "till.toml"
    assert till(config, "init", "--store", "S1", "--till", "T1").returncode == 0
    old = write_catalog(tmp_path / "old", sequence=1)
    new = write_catalog(tmp_path / "new", sequence=2)
    assert till(config, "load-data", "--source", str(new)).returncode == 0

    refused = till(config, "load-data", "--source", str(old))
    assert refused.returncode == 1, refused
    assert refused.stderr.strip().endswith(
        "00000001-full.manifest.json: full export 1 is older than the catalog, at sequence 2 "
        "(full export 2): loading it would take the catalog back from 2 to 1; to do so "
        "anyway: load-data --allow-older"
    )
    status = json.loads(till(config, "status", "--json").stdout)
    assert status["catalog_sequence"] == 2

    loaded = till(config, "load-data", "--source", str(old), "--allow-older", "--json")
    assert loaded.returncode == 0, loaded
    assert json.loads(loaded.stdout)["sequence"] == 1
    # The same export again is a reload, not older.
    assert till(config, "load-data", "--source", str(old)).returncode == 0
