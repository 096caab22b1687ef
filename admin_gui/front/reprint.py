"""The reprint dialog: the receipt to print again (its code scanned or typed, the ticket's
DAY/NUMBER or id); the copy needs a supervisor, asked for by the window."""

from __future__ import annotations

from admin_gui.errors import explain
from admin_gui.front.signin import ERROR_STYLE, INFO_STYLE
from admin_gui.qt.core import pyqtSignal
from admin_gui.qt.gui import QFont, QShowEvent
from admin_gui.qt.widgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


class ReprintDialog(QDialog):
    submitted = pyqtSignal(str)

    def __init__(self, last: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reprint-dialog")
        self.setWindowTitle(self.tr("Reprint a receipt"))
        heading = QLabel(self.tr("Reprint a receipt"))
        font = QFont()
        font.setPointSize(18)
        font.setBold(True)
        heading.setFont(font)
        self.ref = QLineEdit(last)
        self.ref.setObjectName("reprint-ref")
        big = QFont()
        big.setPointSize(16)
        self.ref.setFont(big)
        self.ref.returnPressed.connect(self._send)
        form = QFormLayout()
        caption = QLabel(self.tr("Receipt"))
        caption.setFont(big)
        form.addRow(caption, self.ref)
        self.message = QLabel()
        self.message.setObjectName("reprint-message")
        self.message.setWordWrap(True)
        small = QFont()
        small.setPointSize(13)
        self.message.setFont(small)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.addWidget(heading)
        box.addLayout(form)
        box.addWidget(self.message)
        self.say(self.tr("Scan or type the code printed on the receipt (or DAY/NUMBER); Enter."))
        self.setMinimumWidth(560)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(text)

    def failed(self, exc: BaseException) -> None:
        self.say(explain(exc), error=True)
        self.ref.setFocus()

    def _send(self) -> None:
        if self.ref.text().strip():
            self.submitted.emit(self.ref.text().strip())

    def showEvent(self, event: QShowEvent | None) -> None:
        super().showEvent(event)
        self.ref.setFocus()
        self.ref.selectAll()
