"""The Status tab against the real gateway: the network icon crossed out when the gateway
stops and back when it returns, the outbox backlog, a quarantined ticket put back with
Retry and sent, the message log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from admin_gui.admin.window import AdminWindow
from admin_gui.qt.core import Qt
from admin_gui.qt.widgets import QPushButton, QWidget
from catalog_fixture import BREAD
from erp_gateway.notices import push
from erp_gateway.server import GatewayServer
from standalone_till import schema as T
from standalone_till.config import load_config
from standalone_till.model import PaymentMethod
from standalone_till.service import Till

from .conftest import configure, till_with_catalog

Admin = Callable[[Path], AdminWindow]


def sell_one(path: Path) -> str:
    till = Till(load_config(path))
    try:
        sale = till.new_sale()
        sale.scan(BREAD)
        sale.pay(PaymentMethod.CASH)
        return sale.close().id
    finally:
        till.close()


def quarantine(path: Path, ticket_id: str, reason: str) -> None:
    till = Till(load_config(path))
    try:
        with till.db.write(till.db.journal) as conn:
            conn.execute(
                sa.update(T.outbox)
                .where(T.outbox.c.ticket_id == ticket_id)
                .values(state="quarantined", last_error=reason, attempts=1)
            )
    finally:
        till.close()


def test_the_network_icon_follows_the_gateway(
    qtbot: QtBot, linked_config: Path, gateway: GatewayServer, open_admin: Admin
) -> None:
    window = open_admin(linked_config)
    status = window.status
    qtbot.waitUntil(lambda: status.icon.reachable is True, timeout=5000)
    assert status.connection.text().startswith("Server reachable. Last ping: ")
    assert window.icon.reachable is True  # the status bar's icon too

    port = gateway.port
    gateway.stop()
    qtbot.waitUntil(lambda: status.icon.crossed, timeout=5000)
    assert window.icon.crossed
    assert status.connection.text().startswith("Server not answering since the ping at ")

    gateway.start(host="127.0.0.1", port=port)
    qtbot.waitUntil(lambda: status.icon.reachable is True, timeout=5000)
    assert not window.icon.crossed


def test_backlog_quarantine_retry_and_send(
    qtbot: QtBot, linked_config: Path, gateway: GatewayServer, open_admin: Admin
) -> None:
    refused = sell_one(linked_config)
    waiting = sell_one(linked_config)
    quarantine(linked_config, refused, "mismatch: total differs from the first copy")
    window = open_admin(linked_config)
    status = window.status
    window.tabs.setCurrentWidget(status)
    qtbot.waitUntil(lambda: status.quarantine.rowCount() == 1)
    assert status.quarantine.item(0, 0).text() == refused
    assert status.quarantine.item(0, 4).text() == "mismatch: total differs from the first copy"
    assert status.pending.text() == "1"

    status.quarantine.selectRow(0)
    qtbot.mouseClick(_button(status, "status-retry"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.quarantine.rowCount() == 0)
    assert status.retry_answer.text() == "1 ticket(s) back in the outbox."
    qtbot.waitUntil(lambda: status.pending.text() == "2")

    qtbot.mouseClick(_button(status, "status-send"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.pending.text() == "0", timeout=10_000)
    assert status.last_sync.text() != "never"
    ids = {r.ticket_id for r in _gateway_tickets(gateway)}
    assert {refused, waiting} <= ids


def test_the_message_log_lists_what_head_office_sent(
    qtbot: QtBot, linked_config: Path, gateway: GatewayServer, open_admin: Admin
) -> None:
    push(gateway.db, "till", "T01", "Stocktaking on Sunday")
    till = Till(load_config(linked_config))
    try:
        till.uplink.fetch_messages("day_open", force=True)
    finally:
        till.close()
    window = open_admin(linked_config)
    messages = window.status.messages
    qtbot.waitUntil(lambda: messages.rowCount() == 1)
    assert messages.item(0, 1).text() == "Stocktaking on Sunday"
    assert messages.item(0, 2).text() == "not yet"


def _button(parent: QWidget, name: str) -> QPushButton:
    found = parent.findChild(QPushButton, name)
    assert found is not None, name
    return found


def _gateway_tickets(server: GatewayServer) -> list[sa.Row[tuple[object, ...]]]:
    engine = sa.create_engine(server.config.database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text("SELECT ticket_id FROM tickets")))
    finally:
        engine.dispose()


def test_the_administrator_switches_the_server(
    qtbot: QtBot, tmp_path: Path, gateway: GatewayServer, open_admin: Admin
) -> None:
    path = configure(
        till_with_catalog(tmp_path, gateway.url),
        local_server__hub_url="http://127.0.0.1:9",
        local_server__secret="s" * 24,
    )
    window = open_admin(path)
    status = window.status
    qtbot.waitUntil(lambda: status.server_line.isVisibleTo(status), timeout=5000)
    qtbot.waitUntil(lambda: status.server_in_use.text() == "in use: the gateway", timeout=5000)
    status.server_mode.setCurrentIndex(status.server_mode.findData("hub"))
    status.server_mode.activated.emit(status.server_mode.currentIndex())

    def mode() -> object:
        till = Till(load_config(path))
        try:
            return till.status()["server_mode"]
        finally:
            till.close()

    qtbot.waitUntil(lambda: mode() == "hub", timeout=5000)


def test_a_hub_shows_refused_tickets_of_other_tills_loudly(
    qtbot: QtBot, tmp_path: Path, open_admin: Admin
) -> None:
    from integration.standalone_till.test_hub import SECRET, make_till
    from integration.standalone_till.test_sync_gateway import sell
    from standalone_till.hub.server import HubServer

    hub_till = make_till(
        tmp_path / "hub", "T00", local_server__enabled="true", local_server__secret=SECRET
    )
    hub = HubServer(hub_till).start("127.0.0.1", 0)
    client = make_till(
        tmp_path / "t2",
        "T02",
        local_server__hub_url=hub.url,
        local_server__secret=SECRET,
    )
    try:
        client.use_server("hub")
        relayed = sell(client, BREAD).id
        assert client.uplink.send_tickets(force=True).accepted == 1
    finally:
        hub.stop()
        client.close()
        hub_till.close()
    path = tmp_path / "hub" / "till.toml"
    window = open_admin(path)
    status = window.status
    window.tabs.setCurrentWidget(status)
    qtbot.waitUntil(lambda: status.snapshot is not None and status.snapshot.outbox_pending == 1)
    assert not status.relay_warning.isVisible()  # waiting to be relayed is no alarm
    quarantine(path, relayed, "rejected: tillId T02 of the ticket is not the sending till T00")
    qtbot.waitUntil(lambda: status.relay_warning.isVisible())
    assert status.relay_warning.text().startswith(
        "1 ticket(s) of the store's other tills were refused by the gateway"
    )
    assert status.quarantine.rowCount() == 1
