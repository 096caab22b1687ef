"""The drawer's dialogs: a cash movement (float, cash in, cash out, safe drop: the amount
and, where the library asks for one, a reason) and the closing count by note and coin
with the cash expected and the difference.

The rules (what needs a reason or a supervisor, the notes and coins, the totals) are
the library's (``standalone_till.cash``); these dialogs collect what the cashier typed
and show what the library answers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

from admin_gui.errors import explain
from admin_gui.front.register import parse_amount
from admin_gui.front.signin import ERROR_STYLE, INFO_STYLE
from admin_gui.i18n import money, translate
from admin_gui.qt.core import QT_TRANSLATE_NOOP, Qt, pyqtSignal
from admin_gui.qt.gui import QFont, QKeyEvent, QShowEvent
from admin_gui.qt.widgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from connectors.errors import BadInput, SaleError
from standalone_till.cash import CashKind, DrawerCash, counted_total

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
TITLES = {
    CashKind.FLOAT: QT_TRANSLATE_NOOP("CashDialog", "Float (change fund)"),
    CashKind.CASH_IN: QT_TRANSLATE_NOOP("CashDialog", "Cash in"),
    CashKind.CASH_OUT: QT_TRANSLATE_NOOP("CashDialog", "Cash out"),
    CashKind.DROP: QT_TRANSLATE_NOOP("CashDialog", "Safe drop"),
}
# The movements whose document carries a reason (the library refuses cash in/out without).
WITH_REASON = (CashKind.CASH_IN, CashKind.CASH_OUT)


def _font(size: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


class _Said(QDialog):
    """A dialog with a message line under its fields."""

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        label.setFont(_font(14))
        return label

    def _message_line(self) -> QLabel:
        self.message = QLabel()
        self.message.setObjectName("dialog-message")
        self.message.setWordWrap(True)
        self.message.setFont(_font(13))
        return self.message

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(text)

    def failed(self, exc: BaseException) -> None:
        self.say(explain(exc), error=True)


class CashDialog(_Said):
    """One movement of cash: the amount, Enter, the reason (cash in and out), Enter."""

    submitted = pyqtSignal(object, str)  # the amount (Decimal), the reason

    def __init__(self, kind: CashKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"cash-{kind.value}")
        self.kind = kind
        title = translate("CashDialog", TITLES[kind])
        self.setWindowTitle(title)
        heading = QLabel(title)
        heading.setFont(_font(18, bold=True))
        self.amount = QLineEdit()
        self.amount.setObjectName("cash-amount")
        self.reason = QLineEdit()
        self.reason.setObjectName("cash-reason")
        for field in (self.amount, self.reason):
            field.setFont(_font(16))
        form = QFormLayout()
        form.addRow(self._caption(self.tr("Amount")), self.amount)
        if kind in WITH_REASON:
            form.addRow(self._caption(self.tr("Reason")), self.reason)
        else:
            self.reason.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.addWidget(heading)
        box.addLayout(form)
        box.addWidget(self._message_line())
        self.amount.returnPressed.connect(self._amount_entered)
        self.reason.returnPressed.connect(self._send)
        self.say(self.tr("Type the amount, Enter. Esc: cancel."))
        self.setMinimumWidth(520)

    def _amount_entered(self) -> None:
        if self.kind in WITH_REASON:
            self.reason.setFocus()
            self.say(self.tr("Why? Type the reason, Enter."))
        else:
            self._send()

    def _send(self) -> None:
        try:
            amount = parse_amount(self.amount.text())
        except SaleError as exc:
            self.failed(exc)
            self.amount.setFocus()
            return
        if amount is None:
            self.say(self.tr("Type the amount first."), error=True)
            self.amount.setFocus()
            return
        self.say(self.tr("Recording…"))
        self.submitted.emit(amount, self.reason.text())


class CountDialog(_Said):
    """The closing count: how many of each note and coin (Enter goes to the next), the
    counted total as typed, the cash expected and the difference; F10 records it."""

    submitted = pyqtSignal(object)  # ((denomination, count), ...)

    def __init__(
        self, denominations: Sequence[Decimal], drawer: DrawerCash, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cash-count")
        self.setWindowTitle(self.tr("Closing count"))
        self.drawer = drawer  # the day so far, as the library sums it
        heading = QLabel(self.tr("Closing count"))
        heading.setFont(_font(18, bold=True))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self.fields: dict[Decimal, QLineEdit] = {}
        half = (len(denominations) + 1) // 2
        for index, denomination in enumerate(denominations):
            field = QLineEdit()
            field.setObjectName(f"count:{denomination:f}")
            field.setFont(_font(14))
            field.setMaximumWidth(110)
            field.setAlignment(RIGHT)
            field.textChanged.connect(self._recount)
            field.returnPressed.connect(lambda i=index: self._next(i))
            label = QLabel(money(denomination))
            label.setFont(_font(14, bold=True))
            label.setAlignment(RIGHT)
            row, col = index % half, (index // half) * 2
            grid.addWidget(label, row, col)
            grid.addWidget(field, row, col + 1)
            self.fields[denomination] = field
        self.counted = self._figure("count-counted")
        self.expected = self._figure("count-expected")
        self.difference = self._figure("count-difference", size=20)
        figures = QFormLayout()
        figures.addRow(self._caption(self.tr("Counted")), self.counted)
        figures.addRow(self._caption(self.tr("Expected in the drawer")), self.expected)
        figures.addRow(self._caption(self.tr("Difference")), self.difference)
        self.record = QPushButton(self.tr("F10  Record the count"))
        self.record.setObjectName("count-record")
        self.record.setAutoDefault(False)
        self.record.setFont(_font(13))
        self.record.setMinimumHeight(44)
        self.record.clicked.connect(self._send)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.addWidget(heading)
        box.addLayout(grid)
        box.addLayout(figures)
        box.addWidget(self._message_line())
        box.addWidget(self.record)
        self.expected.setText(money(drawer.expected))
        self._recount()
        self.say(self.tr("How many of each, Enter for the next; F10 records. Esc: cancel."))

    @staticmethod
    def _figure(name: str, size: int = 16) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setFont(_font(size, bold=True))
        label.setAlignment(RIGHT)
        return label

    def _next(self, index: int) -> None:
        fields = list(self.fields.values())
        if index + 1 < len(fields):
            fields[index + 1].setFocus()
            fields[index + 1].selectAll()
        else:
            self.record.setFocus()

    def counts(self) -> tuple[tuple[Decimal, int], ...]:
        """What was typed (empty fields count none); BadInput names a field not a count."""
        typed: list[tuple[Decimal, int]] = []
        for denomination, field in self.fields.items():
            text = field.text().strip()
            if not text:
                continue
            if not text.isdigit():
                raise BadInput(
                    translate("CountDialog", "{note}: the count is a whole number").format(
                        note=money(denomination)
                    )
                )
            typed.append((denomination, int(text)))
        return tuple(typed)

    def _recount(self) -> None:
        try:
            counted = counted_total(self.counts())
        except BadInput as exc:
            self.failed(exc)
            return
        self.counted.setText(money(counted))
        self.show_difference(dataclasses.replace(self.drawer, counted=counted))

    def show_difference(self, drawer: DrawerCash) -> None:
        """The library's difference (counted less expected: + over, - short)."""
        difference = drawer.difference
        if difference is None:
            self.difference.setText("-")
            return
        sign = "+" if difference > 0 else ""
        self.difference.setText(sign + money(difference))
        colour = "#1b5e20" if difference == 0 else "#b00020"
        self.difference.setStyleSheet(f"color: {colour};")

    def _send(self) -> None:
        try:
            counts = self.counts()
        except BadInput as exc:
            self.failed(exc)
            return
        self.say(self.tr("Recording…"))
        self.submitted.emit(counts)

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        # F10 reaches the dialog from whichever field has the keyboard.
        if event is not None and event.key() == Qt.Key.Key_F10:
            self._send()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent | None) -> None:
        super().showEvent(event)
        next(iter(self.fields.values())).setFocus()
