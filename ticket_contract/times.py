"""Times as the contract writes and reads them: xsd:dateTime in UTC with ``Z``."""

from __future__ import annotations

import datetime as dt

from connectors.times import utc_text

__all__ = ["parse_datetime", "utc_text"]


def parse_datetime(value: str, name: str = "time") -> dt.datetime:
    """An xsd:dateTime with its zone, as aware UTC; ValueError names the field."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{name} {value.strip()!r} is not a time Python can read") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{name} {value.strip()!r} has no time zone (send UTC with Z)")
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00:00+14:00 is before year 1 in UTC
        raise ValueError(f"{name} {value.strip()!r} is out of range in UTC") from None
