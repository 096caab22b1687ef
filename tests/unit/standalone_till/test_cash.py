"""Cash rules and the day's figures: movements, counts by note and coin, the approvals
the drawer needs, and the cash expected in the drawer to the cent."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.errors import BadInput, SaleError
from standalone_till.cash import (
    CASH_OUT_APPROVAL,
    DRAWER_OPEN_APPROVAL,
    CashKind,
    approval_needed,
    denominations_for,
    drawer_cash,
    movement_document,
    new_movement,
    parse_counts,
)
from standalone_till.model import Item, PaymentMethod, Ticket
from standalone_till.reports import closure_document, day_figures, x_report
from standalone_till.returns import build_return, choose_lines, returned_quantities
from standalone_till.sales import add_line, add_payment, open_ticket, ticket_document, totals

D = Decimal
NOW = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC)
DAY = NOW.date()
EUR = denominations_for("EUR")
CASH, CARD = PaymentMethod.CASH, PaymentMethod.CARD
ITEMS = (
    Item("B1", "Bread", D("5.5"), price=D("2.40")),
    Item("W1", "Wine", D("20"), price=D("9.99")),
    Item("M1", "Milk", D("5.5"), price=D("0.99")),
)


def move(kind: CashKind, amount: str = "0", number: int = 1, **kw: object) -> dict[str, object]:
    made = new_movement(
        kind,
        D(amount),
        movement_id=f"m{number}",
        store_id="S1",
        till_id="T01",
        now=NOW,
        **kw,  # type: ignore[arg-type]
    )
    return movement_document(replace(made, business_day=DAY, number=number))


def test_movement_document() -> None:
    doc = move(CashKind.CASH_OUT, "12.5", 3, reason=" change for the bank ", cashier="C01")
    assert doc == {
        "id": "m3",
        "store_id": "S1",
        "till_id": "T01",
        "business_day": "2026-12-02",
        "number": 3,
        "kind": "cash_out",
        "amount": "12.50",
        "reason": "change for the bank",
        "counts": [],
        "cashier": "C01",
        "supervisor": None,
        "created_at": "2026-12-02T09:30:00Z",
    }
    assert move(CashKind.DRAWER_OPEN)["amount"] == "0.00"
    count = move(CashKind.COUNT, counts=parse_counts(["0.20=12", "50=3"], EUR))
    assert count["amount"] == "152.40"
    assert count["counts"] == [
        {"denomination": "50.00", "count": 3},
        {"denomination": "0.20", "count": 12},
    ]


@pytest.mark.parametrize(
    ("kind", "amount", "kw", "message"),
    [
        (CashKind.CASH_IN, "5", {}, "needs a reason"),
        (CashKind.CASH_OUT, "5", {"reason": "  "}, "needs a reason"),
        (CashKind.FLOAT, "0", {}, "more than 0"),
        (CashKind.DROP, "-5", {}, "more than 0"),
        (CashKind.FLOAT, "1.005", {}, "whole cents"),
        (CashKind.FLOAT, "5", {"counts": ((D(1), 2),)}, "only a count"),
        (CashKind.CASH_IN, "5", {"reason": "a\x0bb"}, "no control characters"),
        (CashKind.CASH_IN, "5", {"reason": "x" * 201}, "at most 200"),
    ],
)
def test_movements_refused(
    kind: CashKind, amount: str, kw: dict[str, object], message: str
) -> None:
    with pytest.raises(BadInput, match=message):
        move(kind, amount, **kw)


def test_counts_by_note_and_coin() -> None:
    assert parse_counts(["0,50=4", "20=1"], EUR) == ((D("20.00"), 1), (D("0.50"), 4))
    for specs, message in [
        (["3=1"], "not a note or coin here"),
        (["50=1", "50.00=2"], "counted twice"),
        (["50"], "DENOMINATION=COUNT"),
        (["50=x"], "whole number"),
        (["50=-1"], "0..1000000"),
        ([], "at least one"),
    ]:
        with pytest.raises(BadInput, match=message):
            parse_counts(specs, EUR)
    assert denominations_for("PLN")[0] == D("500.00")
    assert denominations_for("XYZ", ["10", "0.5"]) == (D("10.00"), D("0.50"))
    with pytest.raises(BadInput, match=r"cash\.denominations"):
        denominations_for("XYZ")


def test_approvals_the_drawer_needs() -> None:
    limit = D("100.00")
    assert approval_needed(CashKind.DRAWER_OPEN, D(0), limit) == DRAWER_OPEN_APPROVAL
    assert approval_needed(CashKind.CASH_OUT, D("100.00"), limit) is None
    assert approval_needed(CashKind.CASH_OUT, D("100.01"), limit) == CASH_OUT_APPROVAL
    assert approval_needed(CashKind.DROP, D("5000"), limit) is None


def test_last_count_is_the_one_that_counts() -> None:
    movements = [
        move(CashKind.FLOAT, "100", 1),
        move(CashKind.COUNT, number=2, counts=((D(50), 1),)),
        move(CashKind.COUNT, number=3, counts=((D(50), 2),)),
    ]
    cash = drawer_cash([], movements)
    assert (cash.expected, cash.counted, cash.difference) == (D(100), D(100), D(0))


# ---- a random day --------------------------------------------------------------------


def _closed(ticket: Ticket, number: int, status: str = "closed") -> dict[str, object]:
    done = replace(ticket, business_day=DAY, number=number, closed_at=NOW, status=status)
    return ticket_document(done)


@st.composite
def days(draw: st.DrawFn) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    tickets: list[dict[str, object]] = []
    movements: list[dict[str, object]] = []
    sales: list[dict[str, object]] = []
    for number in range(1, draw(st.integers(0, 12)) + 1):
        what = draw(st.sampled_from(["sale", "sale", "return", "move", "cancel"]))
        cashier = draw(st.sampled_from([None, "C01", "C02"]))
        if what == "return" and sales:
            original = draw(st.sampled_from(sales))
            done = returned_quantities(t for t in tickets if t.get("original_id") == original["id"])
            try:
                chosen = choose_lines(original, done, [])
            except SaleError:
                continue
            back = build_return(
                original,
                done,
                {no: D(1) if q >= 1 else q for no, q in chosen.items()},
                store_id="S1",
                till_id="T01",
                now=NOW,
                ticket_id=f"t{number}",
                refunds=[(draw(st.sampled_from([CASH, CARD])), None)]
                if draw(st.booleans())
                else (),
            )
            tickets.append(_closed(replace(back, cashier=cashier), number))
        elif what == "move":
            kind = draw(st.sampled_from([CashKind.FLOAT, CashKind.CASH_IN, CashKind.CASH_OUT]))
            kind = draw(st.sampled_from([kind, CashKind.DROP, CashKind.DRAWER_OPEN]))
            amount = str(D(draw(st.integers(1, 50000))) / 100)
            movements.append(move(kind, amount, len(movements) + 1, reason="r", cashier=cashier))
        else:
            ticket = open_ticket("S1", "T01", now=NOW, ticket_id=f"t{number}")
            for _ in range(draw(st.integers(1, 3))):
                ticket = add_line(ticket, draw(st.sampled_from(ITEMS)), D(draw(st.integers(1, 3))))
            if what == "cancel":
                tickets.append(_closed(ticket, number, "cancelled"))
                continue
            if draw(st.booleans()):
                part = D(draw(st.integers(1, int(totals(ticket).due * 100)))) / 100
                ticket = add_payment(ticket, CARD, part)
            due = totals(ticket).due
            if due:
                ticket = add_payment(ticket, CASH, due + D(draw(st.integers(0, 2000))) / 100)
            doc = _closed(replace(ticket, cashier=cashier), number)
            sales.append(doc)
            tickets.append(doc)
    if draw(st.booleans()):
        count = ((D(draw(st.integers(1, 9))), draw(st.integers(0, 40))),)
        movements.append(move(CashKind.COUNT, number=len(movements) + 1, counts=count))
    return tickets, movements


@settings(max_examples=200, deadline=None)
@given(days())
def test_the_z_expects_the_sum_of_the_documents(
    day: tuple[list[dict[str, object]], list[dict[str, object]]],
) -> None:
    tickets, movements = day
    sign = {"float": 1, "cash_in": 1, "cash_out": -1, "drop": -1, "drawer_open": 0, "count": 0}
    expected = sum((sign[m["kind"]] * D(m["amount"]) for m in movements), D(0))  # type: ignore[index]
    for t in tickets:
        if t["status"] != "closed":
            continue
        expected += sum(
            (D(p["amount"]) for p in t["payments"] if p["method"] == "cash"),  # type: ignore[attr-defined]
            D(0),
        )
        expected -= D(t["totals"]["change"])  # type: ignore[index]
    figures = day_figures(tickets, movements)
    z = closure_document(
        figures,
        closure_id="z1",
        store_id="S1",
        till_id="T01",
        business_day=DAY,
        z_number=1,
        cashier=None,
        closed_at=NOW,
    )
    assert D(z["cash_expected"]) == expected  # type: ignore[arg-type]
    x = x_report(figures, store_id="S1", till_id="T01", business_day=DAY, at=NOW)
    assert x["cash"]["expected"] == z["cash_expected"]  # type: ignore[index]
    # per method and per cashier, the day adds up
    closed = [t for t in tickets if t["status"] == "closed"]
    net = sum((D(t["totals"]["total"]) for t in closed), D(0))  # type: ignore[index]
    assert D(z["total"]) == net  # type: ignore[arg-type]
    assert sum((D(p["amount"]) for p in z["payments"]), D(0)) == net  # type: ignore[attr-defined]
    assert sum((D(v["gross"]) for v in z["vat"]), D(0)) == net  # type: ignore[attr-defined]
    assert z["tickets"] + z["returns"] == len(closed)  # type: ignore[operator]
    assert z["cancelled"] == len(tickets) - len(closed)
    cash_pay = next((p for p in z["payments"] if p["method"] == "cash"), None)  # type: ignore[attr-defined]
    drawer = figures.cash
    assert D(cash_pay["amount"] if cash_pay else 0) == drawer.cash_sales - drawer.cash_refunds
    counts = [m for m in movements if m["kind"] == "count"]
    if counts:
        assert D(z["difference"]) == D(counts[-1]["amount"]) - expected  # type: ignore[arg-type]
    else:
        assert z["cash_counted"] is None and z["difference"] is None
    if tickets:
        assert (z["first_number"], z["last_number"]) == (
            min(t["number"] for t in tickets),  # type: ignore[type-var]
            max(t["number"] for t in tickets),  # type: ignore[type-var]
        )
