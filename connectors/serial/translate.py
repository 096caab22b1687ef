"""The one place where pyserial's errors become tillsync's ``DeviceError``."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator

import serial

from connectors.serial.errors import DeviceError, DeviceTimeout

try:  # pyserial lets termios.error (not an OSError) through on POSIX, e.g. when flushing
    import termios

    _PORT_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, termios.error)
except ImportError:  # Windows
    _PORT_ERRORS = (serial.SerialException, OSError)

_OPEN_REASONS = {
    errno.ENOENT: "port not found (unplugged, or wrong port name?)",
    errno.ENODEV: "port not found (unplugged?)",
    errno.ENXIO: "port not found (unplugged?)",
    errno.EACCES: "permission denied on the port",
    errno.EPERM: "permission denied on the port",
    errno.EBUSY: "port busy (used by another program?)",
}


def _reason(exc: BaseException, action: str) -> str:
    code = getattr(exc, "errno", None)
    if code is None and exc.args and isinstance(exc.args[0], int):
        code = exc.args[0]
    if action == "open" and code in _OPEN_REASONS:
        return _OPEN_REASONS[code]
    text = str(exc)
    if "returned no data" in text or "Input/output error" in text or code == errno.EIO:
        return f"device disconnected ({action} failed)"
    # pyserial repeats the OS message inside its own; keep the last, most precise part.
    detail = text.rsplit("] ", 1)[-1].strip() or type(exc).__name__
    return f"cannot {action} the port ({detail})"


@contextlib.contextmanager
def serial_errors(device: str, port: str, action: str) -> Iterator[None]:
    """Translate pyserial and OS errors raised while doing ``action`` on the port."""
    try:
        yield
    except serial.SerialTimeoutException as exc:
        raise DeviceTimeout(f"{action} timed out", device=device, port=port) from exc
    except _PORT_ERRORS as exc:
        raise DeviceError(_reason(exc, action), device=device, port=port) from exc
