"""``till hub``, ``server`` and ``orders``: local server mode, the store's tills
served by one of them on the LAN."""

from __future__ import annotations

from typing import Any

import click

from connectors.cli import stop_on_signals
from connectors.errors import BadInput
from standalone_till.cli.common import emit, open_till
from standalone_till.sync.agent import Agent


@click.group()
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

    with open_till(ctx) as till, stop_on_signals() as stop:
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


@click.group()
def server() -> None:
    """Which server this till uses: the gateway, the store's hub, or auto."""


@server.command("use")
@click.argument("mode", type=click.Choice(["auto", "gateway", "hub"]))
@click.pass_context
def server_use(ctx: click.Context, mode: str) -> None:
    """Use the gateway or the hub from now on, or auto: the ping picks (the default)."""
    with open_till(ctx) as till:
        if mode == "hub" and not till.uplink.has_hub:
            raise BadInput("local_server.hub_url is empty: this till has no hub to use")
        choice = till.use_server(mode)
    click.echo(f"server mode {choice.mode}; in use: {choice.in_use}")


@click.group()
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
    with open_till(ctx) as till, till.orders_client() as client:
        _, found = client.changes(0)
    shown = [o for o in found if show_all or o.state == "open"]

    def text() -> None:
        for o in shown:
            click.echo(_order_line(o))

    emit([o.as_dict() for o in shown], as_json, text)


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
    with open_till(ctx) as till, till.orders_client() as client:
        order = client.park(order_id, {"label": label, "items": list(item_specs)}, expected)
    emit(order.as_dict(), as_json, lambda: click.echo(_order_line(order)))


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
    with open_till(ctx) as till, till.orders_client() as client:
        order = client.close_order(order_id, expected)
    click.echo(_order_line(order))


COMMANDS: tuple[click.Command, ...] = (hub, server, orders)
