"""``till return``, ``cash``, ``drawer``, ``report`` and ``reprint``: the till's documents
beyond the sale, a thin shell over ``standalone_till.till_documents``."""

from __future__ import annotations

from decimal import Decimal

import click

from connectors.errors import BadInput
from standalone_till import till_documents as docs
from standalone_till.cash import CashKind, parse_counts
from standalone_till.cli.common import approval, emit, open_till, supervisor_options
from standalone_till.cli.day import _parse_item, _parse_payment, ticket_summary
from standalone_till.devices import PrintOutcome
from standalone_till.model import Ticket
from standalone_till.money import parse_money
from standalone_till.returns import WITHOUT_RECEIPT


def _outcomes(outcomes: list[PrintOutcome]) -> list[str]:
    return [o.message or f"{o.printer}: {o.state}" for o in outcomes if not o.printed]


def _return_data(ticket: Ticket, outcomes: list[PrintOutcome]) -> dict[str, object]:
    data = ticket_summary(ticket)
    data.update(
        kind=ticket.kind,
        original_id=ticket.original_id,
        cashier=ticket.cashier,
        supervisor=ticket.supervisor,
        approval=ticket.approval,
        not_printed=_outcomes(outcomes),
    )
    return data


@click.command("return")
@click.argument("args", metavar="[REF] [ITEM...]", nargs=-1)
@click.option(
    "--no-receipt",
    is_flag=True,
    help="No original ticket: give ITEMs back at today's price (needs --supervisor).",
)
@click.option(
    "--pay",
    "payments",
    multiple=True,
    metavar="METHOD[:AMOUNT]",
    help="Refund by cash or card, with the amount; repeat to split. Default: as the "
    "original was paid (cash without receipt).",
)
@supervisor_options
@click.option("--json", "as_json", is_flag=True, help="Print the return ticket as JSON.")
@click.pass_context
def return_(
    ctx: click.Context,
    args: tuple[str, ...],
    no_receipt: bool,
    payments: tuple[str, ...],
    supervisor: str | None,
    supervisor_pin_stdin: bool,
    as_json: bool,
) -> None:
    """Give back items of a ticket (all that remains without ITEM).

    REF is the ticket's id, DAY/NUMBER of this till (2026-12-02/17) or the code printed
    on the receipt (S1/T01/20261202/17); ITEM is a barcode or BARCODE*QTY. The ticket is
    looked up here first, then at the gateway (or the store's hub). Without the receipt,
    give --no-receipt ITEM... and a supervisor."""
    refunds = [_parse_payment(spec) for spec in payments]
    with open_till(ctx) as till:
        if no_receipt:
            picks = [_parse_item(spec) for spec in args]
            if not picks:
                raise BadInput("--no-receipt needs the items given back: ITEM...")
            till.require_cashier()
            approved = approval(till, WITHOUT_RECEIPT, supervisor, supervisor_pin_stdin)
            ticket, outcomes = docs.take_return_without_receipt(
                till, picks, refunds, supervisor=approved
            )
        else:
            if not args:
                raise BadInput("name the ticket: till return REF [ITEM...] (or --no-receipt)")
            picks = [_parse_item(spec) for spec in args[1:]]
            ticket, outcomes = docs.take_return(till, args[0], picks, refunds)
    data = _return_data(ticket, outcomes)

    def text() -> None:
        click.echo(
            f"return {data['business_day']}/{data['number']}  ({ticket.id})"
            + (f"  of {ticket.original_id}" if ticket.original_id else "  without receipt")
        )
        for line in ticket.lines:
            click.echo(f"  {line.quantity:>9} x {line.name[:30]:<30} {line.amount:>9}")
        refunded = ", ".join(f"{p.method.value} {-p.amount}" for p in ticket.payments)
        click.echo(f"  refund {-Decimal(str(data['total']))}: {refunded or 'nothing'}")

    emit(data, as_json, text)


# ---- cash ----------------------------------------------------------------------------


def _amount(text: str) -> Decimal:
    return parse_money(text, decimal_comma=True)


def _move(
    ctx: click.Context,
    kind: CashKind,
    amount: Decimal,
    *,
    reason: str | None = None,
    counts_text: tuple[str, ...] = (),
    supervisor: str | None = None,
    supervisor_pin_stdin: bool = False,
    as_json: bool = False,
) -> None:
    with open_till(ctx) as till:
        till.require_cashier()
        needed = docs.cash_approval(till, kind, amount)
        approved = (
            approval(till, needed, supervisor, supervisor_pin_stdin) if needed is not None else None
        )
        counts = parse_counts(counts_text, docs.denominations(till)) if counts_text else ()
        outcome = docs.move_cash(
            till, kind, amount, reason=reason, counts=counts, supervisor=approved
        )
    data = dict(outcome.document)
    data["drawer_opened"] = outcome.drawer_opened
    if outcome.drawer_error:
        data["drawer_error"] = outcome.drawer_error
    m = outcome.movement

    def text() -> None:
        what = m.kind.value.replace("_", " ")
        click.echo(f"{what} {m.business_day}/{m.number}: {m.amount}  ({m.id})")
        for denomination, count in m.counts:
            click.echo(f"  {denomination:>8} x {count}")
        if outcome.drawer_error:
            click.echo(f"warning: the drawer did not open: {outcome.drawer_error}", err=True)

    emit(data, as_json, text)


_JSON = click.option("--json", "as_json", is_flag=True, help="Print the movement as JSON.")


@click.group()
def cash() -> None:
    """Cash in the drawer: float, cash in and out, safe drops, the closing count."""


@cash.command("float")
@click.argument("amount")
@_JSON
@click.pass_context
def cash_float(ctx: click.Context, amount: str, as_json: bool) -> None:
    """Put AMOUNT in the drawer as the change fund (float)."""
    _move(ctx, CashKind.FLOAT, _amount(amount), as_json=as_json)


@cash.command("in")
@click.argument("amount")
@click.option("--reason", required=True, help="Why the cash goes in.")
@_JSON
@click.pass_context
def cash_in(ctx: click.Context, amount: str, reason: str, as_json: bool) -> None:
    """Put AMOUNT in the drawer (not a sale)."""
    _move(ctx, CashKind.CASH_IN, _amount(amount), reason=reason, as_json=as_json)


@cash.command("out")
@click.argument("amount")
@click.option("--reason", required=True, help="Why the cash goes out.")
@supervisor_options
@_JSON
@click.pass_context
def cash_out(
    ctx: click.Context,
    amount: str,
    reason: str,
    supervisor: str | None,
    supervisor_pin_stdin: bool,
    as_json: bool,
) -> None:
    """Take AMOUNT out of the drawer (not a refund). Above [cash] cashout_limit a
    supervisor approves it."""
    _move(
        ctx,
        CashKind.CASH_OUT,
        _amount(amount),
        reason=reason,
        supervisor=supervisor,
        supervisor_pin_stdin=supervisor_pin_stdin,
        as_json=as_json,
    )


@cash.command("drop")
@click.argument("amount")
@_JSON
@click.pass_context
def cash_drop(ctx: click.Context, amount: str, as_json: bool) -> None:
    """Take AMOUNT from the drawer to the safe (safe drop)."""
    _move(ctx, CashKind.DROP, _amount(amount), as_json=as_json)


@cash.command("count")
@click.argument("counts", metavar="DENOMINATION=COUNT...", nargs=-1, required=True)
@_JSON
@click.pass_context
def cash_count(ctx: click.Context, counts: tuple[str, ...], as_json: bool) -> None:
    """Record the count of the drawer by note and coin (50=3 20=4 0.50=10...).

    The last count of the day is the Z's counted cash; the notes and coins are
    [cash] denominations (default: the till's currency's)."""
    _move(ctx, CashKind.COUNT, Decimal("0.00"), counts_text=counts, as_json=as_json)


@click.group()
def drawer() -> None:
    """The cash drawer."""


@drawer.command("open")
@supervisor_options
@_JSON
@click.pass_context
def drawer_open(
    ctx: click.Context, supervisor: str | None, supervisor_pin_stdin: bool, as_json: bool
) -> None:
    """Open the drawer without a sale (a supervisor approves it; journaled)."""
    _move(
        ctx,
        CashKind.DRAWER_OPEN,
        Decimal("0.00"),
        supervisor=supervisor,
        supervisor_pin_stdin=supervisor_pin_stdin,
        as_json=as_json,
    )


# ---- reports and reprints ------------------------------------------------------------


@click.group()
def report() -> None:
    """Reports of the business day."""


@report.command("x")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def report_x(ctx: click.Context, as_json: bool) -> None:
    """The day so far (X report), without closing it: per cashier and payment method,
    and the cash the drawer should hold."""
    with open_till(ctx) as till:
        data = docs.x_report(till)

    def text() -> None:
        sales, returns = data["sales"], data["returns"]
        click.echo(f"X report {data['business_day']} at {data['at']}")
        click.echo(
            f"  sales {sales['count']} {sales['total']}, returns {returns['count']} "  # type: ignore[index]
            f"{returns['total']}, cancelled {data['cancelled']}, total {data['total']}"  # type: ignore[index]
        )
        for c in data["cashiers"]:  # type: ignore[attr-defined]
            click.echo(
                f"  cashier {c['cashier'] or '-'}: sales {c['sales']['count']} "
                f"{c['sales']['total']}, returns {c['returns']['count']} "
                f"{c['returns']['total']}, voided lines {c['voided_lines']}, cancelled "
                f"{c['cancelled']}, approvals {c['approvals']}"
            )
        for p in data["payments"]:  # type: ignore[attr-defined]
            click.echo(f"  {p['method']}: sales {p['sales']} refunds {p['refunds']} net {p['net']}")
        cash_data = data["cash"]
        click.echo(
            "  cash expected {expected} = float {float} + sales {cash_sales} - refunds "
            "{cash_refunds} + in {cash_in} - out {cash_out} - drops {drops}".format(**cash_data)  # type: ignore[arg-type]
        )
        if cash_data["counted"] is not None:  # type: ignore[index]
            click.echo(
                f"  counted {cash_data['counted']}, difference {cash_data['difference']}"  # type: ignore[index]
            )

    emit(data, as_json, text)


@click.command()
@click.argument("ref")
@supervisor_options
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def reprint(
    ctx: click.Context,
    ref: str,
    supervisor: str | None,
    supervisor_pin_stdin: bool,
    as_json: bool,
) -> None:
    """Print a receipt again, marked COPY n (a supervisor approves it; journaled).

    REF as for `till return`: the ticket's id, DAY/NUMBER or the receipt code."""
    with open_till(ctx) as till:
        till.require_cashier()
        approved = approval(till, docs.REPRINT, supervisor, supervisor_pin_stdin)
        ticket, copy_no, outcomes = docs.reprint(till, ref, supervisor=approved)
    data = {
        "ticket_id": ticket.id,
        "business_day": ticket.business_day.isoformat() if ticket.business_day else None,
        "number": ticket.number,
        "copy_no": copy_no,
        "supervisor": approved,
        "not_printed": _outcomes(outcomes),
    }
    emit(
        data,
        as_json,
        lambda: click.echo(f"copy {copy_no} of {data['business_day']}/{data['number']}"),
    )


COMMANDS: tuple[click.Command, ...] = (return_, cash, drawer, report, reprint)
