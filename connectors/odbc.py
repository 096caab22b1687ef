"""pyodbc behind one small function, its errors translated at this edge."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from connectors.errors import Unavailable


def redact(connection_string: str) -> str:
    return re.sub(r"(?i)(PWD|PASSWORD)=(\{[^}]*\}|[^;]*)", r"\1=***", connection_string)


@contextlib.contextmanager
def odbc_cursor(connection_string: str, timeout: int = 30) -> Iterator[Any]:
    """A read cursor on an ODBC data source; failures become Unavailable (password hidden)."""
    import pyodbc

    try:
        conn = pyodbc.connect(connection_string, timeout=timeout, readonly=True)
    except pyodbc.Error as exc:
        raise Unavailable(
            f"ODBC source {redact(connection_string)}: {exc.args[-1] if exc.args else exc}",
            target=redact(connection_string),
        ) from exc
    try:
        yield conn.cursor()
    except pyodbc.Error as exc:
        raise Unavailable(
            f"ODBC source {redact(connection_string)}: {exc}", target=redact(connection_string)
        ) from exc
    finally:
        conn.close()
