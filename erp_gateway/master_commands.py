"""``erp-gateway master …`` and ``erp-gateway export …``: master data in, exports out."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import click
import sqlalchemy as sa

from connectors.cli import config_path, run_every
from connectors.errors import ConfigError
from connectors.transfer import open_url
from erp_gateway import exports, jobs, master
from erp_gateway.commands import _database, _echo_json, gateway_config
from erp_gateway.config import GatewayConfig
from erp_gateway.db import GatewayDatabase
from erp_gateway.master_sample import load_sample

log = logging.getLogger("tillsync.gateway")


def _report(changes: Sequence[master.EntityChange], as_json: bool) -> None:
    if as_json:
        _echo_json([dataclasses.asdict(c) for c in changes])
        return
    for c in changes:
        click.echo(
            f"{c.entity:<10} {c.rows:>9} rows  {c.upserted:>8} changed  {c.deleted:>7} removed"
        )


def _import(sources: Mapping[str, tuple[str, Iterable[Sequence[str]]]], as_json: bool) -> None:
    with _database() as db:
        changes = db.write(lambda conn: master.import_rows(conn, sources))
    _report(changes, as_json)


@click.group("master")
def master_group() -> None:
    """The ERP's master data: items, prices, barcodes, customers, cards, offers, cashiers."""


_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@master_group.command("import")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_JSON
def master_import(folder: Path, as_json: bool) -> None:
    """Replace master data from FOLDER: one CSV per entity (items.csv, prices.csv,
    barcodes.csv, customers.csv, cards.csv, offers.csv, cashiers.csv) whose header names
    the export columns. An entity without a file is left as it is."""
    _import(master.csv_sources(folder), as_json)


@master_group.command("pull")
@_JSON
def master_pull(as_json: bool) -> None:
    """Replace master data from the ERP database: the [erp_source] queries, run over a
    SQLAlchemy URL or an ODBC connection."""
    cfg = gateway_config()
    source = cfg.erp_source
    if not source.queries or not (source.url or source.odbc):
        raise ConfigError(
            "set erp_source.url or erp_source.odbc, and erp_source.queries", path=str(config_path())
        )
    if source.odbc:
        sources = {
            e: (f"query:{e}", master.odbc_rows(source.odbc, e, sql))
            for e, sql in source.queries.items()
        }
        _import(sources, as_json)
        return

    engine = sa.create_engine(source.url)
    try:
        with engine.connect() as erp:
            rows = {
                e: (f"query:{e}", master.query_rows(erp, e, sql))
                for e, sql in source.queries.items()
            }
            _import(rows, as_json)
    finally:
        engine.dispose()


@master_group.command("sample")
@click.option("--items", type=click.IntRange(1, 10_000_000), required=True, help="Number of items.")
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Another seed changes part of the data."
)
@_JSON
def master_sample(items: int, seed: int, as_json: bool) -> None:
    """Fill master data with a realistic sample catalog; run again with another seed to
    change part of it (prices, names, new and removed items), as an ERP would."""
    with _database() as db:
        changes = db.write(lambda conn: load_sample(conn, items, seed))
    _report(changes, as_json)


@master_group.command("status")
@_JSON
def master_status(as_json: bool) -> None:
    """Rows per entity, the master data version and the exports made."""

    with _database() as db, db.read() as conn:
        counts = master.master_counts(conn)
        version = master.current_version(conn)
        log_rows = conn.execute(
            sa.select(exports.export_log).order_by(exports.export_log.c.sequence)
        ).all()
    exported = [
        {
            "sequence": r.sequence,
            "kind": r.kind,
            "rows": r.rows,
            "published_to": r.published_to,
        }
        for r in log_rows
    ]
    data = {"version": version, "rows": counts, "exports": exported}
    if as_json:
        _echo_json(data)
        return
    click.echo(f"master data version {version}")
    for entity, n in counts.items():
        click.echo(f"  {entity:<10} {n:>9}")
    for e in exported:
        click.echo(
            f"  export {e['sequence']:>6} {e['kind']:<12} {e['rows']:>9} rows  {e['published_to'] or 'not published'}"
        )


@click.group("export")
def export_group() -> None:
    """Write exports of the master data and publish them for the tills."""


_TO = click.option(
    "--to",
    "target",
    help="DIR or ftp://, ftps://, sftp://user@host:port/path (default: exports.target).",
)


def _publish(
    cfg: GatewayConfig, db_engine: sa.Engine, target: str | None
) -> list[exports.Published]:
    destination = target or cfg.exports.target or str(cfg.export_folder)
    published = exports.publish_pending(
        db_engine, cfg.export_folder, destination, **cfg.transfer_options()
    )
    transfer, remote_dir = open_url(destination, **cfg.transfer_options())
    with transfer:
        removed = exports.prune(transfer, remote_dir, cfg.exports.keep_fulls)
    if removed:
        log.info("retention removed %d old export files", len(removed))
    return published


def _export(cfg: GatewayConfig, db: GatewayDatabase, kind: str, target: str | None) -> None:
    manifest = exports.make_export(db.engine, cfg.export_folder, kind)
    if manifest is None:
        click.echo("nothing changed since the last export")
    else:
        rows = sum(f.rows for f in manifest.files)
        click.echo(f"export {manifest.sequence} ({manifest.kind}): {rows} rows")
    for p in _publish(cfg, db.engine, target):
        click.echo(f"published export {p.sequence} ({p.kind}) to {p.target}")


def _run_export(kind: str, target: str | None) -> None:
    """One export, on one node at a time (the ``exports`` job lock, erp_gateway.jobs)."""
    cfg = gateway_config()
    job = "export_changes" if kind == "incremental" else "export_full"
    with _database() as db:
        done = jobs.run_round(db, job, lambda: _export(cfg, db, kind, target), lock="exports")
    if not done.ran:
        click.echo("another node is exporting now: this round is left to it")


@export_group.command("full")
@_TO
def export_full(target: str | None) -> None:
    """Write a full export and publish it (with any export still pending)."""
    _run_export("full", target)


@export_group.command("changes")
@_TO
@click.option(
    "--every",
    type=click.IntRange(1, 86400),
    help="Run again every N seconds until stopped (Ctrl-C); default exports.changes_interval.",
)
@click.option("--once", is_flag=True, help="Run once even when exports.changes_interval is set.")
def export_changes(target: str | None, every: int | None, once: bool) -> None:
    """Write an export of what changed since the last one (nothing when nothing
    changed) and publish it; with --every, keep doing so on a timer. Every node may run
    the timer: one exports at a time, the others leave that round to it."""
    interval = every or gateway_config().exports.changes_interval
    if once or not interval:
        _run_export("incremental", target)
        return

    run_every(interval, lambda: _run_export("incremental", target))


COMMANDS: tuple[click.Command, ...] = (master_group, export_group)
