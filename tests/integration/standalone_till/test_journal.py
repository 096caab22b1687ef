"""Selling against the local catalog and the durable journal, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from catalog_fixture import BREAD, CARD, CHEESE_PLU, CUSTOMER, MILK_UPC, SOAP, WINE, write_catalog
from connectors.errors import BarcodeError, SaleError
from standalone_till import schema as T
from standalone_till.config import load_config
from standalone_till.model import PaymentMethod
from standalone_till.sales import content_hash
from standalone_till.service import Till

NOON = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def till(till_config: Path, tmp_path: Path) -> Till:
    t = Till(load_config(till_config))
    t.init()
    t.load_data(write_catalog(tmp_path / "exports"))
    yield t
    t.close()


def _sell(till: Till, *codes: str, now: dt.datetime = NOON, **kw: str):
    sale = till.new_sale(now)
    if "customer" in kw:
        sale.set_customer(kw["customer"])
    if "card" in kw:
        sale.set_card(kw["card"])
    for code in codes:
        code, _, qty = code.partition("*")
        sale.scan(code, Decimal(qty) if qty else None)
    sale.pay(PaymentMethod.CASH)
    return sale.close()


def test_a_ticket_is_stored_whole_with_its_outbox_entry(till: Till) -> None:
    ticket = _sell(till, BREAD, BREAD, WINE)
    with till.db.read(till.db.journal) as conn:
        row = conn.execute(sa.select(T.tickets).where(T.tickets.c.id == ticket.id)).one()
        lines = conn.execute(
            sa.select(T.ticket_lines).where(T.ticket_lines.c.ticket_id == ticket.id)
        ).all()
        pays = conn.execute(
            sa.select(T.ticket_payments).where(T.ticket_payments.c.ticket_id == ticket.id)
        ).all()
        vat = conn.execute(
            sa.select(T.ticket_vat).where(T.ticket_vat.c.ticket_id == ticket.id)
        ).all()
        outbox = conn.execute(sa.select(T.outbox).where(T.outbox.c.ticket_id == ticket.id)).one()
    # 2 x 1.20 + 9.90 - 1.00 (ticket offer, spread over the lines)
    assert row.total == Decimal("11.30")
    assert row.discount == Decimal("1.00")
    assert row.line_count == len(lines) == 3
    assert sum(line.amount for line in lines) == row.total
    assert [p.amount for p in pays] == [Decimal("11.30")]
    assert sum(v.gross for v in vat) == row.total
    assert {v.rate for v in vat} == {Decimal("5.50"), Decimal("20.00")}
    assert outbox.state == "pending" and outbox.attempts == 0
    assert row.content_hash == content_hash(ticket)
    assert json.loads(row.document)["id"] == ticket.id


def test_numbers_are_gap_free_per_day_and_ids_unique(till: Till) -> None:
    tickets = [_sell(till, BREAD) for _ in range(4)]
    sale = till.new_sale(NOON)
    sale.scan(WINE)
    cancelled = sale.cancel()
    tickets.append(_sell(till, SOAP))
    assert [t.number for t in tickets[:4]] == [1, 2, 3, 4]
    assert cancelled.number == 5 and cancelled.status == "cancelled"
    assert tickets[4].number == 6
    assert len({t.id for t in tickets} | {cancelled.id}) == 6
    till.journal.closure(NOON)
    nxt = _sell(till, BREAD, now=NOON + dt.timedelta(days=1))
    assert nxt.number == 1 and nxt.business_day == dt.date(2026, 6, 16)


def test_customer_offers_apply_locally(till: Till) -> None:
    ticket = _sell(till, WINE, BREAD, customer=CUSTOMER)
    wine = next(line for line in ticket.lines if line.item_code == "WINE")
    assert wine.offer_code == "O-WINE"
    # 9.90 - 20 % = 7.92; + 1.20; then 1.00 off the ticket
    assert sum(line.amount for line in ticket.lines) == Decimal("8.12")
    assert set(ticket.applied_offers) == {"O-WINE", "O-TOTAL"}


def test_card_resolves_to_its_customer_and_discount(till: Till) -> None:
    ticket = _sell(till, BREAD, card=CARD)
    assert ticket.card_number == CARD and ticket.customer_code == CUSTOMER
    bread = ticket.lines[0]
    assert bread.discount >= Decimal("0.06")  # 5 % card discount at least


def test_unknown_and_inactive_cards_are_clear_errors(till: Till) -> None:
    sale = till.new_sale(NOON)
    with pytest.raises(SaleError, match="unknown card"):
        sale.set_card("9999999999994")
    with pytest.raises(SaleError):
        sale.set_card("9000000000024")


def test_barcode_kinds(till: Till) -> None:
    sale = till.new_sale(NOON)
    assert sale.scan(MILK_UPC).item_code == "MILK"  # UPC-A as stored
    assert sale.scan("0" + MILK_UPC).item_code == "MILK"  # same as EAN-13
    assert sale.scan(SOAP).unit_price == Decimal("2.00")  # EAN-8, price of June
    label = "22" + CHEESE_PLU + "01250"
    from ftp_import.gtin import complete_gtin

    line = sale.scan(complete_gtin(label))  # in-store weight label
    assert line.item_code == "CHEESE" and line.quantity == Decimal("1.250")
    assert line.gross == Decimal("23.13")  # 1.250 kg x 18.50
    priced = sale.scan(complete_gtin("25" + CHEESE_PLU + "00799"))  # price label 7.99
    assert priced.gross == Decimal("7.99")
    with pytest.raises(BarcodeError, match="check digit"):
        sale.scan("4006381333932")
    with pytest.raises(SaleError, match="no item"):
        sale.scan("5901234123457")
    with pytest.raises(SaleError):
        sale.scan("2000000000008")  # inactive item
    with pytest.raises(SaleError, match="weight"):
        sale.scan(CHEESE_PLU)


def test_mixed_payment_and_change(till: Till) -> None:
    sale = till.new_sale(NOON)
    sale.scan(WINE)
    sale.scan(WINE)
    sale.pay(PaymentMethod.CARD, Decimal("10.00"))
    sale.pay(PaymentMethod.CASH, Decimal("20.00"))
    ticket = sale.close()
    tot = sale.totals()
    assert tot.total == Decimal("18.80") and tot.change == Decimal("11.20")
    assert ticket.status == "closed"


def test_short_payment_cannot_close(till: Till) -> None:
    sale = till.new_sale(NOON)
    sale.scan(WINE)
    sale.pay(PaymentMethod.CASH, Decimal("5.00"))
    with pytest.raises(SaleError):
        sale.close()
    assert till.journal.outbox_summary()["outbox_pending"] == 0


def test_day_cycle_and_z_report(till: Till) -> None:
    assert till.journal.open_day(NOON).state == "open"
    _sell(till, BREAD)
    _sell(till, WINE)
    till.journal.close_day(NOON)
    with pytest.raises(SaleError, match="closed"):
        _sell(till, BREAD)
    till.journal.open_day(NOON)  # reopen the same business day
    _sell(till, SOAP)
    report = till.journal.closure(NOON)
    assert report.tickets == 3 and report.z_number == 1
    assert report.total == Decimal("0.20") + Decimal("8.90") + Decimal("1.00")
    assert sum(gross for _, gross, _, _ in report.vat) == report.total
    assert dict(report.payments)["cash"] == report.total
    with pytest.raises(SaleError):
        till.journal.closure(NOON)
    status = till.status()
    assert status["day_state"] == "final" and status["tickets_today"] == 3
    assert status["outbox_pending"] == 3


def test_status_reports_the_basics(till: Till) -> None:
    _sell(till, BREAD)
    status = till.status()
    assert status["till_id"] == "T01"
    assert status["catalog_sequence"] == 1
    assert status["outbox_pending"] == 1
    assert status["tickets_today"] == 1
    assert status["oldest_pending_at"].endswith("Z")


def test_a_journal_from_before_the_contracts_hash_gets_it_on_upgrade(till: Till) -> None:
    """A ticket closed by an older till carries the SHA-256 of the till's own JSON; the
    upgrade gives it the contract's hash of its unchanged document (what the gateway
    computes), so it still drains once the gateway checks the hash."""
    import hashlib

    from alembic import command

    from standalone_till import migrations
    from ticket_contract.writer import content_hash as contract_hash

    ticket = _sell(till, BREAD, WINE)
    t = T.tickets.c
    with till.db.write(till.db.journal) as conn:
        document = conn.execute(sa.select(t.document).where(t.id == ticket.id)).scalar_one()
        old = hashlib.sha256(document.encode("utf-8")).hexdigest()
        conn.execute(sa.update(T.tickets).values(content_hash=old))
    # j0005 runs again on this journal (the tables of later revisions are left as they are).
    with till.db.journal.begin() as conn:
        cfg = migrations.alembic_config("journal", conn)
        command.stamp(cfg, "j0004")
        command.upgrade(cfg, "j0005")
        command.stamp(cfg, "head")
    with till.db.read(till.db.journal) as conn:
        row = conn.execute(sa.select(t.document, t.content_hash)).one()
    assert row.document == document
    assert row.content_hash == contract_hash(json.loads(document)) == content_hash(ticket) != old
