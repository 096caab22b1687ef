"""``till config``: show, change or import the till's configuration."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from connectors.cli import config_path
from connectors.errors import BadInput, Unavailable
from standalone_till import config as tconfig
from standalone_till.cli.common import emit, till_config
from standalone_till.clock import utcnow
from standalone_till.signing import record_config_change
from standalone_till.sync.uplink import fetch_till_config


@click.group()
def config() -> None:
    """Show, change or import the till's configuration."""


@config.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def config_show(ctx: click.Context, as_json: bool) -> None:
    """Print the configuration with secrets masked."""
    data = tconfig.masked(till_config(ctx))

    def text() -> None:
        for section, values in data.items():
            click.echo(f"[{section}]")
            for key, value in values.items():
                click.echo(f"{key} = {json.dumps(value)}")
            click.echo()

    emit(data, as_json, text)


@config.command("set")
@click.argument("key")
@click.argument("value")
@click.pass_context
def config_set(ctx: click.Context, key: str, value: str) -> None:
    """Change one KEY (section.key) to VALUE, checked like the whole file.

    VALUE is written as in the file, and what the file refuses is refused here with the
    same message:

    \b
      numbers     60   (not "60")
      booleans    true or false   (not yes/no, on/off, 1/0)
      text        as it is, without TOML's quotes: SHOP01\\SQLEXPRESS (a quote
                  that reaches the till is part of the value); '' empties it
      lists       ["20", "21"] as in the file, or the items with commas: 20,21

    The file keeps its comments and layout and is left with mode 0600.
    """
    try:
        before: tconfig.TillConfig | None = till_config(ctx)
    except BadInput:  # a file the change may mend
        before = None
    tconfig.set_key(config_path(ctx), key, value)
    shown = "********" if tconfig.is_secret(key) else value
    _journal(till_config(ctx), {key: shown}, before)
    click.echo(f"{key} = {shown}")


def _config_or_none(path: Path) -> tconfig.TillConfig | None:
    try:
        return tconfig.load_config(path) if path.exists() else None
    except BadInput:
        return None


def _journal(
    cfg: tconfig.TillConfig, changes: dict[str, str], before: tconfig.TillConfig | None = None
) -> None:
    """The change as a signed audit event; the file stays changed when the journal
    cannot be written (said on stderr)."""
    try:
        record_config_change(cfg, changes, utcnow(), before)
    except Unavailable as exc:
        click.echo(f"warning: the change is not journaled: {exc}", err=True)


def _show_import(plan: tconfig.ImportPlan) -> None:
    """What an import changes, secrets masked, one line a key."""
    click.echo(f"from {plan.label}:")
    for key, before, after in plan.changes:
        click.echo(f"{key}: {before} -> {after}")
    for key in plan.kept:
        click.echo(f"{key}: kept (the imported file leaves it empty)")
    if not plan.changes:
        click.echo("nothing changes: the file holds the same settings")


@config.command("import")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--from-server",
    is_flag=True,
    help="Fetch the file the server hands out for this till (GetTillConfig).",
)
@click.option("-y", "--yes", is_flag=True, help="Install without asking, even on a terminal.")
@click.option(
    "--json", "as_json", is_flag=True, help="Print what changes and what was done as JSON."
)
@click.pass_context
def config_import(
    ctx: click.Context, file: Path | None, from_server: bool, yes: bool, as_json: bool
) -> int:
    """Install a config FILE (or the server's, --from-server) after showing what changes.

    The file is checked whole first. A secret (password) it leaves empty keeps this
    till's own value: the server does not hand every password out. The changes are
    listed with secrets masked; on a terminal the command then asks before installing
    (--yes does not ask). Run from a script (input not a terminal) it installs without
    asking. The old file is kept as till.toml.<time>.bak. Declined: nothing changes,
    exit 1.
    """
    if (file is None) == (not from_server):
        raise BadInput("give either a FILE or --from-server")
    dest = config_path(ctx)
    if from_server:
        if not dest.exists():
            raise BadInput(f"{dest} does not exist: the server is named in it (webservice.url)")
        old = tconfig.load_config(dest)
        plan = tconfig.plan_import(fetch_till_config(old), dest, current=old)
    else:
        plan = tconfig.plan_import(file, dest)  # type: ignore[arg-type]
    if not as_json:
        _show_import(plan)
    asking = plan.changes and not yes and sys.stdin.isatty()
    installed = not asking or click.confirm(f"Install it as {dest}?", default=False, err=True)
    before = _config_or_none(dest) if installed else None
    backup = tconfig.install_import(plan, dest) if installed else None
    if installed and plan.changes:
        changes = {key: str(after) for key, _, after in plan.changes}
        _journal(tconfig.load_config(dest), changes, before)
    data = {**plan.as_dict(), "installed": installed, "config": str(dest), "backup": backup}

    def text() -> None:
        if not installed:
            click.echo("not installed: nothing changed")
        else:
            kept = f" (previous kept as {backup})" if backup else ""
            click.echo(f"config installed at {dest}{kept}")

    emit(data, as_json, text)
    return 0 if installed else 1


COMMANDS: tuple[click.Command, ...] = (config,)
