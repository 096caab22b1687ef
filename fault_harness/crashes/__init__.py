"""Crashes: SIGKILL at random points in ticket close, upload, answer processing and import.

Four kinds of kill, on real processes and real SQLite files (a quarter of the ticket
close and import kills on PostgreSQL when the tests' server answers), the gateway real
(waitress on 127.0.0.1, SQLite) in this process:

* **ticket close**: a worker closes tickets in a loop, a return and a cash movement
  between them, and reports each id once stored; it is killed after a random delay.
  Every reported ticket and movement must be in the journal, whole, with its outbox
  entry; numbering (tickets and returns, and each day's movements) must have no gap; no
  return gives back more than its original sold.
* **upload**: a real ``till agent`` sends its outbox through a tap on loopback and is
  killed mid-send: the request cut after a random share of its bytes, the gateway's
  reply swallowed (it has the batch, the till has no answer), or a random moment.
* **answer processing**: the agent is killed once the gateway's reply reached it, a
  few random milliseconds into reading and recording it, or while it waits for the
  journal's write lock (held here) to record it.
* **import**: "Load data" / "Load changes" in a worker, killed a random time into the
  load. The catalog (a digest of what the till sells from) must be exactly the state
  before or after an export, the state the catalog says it is at; a rerun must
  complete.

After every kill ``PRAGMA integrity_check`` and ``foreign_key_check`` run on every
SQLite file of both sides (on PostgreSQL: a query for rows whose ticket is missing).
While an agent runs, the till keeps selling on a thread here. After the last upload
kill a real agent drains the outbox: every ticket must be at the gateway exactly once, and
every cash movement (a safe drop after each batch sold) too.

Workers are forked by ``crash_workers.Zygote`` (milliseconds instead of a second per
start); every 50th agent is the ``till`` console script itself. The schedule (order,
modes, delays) comes from ``random.Random`` seeded with ``seed``; what a delay hits
depends on timing. Worker logs, the zygote's log and one JSON line per kill
(``kills.log``) go under ``workdir``.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from fault_harness.crashes.close import _ticket_close
from fault_harness.crashes.common import KINDS, LONG_KILLS, QUICK_KILLS, Tally, _Scene
from fault_harness.crashes.gateway import gateway_kills
from fault_harness.crashes.imports import _imports
from fault_harness.crashes.uplink import _uplink
from fault_harness.report import Figure

__all__ = ["KINDS", "run"]


def _split(total: int) -> dict[str, int]:
    share, extra = divmod(total, len(KINDS))
    return {kind: share + (1 if i < extra else 0) for i, kind in enumerate(KINDS)}


def run(*, quick: bool, seed: int, workdir: Path, kills: int | None = None) -> list[Figure]:
    """Kill ``kills`` workers (quick: 32, long: 1,000), spread over the four kinds; then
    kill the gateway itself an eighth as many times (at least 4) while a till drains."""
    total = kills if kills is not None else (QUICK_KILLS if quick else LONG_KILLS)
    workdir.mkdir(parents=True, exist_ok=True)
    tally = Tally(_split(total))
    scene = _Scene(workdir, tally)
    started = time.monotonic()
    try:
        for name, scenario in (
            ("ticket_close", _ticket_close),
            ("upload", _uplink),
            ("import", _imports),
        ):
            began = time.monotonic()
            scenario(scene, random.Random(f"{seed}:{name}"))
            tally.seconds[name] = time.monotonic() - began
        began = time.monotonic()
        server = gateway_kills(workdir, random.Random(f"{seed}:gateway"), max(4, total // 8))
        tally.seconds["gateway"] = time.monotonic() - began
    finally:
        scene.close()
    tally.seconds["total"] = time.monotonic() - started
    return _figures(tally) + server.figures()


def _kill_note(t: Tally, kind: str) -> str:
    note = "SIGKILLs that hit the work"
    if kind == "upload":
        note += f"; {t.exec_agents} agents run as the `till` console script"
    if kind in ("ticket_close", "import"):
        pg = t.on_postgresql.get(kind)
        note += "; PostgreSQL unreachable: SQLite only" if pg is None else f"; {pg} on PostgreSQL"
    return note


def _figures(t: Tally) -> list[Figure]:
    done = sum(t.kills.values())
    per_kill = t.cycle_seconds / t.cycles if t.cycles else float("inf")
    note_integrity = "; ".join(t.integrity[:3])
    figures = [
        Figure(f"crash.kills.{k}", t.kills[k], t.planned[k], ">=", note=_kill_note(t, k))
        for k in KINDS
    ]
    figures += [
        Figure(
            "crash.tickets_reported_closed",
            t.tickets_reported,
            t.planned["ticket_close"],
            ">=",
            note="by workers then killed",
        ),
        Figure(
            "crash.tickets_lost",
            t.tickets_lost,
            0,
            note="reported closed, not whole in the journal",
        ),
        Figure("crash.tickets_torn", len(t.torn), 0, note="not whole, or outbox and sync disagree"),
        Figure("crash.ticket_number_gaps", t.gaps, 0),
        Figure(
            "crash.chain_breaks",
            len(t.chain_breaks),
            0,
            note="till verify after each kill: " + "; ".join(t.chain_breaks[:3]),
        ),
        Figure("crash.chain_forks", t.chain_forks, 0, note="two entries on one predecessor"),
        Figure(
            "crash.returns_stored",
            t.returns_stored,
            1,
            ">=",
            note="returns closed between the sales (tickets: counted above)",
        ),
        Figure("crash.returns_over", t.returns_over, 0, note="lines given back more than sold"),
        Figure(
            "crash.cash_movements_reported",
            t.movements_reported,
            1,
            ">=",
            note="stored by workers then killed",
        ),
        Figure(
            "crash.cash_movements_lost",
            t.movements_lost,
            0,
            note="reported stored, not in the journal with its outbox entry",
        ),
        Figure("crash.documents_torn", len(t.documents_torn), 0, note="outbox and sync disagree"),
        Figure("crash.cash_movement_number_gaps", t.document_gaps, 0),
        Figure("crash.tickets_duplicated_at_gateway", t.duplicated, 0),
        Figure(
            "crash.cash_movements_uploaded",
            t.documents_uploaded,
            1,
            ">=",
            note="by the killed agents, then the final drain",
        ),
        Figure("crash.cash_movements_duplicated_at_gateway", t.documents_duplicated, 0),
        Figure(
            "crash.cash_movements_lost_upload",
            t.documents_lost_upload,
            0,
            note="after the final drain",
        ),
        Figure("crash.tickets_lost_upload", t.lost_upload, 0, note="after the final drain"),
        Figure("crash.tickets_quarantined", t.quarantined, 0, note="a resend taken as a mismatch"),
        Figure(
            "crash.resends_answered_duplicate",
            t.duplicate_answers,
            1,
            ">=",
            note="the lost-answer window was hit",
        ),
        Figure("crash.half_applied_imports", t.half_applied, 0),
        Figure("crash.import_reruns_failed", t.reruns_failed, 0),
        Figure("crash.integrity_failures", len(t.integrity), 0, note=note_integrity),
        Figure("crash.integrity_checks", t.checks, done, ">=", note="one round per kill"),
        Figure("crash.worker_failures", t.worker_failures, 0, note="workers that died unkilled"),
        Figure(
            "crash.seconds_per_kill",
            round(per_kill, 3),
            0,
            "info",
            unit="s",
            note=f"a cycle: start, kill, check; {t.misses} late kills redone; wall: "
            + ", ".join(f"{k} {v:.0f} s" for k, v in t.seconds.items()),
        ),
    ]
    return figures
