"""The SFTP server's host key shown for the administrator to confirm (never trusted unseen)."""

from __future__ import annotations

from admin_gui.qt import present
from admin_gui.qt.core import Qt
from admin_gui.qt.gui import QFont
from admin_gui.qt.widgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from connectors.transfer import HostKeyFingerprint


class HostKeyDialog(QDialog):
    def __init__(self, found: HostKeyFingerprint, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hostkey-dialog")
        self.setWindowTitle(self.tr("Confirm the server's host key"))
        intro = QLabel(
            self.tr(
                "The server offers the key below. Compare its fingerprint with the one "
                "the server's owner gives you (ssh-keygen -lf on the server). Trust it "
                "only if they are the same."
            )
        )
        intro.setWordWrap(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        fingerprint = QLabel(found.sha256)
        fingerprint.setObjectName("hostkey-fingerprint")
        fingerprint.setFont(mono)
        fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        line = QLabel(found.known_hosts_line)
        line.setFont(mono)
        line.setWordWrap(True)
        line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details = QFormLayout()
        details.addRow(self.tr("Key type"), QLabel(found.key_type))
        details.addRow(self.tr("Fingerprint"), fingerprint)
        details.addRow(self.tr("Stored as"), line)
        buttons = QDialogButtonBox()
        trust = present(
            buttons.addButton(self.tr("Trust this key"), QDialogButtonBox.ButtonRole.AcceptRole)
        )
        trust.setObjectName("hostkey-trust")
        refuse = present(buttons.addButton(QDialogButtonBox.StandardButton.Cancel))
        refuse.setObjectName("hostkey-refuse")
        refuse.setDefault(True)  # Enter alone never trusts a key
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addLayout(details)
        box.addWidget(buttons)
        self.resize(640, self.sizeHint().height())
