"""`till demo`: the ERP, an FTP server, the gateway and a till on 127.0.0.1, in a scratch
folder, through one day of trading; a short story, then the checks it holds itself to.

    result = run_demo()          # the story on stdout
    result.ok, result.failed     # what did not hold, one sentence each
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from connectors.errors import BadInput
from standalone_till.demo.checks import DemoCounts, failed_checks
from standalone_till.demo.scenario import Demo, Story

__all__ = ["DemoCounts", "DemoResult", "failed_checks", "run_demo"]
DEMO_ITEMS = 5000


@dataclass(frozen=True)
class DemoResult:
    counts: DemoCounts
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    workdir: Path | None = None  # kept for a look afterwards; None when removed

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "failed": list(self.failed),
            "seconds": round(self.seconds, 1),
            "workdir": None if self.workdir is None else str(self.workdir),
            "counts": self.counts.as_dict(),
        }


def _scratch(workdir: Path | None) -> Path:
    if workdir is None:
        return Path(tempfile.mkdtemp(prefix="tillsync-demo-"))
    if workdir.exists() and any(workdir.iterdir()):
        raise BadInput(f"{workdir} is not empty: the demo needs an empty or new folder")
    workdir.mkdir(parents=True, exist_ok=True)
    return workdir.absolute()


def run_demo(
    workdir: Path | None = None,
    *,
    keep: bool = False,
    out: TextIO = sys.stdout,
    items: int = DEMO_ITEMS,
    quiet_logs: bool = True,
) -> DemoResult:
    """Run the demo in ``workdir`` (kept) or a temporary folder (removed unless ``keep``).

    ``quiet_logs`` hides the warnings the cut gateway is expected to cause (the story
    tells what happened). A step that cannot run raises ``Unavailable``.
    """
    folder = _scratch(workdir)
    kept = workdir is not None or keep
    story = Story(out)
    logger = logging.getLogger("tillsync")
    level = logger.level
    if quiet_logs:
        logger.setLevel(logging.ERROR)
    try:
        story.tell(f"tillsync demo in {folder}: ERP, FTP, gateway and till on 127.0.0.1")
        with ExitStack() as stack:
            counts = Demo(folder, story, stack, items).run()
    except BaseException:
        # what went wrong is in there (gateway.log, the till's database)
        story.tell(f"demo stopped; its folder is kept: {folder}")
        raise
    finally:
        logger.setLevel(level)
    failed = failed_checks(counts)
    for problem in failed:
        print(f"CHECK FAILED: {problem}", file=out, flush=True)
    story.tell(
        "demo finished: "
        + (f"{len(failed)} check(s) failed" if failed else "every check passed")
        + (f"; folder kept: {folder}" if kept or failed else "")
    )
    if not (kept or failed):
        shutil.rmtree(folder, ignore_errors=True)
    return DemoResult(counts, failed, story.elapsed, folder if kept or failed else None)
