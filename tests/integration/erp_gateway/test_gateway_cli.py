"""The gateway's config file and its ``erp-gateway`` commands."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from gateway_fixture import make_ticket, zeep_client

from connectors.errors import ConfigError
from erp_gateway.cli import main
from erp_gateway.config import config_from_mapping, load_gateway_config
from erp_gateway.server import GatewayServer

ROOT = Path(__file__).resolve().parents[3]
ERP_GATEWAY = str(Path(sys.executable).parent / "erp-gateway")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A copy of the sample config, initialised."""
    path = tmp_path / "gateway.toml"
    shutil.copy(ROOT / "config_samples" / "gateway.toml", path)
    code, out = _run("init", "--config", str(path))
    assert code == 0, out
    return path


# -- config ---------------------------------------------------------------------------


def test_sample_config_works_as_it_is(config: Path) -> None:
    cfg = load_gateway_config(config)
    assert cfg.database_url.endswith(str(config.parent / "gateway.db"))
    assert (config.parent / "gateway.db").exists()
    assert (cfg.service.port, cfg.service.threads, cfg.service.ping_enabled) == (8080, 8, True)
    assert cfg.service.max_request_bytes == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"service": {"port": 0}}, "gateway.toml: service.port must be 1..65535, got 0"),
        ({"service": {"threads": "8"}}, 'service.threads must be 1..256, got "8"'),
        ({"service": {"ping_enabled": 1}}, "service.ping_enabled must be true or false"),
        ({"service": {"prot": 1}}, "unknown key service.prot (did you mean port?)"),
        ({"servce": {}}, "unknown section [servce] (did you mean service?)"),
        ({"port": 8080}, "unknown key port (did you mean service.port?)"),
        ({"service": 1}, "[service] must be a section, got 1"),
        (
            {"service": {"ping_enabled": "yes"}},
            'service.ping_enabled must be true or false, got "yes"',
        ),
        ({"database": {"url": "mysql://x"}}, "database.url must be empty or start with"),
        ({"security": {"wsse_users": {"till": ""}}}, "security.wsse_users.till must be"),
        ({"till_config": {"webservice_user": "nobody"}}, '"nobody" is not in security.wsse_users'),
        ({"till_config": {"ftp_password": 5}}, "(value not shown: it is a secret)"),
    ],
)
def test_config_errors_name_the_key(data: dict, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        config_from_mapping(data, folder=tmp_path, source="gateway.toml")
    assert message in str(err.value)


def test_database_password_is_not_shown(tmp_path: Path) -> None:
    data = {"database": {"url": "mysql://u:hunter2@db/x"}}
    with pytest.raises(ConfigError) as err:
        config_from_mapping(data, folder=tmp_path, source="gateway.toml")
    assert "hunter2" not in str(err.value)


def test_relative_template_counts_from_the_config_folder(tmp_path: Path) -> None:
    cfg = config_from_mapping(
        {"till_config": {"template": "templates/till.toml"}}, folder=tmp_path, source="x"
    )
    assert cfg.till_config.template == tmp_path / "templates" / "till.toml"
    assert "hunter2" not in repr(
        config_from_mapping(
            {"security": {"wsse_users": {"u": "hunter2"}}}, folder=tmp_path, source="x"
        )
    )


def test_missing_config_and_missing_schema_are_clear(tmp_path: Path) -> None:
    code, out = _run("tickets", "--config", str(tmp_path / "nope.toml"))
    assert (code, out.strip()) == (1, f"error: {tmp_path / 'nope.toml'}: config file not found")
    empty = tmp_path / "gateway.toml"
    empty.write_text("")
    code, out = _run("tickets", "--config", str(empty))
    assert code == 2 and "is not set up: run `erp-gateway init`" in out


# -- commands -------------------------------------------------------------------------


def test_tills_notify_and_tickets(config: Path) -> None:
    assert _run("tills", "add", "--store", "S001", "--till", "T01", "--config", str(config)) == (
        0,
        "till T01 in store S001\n",
    )
    code, out = _run("tills", "list", "--json", "--config", str(config))
    assert code == 0 and [(t["store_id"], t["till_id"]) for t in json.loads(out)] == [
        ("S001", "T01")
    ]
    code, out = _run("notify", "--store", "S001", "Inventory tonight", "--config", str(config))
    assert (code, out) == (0, "message 1 for store S001: 1 known till(s)\n")
    code, out = _run(
        "notify", "--all", "--valid-until", "2030-01-01T00:00", "Hi", "--config", str(config)
    )
    assert (code, out) == (0, "message 2 for all: 1 known till(s)\n")
    code, out = _run("notify", "--till", "T01", "--all", "x", "--config", str(config))
    assert code == 1 and "exactly one of" in out
    code, out = _run("notify", "--all", "--valid-until", "soon", "x", "--config", str(config))
    assert code == 1 and "not an ISO date-time" in out

    cfg = load_gateway_config(config)
    with GatewayServer(cfg).start(port=0) as server:
        client = zeep_client(server.wsdl_url)
        client.service.SendTickets(
            tillId="T01", tickets={"ticket": [make_ticket("K-1"), make_ticket("K-2", number=2)]}
        )
        assert [m.text for m in client.service.GetMessages(tillId="T01", event="day_open")] == [
            "Inventory tonight",
            "Hi",
        ]
    code, out = _run("tickets", "--json", "--till", "T01", "--limit", "1", "--config", str(config))
    [row] = json.loads(out)
    assert row["total"] == "6.20" and row["till_id"] == "T01"
    code, out = _run("tickets", "--config", str(config))
    assert code == 0 and out.endswith("2 ticket(s)\n")


def test_offers_import(config: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "offers.csv"
    csv_file.write_text(
        "code,description,scope,scope_ref,target,item_code,kind,value,valid_from,valid_to\n"
        "P1,Five off,all,,total,,percent,5,,\n"
        "P2,Milk,customer,C1,item,MILK,amount,0.20,2026-01-01,2099-12-31\n"
    )
    assert _run("offers", "import", str(csv_file), "--config", str(config)) == (
        0,
        "2 offer(s) imported\n",
    )
    csv_file.write_text(
        "code,description,scope,scope_ref,target,item_code,kind,value,valid_from,valid_to\n"
        "P3,Bad,card,,total,,percent,5,,\n"
    )
    code, out = _run("offers", "import", str(csv_file), "--config", str(config))
    assert code == 1 and f"{csv_file}, line 2: scope_ref is required" in out


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


def test_every_command_has_help_and_a_readme_row() -> None:
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## The `erp-gateway` command", 1)[1].split("\n## ", 1)[0]
    for name, command in _commands(main):
        assert command.help, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.name}"
        if not isinstance(command, click.Group):
            assert f"`erp-gateway {name}" in table, name
        code, out = _run(*name.split(), "--help")
        assert code == 0 and "Usage:" in out


@pytest.mark.skipif(os.name == "nt", reason="SIGINT to a child is POSIX here")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_stops_cleanly_on_ctrl_c_or_sigterm(config: Path, stop: signal.Signals) -> None:
    with subprocess.Popen(
        [ERP_GATEWAY, "serve", "--port", "0", "--config", str(config)],
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stderr is not None
        try:
            url = ""
            for line in proc.stderr:
                if found := re.search(r"listening on (http://\S+)", line):
                    url = found.group(1)
                    break
            assert zeep_client(url + "?wsdl").service.Ping().version == "2"
            proc.send_signal(stop)
            assert proc.wait(timeout=20) == 0
            assert "stopped" in proc.stderr.read()
        finally:
            if proc.poll() is None:
                proc.kill()


# -- one manner for both command lines ------------------------------------------------


def test_config_and_verbose_go_before_or_after_the_command(tmp_path: Path) -> None:
    path = tmp_path / "gateway.toml"
    shutil.copy(ROOT / "config_samples" / "gateway.toml", path)
    code, out = _run("--config", str(path), "init")
    assert (code, out) == (0, f"database ready: sqlite+pysqlite:///{tmp_path / 'gateway.db'}\n")
    assert _run("--config", str(path), "-v", "tills", "add", "--store", "S1", "--till", "T1") == (
        0,
        "till T1 in store S1\n",
    )
    assert _run("tills", "list", "--config", str(path), "-v")[1].endswith("1 till(s)\n")
    # after the command wins over before it, as the later option does
    code, out = _run("--config", str(tmp_path / "nope.toml"), "tickets", "--config", str(path))
    assert (code, out) == (0, "0 ticket(s)\n")


def test_commands_without_a_schema_create_no_database(tmp_path: Path) -> None:
    path = tmp_path / "gateway.toml"
    path.write_text("")
    for command in (["tickets"], ["tills", "list"], ["master", "status"], ["mismatches"]):
        code, out = _run("--config", str(path), *command)
        assert code == 2 and "is not set up: run `erp-gateway init`" in out, (command, out)
    assert list(tmp_path.iterdir()) == [path]


def _serve(config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [ERP_GATEWAY, "--config", str(config), "serve", "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_says_it_serves_only_once_it_does(config: Path) -> None:
    with _serve(config) as proc:
        assert proc.stderr is not None
        try:
            for line in proc.stderr:
                assert "serving" not in line or line.startswith("serving http"), line
                if found := re.match(r"serving (http://\S+); Ctrl-C stops$", line):
                    break
            else:
                raise AssertionError("no serving line")
            # said once bound: the endpoint answers at the address it names
            assert zeep_client(found.group(1) + "?wsdl").service.Ping().version == "2"
            proc.send_signal(signal.SIGINT)
            assert proc.wait(timeout=20) == 0
        finally:
            if proc.poll() is None:
                proc.kill()


def test_serve_without_a_schema_says_so_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "gateway.toml"
    path.write_text("")
    with _serve(path) as proc:
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "serving" not in err and "is not set up: run `erp-gateway init`" in err
    assert list(tmp_path.iterdir()) == [path]


def test_tickets_of_one_batch_are_listed_newest_first(config: Path) -> None:
    from gateway_fixture import OPENED, with_hash

    batch = []
    for n in (1, 2, 3):  # closed one minute apart, sent in one batch (one arrival time)
        ticket = make_ticket(f"K-{n}", number=n)
        ticket["closedAt"] = OPENED + dt.timedelta(minutes=n)
        batch.append(with_hash(ticket))
    assert _run("tills", "add", "--store", "S001", "--till", "T01", "--config", str(config))[0] == 0
    with GatewayServer(load_gateway_config(config)).start(port=0) as server:
        zeep_client(server.wsdl_url).service.SendTickets(tillId="T01", tickets={"ticket": batch})
    code, out = _run("--config", str(config), "tickets", "--json")
    assert code == 0 and [r["ticket_id"] for r in json.loads(out)] == ["K-3", "K-2", "K-1"]
    code, out = _run("--config", str(config), "tickets", "--json", "--limit", "1")
    assert code == 0 and [r["ticket_id"] for r in json.loads(out)] == ["K-3"]


def test_both_ticket_lists_have_one_default_limit() -> None:
    from standalone_till.cli import cli as till_cli

    def limit(command: click.Command) -> object:
        [option] = [p for p in command.params if p.name == "limit"]
        return option.default

    assert limit(main.commands["tickets"]) == limit(till_cli.commands["tickets"]) == 100


def test_an_undeclared_till_is_told_to_declare_itself(config: Path) -> None:
    from zeep.exceptions import Fault

    with (
        GatewayServer(load_gateway_config(config)).start(port=0) as server,
        pytest.raises(Fault) as fault,
    ):
        zeep_client(server.wsdl_url).service.GetTillConfig(tillId="T77")
    assert "`erp-gateway tills add --store STORE --till T77`" in fault.value.message


def test_the_sample_config_shows_every_section_and_key() -> None:
    from erp_gateway.config import SCHEMA

    text = (ROOT / "config_samples" / "gateway.toml").read_text()
    for spec in SCHEMA.specs:
        header = re.search(rf"^(# )?\[{spec.section}\]$", text, re.M)
        assert header, f"no [{spec.section}] in the sample"
        after = text[header.end() :]
        pattern = rf"^(# )?(\[{spec.dotted_key}\]|{spec.key} = )"
        found = re.search(pattern, after, re.M)
        assert found, f"no {spec.dotted_key} in the sample"
        assert after[: found.start()].rstrip().splitlines()[-1].startswith("#"), spec.dotted_key
