"""Devices built from the [devices] section, talking to simulators."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.errors import ConfigError
from connectors.sql import make_engine, sqlite_url
from devices.simulators import Mettler8217Simulator, ThermalSimulator
from devices.tickets import mixed_ticket
from standalone_till.config import config_from_mapping, validate_field
from standalone_till.devices import ALCOHOL, MAIN, PrintQueue, devices_from_config, split_ticket
from standalone_till.devices.cas import CasScale
from standalone_till.devices.escpos import EscPosPrinter
from standalone_till.devices.mettler8217 import Mettler8217Scale, weight_reply
from standalone_till.devices.queue_schema import print_jobs
from standalone_till.devices.routing import by_alcohol, single_printer
from standalone_till.devices.thermal import ThermalPrinter

TILL = {"store_id": "S001", "till_id": "T01"}


def test_nothing_configured_means_no_devices() -> None:
    devices = devices_from_config(config_from_mapping({"till": TILL}, "test"))
    assert devices.scale is None and devices.printers == {} and devices.rule is by_alcohol


def test_the_settings_reach_the_drivers() -> None:
    cfg = config_from_mapping(
        {
            "till": TILL,
            "devices": {
                "scale_port": "COM3",
                "scale_protocol": "cas",
                "scale_baudrate": 4800,
                "scale_framing": "7O1",
                "scale_timeout": 700,
                "printer_port": "COM4",
                "printer_protocol": "escpos",
                "vat_letters": ["20", "5.5"],
                "routing": "single",
            },
        },
        "test",
    )
    devices = devices_from_config(cfg)
    assert isinstance(devices.scale, CasScale)
    s = devices.scale.link.settings
    assert (s.port, s.baudrate, s.framing, s.timeout) == ("COM3", 4800, "7O1", 0.7)
    printer = devices.printers[MAIN]
    assert isinstance(printer, EscPosPrinter) and list(devices.printers) == [MAIN]
    assert printer.vat_letters() == {Decimal("20"): "A", Decimal("5.5"): "B"}
    assert devices.rule is single_printer
    assert not devices.scale.link.is_open  # nothing is opened before it is used


def test_bad_device_values_are_refused() -> None:
    with pytest.raises(ConfigError, match=r'devices\.scale_framing must be one of "auto", "8N1"'):
        validate_field("devices.scale_framing", "9N1")
    with pytest.raises(
        ConfigError, match=r"devices\.vat_letters must be a list of distinct VAT rates"
    ):
        validate_field("devices.vat_letters", ["23", "abc"])


def test_a_polish_till_from_its_config(simulator: Callable[..., object], tmp_path: Path) -> None:
    scale = simulator(Mettler8217Simulator, "ttyS0")
    main, alcohol = simulator(ThermalSimulator, "ttyS1"), simulator(ThermalSimulator, "ttyS2")
    assert isinstance(scale, Mettler8217Simulator) and isinstance(main, ThermalSimulator)
    assert isinstance(alcohol, ThermalSimulator)
    cfg = config_from_mapping(
        {
            "till": TILL,
            "devices": {
                "scale_port": str(scale.path),
                "scale_protocol": "mettler8217",
                "printer_port": str(main.path),
                "printer_protocol": "thermal",
                "alcohol_printer_port": str(alcohol.path),
                "alcohol_printer_protocol": "thermal",
            },
        },
        "test",
    )
    devices = devices_from_config(cfg)
    try:
        assert isinstance(devices.scale, Mettler8217Scale)
        assert devices.scale.link.settings.framing == "7E1"  # the protocol's own
        scale.answer(weight_reply(Decimal("0.415")))
        assert devices.scale.read_stable_weight() == Decimal("0.415")
        assert all(isinstance(p, ThermalPrinter) for p in devices.printers.values())
        engine = make_engine(sqlite_url(tmp_path / "journal.db"))
        print_jobs.create(engine)
        jobs = split_ticket(mixed_ticket(), devices.rule, list(devices.printers))
        assert [o.printed for o in PrintQueue(engine, devices.printers).submit(jobs)] == [
            True,
            True,
        ]
        assert main.receipts[0].total + alcohol.receipts[0].total == Decimal("70.40")
        assert [j.printer for j in jobs] == [MAIN, ALCOHOL]
        engine.dispose()
    finally:
        devices.close()
