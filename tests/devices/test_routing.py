"""Splitting a closed ticket into print jobs: exact to the cent, whatever the ticket."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.errors import SaleError
from devices.tickets import BREAD, NOON, VODKA, as_return, closed, mixed_ticket
from standalone_till.devices.jobs import job_document, job_from_document
from standalone_till.devices.routing import (
    ALCOHOL,
    MAIN,
    by_alcohol,
    single_printer,
    slip_job,
    split_payments,
    split_ticket,
)
from standalone_till.model import Card, Item, Payment, PaymentMethod, SoldBy, Ticket
from standalone_till.sales import (
    add_line,
    add_payment,
    apply_offers,
    open_ticket,
    set_customer,
    totals,
    void_line,
)

D = Decimal
CASH, CARD = PaymentMethod.CASH, PaymentMethod.CARD


def by_method(payments: list[Payment] | tuple[Payment, ...]) -> dict[PaymentMethod, Decimal]:
    out: dict[PaymentMethod, Decimal] = defaultdict(lambda: D("0"))
    for p in payments:
        out[p.method] += p.amount
    return dict(out)


def assert_reconciles(ticket: Ticket, jobs: list) -> None:
    t = totals(ticket)
    assert sum(j.total for j in jobs) == t.total
    assert sum(j.change for j in jobs) == t.change
    for job in jobs:
        assert job.paid - job.change == job.total
        assert all(p.amount > 0 for p in job.payments)
        assert job.change == 0 or any(p.method is CASH for p in job.payments)
        non_cash = sum((p.amount for p in job.payments if p.method is not CASH), D("0"))
        assert non_cash <= job.total  # only cash is handed back
    paid_by_jobs: dict[PaymentMethod, Decimal] = defaultdict(lambda: D("0"))
    for job in jobs:
        for method, amount in by_method(job.payments).items():
            paid_by_jobs[method] += amount
    assert dict(paid_by_jobs) == by_method(ticket.payments)
    gross_by_rate: dict[Decimal, Decimal] = defaultdict(lambda: D("0"))
    for job in jobs:
        for v in job.vat:
            gross_by_rate[v.rate] += v.gross
            assert v.net + v.vat == v.gross
    assert dict(gross_by_rate) == {v.rate: v.gross for v in t.vat}


def test_the_mixed_ticket_splits_by_the_alcohol_flag() -> None:
    ticket = mixed_ticket()
    main, alcohol = split_ticket(ticket)
    assert (main.printer, main.part, main.parts) == (MAIN, 1, 2)
    assert [ln.name for ln in main.lines] == ["Chleb żytni", "Szynka", "Mydło"]
    assert [ln.name for ln in alcohol.lines] == ["Wódka Żubrówka 0,5l", "Piwo Żywiec 0,5l"]
    assert (main.total, alcohol.total) == (D("26.83"), D("43.57"))
    assert by_method(main.payments) == {CARD: D("15.24"), CASH: D("19.06")}
    assert by_method(alcohol.payments) == {CARD: D("24.76"), CASH: D("30.94")}
    assert (main.change, alcohol.change) == (D("7.47"), D("12.13"))
    assert main.reference == "T01/17/1"
    assert_reconciles(ticket, [main, alcohol])


def test_single_rule_and_missing_printer_put_everything_on_main() -> None:
    ticket = mixed_ticket()
    assert [j.printer for j in split_ticket(ticket, single_printer)] == [MAIN]
    (only,) = split_ticket(ticket, by_alcohol, printers=(MAIN,))
    assert len(only.lines) == 5 and only.total == totals(ticket).total


def test_voided_lines_are_not_printed() -> None:
    t = open_ticket("S001", "T01", now=NOON)
    t = add_line(add_line(t, VODKA, D("1")), BREAD, D("1"))
    t = void_line(t, 1)
    t = closed(add_payment(t, CASH, D("10")))
    (job,) = split_ticket(t)
    assert job.printer == MAIN and [ln.name for ln in job.lines] == ["Chleb żytni"]


def test_only_closed_paid_tickets_are_split() -> None:
    with pytest.raises(SaleError, match="only closed tickets"):
        split_ticket(replace(mixed_ticket(), status="open"))
    with pytest.raises(SaleError, match="not fully paid"):
        split_ticket(replace(mixed_ticket(), payments=(Payment(CARD, D("1.00")),)))


def test_an_exact_cash_and_card_split_never_leaves_a_job_short() -> None:
    payments, change = split_payments(
        [Payment(CARD, D("10.01")), Payment(CASH, D("10.01"))], [D("10.01"), D("10.01")]
    )
    assert [sum(p.amount for p in job) for job in payments] == [D("10.01"), D("10.01")]
    assert change == [D("0.00"), D("0.00")]


def test_jobs_round_trip_through_their_document() -> None:
    for job in split_ticket(mixed_ticket()):
        assert job_from_document(job_document(job)) == job


# ---- any ticket ----------------------------------------------------------------------

RATES = [D("0"), D("5"), D("8"), D("23")]
prices = st.decimals(min_value=D("0.01"), max_value=D("250"), places=2)
lines = st.lists(
    st.tuples(prices, st.sampled_from(RATES), st.booleans(), st.integers(1, 5), st.booleans()),
    min_size=1,
    max_size=8,
)


@st.composite
def tickets(draw: st.DrawFn) -> Ticket:
    t = open_ticket("S001", "T01", now=NOON)
    for n, (price, rate, alcohol, units, weighed) in enumerate(draw(lines)):
        sold_by = SoldBy.WEIGHT if weighed else SoldBy.UNIT
        item = Item(f"I{n}", f"item {n}", rate, sold_by, alcohol, price=price)
        qty = D(draw(st.integers(1, 5000))) / 1000 if weighed else D(units)
        t = add_line(t, item, qty)
    percent = draw(st.sampled_from([D("0"), D("3"), D("10"), D("33.3")]))
    if percent:
        card = Card("C1", None, percent)
        t = apply_offers(set_customer(t, None, card), [], card, NOON.date())
    total = totals(t).total
    if total == 0:
        return closed(t)
    card_cents = draw(st.integers(0, int(total * 100)))
    if card_cents:
        t = add_payment(t, CARD, D(card_cents) / 100)
    if totals(t).due:
        t = add_payment(t, CASH, totals(t).due + D(draw(st.integers(0, 10000))) / 100)
    return closed(t)


@settings(max_examples=300, deadline=None)
@given(tickets())
def test_any_ticket_reconciles_exactly(ticket: Ticket) -> None:
    jobs = split_ticket(ticket, by_alcohol, (MAIN, ALCOHOL))
    assert_reconciles(ticket, jobs)
    assert {j.printer for j in jobs} <= {MAIN, ALCOHOL}
    for job in jobs:
        assert all(ln.amount >= 0 for ln in job.lines)
        assert job_from_document(job_document(job)) == job


# ---- returns and copies: one non-fiscal job of the whole ticket -------------------------


@settings(max_examples=100, deadline=None)
@given(tickets(), st.sampled_from([None, 1, 7]))
def test_a_return_or_a_copy_is_one_job_of_the_whole_ticket(
    ticket: Ticket, copy_no: int | None
) -> None:
    for t in (ticket, as_return(ticket)):
        if t.kind == "sale" and copy_no is None:
            continue  # a sale's own receipt is split_ticket's
        job = slip_job(t, "main", copy_no=copy_no)
        money = totals(t)
        assert job.total == money.total and job.payments == t.payments
        assert job.paid - job.change == job.total
        assert [ln.line_no for ln in job.lines] == [ln.line_no for ln in t.lines if not ln.voided]
        assert job.kind == t.kind and not job.fiscal
        assert job.receipt_code == f"S001/T01/20260615/{t.number}"
        assert job_from_document(job_document(job)) == job


def test_a_return_is_never_split_over_the_fiscal_printers() -> None:
    refund = as_return(mixed_ticket())
    with pytest.raises(SaleError, match="is a return"):
        split_ticket(refund)
    job = slip_job(refund, "main")
    assert job.kind == "return" and job.original == mixed_ticket().id
    assert job.total < 0 and all(ln.amount < 0 for ln in job.lines)
    assert job.job_id == f"{refund.id}:main"


def test_copies_have_their_own_job_ids() -> None:
    sale = mixed_ticket()
    ids = {slip_job(sale, "main", copy_no=n).job_id for n in (1, 2)}
    ids |= {j.job_id for j in split_ticket(sale)}
    assert len(ids) == 4
    with pytest.raises(ValueError, match="copy number"):
        slip_job(sale, "main", copy_no=0)


def test_sale_jobs_carry_the_receipt_code() -> None:
    assert {j.receipt_code for j in split_ticket(mixed_ticket())} == {"S001/T01/20260615/17"}


def test_a_job_stored_before_returns_reads_back_as_a_sale() -> None:
    (job,) = split_ticket(closed(add_payment(add_line(open_ticket("S1", "T1"), BREAD, D(1)), CASH)))
    doc = job_document(job)
    for key in ("kind", "receipt_code", "copy_no", "original", "cashier", "supervisor"):
        del doc[key]
    old = job_from_document(doc)
    assert old.kind == "sale" and old.fiscal and old.receipt_code is None
    assert old.job_id == job.job_id


def test_a_return_without_receipt_names_its_supervisor() -> None:
    refund = replace(
        as_return(mixed_ticket()),
        original_id=None,
        cashier="C01",
        supervisor="S01",
        approval="return_without_receipt",
    )
    job = slip_job(refund, "slip")
    assert (job.original, job.cashier, job.supervisor) == (None, "C01", "S01")
    assert job_from_document(job_document(job)) == job
