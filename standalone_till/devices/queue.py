"""The print queue: every job is stored before it is printed, and retried until it is.

The ticket itself is already durable in the journal when its jobs arrive here; the queue
keeps the jobs too, so a printer that is off or out of paper, or a restart of the till,
never loses a receipt. Jobs of one printer print in the order they came; a job the
printer refused stays stored, marked refused, until ``requeue``.

One process owns the printers: printing is serialised by a lock in this object.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from connectors.errors import Unavailable
from connectors.serial import DeviceError, DeviceFrameError
from connectors.sql import database_errors
from standalone_till.devices.errors import PrinterRefused
from standalone_till.devices.jobs import PrintJob, job_document, job_from_document
from standalone_till.devices.printers import ReceiptPrinter, print_job
from standalone_till.devices.queue_schema import PENDING, PRINTED, REFUSED, print_jobs
from standalone_till.devices.routing import SLIP

log = logging.getLogger("tillsync.devices")
Clock = Callable[[], dt.datetime]
J = print_jobs.c


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What happened to one job; ``message`` is for the cashier when it did not print."""

    job_id: str
    printer: str
    state: str  # printed | pending (queued, retried) | refused (kept, needs a look)
    message: str | None = None

    @property
    def printed(self) -> bool:
        return self.state == PRINTED


@dataclass(frozen=True, slots=True)
class QueuedJob:
    job: PrintJob
    state: str
    attempts: int
    last_error: str | None


class PrintQueue:
    def __init__(
        self, engine: Engine, printers: Mapping[str, ReceiptPrinter], *, clock: Clock = _utcnow
    ) -> None:
        self.engine = engine
        self.printers = dict(printers)
        self._clock = clock
        self._lock = threading.Lock()

    # ---- storing ---------------------------------------------------------------------

    def submit(self, jobs: Sequence[PrintJob]) -> list[PrintOutcome]:
        """Store ``jobs`` (once: a resubmission is ignored), then print what waits.

        Returns the outcome of each of ``jobs``; those not printed stay queued.
        """
        self._store(jobs)
        wanted = {j.job_id for j in jobs}
        outcomes = {o.job_id: o for o in self.retry_pending() if o.job_id in wanted}
        return [outcomes.get(j.job_id) or self._outcome_of_stored(j) for j in jobs]

    def _store(self, jobs: Sequence[PrintJob]) -> None:
        now = self._clock()
        with database_errors(self.engine), self.engine.begin() as conn:
            known = set(
                conn.execute(sa.select(J.id).where(J.id.in_([j.job_id for j in jobs]))).scalars()
            )
            rows = [_row(j, now) for j in jobs if j.job_id not in known]
            if rows:
                conn.execute(print_jobs.insert(), rows)

    def _outcome_of_stored(self, job: PrintJob) -> PrintOutcome:
        with database_errors(self.engine), self.engine.connect() as conn:
            row = conn.execute(sa.select(J.state, J.last_error).where(J.id == job.job_id)).one()
        return PrintOutcome(job.job_id, job.printer, row.state, row.last_error)

    # ---- printing --------------------------------------------------------------------

    def retry_pending(self) -> list[PrintOutcome]:
        """Print every pending job, oldest first; a printer that fails is left for later."""
        with self._lock:
            outcomes: list[PrintOutcome] = []
            blocked: dict[str, str] = {}
            for job in self._pending_jobs():
                if job.printer in blocked:
                    outcomes.append(
                        PrintOutcome(job.job_id, job.printer, PENDING, blocked[job.printer])
                    )
                    continue
                outcome = self._print(job)
                outcomes.append(outcome)
                if outcome.state == PENDING and outcome.message:
                    blocked[job.printer] = outcome.message
            return outcomes

    def _pending_jobs(self) -> list[PrintJob]:
        query = (
            sa.select(J.document)
            .where(J.state == PENDING)
            .order_by(J.created_at, J.ticket_id, J.part)
        )
        with database_errors(self.engine), self.engine.connect() as conn:
            return [job_from_document(json.loads(doc)) for doc in conn.execute(query).scalars()]

    def _print(self, job: PrintJob) -> PrintOutcome:
        printer = self.printers.get(job.printer)
        if printer is None:
            return self._failed(job, PENDING, _not_configured(job.printer))
        try:
            print_job(printer, job)
        except DeviceError as exc:
            return self._failed(job, PENDING, f"{exc.device}: {exc.reason}, receipt queued")
        except DeviceFrameError as exc:  # a noisy line: worth trying again later
            return self._failed(job, PENDING, f"{exc.device}: {exc.what}, receipt queued")
        except PrinterRefused as exc:
            message = f"{exc.device}: {exc.reason}; receipt not printed, kept in the print queue"
            return self._failed(job, REFUSED, message)
        self._record(job, PRINTED, None)
        return PrintOutcome(job.job_id, job.printer, PRINTED)

    def _failed(self, job: PrintJob, state: str, message: str) -> PrintOutcome:
        log.warning("%s", message)
        self._record(job, state, message)
        return PrintOutcome(job.job_id, job.printer, state, message)

    def _record(self, job: PrintJob, state: str, error: str | None) -> None:
        now = self._clock()
        values: dict[str, object] = {
            "state": state,
            "attempts": J.attempts + 1,
            "last_attempt_at": now,
            "last_error": error,
        }
        if state == PRINTED:
            values["printed_at"] = now
        with database_errors(self.engine), self.engine.begin() as conn:
            conn.execute(print_jobs.update().where(J.id == job.job_id).values(**values))

    # ---- looking and fixing ----------------------------------------------------------

    def waiting(self) -> list[QueuedJob]:
        """Jobs not printed yet (pending or refused), oldest first."""
        query = (
            sa.select(J.document, J.state, J.attempts, J.last_error)
            .where(J.state != PRINTED)
            .order_by(J.created_at, J.ticket_id, J.part)
        )
        with database_errors(self.engine), self.engine.connect() as conn:
            return [
                QueuedJob(
                    job_from_document(json.loads(r.document)), r.state, r.attempts, r.last_error
                )
                for r in conn.execute(query)
            ]

    def requeue(self, job_id: str) -> None:
        """Put a refused job back in line (after fixing the printer's set-up)."""
        with database_errors(self.engine), self.engine.begin() as conn:
            conn.execute(
                print_jobs.update().where(J.id == job_id, J.state == REFUSED).values(state=PENDING)
            )


def _not_configured(role: str) -> str:
    if role == SLIP:
        return (
            "no non-fiscal printer for return slips and copies (a fiscal printer does not"
            " print them): set devices.slip_printer_port (ESC/POS); slip queued"
        )
    return f"printer {role}: not configured, receipt queued"


def _row(job: PrintJob, now: dt.datetime) -> dict[str, object]:
    return {
        "id": job.job_id,
        "ticket_id": job.ticket_id,
        "printer": job.printer,
        "part": job.part,
        "state": PENDING,
        "document": json.dumps(job_document(job), sort_keys=True),
        "created_at": now,
        "attempts": 0,
    }


class PrintRetrier:
    """Retries the queue every ``interval`` seconds in a thread, until ``stop``."""

    def __init__(
        self,
        queue: PrintQueue,
        interval: float,
        on_outcome: Callable[[PrintOutcome], None] | None = None,
    ) -> None:
        self.queue = queue
        self.interval = interval
        self.on_outcome = on_outcome
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="print-retrier", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.run_once()

    def run_once(self) -> None:
        # Guarded: an error here must not end the retries; the jobs stay stored.
        try:
            outcomes = self.queue.retry_pending()
        except Unavailable as exc:
            log.warning("print queue: %s", exc)
            return
        except Exception:
            log.exception("print queue retry failed (bug)")
            return
        for outcome in outcomes:
            if self.on_outcome is not None:
                self.on_outcome(outcome)
