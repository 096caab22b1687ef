"""The till menu (F8): the drawer and the day's reports, one digit each."""

from __future__ import annotations

from admin_gui.i18n import translate
from admin_gui.qt.core import QT_TRANSLATE_NOOP, pyqtSignal
from admin_gui.qt.gui import QFont, QKeyEvent
from admin_gui.qt.widgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

# (what the window does, its words); the digit is the place in this list.
CHOICES = (
    ("float", QT_TRANSLATE_NOOP("TillMenu", "Float (change fund)")),
    ("cash_in", QT_TRANSLATE_NOOP("TillMenu", "Cash in")),
    ("cash_out", QT_TRANSLATE_NOOP("TillMenu", "Cash out")),
    ("drop", QT_TRANSLATE_NOOP("TillMenu", "Safe drop")),
    ("drawer_open", QT_TRANSLATE_NOOP("TillMenu", "Open the drawer")),
    ("count", QT_TRANSLATE_NOOP("TillMenu", "Closing count")),
    ("x_report", QT_TRANSLATE_NOOP("TillMenu", "X report")),
    ("reprint", QT_TRANSLATE_NOOP("TillMenu", "Reprint a receipt")),
)


class TillMenu(QDialog):
    chosen = pyqtSignal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("till-menu")
        self.setWindowTitle(self.tr("Till"))
        heading = QLabel(self.tr("Drawer and reports: press a digit. Esc: back."))
        font = QFont()
        font.setPointSize(14)
        heading.setFont(font)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.addWidget(heading)
        big = QFont()
        big.setPointSize(15)
        for digit, (name, words) in enumerate(CHOICES, start=1):
            button = QPushButton(f"{digit}   {translate('TillMenu', words)}")
            button.setObjectName(f"menu:{name}")
            button.setFont(big)
            button.setMinimumHeight(44)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, n=name: self._choose(n))
            box.addWidget(button)
        self.setMinimumWidth(460)

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        text = event.text() if event is not None else ""
        if text.isdigit() and 1 <= int(text) <= len(CHOICES):
            self._choose(CHOICES[int(text) - 1][0])
            return
        super().keyPressEvent(event)

    def _choose(self, name: str) -> None:
        self.accept()
        self.chosen.emit(name)
