"""The demo's servers on 127.0.0.1: a small FTP server for the exports (pyftpdlib, in a
thread of this process) and the ERP gateway, driven through its own `erp-gateway` command.

The gateway runs as a separate process: the till and the gateway meet only through the
SOAP contract and the export format, in the demo as in a store.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

from connectors.errors import Unavailable
from ftp_import.format import ENTITIES
from ftp_import.reader import iter_rows, list_exports, read_manifest

log = logging.getLogger("tillsync.demo")
LOCALHOST = "127.0.0.1"
FTP_USER = "demo"
_GATEWAY = "from erp_gateway.cli import run; run()"
OFFER_COLUMNS = ("code", "description", "scope", "scope_ref", "target", "item_code", "kind",
                 "value", "valid_from", "valid_to")  # fmt: skip


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a server started just after, or restarted on
    the same one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCALHOST, 0))
        return int(sock.getsockname()[1])


def ftp_server(handler: Any) -> Any:
    """A threaded pyftpdlib server for ``handler`` on a free port of 127.0.0.1, on an IOLoop
    of its own: the default one is shared by the whole process, and two servers looping on
    it from two threads mix their connections up (doubled replies, crashes)."""
    from pyftpdlib.ioloop import IOLoop
    from pyftpdlib.servers import ThreadedFTPServer

    server_class = type("LoopbackFTPServer", (ThreadedFTPServer,), {"poll_timeout": 0.05})
    return server_class((LOCALHOST, 0), handler, ioloop=IOLoop.factory())


def serve_in_thread(server: Any, name: str) -> Callable[[], None]:
    """Run a pyftpdlib ``server`` in a daemon thread; the function returned stops it."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            server.serve_forever(timeout=0.05, blocking=False, handle_exit=False)

    thread = threading.Thread(target=loop, name=name, daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(5)
        server.close_all()

    return halt


class FtpServer:
    """pyftpdlib on a free port, one user with a random password and ``home`` as its root."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.user = FTP_USER
        self.password = secrets.token_urlsafe(12)
        self.port = 0
        self._halt: Callable[[], None] | None = None

    def start(self) -> FtpServer:
        with warnings.catch_warnings():
            # pyftpdlib imports the stdlib's asyncore and asynchat, deprecated in 3.11.
            warnings.simplefilter("ignore", DeprecationWarning)
            from pyftpdlib.authorizers import DummyAuthorizer
            from pyftpdlib.handlers import FTPHandler

        self.home.mkdir(parents=True, exist_ok=True)
        authorizer = DummyAuthorizer()
        authorizer.add_user(self.user, self.password, str(self.home), perm="elradfmwMT")
        handler: Any = type("DemoFTPHandler", (FTPHandler,), {})
        handler.authorizer = authorizer
        handler.banner = "tillsync demo FTP server"
        handler.log_prefix = "ftp %(username)s@%(remote_ip)s"
        server = ftp_server(handler)
        self.port = int(server.address[1])
        logging.getLogger("pyftpdlib").setLevel(logging.WARNING)
        self._halt = serve_in_thread(server, "demo-ftp")
        return self

    def url(self, path: str = "/") -> str:
        """The URL with the password, as the gateway's export target takes it."""
        return f"ftp://{self.user}:{self.password}@{LOCALHOST}:{self.port}{path}"

    def shown_url(self, path: str = "/") -> str:
        return f"ftp://{self.user}@{LOCALHOST}:{self.port}{path}"

    def stop(self) -> None:
        if self._halt is not None:
            self._halt()
            self._halt = None

    def __enter__(self) -> FtpServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class ErpGateway:
    """The gateway of the demo: its config in ``folder``, its commands run as the ERP would,
    ``serve`` as a child process on a fixed port so that it can be cut and brought back."""

    def __init__(self, folder: Path, export_target: str, erp_staging: Path | None = None) -> None:
        self.folder = folder
        self.erp_staging = erp_staging
        self.config = folder / "gateway.toml"
        self.port = free_port()
        self.log_path = folder / "gateway.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._log: Any = None
        folder.mkdir(parents=True, exist_ok=True)
        sink = (
            ""
            if erp_staging is None
            else "\n# The ERP feed: the documents into staging tables of the ERP's database.\n"
            f'[erp_sink.demo]\nkind = "sql"\nurl = "sqlite:///{erp_staging.as_posix()}"\n'
        )
        self.config.write_text(
            "# The demo's gateway: SQLite next to this file, exports published to FTP.\n"
            f'[service]\nhost = "{LOCALHOST}"\nport = {self.port}\n\n'
            f'[exports]\ntarget = "{export_target}"\n' + sink,
            encoding="utf-8",
        )
        os.chmod(self.config, 0o600)  # the export target holds the FTP password

    @property
    def url(self) -> str:
        return f"http://{LOCALHOST}:{self.port}/soap"

    def run(self, *args: str, stdin: str | None = None) -> str:
        """Run one `erp-gateway` command on this config (``stdin`` its input); its output
        (Unavailable if it fails)."""
        command = [sys.executable, "-c", _GATEWAY, *args, "--config", str(self.config)]
        proc = subprocess.run(
            command, capture_output=True, text=True, timeout=120, input=stdin or ""
        )
        if proc.returncode != 0:
            raise Unavailable(
                f"`erp-gateway {' '.join(args)}` failed ({proc.returncode}): "
                f"{proc.stderr.strip() or proc.stdout.strip()}",
                target="erp-gateway",
            )
        return proc.stdout

    def run_json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json"))

    # -- serving
    def start(self, timeout: float = 30.0) -> float:
        """Start `erp-gateway serve` and wait until it answers; the seconds it took."""
        started = time.monotonic()
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            [sys.executable, "-c", _GATEWAY, "serve", "--config", str(self.config)],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = started + timeout
        while not self._answers():
            if self._process.poll() is not None:
                self._close_log()
                raise Unavailable(
                    f"the gateway exited with {self._process.returncode}: see {self.log_path}",
                    target=self.url,
                )
            if time.monotonic() > deadline:
                self.stop()
                raise Unavailable(
                    f"the gateway did not answer within {timeout:g} s", target=self.url
                )
            time.sleep(0.05)
        return time.monotonic() - started

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}?wsdl", timeout=1) as reply:
                return bool(reply.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        """Cut the gateway (SIGTERM, TerminateProcess on Windows): no goodbye to anyone."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    # -- the ERP's changes
    def add_offer(self, **columns: str) -> None:
        """One offer more (``erp-gateway offers import``); columns as the CSV names them."""
        path = self.folder / "offers.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(OFFER_COLUMNS)
            out.writerow([columns.get(c, "") for c in OFFER_COLUMNS])
        self.run("offers", "import", str(path))

    def add_price(self, item_code: str, valid_from: dt.date, price: Decimal) -> None:
        """A new price from ``valid_from`` on: the price list of the last full export, plus
        that row, imported whole (``erp-gateway master import``)."""
        exports = self.folder / "exports"
        ref = next(r for r in reversed(list_exports(exports)) if r.kind == "full")
        manifest = read_manifest(exports / ref.manifest_name)
        entry = manifest.file_for("prices")
        if entry is None:
            raise Unavailable(f"{ref.manifest_name} has no prices", target=str(exports))
        folder = self.folder / "price-list"
        folder.mkdir(exist_ok=True)
        columns = ENTITIES["prices"].columns
        new = {"item_code": item_code, "valid_from": valid_from.isoformat(), "price": str(price)}
        with (folder / "prices.csv").open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(columns)
            out.writerows(iter_rows(exports / entry.name, entry, "full"))
            out.writerow([new.get(c, "") for c in columns])
        self.run("master", "import", str(folder))

    def push_notification(self, till_id: str, text: str) -> int:
        """The ERP's PushNotification over SOAP to one till; the message id."""
        import zeep

        from ticket_contract import WSDL_PATH
        from ticket_contract.client import BINDING

        settings = zeep.Settings(
            strict=True, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        client = zeep.Client(
            str(WSDL_PATH), settings=settings, transport=zeep.Transport(operation_timeout=10)
        )
        try:
            reply = client.create_service(BINDING, self.url).PushNotification(
                target="till", targetId=till_id, text=text
            )
        finally:
            client.transport.session.close()
        return int(reply.messageId)
