"""Errors of devices on serial ports, in the tree of ``connectors.errors``.

    TillsyncError
     ├── BadInput
     │    └── DeviceFrameError   a frame breaks its protocol (.device, .port, .frame)
     └── Unavailable
          └── DeviceError        the device or its port failed (.device, .port, .reason)
               └── DeviceTimeout no (complete) answer within the configured time

``device`` names the device for people ("scale", "printer alcohol"); ``port`` is the
configured port (COM3, /dev/ttyUSB0). Frames are shown as hex bytes.
"""

from __future__ import annotations

from connectors.errors import BadInput, Unavailable


def hex_bytes(data: bytes, limit: int = 64) -> str:
    """``data`` as spaced hex ("02 31 2e 0d"), cut after ``limit`` bytes."""
    shown = data[:limit].hex(" ")
    return shown + (f" ... ({len(data)} bytes)" if len(data) > limit else "") if data else "(none)"


class DeviceError(Unavailable):
    """The device did not answer usably or its port failed; retrying later may help."""

    def __init__(self, reason: str, *, device: str, port: str) -> None:
        self.device = device
        self.port = port
        self.reason = reason
        super().__init__(f"{device} ({port}): {reason}", target=f"{device} ({port})")


class DeviceTimeout(DeviceError):
    """Nothing, or only part of a frame, came back within the configured time."""


class DeviceFrameError(BadInput):
    """A frame from the device is garbled or fails its check; names the bytes in hex."""

    def __init__(self, what: str, *, device: str, port: str, frame: bytes) -> None:
        self.device = device
        self.port = port
        self.what = what
        self.frame = frame
        super().__init__(f"{device} ({port}): {what}: {hex_bytes(frame)}")
