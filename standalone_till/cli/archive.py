"""``till closures``, ``archive`` and ``verify-archive``: the till's month and year
closures, and its archive of a period (docs/fiscal.md, docs/archive-format.md)."""

from __future__ import annotations

import click

from standalone_till.cli.common import emit, open_till
from standalone_till.period_closures import PeriodClosure, period_closures
from standalone_till.periods import PERIODS


def closure_line(closure: PeriodClosure) -> str:
    """One period closure as `till closures` and `till day closure` print it."""
    doc = closure.document
    totals, grand = closure.totals, closure.grand_total
    return (
        f"{doc['period']} {doc['label']} (Z{doc['first_z']}..Z{doc['last_z']}):"
        f" sales {totals.sales} returns {totals.returns} net {totals.net};"
        f" grand total sales {grand.sales} returns {grand.returns} net {grand.net}"
    )


@click.command()
@click.option("--period", type=click.Choice(PERIODS), help="Only the month or the year closures.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def closures(ctx: click.Context, period: str | None, as_json: bool) -> None:
    """List the till's month and year closures (made by the Z that ends their period),
    with their totals and the perpetual grand totals."""
    with open_till(ctx) as till:
        found = period_closures(till.db, till.cfg.till.till_id, period)

    def text() -> None:
        if not found:
            click.echo("no period closure yet")
        for closure in found:
            click.echo(closure_line(closure))

    emit([c.as_dict() for c in found], as_json, text)


COMMANDS = (closures,)
