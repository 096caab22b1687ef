"""Cashiers in the gateway's master data, through every way in (`erp-gateway cashiers set`,
`master import`, `master pull`) and out (full and incremental exports), to a SQLite and a
PostgreSQL till that signs them in. PINs never appear in clear after they are typed."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from cashier_fixture import PINS, SARA, cashier_rows
from click.testing import CliRunner, Result

from connectors.errors import ApprovalRefused, ExportError
from erp_gateway import master
from erp_gateway.cli import main as gateway_cli
from erp_gateway.db import GatewayDatabase
from ftp_import.pins import verify_pin
from ftp_import.reader import iter_rows, list_exports, read_manifest
from standalone_till.cli import cli as till_cli
from standalone_till.config import load_config
from standalone_till.service import Till

PIN, SUPERVISOR_PIN = "135790", "864200"


def gateway(config: Path, *args: str, stdin: str | None = None, code: int = 0) -> Result:
    result = CliRunner().invoke(gateway_cli, [*args, "--config", str(config)], input=stdin)
    assert result.exit_code == code, result.output
    return result


def till(config: Path, *args: str, stdin: str | None = None, code: int = 0) -> Result:
    result = CliRunner().invoke(
        till_cli, list(args), input=stdin, env={"TILLSYNC_CONFIG": str(config)}
    )
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def gw(tmp_path: Path) -> Path:
    config = tmp_path / "gateway.toml"
    config.write_text(f'[exports]\ntarget = "{tmp_path / "published"}"\n')
    gateway(config, "init")
    gateway(config, "master", "sample", "--items", "20")
    return config


def _published(gw: Path) -> Path:
    return gw.parent / "published"


def _export_rows(folder: Path, sequence: int) -> list[list[str]]:
    ref = next(r for r in list_exports(folder) if r.sequence == sequence)
    manifest = read_manifest(folder / ref.manifest_name)
    entry = manifest.file_for("cashiers")
    assert entry is not None
    return list(iter_rows(folder / entry.name, entry, manifest.kind))


def _raw_text(folder: Path) -> str:
    return "".join(
        gzip.decompress(p.read_bytes()).decode() for p in sorted(folder.glob("*.csv.gz"))
    )


def test_cashiers_set_on_the_gateway_sign_in_at_the_till(gw: Path, till_config: Path) -> None:
    out = gateway(gw, "cashiers", "set", "C01", "--name", "Anne", "--pin-stdin", stdin=PIN + "\n")
    assert out.output == "cashier C01 (cashier): changed\n"
    gateway(
        gw,
        "cashiers", "set", "S01", "--name", "Sara", "--role", "supervisor", "--pin-stdin",
        stdin=SUPERVISOR_PIN + "\n",
    )  # fmt: skip
    listed = gateway(gw, "cashiers", "list", "--json").output
    assert json.loads(listed) == [
        {"code": "C01", "name": "Anne", "role": "cashier", "active": True},
        {"code": "S01", "name": "Sara", "role": "supervisor", "active": True},
    ]
    assert "scrypt" not in listed and "scrypt" not in gateway(gw, "cashiers", "list").output
    gateway(gw, "export", "full")
    published = _published(gw)
    rows = _export_rows(published, 1)
    assert [r[:4] for r in rows] == [
        ["C01", "Anne", "cashier", "1"],
        ["S01", "Sara", "supervisor", "1"],
    ]
    assert verify_pin(PIN, rows[0][4]) and verify_pin(SUPERVISOR_PIN, rows[1][4])
    assert PIN not in _raw_text(published) and SUPERVISOR_PIN not in _raw_text(published)

    till(till_config, "init", "--store", "S1", "--till", "T1")
    till(till_config, "load-data", "--source", str(published))
    till(till_config, "signin", "C01", "--pin-stdin", stdin=PIN + "\n")
    assert json.loads(till(till_config, "whoami", "--json").output)["cashier"]["name"] == "Anne"

    # A new name without a new PIN, and the supervisor removed: an increment with a tombstone.
    gateway(gw, "cashiers", "set", "C01", "--name", "Anne Martin", "--keep-pin")
    assert gateway(gw, "cashiers", "remove", "S01").output == "cashier S01: removed\n"
    assert "not in master data" in gateway(gw, "cashiers", "remove", "S01").output
    # Another sample catalog leaves the cashiers alone.
    gateway(gw, "master", "sample", "--items", "20", "--seed", "9")
    gateway(gw, "export", "changes", "--once")
    changes = _export_rows(published, 2)
    assert ["D", "S01", "", "", "", ""] in changes
    assert [r[:5] for r in changes if r[0] == "U"] == [["U", "C01", "Anne Martin", "cashier", "1"]]
    till(till_config, "load-changes", "--source", str(published))
    me = json.loads(till(till_config, "whoami", "--json").output)
    assert me["cashier"] == {"code": "C01", "name": "Anne Martin", "role": "cashier"}
    t = Till(load_config(till_config))
    try:
        with pytest.raises(ApprovalRefused):
            t.approve("reprint", "S01", SUPERVISOR_PIN)
    finally:
        t.close()


def test_cashiers_set_refuses_a_bad_pin_or_none(gw: Path) -> None:
    short = gateway(
        gw, "cashiers", "set", "C01", "--name", "A", "--pin-stdin", stdin="12\n", code=1
    )
    assert "a PIN is 4 to 12 digits" in short.output and "12\n" not in short.output.split(":", 1)[1]
    keep = gateway(gw, "cashiers", "set", "C09", "--name", "A", "--keep-pin", code=1)
    assert "cashier C09 has no PIN yet" in keep.output
    no_tty = gateway(gw, "cashiers", "set", "C01", "--name", "A", code=1)
    assert "no terminal to ask it on; use --pin-stdin" in no_tty.output
    assert json.loads(gateway(gw, "cashiers", "list", "--json").output) == []


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        csv.writer(f).writerows(rows)


HEADER = ["code", "name", "role", "active", "pin_hash"]


def test_master_import_takes_cashiers_csv_and_refuses_a_clear_pin(gw: Path, tmp_path: Path) -> None:
    erp = tmp_path / "erp"
    _write_csv(erp / "cashiers.csv", [HEADER, *map(list, cashier_rows())])
    changes = json.loads(gateway(gw, "master", "import", str(erp), "--json").output)
    assert changes == [{"entity": "cashiers", "rows": 3, "upserted": 3, "deleted": 0}]
    assert [c["code"] for c in json.loads(gateway(gw, "cashiers", "list", "--json").output)] == [
        "C01",
        "C02",
        "S01",
    ]
    _write_csv(erp / "cashiers.csv", [HEADER, ["C04", "Dana", "cashier", "1", "4711"]])
    refused = gateway(gw, "master", "import", str(erp), code=1)
    assert "cashiers.csv, line 2: pin_hash: not a PIN hash" in refused.output
    assert "4711" not in refused.output
    _write_csv(erp / "cashiers.csv", [HEADER, ["C04", "Dana", "boss", "1", cashier_rows()[0][4]]])
    assert (
        "expected one of cashier, supervisor"
        in gateway(gw, "master", "import", str(erp), code=1).output
    )
    assert len(json.loads(gateway(gw, "cashiers", "list", "--json").output)) == 3


def test_master_pull_reads_cashiers_from_the_erp_database(tmp_path: Path) -> None:
    erp_url = f"sqlite:///{tmp_path / 'erp.db'}"
    engine = sa.create_engine(erp_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE staff (id TEXT, full_name TEXT, is_supervisor INT, pin_hash TEXT)"
        )
        for code, name, role, _active, pin_hash in cashier_rows():
            conn.exec_driver_sql(
                "INSERT INTO staff VALUES (?, ?, ?, ?)",
                (code, name, int(role == "supervisor"), pin_hash),
            )
    engine.dispose()
    query = (
        "SELECT id AS code, full_name AS name, CASE is_supervisor WHEN 1 THEN 'supervisor' "
        "ELSE 'cashier' END AS role, '1' AS active, pin_hash FROM staff"
    )
    config = tmp_path / "gateway.toml"
    config.write_text(
        f'[erp_source]\nurl = "{erp_url}"\n\n[erp_source.queries]\ncashiers = "{query}"\n'
    )
    gateway(config, "init")
    gateway(config, "master", "pull")
    db = GatewayDatabase(f"sqlite:///{tmp_path / 'gateway.db'}")
    try:
        with db.engine.connect() as conn:
            t = master.MASTER["cashiers"]
            stored = dict(conn.execute(sa.select(t.c.code, t.c.pin_hash)).all())
    finally:
        db.dispose()
    assert stored == {row[0]: row[4] for row in cashier_rows()}
    assert verify_pin(PINS[SARA], stored[SARA])


def test_a_pin_hash_check_never_echoes_the_value() -> None:
    from ftp_import.validate import normalize_row

    with pytest.raises(ExportError) as caught:
        normalize_row("cashiers", ["C01", "Anne", "cashier", "1", "secret-1234"], file="f", line=2)
    assert "secret-1234" not in str(caught.value)
