"""The cashier window driven by keyboard alone, against the real till database and the
real gateway: a whole sale with a customer offer and cash change, void and cancel, a
weighed item from the scale, head office's message, the network icon; the business day
closed (or ended by its Z report) said from the start, and the F-keys working without the
window being activated by anyone else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from devices.simulators import Mettler8217Simulator
from pytestqt.qtbot import QtBot

from admin_gui.front.window import CashierWindow, Mode
from admin_gui.qt.core import Qt
from catalog_fixture import BREAD, CHEESE_PLU, CUSTOMER, WINE
from erp_gateway.notices import push
from erp_gateway.server import GatewayServer
from standalone_till import schema as T
from standalone_till.config import load_config
from standalone_till.devices.mettler8217 import weight_reply
from standalone_till.service import Till

from .conftest import FAST_POLL_MS, configure, till_with_catalog

Front = Callable[..., CashierWindow]
Key = Qt.Key


def type_line(qtbot: QtBot, window: CashierWindow, text: str) -> None:
    """What a keyboard-wedge scanner does: the characters, then Enter."""
    qtbot.keyClicks(window.entry, text)
    qtbot.keyClick(window.entry, Key.Key_Return)


def press(qtbot: QtBot, window: CashierWindow, key: Qt.Key) -> None:
    qtbot.keyClick(window.entry, key)


def lines(window: CashierWindow) -> list[list[str]]:
    table = window.lines
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def journal(window: CashierWindow) -> list[sa.Row[tuple[object, ...]]]:
    db = window.till.db
    with db.read(db.journal) as conn:
        return list(conn.execute(sa.select(T.tickets).order_by(T.tickets.c.number)))


def test_a_whole_sale_by_keyboard_with_a_customer_offer_and_cash_change(
    qtbot: QtBot, linked_config: Path, open_front: Front
) -> None:
    window = open_front(linked_config)
    assert window.entry.hasFocus()
    type_line(qtbot, window, BREAD)
    type_line(qtbot, window, f"{WINE}*2")
    qtbot.waitUntil(lambda: len(lines(window)) == 2)
    assert lines(window)[1][1:3] == ["2", "Bordeaux red 75cl"]
    assert window.totals.total.text() == "20.00"  # 1.20 + 19.80 - 1.00 off every ticket

    press(qtbot, window, Key.Key_F2)
    assert window.mode is Mode.CUSTOMER and window.prompt.text() == "Customer"
    type_line(qtbot, window, CUSTOMER)
    qtbot.waitUntil(lambda: "Anne Martin" in window.totals.customer.text())
    assert window.mode is Mode.SCAN
    assert "Wine -20% for Anne" in window.totals.offers.text()
    assert window.totals.total.text() == "16.04"  # wine 15.84 + bread 1.20 - 1.00

    press(qtbot, window, Key.Key_F5)
    assert window.mode is Mode.CASH and "16.04" in window.hint.text()
    type_line(qtbot, window, "50")
    qtbot.waitUntil(lambda: window.totals.change.isVisibleTo(window.totals))
    assert window.totals.change.text() == "33.96"
    assert window.hint.text() == "Ticket 1 closed. Next customer: scan."

    [ticket] = journal(window)
    assert (ticket.status, ticket.number, ticket.customer_code) == ("closed", 1, CUSTOMER)
    assert Decimal(str(ticket.total)) == Decimal("16.04")
    type_line(qtbot, window, BREAD)  # the next customer
    qtbot.waitUntil(lambda: len(lines(window)) == 1)
    assert not window.totals.change.isVisibleTo(window.totals)


def test_void_a_line_and_cancel_the_ticket(
    qtbot: QtBot, linked_config: Path, open_front: Front
) -> None:
    window = open_front(linked_config)
    for code in (BREAD, WINE, BREAD):
        type_line(qtbot, window, code)
    qtbot.waitUntil(lambda: len(lines(window)) == 3)
    press(qtbot, window, Key.Key_Up)
    assert window.lines.selected_line() == 2
    press(qtbot, window, Key.Key_F4)
    qtbot.waitUntil(lambda: "voided" in lines(window)[1][2])
    assert window.totals.total.text() == "1.40"  # 2 x 1.20 - 1.00

    press(qtbot, window, Key.Key_F9)
    assert window.mode is Mode.CONFIRM_CANCEL
    press(qtbot, window, Key.Key_Escape)  # kept
    assert window.mode is Mode.SCAN and len(lines(window)) == 3
    press(qtbot, window, Key.Key_F9)
    press(qtbot, window, Key.Key_Return)
    qtbot.waitUntil(lambda: window.hint.text() == "Ticket cancelled.")
    [ticket] = journal(window)
    assert ticket.status == "cancelled"
    assert window.view.empty


def test_card_payment_and_refusals_said_to_the_cashier(
    qtbot: QtBot, linked_config: Path, open_front: Front
) -> None:
    window = open_front(linked_config)
    press(qtbot, window, Key.Key_F6)
    assert window.hint.text() == "Nothing to pay: scan items first."
    type_line(qtbot, window, "0000000000000")
    qtbot.waitUntil(lambda: "0000000000000" in window.hint.text())
    type_line(qtbot, window, BREAD)
    qtbot.waitUntil(lambda: len(lines(window)) == 1)
    press(qtbot, window, Key.Key_F6)
    qtbot.waitUntil(lambda: window.hint.text() == "Ticket 1 closed. Next customer: scan.")
    [ticket] = journal(window)
    assert ticket.status == "closed"


@pytest.fixture
def scale(tmp_path: Path) -> Iterator[Mettler8217Simulator]:
    sim = Mettler8217Simulator(tmp_path / "ttyScale")
    yield sim
    sim.stop()


def test_a_weighed_item_takes_its_weight_from_the_scale(
    qtbot: QtBot, tmp_path: Path, open_front: Front, scale: Mettler8217Simulator
) -> None:
    path = till_with_catalog(tmp_path / "till")
    configure(path, devices__scale_port=str(scale.path), devices__scale_protocol="mettler8217")
    scale.standing = weight_reply(Decimal("0.415"))
    window = open_front(path)
    type_line(qtbot, window, CHEESE_PLU)
    qtbot.waitUntil(lambda: len(lines(window)) == 1, timeout=10_000)
    assert lines(window)[0][1:3] == ["0.415 kg", "Emmental"]
    assert lines(window)[0][5] == "6.68"  # 18.50 x 0.415 = 7.68, less 1.00 off the ticket
    type_line(qtbot, window, f"{CHEESE_PLU}*0,250")  # a weight typed by hand
    qtbot.waitUntil(lambda: len(lines(window)) == 2)
    assert lines(window)[1][1] == "0.250 kg"


def test_a_typed_weight_or_amount_is_read_strictly(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    """What a person types, nothing else: ``1e3`` is not a thousand loaves."""
    window = open_front(till_with_catalog(tmp_path / "till"))
    type_line(qtbot, window, f"{BREAD}*1e3")
    qtbot.waitUntil(lambda: "not a quantity: '1e3'" in window.hint.text())
    assert lines(window) == []
    type_line(qtbot, window, BREAD)
    qtbot.waitUntil(lambda: len(lines(window)) == 1)
    press(qtbot, window, Key.Key_F5)
    assert window.mode is Mode.CASH
    type_line(qtbot, window, "NaN")
    assert "not an amount of money: 'NaN'" in window.hint.text()
    assert window.mode is Mode.CASH and journal(window) == []


def test_a_message_from_head_office_is_shown_until_acknowledged(
    qtbot: QtBot, linked_config: Path, gateway: GatewayServer, open_front: Front
) -> None:
    note = push(gateway.db, "till", "T01", "Inventory tonight at 18:00")
    window = open_front(linked_config)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=5000)
    assert window.banner.text.text() == "Inventory tonight at 18:00"

    later = push(gateway.db, "all", None, "New prices from Monday")
    type_line(qtbot, window, BREAD)  # selling is not held by the banner
    qtbot.waitUntil(lambda: len(lines(window)) == 1)
    press(qtbot, window, Key.Key_F6)  # a ticket closes: messages are asked for again
    qtbot.waitUntil(lambda: window.banner.more.text() == "(+1 more)", timeout=5000)

    press(qtbot, window, Key.Key_F7)
    qtbot.waitUntil(lambda: window.banner.text.text() == "New prices from Monday")
    press(qtbot, window, Key.Key_F7)
    qtbot.waitUntil(lambda: not window.banner.isVisible())
    box = window.till.uplink.messages
    qtbot.waitUntil(lambda: all(m.shown_at is not None for m in box.recent()))
    assert {m.id for m in box.recent()} == {note.id, later.id}
    assert all(m.acked_at is not None for m in box.recent())  # the server was told
    assert window.entry.hasFocus()


def test_the_network_icon_crosses_when_the_gateway_stops_and_clears_when_it_returns(
    qtbot: QtBot, linked_config: Path, gateway: GatewayServer, open_front: Front
) -> None:
    window = open_front(linked_config)
    qtbot.waitUntil(lambda: window.icon.reachable is True, timeout=5000)
    port = gateway.port
    gateway.stop()
    qtbot.waitUntil(lambda: window.icon.crossed, timeout=5000)
    assert window.link.text() == "Server not answering: selling goes on, tickets wait"
    type_line(qtbot, window, BREAD)  # selling goes on
    qtbot.waitUntil(lambda: len(lines(window)) == 1)
    press(qtbot, window, Key.Key_F6)
    qtbot.waitUntil(lambda: "closed" in window.hint.text())

    gateway.start(host="127.0.0.1", port=port)
    qtbot.waitUntil(lambda: window.icon.reachable is True, timeout=5000)
    assert window.link.text() == "Connected"
    started = dt.datetime.now()
    qtbot.waitUntil(lambda: journal(window)[0].synced_at is not None, timeout=10_000)
    assert dt.datetime.now() - started < dt.timedelta(seconds=10)


def at_the_till(path: Path, *steps: Callable[[Till], object]) -> None:
    """What the administrator does with ``till day ...``: its own Till on the same files."""
    till = Till(load_config(path))
    try:
        for step in steps:
            step(till)
    finally:
        till.close()


# Days dated tomorrow: a test running across midnight sees the same states.
TOMORROW = dt.datetime.now(dt.UTC).replace(hour=12) + dt.timedelta(days=1)
DAY = TOMORROW.astimezone().date().isoformat()


def test_after_the_z_report_the_window_says_the_day_is_closed_and_refuses_the_first_scan(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    path = till_with_catalog(tmp_path / "till")
    at_the_till(path, lambda t: t.open_day(TOMORROW), lambda t: t.closure(TOMORROW))
    window = open_front(path)
    assert window.day_banner.isVisible()  # from the start, not at the first scan
    assert window.day.text() == f"Business day {DAY} ended (Z report)"
    assert window.day_banner.text() == (
        f"The business day {DAY} is closed: its Z report is done, no sale can go in.\n"
        "The next business day opens by itself at the first scan tomorrow."
    )
    type_line(qtbot, window, BREAD)
    qtbot.waitUntil(lambda: "already closed (Z)" in window.hint.text())
    assert lines(window) == [] and window.view.empty
    assert window.mode is Mode.SCAN and window.day_banner.isVisible()
    assert journal(window) == []


def test_a_closed_day_says_how_to_open_it_and_the_window_follows_the_day(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    path = till_with_catalog(tmp_path / "till")
    at_the_till(path, lambda t: t.open_day(TOMORROW), lambda t: t.close_day(TOMORROW))
    window = open_front(path)
    assert window.day_banner.isVisible()
    assert window.day.text() == f"Business day {DAY} closed"
    assert "till day open" in window.day_banner.text()
    type_line(qtbot, window, BREAD)
    qtbot.waitUntil(lambda: "open it again (till day open)" in window.hint.text())
    assert lines(window) == []

    at_the_till(path, lambda t: t.open_day(TOMORROW))  # as the banner says
    qtbot.waitUntil(lambda: not window.day_banner.isVisible())
    assert window.day.text() == f"Business day {DAY} open"
    type_line(qtbot, window, BREAD)
    qtbot.waitUntil(lambda: len(lines(window)) == 1)
    press(qtbot, window, Key.Key_F6)
    qtbot.waitUntil(lambda: window.hint.text() == "Ticket 1 closed. Next customer: scan.")

    at_the_till(path, lambda t: t.closure(TOMORROW))  # the Z report while the window is open
    qtbot.waitUntil(lambda: window.day_banner.isVisible())
    assert "Z report is done" in window.day_banner.text()
    type_line(qtbot, window, BREAD)
    qtbot.waitUntil(lambda: "already closed (Z)" in window.hint.text())
    assert window.view.empty  # (the ticket closed before stays on show)
    assert [t.status for t in journal(window)] == ["closed"]


def test_a_new_till_says_the_day_opens_at_the_first_sale(
    qtbot: QtBot, tmp_path: Path, open_front: Front
) -> None:
    window = open_front(till_with_catalog(tmp_path / "till"))
    assert window.day.text() == "A new business day opens at the first sale"
    assert not window.day_banner.isVisible()


def test_the_window_takes_the_keyboard_itself_so_the_f_keys_work(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Nobody activates the window (no window manager on a kiosk till): it does it itself.
    test_kiosk.py shows the same on a real X server."""
    window = CashierWindow(
        Till(load_config(till_with_catalog(tmp_path / "till"))), poll_ms=FAST_POLL_MS
    )
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitUntil(window.isActiveWindow)
        assert window.entry.hasFocus()
        qtbot.keyClick(window, Key.Key_F2)
        assert window.mode is Mode.CUSTOMER and window.prompt.text() == "Customer"
        qtbot.keyClick(window, Key.Key_Escape)
        assert window.mode is Mode.SCAN
        qtbot.keyClick(window, Key.Key_F9)
        assert window.hint.text() == "The ticket is empty."
    finally:
        window.close()
