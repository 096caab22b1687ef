"""QtGui names used by the admin GUI."""

from PyQt6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QShortcut,
    QShowEvent,
    QTextOption,
)

__all__ = [
    "QAction",
    "QCloseEvent",
    "QColor",
    "QFont",
    "QGuiApplication",
    "QIcon",
    "QKeyEvent",
    "QKeySequence",
    "QPaintEvent",
    "QPainter",
    "QPalette",
    "QPen",
    "QPixmap",
    "QShortcut",
    "QShowEvent",
    "QTextOption",
]
