#!/usr/bin/env python3
"""Screenshots of every admin tab and of the cashier window, for the README and docs/gui.md.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--language en]

Real windows on an X display: without one, the script runs itself again under
``xvfb-run`` (Debian package ``xvfb``). It sets up a demo in a temporary folder: a
gateway on 127.0.0.1 with a message for the till, a till with the test catalog, a few
tickets (one quarantined) sold by a signed-in cashier, then opens the windows and saves
each as a PNG: the admin tabs, the cashier window, its sign-in, the return mode, the drawer
dialogs, the closing count, the X report, reprint and the supervisor prompt. In another
language (--language fr) it shoots the cashier window, its sign-in and two admin tabs,
named *-fr.png.
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
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the imports wait for the display to be chosen (see under_x)
    from admin_gui.admin.window import AdminWindow
    from admin_gui.front.window import CashierWindow
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
        from cashier_fixture import ANNE, PINS, cashier_rows

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
            self.exports = write_catalog(self.folder / "exports", cashiers=cashier_rows())
            till.load_data(self.exports)
            till.signin(ANNE, PINS[ANNE])
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
        self._signin(window, out, suffix)
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
        if not suffix:
            self._documents(window, out)
        if not suffix:  # the Z report done: the window says no sale can go in
            window.till.closure()
            wait(lambda: window.day_banner.isVisible())
            window.entry.setText(BREAD)
            window.submit()
            wait(lambda: "closed (Z)" in window.hint.text())
            pump(0.4)
            save(window, out / "cashier-day-closed.png")
        window.close()

    @staticmethod
    def _signin(window: CashierWindow, out: Path, suffix: str) -> None:
        """Signed out: the sign-in screen after a wrong PIN; then signed in again."""
        from cashier_fixture import ANNE, PINS

        window.sign_out()
        wait(lambda: window.signing_in)
        window.signin.fields.submitted.emit(ANNE, "0000")
        wait(lambda: "C01" in window.signin.message.text())
        window.signin.fields.code.setText(ANNE)
        window.signin.fields.pin.setText("12")
        pump(0.4)
        save(window, out / f"cashier-signin{suffix}.png")
        window.sign_in(ANNE, PINS[ANNE])
        wait(lambda: not window.signing_in)

    def _documents(self, window: CashierWindow, out: Path) -> None:
        """The return mode, the till menu, the drawer dialogs, the count, the X report,
        reprint and the supervisor prompt, each saved as it shows over the window."""
        from cashier_fixture import PINS, SARA

        from admin_gui.front.cash import CashDialog, CountDialog
        from admin_gui.front.reprint import ReprintDialog
        from admin_gui.front.returns import ReturnDialog
        from standalone_till.cash import CashKind

        desk, till = window.desk, window.till
        sold = till.journal.ticket_document(till_id="T01", day=_today(till), number=6)
        assert sold is not None, "the ticket paid in cash on the screenshot is number 6"
        desk.open_returns()
        returns = desk.dialog
        assert isinstance(returns, ReturnDialog)
        returns.ref.setText(f"S001/T01/{sold['business_day'].replace('-', '')}/6")
        returns.looked_up.emit(returns.ref.text())
        wait(lambda: returns.table.rowCount() == 4)
        returns.quantities[2].setText("1")
        returns.refund_key.click()
        wait(lambda: "recorded" in returns.message.text())
        returns.quantities[1].setText("1")
        pump(0.4)
        save_over(window, returns, out / "cashier-return.png")
        returns.reject()
        wait(lambda: desk.dialog is None)

        desk.open_menu()
        menu = desk.dialog
        assert menu is not None
        pump(0.4)
        save_over(window, menu, out / "cashier-menu.png")
        menu.reject()
        wait(lambda: desk.dialog is None)

        for kind, amount, reason in (
            (CashKind.FLOAT, "150", ""),
            (CashKind.DROP, "50", ""),
        ):
            desk.cash(kind)
            dialog = desk.dialog
            assert isinstance(dialog, CashDialog)
            dialog.submitted.emit(Decimal(amount), reason)
            wait(lambda: desk.dialog is None)
        desk.cash(CashKind.CASH_IN)
        cash_in = desk.dialog
        assert isinstance(cash_in, CashDialog)
        cash_in.amount.setText("20,00")
        cash_in.reason.setText("Change from the bank")
        pump(0.4)
        save_over(window, cash_in, out / "cashier-cash-in.png")
        cash_in.submitted.emit(Decimal("20.00"), cash_in.reason.text())
        wait(lambda: desk.dialog is None)

        desk.cash(CashKind.CASH_OUT)
        cash_out = desk.dialog
        assert isinstance(cash_out, CashDialog)
        cash_out.amount.setText("120")
        cash_out.reason.setText("Supplier paid cash")
        cash_out.submitted.emit(Decimal("120"), "Supplier paid cash")
        wait(lambda: desk.prompt is not None)
        prompt = desk.prompt
        assert prompt is not None
        prompt.fields.code.setText(SARA)
        prompt.submitted.emit(SARA, "0000")
        wait(lambda: "Wrong PIN" in prompt.message.text())
        prompt.fields.code.setText(SARA)
        prompt.fields.pin.setText("123")
        pump(0.4)
        save_over(window, prompt, out / "cashier-supervisor.png")
        prompt.submitted.emit(SARA, PINS[SARA])
        wait(lambda: desk.prompt is None and desk.dialog is None)

        desk.choose("reprint")
        reprint = desk.dialog
        assert isinstance(reprint, ReprintDialog)
        reprint.ref.setText(f"{sold['business_day']}/6")
        pump(0.4)
        save_over(window, reprint, out / "cashier-reprint.png")
        reprint.reject()
        wait(lambda: desk.dialog is None)

        desk.x_report()
        wait(lambda: desk.dialog is not None)
        report = desk.dialog
        assert report is not None
        pump(0.4)
        save_over(window, report, out / "cashier-x-report.png")
        report.reject()
        wait(lambda: desk.dialog is None)

        desk.count()
        wait(lambda: isinstance(desk.dialog, CountDialog))
        count = desk.dialog
        assert isinstance(count, CountDialog)
        for value, number in (("10", 1), ("5", 1), ("2", 1), ("0.50", 1), ("0.20", 1), ("0.10", 1)):
            count.fields[Decimal(value).quantize(Decimal("0.01"))].setText(str(number))
        count.record.click()
        wait(lambda: "recorded" in count.message.text())
        pump(0.4)
        save_over(window, count, out / "cashier-count.png")
        count.reject()
        wait(lambda: desk.dialog is None)


def _today(till: Till) -> dt.date:
    latest = till.sale_day().latest.day
    assert latest is not None
    return latest


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


def save_over(window: QWidget, dialog: QWidget, path: Path) -> None:
    """The window with ``dialog`` drawn over its middle, as the cashier sees them."""
    from admin_gui.qt.core import QPoint
    from admin_gui.qt.gui import QColor, QPainter

    shot = window.grab()
    over = dialog.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 90))
    painter.drawPixmap(
        QPoint((shot.width() - over.width()) // 2, (shot.height() - over.height()) // 2), over
    )
    painter.end()
    if not shot.save(str(path)):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def save(window: QWidget, path: Path) -> None:
    pixmap = window.grab()
    if not pixmap.save(str(path)):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
