"""Socket-level failures in words for the administrator, shared by the FTP and SFTP mappers."""

from __future__ import annotations

import errno
import socket

_UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN}


def socket_reason(exc: BaseException) -> str:
    """What a socket-level error means."""
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return f"server unreachable: unknown host ({exc.strerror})"
    if isinstance(exc, ConnectionRefusedError):
        return "server unreachable: connection refused"
    if isinstance(exc, ConnectionError):
        return f"connection lost ({exc.strerror or type(exc).__name__})"
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE:
        return f"server unreachable ({exc.strerror})"
    if isinstance(exc, OSError):
        return f"network error ({exc.strerror or exc})"
    return str(exc) or type(exc).__name__
