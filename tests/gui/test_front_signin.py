"""The cashier window at a till with cashiers in its master data: the sign-in screen by
keyboard (the PIN masked), a wrong PIN and the lockout said from the errors' fields, the
cashier shown while signed in and on the ticket, sign-out; a till without cashiers opens
on the sale as before."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from cashier_fixture import ANNE, PINS, PIOTR, cashier_rows
from pytestqt.qtbot import QtBot

from admin_gui.front.window import CashierWindow
from admin_gui.qt.core import Qt
from admin_gui.qt.widgets import QLineEdit
from catalog_fixture import BREAD
from standalone_till import schema as T

from .conftest import till_with_catalog

Front = Callable[..., CashierWindow]
Key = Qt.Key


def sign_in(qtbot: QtBot, window: CashierWindow, code: str, pin: str) -> None:
    """Code, Enter, PIN, Enter: the keyboard alone."""
    fields = window.signin.fields
    assert fields.code.hasFocus()
    qtbot.keyClicks(fields.code, code)
    qtbot.keyClick(fields.code, Key.Key_Return)
    assert fields.pin.hasFocus()
    qtbot.keyClicks(fields.pin, pin)
    qtbot.keyClick(fields.pin, Key.Key_Return)


def till_with_cashiers(tmp_path: Path) -> Path:
    return till_with_catalog(tmp_path / "till", cashiers=cashier_rows())


def test_sign_in_sell_and_sign_out(qtbot: QtBot, tmp_path: Path, open_front: Front) -> None:
    window = open_front(till_with_cashiers(tmp_path))
    assert window.signing_in and window.who.text() == ""
    assert window.signin.fields.pin.echoMode() is QLineEdit.EchoMode.Password
    qtbot.keyClick(window.signin.fields.code, Key.Key_F6)  # the sale's keys do nothing
    sign_in(qtbot, window, ANNE, PINS[ANNE])
    qtbot.waitUntil(lambda: not window.signing_in)
    assert window.who.text() == "Cashier: Anne Martin (C01)"
    assert window.entry.hasFocus()

    qtbot.keyClicks(window.entry, BREAD)
    qtbot.keyClick(window.entry, Key.Key_Return)
    qtbot.waitUntil(lambda: window.lines.rowCount() == 1)
    qtbot.keyClick(window.entry, Key.Key_F6)
    qtbot.waitUntil(lambda: "closed" in window.hint.text())
    db = window.till.db
    with db.read(db.journal) as conn:
        [document] = conn.execute(sa.select(T.tickets.c.document)).scalars()
    assert json.loads(document)["cashier"] == ANNE

    qtbot.keyClick(window.entry, Key.Key_F12)
    qtbot.waitUntil(lambda: window.signing_in)
    assert window.who.text() == "" and window.till.whoami() is None
    sign_in(qtbot, window, PIOTR, PINS[PIOTR])
    qtbot.waitUntil(lambda: window.who.text() == "Cashier: Piotr Nowak (C02)")


def test_a_wrong_pin_says_how_many_are_left_and_the_third_locks(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    window = open_front(till_with_cashiers(tmp_path))
    message = window.signin.message
    sign_in(qtbot, window, ANNE, "0000")
    qtbot.waitUntil(lambda: "Wrong PIN" in message.text())
    assert message.text() == "Wrong PIN for C01. Wrong PINs left before the lock: 2."
    assert window.signing_in and window.signin.fields.code.text() == ANNE
    fields = window.signin.fields
    assert fields.pin.hasFocus() and fields.pin.text() == ""  # the code kept, the PIN again
    qtbot.keyClicks(fields.pin, "0001")
    qtbot.keyClick(fields.pin, Key.Key_Return)
    qtbot.waitUntil(lambda: message.text().endswith("lock: 1."))
    qtbot.keyClicks(fields.pin, "0002")
    qtbot.keyClick(fields.pin, Key.Key_Return)
    qtbot.waitUntil(lambda: "locked" in message.text())
    assert message.text().startswith("C01 is locked at this till until ")
    assert message.text().endswith(" (too many wrong PINs).")

    sign_in(qtbot, window, ANNE, PINS[ANNE])  # the right PIN, too late
    qtbot.waitUntil(lambda: not window.sale.busy)
    assert "locked" in message.text()
    assert window.signing_in and window.till.whoami() is None
    sign_in(qtbot, window, PIOTR, PINS[PIOTR])  # another cashier is not locked
    qtbot.waitUntil(lambda: not window.signing_in)


def test_an_unknown_code_is_refused_with_the_library_s_words(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    window = open_front(till_with_cashiers(tmp_path))
    sign_in(qtbot, window, "NOBODY", "1234")
    qtbot.waitUntil(lambda: "NOBODY" in window.signin.message.text())
    assert "no active cashier 'NOBODY'" in window.signin.message.text()
    assert window.signing_in


def test_a_till_without_cashiers_opens_on_the_sale(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    window = open_front(till_with_catalog(tmp_path / "till"))
    assert not window.signing_in and window.who.text() == ""
    assert window.sign_out_key is not None and not window.sign_out_key.isEnabled()
    assert window.entry.hasFocus()


def test_a_cashier_still_signed_in_is_shown_at_the_start(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    first = open_front(till_with_cashiers(tmp_path))
    sign_in(qtbot, first, ANNE, PINS[ANNE])
    qtbot.waitUntil(lambda: not first.signing_in)
    first.close()
    again = open_front(tmp_path / "till" / "till.toml")
    assert not again.signing_in and again.who.text() == "Cashier: Anne Martin (C01)"
