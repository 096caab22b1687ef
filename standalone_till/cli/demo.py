"""``till demo``: a day of trading end to end on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from connectors.cli import sigterm_interrupts


@click.command()
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Work in this empty or new folder, kept afterwards (default: a temporary one).",
)
@click.option("--keep", is_flag=True, help="Keep the temporary folder and print where it is.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print the counts as JSON (the story goes to stderr)."
)
def demo(workdir: Path | None, keep: bool, as_json: bool) -> int:
    """Run ERP, FTP server, gateway and a till on 127.0.0.1 through a day of trading;
    print the story and check it: exit 0 when every check holds, 1 when one does not."""
    from standalone_till.demo import run_demo

    verbose = logging.getLogger().isEnabledFor(logging.INFO)
    with sigterm_interrupts():  # the servers it started are stopped as on Ctrl-C
        result = run_demo(
            workdir, keep=keep, out=sys.stderr if as_json else sys.stdout, quiet_logs=not verbose
        )
    if as_json:  # the story went to stderr
        click.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
    return 0 if result.ok else 1


COMMANDS: tuple[click.Command, ...] = (demo,)
