"""The two loads as the screen runs them on a worker, reporting progress by phase:
the download (when from the server) then the apply. Cancel works through the report:
it raises, the download stops (it resumes next time) or the load's transaction rolls
back, leaving the catalog as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from standalone_till.loading import CatalogState, LoadResult
from standalone_till.service import Till


class Phase(StrEnum):
    DOWNLOAD = "download"  # bytes of the file being fetched
    APPLY = "apply"  # rows of the export


Report = Callable[[Phase, int, int], None]  # may raise to stop the load


@dataclass(frozen=True)
class LoadOutcome:
    result: LoadResult
    state: CatalogState


def load_data(
    till: Till, folder: Path | None, report: Report, *, allow_older: bool = False
) -> LoadOutcome:
    """The newest full export, from ``folder`` or the configured server; one older than
    the catalog raises OlderExportError unless ``allow_older``."""
    till.require_ready()
    result = till.load_data(folder, *_reports(report), allow_older=allow_older)
    return LoadOutcome(result, till.catalog_state())


def load_changes(till: Till, folder: Path | None, report: Report) -> LoadOutcome:
    """Every increment after the catalog's sequence, in order."""
    till.require_ready()
    result = till.load_changes(folder, *_reports(report))
    return LoadOutcome(result, till.catalog_state())


def _reports(report: Report) -> tuple[Callable[[int, int], None], Callable[[int, int], None]]:
    return (
        lambda done, total: report(Phase.APPLY, done, total),
        lambda done, total: report(Phase.DOWNLOAD, done, total),
    )
