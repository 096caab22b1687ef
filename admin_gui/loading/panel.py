"""The "Data" tab: where to load from, Load data / Load changes, progress, Cancel, result."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from admin_gui.errors import Cancelled, explain
from admin_gui.i18n import moment
from admin_gui.loading import jobs
from admin_gui.qt.core import Qt
from admin_gui.qt.widgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from admin_gui.work import Job, Lane
from connectors.errors import OlderExportError
from standalone_till.loading import CatalogState
from standalone_till.service import Till

OK_STYLE = "color: #1b5e20;"
FAIL_STYLE = "color: #b00020;"


class LoadPanel(QWidget):
    def __init__(self, till: Callable[[], Till | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page:data")
        self._till = till
        self.lane = Lane("loads", parent=self)
        self.job: Job | None = None
        self._phase = jobs.Phase.DOWNLOAD
        self._folder: Path | None = None  # where the running load reads from
        self.older_dialog: QMessageBox | None = None

        self.from_server = QRadioButton(self.tr("The export server of the FTP tab"))
        self.from_server.setObjectName("source:server")
        self.from_folder = QRadioButton(self.tr("A folder:"))
        self.from_folder.setObjectName("source:folder")
        self.folder = QLineEdit()
        self.folder.setObjectName("source:path")
        self.folder.setPlaceholderText(self.tr("folder holding the exports"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.folder.textEdited.connect(lambda _="": self.from_folder.setChecked(True))
        choice = QButtonGroup(self)
        choice.addButton(self.from_server)
        choice.addButton(self.from_folder)
        self.from_server.setChecked(True)
        folder_line = QHBoxLayout()
        folder_line.addWidget(self.from_folder)
        folder_line.addWidget(self.folder, 1)
        folder_line.addWidget(browse)
        source = QGroupBox(self.tr("Load from"))
        source_box = QVBoxLayout(source)
        source_box.addWidget(self.from_server)
        source_box.addLayout(folder_line)

        self.load_data = QPushButton(self.tr("Load data"))
        self.load_data.setObjectName("load-data")
        self.load_data.setToolTip(self.tr("Replace the catalog by the newest full export."))
        self.load_changes = QPushButton(self.tr("Load changes"))
        self.load_changes.setObjectName("load-changes")
        self.load_changes.setToolTip(self.tr("Apply the increments after the catalog's sequence."))
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setObjectName("load-cancel")
        self.cancel.setEnabled(False)
        self.load_data.clicked.connect(lambda: self.start(jobs.load_data))
        self.load_changes.clicked.connect(lambda: self.start(jobs.load_changes))
        self.cancel.clicked.connect(self.stop)
        actions = QHBoxLayout()
        for button in (self.load_data, self.load_changes, self.cancel):
            actions.addWidget(button)
        actions.addStretch(1)

        self.phase = QLabel(self.tr("Idle."))
        self.phase.setObjectName("load-phase")
        self.bar = QProgressBar()
        self.bar.setObjectName("load-progress")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.result = QLabel()
        self.result.setObjectName("load-result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        progress = QGroupBox(self.tr("Progress"))
        progress_box = QVBoxLayout(progress)
        progress_box.addWidget(self.phase)
        progress_box.addWidget(self.bar)
        progress_box.addWidget(self.result)

        self.sequence = QLabel("-")
        self.sequence.setObjectName("catalog-sequence")
        self.full_sequence = QLabel("-")
        self.loaded_at = QLabel("-")
        catalog = QGroupBox(self.tr("Catalog on this till"))
        catalog_form = QFormLayout(catalog)
        catalog_form.addRow(self.tr("Sequence"), self.sequence)
        catalog_form.addRow(self.tr("Last full export"), self.full_sequence)
        catalog_form.addRow(self.tr("Last load"), self.loaded_at)

        box = QVBoxLayout(self)
        box.addWidget(source)
        box.addLayout(actions)
        box.addWidget(progress)
        box.addWidget(catalog)
        box.addStretch(1)

    # -- actions
    def start(self, load: Callable[[Till, Path | None, jobs.Report], jobs.LoadOutcome]) -> None:
        folder = Path(self.folder.text()) if self.from_folder.isChecked() else None
        if self.from_folder.isChecked() and not self.folder.text().strip():
            self._fail(self.tr("Choose the folder holding the exports."))
            return
        self._run(load, folder)

    def _run(
        self,
        load: Callable[[Till, Path | None, jobs.Report], jobs.LoadOutcome],
        folder: Path | None,
    ) -> None:
        till = self._till()
        if till is None:
            self._fail(self.tr("Fix the configuration and save it first."))
            return
        self._folder = folder
        self._running(True)
        self.result.clear()
        self.phase.setText(self.tr("Starting…"))
        self.bar.setRange(0, 0)  # busy until the first report

        def run(job: Job) -> jobs.LoadOutcome:
            current: list[jobs.Phase] = []

            def report(phase: jobs.Phase, done: int, total: int) -> None:
                if current != [phase]:
                    current[:] = [phase]
                    job.note(phase)
                job.report(done, total)

            return load(till, folder, report)

        self.job = self.lane.submit(
            run, done=self._done, failed=self._failed, progress=self._progress, note=self._note
        )

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel.setEnabled(False)
            self.phase.setText(self.tr("Cancelling…"))

    @property
    def running(self) -> bool:
        return self.job is not None

    # -- results
    def _note(self, phase: object) -> None:
        self._phase = jobs.Phase(str(phase))
        self.phase.setText(
            self.tr("Downloading…") if self._phase is jobs.Phase.DOWNLOAD else self.tr("Loading…")
        )

    def _progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        scale = max(1, total // 1_000_000)  # QProgressBar holds ints of 32 bits
        self.bar.setRange(0, total // scale)
        self.bar.setValue(min(done, total) // scale)
        if self._phase is jobs.Phase.APPLY:
            self.phase.setText(
                self.tr("Loading: {done} of {total} rows").format(done=done, total=total)
            )
        else:
            self.phase.setText(
                self.tr("Downloading: {done} of {total} kB").format(
                    done=done // 1024, total=max(1, total // 1024)
                )
            )

    def _done(self, outcome: jobs.LoadOutcome) -> None:
        self._running(False)
        r = outcome.result
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.phase.setText(self.tr("Done."))
        if r.kind == "full":
            text = self.tr("Full export {sequence} loaded: {rows} rows in {seconds} s.")
        elif r.sequences:
            text = self.tr("Changes up to {sequence} loaded: {rows} rows in {seconds} s.")
        else:
            text = self.tr("No new changes: the catalog is up to date (sequence {sequence}).")
        self.result.setStyleSheet(OK_STYLE)
        self.result.setText(
            text.format(
                sequence=r.sequence or outcome.state.sequence,
                rows=r.rows,
                seconds=f"{r.seconds:.1f}",
            )
        )
        self.show_state(outcome.state)

    def _failed(self, exc: BaseException) -> None:
        self._running(False)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        if isinstance(exc, Cancelled):
            self.phase.setText(self.tr("Cancelled."))
            self.result.setStyleSheet("")
            self.result.setText(self.tr("Load cancelled: the catalog is as it was."))
        elif isinstance(exc, OlderExportError):
            self._ask_older(exc, self._folder)
        else:
            self._fail(explain(exc))
        self.refresh()

    def _ask_older(self, exc: OlderExportError, folder: Path | None) -> None:
        """An export older than the catalog: loaded only if the person says so."""
        self.phase.setText(self.tr("Waiting for your answer."))
        self.result.setStyleSheet("")
        self.result.clear()
        question = self.tr(
            "The newest full export there is {sequence}, older than the catalog on this "
            "till (sequence {current}). Loading it takes the catalog back from {current} "
            "to {sequence}. Load it anyway?"
        ).format(sequence=exc.sequence, current=exc.current)
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Older export"), question, yes | no, self
        )
        box.setObjectName("load-older")
        box.setDefaultButton(no)
        self.older_dialog = box

        def answered() -> None:
            clicked = box.clickedButton()
            if clicked is not None and box.standardButton(clicked) == yes:
                self._run(functools.partial(jobs.load_data, allow_older=True), folder)
            else:
                self._fail(
                    self.tr("Not loaded: the catalog stays at sequence {current}.").format(
                        current=exc.current
                    )
                )

        box.finished.connect(lambda _result: answered())
        box.open()

    def _fail(self, message: str) -> None:
        self.phase.setText(self.tr("Failed."))
        self.result.setStyleSheet(FAIL_STYLE)
        self.result.setText(message)

    def _running(self, running: bool) -> None:
        if not running:
            self.job = None
        self.load_data.setEnabled(not running)
        self.load_changes.setEnabled(not running)
        self.cancel.setEnabled(running)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder holding the exports"))
        if chosen:
            self.folder.setText(chosen)
            self.from_folder.setChecked(True)

    # -- the catalog's state
    def refresh(self) -> None:
        till = self._till()
        if till is not None and not self.running:
            self.lane.submit(
                lambda job: till.catalog_state(),
                done=self.show_state,
                failed=lambda exc: self.sequence.setText(explain(exc)),
            )

    def show_state(self, state: CatalogState) -> None:
        self.sequence.setText(str(state.sequence) if state.sequence else self.tr("nothing loaded"))
        self.full_sequence.setText(str(state.full_sequence) if state.full_sequence else "-")
        self.loaded_at.setText(moment(state.applied_at.isoformat()) if state.applied_at else "-")

    def shutdown(self) -> None:
        if self.job is not None:
            self.job.cancel()
        self.lane.shutdown()
