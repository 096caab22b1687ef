"""``erp-gateway feed …`` as an integrator runs it: init, run, status, errors, retry and
rewind against PostgreSQL staging and a folder of batch files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from feed_documents import send_documents, send_other_kinds

from erp_gateway.config import load_gateway_config
from erp_gateway.server import GatewayServer

ERP_GATEWAY = str(Path(sys.executable).parent / "erp-gateway")


def feed(config: Path, *args: str, check: int = 0) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [ERP_GATEWAY, "--config", str(config), "feed", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=os.environ,
    )
    assert proc.returncode == check, (args, proc.stdout, proc.stderr)
    return proc


@pytest.mark.slow
def test_the_feed_commands(tmp_path: Path, pg_database: str) -> None:
    config = tmp_path / "gateway.toml"
    out = tmp_path / "batches"
    config.write_text(
        f'[erp_sink.erp]\nkind = "sql"\nurl = "{pg_database}"\n\n'
        f'[erp_sink.files]\nkind = "files"\ntarget = "{out}"\n',
        encoding="utf-8",
    )
    subprocess.run([ERP_GATEWAY, "--config", str(config), "init"], check=True, timeout=120)
    no_init = feed(config, "run", "--once", check=1)  # the files sink has its round anyway
    assert "erp-gateway feed init" in no_init.stderr and "files: 0 delivered" in no_init.stdout
    assert "created tillsync_tickets" in feed(config, "init").stdout
    assert "erp: ready" in feed(config, "init", "--sink", "erp").stdout
    assert "no sink 'nope'" in feed(config, "run", "--sink", "nope", check=1).stderr

    with GatewayServer(load_gateway_config(config)).start(host="127.0.0.1", port=0) as server:
        send_documents(server.url, 12)
        send_other_kinds(server.url)

    status = json.loads(feed(config, "status", "--json").stdout)
    assert [(s["sink"], s["position"], s["behind"]) for s in status] == [
        ("erp", 0, 18),
        ("files", 0, 18),
    ]
    engine = sa.create_engine(pg_database)
    with engine.begin() as conn:  # the ERP refuses closures for now
        conn.exec_driver_sql(
            "ALTER TABLE tillsync_closures ADD CONSTRAINT later CHECK (z_number < 0) NOT VALID"
        )
    rounds = json.loads(feed(config, "run", "--once", "--json").stdout)
    assert [(r["sink"], r["delivered"], r["position"], len(r["held"])) for r in rounds] == [
        ("erp", 18, 18, 1),
        ("files", 18, 18, 0),
    ]
    errors = json.loads(feed(config, "errors", "--json").stdout)
    assert [h["document_id"] for h in errors["erp"]] == ["z-1"] and errors["files"] == []
    assert "later" in errors["erp"][0]["reason"]
    assert "z-1" in feed(config, "errors", "--sink", "erp").stdout
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE tillsync_closures DROP CONSTRAINT later")
    assert "1 taken back, 0 still set aside" in feed(config, "retry", "--sink", "erp").stdout
    assert json.loads(feed(config, "errors", "--json").stdout)["erp"] == []

    assert "erp: cursor at 10" in feed(config, "rewind", "--sink", "erp", "--to", "10").stdout
    later = feed(config, "rewind", "--sink", "erp", "--to", "2030-01-01", check=1).stderr
    assert "rewind goes back" in later
    again = json.loads(feed(config, "run", "--sink", "erp", "--json").stdout)
    assert (again[0]["delivered"], again[0]["position"]) == (8, 18)
    with engine.connect() as conn:
        staged = conn.exec_driver_sql("SELECT COUNT(*) FROM tillsync_tickets").scalar_one()
        closures = conn.exec_driver_sql("SELECT COUNT(*) FROM tillsync_closures").scalar_one()
    engine.dispose()
    assert (staged, closures) == (13, 1)
    text = feed(config, "status").stdout
    assert "erp" in text and "behind        0" in text
    assert len(list(out.glob("*.feed-manifest.json"))) == 1
