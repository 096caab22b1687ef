"""What to tell the person when something fails.

Errors tillsync raises on purpose (bad input, a server down, a full disk) are shown as
they are: they name what and where. Anything else is a bug: logged with its traceback
on ``tillsync.gui`` and shown as one, so it is reported rather than mistaken for a
problem of the environment.
"""

from __future__ import annotations

import logging

from sqlalchemy import exc as sa_exc

from admin_gui.i18n import translate
from connectors.errors import TillsyncError

log = logging.getLogger("tillsync.gui")


class Cancelled(TillsyncError):
    """The person stopped the work (raised from a progress report to abort it)."""

    def __init__(self) -> None:
        super().__init__("cancelled")


def _database_unreachable(exc: BaseException) -> bool:
    """A driver that fails to connect (missing ODBC driver, refused login) is the
    environment; connectors.sql maps OperationalError but not the driver's bare errors."""
    return type(exc) is sa_exc.DBAPIError or isinstance(
        exc, sa_exc.OperationalError | sa_exc.InterfaceError
    )


def explain(exc: BaseException) -> str:
    """The message for the person; a bug is logged first."""
    if isinstance(exc, Cancelled):
        return translate("Errors", "Cancelled.")
    if isinstance(exc, TillsyncError):
        return str(exc)
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        where = f" ({exc.filename})" if exc.filename else ""
        return translate("Errors", "System error: {reason}{where}").format(
            reason=reason, where=where
        )
    if _database_unreachable(exc):
        return translate("Errors", "Database not reachable: {error}").format(
            error=str(getattr(exc, "orig", exc)).strip()
        )
    log.error("unexpected error (a bug)", exc_info=exc)
    return translate("Errors", "Unexpected error (a bug, details in the log): {error}").format(
        error=f"{type(exc).__name__}: {exc}"
    )
