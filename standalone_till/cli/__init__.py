"""`till`: the till's command line, a thin shell over ``standalone_till.service``.

One module a command group: ``catalog`` (init, load-data, load-changes, items),
``settings`` (config), ``day`` (sell, day, tickets, status), ``sync`` (agent, sync,
ping, messages, quarantine), ``hub`` (hub, server, orders), ``cashier`` (signin,
signout, whoami), ``documents`` (return, cash, drawer, report, reprint), ``signing``
(key, verify), ``archive`` (closures, archive, verify-archive) and ``demo``;
what they share is in ``common``.

Exit codes: 0 ok, 1 bad input, 2 environment (server down, disk, permissions).
"""

from __future__ import annotations

import sys

import click

from connectors.cli import CommandLine
from standalone_till.cli import (
    archive,
    cashier,
    catalog,
    day,
    demo,
    documents,
    hub,
    settings,
    signing,
    sync,
)
from standalone_till.cli.common import DEFAULT_CONFIG


@click.group(
    cls=CommandLine,
    config_default=DEFAULT_CONFIG,
    config_envvar="TILLSYNC_CONFIG",
    config_help="The till's config file",
    live_commands=("agent", "hub", "demo"),
    context_settings={"help_option_names": ["-h", "--help"]},
)
def cli() -> None:
    """tillsync standalone till: sell offline, load the ERP's exports, report."""


for _module in (catalog, settings, day, cashier, documents, signing, archive, sync, hub, demo):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors become exit codes (0 ok, 1 bad input, 2 environment)."""
    return int(cli.main(args=argv, prog_name="till", standalone_mode=False))


def run() -> None:
    """The ``till`` console script."""
    sys.exit(main())
