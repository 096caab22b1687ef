"""The administrator's window: the settings tabs, Data (Load data / Load changes) and
Status, with Import / Revert / Save under the settings and the network icon below."""

from __future__ import annotations

import logging
from pathlib import Path

from admin_gui.errors import explain
from admin_gui.i18n import translate
from admin_gui.loading.panel import LoadPanel
from admin_gui.qt.gui import QCloseEvent, QKeySequence
from admin_gui.qt.widgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from admin_gui.settings.controller import SettingsEditor
from admin_gui.settings.importing import Importer
from admin_gui.status.panel import StatusPanel
from admin_gui.status.snapshot import StatusSnapshot
from admin_gui.widgets.network import NetworkIcon
from admin_gui.work import Lane
from standalone_till.config import TillConfig
from standalone_till.service import Till

log = logging.getLogger("tillsync.gui")
OK_STYLE = "color: #1b5e20;"
FAIL_STYLE = "color: #b00020;"


class AdminWindow(QMainWindow):
    def __init__(self, config_path: Path, *, ping: bool = True) -> None:
        super().__init__()
        self.setObjectName("admin-window")
        self.config_path = config_path
        self._ping = ping
        self.till: Till | None = None
        self.status_lane = Lane("status", parent=self)
        self.settings = SettingsEditor(config_path, self)
        self.importer = Importer(config_path, self, self.settings.checks)
        self.data = LoadPanel(lambda: self.till)
        self.status = StatusPanel(lambda: self.till, self.status_lane)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("admin-tabs")
        for page in self.settings.pages:
            self.tabs.addTab(page, translate("Settings", page.tab.title))
        self.tabs.addTab(self.data, self.tr("Data"))
        self.tabs.addTab(self.status, self.tr("Status"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.note = QLabel()
        self.note.setObjectName("settings-note")
        self.note.setWordWrap(True)
        import_file = QPushButton(self.tr("Import from a file…"))
        import_file.setObjectName("import-file")
        import_file.clicked.connect(self._import_file)
        import_server = QPushButton(self.tr("Import from the server…"))
        import_server.setObjectName("import-server")
        import_server.clicked.connect(lambda: self.importer.from_server(self.settings.config))
        self.revert = QPushButton(self.tr("Revert"))
        self.revert.setObjectName("settings-revert")
        self.revert.clicked.connect(self.settings.reload)
        self.save = QPushButton(self.tr("Save"))
        self.save.setObjectName("settings-save")
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        self.save.setDefault(True)
        self.save.clicked.connect(self.save_settings)
        self.bar = QWidget()
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(import_file)
        bar.addWidget(import_server)
        bar.addWidget(self.note, 1)
        bar.addWidget(self.revert)
        bar.addWidget(self.save)

        body = QWidget()
        box = QVBoxLayout(body)
        box.addWidget(self.tabs, 1)
        box.addWidget(self.bar)
        self.setCentralWidget(body)

        self.icon = NetworkIcon(20)
        self.where = QLabel()
        status_bar = self.statusBar()
        assert status_bar is not None
        status_bar.addWidget(self.icon)
        status_bar.addWidget(self.where, 1)
        self.settings.changed.connect(self._settings_changed)
        self.settings.saved.connect(self._config_saved)
        self.importer.told.connect(self._tell)
        self.importer.installed.connect(self._imported)
        self.status.updated.connect(self._status_seen)

        self.settings.reload()
        self._open_till(self.settings.config)
        self.setWindowTitle(self.tr("tillsync — till administration"))
        self.resize(1120, 780)

    # -- the till behind the Data and Status tabs
    def _open_till(self, cfg: TillConfig | None) -> None:
        old, self.till = self.till, None
        if old is not None:
            self.status_lane.submit(lambda job: old.close())  # after any read in flight
        if cfg is None:
            self.where.setText(
                self.tr("{path}: the configuration has problems; fix them and save.").format(
                    path=self.config_path
                )
            )
            self.status.stop()
            return
        try:
            self.till = Till(cfg)
        except Exception as exc:  # shown; a bug is logged by explain
            self.where.setText(explain(exc))
            return
        self.where.setText(
            self.tr("Store {store}, till {till} — {path}").format(
                store=cfg.till.store_id, till=cfg.till.till_id, path=self.config_path
            )
        )
        self.status.start(cfg.timings.ping_interval if self._ping else None)
        self.data.refresh()

    # -- settings
    def save_settings(self) -> bool:
        if self.data.running:
            self._tell(self.tr("Wait for the load to finish before saving."), False)
            return False
        refused = self.settings.save()
        if refused is not None:
            self._tell(refused, False)
            self._show_first_problem()
            return False
        self._tell(self.tr("Saved."), True)
        return True

    def _show_first_problem(self) -> None:
        for key in self.settings.problems:
            page = self.settings.page_of(key)
            if page is not None:
                self.tabs.setCurrentWidget(page)
                self.settings.fields[key].input.setFocus()
                return

    def _settings_changed(self) -> None:
        count = len(self.settings.problems)
        if self.settings.missing:
            self._tell(
                self.tr("No configuration at {path} yet: fill in the settings and Save.").format(
                    path=self.config_path
                ),
                True,
            )
        elif self.settings.load_error:
            self._tell(self.settings.load_error, False)
        elif count:
            self._tell(self.tr("{count} setting(s) to fix.").format(count=count), False)
        elif self.settings.dirty:
            self._tell(self.tr("Unsaved changes."), True)
        else:
            self.note.clear()
        self.revert.setEnabled(self.settings.dirty)

    def _config_saved(self, cfg: TillConfig) -> None:
        self._open_till(cfg)

    def _import_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Configuration file"),
            str(self.config_path.parent),
            "TOML (*.toml);;* (*)",
        )
        if chosen:
            self.importer.from_file(Path(chosen), self.settings.config)

    def _imported(self, backup: object) -> None:
        self.settings.reload()
        self._open_till(self.settings.config)
        if backup is not None:
            self._tell(
                self.tr("Imported; the previous file is kept as {backup}.").format(backup=backup),
                True,
            )
        else:
            self._tell(self.tr("Imported."), True)

    def _tell(self, text: str, ok: bool) -> None:
        self.note.setStyleSheet(OK_STYLE if ok else FAIL_STYLE)
        self.note.setText(text)

    def _tab_changed(self, index: int) -> None:
        self.bar.setVisible(index < len(self.settings.pages))

    def _status_seen(self, s: StatusSnapshot) -> None:
        self.icon.set_reachable(s.reachable, s.ping_error or "")

    def closeEvent(self, event: QCloseEvent | None) -> None:
        self.status.stop()
        self.data.shutdown()
        self.settings.shutdown()
        self.status_lane.shutdown()
        if self.till is not None:
            self.till.close()
            self.till = None
        super().closeEvent(event)
