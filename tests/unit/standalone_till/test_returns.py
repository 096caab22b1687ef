"""Return rules: what remains returnable, the return ticket's lines, discounts, VAT and
refunds, and the refusals past what was sold."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.errors import SaleError
from standalone_till.model import (
    Card,
    Item,
    Offer,
    OfferKind,
    OfferScope,
    OfferTarget,
    PaymentMethod,
    SoldBy,
    Ticket,
)
from standalone_till.money import vat_of_gross
from standalone_till.returns import (
    ReturnRefused,
    build_return,
    build_return_without_receipt,
    choose_lines,
    kept_by_method,
    refund_payments,
    returnable,
    returned_quantities,
)
from standalone_till.sales import (
    add_line,
    add_payment,
    apply_offers,
    check_closable,
    open_ticket,
    set_customer,
    ticket_document,
    totals,
)

D = Decimal
NOW = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
DAY = NOW.date()
BREAD = Item("B1", "Bread", D("5.5"), price=D("2.40"))
WINE = Item("W1", "Wine", D("20"), alcohol=True, price=D("9.99"))
APPLES = Item("A1", "Apples", D("5.5"), sold_by=SoldBy.WEIGHT, price=D("2.99"))
CASH, CARD = PaymentMethod.CASH, PaymentMethod.CARD


def offer(code: str, value: str, *, item: str | None, kind: OfferKind) -> Offer:
    target = OfferTarget.ITEM if item else OfferTarget.TOTAL
    return Offer(code, code, OfferScope.ALL, None, target, item, kind, D(value))


def closed(ticket: Ticket, number: int = 7) -> Ticket:
    check_closable(ticket)
    return replace(ticket, business_day=DAY, number=number, closed_at=NOW, status="closed")


def sale(
    lines: list[tuple[Item, str]],
    *,
    offers: tuple[Offer, ...] = (),
    card: Card | None = None,
    pay: tuple[tuple[PaymentMethod, str | None], ...] = ((CASH, None),),
) -> dict[str, object]:
    ticket = open_ticket("S1", "T01", now=NOW)
    if card is not None:
        ticket = set_customer(ticket, card.customer_code, card)
    for item, qty in lines:
        ticket = add_line(ticket, item, D(qty), barcode="bc-" + item.code)
    ticket = apply_offers(ticket, offers, card, DAY)
    for method, amount in pay:
        ticket = add_payment(ticket, method, None if amount is None else D(amount))
    return ticket_document(closed(ticket))


def give_back(
    original: dict[str, object],
    returned: dict[int, Decimal],
    quantities: dict[int, Decimal],
    **kw: object,
) -> Ticket:
    back = build_return(original, returned, quantities, store_id="S1", till_id="T01", now=NOW, **kw)
    check_closable(back)  # a return closes as a sale does: nothing due
    return back


def test_full_return_is_the_original_negative() -> None:
    original = sale(
        [(BREAD, "2"), (WINE, "1")],
        offers=(offer("P10", "10", item="B1", kind=OfferKind.PERCENT),),
        pay=((CARD, "5.00"), (CASH, "20.00")),
    )
    back = give_back(original, {}, choose_lines(original, {}, []))
    doc = ticket_document(closed(back, 8))
    assert doc["kind"] == "return" and doc["original_id"] == original["id"]
    sold, given_back = original["totals"], doc["totals"]
    assert isinstance(sold, dict) and isinstance(given_back, dict)
    for key in ("gross", "discount", "total"):
        assert D(given_back[key]) == -D(sold[key])
    assert given_back["change"] == "0.00" and given_back["due"] == "0.00"
    assert [(v["rate"], D(v["vat"])) for v in given_back["vat"]] == [
        (v["rate"], -D(v["vat"])) for v in sold["vat"]
    ]
    # card kept 5.00, cash the rest (the change came out of the cash)
    assert [(p.method, p.amount) for p in back.payments] == [(CARD, D("-5.00")), (CASH, D("-9.31"))]
    assert [ln.line_no for ln in back.lines] == [1, 2]
    assert all(ln.quantity < 0 and ln.amount <= 0 for ln in back.lines)
    assert back.applied_offers == ("P10",)


def test_a_total_offer_is_named_on_the_return_that_gives_it_back() -> None:
    original = sale(
        [(BREAD, "2"), (WINE, "1")],
        offers=(offer("T5", "5", item=None, kind=OfferKind.PERCENT),),
    )
    assert original["applied_offers"] == ["T5"]
    back = give_back(original, {}, {2: D(1)})
    assert back.applied_offers == ("T5",) and back.lines[0].discount == D("-0.50")


def test_partial_returns_then_refused_past_what_remains() -> None:
    original = sale([(BREAD, "3"), (WINE, "2")])
    first = give_back(original, {}, choose_lines(original, {}, [("bc-B1", D(2))]))
    assert [(ln.line_no, ln.quantity) for ln in first.lines] == [(1, D("-2.000"))]
    done = returned_quantities([ticket_document(closed(first, 8))])
    assert done == {1: D("2.000")}
    assert returnable(original, done) == {1: D("1.000"), 2: D("2.000")}
    with pytest.raises(ReturnRefused) as refused:
        choose_lines(original, done, [("B1", D(2))])
    assert "1 remain returnable" in str(refused.value)
    assert "line 1 B1 (Bread): 1; line 2 W1 (Wine): 2" in str(refused.value)
    assert refused.value.returnable == {1: D("1.000"), 2: D("2.000")}
    with pytest.raises(ReturnRefused, match="cannot give back 2, 1 remain returnable"):
        give_back(original, done, {1: D(2)})
    rest = give_back(original, done, choose_lines(original, done, []))
    assert {ln.line_no: ln.quantity for ln in rest.lines} == {1: D("-1.000"), 2: D("-2.000")}
    everything = returned_quantities(
        [ticket_document(closed(first, 8)), ticket_document(closed(rest, 9))]
    )
    with pytest.raises(ReturnRefused, match="everything was returned already"):
        choose_lines(original, everything, [])


def test_picks_name_items_the_original_sold() -> None:
    original = sale([(BREAD, "1"), (APPLES, "1.250"), (BREAD, "2")])
    assert choose_lines(original, {}, [("B1", D(3))]) == {1: D(1), 3: D(2)}
    assert choose_lines(original, {}, [("bc-A1", None)]) == {2: D("1.250")}
    assert choose_lines(original, {}, [("B1", None)]) == {1: D(1)}
    with pytest.raises(ReturnRefused, match="sold no W1"):
        choose_lines(original, {}, [("W1", None)])
    with pytest.raises(SaleError, match="sold by the unit"):
        give_back(original, {}, {1: D("0.5")})
    with pytest.raises(ReturnRefused, match="has no line 9"):
        give_back(original, {}, {9: D(1)})


def test_voided_lines_and_cancelled_or_return_tickets_give_nothing_back() -> None:
    original = sale([(BREAD, "1"), (WINE, "1")])
    lines = original["lines"]
    assert isinstance(lines, list)
    lines[1] = {**lines[1], "voided": True}
    assert returnable(original, {}) == {1: D("1.000")}
    with pytest.raises(SaleError, match="cancelled"):
        returnable({**original, "status": "cancelled"}, {})
    with pytest.raises(SaleError, match="is a return"):
        returnable({**original, "kind": "return"}, {})


def test_refunds_as_given() -> None:
    cash = refund_payments(D("10.00"), {CARD: D("10.00")}, [(CASH, None)])
    assert [(p.method, p.amount) for p in cash] == [(CASH, D("-10.00"))]
    mixed = refund_payments(D("10.00"), {}, [(CARD, D("4.00")), (CASH, None)])
    assert [(p.method, p.amount) for p in mixed] == [(CARD, D("-4.00")), (CASH, D("-6.00"))]
    with pytest.raises(SaleError, match=r"add up to 12\.00"):
        refund_payments(D("10.00"), {}, [(CARD, D("12.00"))])
    with pytest.raises(SaleError, match=r"add up to 4\.00"):
        refund_payments(D("10.00"), {}, [(CARD, D("4.00"))])
    with pytest.raises(SaleError, match="only one"):
        refund_payments(D("10.00"), {}, [(CARD, None), (CASH, None)])


def test_partial_refunds_split_the_cumulative_refund() -> None:
    kept = {CARD: D("0.01"), CASH: D("9.99")}
    first = refund_payments(D("5.00"), kept)
    second = refund_payments(D("5.00"), kept, before=D("5.00"))
    card_back = -sum((p.amount for p in (*first, *second) if p.method is CARD), D(0))
    assert card_back == D("0.01")
    assert sum((p.amount for p in (*first, *second)), D(0)) == D("-10.00")


def test_return_without_receipt_at_todays_price() -> None:
    back = build_return_without_receipt(
        [(BREAD, D(2), "bc-B1"), (APPLES, D("0.5"), None)],
        store_id="S1",
        till_id="T01",
        now=NOW,
    )
    check_closable(back)
    assert back.kind == "return" and back.original_id is None
    assert [(ln.line_no, ln.amount) for ln in back.lines] == [(1, D("-4.80")), (2, D("-1.50"))]
    assert [(p.method, p.amount) for p in back.payments] == [(CASH, D("-6.30"))]
    with pytest.raises(SaleError, match="sold by the unit"):
        build_return_without_receipt([(BREAD, D("0.5"), None)], store_id="S1", till_id="T01")


# ---- properties ----------------------------------------------------------------------

ITEMS = (BREAD, WINE, APPLES, Item("M1", "Milk", D("5.5"), price=D("0.99")))


@st.composite
def sales(draw: st.DrawFn) -> dict[str, object]:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        item = draw(st.sampled_from(ITEMS))
        if item.sold_by is SoldBy.WEIGHT:
            qty = str(D(draw(st.integers(1, 5000))) / 1000)
        else:
            qty = str(draw(st.integers(1, 7)))
        lines.append((item, qty))
    offers: list[Offer] = []
    if draw(st.booleans()):
        offers.append(offer("I", str(draw(st.integers(1, 60))), item="B1", kind=OfferKind.PERCENT))
    if draw(st.booleans()):
        offers.append(
            offer("A", str(D(draw(st.integers(1, 150))) / 100), item="A1", kind=OfferKind.AMOUNT)
        )
    if draw(st.booleans()):
        offers.append(offer("T", str(draw(st.integers(1, 30))), item=None, kind=OfferKind.PERCENT))
    card = Card("C9", "CU", D(draw(st.integers(0, 15)))) if draw(st.booleans()) else None
    ticket = open_ticket("S1", "T01", now=NOW)
    if card is not None:
        ticket = set_customer(ticket, "CU", card)
    for item, qty in lines:
        ticket = add_line(ticket, item, D(qty))
    ticket = apply_offers(ticket, offers, card, DAY)
    due = totals(ticket).due
    if due > 0 and draw(st.booleans()):
        part = D(draw(st.integers(1, int(due * 100)))) / 100
        ticket = add_payment(ticket, CARD, part)
    if totals(ticket).due > 0:
        ticket = add_payment(ticket, CASH, totals(ticket).due + D(draw(st.integers(0, 500))) / 100)
    return ticket_document(closed(ticket))


@settings(max_examples=150, deadline=None)
@given(sales(), st.data())
def test_partial_returns_never_give_back_more_than_sold(
    original: dict[str, object], data: st.DataObject
) -> None:
    lines = {ln["line_no"]: ln for ln in original["lines"]}  # type: ignore[attr-defined]
    done: dict[int, Decimal] = {}
    docs: list[dict[str, object]] = []
    kept = kept_by_method(original)
    refunded: dict[PaymentMethod, Decimal] = {}
    for number in range(8, 20):
        left = returnable(original, done)
        open_lines = [no for no, q in left.items() if q > 0]
        if not open_lines:
            break
        wanted: dict[int, Decimal] = {}
        for no in data.draw(st.lists(st.sampled_from(open_lines), min_size=1, unique=True)):
            step = D("0.001") if D(lines[no]["quantity"]) % 1 else D(1)
            units = int(left[no] / step)
            wanted[no] = step * data.draw(st.integers(1, units))
        back = give_back(original, done, wanted)
        assert sum((p.amount for p in back.payments), D(0)) == totals(back).total
        for p in back.payments:
            refunded[p.method] = refunded.get(p.method, D(0)) - p.amount
            assert p.method in kept or p.method is CASH
        docs.append(ticket_document(closed(back, number)))
        done = returned_quantities(docs)
        # one past what remains is refused
        over = {no: left[no] - wanted.get(no, D(0)) + D("0.001") for no in open_lines[:1]}
        with pytest.raises((ReturnRefused, SaleError)):
            give_back(original, done, over)
    discount_back: dict[int, Decimal] = {}
    for doc in docs:
        for ln in doc["lines"]:  # type: ignore[attr-defined]
            discount_back[ln["line_no"]] = discount_back.get(ln["line_no"], D(0)) - D(
                ln["discount"]
            )
    for no, given_back in discount_back.items():
        assert D(0) <= given_back <= D(lines[no]["discount"])
        # all of a unit line back: its whole discount back (a weighed part's own gross
        # may round below its share, then it stays at most the original's)
        if done.get(no) == D(lines[no]["quantity"]) and D(lines[no]["quantity"]) % 1 == 0:
            assert given_back == D(lines[no]["discount"])
    for no, qty in done.items():
        assert qty <= D(lines[no]["quantity"])
    unit_only = all(D(ln["quantity"]) % 1 == 0 for ln in lines.values())
    everything = all(done.get(no, 0) == D(ln["quantity"]) for no, ln in lines.items())
    for method, amount in refunded.items():
        if method in kept:
            # a weighed part's rounding may refund a cent a return more than was kept
            assert amount <= kept[method] + (D(0) if unit_only else D("0.01") * len(docs))
    if unit_only and everything:
        total_back = sum((D(d["totals"]["total"]) for d in docs), D(0))  # type: ignore[index]
        assert total_back == -D(original["totals"]["total"])  # type: ignore[index]


def vat_lines(document: dict[str, object]) -> list[dict[str, str]]:
    totals = document["totals"]
    assert isinstance(totals, dict)
    return list(totals["vat"])


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(
        st.tuples(st.sampled_from([BREAD, WINE, APPLES]), st.integers(1, 9)), min_size=1, max_size=4
    ),
    split=st.lists(st.integers(1, 3), min_size=0, max_size=3),
    discount=st.sampled_from(["0", "7", "15"]),
)
def test_vat_given_back_in_parts_is_each_parts_own_and_whole_gives_the_originals(
    lines: list[tuple[Item, int]], split: list[int], discount: str
) -> None:
    """Each return's VAT is the VAT of its own gross per rate (what a fiscal printer prints
    on the return receipt); returned in parts, the VAT adds up to the original's within a
    cent a part and rate; returned whole, it is exactly the original's."""
    rows = [(item, f"{q / 7:.3f}" if item is APPLES else str(q)) for item, q in lines]
    offers = (offer("P", discount, item=None, kind=OfferKind.PERCENT),) if discount != "0" else ()
    original = sale(rows, offers=offers)
    returned: dict[int, Decimal] = {}
    parts: list[dict[str, object]] = []
    for share in [*split, None]:  # None: all that remains
        left = {no: q for no, q in returnable(original, returned).items() if q > 0}
        if not left:
            break
        weighed = {no for no in left if D(original["lines"][no - 1]["quantity"]) % 1}  # type: ignore[index]
        wanted = {
            no: q if share is None else min(q, D(share) / (10 if no in weighed else 1))
            for no, q in left.items()
        }
        doc = ticket_document(closed(give_back(original, returned, wanted), 10 + len(parts)))
        for v in vat_lines(doc):
            assert D(v["vat"]) == -vat_of_gross(-D(v["gross"]), D(v["rate"]))
        parts.append(doc)
        returned = returned_quantities(parts)
    assert all(q == 0 for q in returnable(original, returned).values())
    given: dict[str, list[Decimal]] = {}
    for doc in parts:
        for v in vat_lines(doc):
            g = given.setdefault(v["rate"], [D(0), D(0)])
            g[0] -= D(v["gross"])
            g[1] -= D(v["vat"])
    sold = {v["rate"]: (D(v["gross"]), D(v["vat"])) for v in vat_lines(original)}
    assert set(given) == set(sold)
    weighed_lines = sum(1 for item, _ in lines if item is APPLES)
    for rate, (gross, vat) in sold.items():
        # a weighed line's part is its weight at the unit price, rounded: a cent a part
        off = abs(given[rate][0] - gross)
        assert off <= D("0.01") * len(parts) * weighed_lines  # by the unit: exact
        assert abs(given[rate][1] - vat) <= D("0.01") * len(parts) + off
        if len(parts) == 1:
            assert given[rate] == [gross, vat]
