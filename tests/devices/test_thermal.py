"""POSNET Thermal fiscal printers, simulated byte for byte on pty pairs, behind the queue."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from connectors.serial import DeviceFrameError, SerialLink
from connectors.sql import make_engine, sqlite_url
from devices.simulators import ThermalSimulator
from devices.tickets import NOON, VODKA, closed, mixed_ticket
from standalone_till.devices import (
    ALCOHOL,
    MAIN,
    PrintOutcome,
    PrintQueue,
    PrintRetrier,
    split_ticket,
)
from standalone_till.devices import thermal_codec as codec
from standalone_till.devices.queue_schema import print_jobs
from standalone_till.devices.thermal import ThermalPrinter, signed_reference
from standalone_till.model import Item, PaymentMethod
from standalone_till.sales import add_line, add_payment, open_ticket, totals
from ticket_contract.signatures import signature_extract

D = Decimal


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    made = make_engine(sqlite_url(tmp_path / "journal.db"))
    print_jobs.create(made)  # the alembic migration is pending
    yield made
    made.dispose()


@pytest.fixture
def sims(simulator: Callable[..., ThermalSimulator]) -> dict[str, ThermalSimulator]:
    return {
        MAIN: simulator(ThermalSimulator, "ttyMain"),
        ALCOHOL: simulator(ThermalSimulator, "ttyAlc"),
    }


@pytest.fixture
def printers(
    sims: dict[str, ThermalSimulator], link: Callable[..., SerialLink]
) -> dict[str, ThermalPrinter]:
    return {
        role: ThermalPrinter(
            link(sim, f"printer {role}", timeout=0.3), till_code="T01", report_timeout=0.8
        )
        for role, sim in sims.items()
    }


@pytest.fixture
def queue(engine: sa.Engine, printers: dict[str, ThermalPrinter]) -> PrintQueue:
    return PrintQueue(engine, printers)


def test_check_code_and_frame_bytes() -> None:
    assert codec.check_code(b"0$h") == b"83"  # 0xFF ^ '0' ^ '$' ^ 'h'
    assert codec.frame(b"0$h") == b"\x1bP0$h83\x1b\\"
    assert codec.text("Żółć\x1b/ok") == b"\xa1\xa2\x92\x8d /ok"
    assert codec.vat_table(b"1#X1;0/23.00/08.00/05.00/00.00/100.00/101.00/101.00/3/") == {
        D("23"): "A",
        D("8"): "B",
        D("5"): "C",
        D("0"): "D",
    }


def test_a_mixed_ticket_prints_on_two_printers_with_matching_totals(
    queue: PrintQueue, sims: dict[str, ThermalSimulator]
) -> None:
    ticket = mixed_ticket()
    outcomes = queue.submit(split_ticket(ticket))
    assert [(o.printer, o.printed, o.message) for o in outcomes] == [
        (MAIN, True, None),
        (ALCOHOL, True, None),
    ]
    (main,), (alcohol,) = sims[MAIN].receipts, sims[ALCOHOL].receipts
    assert [ln[0] for ln in alcohol.lines] == ["Wódka Żubrówka 0,5l", "Piwo Żywiec 0,5l"]
    assert [ln[0] for ln in main.lines] == ["Chleb żytni", "Szynka", "Mydło"]
    t = totals(ticket)
    assert main.total + alcohol.total == t.total == D("70.40")
    assert main.paid + alcohol.paid == t.paid
    assert main.change + alcohol.change == t.change
    assert main.cash + alcohol.cash == D("50.00")
    assert [f[:2] for f in main.forms + alcohol.forms] == [(1, "Karta"), (1, "Karta")]
    assert sum(f[2] for f in main.forms + alcohol.forms) == D("40.00")
    by_letter = {letter: gross for r in (main, alcohol) for letter, (gross, _) in r.vat.items()}
    assert main.vat["C"][0] == D("23.51")  # all 5 % lines are on the main receipt
    assert main.vat["A"][0] + alcohol.vat["A"][0] == D("46.89") and set(by_letter) == {"A", "C"}
    assert (alcohol.till_code, alcohol.reference) == ("T01", "T01/17/2")
    # the vodka line, byte for byte: Mazovia name, quantity, A/price/gross/discount/
    body = b"1;1$lW\xa2dka \xa1ubr\xa2wka 0,5l\r1\rA/32.99/32.99/1.65/"
    assert codec.frame(body) in sims[ALCOHOL].received
    assert queue.waiting() == []


def test_out_of_paper_keeps_the_receipt_queued_until_a_retry_prints_it(
    queue: PrintQueue,
    sims: dict[str, ThermalSimulator],
    engine: sa.Engine,
    printers: dict[str, ThermalPrinter],
) -> None:
    sims[ALCOHOL].paper_out = True
    outcomes = queue.submit(split_ticket(mixed_ticket()))
    assert [o.printed for o in outcomes] == [True, False]
    assert outcomes[1].message == "printer alcohol: out of paper, receipt queued"
    assert sims[ALCOHOL].receipts == [] and len(sims[MAIN].receipts) == 1
    # the till restarts: a new queue on the same database still has the job
    restarted = PrintQueue(engine, printers)
    (waiting,) = restarted.waiting()
    assert (waiting.job.printer, waiting.state, waiting.attempts) == (ALCOHOL, "pending", 1)
    assert restarted.retry_pending()[0].message == "printer alcohol: out of paper, receipt queued"
    sims[ALCOHOL].paper_out = False
    (done,) = restarted.retry_pending()
    assert done.printed and len(sims[ALCOHOL].receipts) == 1 and len(sims[MAIN].receipts) == 1
    assert restarted.waiting() == []


def test_a_printer_that_is_off_is_retried_by_the_retrier(
    queue: PrintQueue, sims: dict[str, ThermalSimulator]
) -> None:
    sims[MAIN].silent = True
    outcomes = queue.submit(split_ticket(mixed_ticket()))
    assert outcomes[0].message == "printer main: no answer within 0.3 s, receipt queued"
    assert outcomes[1].printed
    seen: list[PrintOutcome] = []
    retrier = PrintRetrier(queue, 0.1, seen.append)
    retrier.start()
    try:
        sims[MAIN].silent = False
        deadline = time.monotonic() + 5
        while not any(o.printed for o in seen) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        retrier.stop()
    assert len(sims[MAIN].receipts) == 1
    assert [o.printer for o in seen if o.printed] == [MAIN]


def test_a_frame_damaged_on_the_line_is_sent_again(
    queue: PrintQueue, sims: dict[str, ThermalSimulator]
) -> None:
    sims[MAIN].damage_next = 1
    assert all(o.printed for o in queue.submit(split_ticket(mixed_ticket())))
    assert sims[MAIN].received.count(codec.frame(codec.error_mode(3))) == 2
    assert len(sims[MAIN].receipts) == 1


def test_a_frame_damaged_twice_names_the_printer_and_the_bytes(
    queue: PrintQueue, sims: dict[str, ThermalSimulator], printers: dict[str, ThermalPrinter]
) -> None:
    sims[MAIN].damage_next = 2
    with pytest.raises(DeviceFrameError) as caught:
        printers[MAIN].open_receipt()
    assert str(caught.value) == (
        f"printer main ({sims[MAIN].path}): 3#e (error mode): bad check code twice; "
        "frame sent: 1b 50 33 23 65 38 41 1b 5c"
    )
    outcome = queue.submit(split_ticket(mixed_ticket()))[0]
    assert outcome.printed  # the line is clean again


def test_a_garbled_answer_is_checked_with_enq_and_not_printed_twice(
    queue: PrintQueue, sims: dict[str, ThermalSimulator], caplog: pytest.LogCaptureFixture
) -> None:
    first = split_ticket(mixed_ticket())[:1]
    queue.submit(first)  # set-up done on an earlier receipt
    assert queue.submit(first)[0].printed  # submitted again: stored once, printed once
    sims[MAIN].garble_next = 1  # the answer to $h arrives garbled; the receipt was opened
    ticket = replace(closed(mixed_ticket(), number=18), id="7f6c1d2e-0000-4000-8000-000000000002")
    assert queue.submit(split_ticket(ticket))[0].printed
    assert len(sims[MAIN].receipts) == 2 and sims[MAIN].cancelled == 0
    assert "garbled answer to $h (open receipt), carried out" in caplog.text


def test_a_lost_answer_to_the_close_is_checked_with_enq(
    queue: PrintQueue, sims: dict[str, ThermalSimulator]
) -> None:
    sims[ALCOHOL].drop_answer_to = b"$y"
    outcomes = queue.submit(split_ticket(mixed_ticket()))
    assert [o.printed for o in outcomes] == [True, True]
    assert len(sims[ALCOHOL].receipts) == 1  # closed once, not printed again


def test_unplugged_in_the_middle_of_a_receipt_and_plugged_back(
    queue: PrintQueue, sims: dict[str, ThermalSimulator]
) -> None:
    sims[MAIN].unplug_after_lines = 2
    outcomes = queue.submit(split_ticket(mixed_ticket()))
    assert not outcomes[0].printed
    assert outcomes[0].message.startswith("printer main: device disconnected")
    assert outcomes[0].message.endswith(", receipt queued")
    sims[MAIN].plug()  # the same printer, still inside the half-printed receipt
    (done,) = queue.retry_pending()
    assert done.printed
    assert sims[MAIN].cancelled == 1  # the half receipt was cancelled, then printed whole
    (receipt,) = sims[MAIN].receipts
    assert len(receipt.lines) == 3


def test_a_rate_without_letter_is_refused_and_kept(
    queue: PrintQueue, sims: dict[str, ThermalSimulator]
) -> None:
    books = Item("BOOK", "Książka", D("7"), price=D("20.00"))
    t = open_ticket("S001", "T01", now=NOON)
    t = closed(add_payment(add_line(add_line(t, books, D("1")), VODKA, D("1")), PaymentMethod.CASH))
    refused, printed = queue.submit(split_ticket(t))
    assert printed.printed and refused.state == "refused"
    assert refused.message == (
        "printer main: no VAT letter for 7 % (printer rates: A 23, B 8, C 5, D 0); "
        "receipt not printed, kept in the print queue"
    )
    assert queue.retry_pending() == []  # refused jobs wait for someone to look
    (kept,) = queue.waiting()
    assert kept.state == "refused"
    queue.requeue(kept.job.job_id)
    assert queue.waiting()[0].state == "pending"


def test_daily_report(
    printers: dict[str, ThermalPrinter], sims: dict[str, ThermalSimulator]
) -> None:
    printers[MAIN].daily_report(dt.date(2026, 6, 15))
    assert sims[MAIN].reports == [dt.date(2026, 6, 15)]
    assert codec.frame(b"1;26;6;15#r") in sims[MAIN].received
    status = printers[MAIN].status()
    assert status.fiscal and status.online and not status.in_receipt and status.problem is None


def test_the_drawer_opens_with_1_d(
    printers: dict[str, ThermalPrinter], sims: dict[str, ThermalSimulator]
) -> None:
    printers[MAIN].open_drawer()
    assert codec.frame(b"1$d") in sims[MAIN].received
    assert sims[MAIN].drawer_opened == 1


def test_a_signed_ticket_ends_its_reference_with_the_signatures_extract(
    queue: PrintQueue, sims: dict[str, ThermalSimulator]
) -> None:
    """A Thermal fiscal receipt has no free text: the extract of the ticket's signature
    ends its system number (docs/fiscal.md), within the printer's 16 characters."""
    signature = "ab" * 64
    ticket = replace(mixed_ticket(), signature=signature)
    queue.submit(split_ticket(ticket))
    (main,), (alcohol,) = sims[MAIN].receipts, sims[ALCOHOL].receipts
    extract = signature_extract(signature)
    assert (main.reference, alcohol.reference) == (f"T01/17/1 {extract}", f"T01/17/2 {extract}")
    long = signed_reference("STORE-TILL-0001/99999/2", extract)
    assert long == f"STORE-TILL- {extract}" and len(long) == 16
