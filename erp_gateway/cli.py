"""The ``erp-gateway`` command line: thin commands over the gateway's library functions."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from connectors.errors import TillsyncError
from erp_gateway import master_commands
from erp_gateway.commands import register
from erp_gateway.sample import write_sample_export

EXIT_USAGE = 1
EXIT_ENVIRONMENT = 2
EXIT_ABORTED = 130


class _Gateway(click.Group):
    """A click group whose errors become one ``error: ...`` line and a stable exit code.

    ``TillsyncError`` exits with its ``exit_code`` (1 bad input, 2 environment), usage
    errors with 1, another ``OSError`` with 2, an interrupt with 130. Called in standalone
    mode (the console script, ``CliRunner``) it exits; otherwise it returns the code.
    """

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = self._run(args, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        **extra: Any,
    ) -> int:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except TillsyncError as exc:
            click.echo(f"error: {exc}", err=True)
            return exc.exit_code
        except click.exceptions.Abort:
            click.echo("aborted", err=True)
            return EXIT_ABORTED
        except click.ClickException as exc:
            exc.show()
            return EXIT_USAGE
        except OSError as exc:  # the environment (disk, permissions) outside our own mappers
            click.echo(f"error: {exc}", err=True)
            return EXIT_ENVIRONMENT
        return rv if isinstance(rv, int) else 0


@click.group(cls=_Gateway, context_settings={"help_option_names": ["-h", "--help"]})
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
for _command in master_commands.COMMANDS:
    main.add_command(_command)


def run() -> None:
    """The ``erp-gateway`` console script."""
    main(prog_name="erp-gateway")
