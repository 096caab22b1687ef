"""What the crash scenarios run in the processes they SIGKILL, and how those start fast.

Each kill needs a fresh process, and starting Python with the till imported takes about
a second. So the harness starts this module once as a *zygote* (``python -m
fault_harness.crash_workers``): it imports the till, its agent, zeep and SQLAlchemy,
then reads one JSON job per line on stdin, forks a worker for it and answers the
worker's pid. A worker is running a few milliseconds after it was asked for.

Every worker first connects to the harness's report port on 127.0.0.1 and says
``pid N``; it then reports one short line per event. A line is written by a single
``send`` before the worker goes on, so a line the harness reads was sent in full before
the kill, and the end of the stream tells that the worker is gone.

Jobs:

* ``close_tickets``: closes tickets in a loop, with returns and cash movements between
  them; reports each id once it is stored (``m:ID`` for a movement).
* ``close_days``: day after day, two sales, a cash in, the day closed and its Z (the
  kills land in signing and in the closure).
* ``load``: "Load data" or "Load changes" through the till's service; reports ``start``
  and ``done`` around the call, so a kill is known to have hit a running load.
* ``till``: the ``till`` command line itself (``till agent``...), in the worker.

The harness's side is ``Zygote`` (start it once, ``start`` a job, ``till_exec`` the
console script for comparison) and ``Worker`` (read the reports, ``kill`` with SIGKILL
through a pidfd, so a pid reused after the worker died is never hit).

Linux only (fork, pidfd): the harness is a test tool; the till itself never forks.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from fault_harness import ROOT, child_env
from standalone_till import till_documents
from standalone_till.cash import CashKind
from standalone_till.cli import cli
from standalone_till.config import load_config
from standalone_till.model import PaymentMethod
from standalone_till.service import Till

# Imported by the zygote before it forks, so that no worker pays for them.
PRELOAD = (
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "standalone_till.sync.agent",
    "ticket_contract.client",
)
for _module in PRELOAD:
    importlib.import_module(_module)

WAIT = 30.0  # longest wait for a worker's event, in seconds

# -- the harness's side: start a worker, read its reports, kill it -----------------------


class Worker:
    """A worker process the harness may SIGKILL; reads its report lines."""

    def __init__(self, pid: int, stream: socket.socket | None, name: str) -> None:
        self.pid = pid
        self.name = name
        self.pidfd = os.pidfd_open(pid)
        self.lines: list[str] = []
        self.ended = threading.Event()
        self._changed = threading.Condition()
        self._reader: threading.Thread | None = None
        if stream is not None:
            self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
            self._reader.start()

    def _read(self, stream: socket.socket) -> None:
        with stream, stream.makefile("rb") as f:
            for raw in f:
                if raw.endswith(b"\n"):  # a line cut by the kill was never reported
                    with self._changed:
                        self.lines.append(raw[:-1].decode())
                        self._changed.notify_all()
        with self._changed:
            self.ended.set()
            self._changed.notify_all()

    def wait_line(self, text: str, timeout: float = WAIT) -> bool:
        """Wait until the worker reported ``text`` (False: it ended or time ran out)."""
        with self._changed:
            self._changed.wait_for(lambda: text in self.lines or self.ended.is_set(), timeout)
            return text in self.lines

    def wait_lines(self, count: int, timeout: float = WAIT) -> bool:
        """Wait until the worker reported ``count`` lines."""
        with self._changed:
            self._changed.wait_for(lambda: len(self.lines) >= count or self.ended.is_set(), timeout)
            return len(self.lines) >= count

    def exited(self) -> bool:
        return bool(select.select([self.pidfd], [], [], 0)[0])

    def send(self, sig: int) -> bool:
        """Send ``sig``; False when the process had already exited."""
        if self.exited():
            return False
        try:
            signal.pidfd_send_signal(self.pidfd, sig)
        except ProcessLookupError:
            return False
        return True

    def kill(self) -> bool:
        """SIGKILL, then wait until it is gone; True when it was still running."""
        running = self.send(signal.SIGKILL)
        self.wait_gone()
        return running

    def wait_gone(self, timeout: float = WAIT) -> bool:
        gone = bool(select.select([self.pidfd], [], [], timeout)[0])
        if gone and self._reader is not None:
            self._reader.join(timeout)
        return gone

    def close(self) -> None:
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1


class ExecWorker(Worker):
    """The console script in its own process (started by us: we reap it)."""

    def __init__(self, proc: subprocess.Popen[bytes], name: str) -> None:
        super().__init__(proc.pid, None, name)
        self.proc = proc

    def wait_gone(self, timeout: float = WAIT) -> bool:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout)
        return self.proc.poll() is not None


class Zygote:
    """``python -m fault_harness.crash_workers``: forks a worker per job, in milliseconds."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        logs.mkdir(parents=True, exist_ok=True)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(WAIT)
        self._stderr = (logs / "zygote.log").open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "fault_harness.crash_workers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=child_env(),
            cwd=ROOT,
        )
        self.till_script = Path(sys.executable).parent / "till"
        self._workers: list[Worker] = []

    def start(self, name: str, args: Sequence[Any], log_name: str) -> Worker:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        job = {
            "name": name,
            "args": list(args),
            "log": str(self.logs / log_name),
            "port": self.listener.getsockname()[1],
        }
        self.proc.stdin.write(json.dumps(job).encode() + b"\n")
        self.proc.stdin.flush()
        pid = int(self.proc.stdout.readline() or b"0")
        if not pid:
            raise RuntimeError(f"the crash zygote died: see {self.logs / 'zygote.log'}")
        stream, _ = self.listener.accept()
        hello = b""
        while not hello.endswith(b"\n") and len(hello) < 64:
            hello += stream.recv(1) or b"\n"
        if hello != f"pid {pid}\n".encode():
            stream.close()
            raise RuntimeError(f"worker {pid} said {hello!r}")
        worker = Worker(pid, stream, name)
        self._workers = [w for w in self._workers if w.pidfd >= 0] + [worker]
        return worker

    def till_exec(self, args: Sequence[str], env: dict[str, str], log_name: str) -> Worker:
        """``till ARGS`` started as the console script, as an administrator would."""
        out = (self.logs / log_name).open("ab")
        proc = subprocess.Popen(
            [str(self.till_script), *args], stdout=out, stderr=out, env={**os.environ, **env}
        )
        out.close()
        worker = ExecWorker(proc, "till " + " ".join(args))
        self._workers = [w for w in self._workers if w.pidfd >= 0] + [worker]
        return worker

    def close(self) -> None:
        for worker in self._workers:  # left running by a scenario that failed
            if worker.pidfd >= 0:
                worker.kill()
                worker.close()
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._stderr.close()
        self.listener.close()


# -- the worker's side ---------------------------------------------------------------


class Report:
    """The worker's line to the harness; the worker ends when the harness is gone."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.say(f"pid {os.getpid()}")
        threading.Thread(target=self._orphaned, name="report-watch", daemon=True).start()

    def _orphaned(self) -> None:
        # The harness never writes: the end of the stream means it died or gave up.
        with contextlib.suppress(OSError):
            self.sock.recv(1)
        os._exit(3)

    def say(self, text: str) -> None:
        self.sock.sendall(text.encode() + b"\n")


def close_tickets(report: Report, config: str, codes: Sequence[str]) -> None:
    """Close tickets of ``codes`` paid by card, forever, each id reported once stored;
    after every third sale a return of one unit of it (a ticket too), after the next a
    cash in (reported ``m:ID``)."""
    till = Till(load_config(Path(config)))
    report.say("ready")
    for n in itertools.count():
        sale = till.new_sale()
        for code in codes:
            sale.scan(code)
        sale.pay(PaymentMethod.CARD)
        sold = sale.close()
        report.say(sold.id or "")
        if n % 3 == 1:
            back, _ = till_documents.take_return(till, sold.id, [(codes[0], Decimal(1))])
            report.say(back.id)
        elif n % 3 == 2:
            moved = till_documents.move_cash(
                till, CashKind.CASH_IN, Decimal("1.00"), reason="crash"
            )
            report.say(f"m:{moved.movement.id}")


def close_days(report: Report, config: str, codes: Sequence[str]) -> None:
    """Trade day after day (days of 2040 onwards, after the journal's latest): two sales,
    a cash in, the day closed and its Z, each id reported once stored (``m:ID`` for a
    movement, ``z:ID`` for a closure): kills land in signing and in the closure."""
    import datetime as dt

    till = Till(load_config(Path(config)))
    report.say("ready")
    latest = till.journal.day_state().day or dt.date(2040, 1, 1)  # prices hold by then
    for offset in itertools.count(1):
        day = latest + dt.timedelta(days=offset)
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        for minute in range(2):
            sale = till.new_sale(noon + dt.timedelta(minutes=minute))
            for code in codes:
                sale.scan(code)
            sale.pay(PaymentMethod.CARD)
            report.say(sale.close().id or "")
        moved = till_documents.move_cash(
            till, CashKind.CASH_IN, Decimal("1.00"), reason="crash", now=noon
        )
        report.say(f"m:{moved.movement.id}")
        till.journal.close_day(noon + dt.timedelta(hours=1))
        z = till.journal.closure(noon + dt.timedelta(hours=2))
        report.say(f"z:{z.closure_id}")


def load(report: Report, config: str, kind: str, source: str) -> None:
    """One "Load data" (``kind="full"``) or "Load changes" from the folder ``source``."""
    till = Till(load_config(Path(config)))
    report.say("start")
    if kind == "full":
        till.load_data(source, allow_older=True)  # from 3 back to full export 1
    else:
        till.load_changes(source)
    report.say("done")
    till.close()


def till(report: Report, args: Sequence[str], env: dict[str, str]) -> None:
    """``till ARGS`` as the console script runs it."""
    os.environ.update(env)
    cli.main(args=list(args), prog_name="till")


JOBS: dict[str, Callable[..., None]] = {
    "close_tickets": close_tickets,
    "close_days": close_days,
    "load": load,
    "till": till,
}


def _run_worker(job: dict[str, object]) -> int:
    """In the forked child: output to the job's log, run it, exit without cleanup."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    log = os.open(str(job["log"]), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    try:
        report = Report(int(job["port"]))  # type: ignore[call-overload]
        JOBS[str(job["name"])](report, *job["args"])  # type: ignore[misc]
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        return 1
    return 0


def main() -> None:
    """The zygote: one JSON job per line in, one pid per line out, until stdin closes."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped as they die
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = _run_worker(job)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
