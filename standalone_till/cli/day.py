"""``till sell``, ``day``, ``tickets`` and ``status``: selling and the business day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import click

from connectors.cli import TICKET_LIMIT
from connectors.errors import BadInput, Unavailable
from standalone_till.cli.archive import closure_line
from standalone_till.cli.common import emit, open_till, show_new_messages
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.money import parse_money, parse_quantity
from standalone_till.sales import totals


def _parse_item(spec: str) -> tuple[str, Decimal | None]:
    code, star, qty = spec.partition("*")
    if not star:
        return code, None
    try:
        return code, parse_quantity(qty)
    except BadInput as exc:
        raise BadInput(f"{spec}: {exc}") from exc


def _parse_payment(spec: str) -> tuple[PaymentMethod, Decimal | None]:
    method, _, amount = spec.partition(":")
    try:
        pm = PaymentMethod(method.lower())
    except ValueError:
        raise BadInput(f"payment {spec!r}: method must be cash or card") from None
    if not amount:
        return pm, None
    try:
        return pm, parse_money(amount)
    except BadInput as exc:
        raise BadInput(f"payment {spec!r}: {exc}") from exc


def ticket_summary(ticket: Ticket) -> dict[str, object]:
    tot = totals(ticket)
    return {
        "ticket_id": ticket.id,
        "business_day": ticket.business_day.isoformat() if ticket.business_day else None,
        "number": ticket.number,
        "status": ticket.status,
        "total": str(tot.total),
        "discount": str(tot.discount),
        "paid": str(tot.paid),
        "change": str(tot.change),
        "customer_code": ticket.customer_code,
        "card_number": ticket.card_number,
        "cashier": ticket.cashier,
        "offers": list(ticket.applied_offers),
        "vat": [
            {"rate": str(v.rate), "gross": str(v.gross), "net": str(v.net), "vat": str(v.vat)}
            for v in tot.vat
        ],
        "lines": [
            {
                "line_no": line.line_no,
                "item_code": line.item_code,
                "name": line.name,
                "quantity": str(line.quantity),
                "unit_price": str(line.unit_price),
                "discount": str(line.discount),
                "amount": str(line.amount),
                "vat_rate": str(line.vat_rate),
            }
            for line in ticket.lines
        ],
        "payments": [{"method": p.method.value, "amount": str(p.amount)} for p in ticket.payments],
    }


@click.command()
@click.argument("item_specs", metavar="ITEM...", nargs=-1, required=True)
@click.option("--customer", help="Customer code (applies the customer's offers).")
@click.option("--card", help="Discount card number.")
@click.option(
    "--pay",
    "payments",
    multiple=True,
    metavar="METHOD[:AMOUNT]",
    help="cash or card, with the amount tendered; repeat for mixed payments. Default: cash, exact.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the closed ticket as JSON.")
@click.pass_context
def sell(
    ctx: click.Context,
    item_specs: tuple[str, ...],
    customer: str | None,
    card: str | None,
    payments: tuple[str, ...],
    as_json: bool,
) -> None:
    """Ring up and close a ticket. ITEM is a barcode or BARCODE*QTY (weight in kg)."""
    with open_till(ctx) as till:
        if not till.catalog_state().full_sequence:
            raise Unavailable(
                "the catalog is empty: load data first (`till load-data`, or Load data in "
                "till-admin)",
                target="catalog",
            )
        sale = till.new_sale()
        if customer:
            sale.set_customer(customer)
        if card:
            sale.set_card(card)
        for spec in item_specs:
            sale.scan(*_parse_item(spec))
        for spec in payments or ("cash",):
            sale.pay(*_parse_payment(spec))
        ticket = sale.close()
    data = ticket_summary(ticket)

    def text() -> None:
        by = f"  cashier {ticket.cashier}" if ticket.cashier else ""
        click.echo(f"ticket {data['business_day']}/{data['number']}  ({ticket.id}){by}")
        for line in data["lines"]:  # type: ignore[attr-defined]
            disc = f"  -{line['discount']}" if Decimal(line["discount"]) else ""
            click.echo(
                f"  {line['quantity']:>8} x {line['name'][:30]:<30} {line['amount']:>9}{disc}"
            )
        click.echo(f"  total {data['total']}  paid {data['paid']}  change {data['change']}")

    emit(data, as_json, text)


@click.group()
def day() -> None:
    """Open, close or end (closure, Z) the business day."""


@day.command("open")
@click.pass_context
def day_open(ctx: click.Context) -> None:
    """Open the business day (or reopen a closed one)."""
    with open_till(ctx) as till:
        state = till.open_day()
        click.echo(f"business day {state.day} open")
        show_new_messages(till)


@day.command("close")
@click.pass_context
def day_close(ctx: click.Context) -> None:
    """Close the business day (no sales until it is opened again)."""
    with open_till(ctx) as till:
        state = till.close_day()
        click.echo(f"business day {state.day} closed")
        show_new_messages(till)


@day.command("closure")
@click.option("--json", "as_json", is_flag=True, help="Print the Z report as JSON.")
@click.pass_context
def day_closure(ctx: click.Context, as_json: bool) -> None:
    """End the business day with its Z report."""
    with open_till(ctx) as till:
        report = till.closure()
        if not as_json:
            show_new_messages(till)
    data = report.as_dict()

    def text() -> None:
        click.echo(
            f"Z{report.z_number} {report.day}: {report.tickets} tickets, {report.cancelled} cancelled"
        )
        click.echo(f"  total {report.total}  discount {report.discount}")
        for rate, gross, net, vat in report.vat:
            click.echo(f"  VAT {rate}%: gross {gross} net {net} vat {vat}")
        for method, amount in report.payments:
            click.echo(f"  {method}: {amount}")
        for closure in report.periods:
            click.echo(f"also closed the {closure_line(closure)}")

    emit(data, as_json, text)


@click.command()
@click.option(
    "--day", "day_text", metavar="YYYY-MM-DD", help="Business day (default: the current one)."
)
@click.option(
    "--limit",
    default=TICKET_LIMIT,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="At most this many tickets.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def tickets(ctx: click.Context, day_text: str | None, limit: int, as_json: bool) -> None:
    """List the tickets of a business day with their outbox state."""
    try:
        day_value = dt.date.fromisoformat(day_text) if day_text else None
    except ValueError:
        raise BadInput(f"--day must be YYYY-MM-DD, got {day_text!r}") from None
    with open_till(ctx) as till:
        data = till.journal.tickets(day_value, limit)

    def text() -> None:
        for t in data:
            kind = "return" if t["kind"] == "return" else ""
            click.echo(
                f"{t['business_day']}/{t['number']:<5} {t['status']:<9} {t['total']:>10}  "
                f"{t['outbox']}" + (f"  {kind}" if kind else "")
            )

    emit(data, as_json, text)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """The till's state: catalog sequence, business day, outbox backlog."""
    with open_till(ctx) as till:
        data = till.status()

    def text() -> None:
        for key, value in data.items():
            click.echo(f"{key}: {value}")

    emit(data, as_json, text)
    errors = data.get("sync_errors")
    relay = errors.get("relay") if isinstance(errors, dict) else None
    if relay:  # a hub that holds refused tickets of other tills has not relayed everything
        click.echo(f"warning: {relay}", err=True)


COMMANDS: tuple[click.Command, ...] = (sell, day, tickets, status)
