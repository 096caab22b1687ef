"""One input per config key, chosen from its declared rule: a check box for flags, a
list for choices and fixed values, a line for the rest (masked for secrets). Each field
carries its unit and, under it, the error its rule gives for what is typed."""

from __future__ import annotations

from collections.abc import Callable

from admin_gui.i18n import translate
from admin_gui.qt import present
from admin_gui.qt.core import Qt
from admin_gui.qt.gui import QFont, QTextOption
from admin_gui.qt.widgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from admin_gui.settings import layout
from admin_gui.settings.values import as_text
from standalone_till.config import FieldSpec

ERROR_STYLE = "color: #b00020;"
BAD_INPUT = "border: 2px solid #b00020; border-radius: 3px;"
_SHORT = {"int", "list[str]", "bool"}
_WRAPPED_OVER = 1024  # characters: longer values (a host key line) get a wrapped box


class Field(QWidget):
    """The input of one key, its unit, and its error line."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(spec.dotted_key)
        self.input = _make_input(spec)
        self.input.setObjectName(f"input:{spec.dotted_key}")
        self.input.setToolTip(layout.help_text(spec.description))
        self.extra = QHBoxLayout()
        wrapped = isinstance(self.input, QPlainTextEdit)
        line = QVBoxLayout() if wrapped else QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.input, 1 if spec.type not in _SHORT else 0)
        if spec.unit:
            line.addWidget(QLabel(layout.unit(spec.unit)))
        line.addLayout(self.extra)
        if wrapped:
            self.extra.addStretch(1)
        if spec.type in _SHORT:
            line.addStretch(1)
        self.error = QLabel()
        self.error.setObjectName(f"error:{spec.dotted_key}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(line)
        box.addWidget(self.error)

    def focusable(self) -> list[QWidget]:
        """The input, then any button beside it (Fetch the server's key...)."""
        extra = (present(self.extra.itemAt(i)).widget() for i in range(self.extra.count()))
        return [self.input, *(w for w in extra if w is not None)]

    # -- value as text (what `till config set` takes)
    def text(self) -> str:
        w = self.input
        if isinstance(w, QCheckBox):
            return "true" if w.isChecked() else "false"
        if isinstance(w, QComboBox):
            return str(w.currentData())
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_text(self, text: str) -> None:
        w = self.input
        if isinstance(w, QCheckBox):
            w.setChecked(text == "true")
        elif isinstance(w, QComboBox):
            index = w.findData(text)
            if index < 0:  # a value the rule refuses, from a hand-edited file: show it
                w.addItem(text, text)
                index = w.count() - 1
            w.setCurrentIndex(index)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(text)
        else:
            assert isinstance(w, QLineEdit)
            w.setText(text)
            w.setCursorPosition(0)

    def on_change(self, slot: Callable[[], None]) -> None:
        w = self.input
        if isinstance(w, QCheckBox):
            w.toggled.connect(lambda _=False: slot())
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(lambda _=0: slot())
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(slot)
        else:
            assert isinstance(w, QLineEdit)
            w.textChanged.connect(lambda _="": slot())

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        if isinstance(self.input, QLineEdit | QPlainTextEdit):
            self.input.setStyleSheet(BAD_INPUT if message else "")


def _make_input(spec: FieldSpec) -> QWidget:
    if spec.type == "bool":
        box = QCheckBox()
        box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        return box
    choices = getattr(spec.rule, "options", ()) or getattr(spec.rule, "allowed", ())
    if choices:
        combo = QComboBox()
        for value in choices:
            combo.addItem(layout.option(spec.dotted_key, str(value)), str(value))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo
    if getattr(spec.rule, "max_len", 0) > _WRAPPED_OVER:
        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        text.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        text.setFont(mono)
        text.setFixedHeight(text.fontMetrics().lineSpacing() * 4 + 12)
        return text
    edit = QLineEdit()
    if spec.secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setPlaceholderText(translate("Settings", "not set"))
    elif spec.type == "int":
        edit.setMaximumWidth(110)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setPlaceholderText(
            translate("Settings", "default {value}").format(value=as_text(spec.default))
        )
    elif spec.type == "list[str]":
        edit.setMinimumWidth(220)
    elif spec.required and spec.default:
        edit.setPlaceholderText(as_text(spec.default))
    return edit
