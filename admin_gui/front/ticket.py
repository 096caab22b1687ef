"""The ticket as the cashier and the customer see it: the lines, and beside them the
big total, the discount, the customer with the offers applied, and the change."""

from __future__ import annotations

from decimal import Decimal

from admin_gui.front.register import OfferView, TicketView
from admin_gui.i18n import money, quantity
from admin_gui.qt import present
from admin_gui.qt.core import Qt
from admin_gui.qt.gui import QColor, QFont
from admin_gui.qt.widgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
VOIDED = QColor("#9e9e9e")
DISCOUNT = QColor("#2e7d32")


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


class TicketPanel(QTableWidget):
    """One row per line: number, quantity, item, unit price, discount, amount."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setObjectName("front-lines")
        self.setHorizontalHeaderLabels(
            [
                self.tr("#"),
                self.tr("Qty"),
                self.tr("Item"),
                self.tr("Price"),
                self.tr("Discount"),
                self.tr("Amount"),
            ]
        )
        self.setFont(_font(15))
        present(self.horizontalHeader()).setFont(_font(12, bold=True))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the entry field keeps the keyboard
        self.setAlternatingRowColors(True)
        present(self.verticalHeader()).setVisible(False)
        present(self.verticalHeader()).setDefaultSectionSize(36)
        header = present(self.horizontalHeader())
        for col in (0, 1, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.line_numbers: list[int] = []

    def show_ticket(self, view: TicketView) -> None:
        selected, before = self.selected_line(), len(self.line_numbers)
        self.setRowCount(len(view.lines))
        self.line_numbers = [ln.line_no for ln in view.lines]
        voided, kg = self.tr("voided"), self.tr("kg")
        for row, ln in enumerate(view.lines):
            cells = (
                str(ln.line_no),
                f"{quantity(ln.quantity)} {kg}" if ln.weighed else quantity(ln.quantity),
                f"{ln.name}  ({voided})" if ln.voided else ln.name,
                money(ln.unit_price),
                f"-{money(ln.discount)}" if ln.discount else "",
                money(ln.amount),
            )
            for col, text in enumerate(cells):
                self.setItem(row, col, self._cell(text, col, ln.voided, bool(ln.discount)))
        if view.status != "open" or not view.lines:
            self.clearSelection()
            return
        # A new line is followed; otherwise the cashier's selection stays.
        if selected is not None and len(view.lines) <= before and selected in self.line_numbers:
            row = self.line_numbers.index(selected)
        else:
            row = len(view.lines) - 1
        self.selectRow(row)
        self.scrollToItem(self.item(row, 0))

    @staticmethod
    def _cell(text: str, col: int, voided: bool, discounted: bool) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        if col != 2:
            item.setTextAlignment(RIGHT)
        if voided:
            item.setForeground(VOIDED)
            font = item.font()
            font.setStrikeOut(col in (2, 5))
            item.setFont(font)
        elif col == 4 and discounted:
            item.setForeground(DISCOUNT)
        return item

    def selected_line(self) -> int | None:
        rows = present(self.selectionModel()).selectedRows()
        if not rows or rows[0].row() >= len(self.line_numbers):
            return None
        return self.line_numbers[rows[0].row()]

    def move_selection(self, step: int) -> None:
        if not self.line_numbers:
            return
        rows = present(self.selectionModel()).selectedRows()
        current = rows[0].row() if rows else len(self.line_numbers)
        self.selectRow(max(0, min(len(self.line_numbers) - 1, current + step)))


class TotalsPanel(QFrame):
    """The big total, then discount, customer, offers, paid and change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("front-totals")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#front-totals { background: #fafafa; }")
        caption = QLabel(self.tr("TOTAL"))
        caption.setFont(_font(14, bold=True))
        caption.setStyleSheet("color: #546e7a;")
        self.total = QLabel()
        self.total.setObjectName("front-total")
        self.total.setFont(_font(48, bold=True))
        self.total.setAlignment(RIGHT)
        self.total.setStyleSheet("color: #0d47a1;")
        self.discount = QLabel()
        self.discount.setObjectName("front-discount")
        self.customer = QLabel()
        self.customer.setObjectName("front-customer")
        self.customer.setWordWrap(True)
        self.offers = QLabel()
        self.offers.setObjectName("front-offers")
        self.offers.setWordWrap(True)
        self.paid = QLabel()
        self.paid.setObjectName("front-paid")
        self.change_caption = QLabel(self.tr("CHANGE"))
        self.change_caption.setFont(_font(14, bold=True))
        self.change_caption.setStyleSheet("color: #546e7a;")
        self.change = QLabel()
        self.change.setObjectName("front-change")
        self.change.setFont(_font(36, bold=True))
        self.change.setAlignment(RIGHT)
        self.change.setStyleSheet("color: #1b5e20;")
        self.state = QLabel()
        self.state.setObjectName("front-state")
        self.state.setWordWrap(True)
        self.state.setFont(_font(13, bold=True))
        details = QFormLayout()
        details.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        for label in (self.discount, self.customer, self.offers, self.paid):
            label.setFont(_font(13))
        details.addRow(self._caption(self.tr("Discount")), self.discount)
        details.addRow(self._caption(self.tr("Customer")), self.customer)
        details.addRow(self._caption(self.tr("Offers")), self.offers)
        details.addRow(self._caption(self.tr("Paid")), self.paid)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.addWidget(caption)
        box.addWidget(self.total)
        box.addLayout(details)
        box.addStretch(1)
        box.addWidget(self.state)
        box.addWidget(self.change_caption)
        box.addWidget(self.change)

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        label.setFont(_font(12))
        label.setStyleSheet("color: #546e7a;")
        return label

    def show_ticket(self, view: TicketView) -> None:
        t = view.totals
        self.total.setText(money(t.total))
        self.discount.setText(f"-{money(t.discount)}" if t.discount else "-")
        customer = view.customer or "-"
        if view.card:
            customer += "\n" + self.tr("card {number}").format(number=view.card)
        self.customer.setText(customer)
        self.offers.setText("\n".join(self._offer(o) for o in view.offers) or "-")
        self.paid.setText(money(t.paid) if t.paid else "-")
        has_change = view.status == "closed" and t.change > Decimal(0)
        self.change_caption.setVisible(has_change)
        self.change.setVisible(has_change)
        self.change.setText(money(t.change))
        if view.status == "closed":
            self.state.setText(self.tr("Ticket {number} closed.").format(number=view.number))
        elif view.status == "cancelled":
            self.state.setText(self.tr("Ticket cancelled."))
        elif t.paid:
            self.state.setText(self.tr("Still due: {due}").format(due=money(t.due)))
        else:
            self.state.setText("")

    def _offer(self, offer: OfferView) -> str:
        if offer.card_percent is not None:
            return self.tr("Card discount {percent} %").format(
                percent=f"{offer.card_percent.normalize()}"
            )
        return offer.description or offer.code
