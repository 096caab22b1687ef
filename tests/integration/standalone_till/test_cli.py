"""The `till` command as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import click
import pytest

from catalog_fixture import BREAD, CARD, CHEESE_PLU, CUSTOMER, WINE, write_catalog
from standalone_till.cli import cli

pytestmark = pytest.mark.slow  # one `till` process per call: seconds each
ROOT = Path(__file__).resolve().parents[3]
TILL = str(Path(sys.executable).parent / "till")


def till(
    *args: str, config: Path | None = None, check: int | None = 0
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    if config is not None:
        env["TILLSYNC_CONFIG"] = str(config)
    proc = subprocess.run([TILL, *args], capture_output=True, text=True, env=env, timeout=120)
    if check is not None:
        assert proc.returncode == check, (proc.returncode, proc.stdout, proc.stderr)
    return proc


@pytest.fixture
def ready(tmp_path: Path) -> Path:
    config = tmp_path / "till.toml"
    till("init", "--store", "S9", "--till", "T3", config=config)
    exports = write_catalog(tmp_path / "exports")
    loaded = till("load-data", "--source", str(exports), "--json", config=config)
    out = json.loads(loaded.stdout)
    assert out["sequence"] == 1 and out["rows"] > 0
    assert "Loading data" not in loaded.stderr  # no progress bar when stderr is no terminal
    return config


def test_a_sale_from_the_command_line(ready: Path) -> None:
    label = "22" + CHEESE_PLU + "00500"
    from ftp_import.gtin import complete_gtin

    proc = till(
        "sell",
        BREAD,
        f"{WINE}*2",
        complete_gtin(label),
        "--customer",
        CUSTOMER,
        "--pay",
        "card:10",
        "--pay",
        "cash:50",
        "--json",
        config=ready,
    )
    sale = json.loads(proc.stdout)
    assert sale["number"] == 1 and len(sale["ticket_id"]) == 36
    assert [Decimal(line["quantity"]) for line in sale["lines"]] == [1, 2, Decimal("0.5")]
    assert sale["vat"] and sum(float(v["gross"]) for v in sale["vat"]) == pytest.approx(
        float(sale["total"])
    )
    assert "O-WINE" in sale["offers"]
    assert float(sale["change"]) > 0
    status = json.loads(till("status", "--json", config=ready).stdout)
    assert status["till_id"] == "T3" and status["catalog_sequence"] == 1
    assert status["outbox_pending"] == 1 and status["tickets_today"] == 1
    listed = json.loads(till("tickets", "--json", config=ready).stdout)
    assert listed[0]["ticket_id"] == sale["ticket_id"] and listed[0]["outbox"] == "pending"


def test_card_and_day_commands(ready: Path) -> None:
    till("day", "open", config=ready)
    sale = json.loads(till("sell", BREAD, "--card", CARD, "--json", config=ready).stdout)
    assert sale["card_number"] == CARD and sale["customer_code"] == CUSTOMER
    till("day", "close", config=ready)
    refused = till("sell", BREAD, config=ready, check=1)
    assert "closed" in refused.stderr
    till("day", "open", config=ready)
    z = json.loads(till("day", "closure", "--json", config=ready).stdout)
    assert z["tickets"] == 1 and z["z_number"] == 1


def test_items_listing(ready: Path) -> None:
    items = json.loads(till("items", "--json", "--search", "bread", config=ready).stdout)
    assert [i["code"] for i in items] == ["BREAD"]
    assert items[0]["barcodes"] == [BREAD] and items[0]["price"] == "1.20"


def test_config_commands(ready: Path) -> None:
    till("config", "set", "webservice.password", "hunter2", config=ready)
    shown = till("config", "show", config=ready).stdout
    assert "hunter2" not in shown and "********" in shown
    bad = till("config", "set", "webservice.timeout", "0", config=ready, check=1)
    assert "webservice.timeout must be 1..600 s, got 0" in bad.stderr
    data = json.loads(till("config", "show", "--json", config=ready).stdout)
    assert data["webservice"]["timeout"] == 60
    assert os.stat(ready).st_mode & 0o777 == 0o600


def test_config_import_keeps_a_backup(ready: Path, tmp_path: Path) -> None:
    handed_out = tmp_path / "from-server.toml"
    handed_out.write_text(ready.read_text().replace("timeout = 60", "timeout = 45"))
    out = till("config", "import", str(handed_out), config=ready).stdout
    assert "webservice.timeout: 60 -> 45" in out
    assert (
        json.loads(till("config", "show", "--json", config=ready).stdout)["webservice"]["timeout"]
        == 45
    )
    backups = list(ready.parent.glob("till.toml.*.bak"))
    assert len(backups) == 1 and "timeout = 60" in backups[0].read_text()
    broken = tmp_path / "broken.toml"
    broken.write_text("[webservice]\ntimeout = 0\n")
    assert "timeout" in till("config", "import", str(broken), config=ready, check=1).stderr
    assert (
        json.loads(till("config", "show", "--json", config=ready).stdout)["webservice"]["timeout"]
        == 45
    )


def test_bad_input_exits_1_and_environment_exits_2(ready: Path, tmp_path: Path) -> None:
    assert "no item" in till("sell", "5901234123457", config=ready, check=1).stderr
    assert "check digit" in till("sell", "4006381333932", config=ready, check=1).stderr
    till("sell", BREAD, "--pay", "cheque", config=ready, check=1)
    till("load-changes", "--source", str(tmp_path / "exports"), config=ready, check=0)
    till("frobnicate", config=ready, check=1)
    missing = till("status", config=tmp_path / "nope.toml", check=1)
    assert "nope.toml" in missing.stderr
    # A database that cannot be opened is the environment's fault, not the user's.
    locked = tmp_path / "locked"
    locked.mkdir()
    config = locked / "till.toml"
    till("init", "--store", "S1", "--till", "T1", config=config)
    (locked / "till.db").unlink()
    locked.chmod(0o500)
    try:
        if os.geteuid() != 0:  # root ignores folder permissions
            till("status", config=config, check=2)
    finally:
        locked.chmod(0o700)


def test_quantities_and_amounts_are_read_strictly(ready: Path) -> None:
    """As a person types them, nothing else: ``1e3`` is not a thousand loaves."""
    for args, expected in [
        ((f"{BREAD}*1e3",), "not a quantity: '1e3'"),
        ((f"{BREAD}*0.0001",), "not a quantity: '0.0001'"),
        ((BREAD, "--pay", "cash:NaN"), "payment 'cash:NaN': not an amount of money: 'NaN'"),
        ((BREAD, "--pay", "cash:1e2"), "not an amount of money: '1e2'"),
    ]:
        refused = till("sell", *args, config=ready, check=1).stderr
        assert expected in refused and "Traceback" not in refused, refused
    assert json.loads(till("tickets", "--json", config=ready).stdout) == []


def test_uninitialised_database_says_so(tmp_path: Path) -> None:
    config = tmp_path / "till.toml"
    from standalone_till.config import write_default_config

    write_default_config(config, "S1", "T1")
    proc = till("status", config=config, check=2)
    assert "till init" in proc.stderr


def _commands(group: click.Group, prefix: str = "till") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found += _commands(command, full)
        else:
            found.append((full, command))
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    commands = _commands(cli)
    assert len(commands) >= 12
    for name, command in commands:
        assert command.help and command.help.strip(), f"{name} has no help text"
        assert re.search(rf"`{re.escape(name)}[ `]", readme), f"{name} is not in README.md"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts[0]} has no help text"
    assert "## Quick start" in readme


def test_help_runs_for_every_command() -> None:
    for name, _ in _commands(cli):
        till(*name.split()[1:], "--help")


def test_global_options_go_before_or_after_the_command(ready: Path) -> None:
    before = till("--config", str(ready), "-v", "status", check=0)
    assert "till_id: T3" in before.stdout and "INFO" in before.stderr  # -v: the log shows
    after = till("status", "--config", str(ready), "-v", check=0)
    assert after.stdout == before.stdout and "INFO" in after.stderr
    assert till("status", config=ready).stderr == ""


def test_a_network_error_is_one_line_without_v(ready: Path) -> None:
    from fault_harness.servers import free_port

    till("config", "set", "webservice.url", f"http://127.0.0.1:{free_port()}/soap", config=ready)
    till("day", "open", config=ready)
    till("sell", BREAD, config=ready)
    failed = till("sync", config=ready, check=2)
    assert failed.stderr.splitlines() == [failed.stderr.strip()]
    assert failed.stderr.startswith("error: ") and "cannot connect" in failed.stderr
    unreachable = till("ping", config=ready, check=2)
    assert "unreachable" in unreachable.stdout and unreachable.stderr == ""
    # with -v the log says it as it happens, besides the error line
    verbose = till("-v", "sync", config=ready, check=2)
    assert "WARNING tillsync.sync: tickets:" in verbose.stderr
    assert verbose.stderr.rstrip().splitlines()[-1].startswith("error: ")


def test_config_set_takes_the_files_values_and_refuses_what_the_file_refuses(
    tmp_path: Path,
) -> None:
    from standalone_till.config import write_default_config

    config = tmp_path / "till.toml"
    write_default_config(config, "S1", "T1")
    till("config", "set", "timings.drip", "true", config=config)
    till("config", "set", "barcodes.weight_prefixes", '["20", "21"]', config=config)
    till("config", "set", "barcodes.price_prefixes", "25,26", config=config)
    shown = json.loads(till("config", "show", "--json", config=config).stdout)
    assert shown["timings"]["drip"] is True
    assert shown["barcodes"]["weight_prefixes"] == ["20", "21"]
    assert shown["barcodes"]["price_prefixes"] == ["25", "26"]
    before = config.read_bytes()
    refused = till("config", "set", "timings.drip", "yes", config=config, check=1)
    assert 'timings.drip must be true or false, got "yes"' in refused.stderr
    config.write_text(config.read_text().replace("drip = true", 'drip = "yes"'))
    in_file = till("config", "show", config=config, check=1)
    assert 'timings.drip must be true or false, got "yes"' in in_file.stderr
    config.write_bytes(before)
    assert "true or false" in till("config", "set", "--help").stdout


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_copied_sample_holding_a_password_is_made_private_with_a_notice(
    tmp_path: Path,
) -> None:
    sample = (ROOT / "config_samples" / "till.toml").read_text()
    config = tmp_path / "till.toml"
    config.write_text(sample.replace('password = ""', 'password = "Hunter2"', 1))
    config.chmod(0o644)
    shown = till("config", "show", config=config)
    assert os.stat(config).st_mode & 0o777 == 0o600
    assert "now 0600" in shown.stderr and "database.password" in shown.stderr
    assert "Hunter2" not in shown.stdout + shown.stderr
    assert "0600" not in till("config", "show", config=config).stderr  # said once
