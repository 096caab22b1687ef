"""UTC time text: one form for the contract, the manifests, reports and JSON."""

from __future__ import annotations

import datetime as dt

import pytest

from connectors.times import utc_text
from ticket_contract.times import parse_datetime


def test_utc_text_writes_utc_with_z_and_reads_back() -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    at = dt.datetime(2026, 12, 2, 10, 30, 15, 250000, tzinfo=paris)
    assert utc_text(at) == "2026-12-02T09:30:15.250000Z"
    assert utc_text(at, seconds=True) == "2026-12-02T09:30:15Z"
    assert parse_datetime(utc_text(at)) == at


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive time 2026-12-02T09:00:00"):
        utc_text(dt.datetime(2026, 12, 2, 9, 0))
