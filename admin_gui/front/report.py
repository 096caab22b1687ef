"""The X report on screen: the day so far as the library sums it (``reports.x_report``):
sales, returns and cancelled tickets, per payment method and per cashier, and the cash
the drawer should hold, line by line down to the expected total."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from admin_gui.i18n import money, translate
from admin_gui.qt import present
from admin_gui.qt.core import QT_TRANSLATE_NOOP, Qt
from admin_gui.qt.gui import QFont
from admin_gui.qt.widgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# The drawer's lines, in the order the expected cash adds them up.
CASH_LINES = (
    ("float", QT_TRANSLATE_NOOP("XReport", "Float")),
    ("cash_sales", QT_TRANSLATE_NOOP("XReport", "+ Cash sales")),
    ("cash_refunds", QT_TRANSLATE_NOOP("XReport", "- Cash refunds")),
    ("cash_in", QT_TRANSLATE_NOOP("XReport", "+ Cash in")),
    ("cash_out", QT_TRANSLATE_NOOP("XReport", "- Cash out")),
    ("drops", QT_TRANSLATE_NOOP("XReport", "- Safe drops")),
)
METHODS = {
    "cash": QT_TRANSLATE_NOOP("XReport", "Cash"),
    "card": QT_TRANSLATE_NOOP("XReport", "Card"),
}


def _font(size: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


def _money(text: object) -> str:
    return "-" if text is None else money(Decimal(str(text)))


class _Table(QTableWidget):
    def __init__(self, name: str, headers: Sequence[str]) -> None:
        super().__init__(0, len(headers))
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        present(self.verticalHeader()).setVisible(False)
        header = present(self.horizontalHeader())
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setFont(_font(12))

    def fill(self, rows: Sequence[Sequence[str]]) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(RIGHT)
                self.setItem(r, c, item)
        height = present(self.horizontalHeader()).height() + 4
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        self.setFixedHeight(height)

    def rows(self) -> list[list[str]]:
        return [
            [present(self.item(r, c)).text() for c in range(self.columnCount())]
            for r in range(self.rowCount())
        ]


class XReportDialog(QDialog):
    """The X report of ``report`` (the dict ``reports.x_report`` makes); Esc closes it."""

    def __init__(self, report: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("x-report")
        self.setWindowTitle(self.tr("X report"))
        day = report.get("business_day") or "-"
        heading = QLabel(
            self.tr("X report · business day {day} · till {till}").format(
                day=day, till=report.get("till_id", "")
            )
        )
        heading.setFont(_font(16, bold=True))
        self.totals = _Table("x-totals", ["", self.tr("Tickets"), self.tr("Amount")])
        self.payments = _Table(
            "x-payments",
            [self.tr("Payment"), self.tr("Sales"), self.tr("Refunds"), self.tr("Net")],
        )
        self.cashiers = _Table(
            "x-cashiers",
            [
                self.tr("Cashier"),
                self.tr("Sales"),
                self.tr("Returns"),
                self.tr("Cancelled"),
                self.tr("Voided lines"),
                self.tr("Approvals"),
            ],
        )
        self.cash = QFormLayout()
        self.expected = QLabel()
        self.counted: QLabel | None = None  # shown once the drawer was counted
        self.difference: QLabel | None = None
        close = QPushButton(self.tr("Close (Esc)"))
        close.clicked.connect(self.reject)
        close.setFont(_font(13))
        close.setMinimumHeight(40)
        left = QVBoxLayout()
        left.addWidget(self._section(self.tr("The day so far")))
        left.addWidget(self.totals)
        left.addWidget(self._section(self.tr("By payment method")))
        left.addWidget(self.payments)
        left.addWidget(self._section(self.tr("By cashier")))
        left.addWidget(self.cashiers)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._section(self.tr("Cash in the drawer")))
        right.addLayout(self.cash)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(24)
        columns.addLayout(right, 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.addWidget(heading)
        box.addLayout(columns, 1)
        box.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.show_report(report)
        self.resize(1100, 560)

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setFont(_font(13, bold=True))
        label.setStyleSheet("color: #546e7a;")
        return label

    def show_report(self, report: Mapping[str, Any]) -> None:
        sales, returns = report["sales"], report["returns"]
        self.totals.fill(
            [
                [self.tr("Sales"), str(sales["count"]), _money(sales["total"])],
                [self.tr("Returns"), str(returns["count"]), _money(returns["total"])],
                [self.tr("Cancelled"), str(report["cancelled"]), ""],
                [self.tr("Total"), "", _money(report["total"])],
            ]
        )
        self.payments.fill(
            [
                [
                    translate("XReport", METHODS[p["method"]])
                    if p["method"] in METHODS
                    else p["method"],
                    _money(p["sales"]),
                    _money(p["refunds"]),
                    _money(p["net"]),
                ]
                for p in report["payments"]
            ]
        )
        self.cashiers.fill(
            [
                [
                    c["cashier"] or self.tr("(no cashier)"),
                    f"{c['sales']['count']} · {_money(c['sales']['total'])}",
                    f"{c['returns']['count']} · {_money(c['returns']['total'])}",
                    str(c["cancelled"]),
                    str(c["voided_lines"]),
                    str(c["approvals"]),
                ]
                for c in report["cashiers"]
            ]
        )
        cash = report["cash"]
        while self.cash.rowCount():
            self.cash.removeRow(0)
        for key, words in CASH_LINES:
            value = QLabel(_money(cash[key]))
            value.setObjectName(f"x-cash:{key}")
            value.setAlignment(RIGHT)
            value.setFont(_font(13))
            self.cash.addRow(self._caption(translate("XReport", words)), value)
        self.expected = QLabel(_money(cash["expected"]))
        self.expected.setObjectName("x-expected")
        self.expected.setFont(_font(20, bold=True))
        self.expected.setAlignment(RIGHT)
        self.cash.addRow(self._caption(self.tr("= Expected"), bold=True), self.expected)
        if cash.get("counted") is not None:
            self.counted = QLabel(_money(cash["counted"]))
            self.counted.setObjectName("x-counted")
            self.difference = QLabel(_money(cash["difference"]))
            self.difference.setObjectName("x-difference")
            for label in (self.counted, self.difference):
                label.setAlignment(RIGHT)
                label.setFont(_font(13, bold=True))
            self.cash.addRow(self._caption(self.tr("Counted")), self.counted)
            self.cash.addRow(self._caption(self.tr("Difference")), self.difference)

    @staticmethod
    def _caption(text: str, *, bold: bool = False) -> QLabel:
        label = QLabel(text)
        label.setFont(_font(13, bold=bold))
        return label
