"""How one serial port is opened: name or URL, speed, framing and reply timeout."""

from __future__ import annotations

import re
from dataclasses import dataclass

import serial

FRAMINGS = ("8N1", "7E1", "7O1", "8E1", "8O1")
_PARITIES: dict[str, str] = {
    "N": serial.PARITY_NONE,
    "E": serial.PARITY_EVEN,
    "O": serial.PARITY_ODD,
}
_FRAMING = re.compile(r"([78])([NEO])([12])")


@dataclass(frozen=True, slots=True)
class SerialSettings:
    """A port and its line settings; ``timeout`` (seconds) bounds each reply."""

    port: str
    baudrate: int = 9600
    framing: str = "8N1"  # data bits, parity (None, Even, Odd), stop bits
    timeout: float = 1.0
    write_timeout: float = 2.0

    def __post_init__(self) -> None:
        if not _FRAMING.fullmatch(self.framing):
            raise ValueError(f"framing must look like 8N1 or 7E1, got {self.framing!r}")
        if self.timeout <= 0 or self.write_timeout <= 0:
            raise ValueError("serial timeouts must be positive")

    @property
    def bytesize(self) -> int:
        return int(self.framing[0])

    @property
    def parity(self) -> str:
        return _PARITIES[self.framing[1]]

    @property
    def stopbits(self) -> int:
        return int(self.framing[2])
