"""One settings tab: its groups of fields in columns, and a row for its buttons (Test...)
with the answer beside them."""

from __future__ import annotations

import itertools

from admin_gui.i18n import translate
from admin_gui.qt.core import Qt
from admin_gui.qt.widgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from admin_gui.settings import layout
from admin_gui.settings.editors import Field

OK_STYLE = "color: #1b5e20;"
FAIL_STYLE = "color: #b00020;"


class SettingsPage(QScrollArea):
    """The fields of one tab, placed by ``layout.TABS``."""

    def __init__(self, tab: layout.Tab, fields: dict[str, Field]) -> None:
        super().__init__()
        self.tab = tab
        self.setObjectName(f"page:{tab.name}")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.groups: list[tuple[layout.Group, QGroupBox]] = []
        body = QWidget()
        outer = QVBoxLayout(body)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        for column in tab.columns:
            stack = QVBoxLayout()
            stack.setSpacing(12)
            names: list[QLabel] = []
            for group in column:
                stack.addWidget(self._group(group, fields, names))
            stack.addStretch(1)
            columns.addLayout(stack, 1)
            # one label width per column, so fields line up from one group to the next
            width = max(n.sizeHint().width() for n in names)
            for name in names:
                name.setMinimumWidth(width)
        outer.addLayout(columns)
        outer.addStretch(1)
        self.buttons = QHBoxLayout()
        self.answer = QLabel()
        self.answer.setObjectName(f"answer:{tab.name}")
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons.addWidget(self.answer, 1)
        outer.addLayout(self.buttons)
        self.setWidget(body)

    def order_tabs(self, fields: dict[str, Field]) -> None:
        """Tab goes down each column, group after group, as the eye reads the page."""
        keys = [key for column in self.tab.columns for group in column for key in group.keys]
        chain = [w for key in keys for w in fields[key].focusable()]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _group(
        self, group: layout.Group, fields: dict[str, Field], names: list[QLabel]
    ) -> QGroupBox:
        box = QGroupBox(translate("Settings", group.title))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(8)
        for key in group.keys:
            name = QLabel(layout.label(key))
            name.setBuddy(fields[key].input)
            name.setToolTip(fields[key].input.toolTip())
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            names.append(name)
            form.addRow(name, fields[key])
        self.groups.append((group, box))
        return box

    def add_button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def show_answer(self, text: str, *, ok: bool) -> None:
        self.answer.setStyleSheet(OK_STYLE if ok else FAIL_STYLE)
        self.answer.setText(text)

    def show_busy(self, text: str) -> None:
        self.answer.setStyleSheet("")
        self.answer.setText(text)

    def follow(self, fields: dict[str, Field]) -> None:
        """Show the groups that apply to the current choices (SQL Server, SFTP...)."""
        for group, box in self.groups:
            if group.shown_for is not None:
                key, values = group.shown_for
                box.setVisible(fields[key].text() in values)
