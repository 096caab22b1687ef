"""``till-admin``: the console script, its help, and the window each mode opens."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from admin_gui.admin.window import AdminWindow
from admin_gui.app import main, open_window, parse_args
from admin_gui.front.window import CashierWindow
from connectors.errors import ConfigError

from .conftest import till_with_catalog

ROOT = Path(__file__).resolve().parents[2]


def test_till_admin_is_a_console_script_documented_in_the_readme() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["till-admin"] == "admin_gui.app:main"
    readme = (ROOT / "README.md").read_text()
    assert "`till-admin [--config PATH]`" in readme and "`till-admin --front" in readme


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--front" in out and "--config" in out


def test_each_mode_opens_its_window(qtbot: QtBot, tmp_path: Path) -> None:
    path = till_with_catalog(tmp_path / "till")
    admin = open_window(parse_args(["--config", str(path)]))
    qtbot.addWidget(admin)
    assert isinstance(admin, AdminWindow) and admin.till is not None
    admin.close()
    front = open_window(parse_args(["--config", str(path), "--front"]))
    qtbot.addWidget(front)
    assert isinstance(front, CashierWindow)
    front.close()


def test_the_cashier_window_needs_a_valid_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        open_window(parse_args(["--config", str(tmp_path / "missing.toml"), "--front"]))
