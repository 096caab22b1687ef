"""One device's serial port: opened on first use, reopened after a failure, read by deadline.

After any port error (device unplugged, powered off, USB adapter gone) the link closes
the port; the next call opens it again. A device unplugged and plugged back in, even as
a new tty behind the same name, is thus found again without restarting the till.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import serial

from connectors.serial.errors import DeviceError, DeviceFrameError, DeviceTimeout, hex_bytes
from connectors.serial.settings import SerialSettings
from connectors.serial.translate import serial_errors

log = logging.getLogger("tillsync.devices")
T = TypeVar("T")

POLL_S = 0.05  # longest a single read blocks; reply deadlines are kept by the link itself

Opener = Callable[..., Any]


class SerialLink:
    """Byte-level I/O with one device; ``lock`` serialises request/answer exchanges."""

    def __init__(
        self,
        device: str,
        settings: SerialSettings,
        *,
        opener: Opener = serial.serial_for_url,
    ) -> None:
        self.device = device
        self.settings = settings
        self.lock = threading.RLock()
        self.opened = 0  # times the port was opened: drivers redo their set-up when it grows
        self._opener = opener
        self._port: Any = None
        self._rx = bytearray()

    @property
    def port(self) -> str:
        return self.settings.port

    @property
    def is_open(self) -> bool:
        return self._port is not None

    # ---- opening and closing ---------------------------------------------------------

    def open(self) -> None:
        """Open the port unless it is open; DeviceError names the port when it cannot."""
        if self._port is not None:
            return
        s = self.settings
        with serial_errors(self.device, s.port, "open"):
            port = self._opener(s.port, do_not_open=True)
            port.baudrate = s.baudrate
            port.bytesize = s.bytesize
            port.parity = s.parity
            port.stopbits = s.stopbits
            port.timeout = POLL_S
            port.write_timeout = s.write_timeout
            port.open()
        self._port = port
        self._rx.clear()
        self.opened += 1
        if self.opened > 1:
            log.info("%s: port %s open again", self.device, s.port)

    def close(self) -> None:
        port, self._port = self._port, None
        self._rx.clear()
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()

    @contextlib.contextmanager
    def _io(self, action: str) -> Iterator[Any]:
        self.open()
        try:
            with serial_errors(self.device, self.port, action):
                yield self._port
        except DeviceError as exc:
            log.warning("%s: %s; the port is reopened on next use", self.device, exc.reason)
            self.close()
            raise

    # ---- writing and reading ---------------------------------------------------------

    def write(self, data: bytes) -> None:
        with self._io("write") as port:
            port.write(data)

    def discard_input(self) -> None:
        """Drop whatever the device sent before: the next read sees only fresh bytes."""
        with self._io("read") as port:
            port.reset_input_buffer()
        self._rx.clear()

    def _fill(self, deadline: float) -> bool:
        """Wait for more bytes until ``deadline``; False when none came."""
        while True:
            with self._io("read") as port:
                chunk = port.read(1)
                if chunk and port.in_waiting:
                    chunk += port.read(port.in_waiting)
            if chunk:
                self._rx += chunk
                return True
            if time.monotonic() >= deadline:
                return False

    def _deadline(self, timeout: float | None) -> tuple[float, float]:
        seconds = self.settings.timeout if timeout is None else timeout
        return seconds, time.monotonic() + seconds

    def _timed_out(self, seconds: float) -> DeviceTimeout:
        partial = bytes(self._rx)
        self._rx.clear()
        if partial:
            reason = f"incomplete answer within {seconds:g} s: {hex_bytes(partial)}"
        else:
            reason = f"no answer within {seconds:g} s"
        return DeviceTimeout(reason, device=self.device, port=self.port)

    def read_until(self, terminator: bytes, *, max_len: int, timeout: float | None = None) -> bytes:
        """Bytes up to and including ``terminator``; bytes after it stay for the next read."""
        seconds, deadline = self._deadline(timeout)
        while True:
            end = self._rx.find(terminator)
            if end >= 0:
                end += len(terminator)
                frame = bytes(self._rx[:end])
                del self._rx[:end]
                if len(frame) > max_len:
                    raise self.frame_error(f"frame longer than {max_len} bytes", frame)
                return frame
            if len(self._rx) > max_len:
                frame = bytes(self._rx)
                self._rx.clear()
                raise self.frame_error(f"no end of frame within {max_len} bytes", frame)
            if not self._fill(deadline):
                raise self._timed_out(seconds)

    def read_exact(self, size: int, *, timeout: float | None = None) -> bytes:
        seconds, deadline = self._deadline(timeout)
        while len(self._rx) < size:
            if not self._fill(deadline):
                raise self._timed_out(seconds)
        data = bytes(self._rx[:size])
        del self._rx[:size]
        return data

    def frame_error(self, what: str, frame: bytes) -> DeviceFrameError:
        return DeviceFrameError(what, device=self.device, port=self.port, frame=frame)


def retry_until(
    deadline: float,
    action: Callable[[], T],
    *,
    interval: float = 0.2,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``action()``, tried again after a device failure until ``deadline`` (monotonic).

    Each failure has closed the link, so each try reopens the port: this is how a device
    unplugged and plugged back in is picked up while the till waits on it. The last
    failure is raised when the deadline passes.
    """
    while True:
        try:
            return action()
        except (DeviceError, DeviceFrameError):
            if clock() + interval >= deadline:
                raise
        sleep(interval)
