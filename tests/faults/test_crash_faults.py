"""Promises 1, 3, 4 and 8 under SIGKILL: a few dozen kills in ticket close (with returns
and cash movements between the sales, and day closures on a till of its own: the kills
land in signing and in the closure, and `till verify` holds after each), upload, answer processing and import, and of the
gateway itself (``fault_harness.crashes``), on real processes, real SQLite files (and
PostgreSQL when it answers) and the gateway over HTTP. Nothing lost, doubled, torn or
half applied; every database passes its integrity check after every kill; and the kills
really hit the work they aimed at."""

from __future__ import annotations

from pathlib import Path

from fault_harness import crashes
from fault_harness.report import table

KILLS = 32  # eight of each kind
# How fast a kill cycle runs depends on the machine's load, not on the product.
TIMING = {"crash.seconds_per_kill"}


def test_sigkill_loses_doubles_tears_and_half_applies_nothing(tmp_path: Path) -> None:
    figures = crashes.run(quick=True, seed=20261121, workdir=tmp_path, kills=KILLS)
    shown = table(figures)
    found = {f.name: f for f in figures}
    for kind in crashes.KINDS:
        assert found[f"crash.kills.{kind}"].value >= KILLS // 4, shown
    for name in (
        "crash.tickets_lost",
        "crash.tickets_torn",
        "crash.ticket_number_gaps",
        "crash.chain_breaks",
        "crash.chain_forks",
        "crash.returns_over",
        "crash.cash_movements_lost",
        "crash.documents_torn",
        "crash.cash_movement_number_gaps",
        "crash.tickets_duplicated_at_gateway",
        "crash.cash_movements_duplicated_at_gateway",
        "crash.cash_movements_lost_upload",
        "crash.tickets_lost_upload",
        "crash.tickets_quarantined",
        "crash.half_applied_imports",
        "crash.import_reruns_failed",
        "crash.integrity_failures",
        "crash.gateway_tickets_lost",
        "crash.gateway_tickets_duplicated",
        "crash.gateway_tickets_torn",
        "crash.gateway_integrity_failures",
    ):
        assert found[name].value == 0, shown
    assert found["crash.kills.gateway"].value >= 4, shown
    missed = [f.name for f in figures if not f.met and f.name not in TIMING]
    assert not missed, shown
