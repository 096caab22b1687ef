"""The Data tab: Load data and Load changes from a folder and from the configured FTP
server, with progress and the result; Cancel leaves the catalog as it was."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import write_till_config
from pytestqt.qtbot import QtBot
from transfer_servers import FtpServer

from admin_gui.admin.window import AdminWindow
from admin_gui.qt.core import Qt
from admin_gui.qt.widgets import QMessageBox
from catalog_fixture import write_catalog
from standalone_till import loading
from standalone_till.config import load_config
from standalone_till.service import Till

from .conftest import configure, till_with_catalog

Admin = Callable[[Path], AdminWindow]


def catalog_of(path: Path) -> tuple[loading.CatalogState, dict[str, int], list[str]]:
    till = Till(load_config(path))
    try:
        with till.db.read(till.db.catalog) as conn:
            tables = sa.inspect(conn).get_table_names()
        return till.catalog_state(), till.catalog.counts(), tables
    finally:
        till.close()


def init_db(path: Path) -> None:
    till = Till(load_config(path))
    try:
        till.init()
    finally:
        till.close()


def load_from_folder(qtbot: QtBot, window: AdminWindow, folder: Path, button: str) -> None:
    data = window.data
    window.tabs.setCurrentWidget(data)
    data.folder.setText(str(folder))
    data.from_folder.setChecked(True)
    target = data.load_data if button == "data" else data.load_changes
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def test_load_data_from_a_folder_shows_progress_and_the_result(
    qtbot: QtBot, tmp_path: Path, open_admin: Admin
) -> None:
    path = write_till_config(tmp_path / "till")
    init_db(path)
    exports = write_catalog(tmp_path / "exports")
    window = open_admin(path)
    seen: list[tuple[int, int]] = []
    window.data.bar.valueChanged.connect(lambda v: seen.append((v, window.data.bar.maximum())))

    load_from_folder(qtbot, window, exports, "data")
    assert not window.data.load_data.isEnabled() and window.data.cancel.isEnabled()
    qtbot.waitUntil(lambda: "loaded" in window.data.result.text(), timeout=10_000)
    assert window.data.result.text().startswith("Full export 1 loaded: 26 rows in ")
    assert window.data.sequence.text() == "1"
    assert any(v > 0 for v, _ in seen) and window.data.bar.value() == window.data.bar.maximum()
    assert window.data.load_data.isEnabled() and not window.data.cancel.isEnabled()
    state, counts, _ = catalog_of(path)
    assert state.sequence == 1 and counts["items"] == 6


class Gate:
    """Holds a load before its second data file, once the first one has reported."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.opened: list[str] = []
        self.release = threading.Event()

    def arm(self) -> None:
        real = loading.checked_rows

        def held(path: Path, *args: Any, **kwargs: Any) -> Any:
            self.opened.append(path.name)
            if len(self.opened) == 2:
                self.release.wait(10)
            return real(path, *args, **kwargs)

        self.monkeypatch.setattr(loading, "checked_rows", held)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate(monkeypatch)
    yield held
    held.release.set()


def test_cancel_leaves_the_catalog_as_it_was(
    qtbot: QtBot,
    tmp_path: Path,
    open_admin: Admin,
    gate: Gate,
) -> None:
    path = till_with_catalog(tmp_path / "till")  # full export 1 loaded
    before = catalog_of(path)
    newer = write_catalog(tmp_path / "newer", sequence=2)
    window = open_admin(path)
    gate.arm()

    load_from_folder(qtbot, window, newer, "data")
    qtbot.waitUntil(lambda: len(gate.opened) == 2)  # the first file is in, the load waits
    qtbot.waitUntil(lambda: "Loading" in window.data.phase.text())
    qtbot.mouseClick(window.data.cancel, Qt.MouseButton.LeftButton)
    gate.release.set()
    qtbot.waitUntil(lambda: "cancelled" in window.data.result.text(), timeout=10_000)
    assert window.data.result.text() == "Load cancelled: the catalog is as it was."
    assert window.data.load_data.isEnabled()
    assert catalog_of(path) == before  # same sequence, generation, rows and tables
    qtbot.waitUntil(lambda: window.data.sequence.text() == "1")


def test_load_data_then_changes_from_the_configured_ftp_server(
    qtbot: QtBot,
    tmp_path: Path,
    ftp_server: FtpServer,
    sample_exports: Path,
    open_admin: Admin,
) -> None:
    for file in sample_exports.iterdir():
        shutil.copy(file, ftp_server.home / file.name)
    path = write_till_config(tmp_path / "till")
    configure(
        path,
        ftp__host=ftp_server.host,
        ftp__port=str(ftp_server.port),
        ftp__user=ftp_server.user,
        ftp__password=ftp_server.password,
    )
    init_db(path)
    window = open_admin(path)
    data = window.data
    window.tabs.setCurrentWidget(data)
    assert data.from_server.isChecked()

    qtbot.mouseClick(data.load_data, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "loaded" in data.result.text(), timeout=15_000)
    assert data.result.text().startswith("Full export 1 loaded:")
    qtbot.mouseClick(data.load_changes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Changes" in data.result.text(), timeout=15_000)
    assert data.result.text().startswith("Changes up to 3 loaded:")
    assert data.sequence.text() == "3" and data.full_sequence.text() == "1"
    qtbot.mouseClick(data.load_changes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "up to date" in data.result.text(), timeout=15_000)
    assert catalog_of(path)[0].sequence == 3


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_an_older_export_is_loaded_only_when_the_person_says_so(
    qtbot: QtBot, tmp_path: Path, open_admin: Admin, answer: str
) -> None:
    path = write_till_config(tmp_path / "till")
    init_db(path)
    window = open_admin(path)
    data = window.data
    load_from_folder(qtbot, window, write_catalog(tmp_path / "new", sequence=2), "data")
    qtbot.waitUntil(lambda: data.sequence.text() == "2", timeout=10_000)

    load_from_folder(qtbot, window, write_catalog(tmp_path / "old", sequence=1), "data")
    qtbot.waitUntil(lambda: data.older_dialog is not None and data.older_dialog.isVisible())
    dialog = data.older_dialog
    assert dialog is not None
    assert "export there is 1, older than the catalog on this till (sequence 2)" in dialog.text()
    assert catalog_of(path)[0].sequence == 2  # nothing loaded while the question waits
    button = QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No
    qtbot.mouseClick(dialog.button(button), Qt.MouseButton.LeftButton)
    if answer == "yes":
        qtbot.waitUntil(lambda: "loaded" in data.result.text(), timeout=10_000)
        assert data.result.text().startswith("Full export 1 loaded:")
        qtbot.waitUntil(lambda: data.sequence.text() == "1")
        assert catalog_of(path)[0].sequence == 1
    else:
        assert data.result.text() == "Not loaded: the catalog stays at sequence 2."
        assert catalog_of(path)[0].sequence == 2
    assert data.load_data.isEnabled()
