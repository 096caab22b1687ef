"""The devices a till's config describes: its scale, its printers and the routing rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from connectors.serial import SerialLink, SerialSettings
from standalone_till.config_model import DeviceSettings, TillConfig
from standalone_till.devices.cas import CasScale
from standalone_till.devices.escpos import EscPosPrinter
from standalone_till.devices.mettler8217 import Mettler8217Scale
from standalone_till.devices.printers import ReceiptPrinter
from standalone_till.devices.routing import ALCOHOL, MAIN, RULES, SLIP, RoutingRule
from standalone_till.devices.scale import SerialScale
from standalone_till.devices.thermal import ThermalPrinter
from standalone_till.devices.thermal_codec import LETTERS

SCALES: dict[str, tuple[type[SerialScale], str]] = {
    "mettler8217": (Mettler8217Scale, "7E1"),
    "cas": (CasScale, "8N1"),
}


@dataclass
class TillDevices:
    scale: SerialScale | None = None
    printers: dict[str, ReceiptPrinter] = field(default_factory=dict)  # MAIN first
    rule: RoutingRule = RULES["alcohol"]
    retry_interval: float = 30.0

    @property
    def slip_printer(self) -> str:
        """The role of the printer for return slips and copies: the slip printer when
        one is set, else the first non-fiscal printer; ``SLIP`` (not configured: the slip
        waits in the queue) when all are fiscal."""
        if SLIP in self.printers:
            return SLIP
        return next((role for role, p in self.printers.items() if not p.fiscal), SLIP)

    @property
    def drawer_printer(self) -> ReceiptPrinter | None:
        """The printer the cash drawer is wired to: the main one, else the first."""
        return self.printers.get(MAIN) or next(iter(self.printers.values()), None)

    def close(self) -> None:
        if self.scale is not None:
            self.scale.close()
        for printer in self.printers.values():
            printer.close()


def scale_from(d: DeviceSettings) -> SerialScale | None:
    if d.scale_protocol == "none" or not d.scale_port:
        return None
    driver, framing = SCALES[d.scale_protocol]
    settings = SerialSettings(
        d.scale_port,
        d.scale_baudrate,
        framing if d.scale_framing == "auto" else d.scale_framing,
        timeout=d.scale_timeout / 1000,
    )
    return driver(SerialLink("scale", settings), stable_timeout=float(d.scale_stable_wait))


def printer_from(
    role: str, port: str, protocol: str, baudrate: int, cfg: TillConfig
) -> ReceiptPrinter:
    d = cfg.devices
    link = SerialLink(
        f"printer {role}", SerialSettings(port, baudrate, "8N1", d.printer_timeout / 1000)
    )
    if protocol == "thermal":
        return ThermalPrinter(
            link, till_code=cfg.till.till_id, report_timeout=d.printer_report_timeout
        )
    letters = {Decimal(rate): letter for rate, letter in zip(d.vat_letters, LETTERS, strict=False)}
    return EscPosPrinter(link, letters=letters)


def devices_from_config(cfg: TillConfig) -> TillDevices:
    """Drivers for what ``cfg.devices`` sets; nothing is opened until first used."""
    d = cfg.devices
    printers: dict[str, ReceiptPrinter] = {}
    if d.printer_port:
        printers[MAIN] = printer_from(
            MAIN, d.printer_port, d.printer_protocol, d.printer_baudrate, cfg
        )
    if d.alcohol_printer_port:
        printers[ALCOHOL] = printer_from(
            ALCOHOL,
            d.alcohol_printer_port,
            d.alcohol_printer_protocol,
            d.alcohol_printer_baudrate,
            cfg,
        )
    if d.slip_printer_port:
        printers[SLIP] = printer_from(
            SLIP, d.slip_printer_port, "escpos", d.slip_printer_baudrate, cfg
        )
    return TillDevices(
        scale=scale_from(d),
        printers=printers,
        rule=RULES[d.routing],
        retry_interval=float(d.print_retry_interval),
    )
