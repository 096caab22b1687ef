"""Returns, copies and the cash drawer at a till with real printers (pty simulators):
every receipt and slip carries its receipt code as a Code 128, a return never reaches a
fiscal printer, alcohol still goes to its own printer, and the drawer opens on cash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import write_till_config

from catalog_fixture import BREAD, WINE, write_catalog
from devices.simulators import EscPosSimulator, ThermalSimulator, wait_until
from devices.tickets import as_return
from standalone_till.config import load_config, set_key
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.receipt_code import receipt_code
from standalone_till.service import Till
from ticket_contract.signatures import signature_extract

NOON = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
RATES = ["20.00", "05.50", "00.00", "101.00", "101.00", "101.00", "101.00"]


def _till(tmp_path: Path, main: Any, alcohol: Any | None = None, slip: Any | None = None) -> Till:
    config = write_till_config(tmp_path)
    keys = {"devices.vat_letters": "20,5.5,0"}
    for role, sim in (("printer", main), ("alcohol_printer", alcohol)):
        if sim is not None:
            keys[f"devices.{role}_port"] = str(sim.path)
            keys[f"devices.{role}_protocol"] = (
                "thermal" if isinstance(sim, ThermalSimulator) else "escpos"
            )
    if slip is not None:
        keys["devices.slip_printer_port"] = str(slip.path)
    for key, value in keys.items():
        set_key(config, key, value)
    till = Till(load_config(config))
    till.init()
    till.load_data(write_catalog(tmp_path / "exports"))
    return till


@pytest.fixture
def slip(simulator: Callable[..., Any]) -> EscPosSimulator:
    sim: EscPosSimulator = simulator(EscPosSimulator, "slip")
    return sim


@pytest.fixture
def fiscal(simulator: Callable[..., Any]) -> ThermalSimulator:
    sim: ThermalSimulator = simulator(ThermalSimulator, "fiscal")
    sim.ptu = list(RATES)
    return sim


@pytest.fixture
def slip_and_fiscal(
    tmp_path: Path, slip: EscPosSimulator, fiscal: ThermalSimulator
) -> Iterator[Till]:
    """The receipt printer (ESC/POS, drawer wired to it) and a fiscal printer for alcohol."""
    till = _till(tmp_path, slip, fiscal)
    yield till
    till.close()


def _sell(till: Till, *codes: str, card: str | None = None) -> Ticket:
    sale = till.new_sale(NOON)
    for code in codes:
        sale.scan(code)
    if card is not None:
        sale.pay(PaymentMethod.CARD, Decimal(card))
    if sale.totals().due:
        sale.pay(PaymentMethod.CASH, Decimal("50.00"))
    ticket = sale.close()
    assert all(o.printed for o in sale.print_outcomes), sale.print_outcomes
    return ticket


def code_of(ticket: Ticket) -> str:
    assert ticket.business_day is not None and ticket.number is not None
    return receipt_code(ticket.store_id, ticket.till_id, ticket.business_day, ticket.number)


def test_sale_receipt_and_return_slip_carry_their_code_as_code128(
    slip_and_fiscal: Till, slip: EscPosSimulator, fiscal: ThermalSimulator
) -> None:
    till = slip_and_fiscal
    sale = _sell(till, BREAD, WINE)
    assert wait_until(lambda: len(slip.slips) == 1)
    receipt = slip.contents[0]
    assert receipt.code128 == [code_of(sale)] == ["S001/T01/20260615/1"]
    assert "NON-FISCAL SLIP" in receipt.text and "Rye bread" in receipt.text
    # alcohol routing holds: the wine is on the fiscal printer, not on the slip
    assert [line[0] for r in fiscal.receipts for line in r.lines] == ["Bordeaux red 75cl"]
    assert "Bordeaux" not in receipt.text
    fiscal_opened = fiscal.received.count(b"$h")

    refund = replace(as_return(sale, number=2), cashier="C01", supervisor="S01")
    outcomes = till.print_ticket(refund)
    assert [(o.printer, o.printed) for o in outcomes] == [("main", True)]
    assert wait_until(lambda: len(slip.slips) == 2)
    returned = slip.contents[1]
    assert returned.code128 == [code_of(refund)] == ["S001/T01/20260615/2"]
    for text in (
        "RETURN SLIP",
        "not a fiscal receipt",
        sale.id,
        "Cashier: C01",
        "Approved by: S01",
        "Customer signature",
    ):
        assert text in returned.text
    assert "Bordeaux red 75cl" in returned.text  # the alcohol line is on the slip too
    assert "REFUND" in returned.text and "-" in returned.text.split("REFUND")[1].split()[0]
    # the return never reached the fiscal printer: no receipt opened there
    assert fiscal.received.count(b"$h") == fiscal_opened and len(fiscal.receipts) == 1


def test_a_return_never_reaches_a_fiscal_printer_even_when_it_is_the_only_one(
    tmp_path: Path, fiscal: ThermalSimulator
) -> None:
    till = _till(tmp_path, fiscal)
    try:
        sale = _sell(till, BREAD)
        assert len(fiscal.receipts) == 1 and fiscal.drawer_opened == 1  # cash: drawer opened
        received = len(fiscal.received)
        outcomes = till.print_ticket(as_return(sale, number=2))
        assert [(o.printer, o.state) for o in outcomes] == [("slip", "pending")]
        assert "no non-fiscal printer" in (outcomes[0].message or "")
        assert len(fiscal.receipts) == 1  # nothing fiscal printed for the return
        assert b"$h" not in fiscal.received[received:]
        assert fiscal.drawer_opened == 2  # the cash refund opens the drawer
        # a copy is not a fiscal receipt either
        copy = till.print_copy(sale, 1)
        assert [(o.printer, o.state) for o in copy] == [("slip", "pending")]
        assert len(fiscal.receipts) == 1
    finally:
        till.close()


def test_a_fiscal_printer_refuses_a_return_job_before_sending_anything(
    tmp_path: Path, fiscal: ThermalSimulator
) -> None:
    """Even a job routed to it by mistake: refused, kept in the queue, nothing sent."""
    till = _till(tmp_path, fiscal)
    try:
        sale = _sell(till, BREAD)
        queue = till.print_queue
        assert queue is not None
        from standalone_till.devices import slip_job

        received = len(fiscal.received)
        (outcome,) = queue.submit([slip_job(as_return(sale, number=2), "main")])
        assert outcome.state == "refused" and "not printed on a fiscal printer" in (
            outcome.message or ""
        )
        assert fiscal.received[received:] == b"" and len(fiscal.receipts) == 1
    finally:
        till.close()


def test_a_copy_is_marked_with_its_number_and_does_not_open_the_drawer(
    slip_and_fiscal: Till, slip: EscPosSimulator, fiscal: ThermalSimulator
) -> None:
    till = slip_and_fiscal
    sale = _sell(till, BREAD, WINE)
    assert wait_until(lambda: slip.kicks == [0])  # the cash sale's kick
    for copy_no in (1, 2):
        (outcome,) = till.print_copy(sale, copy_no)
        assert outcome.printed and outcome.job_id.endswith(f":copy{copy_no}")
    assert wait_until(lambda: len(slip.slips) == 3)
    first, second = slip.contents[1], slip.contents[2]
    assert "COPY 1" in first.text and "COPY 2" in second.text
    assert "Bordeaux red 75cl" in first.text  # a copy is of the whole ticket
    # the copy prints the extract of the ticket's signature, as the receipt did
    assert sale.signature is not None
    assert f"Signature {signature_extract(sale.signature)}" in first.text
    assert first.code128 == second.code128 == [code_of(sale)]
    # a kick of the copies would be in the stream before this one
    till.open_drawer()
    assert wait_until(lambda: len(slip.kicks) >= 2) and slip.kicks == [0, 0]
    assert len(fiscal.receipts) == 1  # the copy is no second fiscal receipt


def test_cash_opens_the_drawer_and_a_card_only_sale_does_not(
    slip_and_fiscal: Till, slip: EscPosSimulator
) -> None:
    till = slip_and_fiscal
    card_only = _sell(till, BREAD, card="0.20")  # 1.20 less the 1.00 ticket offer
    assert [p.method for p in card_only.payments] == [PaymentMethod.CARD]
    _sell(till, BREAD)  # cash
    assert wait_until(lambda: len(slip.slips) == 2 and len(slip.kicks) >= 1)
    # the first kick (ESC p 0: pin 2) comes after the cash sale's slip, not the card one's
    printed = bytes(slip.printed)
    assert slip.kicks[0] == 0
    assert printed.index(b"\x1bp") >= len(slip.slips[0]) + len(slip.slips[1])


def test_open_drawer_kicks_the_receipt_printer(
    slip_and_fiscal: Till, slip: EscPosSimulator, fiscal: ThermalSimulator
) -> None:
    assert slip_and_fiscal.open_drawer() is True
    assert wait_until(lambda: slip.printed == bytearray(b"\x1bp\x00\x32\x32"))
    assert fiscal.drawer_opened == 0


def test_open_drawer_without_a_printer_does_nothing(tmp_path: Path) -> None:
    till = Till(load_config(write_till_config(tmp_path)))
    try:
        assert till.open_drawer() is False
    finally:
        till.close()


def test_a_code_too_wide_for_the_paper_prints_as_a_qr_code(
    slip_and_fiscal: Till, slip: EscPosSimulator
) -> None:
    till = slip_and_fiscal
    sale = _sell(till, BREAD)
    assert wait_until(lambda: len(slip.slips) == 1)
    long_store = replace(sale, id=sale.id[:-1] + "f", store_id="STORE-WARSZAWA-MOKOTOW-0001")
    till.print_copy(long_store, 1)
    assert wait_until(lambda: len(slip.slips) == 2)
    content = slip.contents[1]
    assert content.code128 == []
    assert content.qr == [code_of(long_store)]
    assert code_of(long_store) in content.text  # and as text under the code


def test_two_fiscal_printers_and_a_slip_printer_the_polish_shop(
    tmp_path: Path, simulator: Callable[..., Any], slip: EscPosSimulator
) -> None:
    """Sales on the two fiscal printers (alcohol on its own), returns and copies on the
    return slip printer, the drawer on the main fiscal printer."""
    main: ThermalSimulator = simulator(ThermalSimulator, "main")
    alcohol: ThermalSimulator = simulator(ThermalSimulator, "alcohol")
    main.ptu, alcohol.ptu = list(RATES), list(RATES)
    till = _till(tmp_path, main, alcohol, slip)
    try:
        sale = _sell(till, BREAD, WINE)
        assert [r.lines[0][0] for r in (main.receipts + alcohol.receipts)] == [
            "Rye bread 500g",
            "Bordeaux red 75cl",
        ]
        assert main.drawer_opened == 1 and alcohol.drawer_opened == 0
        assert slip.printed == bytearray()  # a sale is not printed on the slip printer
        outcomes = till.print_ticket(as_return(sale, number=2))
        assert [(o.printer, o.printed) for o in outcomes] == [("slip", True)]
        (copy,) = till.print_copy(sale, 1)
        assert copy.printer == "slip" and copy.printed
        assert wait_until(lambda: len(slip.slips) == 2)
        assert "RETURN SLIP" in slip.contents[0].text and "COPY 1" in slip.contents[1].text
        assert slip.contents[0].code128 == ["S001/T01/20260615/2"]
        assert len(main.receipts) == 1 and len(alcohol.receipts) == 1
        assert main.drawer_opened == 2  # the cash refund
    finally:
        till.close()
