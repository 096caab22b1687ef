"""The devices inside a real sale: the scale weighs, a card is swiped, the receipt prints
on two fiscal printers (alcohol on its own) and a printer that is off keeps it queued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from conftest import write_till_config

from catalog_fixture import BREAD, CARD, CHEESE_PLU, CUSTOMER, WINE, write_catalog
from devices.simulators import Mettler8217Simulator, ThermalSimulator
from standalone_till.config import load_config, set_key
from standalone_till.devices.mettler8217 import weight_reply
from standalone_till.model import PaymentMethod
from standalone_till.sales import totals
from standalone_till.service import Till

NOON = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
RATES = ["20.00", "05.50", "00.00", "101.00", "101.00", "101.00", "101.00"]


def _till(
    tmp_path: Path, scale: Mettler8217Simulator, main: ThermalSimulator, alcohol: ThermalSimulator
) -> Till:
    config = write_till_config(tmp_path)
    for key, value in {
        "devices.scale_port": str(scale.path),
        "devices.scale_protocol": "mettler8217",
        "devices.printer_port": str(main.path),
        "devices.printer_protocol": "thermal",
        "devices.alcohol_printer_port": str(alcohol.path),
        "devices.alcohol_printer_protocol": "thermal",
    }.items():
        set_key(config, key, value)
    till = Till(load_config(config))
    till.init()
    till.load_data(write_catalog(tmp_path / "exports"))
    return till


def test_a_sale_weighs_swipes_and_prints_on_two_printers(
    simulator: Callable[..., object], tmp_path: Path
) -> None:
    scale = simulator(Mettler8217Simulator, "scale")
    main, alcohol = simulator(ThermalSimulator, "main"), simulator(ThermalSimulator, "alcohol")
    assert isinstance(scale, Mettler8217Simulator)
    assert isinstance(main, ThermalSimulator) and isinstance(alcohol, ThermalSimulator)
    main.ptu, alcohol.ptu = list(RATES), list(RATES)
    till = _till(tmp_path, scale, main, alcohol)
    try:
        scale.answer(weight_reply(Decimal("0.415")))
        sale = till.new_sale(NOON)
        card = sale.set_card(f";{CARD}=29121010000?")  # swiped: magnetic track 2
        assert card.number == CARD and sale.ticket.customer_code == CUSTOMER
        weighed = sale.scan(CHEESE_PLU)  # no label weight: the scale's stable weight
        assert weighed.quantity == Decimal("0.415")
        sale.scan(WINE)
        sale.scan(BREAD)
        sale.pay(PaymentMethod.CARD, Decimal("10.00"))
        sale.pay(PaymentMethod.CASH, Decimal("50.00"))
        ticket = sale.close()
        assert [o.printed for o in sale.print_outcomes] == [True, True]
        assert len(main.receipts) == 1 and len(alcohol.receipts) == 1
        tot = totals(ticket)
        assert main.receipts[0].total + alcohol.receipts[0].total == tot.total
        assert (
            main.receipts[0].paid
            + alcohol.receipts[0].paid
            - main.receipts[0].change
            - alcohol.receipts[0].change
            == tot.total
        )
        assert [line[0] for line in alcohol.receipts[0].lines] == ["Bordeaux red 75cl"]
    finally:
        till.close()


def test_a_printer_out_of_paper_keeps_the_receipt_and_the_sale(
    simulator: Callable[..., object], tmp_path: Path
) -> None:
    scale = simulator(Mettler8217Simulator, "scale")
    main, alcohol = simulator(ThermalSimulator, "main"), simulator(ThermalSimulator, "alcohol")
    assert isinstance(scale, Mettler8217Simulator)
    assert isinstance(main, ThermalSimulator) and isinstance(alcohol, ThermalSimulator)
    main.ptu, alcohol.ptu = list(RATES), list(RATES)
    till = _till(tmp_path, scale, main, alcohol)
    try:
        alcohol.paper_out = True
        sale = till.new_sale(NOON)
        sale.scan(WINE)
        sale.scan(BREAD)
        sale.pay(PaymentMethod.CASH)
        ticket = sale.close()
        assert ticket.status == "closed"  # stored whatever the printers say
        waiting = [o for o in sale.print_outcomes if not o.printed]
        assert len(waiting) == 1 and "paper" in (waiting[0].message or "")
        assert till.status()["receipts_waiting"] == 1
        alcohol.paper_out = False
        queue = till.print_queue
        assert queue is not None
        assert [o.printed for o in queue.retry_pending()] == [True]
        assert till.status()["receipts_waiting"] == 0
        assert main.receipts[0].total + alcohol.receipts[0].total == totals(ticket).total
    finally:
        till.close()
