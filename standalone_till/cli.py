"""`till`: the till's command line, a thin shell over ``standalone_till.service``.

Exit codes: 0 ok, 1 bad input, 2 environment (server down, disk, permissions).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from connectors.cli import TICKET_LIMIT, CommandLine
from connectors.errors import BadInput, Unavailable
from standalone_till import config as tconfig
from standalone_till.journal import local_day
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.sales import totals
from standalone_till.service import Till
from standalone_till.sync.agent import Agent
from standalone_till.sync.messages import EVENTS
from standalone_till.sync.uplink import client_for, fetch_till_config

DEFAULT_CONFIG = "till.toml"


def _emit(data: object, as_json: bool, text: Callable[[], None]) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, sort_keys=True, default=str))
    else:
        text()


def _config_path(ctx: click.Context) -> Path:
    return Path(ctx.obj["config"])


def _load(ctx: click.Context) -> tconfig.TillConfig:
    return tconfig.load_config(_config_path(ctx))


@contextlib.contextmanager
def _till(ctx: click.Context, *, ready: bool = True) -> Iterator[Till]:
    till = Till(_load(ctx))
    try:
        if ready:
            till.require_ready()
        yield till
    finally:
        till.close()


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A terminal progress bar on stderr (drawn only when stderr is a terminal)."""
    bar: Any = None
    if not sys.stderr.isatty():  # a log or a pipe: no bar, not even its label
        yield lambda done, total: None
        return

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is not None and (total != bar.length or done < bar.pos):  # the next file
            bar.__exit__(None, None, None)
            bar = None
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label=label, file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


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


@cli.command()
@click.option("--store", "store_id", help="Store id for a new config file.")
@click.option("--till", "till_id", help="Till id for a new config file.")
@click.pass_context
def init(ctx: click.Context, store_id: str | None, till_id: str | None) -> None:
    """Create the database (and a config file if there is none), or migrate it."""
    path = _config_path(ctx)
    if not path.exists():
        if not (store_id and till_id):
            raise BadInput(f"{path} does not exist: give --store and --till to create it")
        tconfig.write_default_config(path, store_id, till_id)
        click.echo(f"config written to {path}")
    with _till(ctx, ready=False) as till:
        till.init()
        click.echo(
            f"database ready for till {till.cfg.till.till_id} of store {till.cfg.till.store_id}"
        )


def _load_result(result: Any, as_json: bool) -> None:
    data = {
        "kind": result.kind,
        "sequence": result.sequence,
        "applied": list(result.sequences),
        "rows": result.rows,
        "seconds": round(result.seconds, 3),
    }
    if result.kind == "incremental" and not result.sequences:
        text = "catalog is up to date: no new increment"
    else:
        text = (
            f"{result.kind} export applied: sequence {result.sequence}, "
            f"{result.rows} rows in {result.seconds:.1f} s"
        )
    _emit(data, as_json, lambda: click.echo(text))


_SOURCE = click.option(
    "--source",
    metavar="DIR|URL",
    help="A folder of exports (or one manifest for load-data), or ftp://, ftps://, "
    "sftp://user@host:port/path; default: the [ftp] server of the config.",
)


@cli.command("load-data")
@_SOURCE
@click.option(
    "--allow-older",
    is_flag=True,
    help="Load the export even when it is older than the catalog (takes it back in time).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def load_data(ctx: click.Context, source: str | None, allow_older: bool, as_json: bool) -> None:
    """Load data: replace the catalog by the newest full export; one older than the
    catalog is refused unless --allow-older."""
    with (
        _till(ctx) as till,
        _progress("Downloading") as download,
        _progress("Loading data") as progress,
    ):
        result = till.load_data(source, progress, download, allow_older=allow_older)
    _load_result(result, as_json)


@cli.command("load-changes")
@_SOURCE
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def load_changes(ctx: click.Context, source: str | None, as_json: bool) -> None:
    """Load changes: apply the increments after the catalog's sequence, in order."""
    with (
        _till(ctx) as till,
        _progress("Downloading") as download,
        _progress("Loading changes") as progress,
    ):
        result = till.load_changes(source, progress, download)
    _load_result(result, as_json)


@cli.group()
def config() -> None:
    """Show, change or import the till's configuration."""


@config.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def config_show(ctx: click.Context, as_json: bool) -> None:
    """Print the configuration with secrets masked."""
    data = tconfig.masked(_load(ctx))

    def text() -> None:
        for section, values in data.items():
            click.echo(f"[{section}]")
            for key, value in values.items():
                click.echo(f"{key} = {json.dumps(value)}")
            click.echo()

    _emit(data, as_json, text)


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
    tconfig.set_key(_config_path(ctx), key, value)
    shown = "********" if tconfig.is_secret(key) else value
    click.echo(f"{key} = {shown}")


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
    dest = _config_path(ctx)
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
    backup = tconfig.install_import(plan, dest) if installed else None
    data = {**plan.as_dict(), "installed": installed, "config": str(dest), "backup": backup}

    def text() -> None:
        if not installed:
            click.echo("not installed: nothing changed")
        else:
            kept = f" (previous kept as {backup})" if backup else ""
            click.echo(f"config installed at {dest}{kept}")

    _emit(data, as_json, text)
    return 0 if installed else 1


@cli.command()
@click.option("--search", help="Part of the name, a code or a barcode.")
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="At most this many items.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def items(ctx: click.Context, search: str | None, limit: int, as_json: bool) -> None:
    """List catalog items with their barcodes and today's price."""
    import datetime as dt

    with _till(ctx) as till:
        found = till.catalog.search(search, local_day(dt.datetime.now(dt.UTC)), limit)
    data = [
        {
            "code": x.item.code,
            "name": x.item.name,
            "price": None if x.item.price is None else str(x.item.price),
            "vat_rate": str(x.item.vat_rate),
            "sold_by": x.item.sold_by.value,
            "alcohol": x.item.alcohol,
            "active": x.item.active,
            "barcodes": list(x.barcodes),
        }
        for x in found
    ]

    def text() -> None:
        for d in data:
            price = d["price"] or "-"
            click.echo(
                f"{d['code']:<10} {d['name'][:40]:<40} {price:>9}  {', '.join(d['barcodes'])}"
            )

    _emit(data, as_json, text)


def _parse_item(spec: str) -> tuple[str, Decimal | None]:
    code, star, qty = spec.partition("*")
    if not star:
        return code, None
    try:
        quantity = Decimal(qty)
    except InvalidOperation:
        raise BadInput(f"{spec}: quantity {qty!r} is not a number") from None
    return code, quantity


def _parse_payment(spec: str) -> tuple[PaymentMethod, Decimal | None]:
    method, _, amount = spec.partition(":")
    try:
        pm = PaymentMethod(method.lower())
    except ValueError:
        raise BadInput(f"payment {spec!r}: method must be cash or card") from None
    if not amount:
        return pm, None
    try:
        return pm, Decimal(amount)
    except InvalidOperation:
        raise BadInput(f"payment {spec!r}: amount {amount!r} is not a number") from None


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


@cli.command()
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
    with _till(ctx) as till:
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
        click.echo(f"ticket {data['business_day']}/{data['number']}  ({ticket.id})")
        for line in data["lines"]:  # type: ignore[attr-defined]
            disc = f"  -{line['discount']}" if Decimal(line["discount"]) else ""
            click.echo(
                f"  {line['quantity']:>8} x {line['name'][:30]:<30} {line['amount']:>9}{disc}"
            )
        click.echo(f"  total {data['total']}  paid {data['paid']}  change {data['change']}")

    _emit(data, as_json, text)


@cli.group()
def day() -> None:
    """Open, close or end (closure, Z) the business day."""


@day.command("open")
@click.pass_context
def day_open(ctx: click.Context) -> None:
    """Open the business day (or reopen a closed one)."""
    with _till(ctx) as till:
        state = till.open_day()
        click.echo(f"business day {state.day} open")
        _show_new_messages(till)


@day.command("close")
@click.pass_context
def day_close(ctx: click.Context) -> None:
    """Close the business day (no sales until it is opened again)."""
    with _till(ctx) as till:
        state = till.close_day()
        click.echo(f"business day {state.day} closed")
        _show_new_messages(till)


@day.command("closure")
@click.option("--json", "as_json", is_flag=True, help="Print the Z report as JSON.")
@click.pass_context
def day_closure(ctx: click.Context, as_json: bool) -> None:
    """End the business day with its Z report."""
    with _till(ctx) as till:
        report = till.closure()
        if not as_json:
            _show_new_messages(till)
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

    _emit(data, as_json, text)


@cli.command()
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
    with _till(ctx) as till:
        data = till.journal.tickets(day_value, limit)

    def text() -> None:
        for t in data:
            click.echo(
                f"{t['business_day']}/{t['number']:<5} {t['status']:<9} {t['total']:>10}  {t['outbox']}"
            )

    _emit(data, as_json, text)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """The till's state: catalog sequence, business day, outbox backlog."""
    with _till(ctx) as till:
        data = till.status()

    def text() -> None:
        for key, value in data.items():
            click.echo(f"{key}: {value}")

    _emit(data, as_json, text)
    errors = data.get("sync_errors")
    relay = errors.get("relay") if isinstance(errors, dict) else None
    if relay:  # a hub that holds refused tickets of other tills has not relayed everything
        click.echo(f"warning: {relay}", err=True)


def _show_new_messages(till: Till) -> None:
    for message in till.uplink.messages_to_show():
        click.echo(f"message: {message.text}")


# ------------------------------------------------------------ the link to the gateway


@contextlib.contextmanager
def _linked(ctx: click.Context) -> Iterator[Till]:
    """The till, with its link to the gateway configured (a ConfigError otherwise)."""
    with _till(ctx) as till:
        if not till.uplink.configured:
            client_for(till.cfg)  # raises the ConfigError that says what to set
        yield till


@cli.command()
@click.pass_context
def agent(ctx: click.Context) -> None:
    """Run the sync agent in the foreground: upload, ping, messages (Ctrl-C stops it)."""
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    with _linked(ctx) as till:
        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            shown = till.uplink.client().shown_url
            click.echo(f"agent of till {till.cfg.till.till_id} for {shown}", err=True)
            Agent(till).run_forever(stop)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    click.echo("agent stopped", err=True)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def sync(ctx: click.Context, as_json: bool) -> None:
    """Send the outbox now (hold-off ignored) and print the count of each result."""
    with _linked(ctx) as till:
        report = till.uplink.send_tickets(force=True)
    data = report.as_dict()

    def text() -> None:
        for key in ("accepted", "duplicate", "mismatch", "rejected", "unsendable", "remaining"):
            click.echo(f"{key}: {data[key]}")

    _emit(data, as_json, text)
    if report.error is not None:
        raise report.error


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def ping(ctx: click.Context, as_json: bool) -> int:
    """Ping the server with the ping timeout: exit 0 if it answers, 2 if not."""
    with _linked(ctx) as till:
        result = till.uplink.ping()

    def text() -> None:
        if result.reachable:
            click.echo(f"server reachable: {result.latency_ms:.1f} ms")
        else:
            click.echo(f"server unreachable: {result.error}")

    _emit(result.as_dict(), as_json, text)
    return 0 if result.reachable else 2


@cli.command()
@click.option(
    "--event",
    type=click.Choice(EVENTS),
    default="between_tickets",
    show_default=True,
    help="The till event to ask messages for.",
)
@click.option("--all", "show_all", is_flag=True, help="List recent messages, shown or not.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def messages(ctx: click.Context, event: str, show_all: bool, as_json: bool) -> int:
    """Fetch messages from the server now, then list those not shown yet (marking them)."""
    with _linked(ctx) as till:
        fetched = till.uplink.fetch_messages(event, force=True)
        listed = till.uplink.messages.recent() if show_all else till.uplink.messages_to_show()
    data = {
        "new": list(fetched.new),
        "error": fetched.error,
        "messages": [m.as_dict() for m in listed],
    }

    def text() -> None:
        for m in listed:
            click.echo(f"{m.created_at:%Y-%m-%d %H:%M} #{m.id}  {m.text}")
        if not listed and not fetched.error:
            click.echo("no messages" if show_all else "no new messages")
        if fetched.error:
            click.echo(f"error: {fetched.error}", err=True)

    _emit(data, as_json, text)
    return 2 if fetched.error else 0


@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def quarantine(ctx: click.Context, as_json: bool) -> None:
    """List tickets the server refused (mismatch, rejected); `retry` sends them again."""
    if ctx.invoked_subcommand is not None:
        return
    with _till(ctx) as till:
        data = till.uplink.outbox.quarantined()

    def text() -> None:
        for q in data:
            click.echo(f"{q['ticket_id']}  {q['business_day']}/{q['number']}  {q['reason']}")

    _emit(data, as_json, text)


@quarantine.command("retry")
@click.argument("ticket_ids", metavar="ID...", nargs=-1)
@click.option("--all", "retry_all", is_flag=True, help="Retry every quarantined ticket.")
@click.pass_context
def quarantine_retry(ctx: click.Context, ticket_ids: tuple[str, ...], retry_all: bool) -> None:
    """Put quarantined tickets (by ID, or --all) back in the outbox."""
    if bool(ticket_ids) == retry_all:
        raise BadInput("give ticket IDs or --all")
    with _till(ctx) as till:
        moved = till.uplink.outbox.retry(None if retry_all else list(ticket_ids))
    click.echo(f"{moved} ticket(s) back in the outbox")


# ------------------------------------------------------------ local server mode


@contextlib.contextmanager
def _signals_stop() -> Iterator[threading.Event]:
    """An event set by Ctrl-C or SIGTERM, the previous handlers restored afterwards."""
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@cli.group()
def hub() -> None:
    """Local server mode: this till serves the store's other tills on the LAN."""


@hub.command("serve")
@click.option("--host", help="Address to listen on (default local_server.host).")
@click.option(
    "--port", type=click.IntRange(0, 65535), help="Port to listen on (default local_server.port)."
)
@click.pass_context
def hub_serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the other tills (tickets, ping, offers, open orders) and relay to the gateway."""
    from standalone_till.hub.server import HubServer

    with _till(ctx) as till, _signals_stop() as stop:
        server = HubServer(till).start(host, port)
        try:
            click.echo(f"hub of store {till.cfg.till.store_id} on {server.url}", err=True)
            if till.cfg.webservice.url:
                Agent(till).run_forever(stop)  # relays the hub's outbox to the gateway
            else:
                stop.wait()
        finally:
            server.stop()
    click.echo("hub stopped", err=True)


@cli.group()
def server() -> None:
    """Which server this till uses: the gateway, the store's hub, or auto."""


@server.command("use")
@click.argument("mode", type=click.Choice(["auto", "gateway", "hub"]))
@click.pass_context
def server_use(ctx: click.Context, mode: str) -> None:
    """Use the gateway or the hub from now on, or auto: the ping picks (the default)."""
    with _till(ctx) as till:
        if mode == "hub" and not till.uplink.has_hub:
            raise BadInput("local_server.hub_url is empty: this till has no hub to use")
        choice = till.use_server(mode)
    click.echo(f"server mode {choice.mode}; in use: {choice.in_use}")


@cli.group()
def orders() -> None:
    """The store's open orders (parked tickets, tables), shared through the hub."""


def _order_line(o: Any) -> str:
    label = o.document.get("label", "")
    items = " ".join(o.document.get("items", []))
    return f"{o.order_id:<16} v{o.version:<3} {o.state:<6} {o.till_id:<8} {label}  {items}".rstrip()


@orders.command("list")
@click.option("--all", "show_all", is_flag=True, help="Closed orders too.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def orders_list(ctx: click.Context, show_all: bool, as_json: bool) -> None:
    """List the store's open orders (as the hub has them now)."""
    with _till(ctx) as till, till.orders_client() as client:
        _, found = client.changes(0)
    shown = [o for o in found if show_all or o.state == "open"]

    def text() -> None:
        for o in shown:
            click.echo(_order_line(o))

    _emit([o.as_dict() for o in shown], as_json, text)


@orders.command("park")
@click.argument("order_id")
@click.argument("item_specs", metavar="ITEM...", nargs=-1)
@click.option("--label", default="", help="A name for the order (table 4, Mrs Smith...).")
@click.option(
    "--version",
    "expected",
    default=0,
    type=click.IntRange(0),
    show_default=True,
    help="The version the change is based on; 0 creates a new order.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the stored order as JSON.")
@click.pass_context
def orders_park(
    ctx: click.Context,
    order_id: str,
    item_specs: tuple[str, ...],
    label: str,
    expected: int,
    as_json: bool,
) -> None:
    """Park (create or change) an open order; refused if it changed since --version."""
    with _till(ctx) as till, till.orders_client() as client:
        order = client.park(order_id, {"label": label, "items": list(item_specs)}, expected)
    _emit(order.as_dict(), as_json, lambda: click.echo(_order_line(order)))


@orders.command("close")
@click.argument("order_id")
@click.option(
    "--version",
    "expected",
    required=True,
    type=click.IntRange(1),
    help="The version the close is based on.",
)
@click.pass_context
def orders_close(ctx: click.Context, order_id: str, expected: int) -> None:
    """Close an open order (paid or abandoned); refused if it changed since --version."""
    with _till(ctx) as till, till.orders_client() as client:
        order = client.close_order(order_id, expected)
    click.echo(_order_line(order))


# ------------------------------------------------------------ the end-to-end demo


@cli.command()
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

    def on_term(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # stop like Ctrl-C: the servers it started are stopped too

    verbose = logging.getLogger().isEnabledFor(logging.INFO)
    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        result = run_demo(
            workdir, keep=keep, out=sys.stderr if as_json else sys.stdout, quiet_logs=not verbose
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    if as_json:  # the story went to stderr
        click.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
    return 0 if result.ok else 1


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors become exit codes (0 ok, 1 bad input, 2 environment)."""
    return int(cli.main(args=argv, prog_name="till", standalone_mode=False))


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
