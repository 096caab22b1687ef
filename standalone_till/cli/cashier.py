"""``till signin``, ``signout`` and ``whoami``: the cashier at this till (offline)."""

from __future__ import annotations

import click

from connectors.pin_entry import read_pin
from standalone_till.cashiers import Cashier
from standalone_till.cli.common import PIN_ENV, emit, open_till
from standalone_till.clock import iso


def _line(cashier: Cashier) -> str:
    return f"{cashier.code} {cashier.name} ({cashier.role})"


@click.command()
@click.argument("code")
@click.option(
    "--pin-stdin",
    is_flag=True,
    help=f"Read the PIN from stdin (else {PIN_ENV}, else the terminal asks).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def signin(ctx: click.Context, code: str, pin_stdin: bool, as_json: bool) -> None:
    """Sign cashier CODE in at this till with their PIN.

    Works offline. Three wrong PINs in a row lock the cashier at this till for
    [cashiers] lockout_minutes. Whoever was signed in is signed out."""
    with open_till(ctx) as till:
        pin = read_pin(f"PIN of {code}", from_stdin=pin_stdin, envvar=PIN_ENV)
        cashier = till.signin(code, pin)
    emit(cashier.as_dict(), as_json, lambda: click.echo(f"signed in: {_line(cashier)}"))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def signout(ctx: click.Context, as_json: bool) -> None:
    """Sign the cashier out of this till."""
    with open_till(ctx) as till:
        cashier = till.signout()
    data = {"signed_out": cashier.as_dict() if cashier else None}
    emit(
        data,
        as_json,
        lambda: click.echo(f"signed out: {_line(cashier)}" if cashier else "nobody was signed in"),
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def whoami(ctx: click.Context, as_json: bool) -> None:
    """Show the cashier signed in at this till (or that the till is anonymous)."""
    with open_till(ctx) as till:
        cashier = till.whoami()
        anonymous = cashier is None and not till.cashiers.any_cashier()
        since = till.cashiers.signed_in_at() if cashier else None
    data = {
        "cashier": cashier.as_dict() if cashier else None,
        "signed_in_at": iso(since),
        "anonymous": anonymous,
    }

    def text() -> None:
        if cashier is not None:
            click.echo(f"{_line(cashier)}, signed in at {iso(since)}")
        elif anonymous:
            click.echo("anonymous till: the master data lists no cashier")
        else:
            click.echo("nobody is signed in: run `till signin CODE`")

    emit(data, as_json, text)


COMMANDS = (signin, signout, whoami)
