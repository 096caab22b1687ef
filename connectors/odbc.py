"""pyodbc behind one small function, its errors translated at this edge."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from connectors.errors import Unavailable


def redact(connection_string: str) -> str:
    return re.sub(r"(?i)(PWD|PASSWORD)=(\{[^}]*\}|[^;]*)", r"\1=***", connection_string)


def odbc_connect(connection_string: str, timeout: int = 30, *, readonly: bool = False) -> Any:
    """A pyodbc connection (transactions explicit: autocommit off); a failure to connect
    becomes Unavailable (password hidden)."""
    import pyodbc

    try:
        return pyodbc.connect(connection_string, timeout=timeout, readonly=readonly)
    except pyodbc.Error as exc:
        raise Unavailable(
            f"ODBC source {redact(connection_string)}: {exc.args[-1] if exc.args else exc}",
            target=redact(connection_string),
        ) from exc


@contextlib.contextmanager
def odbc_cursor(connection_string: str, timeout: int = 30) -> Iterator[Any]:
    """A read cursor on an ODBC data source; failures become Unavailable (password hidden)."""
    import pyodbc

    conn = odbc_connect(connection_string, timeout, readonly=True)
    try:
        yield conn.cursor()
    except pyodbc.Error as exc:
        raise Unavailable(
            f"ODBC source {redact(connection_string)}: {exc}", target=redact(connection_string)
        ) from exc
    finally:
        conn.close()
