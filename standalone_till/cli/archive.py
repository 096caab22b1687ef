"""``till closures``, ``archive`` and ``verify-archive``: the till's month and year
closures, and its archive of a period (docs/fiscal.md, docs/archive-format.md)."""

from __future__ import annotations

from pathlib import Path

import click

from connectors.errors import BadInput
from standalone_till.archive import parse_period, write_archive
from standalone_till.archive_check import ArchiveReport, verify_archive
from standalone_till.cli.common import emit, open_till
from standalone_till.clock import utcnow
from standalone_till.period_closures import PeriodClosure, period_closures
from standalone_till.periods import PERIODS
from ticket_contract import signatures as S


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


class ArchiveBroken(BadInput):
    """`till verify-archive` found a part or an entry that does not hold (exit 1)."""


@click.command()
@click.option(
    "--period",
    "period_text",
    required=True,
    metavar="YYYY-MM|YYYY",
    help="The month or the year to archive.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The zip file to write (replaced whole).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def archive(ctx: click.Context, period_text: str, out: Path, as_json: bool) -> None:
    """Write a month or a year of the till as a self-contained signed zip: its documents
    (JSON Lines and CSV), chain entries, public keys and a signed manifest."""
    period = parse_period(period_text)
    with open_till(ctx) as till:
        signer = till.journal.signer
        if signer is None:
            raise BadInput("signing is off (signing.enabled = false): nothing to archive")
        summary = write_archive(till.db, signer, period, out, utcnow())

    def text() -> None:
        docs = ", ".join(f"{n} {name}" for name, n in summary.documents.items() if n)
        click.echo(f"archive of {summary.period}: {out} ({docs or 'no documents'})")
        click.echo(f"  sha256 {summary.sha256}")

    emit(summary.as_dict(), as_json, text)


def _print(report: ArchiveReport) -> None:
    click.echo(f"archive of {report.period or '?'} from till {report.till_id or '?'}")
    for chain, count in report.chains.items():
        click.echo(f"  {chain}: {count} entries")
    for problem in report.problems:
        click.echo(f"  {problem}")
    click.echo("the archive holds" if report.holds else "the archive does not hold")


@click.command("verify-archive")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--public-key",
    "public_key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The till's public key to trust (PEM, base64 or hex); default: the"
    " archive's own first key.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def verify_archive_command(file: Path, public_key: Path | None, as_json: bool) -> None:
    """Check an archive without any database: exit 0 when every part, signature and
    link holds, 1 naming the part or entry that does not and what differs."""
    trusted = None
    if public_key is not None:
        try:
            trusted = S.public_key_from_text(public_key.read_text("utf-8"))
        except (S.SignatureProblem, UnicodeDecodeError) as exc:
            raise BadInput(f"--public-key {public_key}: {exc}") from exc
    report = verify_archive(file.read_bytes(), trusted)
    emit(report.as_dict(), as_json, lambda: _print(report))
    if not report.holds:
        raise ArchiveBroken("; ".join(str(p) for p in report.problems[:5]))


COMMANDS = (closures, archive, verify_archive_command)
