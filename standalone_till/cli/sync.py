"""``till agent``, ``sync``, ``ping``, ``messages`` and ``quarantine``: the link to
the gateway."""

from __future__ import annotations

import click

from connectors.cli import stop_on_signals
from connectors.errors import BadInput
from standalone_till.cli.common import emit, linked_till, open_till
from standalone_till.sync.agent import Agent
from standalone_till.sync.messages import EVENTS


@click.command()
@click.pass_context
def agent(ctx: click.Context) -> None:
    """Run the sync agent in the foreground: upload, ping, messages (Ctrl-C stops it)."""
    with linked_till(ctx) as till, stop_on_signals() as stop:
        shown = till.uplink.client().shown_url
        click.echo(f"agent of till {till.cfg.till.till_id} for {shown}", err=True)
        Agent(till).run_forever(stop)
    click.echo("agent stopped", err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def sync(ctx: click.Context, as_json: bool) -> None:
    """Send the outbox now (hold-off ignored) and print the count of each result: the
    tickets, then the documents (cash movements, closures) under "documents". Tickets of
    closed days the gateway says it lacks are sent again from the journal first (and
    after the documents, when their answer names more) under "resent"."""
    with linked_till(ctx) as till:
        uplink = till.uplink
        if uplink.cfg.webservice.url and uplink.server_in_use() == "gateway":
            uplink.ask_missing()
        report = uplink.send_tickets(force=True)
        documents = None if report.error else uplink.send_documents(force=True)
        resent = None
        if documents is not None and documents.error is None and uplink.resent.is_set():
            uplink.resent.clear()
            resent = uplink.send_tickets(force=True)
    data = report.as_dict()
    data["documents"] = None if documents is None else documents.as_dict()
    data["resent"] = None if resent is None else resent.as_dict()
    keys = ("accepted", "duplicate", "mismatch", "rejected", "unsendable", "remaining")

    def text() -> None:
        for key in keys:
            click.echo(f"{key}: {data[key]}")
        for name, part in (("documents", documents), ("resent", resent)):
            if part is not None:
                counts = part.as_dict()
                click.echo(f"{name}: " + ", ".join(f"{k} {counts[k]}" for k in keys))

    emit(data, as_json, text)
    if report.error is not None:
        raise report.error
    if documents is not None and documents.error is not None:
        raise documents.error
    if resent is not None and resent.error is not None:
        raise resent.error


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def ping(ctx: click.Context, as_json: bool) -> int:
    """Ping the server with the ping timeout: exit 0 if it answers, 2 if not."""
    with linked_till(ctx) as till:
        result = till.uplink.ping()

    def text() -> None:
        if result.reachable:
            click.echo(f"server reachable: {result.latency_ms:.1f} ms")
        else:
            click.echo(f"server unreachable: {result.error}")

    emit(result.as_dict(), as_json, text)
    return 0 if result.reachable else 2


@click.command()
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
    with linked_till(ctx) as till:
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

    emit(data, as_json, text)
    return 2 if fetched.error else 0


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def quarantine(ctx: click.Context, as_json: bool) -> None:
    """List tickets, cash movements and closures the server refused (mismatch, rejected);
    `retry` sends them again."""
    if ctx.invoked_subcommand is not None:
        return
    with open_till(ctx) as till:
        data = till.uplink.outbox.quarantined() + till.uplink.documents.quarantined()

    def text() -> None:
        for q in data:
            what = q.get("ticket_id") or f"{q['document_id']} ({q['kind']})"
            click.echo(f"{what}  {q['business_day']}/{q['number']}  {q['reason']}")

    emit(data, as_json, text)


@quarantine.command("retry")
@click.argument("ticket_ids", metavar="ID...", nargs=-1)
@click.option("--all", "retry_all", is_flag=True, help="Retry everything quarantined.")
@click.pass_context
def quarantine_retry(ctx: click.Context, ticket_ids: tuple[str, ...], retry_all: bool) -> None:
    """Put quarantined tickets and documents (by ID, or --all) back in their outbox."""
    if bool(ticket_ids) == retry_all:
        raise BadInput("give ticket IDs or --all")
    with open_till(ctx) as till:
        ids = None if retry_all else list(ticket_ids)
        moved = till.uplink.outbox.retry(ids)
        documents = till.uplink.documents.retry(ids)
    click.echo(f"{moved} ticket(s) back in the outbox")
    if documents:
        click.echo(f"{documents} document(s) back in the documents outbox")


COMMANDS: tuple[click.Command, ...] = (agent, sync, ping, messages, quarantine)
