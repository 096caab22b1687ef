"""The screens in French, Russian and Polish through Qt's translation system: the shipped
catalogs cover every string of the code, the compiled .qm files match their .ts sources,
and each language really translates at runtime, down to the windows."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from admin_gui import i18n
from admin_gui.admin.window import AdminWindow
from admin_gui.app import language_of
from admin_gui.qt.core import QTranslator
from admin_gui.qt.widgets import QApplication, QPushButton
from admin_gui.settings import layout
from standalone_till.config import set_key

LANGUAGES = ("fr", "ru", "pl")
KNOWN = {
    ("Settings", "Database"): {"fr": "Base de données", "ru": "База данных", "pl": "Baza danych"},
    ("LoadPanel", "Load data"): {
        "fr": "Charger les données",
        "ru": "Загрузить данные",
        "pl": "Załaduj dane",
    },
    ("LoadPanel", "Load changes"): {
        "fr": "Charger les modifications",
        "ru": "Загрузить изменения",
        "pl": "Załaduj zmiany",
    },
    ("CashierWindow", "Cash"): {"fr": "Espèces", "ru": "Наличные", "pl": "Gotówka"},
    ("TotalsPanel", "CHANGE"): {"fr": "RENDU", "ru": "СДАЧА", "pl": "RESZTA"},
    ("Field", "Web-service timeout"): {
        "fr": "Délai d'expiration des webservices",
        "ru": "Тайм-аут веб-служб",
        "pl": "Limit czasu usług sieciowych",
    },
}
PLACEHOLDER = re.compile(r"\{\w+\}")


def messages(ts: Path) -> list[tuple[str, str, str, str | None]]:
    """(context, source, translation, type) of every message of a .ts file."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for m in context.iter("message"):
            t = m.find("translation")
            assert t is not None
            found.append((name, m.findtext("source") or "", t.text or "", t.get("type")))
    return found


@pytest.fixture
def english_after() -> Iterator[Callable[[str], None]]:
    yield i18n.install
    i18n.install("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_translates_known_strings_at_runtime(
    language: str, qapp: object, english_after: Callable[[str], None]
) -> None:
    assert english_after(language) is True
    for (context, source), words in KNOWN.items():
        assert i18n.translate(context, source) == words[language]
    assert layout.label("webservice.timeout") == KNOWN[("Field", "Web-service timeout")][language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_covers_the_code_and_its_qm_matches(
    language: str, tmp_path: Path, qapp: QApplication
) -> None:
    shipped = i18n.TRANSLATIONS / f"tillsync_{language}.ts"
    fresh = tmp_path / shipped.name
    shutil.copy(shipped, fresh)
    package = Path(i18n.__file__).parent
    pylupdate = Path(sys.executable).with_name("pylupdate6")
    subprocess.run(
        [str(pylupdate), "--no-obsolete", "--no-summary", str(package), "--ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    untranslated = [(c, s) for c, s, t, kind in messages(fresh) if kind or not t]
    assert not untranslated, f"strings without a {language} translation: {untranslated[:10]}"

    compiled = QTranslator()
    assert compiled.load(str(shipped.with_suffix(".qm")))
    i18n.install("en")
    qapp.installTranslator(compiled)  # alone: what it answers comes from this .qm
    try:
        for context, source, translation, _ in messages(shipped):
            # (QTranslator.translate takes ASCII only in PyQt6; the application's is UTF-8)
            assert i18n.translate(context, source) == translation, (context, source)
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source))
    finally:
        qapp.removeTranslator(compiled)


def test_the_config_language_picks_the_translation(
    qtbot: QtBot,
    sqlite_config: Path,
    open_admin: Callable[[Path], AdminWindow],
    english_after: Callable[[str], None],
) -> None:
    set_key(sqlite_config, "till.language", "pl")
    assert language_of(sqlite_config) == "pl"
    english_after(language_of(sqlite_config))
    window = open_admin(sqlite_config)
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == [
        "Kasa",
        "Baza danych",
        "Usługi sieciowe",
        "FTP",
        "Czasy",
        "Urządzenia",
        "Dane",
        "Stan",
    ]
    save = window.findChild(QPushButton, "settings-save")
    assert save is not None and save.text() == "Zapisz"
    assert window.data.load_data.text() == "Załaduj dane"
