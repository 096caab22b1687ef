"""Contract version 2: cash movements and closures (XML write -> schema -> read ->
canonical equals), return tickets and the version-2 ticket fields, and their rules."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from contract_documents import a_return, cash, closure, sale
from hypothesis import given
from hypothesis import strategies as st

from connectors.errors import BadInput
from connectors.soap import SOAP_ENV
from connectors.soap.server import Contract, SoapApp, SoapFaultError
from ticket_contract import NAMESPACE, WSDL_PATH, document_wire, wire
from ticket_contract.documents import (
    CashMovement,
    Closure,
    Unreadable,
    canonical,
    classify,
    problems,
)
from ticket_contract.tickets import Known, Outcome, ReceivedTicket
from ticket_contract.tickets import canonical as ticket_canonical
from ticket_contract.tickets import problems as ticket_problems
from ticket_contract.writer import (
    content_hash,
    content_hash_of_document,
    document_record,
    document_xml,
    record,
    stored_document,
    ticket_xml,
)

_APP = SoapApp(
    {"SendDocuments": lambda el: el, "SendTickets": lambda el: el},
    max_request_bytes=10**7,
    contract=Contract.load(WSDL_PATH),
)


def _request(operation: str, inner: str, holder: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap-env:Envelope xmlns:soap-env="{SOAP_ENV}">'
        f'<soap-env:Body><{operation} xmlns="{NAMESPACE}"><tillId>T01</tillId>'
        f"<{holder}>{inner}</{holder}></{operation}></soap-env:Body></soap-env:Envelope>"
    ).encode()


def received_documents(*xml: str) -> list[Any]:
    request = _APP._parse(_request("SendDocuments", "".join(xml), "documents"))
    return document_wire.send_documents_request(request).documents


def received_tickets(*xml: str) -> list[Any]:
    request = _APP._parse(_request("SendTickets", "".join(xml), "tickets"))
    return wire.send_tickets_request(request)[1]


# -- tickets of version 2 -------------------------------------------------------------


def test_a_sale_without_the_new_fields_keeps_its_hash_and_xml() -> None:
    doc = sale()
    t = record(doc)
    assert "kind" not in ticket_canonical(t).document
    assert "<kind>" not in ticket_xml(doc, content_hash(doc))
    # "kind": "sale" written out is the same sale: same hash, nothing more on the wire
    assert content_hash(doc | {"kind": "sale"}) == content_hash(doc)


def test_a_return_goes_over_the_wire_with_its_fields_and_hash() -> None:
    doc = a_return(supervisor="SV", approval="return_without_receipt")
    sent = content_hash(doc)
    assert sent != content_hash(sale())
    [got] = received_tickets(ticket_xml(doc, sent))
    assert isinstance(got, ReceivedTicket)
    assert (got.kind, got.original_id, got.cashier, got.supervisor, got.approval) == (
        "return",
        "t-1",
        "C1",
        "SV",
        "return_without_receipt",
    )
    assert ticket_canonical(got).content_hash == sent == got.till_hash
    assert ticket_problems(got) == []


def test_the_position_reader_and_the_tag_reader_agree_on_version_2_tickets() -> None:
    doc = a_return(customer_code="CU", supervisor="SV", approval="x")
    xml = ticket_xml(doc, content_hash(doc))
    plain = received_tickets(xml)[0]
    commented = received_tickets(xml.replace("<lines>", "<!-- c --><lines>"))[0]
    assert plain == commented


def test_a_sale_with_negatives_is_refused_and_a_return_with_positives_too() -> None:
    bad_sale = a_return()
    del bad_sale["kind"], bad_sale["original_id"]
    found = ticket_problems(record(bad_sale))
    assert any("on a sale" in p for p in found)
    bad_return = sale(kind="return", original_id="t-0")
    found = ticket_problems(record(bad_return))
    assert any("on a return" in p for p in found)
    assert any("change 2.10 on a return" in p for p in found)


def test_approval_needs_its_supervisor() -> None:
    found = ticket_problems(record(sale(approval="reprint")))
    assert found == ["approval 'reprint' without the supervisor who gave it"]


# -- cash movements and closures ------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [
        cash(),
        cash("cash_out", "5.00", supervisor="SV"),
        cash("float", "100.00", reason=None),
        cash("drawer_open", "0.00", supervisor="SV"),
        cash(
            "count",
            "160.50",
            counts=[{"denomination": "50.00", "count": 3}, {"denomination": "0.50", "count": 21}],
        ),
        closure(),
        closure(first_number=None, last_number=None, cash_counted=None, difference=None),
    ],
)
def test_a_document_survives_the_wire(doc: dict[str, Any]) -> None:
    [got] = received_documents(document_xml(doc))
    assert isinstance(got, CashMovement | Closure)
    assert got == document_record(doc, content_hash_of_document(doc))
    assert canonical(got).content_hash == content_hash_of_document(doc)
    assert content_hash_of_document(stored_document(got)) == content_hash_of_document(doc)
    assert problems(got) == []


_money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s
)


@given(
    kind=st.sampled_from(["float", "cash_in", "cash_out", "drop"]),
    amount=_money,
    reason=st.none() | _text,
    cashier=st.none() | _text.filter(lambda s: len(s) <= 64),
    number=st.integers(1, 10**6),
)
def test_cash_movements_round_trip(
    kind: str, amount: Decimal, reason: str | None, cashier: str | None, number: int
) -> None:
    doc = cash(kind, f"{amount:.2f}", reason=reason, cashier=cashier, number=number)
    [got] = received_documents(document_xml(doc))
    assert canonical(got).document == canonical(document_record(doc)).document


@given(
    counts=st.dictionaries(
        st.sampled_from(["0.01", "0.05", "0.50", "1.00", "2.00", "10.00", "50.00", "200.00"]),
        st.integers(0, 500),
        min_size=1,
    ),
    rates=st.lists(
        st.tuples(st.sampled_from(["0", "5.5", "8", "20", "23"]), _money, _money),
        max_size=4,
        unique_by=lambda r: r[0],
    ),
    card=_money,
)
def test_closures_and_counts_round_trip(
    counts: dict[str, int], rates: list[tuple[str, Decimal, Decimal]], card: Decimal
) -> None:
    total = sum((g for _, g, _ in rates), Decimal("0.00"))
    vat = [
        {"rate": r, "gross": f"{g:.2f}", "net": f"{g - v:.2f}", "vat": f"{v:.2f}"}
        for r, g, v in rates
    ]
    counted = sum((Decimal(d) * n for d, n in counts.items()), Decimal("0.00"))
    z = closure(
        total=f"{total:.2f}",
        vat=vat,
        payments=[
            {"method": "cash", "amount": f"{total - card:.2f}"},
            {"method": "card", "amount": f"{card:.2f}"},
        ],
        cash_counted=f"{counted:.2f}",
        difference=f"{counted - Decimal('105.00'):.2f}",
    )
    c = cash(
        "count",
        f"{counted:.2f}",
        counts=[{"denomination": d, "count": n} for d, n in counts.items()],
    )
    got = received_documents(document_xml(z), document_xml(c))
    assert [canonical(g).document for g in got] == [
        canonical(document_record(z)).document,
        canonical(document_record(c)).document,
    ]
    assert [problems(g) for g in got] == [[], []]


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        (cash(amount="-1.00"), "must be positive"),
        (cash("drawer_open", "1.00"), "moves no money"),
        (cash("count", "1.00", counts=[{"denomination": "0.50", "count": 1}]), "counts' total"),
        (closure(total="9.00"), "sum of VAT gross 8.00 != total 9.00"),
        (closure(difference="0.00"), "difference 0.00 != counted 104.50 - expected 105.00"),
        (closure(last_number=None), "go together"),
    ],
)
def test_inconsistent_documents_are_named(doc: dict[str, Any], problem: str) -> None:
    found = problems(document_record(doc))
    assert any(problem in p for p in found), found


def test_outcomes_follow_the_ticket_rules() -> None:
    first = received_documents(document_xml(cash()))[0]
    form = canonical(first)
    other_doc = cash(amount="99.00")
    other = received_documents(document_xml(other_doc))[0]
    forged = received_documents(document_xml(cash(), content_hash_of_document(other_doc)))[0]
    bad = received_documents(document_xml(cash(amount="-2.00", id="neg")))[0]
    results = classify(
        "T01",
        [form, canonical(first), canonical(other), canonical(forged), canonical(bad)],
        {},
        "S1",
    )
    assert [r.outcome for r in results] == [
        Outcome.ACCEPTED,
        Outcome.DUPLICATE,
        Outcome.MISMATCH,
        Outcome.REJECTED,
        Outcome.REJECTED,
    ]
    assert "amount (12.30 -> 99.00)" in (results[2].reason or "")
    known = {form.record.id: Known(form.content_hash, form.document)}
    assert classify("T02", [canonical(first)], known, "S1")[0].outcome is Outcome.REJECTED


def test_a_document_the_contract_cannot_carry_is_refused_alone() -> None:
    with pytest.raises(BadInput, match="kind 'tip'"):
        document_xml(cash("tip"))
    with pytest.raises(BadInput, match="not a SHA-256"):
        document_xml(cash(), "abc")
    doc = copy.deepcopy(closure())
    doc["tickets"] = -1
    with pytest.raises(BadInput, match="tickets -1"):
        document_xml(doc)


def test_a_time_python_cannot_take_makes_one_document_unreadable() -> None:
    xml = document_xml(cash()).replace("2026-12-02T09:00:00Z", "2026-12-02T09:00:00")
    [got] = received_documents(xml)
    assert isinstance(got, Unreadable) and "no time zone" in got.reason


def test_an_unknown_operation_of_version_1_is_refused() -> None:
    body = _request("SendDocuments", "", "documents").replace(
        NAMESPACE.encode(), b"urn:tillsync:erp:v1"
    )
    with pytest.raises(SoapFaultError, match="unknown operation"):
        _APP._parse(body)


_ids = st.none() | _text.filter(lambda s: len(s) <= 64)


@given(
    quantity=st.integers(1, 3),
    customer=_ids,
    cashier=_ids,
    supervisor=_ids,
    original=_ids,
    card=st.booleans(),
)
def test_return_tickets_round_trip(
    quantity: int,
    customer: str | None,
    cashier: str | None,
    supervisor: str | None,
    original: str | None,
    card: bool,
) -> None:
    doc = a_return(customer_code=customer, cashier=cashier, supervisor=supervisor)
    doc["original_id"] = original
    if supervisor is not None:
        doc["approval"] = "return_without_receipt"
    amount = f"-{quantity}.00"
    doc["lines"][0].update(quantity=f"-{quantity}.000", discount="0.00", amount=amount)
    doc["payments"] = [{"method": "card" if card else "cash", "amount": amount}]
    vat = -round(quantity * 100 / 6)
    doc["totals"] = {
        "total": amount,
        "discount": "0.00",
        "change": "0.00",
        "vat": [
            {
                "rate": "20",
                "gross": amount,
                "net": f"{(-quantity * 100 - vat) / 100:.2f}",
                "vat": f"{vat / 100:.2f}",
            }
        ],
    }
    xml = ticket_xml(doc, content_hash(doc))
    plain = received_tickets(xml)[0]
    tagged = received_tickets(xml.replace("<lines>", "<!-- c --><lines>"))[0]
    assert plain == tagged == record(doc, content_hash(doc))
    assert ticket_canonical(plain).content_hash == content_hash(doc)
    assert ticket_problems(plain) == []
