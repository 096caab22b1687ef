"""``till-admin``: the administrator's window, or with ``--front`` the cashier's.

    till-admin [--config PATH]          settings, Load data / Load changes, status
    till-admin --front [--config PATH]  the cashier window

The screens speak the config's ``till.language`` (en, fr, ru, pl).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from admin_gui import i18n
from admin_gui.qt.widgets import QApplication, QMessageBox, QWidget
from admin_gui.settings.values import read_mapping
from admin_gui.widgets.style import TillStyle
from connectors.errors import TillsyncError

log = logging.getLogger("tillsync.gui")
DEFAULT_CONFIG = "till.toml"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="till-admin", description="The till's administration window, or its cashier window."
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path(os.environ.get("TILLSYNC_CONFIG", DEFAULT_CONFIG)),
        help="the till's config file (default: $TILLSYNC_CONFIG or ./till.toml)",
    )
    parser.add_argument("--front", action="store_true", help="open the cashier window")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    return parser.parse_args(argv)


def language_of(path: Path) -> str:
    """``till.language`` from the file, even when other keys are wrong; English if unset."""
    try:
        till = read_mapping(path).get("till")
    except TillsyncError:
        return "en"
    language = till.get("language", "en") if isinstance(till, dict) else "en"
    return language if language in i18n.LANGUAGES else "en"


def make_app(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv)
    app.setApplicationName("tillsync")
    app.setStyle(TillStyle())
    return app


def open_window(args: argparse.Namespace) -> QWidget:
    if args.front:
        from admin_gui.front.window import open_front

        return open_front(args.config)
    from admin_gui.admin.window import AdminWindow

    return AdminWindow(args.config)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    app = make_app([sys.argv[0]])
    i18n.install(language_of(args.config))
    try:
        window = open_window(args)
    except TillsyncError as exc:
        QMessageBox.critical(None, "tillsync", str(exc))
        return exc.exit_code
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
