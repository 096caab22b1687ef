#!/usr/bin/env python3
"""Screenshots of every admin tab and of the cashier window, for the README and docs/gui.md.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--language en]

Real windows on an X display: without one, the script runs itself again under
``xvfb-run`` (Debian package ``xvfb``). It sets up a demo in a temporary folder: a
gateway on 127.0.0.1 with a message for the till, a till with the test catalog, a few
tickets (one quarantined), then opens the windows and saves each as a PNG. In another
language (--language fr) it shoots the cashier window and two admin tabs, named *-fr.png.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the imports wait for the display to be chosen (see under_x)
    from admin_gui.admin.window import AdminWindow
    from admin_gui.qt.widgets import QWidget
    from standalone_till.service import Till

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
SCREEN = "1600x1000x24"
TRANSLATED_SHOTS = ("webservice", "status")  # admin tabs also shot in other languages


def under_x(argv: list[str]) -> None:
    """Run again under xvfb-run when there is no display (and never offscreen)."""
    if os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        return
    if shutil.which("xvfb-run") is None:
        sys.exit("no X display and no xvfb-run: apt-get install xvfb")
    command = ["xvfb-run", "-a", "-s", f"-screen 0 {SCREEN}", sys.executable, __file__, *argv]
    sys.exit(subprocess.call(command))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", default="en", choices=("en", "fr", "ru", "pl"))
    args = parser.parse_args(argv)
    under_x(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tillsync-shots-") as tmp:
        Demo(Path(tmp), args.language).shoot(args.out)
    return 0


class Demo:
    def __init__(self, folder: Path, language: str) -> None:
        from erp_gateway.config import config_from_mapping
        from erp_gateway.db import GatewayDatabase
        from erp_gateway.notices import push
        from erp_gateway.registry import declare_till
        from erp_gateway.server import GatewayServer

        self.folder = folder
        self.language = language
        gw_dir = folder / "gateway"
        gw_dir.mkdir()
        gw_cfg = config_from_mapping({}, folder=gw_dir, source=str(gw_dir / "gateway.toml"))
        db = GatewayDatabase.from_config(gw_cfg)
        db.migrate()
        db.dispose()
        self.gateway = GatewayServer(gw_cfg).start(host="127.0.0.1", port=0)
        declare_till(self.gateway.db, "S001", "T01", dt.datetime.now(dt.UTC))
        push(self.gateway.db, "till", "T01", self._message())
        self.config = self._till()

    def _message(self) -> str:
        return {
            "en": "Stocktaking tonight at 18:00: close the till at 17:45.",
            "fr": "Inventaire ce soir à 18 h : fermez la caisse à 17 h 45.",
            "ru": "Сегодня в 18:00 инвентаризация: закройте кассу в 17:45.",
            "pl": "Dziś o 18:00 inwentaryzacja: zamknij kasę o 17:45.",
        }[self.language]

    def _till(self) -> Path:
        from catalog_fixture import BREAD, write_catalog
        from standalone_till.config import load_config, set_key, write_default_config
        from standalone_till.model import PaymentMethod
        from standalone_till.service import Till

        path = self.folder / "till" / "till.toml"
        write_default_config(path, "S001", "T01")
        for key, value in {
            "till.language": self.language,
            "webservice.url": self.gateway.url,
            "webservice.user": "T01",
            "webservice.password": "demo-secret",
            "ftp.host": "exports.shop.example",
            "ftp.remote_dir": "/exports/S001",
            "ftp.user": "till01",
            "ftp.key_file": "till01_ed25519",
            "ftp.known_host_key": "exports.shop.example ssh-ed25519 "
            "AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLEkeyForTheScreenshotsOnlyAAAAAAAAAA",
            "ftp.protocol": "sftp",
            "devices.scale_protocol": "mettler8217",
            "devices.scale_port": "/dev/ttyUSB0",
            "devices.printer_protocol": "thermal",
            "timings.ping_interval": "5",
        }.items():
            set_key(path, key, value)
        till = Till(load_config(path))
        try:
            till.init()
            self.exports = write_catalog(self.folder / "exports")
            till.load_data(self.exports)
            for _ in range(3):
                sale = till.new_sale()
                sale.scan(BREAD)
                sale.pay(PaymentMethod.CASH)
                sale.close()
            till.uplink.send_tickets(force=True)
            sale = till.new_sale()
            sale.scan(BREAD)
            sale.pay(PaymentMethod.CARD)
            refused = sale.close()
            sale = till.new_sale()
            sale.scan(BREAD)
            sale.pay(PaymentMethod.CASH)
            sale.close()
            _quarantine(till, refused.id)
            till.uplink.fetch_messages("day_open", force=True)
        finally:
            till.close()
        return path

    # -- the windows
    def shoot(self, out: Path) -> None:
        from admin_gui import i18n
        from admin_gui.app import make_app

        app = make_app([sys.argv[0]])
        i18n.install(self.language)
        suffix = "" if self.language == "en" else f"-{self.language}"
        try:
            self._admin(app, out, suffix)
            self._cashier(app, out, suffix)
        finally:
            self.gateway.stop()

    def _admin(self, app: object, out: Path, suffix: str) -> None:
        from admin_gui.admin.window import AdminWindow

        window = AdminWindow(self.config)
        window.show()
        pump(1.0)
        data = window.data
        data.folder.setText(str(self.exports))
        data.from_folder.setChecked(True)
        data.load_data.click()
        wait(lambda: "1" in data.result.text())
        wait(lambda: window.status.snapshot is not None and window.status.icon.reachable is True)
        names = [
            window.tabs.widget(i).objectName().split(":")[-1] for i in range(window.tabs.count())
        ]
        for index, name in enumerate(names):
            window.tabs.setCurrentIndex(index)
            if name == "status":
                window.status.quarantine.selectRow(0)
            if name == "database":  # the seed's case: SQL Server with a SQL login
                self._fill(
                    window,
                    engine="mssql",
                    instance="SHOP01\\SQLEXPRESS",
                    name="TPV001",
                    user="till",
                    password="demo-secret",
                )
            pump(0.4)
            if not suffix or name in TRANSLATED_SHOTS:
                save(window, out / f"admin-{name}{suffix}.png")
            window.settings.reload()
        if suffix:
            window.close()
            return
        window.tabs.setCurrentIndex(names.index("webservice"))
        self._fill(window, section="webservice", timeout="0")  # refused, said beside it
        window.save_settings()
        pump(0.4)
        save(window, out / f"admin-error{suffix}.png")
        window.settings.reload()
        window.close()

    @staticmethod
    def _fill(window: AdminWindow, section: str = "database", **texts: str) -> None:
        fields = window.settings.fields
        for key, text in texts.items():
            fields[f"{section}.{key}"].set_text(text)

    def _cashier(self, app: object, out: Path, suffix: str) -> None:
        from admin_gui.front.window import CashierWindow, Mode
        from catalog_fixture import BREAD, CHEESE_PLU, CUSTOMER, MILK_UPC, WINE
        from standalone_till.config import load_config
        from standalone_till.service import Till

        window = CashierWindow(Till(load_config(self.config)))
        window.show()
        window.activateWindow()
        for text in (BREAD, f"{WINE}*2", MILK_UPC, f"{CHEESE_PLU}*0.415"):
            window.entry.setText(text)
            window.submit()
        wait(lambda: window.lines.rowCount() == 4)
        window.set_mode(Mode.CUSTOMER)
        window.entry.setText(CUSTOMER)
        window.submit()
        wait(lambda: window.view.customer is not None)
        wait(lambda: window.banner.isVisible() and window.icon.reachable is True)
        pump(0.4)
        save(window, out / f"cashier{suffix}.png")
        window.set_mode(Mode.CASH)
        window.entry.setText("50")
        window.submit()
        wait(lambda: window.totals.change.isVisible())
        window.banner.acknowledge()
        pump(0.6)
        save(window, out / f"cashier-change{suffix}.png")
        if not suffix:  # the Z report done: the window says no sale can go in
            window.till.closure()
            wait(lambda: window.day_banner.isVisible())
            window.entry.setText(BREAD)
            window.submit()
            wait(lambda: "closed (Z)" in window.hint.text())
            pump(0.4)
            save(window, out / "cashier-day-closed.png")
        window.close()


def _quarantine(till: Till, ticket_id: str) -> None:
    import sqlalchemy as sa

    from standalone_till import schema as T

    db = till.db
    with db.write(db.journal) as conn:
        conn.execute(
            sa.update(T.outbox)
            .where(T.outbox.c.ticket_id == ticket_id)
            .values(
                state="quarantined",
                attempts=1,
                last_error="mismatch: content differs from the copy the server received first",
            )
        )


def pump(seconds: float) -> None:
    from admin_gui.qt.widgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def wait(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit(f"screenshots: timed out waiting for {condition}")
        pump(0.05)


def save(window: QWidget, path: Path) -> None:
    pixmap = window.grab()
    if not pixmap.save(str(path)):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
