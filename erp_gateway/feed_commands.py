"""``erp-gateway feed …``: the documents into the ERP, exactly once, through the sinks of
``[erp_sink.NAME]`` (see docs/erp-integration.md)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from connectors.cli import run_every
from connectors.errors import BadInput, TillsyncError
from erp_gateway import jobs
from erp_gateway.commands import _database, _echo_json, gateway_config
from erp_gateway.feed import rounds
from erp_gateway.feed.sql_sink import SqlSink

_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")
_SINK = click.option(
    "--sink", "sink", help="Only this sink (a NAME of [erp_sink.NAME]); default all."
)


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for a long catch-up (only on a terminal)."""
    bar: Any = None
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= 1000:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.__enter__()
        if bar is not None:
            bar.update(done)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@click.group("feed")
def feed_group() -> None:
    """Hand the stored documents (sales, returns, cash movements, closures, findings) to
    the ERP exactly once, in order of arrival, through the [erp_sink.NAME] sinks."""


@feed_group.command("init")
@_SINK
def feed_init(sink: str | None) -> None:
    """Create the staging tables and the cursor row of each sql sink in the ERP's
    database (the tables already there are left as they are)."""
    cfg = gateway_config()
    for name in rounds.sink_names(cfg, sink):
        settings = cfg.erp_sinks[name]
        if settings.kind != "sql":
            click.echo(f"{name}: {settings.kind} sink, nothing to set up")
            continue
        sql = SqlSink.open(name, settings)
        try:
            created = sql.init()
        finally:
            sql.close()
        click.echo(f"{name}: " + (f"created {', '.join(created)}" if created else "ready"))


def _round_all(names: list[str], as_json: bool) -> list[rounds.RoundResult]:
    """One round of each sink; a sink that fails does not stop the others (its error is
    shown, and the last one raised once every sink had its round)."""
    cfg = gateway_config()
    results = []
    failed: list[TillsyncError] = []
    with _database() as db:
        for name in names:
            with _progress(f"feed {name}") as progress:
                # One node at a time feeds a sink (erp_gateway.jobs): the others leave it.
                try:
                    done = jobs.run_round(
                        db,
                        f"feed:{name}",
                        functools.partial(rounds.run_round, cfg, db, name, progress=progress),
                    )
                except TillsyncError as exc:
                    if failed:
                        click.echo(f"error: {failed[-1]}", err=True)
                    failed.append(exc)
                    continue
            if done.value is not None:
                results.append(done.value)
            elif not as_json:
                click.echo(f"{name}: another node feeds it now: this round is left to it")
    for r in results:
        if not as_json:
            click.echo(
                f"{r.sink}: {r.delivered} delivered, {len(r.held)} set aside, at {r.position}"
            )
    if as_json:
        _echo_json([_plain(r) for r in results])
    if failed:
        raise failed[-1]
    return results


def _plain(obj: Any) -> dict[str, Any]:
    """A result as JSON shows it (``_echo_json`` writes times and decimals)."""
    data: dict[str, Any] = dataclasses.asdict(obj)
    return data


@feed_group.command("run")
@_SINK
@click.option("--once", is_flag=True, help="One round, then stop (the default without --every).")
@click.option(
    "--every", type=click.IntRange(1, 86400), help="A round every N seconds until stopped."
)
@_JSON
def feed_run(sink: str | None, once: bool, every: int | None, as_json: bool) -> None:
    """Send what is new to each sink, in order of arrival, from its cursor; a document a
    sink refuses is set aside (see `feed errors`) and the others go on."""
    names = rounds.sink_names(gateway_config(), sink)
    if once or not every:
        _round_all(names, as_json)
        return

    run_every(every, lambda: _round_all(names, as_json))


@feed_group.command("status")
@_SINK
@_JSON
def feed_status(sink: str | None, as_json: bool) -> None:
    """Per sink: its cursor, the documents behind it and the oldest of them, the
    documents set aside."""
    cfg = gateway_config()
    with _database() as db:
        found = [rounds.status(cfg, db, name) for name in rounds.sink_names(cfg, sink)]
    if as_json:
        _echo_json([_plain(s) for s in found])
        return
    for s in found:
        oldest = s.oldest_behind.strftime("%Y-%m-%d %H:%M:%SZ") if s.oldest_behind else "-"
        click.echo(
            f"{s.sink:<16} {s.kind:<6} at {s.position:>10} of {s.last_place:<10} "
            f"behind {s.behind:>8}  oldest {oldest}  set aside {s.held}"
        )


def _target(text: str) -> int | dt.datetime:
    if text.isdigit():
        return int(text)
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadInput(f"--to must be a cursor (a number) or a date/time, got {text!r}") from exc
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


@feed_group.command("rewind")
@click.option("--sink", "sink", required=True, help="The sink (NAME of [erp_sink.NAME]).")
@click.option(
    "--to", "to", required=True, help="A cursor (place) or a date/time (UTC unless given)."
)
def feed_rewind(sink: str, to: str) -> None:
    """Move a sink's cursor back, for an ERP that must read again: the documents after
    it are delivered again, in order (a sql sink's staged rows after it are removed)."""
    cfg = gateway_config()
    rounds.sink_names(cfg, sink)
    with _database() as db:
        place = rounds.rewind(cfg, db, sink, _target(to))
    click.echo(f"{sink}: cursor at {place}")


@feed_group.command("errors")
@_SINK
@_JSON
def feed_errors(sink: str | None, as_json: bool) -> None:
    """The documents a sink refused, set aside with the reason."""
    cfg = gateway_config()
    with _database() as db:
        found = {name: rounds.held(cfg, db, name) for name in rounds.sink_names(cfg, sink)}
    if as_json:
        _echo_json({name: [_plain(h) for h in hs] for name, hs in found.items()})
        return
    for name, hs in found.items():
        for h in hs:
            click.echo(f"{name}  {h.seq:>10}  {h.kind:<14} {h.document_id}  {h.reason}")


@feed_group.command("retry")
@_SINK
@click.argument("places", nargs=-1, type=int)
def feed_retry(sink: str | None, places: tuple[int, ...]) -> None:
    """Deliver the documents set aside again (those at PLACES, or all): those the sink
    takes now leave the list."""
    cfg = gateway_config()
    with _database() as db:
        for name in rounds.sink_names(cfg, sink):
            taken, still = rounds.retry(cfg, db, name, places)
            click.echo(f"{name}: {taken} taken back, {len(still)} still set aside")


COMMANDS: tuple[click.Command, ...] = (feed_group,)
