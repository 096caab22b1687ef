"""Serial devices through pyserial: port settings, a link that reopens itself, errors.

    link = SerialLink("scale", SerialSettings("/dev/ttyUSB0", 9600, "7E1", timeout=1.0))
    link.write(b"W")
    frame = link.read_until(b"\\r", max_len=16)

``port`` is anything ``serial.serial_for_url`` opens: COM3, /dev/ttyUSB0, a symlink,
``loop://`` or ``socket://host:port``. pyserial errors are translated in
``translate.serial_errors`` only; drivers see ``DeviceError`` (port or device failed,
retry later), ``DeviceTimeout`` and ``DeviceFrameError`` (garbled frame, shown in hex).
"""

from __future__ import annotations

from connectors.serial.errors import DeviceError, DeviceFrameError, DeviceTimeout, hex_bytes
from connectors.serial.link import SerialLink, retry_until
from connectors.serial.settings import FRAMINGS, SerialSettings

__all__ = [
    "FRAMINGS",
    "DeviceError",
    "DeviceFrameError",
    "DeviceTimeout",
    "SerialLink",
    "SerialSettings",
    "hex_bytes",
    "retry_until",
]
