"""`till signin`, `signout`, `whoami` and the supervisor options as a user runs them
(in process, on a real SQLite and PostgreSQL till): PINs from stdin or the environment,
exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from cashier_fixture import ANNE, PINS, PIOTR, SARA, cashier_rows
from click.testing import CliRunner, Result

from catalog_fixture import BREAD, write_catalog
from standalone_till.cli import cli
from standalone_till.cli.common import approval, open_till, supervisor_options


def run(config: Path, *args: str, stdin: str | None = None, **env: str) -> Result:
    return CliRunner().invoke(
        cli, list(args), input=stdin, env={"TILLSYNC_CONFIG": str(config), **env}
    )


def ok(config: Path, *args: str, stdin: str | None = None, **env: str) -> Result:
    result = run(config, *args, stdin=stdin, **env)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def config(till_config: Path, tmp_path: Path) -> Path:
    """A till on SQLite, then on PostgreSQL, loaded with cashiers."""
    path = till_config
    ok(path, "init")
    exports = write_catalog(tmp_path / "exports", cashiers=cashier_rows())
    ok(path, "load-data", "--source", str(exports))
    return path


def test_sign_in_sell_whoami_and_sign_out(config: Path) -> None:
    assert json.loads(ok(config, "whoami", "--json").stdout) == {
        "cashier": None,
        "signed_in_at": None,
        "anonymous": False,
    }
    assert "nobody is signed in: run `till signin CODE`" in ok(config, "whoami").stdout
    refused = run(config, "sell", BREAD, "--pay", "cash")
    assert refused.exit_code == 1 and "`till signin CODE`" in refused.output

    signed = ok(config, "signin", ANNE, "--pin-stdin", "--json", stdin=PINS[ANNE] + "\n")
    assert json.loads(signed.stdout) == {"code": ANNE, "name": "Anne Martin", "role": "cashier"}
    assert PINS[ANNE] not in signed.output
    me = json.loads(ok(config, "whoami", "--json").stdout)
    assert me["cashier"]["code"] == ANNE and me["signed_in_at"].endswith("Z")
    assert ok(config, "whoami").stdout.startswith(f"{ANNE} Anne Martin (cashier), signed in at")
    sold = json.loads(ok(config, "sell", BREAD, "--pay", "cash", "--json").stdout)
    assert sold["cashier"] == ANNE
    assert json.loads(ok(config, "status", "--json").stdout)["cashier"] == ANNE
    assert f"cashier {ANNE}" in ok(config, "sell", BREAD, "--pay", "cash").stdout

    assert ok(config, "signout").stdout == f"signed out: {ANNE} Anne Martin (cashier)\n"
    assert json.loads(ok(config, "signout", "--json").stdout) == {"signed_out": None}
    assert run(config, "sell", BREAD, "--pay", "cash").exit_code == 1


def test_the_pin_from_the_environment(config: Path) -> None:
    assert "signed in: C02" in ok(config, "signin", PIOTR, TILLSYNC_PIN=PINS[PIOTR]).stdout


def test_without_terminal_stdin_or_environment_the_pin_is_asked_for(config: Path) -> None:
    result = run(config, "signin", ANNE, stdin="1111\n")
    assert result.exit_code == 1
    assert "no terminal to ask it on; use --pin-stdin or set TILLSYNC_PIN" in result.output


def test_wrong_pins_then_the_lockout_exit_1_with_what_is_left(config: Path) -> None:
    first = run(config, "signin", ANNE, "--pin-stdin", stdin="0000\n")
    assert first.exit_code == 1
    assert "error: wrong PIN for C01: 2 more wrong PINs lock it at this till" in first.output
    assert "0000" not in first.output
    second = run(config, "signin", ANNE, "--pin-stdin", stdin="0000\n")
    assert "1 more wrong PIN locks it" in second.output
    third = run(config, "signin", ANNE, "--pin-stdin", stdin="0000\n")
    assert third.exit_code == 1 and "C01 is locked at this till after 3 wrong PINs" in third.output
    right = run(config, "signin", ANNE, "--pin-stdin", stdin=PINS[ANNE] + "\n")
    assert right.exit_code == 1 and "locked" in right.output


def test_an_anonymous_till_says_so(tmp_path: Path) -> None:
    path = tmp_path / "till.toml"
    ok(path, "init", "--store", "S1", "--till", "T1")
    ok(path, "load-data", "--source", str(write_catalog(tmp_path / "exports")))
    assert json.loads(ok(path, "whoami", "--json").stdout)["anonymous"] is True
    assert "anonymous till" in ok(path, "whoami").stdout
    sold = ok(path, "sell", BREAD, "--pay", "cash", "--json")
    assert json.loads(sold.stdout)["cashier"] is None
    unknown = run(path, "signin", ANNE, "--pin-stdin", stdin="1111\n")
    assert unknown.exit_code == 1 and "no active cashier 'C01'" in unknown.output


@click.command("approve-test")
@supervisor_options
@click.pass_context
def _approve_test(ctx: click.Context, supervisor: str | None, supervisor_pin_stdin: bool) -> None:
    """A command needing a supervisor, as the document commands use the options."""
    with open_till(ctx) as till:
        click.echo(approval(till, "reprint", supervisor, supervisor_pin_stdin))


@pytest.fixture
def with_approve_test() -> object:
    cli.add_command(_approve_test)
    yield
    cli.commands.pop("approve-test")


@pytest.mark.usefixtures("with_approve_test")
def test_supervisor_options_and_approval(config: Path) -> None:
    accepted = ok(
        config, "approve-test", "--supervisor", SARA, "--supervisor-pin-stdin", stdin="9999\n"
    )
    assert accepted.stdout == f"{SARA}\n"
    from_env = ok(config, "approve-test", "--supervisor", SARA, TILLSYNC_SUPERVISOR_PIN="9999")
    assert from_env.stdout == f"{SARA}\n"
    missing = run(config, "approve-test")
    assert missing.exit_code == 1 and "reprint needs a supervisor: give --supervisor CODE" in (
        missing.output
    )
    not_one = run(
        config, "approve-test", "--supervisor", ANNE, "--supervisor-pin-stdin", stdin="1111\n"
    )
    assert not_one.exit_code == 1 and "'C01' is not an active supervisor" in not_one.output
    wrong = run(config, "approve-test", "--supervisor", SARA, "--supervisor-pin-stdin", stdin="1\n")
    assert wrong.exit_code == 1 and "wrong PIN for S01" in wrong.output
    no_pin = run(config, "approve-test", "--supervisor", SARA)
    assert no_pin.exit_code == 1
    assert "use --supervisor-pin-stdin or set TILLSYNC_SUPERVISOR_PIN" in no_pin.output
