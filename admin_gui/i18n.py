"""Translations: the screens in English, French, Russian or Polish (``till.language``).

Every user-visible string goes through ``translate(context, text)`` or ``self.tr(text)``;
``pylupdate6`` collects them into ``translations/tillsync_<lang>.ts`` and ``lrelease``
compiles those into the ``.qm`` files loaded here (see docs/gui.md, Translations).
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from pathlib import Path

from admin_gui.qt.core import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger("tillsync.gui")

LANGUAGES = ("en", "fr", "ru", "pl")
TRANSLATIONS = Path(__file__).with_name("translations")
_installed: list[QTranslator] = []


def translate(context: str, text: str) -> str:
    """``text`` in the installed language (``context`` groups it for translators)."""
    return QCoreApplication.translate(context, text)


def install(language: str) -> bool:
    """Load the translations of ``language`` into the running application.

    English needs none. Qt's own strings (standard buttons) come from Qt's catalog when
    it ships one. Returns False when our catalog for the language is missing.
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translations")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return True
    ours = QTranslator(app)
    found = ours.load(str(TRANSLATIONS / f"tillsync_{language}.qm"))
    if found:
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning(
            "no translations for %r in %s: the screens stay in English", language, TRANSLATIONS
        )
    qt_own = QTranslator(app)
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return found


def money(amount: Decimal) -> str:
    """An amount with two decimals and the language's decimal separator."""
    text = f"{amount:.2f}"
    return text.replace(".", QLocale().decimalPoint())


def quantity(value: Decimal) -> str:
    """A quantity as typed: whole units without decimals, weights with three."""
    text = str(value.normalize()) if value == value.to_integral() else f"{value:.3f}"
    if "E" in text:
        text = f"{value:.0f}"
    return text.replace(".", QLocale().decimalPoint())


def moment(iso_text: object) -> str:
    """A UTC ISO time from the library as local time: HH:MM:SS today, else with the date."""
    if not isinstance(iso_text, str) or not iso_text:
        return translate("Time", "never")
    when = dt.datetime.fromisoformat(iso_text.replace("Z", "+00:00"))
    if when.tzinfo is None:  # the library keeps UTC
        when = when.replace(tzinfo=dt.UTC)
    when = when.astimezone()
    if when.date() == dt.datetime.now().astimezone().date():
        return when.strftime("%H:%M:%S")
    return when.strftime("%Y-%m-%d %H:%M")
