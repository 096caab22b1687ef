"""The return mode: scan or type the receipt code (or the ticket's DAY/NUMBER or id), the
original's lines with what remains returnable, a quantity typed beside each line given
back, F10 refunds. After the return the lines show what remains."""

from __future__ import annotations

from decimal import Decimal

from admin_gui.errors import explain
from admin_gui.front.return_desk import OriginalView, ReturnDone
from admin_gui.front.signin import ERROR_STYLE, INFO_STYLE
from admin_gui.i18n import money, quantity, translate
from admin_gui.qt import present
from admin_gui.qt.core import QT_TRANSLATE_NOOP, Qt, pyqtSignal
from admin_gui.qt.gui import QFont, QKeySequence, QShortcut, QShowEvent
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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("return-dialog")
        self.setWindowTitle(self.tr("Return"))
        self.original: OriginalView | None = None
        heading = QLabel(self.tr("Return"))
        heading.setFont(_font(20, bold=True))
        self.ref = QLineEdit()
        self.ref.setObjectName("return-ref")
        self.ref.setFont(_font(18))
        self.ref.returnPressed.connect(lambda: self.looked_up.emit(self.ref.text()))
        form = QFormLayout()
        caption = QLabel(self.tr("Receipt"))
        caption.setFont(_font(16, bold=True))
        form.addRow(caption, self.ref)
        self.found = QLabel()
        self.found.setObjectName("return-found")
        self.found.setFont(_font(13))
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("return-lines")
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
        self.table.setFont(_font(14))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        present(self.table.verticalHeader()).setVisible(False)
        present(self.table.verticalHeader()).setDefaultSectionSize(38)
        header = present(self.table.horizontalHeader())
        for col in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
        QShortcut(QKeySequence("F9"), self).activated.connect(self.everything)
        QShortcut(QKeySequence("F10"), self).activated.connect(self._refund)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.addWidget(heading)
        box.addLayout(form)
        box.addWidget(self.found)
        box.addWidget(self.table, 1)
        box.addWidget(self.message)
        keys = QHBoxLayout()
        for button in (self.all_key, self.refund_key):
            button.setFont(_font(13))
            button.setMinimumHeight(44)
            keys.addWidget(button)
        box.addLayout(keys)
        self.say(self.tr("Scan or type the code printed on the receipt; Enter. Esc: close."))
        self.resize(1000, 620)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(text)

    def failed(self, exc: BaseException) -> None:
        self.say(explain(exc), error=True)

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
        if self.original is None:
            self.say(self.tr("Scan or type the receipt first."), error=True)
            return
        typed = {no: field.text() for no, field in self.quantities.items()}
        self.say(self.tr("Refunding…"))
        self.refund.emit(self.original, typed)

    def show_done(self, done: ReturnDone) -> None:
        self.show_original(done.original)
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

    def showEvent(self, event: QShowEvent | None) -> None:
        super().showEvent(event)
        self.ref.setFocus()
