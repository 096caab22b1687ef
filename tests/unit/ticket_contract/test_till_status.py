"""The Ping's status as zeep writes it from the till's record and the gateway reads it
back: valid against the contract's schema, every part optional, the same record again."""

from __future__ import annotations

import datetime as dt
import functools

import zeep
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ticket_contract import NAMESPACE, WSDL_PATH
from ticket_contract.till_status import TillStatus, read_status

_IDS = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=64)
_COUNTS = st.none() | st.integers(0, 10**6)
_TIMES = st.none() | st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
).map(lambda t: t.replace(microsecond=0))

statuses = st.builds(
    TillStatus,
    software_version=st.none() | _IDS,
    server=st.none() | st.sampled_from(["gateway", "hub"]),
    tickets_waiting=_COUNTS,
    documents_waiting=_COUNTS,
    quarantined=_COUNTS,
    oldest_waiting=_TIMES,
    catalog_sequence=_COUNTS,
    last_closure_z=st.none() | st.integers(1, 10**6),
    last_closure_day=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    chain_heads=_COUNTS,
    chain_verified=st.none() | st.sampled_from(["held", "broken"]),
    last_error=st.none() | st.text(st.characters(min_codepoint=32, max_codepoint=0xD7FF), min_size=1, max_size=300).filter(lambda s: s.strip() == s),
)  # fmt: skip


@functools.cache
def _client() -> zeep.Client:
    return zeep.Client(str(WSDL_PATH))


@functools.cache
def _schema() -> etree.XMLSchema:
    wsdl = etree.parse(str(WSDL_PATH))
    return etree.XMLSchema(wsdl.find(".//{http://www.w3.org/2001/XMLSchema}schema"))


def _ping(status: TillStatus | None) -> etree._Element:
    client = _client()
    said = status.as_wire() or None if status is not None else None
    envelope = client.create_message(client.service, "Ping", "T01", None, None, said)
    ping = envelope.find(f".//{{{NAMESPACE}}}Ping")
    assert ping is not None
    assert _schema().validate(ping), _schema().error_log
    return ping


@settings(max_examples=60, deadline=None, derandomize=True)
@given(statuses)
def test_a_status_written_by_the_till_reads_back_the_same(status: TillStatus) -> None:
    read = read_status(_ping(status))
    assert read == status or (read is None and status == TillStatus())


def test_an_older_till_sends_no_status() -> None:
    assert read_status(_ping(None)) is None
