"""Cashiers with known PINs for tests: their export rows (hashed once per run) and a clock
the tests move by hand."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from ftp_import.pins import hash_pin
from ftp_import.writer import ExportWriter

ANNE, PIOTR, SARA = "C01", "C02", "S01"  # cashier, cashier, supervisor
PINS = {ANNE: "1111", PIOTR: "2222", SARA: "9999"}
CASHIERS = (
    (ANNE, "Anne Martin", "cashier", "1"),
    (PIOTR, "Piotr Nowak", "cashier", "1"),
    (SARA, "Sara Supervisor", "supervisor", "1"),
)


@functools.cache
def pin_hash(code: str) -> str:
    return hash_pin(PINS[code], salt=code.encode().ljust(16, b"\0"))


def cashier_rows(*codes: str) -> list[tuple[str, ...]]:
    wanted = codes or tuple(c[0] for c in CASHIERS)
    return [(*c, pin_hash(c[0])) for c in CASHIERS if c[0] in wanted]


def write_cashiers_increment(
    folder: Path,
    sequence: int,
    upserts: list[tuple[str, ...]],
    deletes: tuple[str, ...] = (),
) -> Path:
    """Increment ``sequence`` (on ``sequence - 1``) with cashier upserts and tombstones."""
    with ExportWriter(folder, sequence, "incremental", base_sequence=sequence - 1) as w:
        w.write_rows(
            "cashiers",
            [("U", *row) for row in upserts] + [("D", code, "", "", "", "") for code in deletes],
        )
    return folder


class ManualClock:
    """A clock that moves only when told."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)
