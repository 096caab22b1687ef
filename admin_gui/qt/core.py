"""QtCore names used by the admin GUI."""

from PyQt6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QPointF,
    QRectF,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    QTranslator,
    pyqtSignal,
    pyqtSlot,
)

__all__ = [
    "QT_TRANSLATE_NOOP",
    "QCoreApplication",
    "QEvent",
    "QLibraryInfo",
    "QLocale",
    "QObject",
    "QPointF",
    "QRectF",
    "QRunnable",
    "QSize",
    "QThreadPool",
    "QTimer",
    "QTranslator",
    "Qt",
    "pyqtSignal",
    "pyqtSlot",
]
