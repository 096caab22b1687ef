"""Importing the product puts no handler on the root logger: the command line owns the
log on stderr (one error line without -v). A library calling logging.basicConfig() at
import (python-escpos does) would print every warning a second time."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import logging
import standalone_till.cli, erp_gateway.cli, admin_gui.front.window
import standalone_till.devices.escpos
print(len(logging.getLogger().handlers))
"""


def test_importing_the_product_adds_no_root_log_handler() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert out.stdout.strip() == "0", out.stderr
