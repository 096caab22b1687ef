"""The cashier window's documents beyond the sale, by keyboard against real tills on
SQLite files: a return of a ticket sold in the test (partial, then what remains), cash
in, out and a safe drop recorded, the closing count's difference, the X report's
expected cash, a reprint; the supervisor prompt approving and refusing."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cashier_fixture import ANNE, PINS, SARA, cashier_rows
from pytestqt.qtbot import QtBot

from admin_gui.front.cash import CashDialog, CountDialog
from admin_gui.front.report import XReportDialog
from admin_gui.front.reprint import ReprintDialog
from admin_gui.front.returns import ReturnDialog
from admin_gui.front.supervisor import SupervisorPrompt
from admin_gui.front.window import CashierWindow
from admin_gui.qt.core import Qt
from admin_gui.qt.widgets import QApplication, QLineEdit, QWidget
from catalog_fixture import BREAD, WINE
from standalone_till import schema as T
from standalone_till.document_tables import reprints, till_documents
from standalone_till.receipt_code import receipt_code

from .conftest import till_with_catalog

Front = Callable[..., CashierWindow]
Key = Qt.Key


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Key.Key_Return)


def key(qtbot: QtBot, widget: QWidget, k: Qt.Key) -> None:
    qtbot.keyClick(widget, k)


def idle(qtbot: QtBot, window: CashierWindow) -> None:
    qtbot.waitUntil(lambda: not window.sale.busy)


def sell(qtbot: QtBot, window: CashierWindow, *codes: str, cash: str | None = None) -> None:
    """Scan ``codes`` and pay by card (or ``cash`` tendered)."""
    before = window.hint.text()
    for code in codes:
        type_into(qtbot, window.entry, code)
    idle(qtbot, window)
    if cash is None:
        key(qtbot, window.entry, Key.Key_F6)
    else:
        key(qtbot, window.entry, Key.Key_F5)
        type_into(qtbot, window.entry, cash)
    qtbot.waitUntil(lambda: "closed" in window.hint.text() and window.hint.text() != before)


def tickets(window: CashierWindow) -> list[dict[str, Any]]:
    db = window.till.db
    with db.read(db.journal) as conn:
        texts = conn.execute(sa.select(T.tickets.c.document).order_by(T.tickets.c.number))
        return [json.loads(t) for t in texts.scalars()]


def movements(window: CashierWindow) -> list[dict[str, Any]]:
    db = window.till.db
    with db.read(db.journal) as conn:
        texts = conn.execute(
            sa.select(till_documents.c.document)
            .where(till_documents.c.doc_type == "cash_movement")
            .order_by(till_documents.c.number)
        )
        return [json.loads(t) for t in texts.scalars()]


def dialog_of(window: CashierWindow, kind: type) -> Any:
    assert isinstance(window.desk.dialog, kind), window.desk.dialog
    return window.desk.dialog


def menu(qtbot: QtBot, window: CashierWindow, digit: str) -> None:
    """F8, then the digit of the till menu."""
    key(qtbot, window.entry, Key.Key_F8)
    assert window.desk.dialog is not None
    qtbot.keyClicks(window.desk.dialog, digit)


def test_a_return_of_a_ticket_sold_here_then_what_remains(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    window = open_front(till_with_catalog(tmp_path / "till"))
    sell(qtbot, window, f"{BREAD}*3", WINE, cash="50")
    [sale] = tickets(window)
    code = receipt_code("S001", "T01", dt_date(sale["business_day"]), sale["number"])

    key(qtbot, window.entry, Key.Key_F3)
    dialog = dialog_of(window, ReturnDialog)
    type_into(qtbot, dialog.ref, code)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert [dialog.table.item(0, c).text() for c in range(5)] == [
        "1",
        "Rye bread 500g",
        "3",
        "",
        "3",
    ]
    type_into(qtbot, dialog.quantities[1], "2")
    key(qtbot, dialog.quantities[1], Key.Key_F10)
    qtbot.waitUntil(lambda: "recorded" in dialog.message.text())
    assert dialog.message.text().startswith("Return 2 recorded. Refund: cash ")
    assert dialog.table.item(0, 3).text() == "2"  # returned so far
    assert dialog.table.item(0, 4).text() == "1"  # what remains returnable
    _, back = tickets(window)
    assert (back["kind"], back["original_id"]) == ("return", sale["id"])
    assert [(ln["line_no"], ln["quantity"]) for ln in back["lines"]] == [(1, "-2.000")]

    type_into(qtbot, dialog.ref, "")  # the same ticket again: more than remains is refused
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text() == "1")
    dialog.quantities[1].setText("2")
    key(qtbot, dialog.quantities[1], Key.Key_F10)
    qtbot.waitUntil(lambda: "remain returnable" in dialog.message.text())
    assert len(tickets(window)) == 2
    key(qtbot, dialog.quantities[1], Key.Key_F9)  # everything that remains
    assert dialog.quantities[1].text() == "1" and dialog.quantities[2].text() == "1"
    key(qtbot, dialog.quantities[1], Key.Key_F10)
    qtbot.waitUntil(lambda: "Return 3 recorded" in dialog.message.text())
    assert "Everything of this ticket was returned already." not in dialog.message.text()
    assert not any(f.isEnabled() for f in dialog.quantities.values())
    key(qtbot, dialog.ref, Key.Key_Escape)
    qtbot.waitUntil(lambda: window.desk.dialog is None)
    qtbot.waitUntil(window.entry.hasFocus)


def dt_date(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_an_unknown_receipt_is_said(qtbot: QtBot, tmp_path: Path, open_front: Front) -> None:
    window = open_front(till_with_catalog(tmp_path / "till"))
    key(qtbot, window.entry, Key.Key_F3)
    dialog = dialog_of(window, ReturnDialog)
    type_into(qtbot, dialog.ref, "S001/T01/20261202/99")
    qtbot.waitUntil(lambda: "not in this till's journal" in dialog.message.text())
    assert dialog.table.rowCount() == 0


def test_the_x_report_shows_the_expected_cash(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    window = open_front(till_with_catalog(tmp_path / "till"))
    sell(qtbot, window, BREAD, cash="5")  # 1.20 less 1.00 off every ticket: 0.20 kept
    sell(qtbot, window, WINE)  # by card: 8.90
    menu(qtbot, window, "7")
    qtbot.waitUntil(lambda: isinstance(window.desk.dialog, XReportDialog))
    report = window.desk.dialog
    assert report.totals.rows()[0] == ["Sales", "2", "9.10"]
    assert report.expected.text() == "0.20"
    assert report.payments.rows() == [
        ["Card", "8.90", "0.00", "8.90"],
        ["Cash", "0.20", "0.00", "0.20"],
    ]
    key(qtbot, report, Key.Key_Escape)
    qtbot.waitUntil(lambda: window.desk.dialog is None)


@pytest.fixture
def cashiers_till(tmp_path: Path) -> Path:
    return till_with_catalog(tmp_path / "till", cashiers=cashier_rows())


def signed_in(qtbot: QtBot, open_front: Front, path: Path) -> CashierWindow:
    window = open_front(path)
    fields = window.signin.fields
    type_into(qtbot, fields.code, ANNE)
    type_into(qtbot, fields.pin, PINS[ANNE])
    qtbot.waitUntil(lambda: not window.signing_in)
    return window


def prompt_of(qtbot: QtBot, window: CashierWindow) -> SupervisorPrompt:
    qtbot.waitUntil(lambda: window.desk.prompt is not None)
    assert window.desk.prompt is not None
    return window.desk.prompt


def test_a_reprint_asks_a_supervisor_who_refuses_then_approves(
    qtbot: QtBot, cashiers_till: Path, open_front: Front
) -> None:
    window = signed_in(qtbot, open_front, cashiers_till)
    sell(qtbot, window, BREAD)
    [sale] = tickets(window)
    menu(qtbot, window, "8")
    dialog = dialog_of(window, ReprintDialog)
    type_into(qtbot, dialog.ref, f"{sale['business_day']}/{sale['number']}")
    prompt = prompt_of(qtbot, window)
    assert prompt.findChild(QWidget, "supervisor-action").text() == (
        "A copy of a receipt needs a supervisor."
    )
    assert prompt.fields.pin.echoMode() is QLineEdit.EchoMode.Password
    type_into(qtbot, prompt.fields.code, ANNE)  # a cashier is no supervisor
    type_into(qtbot, prompt.fields.pin, PINS[ANNE])
    qtbot.waitUntil(lambda: "not an active supervisor" in prompt.message.text())
    type_into(qtbot, prompt.fields.code, SARA)
    type_into(qtbot, prompt.fields.pin, "0000")
    qtbot.waitUntil(lambda: prompt.message.text().startswith("Wrong PIN for S01."))
    assert window.desk.prompt is prompt and reprinted(window) == []

    type_into(qtbot, prompt.fields.pin, PINS[SARA])
    qtbot.waitUntil(lambda: window.desk.prompt is None and window.desk.dialog is None)
    assert window.hint.text().startswith(f"Copy 1 of ticket {sale['number']}")
    assert reprinted(window) == [(1, ANNE, SARA)]


def test_esc_on_the_supervisor_prompt_does_nothing(
    qtbot: QtBot, cashiers_till: Path, open_front: Front
) -> None:
    window = signed_in(qtbot, open_front, cashiers_till)
    sell(qtbot, window, BREAD)
    [sale] = tickets(window)
    menu(qtbot, window, "8")
    dialog = dialog_of(window, ReprintDialog)
    type_into(qtbot, dialog.ref, f"{sale['business_day']}/{sale['number']}")
    prompt = prompt_of(qtbot, window)
    key(qtbot, prompt.fields.code, Key.Key_Escape)
    qtbot.waitUntil(lambda: window.desk.prompt is None)
    assert dialog.message.text() == "Not done: no supervisor approved it."
    assert reprinted(window) == []


def reprinted(window: CashierWindow) -> list[tuple[object, ...]]:
    db = window.till.db
    t = reprints.c
    with db.read(db.journal) as conn:
        return [tuple(r) for r in conn.execute(sa.select(t.copy_no, t.cashier, t.supervisor))]


def test_cash_in_out_and_a_safe_drop_are_recorded(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    window = open_front(till_with_catalog(tmp_path / "till"))
    for digit, amount, reason in (("1", "100", ""), ("2", "20,50", "change from the bank")):
        menu(qtbot, window, digit)
        dialog = dialog_of(window, CashDialog)
        type_into(qtbot, dialog.amount, amount)
        if reason:
            assert dialog.reason.isVisibleTo(dialog)
            type_into(qtbot, dialog.reason, reason)
        qtbot.waitUntil(lambda: window.desk.dialog is None)
    menu(qtbot, window, "3")
    dialog = dialog_of(window, CashDialog)
    type_into(qtbot, dialog.amount, "10")
    type_into(qtbot, dialog.reason, "")  # cash out needs a reason: the library says so
    qtbot.waitUntil(lambda: "needs a reason" in dialog.message.text())
    type_into(qtbot, dialog.reason, "window cleaner")
    qtbot.waitUntil(lambda: window.desk.dialog is None)
    menu(qtbot, window, "4")
    dialog = dialog_of(window, CashDialog)
    assert not dialog.reason.isVisibleTo(dialog)
    type_into(qtbot, dialog.amount, "50")
    qtbot.waitUntil(lambda: window.desk.dialog is None)
    assert window.hint.text() == "Safe drop: 50.00 recorded."
    assert [(m["kind"], m["amount"], m["reason"]) for m in movements(window)] == [
        ("float", "100.00", None),
        ("cash_in", "20.50", "change from the bank"),
        ("cash_out", "10.00", "window cleaner"),
        ("drop", "50.00", None),
    ]


def test_a_cash_out_over_the_limit_needs_a_supervisor(
    qtbot: QtBot, cashiers_till: Path, open_front: Front
) -> None:
    window = signed_in(qtbot, open_front, cashiers_till)
    menu(qtbot, window, "3")
    dialog = dialog_of(window, CashDialog)
    type_into(qtbot, dialog.amount, "100000")
    type_into(qtbot, dialog.reason, "to the bank")
    prompt = prompt_of(qtbot, window)
    type_into(qtbot, prompt.fields.code, SARA)
    type_into(qtbot, prompt.fields.pin, PINS[SARA])
    qtbot.waitUntil(lambda: window.desk.dialog is None)
    [out] = movements(window)
    assert (out["kind"], out["cashier"], out["supervisor"]) == ("cash_out", ANNE, SARA)


def test_the_closing_count_shows_the_difference(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    window = open_front(till_with_catalog(tmp_path / "till"))
    menu(qtbot, window, "1")
    type_into(qtbot, dialog_of(window, CashDialog).amount, "100")
    qtbot.waitUntil(lambda: window.desk.dialog is None)
    sell(qtbot, window, BREAD, cash="5")  # 0.20 kept: 100.20 expected
    menu(qtbot, window, "6")
    qtbot.waitUntil(lambda: isinstance(window.desk.dialog, CountDialog))
    count = window.desk.dialog
    assert count.expected.text() == "100.20"
    type_into(qtbot, count.fields[Decimal("50.00")], "2")
    assert count.counted.text() == "100.00" and count.difference.text() == "-0.20"
    count.fields[Decimal("0.10")].setText("3")
    assert count.counted.text() == "100.30" and count.difference.text() == "+0.10"
    key(qtbot, count.fields[Decimal("0.10")], Key.Key_F10)
    qtbot.waitUntil(lambda: "Count recorded" in count.message.text())
    assert count.message.text() == "Count recorded: 100.30, difference +0.10."
    [_, counted] = movements(window)
    assert (counted["kind"], counted["amount"]) == ("count", "100.30")
    assert counted["counts"] == [
        {"denomination": "50.00", "count": 2},
        {"denomination": "0.10", "count": 3},
    ]


def test_a_return_without_receipt_needs_a_supervisor(
    qtbot: QtBot, cashiers_till: Path, open_front: Front
) -> None:
    window = signed_in(qtbot, open_front, cashiers_till)
    key(qtbot, window.entry, Key.Key_F3)
    dialog = dialog_of(window, ReturnDialog)
    key(qtbot, dialog.ref, Key.Key_F8)
    assert dialog.without_receipt and dialog.caption.text() == "Item"
    type_into(qtbot, dialog.ref, f"{BREAD}*2")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    type_into(qtbot, dialog.ref, "0000000000000")  # no such item: said, not added
    qtbot.waitUntil(lambda: "0000000000000" in dialog.message.text())
    type_into(qtbot, dialog.ref, WINE)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert [dialog.table.item(r, 1).text() for r in range(2)] == [
        "Rye bread 500g",
        "Bordeaux red 75cl",
    ]
    key(qtbot, dialog.ref, Key.Key_F10)
    prompt = prompt_of(qtbot, window)
    assert prompt.findChild(QWidget, "supervisor-action").text() == (
        "A return without a receipt needs a supervisor."
    )
    type_into(qtbot, prompt.fields.code, SARA)
    type_into(qtbot, prompt.fields.pin, PINS[SARA])
    qtbot.waitUntil(lambda: "recorded" in dialog.message.text())
    # today's prices, no discount: 2 x 1.20 + 9.90, refunded in cash
    assert dialog.message.text() == "Return 1 recorded. Refund: cash 12.30."
    assert dialog.table.rowCount() == 0
    [back] = tickets(window)
    assert (back["kind"], back.get("original_id")) == ("return", None)
    assert (back["cashier"], back["supervisor"], back["approval"]) == (
        ANNE,
        SARA,
        "return_without_receipt",
    )


def test_opening_the_drawer_without_a_sale_is_approved_and_recorded(
    qtbot: QtBot, cashiers_till: Path, open_front: Front
) -> None:
    window = signed_in(qtbot, open_front, cashiers_till)
    menu(qtbot, window, "5")
    prompt = prompt_of(qtbot, window)
    type_into(qtbot, prompt.fields.code, SARA)
    type_into(qtbot, prompt.fields.pin, PINS[SARA])
    qtbot.waitUntil(lambda: window.desk.prompt is None)
    qtbot.waitUntil(lambda: window.hint.text() == "Drawer opened (recorded).")
    [opened] = movements(window)
    assert (opened["kind"], opened["amount"], opened["supervisor"]) == (
        "drawer_open",
        "0.00",
        SARA,
    )


def test_voiding_a_line_after_a_payment_asks_a_supervisor(
    qtbot: QtBot, cashiers_till: Path, open_front: Front
) -> None:
    window = signed_in(qtbot, open_front, cashiers_till)
    for code in (BREAD, WINE, BREAD):
        type_into(qtbot, window.entry, code)
    qtbot.waitUntil(lambda: window.lines.rowCount() == 3)
    idle(qtbot, window)
    key(qtbot, window.entry, Key.Key_F5)
    type_into(qtbot, window.entry, "1")  # part of what is due, in cash
    qtbot.waitUntil(lambda: window.view.totals.paid > 0)
    key(qtbot, window.entry, Key.Key_Up)
    assert window.lines.selected_line() == 2
    key(qtbot, window.entry, Key.Key_F4)
    prompt = prompt_of(qtbot, window)
    assert prompt.findChild(QWidget, "supervisor-action").text().startswith("Voiding a line")
    key(qtbot, prompt.fields.code, Key.Key_Escape)  # no supervisor: the line stays
    qtbot.waitUntil(lambda: window.desk.prompt is None)
    qtbot.waitUntil(lambda: window.hint.text() == "Not done: no supervisor approved it.")
    assert not window.view.lines[1].voided
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # the keyboard back
    key(qtbot, window.entry, Key.Key_F4)
    prompt = prompt_of(qtbot, window)
    type_into(qtbot, prompt.fields.code, SARA)
    type_into(qtbot, prompt.fields.pin, PINS[SARA])
    qtbot.waitUntil(lambda: window.desk.prompt is None and window.view.lines[1].voided)
    ticket = window.register.session.ticket
    assert (ticket.supervisor, ticket.approval) == (SARA, "void_after_payment")
