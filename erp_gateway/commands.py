"""The gateway's commands of ``erp-gateway``: each loads the config, calls one service
function and shows its result; errors reach the group as ``TillsyncError``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import click

from connectors.cli import TICKET_LIMIT, config_path, live_log, sigterm_interrupts
from connectors.times import utc_text
from erp_gateway import notices, offers, registry, reports, signatures
from erp_gateway.config import GatewayConfig, load_gateway_config
from erp_gateway.db import GatewayDatabase
from erp_gateway.prefork import check_workers, serve_workers
from erp_gateway.server import GatewayServer

DEFAULT_CONFIG = "gateway.toml"


def gateway_config() -> GatewayConfig:
    """The config this run reads (``--config``, before or after the command)."""
    return load_gateway_config(config_path())


@contextmanager
def _database(*, migrated: bool = True) -> Iterator[GatewayDatabase]:
    db = GatewayDatabase.from_config(gateway_config())
    try:
        if migrated:
            db.require_schema()
        yield db
    finally:
        db.dispose()


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return utc_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, default=_json_default, indent=2, ensure_ascii=False))


def _when(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%SZ")


# -- service --------------------------------------------------------------------------


@click.command("init")
def init() -> None:
    """Create the central database or upgrade it to the newest schema; on PostgreSQL one
    node at a time (the others wait, then find it done)."""

    def waiting() -> None:
        click.echo("another node is migrating the database: waiting for it", err=True)

    with _database(migrated=False) as db:
        db.migrate(on_wait=waiting)
        click.echo(f"database ready: {db.label}")


@click.command("serve")
@click.option("--host", help="Address to listen on (default: service.host of the config).")
@click.option(
    "--port", type=click.IntRange(0, 65535), help="Port (default: service.port; 0 = any free)."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Processes serving the port side by side (default: service.workers); more than 1"
    " needs PostgreSQL and is served by gunicorn (Linux, macOS).",
)
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the SOAP endpoint (/soap) and the health check (/health) in the foreground
    until Ctrl-C or SIGTERM."""
    cfg: GatewayConfig = gateway_config()
    count = cfg.service.workers if workers is None else workers
    check_workers(cfg, count)
    live_log(logging.INFO)

    def serving(url: str) -> None:
        click.echo(f"serving {url}; Ctrl-C stops", err=True)

    if count > 1:
        serve_workers(cfg, count, host, port, on_ready=serving)
    else:
        with sigterm_interrupts():  # waitress ends its loop as on Ctrl-C
            GatewayServer(cfg).serve_forever(host, port, on_ready=serving)
    click.echo("stopped", err=True)


# -- reading --------------------------------------------------------------------------


@click.command("tickets")
@click.option("--till", "till_id", help="Only the tickets of this till.")
@click.option(
    "--limit",
    type=click.IntRange(1, 100_000),
    default=TICKET_LIMIT,
    show_default=True,
    help="At most this many tickets.",
)
@click.option(
    "--kind",
    type=click.Choice(["sale", "return"]),
    help="Only sales, or only returns (each with the ticket it gives back from).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def tickets_command(till_id: str | None, limit: int, kind: str | None, as_json: bool) -> None:
    """The last received tickets, newest first."""
    with _database() as db:
        rows = reports.recent_tickets(db, till_id=till_id, limit=limit, kind=kind)
    if as_json:
        _echo_json([dataclasses.asdict(r) for r in rows])
        return
    for r in rows:
        original = f"  of {r.original_id}" if r.kind == "return" else ""
        click.echo(
            f"{_when(r.received_at)}  {r.store_id:<8} {r.till_id:<10} {r.business_day} "
            f"#{r.number:<6} {r.status:<9} {r.kind:<6} {r.total:>12}  {r.ticket_id}{original}"
        )
    click.echo(f"{len(rows)} ticket(s)")


def _day_option(function: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--day", type=click.DateTime(["%Y-%m-%d"]), help="Only this business day (YYYY-MM-DD)."
    )(function)


def _day_text(day: dt.datetime | None) -> str | None:
    return None if day is None else day.date().isoformat()


@click.command("cash")
@click.option("--till", "till_id", help="Only the cash movements of this till.")
@_day_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def cash_command(till_id: str | None, day: dt.datetime | None, as_json: bool) -> None:
    """Cash movements received from the tills: float, cash in and out, safe drops,
    drawers opened without a sale and closing counts, by till, day and number."""
    with _database() as db:
        rows = reports.cash_movements_of(db, till_id=till_id, day=_day_text(day))
    if as_json:
        _echo_json([dataclasses.asdict(r) for r in rows])
        return
    for r in rows:
        who = r.cashier or "-"
        if r.supervisor:
            who += f" (approved by {r.supervisor})"
        click.echo(
            f"{r.store_id:<8} {r.till_id:<10} {r.business_day} #{r.number:<4} {r.kind:<11} "
            f"{r.amount:>12}  {who}  {r.reason or ''}".rstrip()
        )
    click.echo(f"{len(rows)} cash movement(s)")


@click.command("closures")
@click.option("--till", "till_id", help="Only the closures of this till.")
@_day_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def closures_command(till_id: str | None, day: dt.datetime | None, as_json: bool) -> None:
    """Day closures (Z) received from the tills: ticket numbers (and those of the range
    not received yet), totals, and the cash expected, counted and over or short."""
    with _database() as db:
        rows = reports.closures_of(db, till_id=till_id, day=_day_text(day))
    if as_json:
        _echo_json([dataclasses.asdict(r) for r in rows])
        return
    for z in rows:
        numbers = "-" if z.first_number is None else f"{z.first_number}..{z.last_number}"
        counted = "not counted" if z.cash_counted is None else f"counted {z.cash_counted}"
        difference = "" if z.difference is None else f" difference {z.difference}"
        missing = f"; tickets not received: {_listed(z.missing)}" if z.missing else ""
        click.echo(
            f"{z.store_id:<8} {z.till_id:<10} {z.business_day} Z{z.z_number:<4} #{numbers} "
            f"{z.tickets} ticket(s), {z.returns} return(s), {z.cancelled} cancelled, total "
            f"{z.total}; cash expected {z.cash_expected}, {counted}{difference}{missing}"
        )
    click.echo(f"{len(rows)} closure(s)")


def _listed(numbers: list[int], most: int = 20) -> str:
    shown = ", ".join(f"#{n}" for n in numbers[:most])
    return shown + (f" and {len(numbers) - most} more" if len(numbers) > most else "")


@click.command("returns")
@click.option(
    "--over",
    is_flag=True,
    required=True,
    help="Returns that give back more than their original sold, less earlier returns.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def returns_command(over: bool, as_json: bool) -> None:
    """Returns the gateway flagged when checking them against their original across the
    store's tills (kept, never dropped), oldest first."""
    with _database() as db:
        rows = reports.over_returns(db)
    if as_json:
        _echo_json([dataclasses.asdict(r) for r in rows])
        return
    for r in rows:
        click.echo(
            f"{_when(r.received_at)}  {r.store_id:<8} {r.till_id:<10} {r.business_day} "
            f"#{r.number:<6} {r.total:>12}  {r.ticket_id} of {r.original_id}: {r.problem}"
        )
    click.echo(f"{len(rows)} return(s) over what was sold")


@click.command("mismatches")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def mismatches_command(as_json: bool) -> None:
    """Tickets, cash movements and closures received again with other content: each
    field that differs, first vs later."""
    with _database() as db:
        found = reports.mismatches(db)
    if as_json:
        _echo_json([dataclasses.asdict(m) for m in found])
        return
    for m in found:
        what = _ELEMENTS.get(m.element, m.element)
        click.echo(
            f"{what} {m.ticket_id} (till {m.till_id}), first received {_when(m.first_received_at)}"
        )
        for v in m.versions:
            click.echo(f"  other content received {v.times}x, first {_when(v.received_at)}:")
            for d in v.differences:
                click.echo(f"    {d.field}: {d.old!r} -> {d.new!r}")
    documents = sum(1 for m in found if m.element != "ticket")
    click.echo(f"{len(found) - documents} ticket(s) with mismatches")
    if documents:
        click.echo(f"{documents} cash movement(s) or closure(s) with mismatches")


_ELEMENTS = {"cashMovement": "cash movement", "closure": "closure"}


# -- writing --------------------------------------------------------------------------


def _parse_until(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        at = dt.datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"not an ISO date-time: {text!r}", param_hint="--valid-until"
        ) from None
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


@click.command("notify")
@click.option("--till", "till_id", help="Send to this till.")
@click.option("--store", "store_id", help="Send to every till of this store.")
@click.option("--all", "to_all", is_flag=True, help="Send to every till.")
@click.option(
    "--valid-until",
    help="Stop showing it after this ISO date-time (UTC unless an offset is given).",
)
@click.argument("text")
def notify(
    till_id: str | None,
    store_id: str | None,
    to_all: bool,
    valid_until: str | None,
    text: str,
) -> None:
    """Leave a message TEXT for a till, a store's tills or all tills."""
    chosen = [(k, v) for k, v in (("till", till_id), ("store", store_id)) if v] + (
        [("all", None)] if to_all else []
    )
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --till ID, --store ID, --all")
    target, target_id = chosen[0]
    until = _parse_until(valid_until)
    with _database() as db:
        pushed = notices.push(db, target, target_id, text, until)
    click.echo(
        f"message {pushed.id} for {target} {target_id or ''}".rstrip()
        + f": {pushed.tills} known till(s)"
    )


@click.group("tills")
def tills_group() -> None:
    """The till registry: which till belongs to which store."""


@tills_group.command("add")
@click.option("--store", "store_id", required=True, help="Store code, as the ERP knows it.")
@click.option("--till", "till_id", required=True, help="Till id (unique across stores).")
@click.option(
    "--public-key",
    "public_key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The till's public signing key (PEM, base64 or hex: `till key show`), pinned now.",
)
def tills_add(store_id: str, till_id: str, public_key: Path | None) -> None:
    """Declare a till in a store (moves it if it was in another), and pin its key."""
    now = dt.datetime.now(dt.UTC)
    with _database() as db:
        rec = registry.declare_till(db, store_id, till_id, now)
        pinned = (
            signatures.declare_key(db, till_id, public_key.read_text("utf-8"), now)
            if public_key is not None
            else None
        )
    click.echo(f"till {rec.till_id} in store {rec.store_id}")
    if pinned is not None:
        click.echo(f"key pinned: {pinned}")


@tills_group.command("list")
@click.option("--store", "store_id", help="Only the tills of this store.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def tills_list(store_id: str | None, as_json: bool) -> None:
    """Known tills with their store, when they were last seen and their pinned key's
    fingerprint."""
    with _database() as db:
        found = registry.list_tills(db, store_id)
        keys = signatures.pinned(db)
    if as_json:
        _echo_json(
            [dataclasses.asdict(t) | {"key_fingerprint": keys.get(t.till_id)} for t in found]
        )
        return
    for t in found:
        key = keys.get(t.till_id, "no key")
        click.echo(
            f"{t.store_id or '-':<10} {t.till_id:<12} last seen {_when(t.last_seen)}  key {key}"
        )
    click.echo(f"{len(found)} till(s)")


@click.group("offers")
def offers_group() -> None:
    """Customer offers served by GetCustomerOffers."""


@offers_group.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace-all", is_flag=True, help="Delete every offer not in the file.")
def offers_import(csv_file: Path, replace_all: bool) -> None:
    """Add or replace offers from a CSV file with the columns code, description, scope,
    scope_ref, target, item_code, kind, value, valid_from, valid_to."""
    loaded = offers.read_offers_csv(csv_file)
    with _database() as db:
        count = offers.replace_offers(db, loaded, replace_all=replace_all)
    click.echo(f"{count} offer(s) imported")


COMMANDS: tuple[click.Command, ...] = (
    init,
    serve,
    tickets_command,
    mismatches_command,
    cash_command,
    closures_command,
    returns_command,
    notify,
    tills_group,
    offers_group,
)


def register(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)
