"""``erp-gateway fleet``: every till as its Ping last described it, beside what the
gateway knows of it; ``--unsent-before DATE``, the gate before a period is closed in the
ERP (exit 1 while a till may still hold documents of before the date)."""

from __future__ import annotations

import datetime as dt

import click

from erp_gateway import fleet
from erp_gateway.commands import _database, _echo_json, gateway_config


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.datetime | None:
    """A date (its midnight, UTC) or a time with its zone."""
    if value is None:
        return None
    try:
        if len(value.strip()) == 10:
            day = dt.date.fromisoformat(value.strip())
            return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        at = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"not a date YYYY-MM-DD or a time: {value!r}") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _line(row: fleet.FleetRow, now: dt.datetime) -> str:
    seen = fleet.age_text(int((now - row.last_seen).total_seconds()))
    backlog = "-" if row.backlog is None else f"{row.backlog} ({fleet.age_text(row.backlog_age_s)})"
    catalog = f"{row.catalog_sequence if row.catalog_sequence is not None else '-'}"
    if row.newest_export is not None:
        catalog += f"/{row.newest_export}"
    closure = "-" if row.last_z is None else f"Z{row.last_z} {row.last_closure_day or ''}"
    return (
        f"{row.till_id:<12} {row.store_id or '-':<10} {row.state:<11} {seen:>8} "
        f"{backlog:>14} {catalog:>9} {closure:<16} {'; '.join(row.reasons)}"
    )


@click.command("fleet")
@click.option("--store", "store_id", help="Only the tills of this store.")
@click.option(
    "--state",
    type=click.Choice(fleet.STATES),
    help="Only the tills in this state (unreachable, attention or ok).",
)
@click.option(
    "--unsent-before",
    "before",
    callback=_moment,
    metavar="DATE",
    help="The period gate: list the tills that may still hold documents of before DATE "
    "(YYYY-MM-DD, midnight UTC, or a time with its zone); exit 1 when any.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def fleet_command(
    store_id: str | None, state: str | None, before: dt.datetime | None, as_json: bool
) -> None:
    """Every till: last seen and whether it is reachable (fleet.unreachable_after), its
    backlog and the age of its oldest document waiting, its catalog sequence against the
    newest export, its last closure, reconciliation findings, chain breaks and last sync
    error, as its Ping last stated them."""
    cfg = gateway_config()
    now = dt.datetime.now(dt.UTC)
    with _database() as db:
        rows = fleet.only_state(fleet.fleet(db, cfg, store_id=store_id, now=now), state)
    if before is not None:
        _gate(rows, before, as_json)
        return
    if as_json:
        _echo_json([r.as_dict() for r in rows])
        return
    click.echo(
        f"{'till':<12} {'store':<10} {'state':<11} {'seen':>8} {'backlog (age)':>14} "
        f"{'catalog':>9} {'last closure':<16} needs a person"
    )
    for row in rows:
        click.echo(_line(row, now))
    unreachable = sum(1 for r in rows if r.state == fleet.UNREACHABLE)
    attention = sum(1 for r in rows if r.state == fleet.ATTENTION)
    click.echo(f"{len(rows)} till(s): {unreachable} unreachable, {attention} need attention")


def _gate(rows: list[fleet.FleetRow], before: dt.datetime, as_json: bool) -> None:
    found = fleet.unsent_before(rows, before)
    if as_json:
        _echo_json(
            {
                "before": before.isoformat(),
                "tills": [{**u.row.as_dict(), "why": u.why} for u in found],
            }
        )
    else:
        for u in found:
            click.echo(f"till {u.row.till_id} (store {u.row.store_id or '-'}): {u.why}")
        click.echo(f"{len(found)} till(s) may hold documents of before {before.isoformat()}")
    if found:
        raise SystemExit(1)


COMMANDS = (fleet_command,)
