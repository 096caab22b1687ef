"""The admin window's Import keeps the till's own secrets that the imported file leaves
empty, and says so in its preview before anything is installed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from admin_gui.admin.window import AdminWindow
from admin_gui.qt.widgets import QLabel
from standalone_till.config import load_config

from .conftest import configure
from .test_settings import click


def test_import_keeps_the_tills_ftp_password_and_the_preview_says_so(
    qtbot: QtBot,
    sqlite_config: Path,
    open_admin: Callable[[Path], AdminWindow],
    tmp_path: Path,
) -> None:
    offered = tmp_path / "from-head-office.toml"
    offered.write_bytes(sqlite_config.read_bytes())
    configure(offered, webservice__timeout="30")  # and no FTP password, as servers send
    configure(sqlite_config, ftp__password="ftp-Hunter2")
    before = sqlite_config.read_bytes()
    window = open_admin(sqlite_config)

    window.importer.from_file(offered, window.settings.config)
    qtbot.waitUntil(
        lambda: window.importer.dialog is not None and window.importer.dialog.isVisible()
    )
    dialog = window.importer.dialog
    assert dialog is not None
    keys = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert keys == ["Web-service timeout  (webservice.timeout)"]  # the password stays
    kept = dialog.findChild(QLabel, "import-kept")
    assert kept is not None and kept.isVisible()
    assert "Password" in kept.text() and "Hunter2" not in kept.text()
    assert sqlite_config.read_bytes() == before  # nothing installed yet

    click(qtbot, dialog, "import-apply")
    qtbot.waitUntil(lambda: load_config(sqlite_config).webservice.timeout == 30)
    assert load_config(sqlite_config).ftp.password == "ftp-Hunter2"
