"""Bad input, fuzzed: exports, configs, SOAP requests and replies, device frames, XML attacks.

Each target draws its cases with hypothesis (called directly, outside pytest) and feeds
them to the real product: the till's loader, its config reader and writers, a live
gateway over HTTP, the till's SOAP client against a server answering garbage, and the
device drivers over a scripted serial port. Every case is checked for the three
promises of bad input, and each violation is counted, never raised:

* no crash: only tillsync's own errors come out (no other exception, no HTTP 500, no
  dropped connection, no hang);
* no partial apply: after a refusal, what was stored is byte for byte what it was;
* a clear error: our error type, naming the file, key, field, operation or device.

``run`` returns one set of figures per target (``fuzz.<target>.cases`` and the three
counts) and ``fuzz.xml_attacks_accepted``; the atheris runs (long runs only) add theirs.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from fault_harness.fuzz.attacks import xml_attack_outcomes
from fault_harness.fuzz.common import Tally, debug_log, log
from fault_harness.fuzz.configs import fuzz_configs
from fault_harness.fuzz.devices import fuzz_devices
from fault_harness.fuzz.exports import _ExportLab, fuzz_exports
from fault_harness.fuzz.soap import (
    HttpReply,
    ReplyServer,
    SoapLab,
    fuzz_gateway_requests,
    fuzz_till_replies,
    post,
    request,
    till_replies,
)
from fault_harness.report import Figure

__all__ = [
    "HttpReply",
    "ReplyServer",
    "SoapLab",
    "Tally",
    "debug_log",
    "post",
    "request",
    "run",
    "till_replies",
]

# -- the run ------------------------------------------------------------------------------


# Cases of each target: (quick run, long run).
_BUDGETS = {
    "exports": (40, 600),
    "config": (60, 1500),
    "gateway_requests": (60, 1500),
    "till_replies": (50, 1000),
    "devices": (80, 3000),
}


def run(*, quick: bool, seed: int, workdir: Path, examples: int | None = None) -> list[Figure]:
    """Fuzz every target; ``examples`` overrides the per-target count of cases."""
    workdir.mkdir(parents=True, exist_ok=True)
    counts = {
        name: examples if examples is not None else (q if quick else full)
        for name, (q, full) in _BUDGETS.items()
    }
    tallies = {
        name: Tally(name, minimum=max(1, int(n * 0.8)), stateful=name != "devices")
        for name, n in counts.items()
    }
    figures: list[Figure] = []
    started = time.monotonic()
    with debug_log(workdir / "logs" / "fuzz.log"), contextlib.ExitStack() as stack:
        exports = _ExportLab(workdir / "exports")
        stack.callback(exports.close)
        fuzz_exports(exports, tallies["exports"], counts["exports"], seed)
        fuzz_configs(workdir / "config", tallies["config"], counts["config"], seed + 1)
        soap = SoapLab(workdir / "soap")
        stack.callback(soap.close)
        fuzz_gateway_requests(
            soap, tallies["gateway_requests"], counts["gateway_requests"], seed + 2
        )
        fuzz_till_replies(soap, tallies["till_replies"], counts["till_replies"], seed + 3)
        fuzz_devices(tallies["devices"], counts["devices"], seed + 4)
        attacks = xml_attack_outcomes(soap, workdir / "xml")
    for tally in tallies.values():
        figures += tally.figures()
    accepted = [f"{a.name} at {a.side} ({a.why})" for a in attacks if a.accepted]
    figures.append(
        Figure(
            "fuzz.xml_attacks_accepted",
            len(accepted),
            0,
            note="; ".join(accepted[:3]) or f"{len(attacks)} attacks refused",
        )
    )
    figures.append(Figure("fuzz.xml_attacks.cases", len(attacks), 20, ">="))
    from fault_harness.security import scan_logs

    leaks = scan_logs(workdir)
    shown = "; ".join(f"{p.name}: {secret[:6]}..." for p, secret in leaks[:3])
    figures.append(Figure("fuzz.secret_leaks_in_logs", len(leaks), 0, note=shown))
    if not quick:
        from fault_harness import fuzz_atheris

        figures += fuzz_atheris.run_all(workdir / "atheris", seconds=60, seed=seed)
    log.info("fuzz run done in %.1f s", time.monotonic() - started)
    return figures
