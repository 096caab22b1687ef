"""Tickets for the device tests: a Polish basket with alcohol, built by the sales rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from standalone_till.model import Card, Item, Payment, PaymentMethod, SoldBy, Ticket
from standalone_till.sales import add_line, add_payment, apply_offers, open_ticket, set_customer

D = Decimal
NOON = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)

VODKA = Item("VODKA", "Wódka Żubrówka 0,5l", D("23"), alcohol=True, price=D("32.99"))
BEER = Item("BEER", "Piwo Żywiec 0,5l", D("23"), alcohol=True, price=D("4.29"))
BREAD = Item("BREAD", "Chleb żytni", D("5"), price=D("5.49"))
HAM = Item("HAM", "Szynka", D("5"), SoldBy.WEIGHT, price=D("39.90"))
SOAP = Item("SOAP", "Mydło", D("23"), price=D("3.50"))
CARD = Card("9000000000017", "C000001", D("5"))


def closed(ticket: Ticket, number: int = 17) -> Ticket:
    return replace(ticket, status="closed", number=number, business_day=NOON.date(), closed_at=NOON)


def mixed_ticket(*, card_payment: str = "40.00", discount_card: bool = True) -> Ticket:
    """Alcohol and ordinary lines, a 5 % card discount, paid by card and cash with change."""
    t = open_ticket("S001", "T01", now=NOON, ticket_id="7f6c1d2e-0000-4000-8000-000000000001")
    t = add_line(t, VODKA, D("1"))
    t = add_line(t, BREAD, D("2"))
    t = add_line(t, BEER, D("3"))
    t = add_line(t, HAM, D("0.345"))
    t = add_line(t, SOAP, D("1"))
    if discount_card:
        t = set_customer(t, None, CARD)
        t = apply_offers(t, [], CARD, NOON.date())
    t = add_payment(t, PaymentMethod.CARD, D(card_payment))
    t = add_payment(t, PaymentMethod.CASH, D("50.00"))
    return closed(t)


def as_return(sale: Ticket, number: int = 18) -> Ticket:
    """The whole of ``sale`` given back, refunded by its payment methods: a return ticket
    as the till stores one (negative lines and payments), closed."""
    lines = tuple(
        replace(ln, quantity=-ln.quantity, discount=-ln.discount)
        for ln in sale.lines
        if not ln.voided
    )
    paid = sum((p.amount for p in sale.payments if p.method is not PaymentMethod.CASH), D(0))
    total = sum((ln.amount for ln in sale.lines), D(0))
    refunds = [p for p in sale.payments if p.method is not PaymentMethod.CASH]
    if total > paid:
        refunds.append(Payment(PaymentMethod.CASH, total - paid))
    ticket = replace(
        sale,
        id=f"{sale.id[:-4]}{number:04d}",
        kind="return",
        original_id=sale.id,
        lines=lines,
        payments=tuple(replace(p, amount=-p.amount) for p in refunds),
        status="open",
    )
    return closed(ticket, number)
