"""What the ``till`` and ``erp-gateway`` command lines share: the global options
(``--config``, ``-v``), the log on stderr, and one mapping of errors to a line and an
exit code.

Exit codes: 0 ok, 1 bad input (a usage error too), 2 environment (server down, disk,
permissions), 130 interrupted. A ``TillsyncError`` or an ``OSError`` is one
``error: ...`` line on stderr; anything else escaping is a bug and shows its traceback.

``--config`` and ``-v`` are accepted before the subcommand and after it (each command
of a ``CommandLine`` gets both), the later one counting. Without ``-v`` the log shows
only warnings, and a one-shot command holds them until it ends: they are shown as
``warning: ...`` lines when it succeeds and left out when it fails, whose ``error:``
line already says what went wrong (``-v`` shows the whole log as it happens).
Long-running commands (``live_log``) show their log as it happens.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
import schedule

from connectors.errors import TillsyncError

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_ENVIRONMENT = 2
EXIT_ABORTED = 130
# `till tickets` and `erp-gateway tickets` list this many tickets unless told otherwise.
TICKET_LIMIT = 100
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

F = TypeVar("F", bound=Callable[..., Any])


def report_error(exc: BaseException) -> int | None:
    """Show an error the command line knows on stderr and give its exit code; None for
    one it does not know (a bug: it goes on up with its traceback)."""
    if isinstance(exc, TillsyncError):
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    if isinstance(exc, click.exceptions.Abort):
        click.echo("aborted", err=True)
        return EXIT_ABORTED
    if isinstance(exc, click.ClickException):
        exc.show()
        return EXIT_BAD_INPUT
    if isinstance(exc, OSError):  # the environment (disk, permissions) outside our mappers
        click.echo(f"error: {exc}", err=True)
        return EXIT_ENVIRONMENT
    return None


# -- stopping a long-running command ----------------------------------------------------


@contextlib.contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event that Ctrl-C or SIGTERM sets (a service loop waits on it and ends); the
    previous handlers are restored afterwards."""
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """SIGTERM stops the command as Ctrl-C does (a ``KeyboardInterrupt``, so what it
    started is stopped on the way out); the previous handler is restored afterwards."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_every(seconds: int, job: Callable[[], object]) -> None:
    """Run ``job`` now, then every ``seconds``, until Ctrl-C or SIGTERM ("stopped"). A
    failure is the job's to show: it goes on to the next round (``TillsyncError``
    printed, the timer kept)."""

    def round_() -> None:
        try:
            job()
        except TillsyncError as exc:  # shown, and tried again at the next round
            click.echo(f"error: {exc}", err=True)

    scheduler = schedule.Scheduler()
    scheduler.every(seconds).seconds.do(round_)
    try:
        with sigterm_interrupts():  # a round stopped by SIGTERM is recorded as stopped
            round_()
            while True:
                scheduler.run_pending()
                time.sleep(0.5)
    except KeyboardInterrupt:
        click.echo("stopped")


# -- the log on stderr ------------------------------------------------------------------


class _HeldWarnings(logging.Handler):
    """Warnings kept until the command ends, then shown or left out (see the module)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def end(self, failed: bool) -> None:
        records, self.records = self.records, []
        if not failed:
            for record in records:
                click.echo(f"warning: {record.getMessage()}", err=True)


class _Log:
    """The one handler the command line puts on the root logger, and what it replaced."""

    handler: logging.Handler | None = None
    level: int = logging.WARNING

    def use(self, handler: logging.Handler, level: int) -> None:
        root = logging.getLogger()
        if self.handler is None:
            self.level = root.level
        else:
            root.removeHandler(self.handler)
        self.handler = handler
        root.addHandler(handler)
        root.setLevel(level)

    def end(self, failed: bool) -> None:
        handler, self.handler = self.handler, None
        if handler is None:
            return
        root = logging.getLogger()
        root.removeHandler(handler)
        root.setLevel(self.level)
        if isinstance(handler, _HeldWarnings):
            handler.end(failed)


_log = _Log()


def _live_handler() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    return handler


def set_up_log(verbose: bool, *, live: bool = False) -> None:
    """The log of this command: everything from INFO as it happens with ``-v``; else
    warnings, as they happen for a long-running command, held for a one-shot one."""
    if verbose:
        _log.use(_live_handler(), logging.INFO)
    elif live:
        _log.use(_live_handler(), logging.WARNING)
    else:
        _log.use(_HeldWarnings(), logging.WARNING)


def live_log(level: int = logging.INFO) -> None:
    """Show the log as it happens from ``level`` on (a server's log is its output)."""
    verbose = _log.handler is not None and logging.getLogger().isEnabledFor(logging.INFO)
    _log.use(_live_handler(), min(level, logging.INFO) if verbose else level)


# -- the global options -----------------------------------------------------------------


def settings(ctx: click.Context) -> dict[str, Any]:
    """The global options of this run (``config``, ``verbose``), kept on the root context."""
    root = ctx.find_root()
    root.ensure_object(dict)
    return root.obj


def config_path(ctx: click.Context | None = None) -> Path:
    """The config file this run reads: ``--config`` wherever given, else the default."""
    return Path(settings(ctx or click.get_current_context())["config"])


def _later_config(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        settings(ctx)["config"] = value


def _later_verbose(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not settings(ctx).get("verbose"):
        settings(ctx)["verbose"] = True
        set_up_log(True)


def _shared_options() -> list[click.Option]:
    """``--config`` and ``-v`` as a subcommand takes them (after its name)."""
    return [
        click.Option(
            ["--config", "config_path"],
            metavar="FILE",
            expose_value=False,
            callback=_later_config,
            help="The config file, as --config before the command.",
        ),
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            expose_value=False,
            callback=_later_verbose,
            help="Log what happens on stderr.",
        ),
    ]


def _add_shared_options(command: click.Command) -> None:
    names = {p.name for p in command.params}
    command.params.extend(o for o in _shared_options() if o.name not in names)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _add_shared_options(sub)


class _SubGroup(click.Group):
    """A group under a ``CommandLine``: its commands get the shared options too."""

    group_class = type

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(cmd, name)
        _add_shared_options(cmd)


class CommandLine(click.Group):
    """The top group of a tillsync command line.

    It takes ``--config`` (default ``config_default``, or ``$config_envvar``) and ``-v``
    before the subcommand and gives every subcommand both; its errors become one line and
    a stable exit code (``report_error``). Called in standalone mode (the console script,
    ``CliRunner``) it exits; otherwise it returns the code. ``live_commands`` names the
    top-level commands that run until stopped, whose log shows as it happens.
    """

    group_class = _SubGroup

    def __init__(
        self,
        *args: Any,
        config_default: str,
        config_envvar: str,
        config_help: str,
        live_commands: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.live_commands = frozenset(live_commands)
        self.params[:0] = [
            click.Option(
                ["--config", "config_path"],
                metavar="FILE",
                default=config_default,
                show_default=True,
                envvar=config_envvar,
                expose_value=False,
                callback=self._first_config,
                help=f"{config_help} (also ${config_envvar}).",
            ),
            click.Option(
                ["-v", "--verbose"],
                is_flag=True,
                expose_value=False,
                callback=self._first_verbose,
                help="Log what happens on stderr.",
            ),
        ]

    @staticmethod
    def _first_config(ctx: click.Context, param: click.Parameter, value: str) -> None:
        settings(ctx)["config"] = value

    @staticmethod
    def _first_verbose(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        settings(ctx)["verbose"] = value

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(cmd, name)
        _add_shared_options(cmd)

    def invoke(self, ctx: click.Context) -> Any:
        args = [*ctx._protected_args, *ctx.args]
        live = bool(args) and args[0] in self.live_commands
        set_up_log(bool(settings(ctx).get("verbose")), live=live)
        return super().invoke(ctx)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = self._run(args, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        **extra: Any,
    ) -> int:
        code = EXIT_OK
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) else EXIT_OK
        except BaseException as exc:
            mapped = report_error(exc)
            if mapped is None:
                _log.end(failed=True)
                raise
            code = mapped
        _log.end(failed=code != EXIT_OK)
        return code
