"""The settings tabs: every key placed, checked by the loader's rules with the error next
to the field, saved key by key (comments kept, mode 0600), imported with a preview, and
the Test buttons and the SFTP host key against real servers."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot
from transfer_servers import FtpServer, SshServer

from admin_gui.admin.window import AdminWindow
from admin_gui.qt.core import Qt
from admin_gui.qt.widgets import QComboBox, QLineEdit, QPushButton, QWidget
from admin_gui.settings import layout
from admin_gui.settings.help_catalog import DESCRIPTIONS
from erp_gateway.registry import declare_till
from erp_gateway.server import GatewayServer
from standalone_till.config import field_specs, load_config

from .conftest import configure

Admin = Callable[[Path], AdminWindow]


def field_text(window: AdminWindow, key: str) -> str:
    return window.settings.fields[key].text()


def type_into(qtbot: QtBot, window: AdminWindow, key: str, text: str) -> None:
    edit = window.settings.fields[key].input
    assert isinstance(edit, QLineEdit)
    edit.clear()
    if text:
        qtbot.keyClicks(edit, text)


def choose(window: AdminWindow, key: str, value: str) -> None:
    combo = window.settings.fields[key].input
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(value))


def click(qtbot: QtBot, window: QWidget | None, name: str) -> None:
    assert window is not None
    button = window.findChild(QPushButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def next_by_tab(widget: QWidget) -> QWidget:
    found = widget.nextInFocusChain()
    while not found.focusPolicy() & Qt.FocusPolicy.TabFocus:
        found = found.nextInFocusChain()
    return found


def answer(window: AdminWindow, tab: str) -> str:
    page = next(p for p in window.settings.pages if p.tab.name == tab)
    return page.answer.text()


def test_every_config_key_has_one_place_a_label_and_a_translatable_help() -> None:
    keys = [s.dotted_key for s in field_specs()]
    placed = layout.tab_keys()
    assert sorted(placed) == sorted(keys) and len(placed) == len(set(placed))
    assert set(layout.LABELS) == set(keys)
    assert sorted(DESCRIPTIONS) == sorted(s.description for s in field_specs())


def test_tab_goes_down_each_column_of_a_tab(
    qtbot: QtBot, sqlite_config: Path, open_admin: Admin
) -> None:
    window = open_admin(sqlite_config)
    fields = window.settings.fields
    order = ["webservice.url", "webservice.user", "webservice.password", "webservice.wsse"]
    order += ["webservice.verify_tls", "webservice.timeout", "webservice.ping_timeout"]
    for before, after in itertools.pairwise(order):
        assert next_by_tab(fields[before].input) is fields[after].input, before
    assert next_by_tab(fields["ftp.known_host_key"].input).objectName() == "fetch:hostkey"


def test_a_bad_value_is_shown_next_to_its_field_and_save_is_refused(
    qtbot: QtBot, sqlite_config: Path, open_admin: Admin
) -> None:
    before = sqlite_config.read_bytes()
    window = open_admin(sqlite_config)
    type_into(qtbot, window, "webservice.timeout", "0")
    error = window.settings.fields["webservice.timeout"].error
    assert error.isVisibleTo(window.settings.fields["webservice.timeout"])
    assert error.text() == "webservice.timeout must be 1..600 s, got 0"  # the loader's words

    choose(window, "database.engine", "mssql")  # a rule across keys: mssql needs an instance
    assert (
        "database.instance is required" in window.settings.fields["database.instance"].error.text()
    )

    window.tabs.setCurrentIndex(0)
    click(qtbot, window, "settings-save")
    assert "database.user is required" in window.settings.fields["database.user"].error.text()
    assert window.note.text() == "Not saved: 3 setting(s) to fix first."
    assert sqlite_config.read_bytes() == before
    shown = window.tabs.currentWidget()
    assert shown is window.settings.page_of("webservice.timeout")  # the first problem's tab


def test_save_sets_the_changed_keys_keeps_comments_and_mode_0600(
    qtbot: QtBot, sqlite_config: Path, open_admin: Admin
) -> None:
    sqlite_config.chmod(0o644)
    window = open_admin(sqlite_config)
    type_into(qtbot, window, "webservice.url", "https://erp.example.com/soap")
    type_into(qtbot, window, "webservice.password", "s3cret-pw")
    type_into(qtbot, window, "webservice.timeout", "")  # empty: the 60 s default
    type_into(qtbot, window, "webservice.ping_timeout", "7")
    # SQL Server: the engine needs its instance and login, set in the same save
    choose(window, "database.engine", "mssql")
    type_into(qtbot, window, "database.instance", "SHOP01\\SQLEXPRESS")
    type_into(qtbot, window, "database.user", "till")
    password = window.settings.fields["webservice.password"].input
    assert isinstance(password, QLineEdit) and password.echoMode() == QLineEdit.EchoMode.Password
    assert window.note.text() == "Unsaved changes."

    click(qtbot, window, "settings-save")
    assert window.note.text() == "Saved."
    text = sqlite_config.read_text()
    assert stat.S_IMODE(sqlite_config.stat().st_mode) == 0o600
    assert "# Timeout of the ping behind the network icon." in text  # comments kept
    assert "# tillsync till configuration (TOML)." in text
    cfg = load_config(sqlite_config)
    assert cfg.webservice.url == "https://erp.example.com/soap"
    assert cfg.webservice.password == "s3cret-pw" and cfg.webservice.timeout == 60
    assert cfg.webservice.ping_timeout == 7
    assert (cfg.database.engine, cfg.database.instance) == ("mssql", "SHOP01\\SQLEXPRESS")
    assert "s3cret-pw" not in window.note.text()
    assert not window.settings.dirty
    assert not list(sqlite_config.parent.glob(".till.toml.*"))  # no copy left behind


def test_import_from_a_file_shows_the_changes_and_applies_them_on_confirmation(
    qtbot: QtBot, sqlite_config: Path, open_admin: Admin, tmp_path: Path
) -> None:
    offered = tmp_path / "from-head-office.toml"
    shutil.copy(sqlite_config, offered)
    configure(offered, webservice__timeout="30", webservice__password="pw-from-office")
    before = sqlite_config.read_bytes()
    window = open_admin(sqlite_config)

    window.importer.from_file(offered, window.settings.config)  # what the file dialog picks
    qtbot.waitUntil(
        lambda: window.importer.dialog is not None and window.importer.dialog.isVisible()
    )
    dialog = window.importer.dialog
    assert dialog is not None
    rows = {
        dialog.table.item(r, 0).text(): (
            dialog.table.item(r, 1).text(),
            dialog.table.item(r, 2).text(),
        )
        for r in range(dialog.table.rowCount())
    }
    assert rows == {
        "Web-service timeout  (webservice.timeout)": ("60", "30"),
        "Password  (webservice.password)": ('""', '"********"'),  # masked
    }
    assert sqlite_config.read_bytes() == before  # nothing installed yet

    dialog.reject()
    assert window.note.text() == "Import cancelled: nothing changed."
    assert sqlite_config.read_bytes() == before

    window.importer.from_file(offered, window.settings.config)
    qtbot.waitUntil(
        lambda: window.importer.dialog is not dialog and window.importer.dialog is not None
    )
    click(qtbot, window.importer.dialog, "import-apply")
    qtbot.waitUntil(lambda: field_text(window, "webservice.timeout") == "30")
    assert load_config(sqlite_config).webservice.timeout == 30
    assert stat.S_IMODE(sqlite_config.stat().st_mode) == 0o600
    backups = list(sqlite_config.parent.glob("till.toml.*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert "previous file is kept" in window.note.text()


def test_import_from_the_server_with_a_preview(
    qtbot: QtBot, linked_config: Path, gateway: GatewayServer, open_admin: Admin
) -> None:
    declare_till(gateway.db, "S001", "T01", dt.datetime.now(dt.UTC))
    window = open_admin(linked_config)
    click(qtbot, window, "import-server")
    qtbot.waitUntil(
        lambda: window.importer.dialog is not None and window.importer.dialog.isVisible()
    )
    dialog = window.importer.dialog
    assert dialog is not None
    keys = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Ping interval  (timings.ping_interval)" in keys  # 1 here, 30 from the server
    click(qtbot, dialog, "import-apply")
    qtbot.waitUntil(lambda: field_text(window, "timings.ping_interval") == "30")
    cfg = load_config(linked_config)
    assert cfg.webservice.url == gateway.url and cfg.till.till_id == "T01"


def test_the_test_buttons_reach_the_database_the_web_service_and_the_ftp_server(
    qtbot: QtBot, linked_config: Path, ftp_server: FtpServer, open_admin: Admin
) -> None:
    (ftp_server.home / "00000001-full.manifest.json").write_text("{}")
    window = open_admin(linked_config)
    type_into(qtbot, window, "ftp.host", ftp_server.host)
    type_into(qtbot, window, "ftp.port", str(ftp_server.port))
    type_into(qtbot, window, "ftp.user", ftp_server.user)
    type_into(qtbot, window, "ftp.password", ftp_server.password)

    click(qtbot, window, "test:database")
    qtbot.waitUntil(lambda: "ready" in answer(window, "database"))
    assert answer(window, "database") == "Connected; the till's tables are ready."
    click(qtbot, window, "test:webservice")
    qtbot.waitUntil(lambda: "answers" in answer(window, "webservice"))
    click(qtbot, window, "test:ftp")
    qtbot.waitUntil(lambda: "file(s)" in answer(window, "ftp"))
    assert answer(window, "ftp") == "1 file(s) in /: 00000001-full.manifest.json"

    type_into(qtbot, window, "ftp.password", "wrong")
    click(qtbot, window, "test:ftp")
    qtbot.waitUntil(lambda: "login" in answer(window, "ftp").lower())
    assert "wrong" not in answer(window, "ftp")


def test_the_sftp_host_key_is_stored_only_once_confirmed(
    qtbot: QtBot, sqlite_config: Path, sshd_server: SshServer, open_admin: Admin
) -> None:
    window = open_admin(sqlite_config)
    choose(window, "ftp.protocol", "sftp")
    type_into(qtbot, window, "ftp.host", sshd_server.host)
    type_into(qtbot, window, "ftp.port", str(sshd_server.port))
    assert "never accepted unseen" in window.settings.fields["ftp.known_host_key"].error.text()

    click(qtbot, window, "fetch:hostkey")
    qtbot.waitUntil(lambda: window.settings.host_key_dialog is not None)
    dialog = window.settings.host_key_dialog
    assert dialog is not None
    shown = dialog.findChild(type(window.note), "hostkey-fingerprint")
    assert shown is not None and shown.text().startswith("SHA256:")
    click(qtbot, dialog, "hostkey-refuse")
    assert field_text(window, "ftp.known_host_key") == ""  # refused: nothing trusted

    click(qtbot, window, "fetch:hostkey")
    qtbot.waitUntil(lambda: window.settings.host_key_dialog is not dialog)
    click(qtbot, window.settings.host_key_dialog, "hostkey-trust")
    assert field_text(window, "ftp.known_host_key") == sshd_server.known_hosts_line
    assert load_config(sqlite_config).ftp.known_host_key == ""  # not stored before Save
    click(qtbot, window, "settings-save")
    assert load_config(sqlite_config).ftp.known_host_key == sshd_server.known_hosts_line


def test_a_config_with_problems_opens_with_them_shown(
    qtbot: QtBot, sqlite_config: Path, open_admin: Admin
) -> None:
    text = sqlite_config.read_text().replace("\ntimeout = 60\n", "\ntimeout = 0\n")
    sqlite_config.write_text(text)
    window = open_admin(sqlite_config)
    assert window.till is None
    assert (
        "webservice.timeout must be 1..600 s"
        in window.settings.fields["webservice.timeout"].error.text()
    )
    type_into(qtbot, window, "webservice.timeout", "45")
    click(qtbot, window, "settings-save")
    assert window.note.text() == "Saved."
    assert window.till is not None
    assert load_config(sqlite_config).webservice.timeout == 45


def test_a_new_till_gets_its_config_file_on_save(
    qtbot: QtBot, tmp_path: Path, open_admin: Admin
) -> None:
    path = tmp_path / "new" / "till.toml"
    window = open_admin(path)
    assert window.till is None and window.note.text().startswith("No configuration at ")
    type_into(qtbot, window, "till.store_id", "S042")
    type_into(qtbot, window, "till.till_id", "T07")
    type_into(qtbot, window, "webservice.timeout", "90")
    click(qtbot, window, "settings-save")
    assert window.note.text() == "Saved."
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    cfg = load_config(path)
    assert (cfg.till.store_id, cfg.till.till_id, cfg.webservice.timeout) == ("S042", "T07", 90)
    assert "# Store code, as the ERP knows it." in path.read_text()
    assert window.till is not None
