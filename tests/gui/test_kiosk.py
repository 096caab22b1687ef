"""The cashier window on a real X server without a window manager (a kiosk till): an
F-key typed on the keyboard reaches it, because the window takes the keyboard itself.

The offscreen platform the other GUI tests use activates every window it shows, so only
a real X server shows the defect. The test starts its own Xvfb (on a free display it
chooses itself, so parallel runs do not collide) and runs ``kiosk_probe.py`` there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import till_with_catalog

PROBE = Path(__file__).with_name("kiosk_probe.py")
MISSING = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"NOT TESTED: F-keys on a bare X server need {' and '.join(MISSING)} "
    "(apt-get install xvfb xdotool)",
)


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    """A new Xvfb with no window manager; its display name, once it accepts clients."""
    log = tmp_path / "xvfb.log"
    read, write = os.pipe()
    with log.open("wb") as errors:
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    os.close(write)
    try:
        with os.fdopen(read) as ready:  # Xvfb writes its display number once it is ready
            number = ready.readline().strip()
        if not number:
            server.wait(60)
            pytest.fail(f"Xvfb did not start: {log.read_text(errors='replace')}")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(60)


def test_f_keys_reach_the_cashier_window_on_an_x_server_without_a_window_manager(
    tmp_path: Path, display: str
) -> None:
    config = till_with_catalog(tmp_path / "till")
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    run = subprocess.run(
        [sys.executable, str(PROBE), str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = run.stdout.strip().splitlines()
    assert report, f"the probe said nothing (exit {run.returncode}): {run.stderr}"
    seen = json.loads(report[-1])
    assert seen["active"], f"the window never got the keyboard: {seen}"
    assert seen["x_focus"] == seen["window"]  # X gave this window the input focus
    assert seen["f2"] and seen["prompt"] == "Customer", f"F2 did nothing: {seen}"
    assert run.returncode == 0, run.stderr
