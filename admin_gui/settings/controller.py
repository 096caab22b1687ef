"""The settings screen's behaviour: fill the fields from the file, check them as they
change, save what changed, run the Test buttons, fetch and confirm an SFTP host key."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from admin_gui.errors import explain
from admin_gui.i18n import translate
from admin_gui.qt.core import QObject, pyqtSignal
from admin_gui.qt.widgets import QPushButton
from admin_gui.settings import checks, layout, saving, values
from admin_gui.settings.editors import Field
from admin_gui.settings.hostkey import HostKeyDialog
from admin_gui.settings.pages import SettingsPage
from admin_gui.work import Lane
from connectors.errors import ConfigError
from connectors.transfer import HostKeyFingerprint
from standalone_till.config import TillConfig, field_specs, load_config

log = logging.getLogger("tillsync.gui")
T = TypeVar("T")


class SettingsEditor(QObject):
    """Owns the fields of every key and the pages that place them."""

    changed = pyqtSignal()  # dirty or problems changed
    saved = pyqtSignal(object)  # the TillConfig as now on disk

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.fields = {spec.dotted_key: Field(spec) for spec in field_specs()}
        self.pages = [SettingsPage(tab, self.fields) for tab in layout.TABS]
        self.loaded: values.Texts = {}
        self.problems: dict[str, str] = {}
        self.config: TillConfig | None = None
        self.load_error: str | None = None
        self.missing = False  # no file yet: Save creates it
        self.checks = Lane("settings checks", threads=2, parent=self)
        self.host_key_dialog: HostKeyDialog | None = None
        self._filling = False
        self._add_buttons()
        for page in self.pages:
            page.order_tabs(self.fields)
        for field in self.fields.values():
            field.on_change(self._edited)

    # -- the file
    def reload(self) -> None:
        """Fill every field from the file (its problems shown next to the fields)."""
        self.missing = not self.path.exists()
        try:
            mapping = {} if self.missing else values.read_mapping(self.path)
        except ConfigError as exc:
            self.load_error = str(exc)
            mapping = {}
        else:
            self.load_error = None
        self.loaded = values.texts_of(mapping)
        try:
            self.config = load_config(self.path)
        except ConfigError:
            self.config = None
        self.fill(self.loaded)

    def fill(self, texts: values.Texts) -> None:
        self._filling = True
        try:
            for key, field in self.fields.items():
                field.set_text(texts.get(key, ""))
        finally:
            self._filling = False
        self._edited()

    def texts(self) -> values.Texts:
        return {key: field.text() for key, field in self.fields.items()}

    @property
    def dirty(self) -> bool:
        return self.texts() != self.loaded

    def _edited(self) -> None:
        if self._filling:
            return
        _, self.problems = values.check(self.texts())
        for key, field in self.fields.items():
            field.show_error(self.problems.get(key))
        for page in self.pages:
            page.follow(self.fields)
        self.changed.emit()

    def page_of(self, key: str) -> SettingsPage | None:
        for page in self.pages:
            if any(key in group.keys for column in page.tab.columns for group in column):
                return page
        return None

    def save(self) -> str | None:
        """Save what changed; None when saved, else why it was refused."""
        self._edited()
        if self.problems:
            count = len(self.problems)
            return translate("Settings", "Not saved: {count} setting(s) to fix first.").format(
                count=count
            )
        try:
            before = saving.create(self.path, self.texts()) if self.missing else self.loaded
            saved = saving.save_changes(self.path, values.changes(before, self.texts()))
        except Exception as exc:  # shown to the administrator; a bug is logged as one
            return explain(exc)
        self.reload()
        self.saved.emit(saved)
        return None

    def current_config(self) -> TillConfig:
        """The settings on screen as a config (raises ConfigError while some are wrong)."""
        return values.config_of(self.texts(), self.path)

    # -- Test buttons
    def _add_buttons(self) -> None:
        for page in self.pages:
            if page.tab.test == "database":
                page.add_button(
                    "test:database", translate("Settings", "Test connection")
                ).clicked.connect(
                    lambda _=False, p=page: self._test(p, checks.check_database, _database_answer)
                )
                page.add_button(
                    "prepare:database", translate("Settings", "Create or upgrade the database")
                ).clicked.connect(
                    lambda _=False, p=page: self._test(p, checks.prepare_database, _database_answer)
                )
            elif page.tab.test == "webservice":
                page.add_button(
                    "test:webservice", translate("Settings", "Test (ping)")
                ).clicked.connect(
                    lambda _=False, p=page: self._test(p, checks.check_webservice, _ping_answer)
                )
            elif page.tab.test == "ftp":
                page.add_button(
                    "test:ftp", translate("Settings", "Test (list the folder)")
                ).clicked.connect(
                    lambda _=False, p=page: self._test(p, checks.check_ftp, _folder_answer)
                )
        fetch = layout_button(translate("Settings", "Fetch the server's key…"), "fetch:hostkey")
        self.fields["ftp.known_host_key"].extra.addWidget(fetch)
        fetch.clicked.connect(self.fetch_host_key)

    def _test(
        self, page: SettingsPage, check: Callable[[TillConfig], T], answer: Callable[[T], str]
    ) -> None:
        try:
            cfg = self.current_config()
        except ConfigError as exc:
            page.show_answer(explain(exc), ok=False)
            return
        page.show_busy(translate("Settings", "Working…"))
        self.checks.submit(
            lambda job: check(cfg),
            done=lambda result: page.show_answer(answer(result), ok=True),
            failed=lambda exc: page.show_answer(explain(exc), ok=False),
        )

    # -- SFTP host key: fetched, shown, stored in the field only once confirmed
    def fetch_host_key(self) -> None:
        page = self.page_of("ftp.known_host_key")
        assert page is not None
        host = self.fields["ftp.host"].text().strip()
        try:
            port = values.parse(self.fields["ftp.port"].spec, self.fields["ftp.port"].text())
        except ConfigError as exc:
            page.show_answer(explain(exc), ok=False)
            return
        if not host or not isinstance(port, int):
            page.show_answer(translate("Settings", "Enter the host first."), ok=False)
            return
        page.show_busy(translate("Settings", "Asking {host} for its key…").format(host=host))
        self.checks.submit(
            lambda job: checks.host_key(host, port),
            done=lambda found: self._confirm_host_key(page, found),
            failed=lambda exc: page.show_answer(explain(exc), ok=False),
        )

    def _confirm_host_key(self, page: SettingsPage, found: HostKeyFingerprint) -> None:
        page.show_busy(translate("Settings", "Compare the key with the server's owner."))
        dialog = HostKeyDialog(found, page)
        self.host_key_dialog = dialog

        def trusted() -> None:
            self.fields["ftp.known_host_key"].set_text(found.known_hosts_line)
            page.show_answer(translate("Settings", "Host key confirmed; Save to keep it."), ok=True)

        dialog.accepted.connect(trusted)
        dialog.rejected.connect(
            lambda: page.show_answer(translate("Settings", "Host key not trusted."), ok=False)
        )
        dialog.open()

    def shutdown(self) -> None:
        self.checks.shutdown(2000)


def layout_button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


def _database_answer(result: checks.DatabaseCheck) -> str:
    if not result.exists:
        return translate("Settings", "The database file does not exist yet: create it.")
    if not result.ready:
        return translate("Settings", "Connected; the till's tables are not there yet: create them.")
    return translate("Settings", "Connected; the till's tables are ready.")


def _ping_answer(result: checks.PingCheck) -> str:
    return translate("Settings", "The server answers ({ms} ms).").format(
        ms=f"{result.latency_ms:.0f}"
    )


def _folder_answer(result: checks.FolderCheck) -> str:
    shown = ", ".join(result.files[:6]) + (" …" if len(result.files) > 6 else "")
    return translate("Settings", "{count} file(s) in {folder}: {files}").format(
        count=len(result.files), folder=result.folder, files=shown or "-"
    )
