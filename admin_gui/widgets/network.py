"""The network icon: three connected screens in colour when the server answers the
ping, greyed and crossed out in red when it does not, plain grey before the first ping."""

from __future__ import annotations

from admin_gui.i18n import translate
from admin_gui.qt.core import QPointF, QRectF, QSize, Qt
from admin_gui.qt.gui import QColor, QPainter, QPaintEvent, QPen
from admin_gui.qt.widgets import QWidget

UP = QColor("#2e7d32")
DOWN = QColor("#9e9e9e")
CROSS = QColor("#c62828")
UNKNOWN = QColor("#9e9e9e")


class NetworkIcon(QWidget):
    """``reachable``: True (answers), False (crossed out), None (not known yet)."""

    def __init__(self, size: int = 28, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network-icon")
        self._size = size
        self.reachable: bool | None = None
        self.setFixedSize(QSize(size, size))
        self.set_reachable(None)

    @property
    def crossed(self) -> bool:
        return self.reachable is False

    def set_reachable(self, reachable: bool | None, detail: str = "") -> None:
        self.reachable = reachable
        if reachable is True:
            tip = translate("Network", "Server reachable")
        elif reachable is False:
            tip = translate("Network", "Server not answering")
        else:
            tip = translate("Network", "Server not checked yet")
        self.setToolTip(f"{tip}\n{detail}" if detail else tip)
        self.setAccessibleName(tip)
        self.update()

    def paintEvent(self, event: QPaintEvent | None) -> None:
        s = float(self._size)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = UP if self.reachable else (DOWN if self.reachable is False else UNKNOWN)
        pen = QPen(colour, max(1.5, s / 14))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        # the server on top, two tills below, linked
        top = QRectF(s * 0.36, s * 0.08, s * 0.28, s * 0.22)
        left = QRectF(s * 0.06, s * 0.62, s * 0.28, s * 0.22)
        right = QRectF(s * 0.66, s * 0.62, s * 0.28, s * 0.22)
        p.setBrush(colour.lighter(170))
        for box in (top, left, right):
            p.drawRoundedRect(box, s * 0.03, s * 0.03)
        p.setBrush(Qt.BrushStyle.NoBrush)
        mid = s * 0.47
        p.drawLine(QPointF(s * 0.5, top.bottom()), QPointF(s * 0.5, mid))
        p.drawLine(QPointF(left.center().x(), mid), QPointF(right.center().x(), mid))
        p.drawLine(QPointF(left.center().x(), mid), QPointF(left.center().x(), left.top()))
        p.drawLine(QPointF(right.center().x(), mid), QPointF(right.center().x(), right.top()))
        if self.reachable is False:
            cross = QPen(CROSS, max(2.5, s / 9))
            cross.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(cross)
            p.drawLine(QPointF(s * 0.1, s * 0.1), QPointF(s * 0.9, s * 0.9))
        p.end()
