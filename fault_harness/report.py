"""Figures measured by the fault harness, and the table and JSON they are printed as."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Compare = Literal["==", "<=", ">=", "info"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured number and the goal it is held to.

    ``Figure("crash.tickets_lost", 0, goal=0)`` means: measured 0, goal "== 0".
    ``compare="info"`` is a figure shown for understanding (a time on a shared machine),
    held to no goal.
    """

    name: str
    value: float
    goal: float
    compare: Compare = "=="
    unit: str = ""
    note: str = ""

    @property
    def met(self) -> bool:
        if self.compare == "info":
            return True
        if self.compare == "==":
            return self.value == self.goal
        if self.compare == "<=":
            return self.value <= self.goal
        return self.value >= self.goal


def table(figures: Sequence[Figure]) -> str:
    """A fixed-width table: figure, value, goal, met, note."""
    rows = [("figure", "value", "goal", "met", "note")]
    for f in figures:
        value = f"{f.value:g}{f.unit}"
        if f.compare == "info":
            rows.append((f.name, value, "-", "-", f.note))
            continue
        goal = f"{f.compare} {f.goal:g}{f.unit}"
        rows.append((f.name, value, goal, "yes" if f.met else "NO", f.note))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for r in rows:
        cells = [r[i].ljust(widths[i]) for i in range(4)]
        lines.append("  ".join(cells) + ("  " + r[4] if r[4] else ""))
    return "\n".join(lines)


def summary_json(figures: Sequence[Figure], **extra: object) -> str:
    """One JSON object: every figure by name (value, goal, met), ``met`` for all of them."""
    out: dict[str, object] = dict(extra)
    out["figures"] = {
        f.name: {k: v for k, v in asdict(f).items() if k not in ("name", "note")} | {"met": f.met}
        for f in figures
    }
    out["met"] = bool(figures) and all(f.met for f in figures)
    return json.dumps(out, sort_keys=False)
