"""GUI tests: both windows driven offscreen against a real till database (SQLite files in
tmp_path with the known catalog) and a real gateway on loopback.

A Qt warning nobody expected fails the test (pytest-qt's ``qt_log_level_fail``), and so
does a warning or error logged by the GUI itself (``tillsync.gui``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from conftest import write_till_config
from pytestqt.qtbot import QtBot

from admin_gui.admin.window import AdminWindow
from admin_gui.front.window import CashierWindow
from catalog_fixture import write_catalog
from erp_gateway.server import GatewayServer
from standalone_till.config import load_config, set_key
from standalone_till.service import Till

# The offscreen platform cannot size windows the way a desktop does; nothing to fix.
_OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"
FAST_POLL_MS = 100


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(_OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _gui_logs_clean(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """The GUI logs a warning or an error only for a problem: none is expected here."""
    caplog.set_level(logging.WARNING, logger="tillsync.gui")
    yield
    bad = [r for r in caplog.records if r.name == "tillsync.gui" and r.levelno >= logging.WARNING]
    assert not bad, f"unexpected GUI log: {[r.getMessage() for r in bad]}"


def configure(path: Path, **keys: str) -> Path:
    """Set ``section__key=text`` keys with the library's own setter."""
    for name, text in keys.items():
        set_key(path, name.replace("__", "."), text)
    return path


def till_with_catalog(
    folder: Path,
    url: str | None = None,
    *,
    cashiers: Sequence[Sequence[str]] = (),
    **keys: str,
) -> Path:
    """A till config in ``folder``, its database made and the known catalog loaded
    (with ``cashiers``: rows of the cashiers entity, see cashier_fixture)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_till_config(folder)
    if url:
        configure(
            path,
            webservice__url=url,
            webservice__ping_timeout="1",
            webservice__lookup_timeout="2",
            timings__ping_interval="1",
            timings__ticket_sync_interval="1",
            timings__error_holdoff="1",
        )
    configure(path, **keys)
    till = Till(load_config(path))
    try:
        till.init()
        till.load_data(write_catalog(folder / "exports", cashiers=cashiers))
    finally:
        till.close()
    return path


@pytest.fixture
def linked_config(tmp_path: Path, gateway: GatewayServer) -> Path:
    """A ready till linked to the gateway fixture (pings every second)."""
    return till_with_catalog(tmp_path / "till", gateway.url)


@pytest.fixture
def open_admin(qtbot: QtBot) -> Iterator[Callable[[Path], AdminWindow]]:
    opened: list[AdminWindow] = []

    def make(path: Path) -> AdminWindow:
        window = AdminWindow(path)
        window.status.timer.setInterval(FAST_POLL_MS)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()


@pytest.fixture
def open_front(qtbot: QtBot) -> Iterator[Callable[..., CashierWindow]]:
    opened: list[CashierWindow] = []

    def make(path: Path, **options: bool) -> CashierWindow:
        window = CashierWindow(Till(load_config(path)), poll_ms=FAST_POLL_MS, **options)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        opened.append(window)
        return window

    yield make
    for window in opened:
        window.close()
