"""UTC times as text: ISO 8601 with ``Z`` for the zone, the one form every part writes
(the contract's xsd:dateTime, export manifests, reports and JSON)."""

from __future__ import annotations

import datetime as dt


def utc_text(at: dt.datetime, *, seconds: bool = False) -> str:
    """An aware time as ISO text in UTC (``2026-12-02T09:00:00Z``); ``seconds`` drops the
    fraction. A naive time is a bug: ValueError."""
    if at.tzinfo is None:
        raise ValueError(f"naive time {at.isoformat()} where UTC is required")
    text = at.astimezone(dt.UTC).isoformat(timespec="seconds" if seconds else "auto")
    return text.replace("+00:00", "Z")
