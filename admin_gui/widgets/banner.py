"""The message banner: a message from head office across the window until the cashier
acknowledges it (its button, or the window's shortcut)."""

from __future__ import annotations

from admin_gui.qt.core import Qt, pyqtSignal
from admin_gui.qt.gui import QFont
from admin_gui.qt.widgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget
from standalone_till.sync.messages import StoredMessage

STYLE = """
QFrame#message-banner { background: #fff3c4; border: 2px solid #e0a800; border-radius: 6px; }
QFrame#message-banner QLabel { color: #3e2c00; }
"""


class MessageBanner(QFrame):
    acknowledged = pyqtSignal(int)  # the message id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message-banner")
        self.setStyleSheet(STYLE)
        self.message: StoredMessage | None = None
        self.caption = QLabel()
        self.caption.setObjectName("message-caption")
        self.text = QLabel()
        self.text.setObjectName("message-text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.more = QLabel()
        self.ok = QPushButton()
        self.ok.setObjectName("message-ok")
        self.ok.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scan field keeps the keyboard
        self.ok.clicked.connect(self.acknowledge)
        line = QHBoxLayout(self)
        line.setContentsMargins(12, 8, 12, 8)
        line.addWidget(self.caption)
        line.addWidget(self.text, 1)
        line.addWidget(self.more)
        line.addWidget(self.ok)
        self.hide()

    def set_font(self, font: QFont) -> None:
        for widget in (self.caption, self.text, self.more, self.ok):
            widget.setFont(font)
        bold = QFont(font)
        bold.setBold(True)
        self.caption.setFont(bold)

    def set_words(self, caption: str, ok: str) -> None:
        self.caption.setText(caption)
        self.ok.setText(ok)

    def show_messages(self, messages: list[StoredMessage], more_text: str) -> None:
        """Show the oldest message not acknowledged yet (hidden when there is none)."""
        self.message = messages[0] if messages else None
        if self.message is None:
            self.hide()
            return
        self.text.setText(self.message.text)
        self.more.setText(more_text if len(messages) > 1 else "")
        self.show()

    def acknowledge(self) -> None:
        if self.message is not None:
            self.acknowledged.emit(self.message.id)
            self.message = None
            self.hide()
