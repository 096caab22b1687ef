"""Reading a PIN on a command line: one line of stdin, an environment variable, or a
hidden prompt on the terminal (asked twice for a new PIN). Never echoed, never logged."""

from __future__ import annotations

import os
import sys

import click

from connectors.errors import BadInput


def read_pin(
    prompt: str,
    *,
    from_stdin: bool = False,
    stdin_option: str = "--pin-stdin",
    envvar: str | None = None,
    confirm: bool = False,
) -> str:
    """The PIN from stdin (``from_stdin``), else ``envvar`` when set, else the terminal.

    Without a terminal and without either of the others, it is a BadInput that says how
    to give one (a PIN is never read from a pipe unasked)."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise BadInput(f"{prompt}: nothing on stdin ({stdin_option})")
        return line
    if envvar and os.environ.get(envvar):
        return os.environ[envvar]
    if not sys.stdin.isatty():
        alternatives = stdin_option + (f" or set {envvar}" if envvar else "")
        raise BadInput(f"{prompt}: no terminal to ask it on; use {alternatives}")
    typed: str = click.prompt(
        prompt, hide_input=True, confirmation_prompt=confirm, err=True, show_default=False
    )
    return typed
