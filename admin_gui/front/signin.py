"""The cashier's sign-in: code and PIN typed on the keyboard (the PIN masked), and what a
refusal says, worded from the error's fields (attempts left, the end of a lockout).

The PIN check is the library's (``Till.signin``); this screen only collects and shows.
"""

from __future__ import annotations

from admin_gui.errors import explain
from admin_gui.i18n import moment, translate
from admin_gui.qt.core import Qt, pyqtSignal
from admin_gui.qt.gui import QFont
from admin_gui.qt.widgets import QFormLayout, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget
from connectors.errors import CashierLocked, PinRefused

ERROR_STYLE = "color: #b00020; font-weight: bold;"
INFO_STYLE = "color: #37474f;"


def refusal(exc: BaseException) -> str:
    """What to tell the person whose code and PIN were refused."""
    if isinstance(exc, CashierLocked):
        return translate(
            "SignIn", "{code} is locked at this till until {until} (too many wrong PINs)."
        ).format(code=exc.code, until=moment(exc.until.isoformat()))
    if isinstance(exc, PinRefused):
        return translate(
            "SignIn", "Wrong PIN for {code}. Wrong PINs left before the lock: {left}."
        ).format(code=exc.code, left=exc.attempts_left)
    return explain(exc)


def _font(size: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


class PinFields(QWidget):
    """A code and a masked PIN: Enter in the code goes to the PIN, Enter in the PIN sends."""

    submitted = pyqtSignal(str, str)  # code, PIN

    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = QLineEdit()
        self.code.setObjectName("signin-code")
        self.pin = QLineEdit()
        self.pin.setObjectName("signin-pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        for field in (self.code, self.pin):
            field.setFont(_font(size))
            field.setMinimumWidth(260)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._caption(self.tr("Code"), size), self.code)
        form.addRow(self._caption(self.tr("PIN"), size), self.pin)
        self.code.returnPressed.connect(self._code_entered)
        self.pin.returnPressed.connect(self._send)

    @staticmethod
    def _caption(text: str, size: int) -> QLabel:
        label = QLabel(text)
        label.setFont(_font(size, bold=True))
        return label

    def _code_entered(self) -> None:
        if self.code.text().strip():
            self.pin.setFocus()

    def _send(self) -> None:
        code, pin = self.code.text().strip(), self.pin.text()
        if not code:
            self.code.setFocus()
            return
        self.pin.clear()
        self.submitted.emit(code, pin)

    def start(self, code: str = "") -> None:
        """Ready for the next attempt: the code kept (a wrong PIN), the PIN empty."""
        self.code.setText(code)
        self.pin.clear()
        (self.pin if code else self.code).setFocus()


class SignInPanel(QFrame):
    """The window's page while nobody is signed in at a till that has cashiers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("front-signin")
        title = QLabel(self.tr("Sign in"))
        title.setObjectName("signin-title")
        title.setFont(_font(28, bold=True))
        self.fields = PinFields(22)
        self.message = QLabel()
        self.message.setObjectName("signin-message")
        self.message.setWordWrap(True)
        self.message.setFont(_font(15))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setObjectName("signin-card")
        card.setStyleSheet(
            "QFrame#signin-card { background: #fafafa; border: 1px solid #b0bec5;"
            " border-radius: 8px; }"
        )
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 30, 40, 30)
        inner.setSpacing(18)
        inner.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.fields)
        inner.addWidget(self.message)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        self.say(self.tr("Type your code, Enter, then your PIN, Enter."))

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(text)

    def start(self, code: str = "") -> None:
        self.fields.start(code)

    def refused(self, exc: BaseException) -> None:
        code = getattr(exc, "code", None) if isinstance(exc, PinRefused) else None
        self.say(refusal(exc), error=True)
        self.start(code or "")
