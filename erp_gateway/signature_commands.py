"""``erp-gateway verify``: the tills' signature chains as the gateway holds them (exit 1
on any break)."""

from __future__ import annotations

import click

from erp_gateway import signatures
from erp_gateway.commands import _database, _echo_json


def _print(found: list[signatures.TillVerification]) -> None:
    for t in found:
        key = t.fingerprint[:16] if t.fingerprint else "no key pinned"
        state = "holds" if t.holds else f"{len(t.breaks)} break(s)"
        click.echo(f"till {t.till_id} (key {key}): {state}")
        for c in t.chains:
            waiting = f", waiting for {len(c.waiting)}" if c.waiting else ""
            click.echo(f"  {c.chain}: {c.entries} entries up to {c.head_seq}{waiting}")
        for b in t.breaks:
            click.echo(f"  BREAK {b['chain']} entry {b['seq']} ({b['doc_id']}): {b['what']}:")
            click.echo(f"    {b['detail']}")
    click.echo("every chain holds" if all(t.holds for t in found) else "breaks found")


@click.command("verify")
@click.option("--till", "till_id", help="Only this till.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def verify_command(till_id: str | None, as_json: bool) -> None:
    """Check the tills' signed documents held here: each signature against the till's
    pinned key, each link to the entry before it. Exit 1 on any break (a bad signature,
    a link to another entry, two entries on one predecessor, a document refused for
    another key); numbers not received yet are listed as waiting."""
    with _database() as db:
        found = signatures.verify(db, till_id)
    if as_json:
        _echo_json({"holds": all(t.holds for t in found), "tills": [t.as_dict() for t in found]})
    else:
        _print(found)
    if not all(t.holds for t in found):
        raise SystemExit(1)


COMMANDS = (verify_command,)
