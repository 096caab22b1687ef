"""The cashier window: scan, ticket lines, a big total, customer and offers, cash with the
change, card, void, cancel; the network icon and head office's messages.

Usable by keyboard alone: the entry field always has the focus; Enter scans (or applies
what the prompt asks for), F2 customer or card, F4 void the selected line (Up/Down
select), F5 cash, F6 card, F7 acknowledge the message, F9 cancel the ticket, Esc back
to scanning. The sale runs on one worker thread, in order; the network icon and the
messages come from the sync agent and a timer, never from the sale's path.

The business day's state is in the top bar from the start; while no sale can go in
(the day closed, or ended by its Z report) a banner says so and what to do, and the
till refuses the first scan (the rule is the library's: ``Till.sale_day``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from admin_gui.errors import explain
from admin_gui.front.desk import Desk
from admin_gui.front.register import Register, TicketView, parse_amount
from admin_gui.front.return_desk import ReturnDone
from admin_gui.front.signin import SignInPanel
from admin_gui.front.ticket import TicketPanel, TotalsPanel
from admin_gui.i18n import money
from admin_gui.qt.core import Qt, QTimer
from admin_gui.qt.gui import QCloseEvent, QFont, QKeySequence, QShortcut, QShowEvent
from admin_gui.qt.widgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from admin_gui.status.snapshot import FrontStatus, read_front
from admin_gui.widgets.banner import MessageBanner
from admin_gui.widgets.network import NetworkIcon
from admin_gui.work import Job, Lane
from connectors.errors import ApprovalRefused, NotSignedIn, SaleError
from standalone_till.cashiers import Cashier
from standalone_till.config import load_config
from standalone_till.journal import DayClosed, SaleDay
from standalone_till.service import Till
from standalone_till.sync.agent import Agent

log = logging.getLogger("tillsync.gui")
POLL_MS = 1000
TOP_STYLE = "QFrame#front-top { background: #263238; } QFrame#front-top QLabel { color: #eceff1; }"
ERROR_STYLE = "color: #b00020; font-weight: bold;"
DAY_BANNER_STYLE = (
    "QLabel#front-day-banner { background: #ffebee; color: #8e0000;"
    " border: 2px solid #c62828; border-radius: 6px; padding: 10px; }"
)
INFO_STYLE = "color: #37474f;"


class Mode(Enum):
    SCAN = "scan"
    CUSTOMER = "customer"
    CASH = "cash"
    CONFIRM_CANCEL = "cancel"


class CashierWindow(QMainWindow):
    def __init__(self, till: Till, *, agent: bool = True, poll_ms: int = POLL_MS) -> None:
        super().__init__()
        self.setObjectName("cashier-window")
        self.till = till
        self.register = Register(till)
        self.sale = Lane("sale", parent=self)
        self.background = Lane("front status", parent=self)
        self.mode = Mode.SCAN
        self._hint = ""
        self.view: TicketView = self.register.view()
        self._reading = False
        self._acked: set[int] = set()
        self._agent: Agent | None = None
        self._agent_stop = threading.Event()
        self._agent_thread: threading.Thread | None = None

        self.cashier: Cashier | None = None
        self._build()
        self.desk = Desk(self)
        self._keys()
        self.set_mode(Mode.SCAN)
        self.show_ticket(self.view)
        self._first_cashier()
        self.show_day(till.sale_day())  # at once, then with the status on the timer

        self.timer = QTimer(self)
        self.timer.setInterval(poll_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        if agent and till.uplink.configured:
            self._start_agent()
        self.poll()
        self.setWindowTitle(self.tr("tillsync — till {till}").format(till=till.cfg.till.till_id))
        self.resize(1280, 800)

    # -- building
    def _build(self) -> None:
        cfg = self.till.cfg.till
        self.icon = NetworkIcon(30)
        where = QLabel(
            self.tr("Store {store} · Till {till}").format(store=cfg.store_id, till=cfg.till_id)
        )
        where.setObjectName("front-where")
        self.link = QLabel()
        self.link.setObjectName("front-link")
        where.setFont(_font(13, bold=True))
        self.link.setFont(_font(13))
        self.day = QLabel()
        self.day.setObjectName("front-day")
        self.day.setFont(_font(13, bold=True))
        top = QFrame()
        top.setObjectName("front-top")
        top.setStyleSheet(TOP_STYLE)
        top_line = QHBoxLayout(top)
        top_line.setContentsMargins(12, 6, 12, 6)
        top_line.addWidget(self.icon)
        top_line.addWidget(self.link)
        top_line.addStretch(1)
        self.who = QLabel()
        self.who.setObjectName("front-cashier")
        self.who.setFont(_font(13, bold=True))
        top_line.addWidget(self.who)
        top_line.addSpacing(24)
        top_line.addWidget(self.day)
        top_line.addSpacing(24)
        top_line.addWidget(where)

        self.day_banner = QLabel()
        self.day_banner.setObjectName("front-day-banner")
        self.day_banner.setStyleSheet(DAY_BANNER_STYLE)
        self.day_banner.setWordWrap(True)
        self.day_banner.setFont(_font(16, bold=True))
        self.day_banner.hide()

        self.banner = MessageBanner()
        self.banner.set_words(self.tr("Message from head office:"), self.tr("OK (F7)"))
        self.banner.set_font(_font(15))
        self.banner.acknowledged.connect(self.acknowledge)

        self.lines = TicketPanel()
        self.totals = TotalsPanel()

        self.prompt = QLabel()
        self.prompt.setObjectName("front-prompt")
        self.prompt.setMinimumWidth(220)
        self.entry = QLineEdit()
        self.entry.setObjectName("front-entry")
        self.entry.setFont(_font(20))
        self.prompt.setFont(_font(20, bold=True))
        self.entry.returnPressed.connect(self.submit)
        self.hint = QLabel()
        self.hint.setObjectName("front-hint")
        self.hint.setWordWrap(True)
        self.hint.setFont(_font(13))
        entry_line = QHBoxLayout()
        entry_line.addWidget(self.prompt)
        entry_line.addWidget(self.entry, 1)

        self.keys_bar = QHBoxLayout()
        body = QWidget()
        grid = QHBoxLayout()
        grid.addWidget(self.lines, 3)
        grid.addWidget(self.totals, 2)
        box = QVBoxLayout(body)
        box.setContentsMargins(0, 0, 0, 8)
        box.addWidget(top)
        inner = QVBoxLayout()
        inner.setContentsMargins(12, 4, 12, 0)
        inner.addWidget(self.day_banner)
        inner.addWidget(self.banner)
        # The sale, or the sign-in while nobody is signed in at a till with cashiers.
        self.sale_page = QWidget()
        sale_box = QVBoxLayout(self.sale_page)
        sale_box.setContentsMargins(0, 0, 0, 0)
        sale_box.addLayout(grid, 1)
        sale_box.addLayout(entry_line)
        sale_box.addWidget(self.hint)
        sale_box.addLayout(self.keys_bar)
        self.signin = SignInPanel()
        self.signin.fields.submitted.connect(self.sign_in)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.sale_page)
        self.pages.addWidget(self.signin)
        inner.addWidget(self.pages, 1)
        box.addLayout(inner, 1)
        self.setCentralWidget(body)

    def _keys(self) -> None:
        actions = (
            ("F2", self.tr("Customer / card"), lambda: self.set_mode(Mode.CUSTOMER)),
            ("F3", self.tr("Return"), self.open_returns),
            ("F4", self.tr("Void line"), self.void_selected),
            ("F5", self.tr("Cash"), lambda: self.set_mode(Mode.CASH)),
            ("F6", self.tr("Card"), self.pay_card),
            ("F7", self.tr("OK message"), self.banner.acknowledge),
            ("F8", self.tr("Drawer / reports"), self.open_menu),
            ("F9", self.tr("Cancel ticket"), lambda: self.set_mode(Mode.CONFIRM_CANCEL)),
            ("F12", self.tr("Sign out"), self.sign_out),
            ("Esc", self.tr("Back to scanning"), lambda: self.set_mode(Mode.SCAN)),
        )
        for key, text, slot in actions:
            button = QPushButton(f"{key}\n{text}")
            button.setObjectName(f"key:{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(60)
            button.setFont(_font(12))
            button.clicked.connect(lambda _=False, s=slot: s())
            self.keys_bar.addWidget(button)
            self._shortcut("Escape" if key == "Esc" else key, slot)
        self.sign_out_key = self.findChild(QPushButton, "key:F12")
        self._shortcut("Up", lambda: self.lines.move_selection(-1))
        self._shortcut("Down", lambda: self.lines.move_selection(1))

    def _shortcut(self, key: str, slot: Callable[[], object]) -> None:
        """A key of the sale: it does nothing while the sign-in page is shown."""

        def pressed() -> None:
            if not self.signing_in:
                slot()

        QShortcut(QKeySequence(key), self).activated.connect(pressed)

    @property
    def signing_in(self) -> bool:
        return self.pages.currentWidget() is self.signin

    # -- modes of the entry field
    def set_mode(self, mode: Mode) -> None:
        if mode is Mode.CASH and self.view.totals.due <= 0:
            self.say(self.tr("Nothing to pay: scan items first."), error=True)
            return
        if mode is Mode.CONFIRM_CANCEL and self.view.empty:
            self.say(self.tr("The ticket is empty."), error=True)
            return
        self.mode = mode
        prompts = {
            Mode.SCAN: (
                self.tr("Scan"),
                self.tr("Scan or type a code, CODE*QTY for a quantity or a weight; Enter."),
            ),
            Mode.CUSTOMER: (
                self.tr("Customer"),
                self.tr("Customer code or card (scan, swipe or type); Enter. Esc: back."),
            ),
            Mode.CASH: (
                self.tr("Cash"),
                self.tr("Amount received; Enter alone for exactly {due}. Esc: back.").format(
                    due=money(self.view.totals.due)
                ),
            ),
            Mode.CONFIRM_CANCEL: (
                self.tr("Cancel?"),
                self.tr("Enter: cancel the whole ticket. Esc: keep it."),
            ),
        }
        prompt, self._hint = prompts[mode]
        self.prompt.setText(prompt)
        self.entry.clear()
        self.say(self._hint)
        self.entry.setFocus()

    def say(self, text: str, *, error: bool = False) -> None:
        self.hint.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.hint.setText(text)
        if error:
            QApplication.beep()

    # -- the cashier's actions (each queued on the sale thread, in order)
    def submit(self) -> None:
        text = self.entry.text()
        self.entry.clear()
        mode = self.mode
        if mode is Mode.SCAN:
            if text.strip():
                self._run(lambda job: self.register.enter(text, lambda: job.note("weighing")))
        elif mode is Mode.CUSTOMER:
            self._run(lambda job: self.register.identify(text), then=Mode.SCAN)
        elif mode is Mode.CASH:
            try:
                amount = parse_amount(text)
            except SaleError as exc:
                self.say(explain(exc), error=True)
                return
            self._run(lambda job: self.register.pay_cash(amount), then=Mode.SCAN)
        elif mode is Mode.CONFIRM_CANCEL:
            self._run(lambda job: self.register.cancel(), then=Mode.SCAN)

    def void_selected(self) -> None:
        line_no = self.lines.selected_line()
        if line_no is None:
            self.say(self.tr("Select a line with Up/Down first."), error=True)
            return
        # After a payment the library asks for a supervisor; the desk's prompt asks one.
        self.desk.approved(
            lambda supervisor: self.register.void(line_no, supervisor),
            lambda view: self._shown(view, None),
            self._void_failed,
        )

    def _void_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ApprovalRefused):
            self.say(self.desk.not_approved(exc), error=True)
        else:
            self._failed(exc)

    def pay_card(self) -> None:
        if self.view.totals.due <= 0:
            self.say(self.tr("Nothing to pay: scan items first."), error=True)
            return
        self._run(lambda job: self.register.pay_card(), then=Mode.SCAN)

    def _run(self, action: Callable[[Job], TicketView], then: Mode | None = None) -> None:
        self.sale.submit(
            action, done=lambda view: self._shown(view, then), failed=self._failed, note=self._noted
        )

    def _shown(self, view: TicketView, then: Mode | None) -> None:
        self.show_ticket(view)
        if then is not None and self.mode is not then:
            self.set_mode(then)
        self.say(self._summary(view))
        if view.notices:
            self.say("\n".join([self._summary(view), *view.notices]), error=True)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, DayClosed):
            self.show_day(exc.sale_day)
        if isinstance(exc, NotSignedIn):  # cashiers came with the master data
            self.show_signin()
            return
        self.say(explain(exc), error=True)

    def _noted(self, what: object) -> None:
        if what == "weighing":
            self.say(self.tr("Weighing… put the item on the scale."))

    def _summary(self, view: TicketView) -> str:
        t = view.totals
        if view.status == "closed":
            return self.tr("Ticket {number} closed. Next customer: scan.").format(
                number=view.number
            )
        if view.status == "cancelled":
            return self.tr("Ticket cancelled.")
        if t.paid and t.due:
            return self.tr("Still due: {due} (F5 cash, F6 card).").format(due=money(t.due))
        return self._hint

    def show_ticket(self, view: TicketView) -> None:
        self.view = view if view.status == "open" else self.register.view()
        self.lines.show_ticket(view)
        self.totals.show_ticket(view)

    # -- returns, the drawer and reports (dialogs over the sale)
    def open_returns(self) -> None:
        self.desk.open_returns()

    def open_menu(self) -> None:
        self.desk.open_menu()

    def back_to_sale(self) -> None:
        """A dialog closed: the keyboard back to the entry field (a kiosk has no window
        manager to give it back)."""
        if self.desk.dialog is None:
            self.activateWindow()
            if not self.signing_in:
                self.entry.setFocus()

    def return_taken(self, done: ReturnDone) -> None:
        self.say(self.tr("Return {number} recorded.").format(number=done.number or "-"))

    # -- the cashier signed in
    def _first_cashier(self) -> None:
        """Who is signed in from the start: nobody at a till with cashiers shows the
        sign-in; a till without any sells as before (anonymous)."""
        try:
            code = self.till.require_cashier()
        except NotSignedIn:
            self.show_signin()
            return
        self.show_cashier(self.till.whoami() if code is not None else None)

    def show_signin(self) -> None:
        self.show_cashier(None)
        self.pages.setCurrentWidget(self.signin)
        self.signin.say(self.tr("Type your code, Enter, then your PIN, Enter."))
        self.signin.start()

    def show_cashier(self, cashier: Cashier | None) -> None:
        self.cashier = cashier
        if cashier is None:
            self.who.setText("")
        else:
            self.who.setText(
                self.tr("Cashier: {name} ({code})").format(name=cashier.name, code=cashier.code)
            )
        if self.sign_out_key is not None:
            self.sign_out_key.setEnabled(cashier is not None)

    def sign_in(self, code: str, pin: str) -> None:
        self.signin.say(self.tr("Checking…"))

        def done(cashier: Cashier) -> None:
            self.show_cashier(cashier)
            self.pages.setCurrentWidget(self.sale_page)
            self.set_mode(Mode.SCAN)
            self.say(self.tr("Signed in: {name}. Scan.").format(name=cashier.name))

        self.sale.submit(
            lambda job: self.till.signin(code, pin), done=done, failed=self.signin.refused
        )

    def sign_out(self) -> None:
        if self.cashier is None:
            return
        self.sale.submit(
            lambda job: self.till.signout(),
            done=lambda _: self.show_signin(),
            failed=lambda exc: self.say(explain(exc), error=True),
        )

    # -- the network icon and messages (read on a worker, on a timer)
    def poll(self) -> None:
        if self._reading:
            return
        self._reading = True
        self.background.submit(
            lambda job: (read_front(self.till), self.till.sale_day()),
            done=self._status,
            failed=self._status_failed,
        )

    def _status(self, read: tuple[FrontStatus, SaleDay]) -> None:
        self._reading = False
        s, sale_day = read
        self.show_day(sale_day)
        self.icon.set_reachable(s.reachable if s.configured else None, s.detail)
        if not s.configured:
            self.link.setText(self.tr("Working offline (no server set)"))
        elif s.reachable is False:
            self.link.setText(self.tr("Server not answering: selling goes on, tickets wait"))
        elif s.reachable:
            self.link.setText(self.tr("Connected"))
        else:
            self.link.setText("")
        waiting = [m for m in s.messages if m.id not in self._acked]
        self.banner.show_messages(
            waiting, self.tr("(+{count} more)").format(count=len(waiting) - 1)
        )

    def show_day(self, sale_day: SaleDay) -> None:
        """The day's state in the top bar; the banner while no sale can go in."""
        latest = sale_day.latest
        day = latest.day.isoformat() if latest.day else ""
        if sale_day.open:
            self.day_banner.hide()
            if latest.state == "open":
                self.day.setText(self.tr("Business day {day} open").format(day=day))
            else:  # the first sale opens a new day by itself
                self.day.setText(self.tr("A new business day opens at the first sale"))
            return
        if latest.state == "closed":
            self.day.setText(self.tr("Business day {day} closed").format(day=day))
            text = self.tr(
                "The business day {day} is closed: no sale until it is opened again.\n"
                "To open it, the administrator runs  till day open  on this till; then scan."
            )
        else:  # ended by its Z report: it cannot be opened again
            self.day.setText(self.tr("Business day {day} ended (Z report)").format(day=day))
            text = self.tr(
                "The business day {day} is closed: its Z report is done, no sale can go in.\n"
                "The next business day opens by itself at the first scan tomorrow."
            )
        self.day_banner.setText(text.format(day=day))
        self.day_banner.show()

    def _status_failed(self, exc: BaseException) -> None:
        self._reading = False
        self.link.setText(explain(exc))

    def acknowledge(self, message_id: int) -> None:
        self._acked.add(message_id)
        messages = self.till.uplink.messages
        self.background.submit(
            lambda job: messages.mark_shown([message_id]), done=lambda _: self.poll()
        )
        if not self.signing_in:
            self.entry.setFocus()

    # -- the sync agent: uploads, ping, messages between tickets
    def _start_agent(self) -> None:
        self._agent = Agent(self.till)
        self._agent_thread = threading.Thread(
            target=self._agent.run_forever, args=(self._agent_stop,), name="till-agent", daemon=True
        )
        self._agent_thread.start()
        # The cashier is between two tickets now: ask for messages.
        QTimer.singleShot(0, self._ask_messages)

    def _ask_messages(self) -> None:
        if self._agent is not None:
            self._agent.day_event("between_tickets")

    def showEvent(self, event: QShowEvent | None) -> None:
        # A kiosk till runs X without a window manager: nobody else gives this window the
        # keyboard, and without it the F-keys (window shortcuts) do nothing. So it asks
        # for the focus itself (Qt does it once X has mapped the window).
        super().showEvent(event)
        self.activateWindow()
        if self.signing_in:
            self.signin.start()
        else:
            self.entry.setFocus()

    def closeEvent(self, event: QCloseEvent | None) -> None:
        self.timer.stop()
        self._agent_stop.set()
        self.sale.shutdown()
        self.background.shutdown()
        if self._agent_thread is not None:
            self._agent_thread.join(10)
        self.till.close()
        super().closeEvent(event)


def _font(size: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


def open_front(config: Path) -> CashierWindow:
    """The cashier window on the till ``config`` describes, with its scale if it has one."""
    cfg = load_config(config)
    till = Till(cfg)
    try:
        till.require_ready()
    except Exception:
        till.close()
        raise
    return CashierWindow(till)
