"""Errors of the till's devices, below those of ``connectors.serial``.

    BadInput
     ├── DeviceFrameError          (connectors.serial) garbled frame, bad check byte
     └── PrinterRefused            the printer refused a command of a receipt (.code)
          └── VatLetterMissing     no PTU letter on the printer for a VAT rate (.rate)
    Unavailable
     └── DeviceError               (connectors.serial) port failed, device silent
          ├── DeviceTimeout        (connectors.serial)
          ├── ScaleNotReady        over capacity, under zero, never stable (.state)
          └── PrinterNotReady      out of paper, offline, mechanism error (.status)

What the environment caused (``Unavailable``) keeps a print job queued and retried;
a refusal (``BadInput``) keeps it stored, marked refused, until someone looks at it.
"""

from __future__ import annotations

from decimal import Decimal

from connectors.errors import BadInput
from connectors.serial import DeviceError


class ScaleNotReady(DeviceError):
    """The scale gives no usable weight: over capacity, under zero, or never stable."""

    def __init__(self, reason: str, *, state: str, device: str, port: str) -> None:
        self.state = state
        super().__init__(reason, device=device, port=port)


class PrinterNotReady(DeviceError):
    """The printer answers but cannot print now (paper, cover, offline, mechanism)."""


class PrinterRefused(BadInput):
    """The printer refused a command; ``code`` is its error number."""

    def __init__(self, reason: str, *, device: str, port: str, code: int | None = None) -> None:
        self.device = device
        self.port = port
        self.code = code
        self.reason = reason
        super().__init__(f"{device} ({port}): {reason}")


class VatLetterMissing(PrinterRefused):
    """A line's VAT rate has no PTU letter on this printer."""

    def __init__(self, rate: Decimal, letters: str, *, device: str, port: str) -> None:
        self.rate = rate
        reason = f"no VAT letter for {rate.normalize():f} % (printer rates: {letters or 'none'})"
        super().__init__(reason, device=device, port=port)
