"""Import a config file, from a file or from the server (GetTillConfig): it is checked
and what it would change is shown; it is installed only when the administrator applies it
(the old file is kept as a backup). A secret the file leaves empty keeps the till's own
value (``standalone_till.config.plan_import``), and the preview says which."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from admin_gui.errors import explain
from admin_gui.i18n import translate
from admin_gui.qt import present
from admin_gui.qt.core import QObject, pyqtSignal
from admin_gui.qt.widgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from admin_gui.settings import saving
from admin_gui.settings.layout import LABELS
from admin_gui.work import Lane
from standalone_till.config import ImportPlan, TillConfig, install_import, masked, plan_import

log = logging.getLogger("tillsync.gui")


def _label(key: str) -> str:
    return translate("Field", LABELS[key]) if key in LABELS else key


class ImportDialog(QDialog):
    """What the imported file changes, key by key; Apply installs it."""

    def __init__(self, offer: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-dialog")
        self.setWindowTitle(self.tr("Import a configuration"))
        head = QLabel(self.tr("From: {source}").format(source=offer.label))
        head.setWordWrap(True)
        self.table = QTableWidget(len(offer.changes), 3)
        self.table.setObjectName("import-changes")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Setting"), self.tr("Now"), self.tr("After import")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        present(self.table.verticalHeader()).setVisible(False)
        for row, (key, before, after) in enumerate(offer.changes):
            for col, text in enumerate((f"{_label(key)}  ({key})", before, after)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        header = present(self.table.horizontalHeader())
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        summary = QLabel(
            self.tr("{count} setting(s) change. The current file is kept as a backup.").format(
                count=len(offer.changes)
            )
            if offer.changes
            else self.tr("Nothing changes: the file holds the same settings.")
        )
        kept = QLabel(
            self.tr("Kept: {keys}. The file leaves them empty, so this till's own stay.").format(
                keys=", ".join(_label(key) for key in offer.kept)
            )
        )
        kept.setObjectName("import-kept")
        kept.setWordWrap(True)
        kept.setVisible(bool(offer.kept))
        buttons = QDialogButtonBox()
        apply = present(buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole))
        apply.setObjectName("import-apply")
        present(buttons.addButton(QDialogButtonBox.StandardButton.Cancel)).setObjectName(
            "import-cancel"
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(head)
        box.addWidget(self.table, 1)
        box.addWidget(summary)
        box.addWidget(kept)
        box.addWidget(buttons)
        self.resize(820, 460)


class Importer(QObject):
    """Fetch or read, check, preview, then install on confirmation."""

    installed = pyqtSignal(object)  # the backup path or None
    told = pyqtSignal(str, bool)  # a message for the administrator, and whether it is good

    def __init__(self, dest: Path, parent_widget: QWidget, lane: Lane) -> None:
        super().__init__(parent_widget)
        self.dest = dest
        self.parent_widget = parent_widget
        self.lane = lane
        self.dialog: ImportDialog | None = None

    def from_file(self, source: Path, current: TillConfig | None) -> None:
        self._start(lambda: saving.read_file(source), str(source), current)

    def from_server(self, current: TillConfig | None) -> None:
        if current is None:
            self.told.emit(
                translate("Settings", "Save a valid configuration naming the server first."), False
            )
            return
        shown = str(masked(current)["webservice"]["url"])
        self._start(lambda: saving.from_server(current), shown, current)

    def _start(self, fetch: Callable[[], bytes], label: str, current: TillConfig | None) -> None:
        self.told.emit(translate("Settings", "Reading the configuration…"), True)
        self.lane.submit(
            lambda job: plan_import(fetch(), self.dest, current=current, label=label),
            done=self._show,
            failed=lambda exc: self.told.emit(explain(exc), False),
        )

    def _show(self, offer: ImportPlan) -> None:
        self.told.emit(translate("Settings", "Check what the import changes."), True)
        dialog = ImportDialog(offer, self.parent_widget)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._install(offer))
        dialog.rejected.connect(
            lambda: self.told.emit(
                translate("Settings", "Import cancelled: nothing changed."), True
            )
        )
        dialog.open()

    def _install(self, offer: ImportPlan) -> None:
        before = saving.config_or_none(self.dest) if self.dest.exists() else None
        try:
            backup = install_import(offer, self.dest)
        except Exception as exc:  # shown; a bug is logged by explain
            self.told.emit(explain(exc), False)
            return
        log.info("config imported from %s%s", offer.label, f" (backup {backup})" if backup else "")
        changes = {key: str(after) for key, _, after in offer.changes}
        saving.journal_change(self.dest, changes, before)
        self.installed.emit(backup)
