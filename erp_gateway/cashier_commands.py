"""``erp-gateway cashiers set|remove|list``: cashiers in master data by hand, for a
gateway whose ERP source does not bring them."""

from __future__ import annotations

import click

from connectors.pin_entry import read_pin
from erp_gateway import cashiers
from erp_gateway.commands import _database, _echo_json
from ftp_import.format import ROLES

_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@click.group("cashiers")
def cashiers_group() -> None:
    """Cashiers and supervisors of the master data (exported to the tills; PINs only as
    salted hashes)."""


@cashiers_group.command("set")
@click.argument("code")
@click.option("--name", required=True, help="The name shown on the till.")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="cashier",
    show_default=True,
    help="A supervisor may also approve what a cashier may not do alone.",
)
@click.option(
    "--pin-stdin",
    is_flag=True,
    help="Read the PIN from stdin (else the terminal asks for it twice).",
)
@click.option("--keep-pin", is_flag=True, help="Keep the cashier's PIN (no PIN asked).")
@click.option(
    "--active/--inactive",
    default=True,
    show_default=True,
    help="An inactive cashier cannot sign in or approve.",
)
def cashiers_set(
    code: str, name: str, role: str, pin_stdin: bool, keep_pin: bool, active: bool
) -> None:
    """Add cashier CODE or change them; the change goes into the next export."""
    pin = None if keep_pin else read_pin(f"PIN of {code}", from_stdin=pin_stdin, confirm=True)
    with _database() as db:
        change = db.write(
            lambda conn: cashiers.set_cashier(conn, code, name, role, pin=pin, active=active)
        )
    state = "changed" if change.upserted else "unchanged"
    click.echo(f"cashier {code} ({role}{'' if active else ', inactive'}): {state}")


@cashiers_group.command("remove")
@click.argument("code")
def cashiers_remove(code: str) -> None:
    """Remove cashier CODE from master data (the tills drop them at their next load)."""
    with _database() as db:
        removed = db.write(lambda conn: cashiers.remove_cashier(conn, code))
    click.echo(f"cashier {code}: {'removed' if removed else 'not in master data'}")


@cashiers_group.command("list")
@_JSON
def cashiers_list(as_json: bool) -> None:
    """The cashiers of master data: code, name, role, active (never their PIN hashes)."""
    with _database() as db, db.read() as conn:
        found = cashiers.list_cashiers(conn)
    if as_json:
        _echo_json([c.as_dict() for c in found])
        return
    if not found:
        click.echo("no cashiers: the tills sell anonymously")
    for c in found:
        click.echo(f"{c.code:<12} {c.role:<10} {'active' if c.active else 'inactive':<8} {c.name}")


COMMANDS: tuple[click.Command, ...] = (cashiers_group,)
