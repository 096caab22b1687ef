"""The look of both windows: Qt's Fusion style, with tabs that keep the accents of
capital letters (Fusion lowers the tabs not selected by 2 pixels, which clips the
accent of "État" with the common fonts) and a little more room in them."""

from __future__ import annotations

from admin_gui.qt.widgets import QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

PM = QStyle.PixelMetric


class TillStyle(QProxyStyle):
    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric == PM.PM_TabBarTabShiftVertical:
            return 0
        value = super().pixelMetric(metric, option, widget)
        return value + 4 if metric == PM.PM_TabBarTabVSpace else value
