"""The gateway's ticket rules as plain functions: units, validation, canonical form,
classification and differences. No I/O."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from gateway_fixture import envelope, make_ticket
from hypothesis import given
from hypothesis import strategies as st

from connectors.soap.server import Contract, SoapApp
from ticket_contract import WSDL_PATH
from ticket_contract.tickets import (
    Canonical,
    Known,
    Line,
    Outcome,
    Payment,
    ReceivedTicket,
    Unreadable,
    VatLine,
    canonical,
    classify,
    differences,
    problems,
)
from ticket_contract.units import as_decimal, div_half_up, units
from ticket_contract.wire import send_tickets_request

AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def line(no: int, qty: int, price: int, *, discount: int = 0, voided: bool = False) -> Line:
    """qty in thousandths, price in ten-thousandths; the amount computed as the till does."""
    amount = 0 if voided else div_half_up(qty * price, 100_000) - discount
    return Line(
        no, f"I{no}", None, f"item {no}", qty, price, 2000, False, discount, None, voided, amount
    )


def ticket(
    *lines: Line, cash: int | None = None, ticket_id: str = "A-1", **over: object
) -> ReceivedTicket:
    sold = [ln for ln in lines if not ln.voided]
    total = sum(ln.amount for ln in sold)
    vat = round(total * 20 / 120)
    paid = cash if cash is not None else total
    base = ReceivedTicket(
        id=ticket_id,
        store_id="S1",
        till_id="T1",
        business_day=AT.date(),
        number=1,
        status="closed",
        opened_at=AT,
        closed_at=AT,
        customer_code=None,
        card_number=None,
        total=total,
        discount=sum(ln.discount for ln in sold),
        change=paid - total,
        till_hash="0" * 64,
        lines=lines,
        payments=(Payment("cash" if cash is not None else "card", paid),),
        vat=(VatLine(2000, total, total - vat, vat),),
    )
    return base._replace(**over)  # type: ignore[arg-type]


GOOD = ticket(
    line(1, 2000, 15_000),
    line(2, 345, 129_900, discount=10),
    line(3, 1000, 5000, voided=True),
    cash=2000,
)


def test_a_consistent_ticket_has_no_problems() -> None:
    assert problems(GOOD) == []
    assert GOOD.lines[1].amount == 448 - 10  # 0.345 x 12.99 = 4.48155 -> 4.48, less 0.10


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"total": GOOD.total + 1}, "total"),
        ({"discount": 0}, "discount 0.00 != sum of line discounts 0.10"),
        ({"change": GOOD.change + 1}, "payments"),
        ({"vat": (VatLine(2000, GOOD.total, 1, 1),)}, "net 0.01 + vat 0.01 != gross"),
        ({"vat": ()}, "sum of VAT gross 0.00 != total"),
        ({"payments": (Payment("card", 2000),)}, "change 12.62 must be 0..cash paid 0.00"),
        ({"lines": (*GOOD.lines[:2], GOOD.lines[2]._replace(amount=50))}, "voided"),
        (
            {"lines": (GOOD.lines[0]._replace(amount=301), *GOOD.lines[1:])},
            "line 1: amount 3.01",
        ),
        ({"lines": (GOOD.lines[0], GOOD.lines[0], GOOD.lines[2])}, "lineNo values repeat"),
        ({"number": 2**63}, "number"),
    ],
)
def test_each_rule_names_what_is_wrong(change: dict[str, object], expected: str) -> None:
    found = problems(GOOD._replace(**change))  # type: ignore[arg-type]
    assert any(expected in p for p in found), found


def test_cancelled_tickets_skip_the_payment_rules() -> None:
    cancelled = GOOD._replace(status="cancelled", payments=(), change=0)
    assert problems(cancelled) == []


@given(
    qty=st.integers(min_value=-(10**9), max_value=10**9),
    price=st.integers(min_value=-(10**8), max_value=10**8),
)
def test_line_rounding_is_decimal_round_half_up(qty: int, price: int) -> None:
    exact = as_decimal(qty, 3) * as_decimal(price, 4)
    expected = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert as_decimal(div_half_up(qty * price, 100_000), 2) == expected


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False))
def test_units_round_trip_exactly(value: Decimal) -> None:
    assert as_decimal(units(str(value), 4), 4) == value
    assert units(f"{value:f}00", 4) == units(str(value), 4)


@pytest.mark.parametrize("bad", ["1.23456", "abc", "1e5", ""])
def test_units_refuse_what_they_cannot_hold(bad: str) -> None:
    with pytest.raises(ValueError):
        units(bad, 4)


def test_units_take_xsd_spellings() -> None:
    assert [units(t, 2) for t in ("+1.5", "-.5", " 7 ", "0.500", "-0")] == [150, -50, 700, 50, 0]


# -- classification -------------------------------------------------------------------


def sent(t: ReceivedTicket) -> Canonical:
    """``t``'s canonical form as a till sends it: with the hash it computed at close."""
    return canonical(t._replace(till_hash=canonical(t).content_hash))


def test_classify_in_one_batch() -> None:
    first = sent(GOOD)
    other = sent(GOOD._replace(customer_code="C9"))
    fresh = sent(GOOD._replace(id="A-2"))
    foreign = sent(GOOD._replace(id="A-3", till_id="T2"))
    wrong = sent(GOOD._replace(id="A-4", total=1))
    known = {"A-1": Known(first.content_hash, first.document)}
    batch = [first, other, fresh, fresh, foreign, wrong, Unreadable("A-5", "no zone")]
    results = classify("T1", batch, known, "S1")
    assert [r.outcome for r in results] == [
        Outcome.DUPLICATE,
        Outcome.MISMATCH,
        Outcome.ACCEPTED,
        Outcome.DUPLICATE,  # the same id twice in a batch: the first one counts
        Outcome.REJECTED,
        Outcome.REJECTED,
        Outcome.REJECTED,
    ]
    assert (
        results[1].reason
        == "differs from the first copy in 1 field(s): customerCode (absent -> C9)"
    )
    assert results[6].reason == "no zone"


def test_first_ticket_sets_the_store_of_a_new_till() -> None:
    a = sent(GOOD)
    b = sent(GOOD._replace(id="A-2", store_id="S2"))
    assert [r.outcome for r in classify("T1", [a, b], {}, None)] == [
        Outcome.ACCEPTED,
        Outcome.REJECTED,
    ]


def test_a_body_changed_after_its_hash_is_refused_with_both_hashes() -> None:
    good = sent(GOOD)
    edited = canonical(good.ticket._replace(customer_code="C9"))  # the till's hash kept
    result = classify("T1", [edited], {}, "S1")[0]
    assert result.outcome is Outcome.REJECTED
    assert result.reason == (
        f"contentHash {good.content_hash} is not the hash of the ticket's content "
        f"({edited.content_hash}): the ticket changed after it was closed"
    )
    # the first copy, once stored, is not touched by the refused one
    known = {GOOD.id: Known(good.content_hash, good.document)}
    assert [r.outcome for r in classify("T1", [edited, good], known, "S1")] == [
        Outcome.REJECTED,
        Outcome.DUPLICATE,
    ]


def test_canonical_form_ignores_the_tills_own_hash_only() -> None:
    assert canonical(GOOD._replace(till_hash="f" * 64)).content_hash == canonical(GOOD).content_hash
    assert canonical(GOOD._replace(number=2)).content_hash != canonical(GOOD).content_hash


def test_differences_name_lines_by_number() -> None:
    changed = GOOD._replace(lines=(GOOD.lines[0], GOOD.lines[1]._replace(quantity=346)))
    found = {
        d.field: (d.old, d.new)
        for d in differences(canonical(GOOD).document, canonical(changed).document)
    }
    assert found["lines[2].quantity"] == ("0.345", "0.346")
    assert found["lines[3]"][1] is None
    assert found["lines[3]"][0]["unitPrice"] == "0.5000"


# -- the SOAP payload round trip ------------------------------------------------------

_APP = SoapApp(
    {"SendTickets": lambda el: el}, max_request_bytes=10**7, contract=Contract.load(WSDL_PATH)
)
_line_specs = st.lists(
    st.tuples(
        st.sampled_from(["A1", "B-2", "é_3"]),
        st.decimals(min_value=Decimal("0.001"), max_value=Decimal("500"), places=3),
        st.decimals(min_value=Decimal("0"), max_value=Decimal("9999.99"), places=2),
        st.sampled_from(["0", "5.5", "10", "20"]),
    ),
    min_size=1,
    max_size=6,
)


@given(lines=_line_specs, cash=st.booleans(), name=st.text(max_size=40))
def test_a_till_built_ticket_survives_the_wire_and_adds_up(
    lines: list[tuple[str, Decimal, Decimal, str]], cash: bool, name: str
) -> None:
    specs = [(item, str(qty), str(price), rate) for item, qty, price, rate in lines]
    total = sum(
        ((q * p).quantize(Decimal("0.01"), ROUND_HALF_UP) for _, q, p, _ in lines), Decimal(0)
    )
    sent = make_ticket("P-1", lines=specs, paid_cash=str(total + 5) if cash else None)
    clean = "".join(ch for ch in name if ch.isprintable())  # XML 1.0 text, no controls
    sent["lines"]["line"][0]["name"] = clean
    request = _APP._parse(envelope("SendTickets", {"tillId": "T01", "tickets": {"ticket": [sent]}}))
    _till, [received] = send_tickets_request(request)
    assert isinstance(received, ReceivedTicket)
    assert problems(received) == []
    assert received.lines[0].name == clean
    assert as_decimal(received.total, 2) == sent["total"]
    assert [as_decimal(ln.quantity, 3) for ln in received.lines] == [
        ln["quantity"] for ln in sent["lines"]["line"]
    ]
