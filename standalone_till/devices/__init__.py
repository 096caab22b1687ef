"""The till's devices: a scale, receipt printers (fiscal Thermal, ESC/POS slips), the
print queue that never loses a receipt, and discount cards.

    devices = devices_from_config(cfg)
    kg = devices.scale.read_stable_weight()                      # weighed item
    jobs = split_ticket(ticket, devices.rule, list(devices.printers))  # a sale
    jobs = [slip_job(ticket, devices.slip_printer)]  # a return, or copy_no=n for a copy
    outcomes = PrintQueue(engine, devices.printers).submit(jobs)  # messages for the cashier
    devices.drawer_printer.open_drawer()                         # the drawer's kick
    card = resolve_card(catalog, scanned_or_swiped)

Serial ports come from ``connectors.serial``; protocols are described in each driver's
module docstring and in docs/devices.md.
"""

from __future__ import annotations

from standalone_till.devices.cards import CardRead, ResolvedCard, parse_card_input, resolve_card
from standalone_till.devices.configured import TillDevices, devices_from_config
from standalone_till.devices.errors import (
    PrinterNotReady,
    PrinterRefused,
    ScaleNotReady,
    VatLetterMissing,
)
from standalone_till.devices.jobs import JobLine, PrintJob
from standalone_till.devices.printers import PrinterStatus, ReceiptLine, ReceiptPrinter, print_job
from standalone_till.devices.queue import PrintOutcome, PrintQueue, PrintRetrier, QueuedJob
from standalone_till.devices.routing import (
    ALCOHOL,
    MAIN,
    RULES,
    SLIP,
    code_of,
    is_return,
    slip_job,
    split_ticket,
)
from standalone_till.devices.scale import Scale, ScaleState, WeightReading

__all__ = [
    "ALCOHOL",
    "MAIN",
    "RULES",
    "SLIP",
    "CardRead",
    "JobLine",
    "PrintJob",
    "PrintOutcome",
    "PrintQueue",
    "PrintRetrier",
    "PrinterNotReady",
    "PrinterRefused",
    "PrinterStatus",
    "QueuedJob",
    "ReceiptLine",
    "ReceiptPrinter",
    "ResolvedCard",
    "Scale",
    "ScaleNotReady",
    "ScaleState",
    "TillDevices",
    "VatLetterMissing",
    "WeightReading",
    "code_of",
    "devices_from_config",
    "is_return",
    "parse_card_input",
    "print_job",
    "resolve_card",
    "slip_job",
    "split_ticket",
]
