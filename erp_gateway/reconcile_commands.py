"""``erp-gateway reconcile``: per till and day, the ticket numbers a closure names that the
gateway does not hold and the figures that differ (exit 1 when any)."""

from __future__ import annotations

import datetime as dt

import click

from erp_gateway import reconciliation
from erp_gateway.commands import _database, _echo_json


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"not a date YYYY-MM-DD: {value!r}") from None


@click.command("reconcile")
@click.option("--day", callback=_day, help="Only this business day (YYYY-MM-DD).")
@click.option("--till", "till_id", help="Only this till.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def reconcile_command(day: str | None, till_id: str | None, as_json: bool) -> None:
    """Closed days whose tickets the gateway does not all hold: per till and day, the
    missing ticket numbers and the totals that differ from the closure's. Each is checked
    again first: tickets that arrived since close it. Exit 1 when any is left."""
    with _database() as db:
        found = reconciliation.findings(db, till_id=till_id, day=day)
    if as_json:
        _echo_json([f.as_dict() for f in found])
    else:
        for f in found:
            numbers = f"{f.first_number}-{f.last_number}" if f.first_number else "none"
            click.echo(
                f"till {f.till_id} (store {f.store_id}), {f.business_day}, tickets {numbers}:"
            )
            if f.missing:
                listed = f.as_dict()["missing"]
                click.echo(f"  missing {len(f.missing)}: {listed}")
            for d in f.differences:
                click.echo(f"  {d['what']}: closure {d['closure']}, held {d['held']}")
        click.echo(f"{len(found)} day(s) not reconciled")
    if found:
        raise SystemExit(1)


COMMANDS = (reconcile_command,)
