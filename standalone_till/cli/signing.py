"""``till key show``, ``key rotate`` and ``verify``: the till's signing key and the check
of its signed journal (docs/fiscal.md)."""

from __future__ import annotations

import datetime as dt

import click

from connectors.errors import BadInput
from standalone_till.cli.common import emit, open_till
from standalone_till.clock import utcnow
from standalone_till.signing import rotate_key, till_key_infos
from standalone_till.signing_verify import Verification, verify_journal
from standalone_till.sync.self_report import note_verification


class ChainBroken(BadInput):
    """`till verify` found a chain that does not hold (exit 1)."""


@click.group()
def key() -> None:
    """The till's signing key (Ed25519): show it, rotate it."""


@key.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--all", "show_all", is_flag=True, help="Every key the till has had.")
@click.pass_context
def key_show(ctx: click.Context, as_json: bool, show_all: bool) -> None:
    """Show the till's public key and its fingerprint (never the private key)."""
    with open_till(ctx) as till:
        infos = till_key_infos(till.db)
    if not infos:
        raise BadInput("the till has no signing key yet: run `till init`")
    shown = infos if show_all else infos[-1:]
    data = [i.as_dict() for i in shown]

    def text() -> None:
        for info in shown:
            click.echo(f"key {info.position}: fingerprint {info.fingerprint}")
            click.echo(f"  public key {info.public_key}")

    emit(data if show_all else data[0], as_json, text)


@key.command("rotate")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def key_rotate(ctx: click.Context, as_json: bool) -> None:
    """Make a new signing key, endorsed by the current one; it signs from now on."""
    with open_till(ctx) as till:
        signer = till.journal.signer
        if signer is None:
            raise BadInput("signing is off (signing.enabled = false): no key to rotate")
        fingerprint = rotate_key(till.db, signer, utcnow())
    emit(
        {"fingerprint": fingerprint},
        as_json,
        lambda: click.echo(f"new signing key: fingerprint {fingerprint}"),
    )


def _print(result: Verification) -> None:
    for chain in result.chains:
        state = "holds" if chain.brk is None else f"BROKEN at {chain.brk}"
        click.echo(f"{chain.chain}: {chain.entries} entries, {state}")
    click.echo("every chain holds" if result.holds else "the journal does not hold")


@click.command()
@click.option(
    "--from",
    "since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Read documents signed from this day (YYYY-MM-DD) again; links are checked all along.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def verify(ctx: click.Context, since: dt.datetime | None, as_json: bool) -> None:
    """Check the till's signed journal: exit 0 when every chain holds, 1 naming the
    first entry of a chain that does not (changed, removed, inserted, reordered,
    signed by another key)."""
    with open_till(ctx) as till:
        result = verify_journal(till.db, till.cfg.till.till_id, since.date() if since else None)
        # kept for the ping: the gateway's fleet view shows the last verify
        note_verification(till.db, None if result.holds else str(result.breaks[0]))
    emit(result.as_dict(), as_json, lambda: _print(result))
    if not result.holds:
        raise ChainBroken("; ".join(str(b) for b in result.breaks))


COMMANDS = (key, verify)
