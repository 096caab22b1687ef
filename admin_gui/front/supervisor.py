"""The supervisor prompt: what needs approving, and the supervisor's code and PIN typed
there and then. The check is the library's (``Till.approve``); a refusal is said in the
prompt, which stays open for another try until Esc."""

from __future__ import annotations

from admin_gui.front.signin import ERROR_STYLE, INFO_STYLE, PinFields, refusal
from admin_gui.i18n import translate
from admin_gui.qt.core import QT_TRANSLATE_NOOP, pyqtSignal
from admin_gui.qt.gui import QFont, QShowEvent
from admin_gui.qt.widgets import QDialog, QLabel, QVBoxLayout, QWidget
from connectors.errors import PinRefused

# What each approval is for, as the supervisor reads it (the actions of standalone_till.cashiers).
ACTIONS = {
    "return_without_receipt": QT_TRANSLATE_NOOP("Approval", "A return without a receipt"),
    "void_after_payment": QT_TRANSLATE_NOOP("Approval", "Voiding a line after a payment"),
    "reprint": QT_TRANSLATE_NOOP("Approval", "A copy of a receipt"),
    "drawer_open": QT_TRANSLATE_NOOP("Approval", "Opening the drawer without a sale"),
    "cash_out_over_limit": QT_TRANSLATE_NOOP("Approval", "A cash out above the limit"),
}


def action_text(action: str) -> str:
    words = ACTIONS.get(action)
    return translate("Approval", words) if words else action.replace("_", " ")


class SupervisorPrompt(QDialog):
    """Asks for a supervisor; ``submitted`` carries the code and PIN to check."""

    submitted = pyqtSignal(str, str)

    def __init__(self, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisor-prompt")
        self.action = action
        self.setWindowTitle(self.tr("Supervisor approval"))
        title = QLabel(self.tr("{action} needs a supervisor.").format(action=action_text(action)))
        title.setObjectName("supervisor-action")
        font = QFont()
        font.setPointSize(16)
        font.setBold(True)
        title.setFont(font)
        self.fields = PinFields(18)
        self.fields.code.setObjectName("supervisor-code")
        self.fields.pin.setObjectName("supervisor-pin")
        self.fields.submitted.connect(self._send)
        self.message = QLabel()
        self.message.setObjectName("supervisor-message")
        self.message.setWordWrap(True)
        small = QFont()
        small.setPointSize(13)
        self.message.setFont(small)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(14)
        box.addWidget(title)
        box.addWidget(self.fields)
        box.addWidget(self.message)
        self.say(self.tr("Supervisor: your code, Enter, your PIN, Enter. Esc: cancel."))
        self.setMinimumWidth(560)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.message.setText(text)

    def _send(self, code: str, pin: str) -> None:
        self.say(self.tr("Checking…"))
        self.submitted.emit(code, pin)

    def refused(self, exc: BaseException) -> None:
        """The approval was refused: say why, ready for another try."""
        self.say(refusal(exc), error=True)
        self.fields.start((exc.code or "") if isinstance(exc, PinRefused) else "")

    def showEvent(self, event: QShowEvent | None) -> None:
        super().showEvent(event)
        self.fields.start()
