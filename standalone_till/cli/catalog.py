"""``till init``, ``load-data``, ``load-changes`` and ``items``: the database and the
catalog loaded from the ERP's exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from connectors.cli import config_path
from connectors.errors import BadInput
from standalone_till import config as tconfig
from standalone_till.cli.common import emit, open_till, progress_bar
from standalone_till.journal import local_day


@click.command()
@click.option("--store", "store_id", help="Store id for a new config file.")
@click.option("--till", "till_id", help="Till id for a new config file.")
@click.pass_context
def init(ctx: click.Context, store_id: str | None, till_id: str | None) -> None:
    """Create the database (and a config file if there is none), or migrate it."""
    path = config_path(ctx)
    if not path.exists():
        if not (store_id and till_id):
            raise BadInput(f"{path} does not exist: give --store and --till to create it")
        tconfig.write_default_config(path, store_id, till_id)
        click.echo(f"config written to {path}")
    with open_till(ctx, ready=False) as till:
        till.init()
        click.echo(
            f"database ready for till {till.cfg.till.till_id} of store {till.cfg.till.store_id}"
        )


def _load_result(result: Any, as_json: bool) -> None:
    data = {
        "kind": result.kind,
        "sequence": result.sequence,
        "applied": list(result.sequences),
        "rows": result.rows,
        "seconds": round(result.seconds, 3),
    }
    if result.kind == "incremental" and not result.sequences:
        text = "catalog is up to date: no new increment"
    else:
        text = (
            f"{result.kind} export applied: sequence {result.sequence}, "
            f"{result.rows} rows in {result.seconds:.1f} s"
        )
    emit(data, as_json, lambda: click.echo(text))


_SOURCE = click.option(
    "--source",
    metavar="DIR|URL",
    help="A folder of exports (or one manifest for load-data), or ftp://, ftps://, "
    "sftp://user@host:port/path; default: the [ftp] server of the config.",
)


@click.command("load-data")
@_SOURCE
@click.option(
    "--allow-older",
    is_flag=True,
    help="Load the export even when it is older than the catalog (takes it back in time).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def load_data(ctx: click.Context, source: str | None, allow_older: bool, as_json: bool) -> None:
    """Load data: replace the catalog by the newest full export; one older than the
    catalog is refused unless --allow-older."""
    with (
        open_till(ctx) as till,
        progress_bar("Downloading") as download,
        progress_bar("Loading data") as progress,
    ):
        result = till.load_data(source, progress, download, allow_older=allow_older)
    _load_result(result, as_json)


@click.command("load-changes")
@_SOURCE
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def load_changes(ctx: click.Context, source: str | None, as_json: bool) -> None:
    """Load changes: apply the increments after the catalog's sequence, in order."""
    with (
        open_till(ctx) as till,
        progress_bar("Downloading") as download,
        progress_bar("Loading changes") as progress,
    ):
        result = till.load_changes(source, progress, download)
    _load_result(result, as_json)


@click.command()
@click.option("--search", help="Part of the name, a code or a barcode.")
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="At most this many items.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def items(ctx: click.Context, search: str | None, limit: int, as_json: bool) -> None:
    """List catalog items with their barcodes and today's price."""
    with open_till(ctx) as till:
        found = till.catalog.search(search, local_day(dt.datetime.now(dt.UTC)), limit)
    data: list[dict[str, Any]] = [
        {
            "code": x.item.code,
            "name": x.item.name,
            "price": None if x.item.price is None else str(x.item.price),
            "vat_rate": str(x.item.vat_rate),
            "sold_by": x.item.sold_by.value,
            "alcohol": x.item.alcohol,
            "active": x.item.active,
            "barcodes": list(x.barcodes),
        }
        for x in found
    ]

    def text() -> None:
        for d in data:
            price = d["price"] or "-"
            click.echo(
                f"{d['code']:<10} {d['name'][:40]:<40} {price:>9}  {', '.join(d['barcodes'])}"
            )

    emit(data, as_json, text)


COMMANDS: tuple[click.Command, ...] = (init, load_data, load_changes, items)
