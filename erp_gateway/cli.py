"""The ``erp-gateway`` command line: thin commands over the gateway's library functions."""

from __future__ import annotations

from pathlib import Path

import click

from connectors.cli import CommandLine
from erp_gateway import (
    cashier_commands,
    feed_commands,
    fleet_commands,
    master_commands,
    reconcile_commands,
    signature_commands,
)
from erp_gateway.commands import DEFAULT_CONFIG, register
from erp_gateway.sample import write_sample_export


@click.group(
    cls=CommandLine,
    config_default=DEFAULT_CONFIG,
    config_envvar="ERP_GATEWAY_CONFIG",
    config_help="Gateway config file (TOML)",
    live_commands=("serve", "export"),
    context_settings={"help_option_names": ["-h", "--help"]},
)
def main() -> None:
    """tillsync ERP gateway: the SOAP endpoint of the tills, its central database, and
    master data exports."""


@main.command("sample-export")
@click.option(
    "--items",
    type=click.IntRange(min=1),
    required=True,
    help="Number of items in the full export.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write the exports into (created if missing).",
)
@click.option(
    "--changes",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Number of incremental exports to write after the full one.",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Seed of the generated data: the same seed gives the same files.",
)
def sample_export(items: int, out: Path, changes: int, seed: int) -> None:
    """Write a realistic sample catalog as full export 1 plus increments."""
    manifests = write_sample_export(out, items, changes, seed)
    total_rows = total_bytes = 0
    for m in manifests:
        rows = sum(f.rows for f in m.files)
        size = sum(f.size for f in m.files)
        total_rows += rows
        total_bytes += size
        click.echo(f"{m.sequence:8d}  {m.kind:<11}  {rows:>10} rows  {size:>12} bytes")
    click.echo(f"wrote {len(manifests)} exports to {out}: {total_rows} rows, {total_bytes} bytes")


register(main)
for _command in (
    *master_commands.COMMANDS,
    *cashier_commands.COMMANDS,
    *reconcile_commands.COMMANDS,
    *feed_commands.COMMANDS,
    *signature_commands.COMMANDS,
    *fleet_commands.COMMANDS,
):
    main.add_command(_command)


def run() -> None:
    """The ``erp-gateway`` console script."""
    main(prog_name="erp-gateway")
