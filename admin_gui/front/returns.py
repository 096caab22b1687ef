"""The return mode: scan or type the receipt code (or the ticket's DAY/NUMBER or id), the
original's lines with what remains returnable, a quantity typed beside each line given
back, F10 refunds. After the return the lines show what remains.

F8 switches to a return without receipt: each item given back scanned (``CODE*QTY`` for
a quantity), F10 refunds at today's price once a supervisor approves."""

from __future__ import annotations

from decimal import Decimal

from admin_gui.errors import explain
from admin_gui.front.return_desk import ItemPick, OriginalView, ReturnDone
from admin_gui.front.signin import ERROR_STYLE, INFO_STYLE
from admin_gui.i18n import money, quantity, translate
from admin_gui.qt import present
from admin_gui.qt.core import QT_TRANSLATE_NOOP, Qt, pyqtSignal
from admin_gui.qt.gui import QFont, QKeyEvent, QShowEvent
from admin_gui.qt.widgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
METHODS = {
    "cash": QT_TRANSLATE_NOOP("ReturnDialog", "cash"),
    "card": QT_TRANSLATE_NOOP("ReturnDialog", "card"),
}
SOURCES = {
    "journal": QT_TRANSLATE_NOOP("ReturnDialog", "this till"),
    "gateway": QT_TRANSLATE_NOOP("ReturnDialog", "the head office server"),
    "hub": QT_TRANSLATE_NOOP("ReturnDialog", "the store's server"),
}


def _font(size: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


class ReturnDialog(QDialog):
    """``looked_up`` asks for the ticket typed; ``refund`` carries the quantities typed
    (line_no -> text); the window answers with ``show_original`` / ``show_done`` / ``failed``."""

    looked_up = pyqtSignal(str)
    refund = pyqtSignal(object, object)  # the OriginalView, {line_no: typed text}
    item_scanned = pyqtSignal(str)  # without receipt: CODE or CODE*QTY
    refund_without_receipt = pyqtSignal(object)  # the ItemPicks

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("return-dialog")
        self.setWindowTitle(self.tr("Return"))
        self.original: OriginalView | None = None
        self.without_receipt = False
        self.picks: list[ItemPick] = []
        heading = QLabel(self.tr("Return"))
        heading.setFont(_font(20, bold=True))
        self.ref = QLineEdit()
        self.ref.setObjectName("return-ref")
        self.ref.setFont(_font(18))
        self.ref.returnPressed.connect(self._entered)
        form = QFormLayout()
        self.caption = QLabel(self.tr("Receipt"))
        self.caption.setFont(_font(16, bold=True))
        form.addRow(self.caption, self.ref)
        self.found = QLabel()
        self.found.setObjectName("return-found")
        self.found.setFont(_font(13))
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("return-lines")
        self._headers()
        self.table.setFont(_font(14))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        present(self.table.verticalHeader()).setVisible(False)
        present(self.table.verticalHeader()).setDefaultSectionSize(38)
        self.quantities: dict[int, QLineEdit] = {}
        self.message = QLabel()
        self.message.setObjectName("return-message")
        self.message.setWordWrap(True)
        self.message.setFont(_font(14))
        self.all_key = QPushButton(self.tr("F9  Everything returnable"))
        self.all_key.setObjectName("return-all")
        self.all_key.setAutoDefault(False)
        self.all_key.clicked.connect(self.everything)
        self.refund_key = QPushButton(self.tr("F10  Refund"))
        self.refund_key.setObjectName("return-refund")
        self.refund_key.setAutoDefault(False)
        self.refund_key.clicked.connect(self._refund)
        self.mode_key = QPushButton(self.tr("F8  Without receipt"))
        self.mode_key.setObjectName("return-mode")
        self.mode_key.setAutoDefault(False)
        self.mode_key.clicked.connect(self.switch_mode)
        self._keys = {
            Qt.Key.Key_F8: self.switch_mode,
            Qt.Key.Key_F9: self.everything,
            Qt.Key.Key_F10: self._refund,
        }
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.addWidget(heading)
        box.addLayout(form)
        box.addWidget(self.found)
        box.addWidget(self.table, 1)
        box.addWidget(self.message)
        keys = QHBoxLayout()
        for button in (self.mode_key, self.all_key, self.refund_key):
            button.setFont(_font(13))
            button.setMinimumHeight(44)
            keys.addWidget(button)
        box.addLayout(keys)
        self.say(self.tr("Scan or type the code printed on the receipt; Enter. Esc: close."))
        self.resize(1000, 620)

    def _headers(self) -> None:
        if self.without_receipt:
            self.table.setColumnCount(3)
            self.table.setHorizontalHeaderLabels(
                [self.tr("#"), self.tr("Item"), self.tr("Quantity")]
            )
        else:
            self.table.setColumnCount(6)
            self.table.setHorizontalHeaderLabels(
                [
                    self.tr("#"),
                    self.tr("Item"),
                    self.tr("Sold"),
                    self.tr("Returned"),
                    self.tr("Returnable"),
                    self.tr("Give back"),
                ]
            )
        header = present(self.table.horizontalHeader())
        for col in range(self.table.columnCount()):
            mode = QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col == 1 else mode)

    def switch_mode(self) -> None:
        """With a receipt, or without (F8): the table and the prompt follow."""
        self.without_receipt = not self.without_receipt
        self.original, self.picks, self.quantities = None, [], {}
        self.table.setRowCount(0)
        self._headers()
        self.found.setText("")
        self.ref.clear()
        self.ref.setFocus()
        self.all_key.setEnabled(not self.without_receipt)
        if self.without_receipt:
            self.caption.setText(self.tr("Item"))
            self.mode_key.setText(self.tr("F8  With a receipt"))
            self.say(
                self.tr(
                    "Without receipt: scan each item given back (CODE*QTY for a quantity); "
                    "F10 refunds at today's price once a supervisor approves."
                )
            )
        else:
            self.caption.setText(self.tr("Receipt"))
            self.mode_key.setText(self.tr("F8  Without receipt"))
            self.say(self.tr("Scan or type the code printed on the receipt; Enter. Esc: close."))

    def _entered(self) -> None:
        if self.without_receipt:  # like the sale's entry: the field is free for the next scan
            text = self.ref.text()
            self.ref.clear()
            if text.strip():
                self.item_scanned.emit(text)
        else:
            self.looked_up.emit(self.ref.text())

    def add_pick(self, pick: ItemPick) -> None:
        self.picks.append(pick)
        row = self.table.rowCount()
        self.table.setRowCount(row + 1)
        cells = (str(row + 1), pick.name, "" if pick.quantity is None else quantity(pick.quantity))
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col != 1:
                item.setTextAlignment(RIGHT)
            self.table.setItem(row, col, item)
        self.say(
            self.tr("{count} item(s) to give back. Scan the next, or F10 refunds.").format(
                count=len(self.picks)
            )
        )

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(text)

    def failed(self, exc: BaseException) -> None:
        self.say(explain(exc), error=True)
        if self.ref.hasFocus():  # the next scan replaces what was refused
            self.ref.selectAll()

    def show_original(self, original: OriginalView) -> None:
        self.original = original
        where = translate("ReturnDialog", SOURCES.get(original.source, original.source))
        self.found.setText(
            self.tr("Ticket {number} of {day}, found at {where}.").format(
                number=original.number or "-", day=original.business_day or "-", where=where
            )
        )
        self.table.setRowCount(len(original.lines))
        self.quantities = {}
        for row, ln in enumerate(original.lines):
            cells = (
                str(ln.line_no),
                ln.name,
                quantity(ln.sold),
                quantity(ln.returned) if ln.returned else "",
                quantity(ln.returnable),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col != 1:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, col, item)
            field = QLineEdit()
            field.setObjectName(f"return-qty:{ln.line_no}")
            field.setAlignment(RIGHT)
            field.setEnabled(ln.returnable > 0)
            field.returnPressed.connect(lambda r=row: self._next(r))
            self.table.setCellWidget(row, 5, field)
            self.quantities[ln.line_no] = field
        if not original.anything_left:
            self.say(self.tr("Everything of this ticket was returned already."), error=True)
            self.ref.setFocus()
            self.ref.selectAll()
            return
        self.say(
            self.tr(
                "Type the quantity to give back beside each line (Enter: next line), "
                "F9 everything; F10 refunds."
            )
        )
        self._first_open().setFocus()

    def _first_open(self) -> QLineEdit:
        return next((f for f in self.quantities.values() if f.isEnabled()), self.ref)

    def _next(self, row: int) -> None:
        fields = [f for f in list(self.quantities.values())[row + 1 :] if f.isEnabled()]
        (fields[0] if fields else self.refund_key).setFocus()

    def everything(self) -> None:
        if self.original is None:
            return
        for ln in self.original.lines:
            field = self.quantities[ln.line_no]
            field.setText(quantity(ln.returnable) if ln.returnable > 0 else "")

    def _refund(self) -> None:
        if self.without_receipt:
            if not self.picks:
                self.say(self.tr("Scan the items given back first."), error=True)
                return
            self.say(self.tr("Refunding…"))
            self.refund_without_receipt.emit(list(self.picks))
            return
        if self.original is None:
            self.say(self.tr("Scan or type the receipt first."), error=True)
            return
        typed = {no: field.text() for no, field in self.quantities.items()}
        self.say(self.tr("Refunding…"))
        self.refund.emit(self.original, typed)

    def show_done(self, done: ReturnDone) -> None:
        if done.original is not None:
            self.show_original(done.original)
        else:  # without receipt: the list is done
            self.picks = []
            self.table.setRowCount(0)
        refunds = ", ".join(
            f"{translate('ReturnDialog', METHODS.get(m.value, m.value))} {money(a)}"
            for m, a in done.refunds
        )
        text = self.tr("Return {number} recorded. Refund: {refunds}.").format(
            number=done.number or "-", refunds=refunds or money(Decimal("0"))
        )
        self.say("\n".join([text, *done.notices]), error=bool(done.notices))
        self.ref.setFocus()
        self.ref.selectAll()

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        # The F-keys reach the dialog from whichever field has the keyboard.
        action = self._keys.get(Qt.Key(event.key())) if event is not None else None
        if action is None:
            super().keyPressEvent(event)
            return
        action()

    def showEvent(self, event: QShowEvent | None) -> None:
        super().showEvent(event)
        self.ref.setFocus()
