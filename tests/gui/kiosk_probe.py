"""The cashier window on a bare X server (a kiosk till: no window manager), started the
way ``till-admin --front`` starts it; an F-key typed on the real keyboard must reach it.

    python tests/gui/kiosk_probe.py TILL_TOML [SCREENSHOT.png]

Run by ``test_kiosk.py`` under ``xvfb-run``. It shows the window, waits until X has
mapped it, types F2 with ``xdotool`` (XTEST: as a keyboard would, to whichever window X
gives the focus) and waits until the window is in customer mode. It prints one JSON line
(what it saw) and exits 0 when the key worked, 1 when not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
WAIT_MS = 20_000  # a bound on a wait for an event, not a timing: loaded machines are slow


def main(argv: list[str]) -> int:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from admin_gui.app import make_app, open_window, parse_args
    from admin_gui.front.window import CashierWindow, Mode

    def wait_for(condition: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + WAIT_MS / 1000
        while not condition():
            if time.monotonic() > deadline:
                return False
            app.processEvents()
            time.sleep(0.01)
        return True

    config = argv[0]
    app = make_app([sys.argv[0]])
    window = open_window(parse_args(["--front", "--config", config]))
    assert isinstance(window, CashierWindow)
    window.show()
    handle = window.windowHandle()
    seen: dict[str, object] = {"exposed": wait_for(lambda: bool(handle and handle.isExposed()))}
    # X gives the keyboard focus to a window only when asked (by a window manager, or by
    # the window itself): wait for the window's own request to be done, or for the bound.
    seen["active"] = wait_for(window.isActiveWindow)
    seen["x_focus"] = _x(["xdotool", "getwindowfocus"])
    seen["window"] = str(int(window.winId()))
    _x(["xdotool", "key", "--clearmodifiers", "F2"])
    seen["f2"] = wait_for(lambda: window.mode is Mode.CUSTOMER)
    seen["prompt"] = window.prompt.text()
    if len(argv) > 1:
        window.grab().save(argv[1])
    print(json.dumps(seen), flush=True)
    window.close()
    app.processEvents()
    return 0 if seen["f2"] else 1


def _x(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    return (done.stdout + done.stderr).strip()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
