"""Proof that nothing is missing, as contract rules: a closure against the tickets held
(missing numbers, differing figures), number ranges both ways, the ``<missing>`` answer
written and read, and the closure's optional chain head (absent: the hash of before)."""

from __future__ import annotations

import datetime as dt

import pytest
from contract_documents import closure
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ticket_contract import wire
from ticket_contract.documents import canonical, canonical_document
from ticket_contract.reconciliation import (
    Difference,
    HeldTicket,
    MissingRange,
    missing_element,
    missing_ranges,
    numbers_of,
    ranges,
    ranges_text,
    read_missing,
    reconcile,
)
from ticket_contract.writer import (
    content_hash_of_document,
    document_record,
    document_xml,
    stored_document,
)

DAY = dt.date(2026, 12, 2)


def _held(*numbers: int, total: int = 100) -> list[HeldTicket]:
    return [HeldTicket(n, "closed", "sale", total) for n in numbers]


def _stated(first: int | None, last: int | None, tickets: int, total: int) -> object:
    doc = closure(first_number=first, last_number=last, tickets=tickets, returns=0)
    return document_record(doc)._replace(total=total, cancelled=0)


def test_every_number_held_and_figures_equal_is_clean() -> None:
    finding = reconcile(_stated(1, 3, 3, 300), _held(1, 2, 3))
    assert finding.clean and finding.missing == () and finding.differences == ()


def test_the_numbers_not_held_are_named_and_the_figures_differ() -> None:
    finding = reconcile(_stated(1, 5, 5, 500), _held(1, 4))
    assert finding.missing == (2, 3, 5)
    assert finding.differences == (
        Difference("tickets", 5, 2),
        Difference("total", 500, 200),
    )
    assert finding.differences[1].describe() == "total: closure 5.00, held 2.00"


def test_cancelled_and_returns_count_apart_and_a_return_lowers_the_total() -> None:
    held = [
        HeldTicket(1, "closed", "sale", 500),
        HeldTicket(2, "cancelled", "sale", 0),
        HeldTicket(3, "closed", "return", -200),
    ]
    stated = document_record(closure(first_number=1, last_number=3, tickets=1, returns=1))
    stated = stated._replace(cancelled=1, total=300)
    assert reconcile(stated, held).clean
    # every number held, a total that differs: still a finding, without missing numbers
    other = reconcile(stated._replace(total=301), held)
    assert other.missing == () and other.differences == (Difference("total", 301, 300),)


def test_a_day_without_tickets_has_no_range() -> None:
    stated = document_record(closure(first_number=None, last_number=None, tickets=0, returns=0))
    assert reconcile(stated._replace(total=0, cancelled=0), []).clean


@given(st.sets(st.integers(1, 400), max_size=60))
def test_ranges_round_trip(numbers: set[int]) -> None:
    text = ranges_text(numbers)
    assert numbers_of(text) == sorted(numbers)
    assert sum(b - a + 1 for a, b in ranges(numbers)) == len(numbers)


def test_ranges_text_reads_as_people_write_it() -> None:
    assert ranges_text([7, 1, 2, 3]) == "1-3,7"
    assert numbers_of(" 1-3, 7 ") == [1, 2, 3, 7]
    with pytest.raises(ValueError, match="'x'"):
        numbers_of("1,x")
    with pytest.raises(ValueError, match="ends before it starts"):
        numbers_of("5-2")


def test_the_missing_answer_round_trips_and_is_absent_when_nothing_misses() -> None:
    answer = wire.element("PingResponse")
    missing_element(answer, [])
    assert read_missing(answer) == [] and len(answer) == 0
    found = [*missing_ranges("T01", DAY, [1, 2, 3, 9]), MissingRange("T02", DAY, 4, 4)]
    missing_element(answer, found)
    assert read_missing(etree.fromstring(etree.tostring(answer))) == found
    assert [list(r.numbers()) for r in found[:2]] == [[1, 2, 3], [9]]


def test_a_closure_without_chain_head_hashes_as_before() -> None:
    doc = closure()
    record = document_record(doc, content_hash_of_document(doc))
    assert record.chain_head is None
    assert "chainHead" not in canonical_document(record)
    assert "<chainHead>" not in document_xml(doc)


def test_a_chain_head_is_carried_and_hashed() -> None:
    doc = closure(chain_head="c2lnbmF0dXJl")
    record = document_record(doc, content_hash_of_document(doc))
    assert record.chain_head == "c2lnbmF0dXJl"
    assert canonical_document(record)["chainHead"] == "c2lnbmF0dXJl"
    assert canonical(record).content_hash != content_hash_of_document(closure())
    assert "<chainHead>c2lnbmF0dXJl</chainHead>" in document_xml(doc)
    assert content_hash_of_document(stored_document(record)) == record.till_hash
