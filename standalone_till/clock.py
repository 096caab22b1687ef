"""The till's clock: the time now in UTC, the type of an injectable clock, and UTC times
as ISO 8601 text. Used by the sync agent and the hub alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from connectors.times import utc_text

Clock = Callable[[], dt.datetime]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(value: dt.datetime | None) -> str | None:
    """A UTC time as ISO 8601 text with "Z" (None stays None): for reports and JSON."""
    return None if value is None else utc_text(value)
