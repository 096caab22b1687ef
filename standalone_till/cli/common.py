"""What the commands of ``till`` share: the till of this run, ``--json`` output, the
progress bar and the link to the gateway."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from connectors.cli import config_path
from connectors.errors import ApprovalRefused
from connectors.pin_entry import read_pin
from standalone_till import config as tconfig
from standalone_till.service import Till
from standalone_till.sync.uplink import client_for

DEFAULT_CONFIG = "till.toml"


def emit(data: object, as_json: bool, text: Callable[[], None]) -> None:
    """Print ``data`` as JSON with ``--json``, else as ``text`` prints it."""
    if as_json:
        click.echo(json.dumps(data, indent=2, sort_keys=True, default=str))
    else:
        text()


def till_config(ctx: click.Context) -> tconfig.TillConfig:
    """The till's configuration, read from the file of this run (``--config``)."""
    return tconfig.load_config(config_path(ctx))


@contextlib.contextmanager
def open_till(ctx: click.Context, *, ready: bool = True) -> Iterator[Till]:
    """The till of this run's config, closed afterwards (set up first unless not ``ready``)."""
    till = Till(till_config(ctx))
    try:
        if ready:
            till.require_ready()
        yield till
    finally:
        till.close()


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
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


def show_new_messages(till: Till) -> None:
    """Print the head office's messages not shown yet (marking them shown)."""
    for message in till.uplink.messages_to_show():
        click.echo(f"message: {message.text}")


# ------------------------------------------------------------ the link to the gateway


@contextlib.contextmanager
def linked_till(ctx: click.Context) -> Iterator[Till]:
    """The till, with its link to the gateway configured (a ConfigError otherwise)."""
    with open_till(ctx) as till:
        if not till.uplink.configured:
            client_for(till.cfg)  # raises the ConfigError that says what to set
        yield till


# ------------------------------------------------------------ cashiers and supervisors

PIN_ENV = "TILLSYNC_PIN"
SUPERVISOR_PIN_ENV = "TILLSYNC_SUPERVISOR_PIN"
_F = TypeVar("_F", bound=Callable[..., Any])


def supervisor_options(command: _F) -> _F:
    """``--supervisor CODE`` and ``--supervisor-pin-stdin``, for a command that may need
    a supervisor's approval (its function takes ``supervisor`` and ``supervisor_pin_stdin``)."""
    command = click.option(
        "--supervisor-pin-stdin",
        is_flag=True,
        help=f"Read the supervisor's PIN from stdin (else {SUPERVISOR_PIN_ENV}, else the "
        "terminal asks).",
    )(command)
    return click.option(
        "--supervisor",
        metavar="CODE",
        help="The supervisor approving this now, with their PIN.",
    )(command)


def approval(till: Till, action: str, code: str | None, pin_stdin: bool = False) -> str:
    """A supervisor's approval of ``action`` at this till: their code (``--supervisor``)
    and PIN (stdin, TILLSYNC_SUPERVISOR_PIN or the terminal); the supervisor's code."""
    if not code:
        raise ApprovalRefused(
            f"{action.replace('_', ' ')} needs a supervisor: give --supervisor CODE",
            code="",
            action=action,
        )
    pin = read_pin(
        f"PIN of supervisor {code}",
        from_stdin=pin_stdin,
        stdin_option="--supervisor-pin-stdin",
        envvar=SUPERVISOR_PIN_ENV,
    )
    return till.approve(action, code, pin)
