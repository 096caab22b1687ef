"""The "Status" tab: connection (with the network icon), outbox backlog, quarantined
tickets with Retry, last sync, messages. A timer reads the till on a worker thread; the
administrator's actions (ping, send, retry) run there too."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from admin_gui.errors import explain
from admin_gui.i18n import moment, money
from admin_gui.qt import present
from admin_gui.qt.core import QTimer, pyqtSignal
from admin_gui.qt.widgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from admin_gui.status.snapshot import StatusSnapshot, read_status
from admin_gui.widgets.network import NetworkIcon
from admin_gui.work import Lane
from standalone_till.service import Till

POLL_MS = 1000


class StatusPanel(QWidget):
    updated = pyqtSignal(object)  # each StatusSnapshot read

    def __init__(
        self, till: Callable[[], Till | None], lane: Lane, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page:status")
        self._till = till
        self.lane = lane
        self._reading = False
        self._pinging = False
        self.snapshot: StatusSnapshot | None = None

        self.icon = NetworkIcon(40)
        self.connection = QLabel(self.tr("Not checked yet."))
        self.connection.setObjectName("status-connection")
        self.connection.setWordWrap(True)
        ping = QPushButton(self.tr("Ping now"))
        ping.setObjectName("status-ping")
        ping.clicked.connect(self.ping)
        # Local server mode: the administrator's switch (automatic is the default).
        self.server_mode = QComboBox()
        self.server_mode.setObjectName("status-server-mode")
        for mode, label in (
            ("auto", self.tr("Automatic (the hub when the gateway does not answer)")),
            ("gateway", self.tr("Gateway only")),
            ("hub", self.tr("Hub only")),
        ):
            self.server_mode.addItem(label, mode)
        self.server_mode.activated.connect(self._mode_chosen)
        self.server_in_use = QLabel()
        self.server_in_use.setObjectName("status-server-in-use")
        self.server_line = QWidget()
        server_box = QHBoxLayout(self.server_line)
        server_box.setContentsMargins(0, 0, 0, 0)
        server_box.addWidget(QLabel(self.tr("Server")))
        server_box.addWidget(self.server_mode, 1)
        server_box.addWidget(self.server_in_use)
        self.server_line.setVisible(False)
        link = QGroupBox(self.tr("Connection to the till server"))
        link_outer = QVBoxLayout(link)
        link_box = QHBoxLayout()
        link_box.addWidget(self.icon)
        link_box.addWidget(self.connection, 1)
        link_box.addWidget(ping)
        link_outer.addLayout(link_box)
        link_outer.addWidget(self.server_line)

        self.pending = QLabel("-")
        self.pending.setObjectName("status-pending")
        self.oldest = QLabel("-")
        self.last_sync = QLabel("-")
        self.last_sync.setObjectName("status-last-sync")
        self.receipts = QLabel("-")
        self.receipts.setObjectName("status-receipts")
        self.sync_error = QLabel()
        self.sync_error.setWordWrap(True)
        self.sync_error.setStyleSheet("color: #b00020;")
        send = QPushButton(self.tr("Send tickets now"))
        send.setObjectName("status-send")
        send.clicked.connect(self.send)
        outbox = QGroupBox(self.tr("Tickets to send"))
        outbox_form = QFormLayout(outbox)
        outbox_form.addRow(self.tr("Waiting"), self.pending)
        outbox_form.addRow(self.tr("Oldest waiting since"), self.oldest)
        outbox_form.addRow(self.tr("Last sync"), self.last_sync)
        outbox_form.addRow(self.tr("Receipts waiting to print"), self.receipts)
        outbox_form.addRow(self.sync_error)
        send_line = QHBoxLayout()
        send_line.addStretch(1)
        send_line.addWidget(send)
        outbox_form.addRow(send_line)

        self.quarantine = QTableWidget(0, 5)
        self.quarantine.setObjectName("status-quarantine")
        self.quarantine.setHorizontalHeaderLabels(
            [
                self.tr("Ticket"),
                self.tr("Day / number"),
                self.tr("Total"),
                self.tr("Tries"),
                self.tr("Reason"),
            ]
        )
        self.quarantine.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.quarantine.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        present(self.quarantine.verticalHeader()).setVisible(False)
        header = present(self.quarantine.horizontalHeader())
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        retry = QPushButton(self.tr("Retry selected"))
        retry.setObjectName("status-retry")
        retry.clicked.connect(self.retry_selected)
        retry_all = QPushButton(self.tr("Retry all"))
        retry_all.setObjectName("status-retry-all")
        retry_all.clicked.connect(lambda: self.retry(None))
        self.retry_answer = QLabel()
        self.retry_answer.setObjectName("status-retry-answer")
        retry_line = QHBoxLayout()
        retry_line.addWidget(retry)
        retry_line.addWidget(retry_all)
        retry_line.addWidget(self.retry_answer, 1)
        # A hub holding refused tickets of other tills has not relayed everything: say so.
        self.relay_warning = QLabel()
        self.relay_warning.setObjectName("status-relay-warning")
        self.relay_warning.setWordWrap(True)
        self.relay_warning.setStyleSheet(
            "color: white; background: #b00020; padding: 6px; font-weight: bold;"
        )
        self.relay_warning.setVisible(False)
        quarantined = QGroupBox(self.tr("Quarantined tickets (refused by the server)"))
        q_box = QVBoxLayout(quarantined)
        q_box.addWidget(self.relay_warning)
        q_box.addWidget(self.quarantine)
        q_box.addLayout(retry_line)

        self.messages = QTableWidget(0, 3)
        self.messages.setObjectName("status-messages")
        self.messages.setHorizontalHeaderLabels(
            [self.tr("Received"), self.tr("Message"), self.tr("Seen by the cashier")]
        )
        self.messages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        present(self.messages.verticalHeader()).setVisible(False)
        m_header = present(self.messages.horizontalHeader())
        m_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        m_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        m_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        log = QGroupBox(self.tr("Messages from head office"))
        QVBoxLayout(log).addWidget(self.messages)

        top = QHBoxLayout()
        top.addWidget(link, 3)
        top.addWidget(outbox, 2)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(quarantined, 1)
        box.addWidget(log, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.ping_timer = QTimer(self)
        self.ping_timer.timeout.connect(self.ping)

    # -- running
    def start(self, ping_every_s: int | None) -> None:
        """Poll now and on the timer; ping at start and every ``ping_every_s`` seconds."""
        self.timer.start()
        self.poll()
        self.ping_timer.stop()
        if ping_every_s:
            self.ping_timer.start(ping_every_s * 1000)
            self.ping()

    def stop(self) -> None:
        self.timer.stop()
        self.ping_timer.stop()

    def poll(self) -> None:
        till = self._till()
        if till is None or self._reading:
            return
        self._reading = True
        self.lane.submit(lambda job: read_status(till), done=self._show, failed=self._poll_failed)

    def _poll_failed(self, exc: BaseException) -> None:
        self._reading = False
        self.connection.setText(explain(exc))

    def ping(self) -> None:
        till = self._till()
        if till is None or self._pinging or not till.uplink.configured:
            return
        self._pinging = True

        def finished(_: object = None) -> None:
            self._pinging = False
            self.poll()

        self.lane.submit(lambda job: till.uplink.ping(), done=finished, failed=finished)

    def _mode_chosen(self, index: int) -> None:
        till = self._till()
        mode = self.server_mode.itemData(index)
        if till is None or not isinstance(mode, str):
            return
        self.lane.submit(
            lambda job: till.use_server(mode),
            done=lambda choice: self.poll(),
            failed=lambda exc: self.connection.setText(explain(exc)),
        )

    def send(self) -> None:
        till = self._till()
        if till is None:
            return
        self.lane.submit(
            lambda job: till.uplink.send_tickets(force=True),
            done=lambda report: self.poll(),
            failed=lambda exc: self.sync_error.setText(explain(exc)),
        )

    def retry_selected(self) -> None:
        rows = {index.row() for index in present(self.quarantine.selectionModel()).selectedRows()}
        ids = [present(self.quarantine.item(row, 0)).text() for row in sorted(rows)]
        if ids:
            self.retry(ids)
        else:
            self.retry_answer.setText(self.tr("Select the tickets to retry first."))

    def retry(self, ticket_ids: list[str] | None) -> None:
        till = self._till()
        if till is None:
            return

        def moved(count: int) -> None:
            self.retry_answer.setText(
                self.tr("{count} ticket(s) back in the outbox.").format(count=count)
            )
            self.poll()

        self.lane.submit(
            lambda job: till.uplink.outbox.retry(ticket_ids),
            done=moved,
            failed=lambda exc: self.retry_answer.setText(explain(exc)),
        )

    # -- showing
    def _show(self, s: StatusSnapshot) -> None:
        self._reading = False
        self.snapshot = s
        self._show_connection(s)
        self.pending.setText(str(s.outbox_pending))
        self.oldest.setText(moment(s.oldest_pending_at) if s.oldest_pending_at else "-")
        self.last_sync.setText(moment(s.last_sync_at))
        self.receipts.setText(str(s.receipts_waiting))
        self.sync_error.setText(s.sync_errors.get("tickets", ""))
        self._fill_quarantine(s.quarantined)
        self._show_relay(s)
        self._fill_messages(s)
        self.updated.emit(s)

    def _show_server(self, s: StatusSnapshot) -> None:
        self.server_line.setVisible(s.local_server == "client")
        index = self.server_mode.findData(s.server_mode or "auto")
        if index >= 0 and not present(self.server_mode.view()).isVisible():
            self.server_mode.setCurrentIndex(index)
        in_use = {"gateway": self.tr("in use: the gateway"), "hub": self.tr("in use: the hub")}
        self.server_in_use.setText(in_use.get(s.server_in_use or "", ""))

    def _show_connection(self, s: StatusSnapshot) -> None:
        self._show_server(s)
        self.icon.set_reachable(s.reachable, s.ping_error or "")
        if not s.configured:
            text = self.tr("No web-service URL set (Web services tab).")
        elif s.reachable is None:
            text = self.tr("Not checked yet.")
        elif s.reachable:
            text = self.tr("Server reachable. Last ping: {time}.").format(
                time=moment(s.last_ping_at)
            )
        else:
            text = self.tr("Server not answering since the ping at {time}: {error}").format(
                time=moment(s.last_ping_at), error=s.ping_error or "-"
            )
        self.connection.setText(text)

    def _show_relay(self, s: StatusSnapshot) -> None:
        self.relay_warning.setVisible(s.relay_quarantined > 0)
        self.relay_warning.setText(
            self.tr(
                "{count} ticket(s) of the store's other tills were refused by the gateway and "
                "are held here, not relayed: see the reasons below, fix, then Retry."
            ).format(count=s.relay_quarantined)
        )

    def _fill_quarantine(self, rows: list[dict[str, object]]) -> None:
        keep = {i.row() for i in present(self.quarantine.selectionModel()).selectedRows()}
        self.quarantine.setRowCount(len(rows))
        for row, q in enumerate(rows):
            cells = (
                q["ticket_id"],
                f"{q['business_day']} / {q['number']}",
                money(Decimal(str(q["total"]))),
                q["attempts"],
                q["reason"],
            )
            for col, value in enumerate(cells):
                self.quarantine.setItem(row, col, QTableWidgetItem(str(value)))
        for row in keep:
            if row < len(rows):
                self.quarantine.selectRow(row)

    def _fill_messages(self, s: StatusSnapshot) -> None:
        self.messages.setRowCount(len(s.messages))
        for row, m in enumerate(s.messages):
            received = moment(m.received_at.isoformat())
            seen = moment(m.shown_at.isoformat()) if m.shown_at else self.tr("not yet")
            for col, text in enumerate((received, m.text, seen)):
                self.messages.setItem(row, col, QTableWidgetItem(text))
