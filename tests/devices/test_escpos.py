"""ESC/POS slips on a simulated printer: the exact bytes, and paper out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from connectors.serial import SerialLink
from connectors.sql import make_engine, sqlite_url
from devices.simulators import EscPosSimulator, wait_until
from devices.tickets import BREAD, NOON, closed
from standalone_till.devices import MAIN, PrintQueue, print_job, split_ticket
from standalone_till.devices.escpos import EscPosPrinter, code128_fits
from standalone_till.devices.queue_schema import print_jobs
from standalone_till.model import PaymentMethod
from standalone_till.sales import add_line, add_payment, open_ticket

D = Decimal
LETTERS = {D("23"): "A", D("8"): "B", D("5"): "C", D("0"): "D"}


@pytest.fixture
def sim(simulator: Callable[..., EscPosSimulator]) -> EscPosSimulator:
    return simulator(EscPosSimulator, "ttySlip")


@pytest.fixture
def printer(sim: EscPosSimulator, link: Callable[..., SerialLink]) -> EscPosPrinter:
    return EscPosPrinter(link(sim, "printer main", timeout=0.3), letters=LETTERS)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    made = make_engine(sqlite_url(tmp_path / "journal.db"))
    print_jobs.create(made)
    yield made
    made.dispose()


def bread_job():  # two loaves, paid 20.00 cash
    t = add_line(open_ticket("S001", "T01", now=NOON), BREAD, D("2"))
    (job,) = split_ticket(closed(add_payment(t, PaymentMethod.CASH, D("20.00"))))
    return job


def row(left: str, right: str) -> bytes:
    return f"{left:<{41 - len(right)}} {right}\n".encode("cp852")


def test_the_slip_bytes(printer: EscPosPrinter, sim: EscPosSimulator) -> None:
    print_job(printer, bread_job())
    expected = b"".join(
        [
            b"\x1b@",  # ESC @ initialise
            b"\x1bt\x12",  # ESC t 18: PC852 (Latin 2)
            b"\x1bE\x01\x1ba\x01NON-FISCAL SLIP\n\x1bE\x00\x1ba\x00",  # bold, centre
            b"Chleb \xbeytni\n",  # ż is 0xBE in PC852
            row("  2 x 5.49", "10.98 C"),
            b"-" * 42 + b"\n",
            b"\x1bE\x01" + row("TOTAL", "10.98") + b"\x1bE\x00",
            row("Cash", "20.00"),
            row("Change", "9.02"),
            b"Ref T01/17/1\n",
            # the receipt code as Code 128: centred (ESC a 1), height 64 (GS h), module
            # 2 dots (GS w), HRI font A (GS f 0) below (GS H 2), GS k 73 n "{B" data
            b"\x1ba\x01\x1dh\x40\x1dw\x02\x1df\x00\x1dH\x02",
            b"\x1dkI\x16{BS001/T01/20260615/17\n",
            b"\x1ba\x00",
            b"\x1bd\x04",  # ESC d 4: feed four lines
            b"\x1dVB\x00",  # GS V 66 0: feed to the cutter and cut
        ]
    )
    assert wait_until(lambda: sim.slips)
    assert sim.slips == [expected]
    # the status queries came first: DLE EOT 1, 2 and 4
    assert sim.received.startswith(b"\x10\x04\x01\x10\x04\x02\x10\x04\x04")


def test_paper_end_keeps_the_slip_queued(
    printer: EscPosPrinter, sim: EscPosSimulator, engine: sa.Engine
) -> None:
    sim.paper_end = True
    queue = PrintQueue(engine, {MAIN: printer})
    (outcome,) = queue.submit([bread_job()])
    assert outcome.message == "printer main: out of paper, receipt queued"
    assert printer.status().paper_out
    sim.paper_end = False
    (done,) = queue.retry_pending()
    assert done.printed


def test_cover_open_is_a_mechanism_error(printer: EscPosPrinter, sim: EscPosSimulator) -> None:
    sim.cover_open = True
    status = printer.status()
    assert status.error and not status.paper_out
    assert status.problem == "mechanism error (cover open or paper jam?)"


# ---- the commands python-escpos writes, checked against the ESC/POS reference ------------


def test_the_drawer_kick_bytes(printer: EscPosPrinter, sim: EscPosSimulator) -> None:
    printer.open_drawer()
    # ESC p m t1 t2: pin 2 (m = 0), on 50 x 2 ms, off 50 x 2 ms
    assert wait_until(lambda: sim.printed == bytearray(b"\x1bp\x00\x32\x32"))
    assert sim.kicks == [0]


def test_a_code_too_wide_for_code128_is_a_qr_code(
    sim: EscPosSimulator, link: Callable[..., SerialLink]
) -> None:
    narrow = EscPosPrinter(link(sim, "printer main", timeout=0.3), letters=LETTERS, dots=384)
    code = "S001/T01/20260615/17"
    assert code128_fits(code, 576) and not code128_fits(code, 384)
    print_job(narrow, replace(bread_job(), receipt_code=code))
    assert wait_until(lambda: sim.slips)
    qr = b"".join(
        [
            b"\x1ba\x01",  # centred
            b"\x1d(k\x04\x001A2\x00",  # GS ( k fn 65: model 2
            b"\x1d(k\x03\x001C\x04",  # fn 67: module of 4 dots
            b"\x1d(k\x03\x001E0",  # fn 69: error correction L
            b"\x1d(k\x17\x001P0" + code.encode(),  # fn 80: store 20 bytes (+3)
            b"\x1d(k\x03\x001Q0",  # fn 81: print
            code.encode() + b"\n",
            b"\x1ba\x00",
        ]
    )
    assert qr in sim.slips[0]
    assert sim.contents[0].qr == [code] and sim.contents[0].code128 == []


@pytest.mark.parametrize(("length", "fits"), [(23, True), (24, False)])
def test_code128_width_at_576_dots(length: int, fits: bool) -> None:
    # (11 x (n + 2) + 13) modules of 2 dots: 23 characters take all 576 dots
    assert code128_fits("x" * length, 576) is fits


def test_nothing_of_a_slip_goes_to_stdout(
    printer: EscPosPrinter, sim: EscPosSimulator, capsys: pytest.CaptureFixture[str]
) -> None:
    """python-escpos's barcode() prints its renderer on stdout: the --json output of the
    CLI must not get it."""
    print_job(printer, bread_job())
    assert wait_until(lambda: sim.slips)
    assert capsys.readouterr().out == ""


def test_the_end_of_day_slip(printer: EscPosPrinter, sim: EscPosSimulator) -> None:
    printer.daily_report(dt.date(2026, 6, 15))
    assert wait_until(lambda: sim.slips)
    assert sim.slips == [
        b"\x1b@\x1bt\x12\x1ba\x01END OF DAY 2026-06-15\nnon-fiscal printer: no fiscal totals\n"
        b"\x1bd\x04\x1dVB\x00"
    ]
