"""The ERP side's commands as an integrator runs them: master data in, exports to a till."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ftp_import.reader import list_exports

BIN = Path(sys.executable).parent
ERP_GATEWAY = str(BIN / "erp-gateway")


def run(*args: str, check: int = 0, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=180,
        env=os.environ,
    )
    assert proc.returncode == check, (args, proc.stdout, proc.stderr)
    return proc


@pytest.mark.slow
def test_master_data_to_a_till_through_the_commands(tmp_path: Path) -> None:
    gw = tmp_path / "gateway.toml"
    published = tmp_path / "published"
    gw.write_text(f'[exports]\ntarget = "{published}"\nkeep_fulls = 1\n')
    run("erp-gateway", "init", "--config", str(gw))
    changes = json.loads(
        run(
            "erp-gateway", "master", "sample", "--items", "600", "--json", "--config", str(gw)
        ).stdout
    )
    assert {c["entity"]: c["upserted"] for c in changes}["items"] == 600
    out = run("erp-gateway", "export", "full", "--config", str(gw)).stdout
    assert "export 1 (full)" in out and "published export 1" in out
    assert (
        "nothing changed"
        in run("erp-gateway", "export", "changes", "--once", "--config", str(gw)).stdout
    )
    run("erp-gateway", "master", "sample", "--items", "600", "--seed", "9", "--config", str(gw))
    assert (
        "export 2 (incremental)"
        in run("erp-gateway", "export", "changes", "--once", "--config", str(gw)).stdout
    )

    till = tmp_path / "till" / "till.toml"
    run("till", "--config", str(till), "init", "--store", "S1", "--till", "T1")
    run("till", "--config", str(till), "load-data", "--source", str(published))
    result = json.loads(
        run(
            "till", "--config", str(till), "load-changes", "--source", str(published), "--json"
        ).stdout
    )
    assert result["applied"] == [2]
    status = json.loads(
        run("erp-gateway", "master", "status", "--json", "--config", str(gw)).stdout
    )
    items = json.loads(
        run("till", "--config", str(till), "items", "--json", "--limit", "5000").stdout
    )
    assert len(items) == status["rows"]["items"]
    # A new full export retires the old ones at the target (retention).
    run("erp-gateway", "master", "sample", "--items", "600", "--seed", "10", "--config", str(gw))
    run("erp-gateway", "export", "full", "--config", str(gw))
    left = sorted({p.name[:8] for p in published.iterdir()})
    assert left == ["00000003"]


def test_pull_needs_a_source(tmp_path: Path) -> None:
    gw = tmp_path / "gateway.toml"
    gw.write_text("")
    run("erp-gateway", "init", "--config", str(gw))
    err = run("erp-gateway", "master", "pull", "--config", str(gw), check=1).stderr
    assert "erp_source" in err


def test_pull_from_an_erp_database(tmp_path: Path, pg_database: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(pg_database)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE art (ref TEXT, label TEXT, tva NUMERIC(5,2), bio BOOLEAN)"
        )
        conn.exec_driver_sql(
            "INSERT INTO art VALUES ('A1', 'Pain', 5.5, false), ('A2', 'Vin', 20, true)"
        )
    engine.dispose()
    gw = tmp_path / "gateway.toml"
    gw.write_text(
        "[erp_source]\n"
        f'url = "{pg_database}"\n'
        "[erp_source.queries]\n"
        "items = \"SELECT ref AS code, label AS name, tva AS vat_rate, 'unit' AS sold_by, "
        'CASE WHEN bio THEN 1 ELSE 0 END AS alcohol, 1 AS active FROM art"\n'
    )
    run("erp-gateway", "init", "--config", str(gw))
    changes = json.loads(run("erp-gateway", "master", "pull", "--json", "--config", str(gw)).stdout)
    assert changes == [{"entity": "items", "rows": 2, "upserted": 2, "deleted": 0}]


def test_the_installed_console_script(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    ok = subprocess.run(
        [ERP_GATEWAY, "sample-export", "--items", "40", "--out", str(out), "--seed", "3"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1].startswith("wrote 1 exports")
    assert [r.kind for r in list_exports(out)] == ["full"]
    bad = subprocess.run(
        [ERP_GATEWAY, "sample-export", "--items", "40"], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 1 and "--out" in bad.stderr
    again = subprocess.run(
        [ERP_GATEWAY, "sample-export", "--items", "40", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 1 and again.stderr.startswith("error: ")
