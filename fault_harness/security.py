"""Security, measured: host keys, certificates, the hub's secret, config modes, leaks.

Each check runs the product against a real server on 127.0.0.1 and counts what it
wrongly accepted:

* SFTP (OpenSSH's sshd): a server whose host key is not the configured one, and a
  server whose key changed since it was trusted, are both refused before any login;
* FTPS with a certificate of another CA, and the till's SOAP client facing a TLS web
  service whose certificate no trusted CA signed, are refused;
* the LAN hub refuses requests unsigned, signed with another secret, or stale;
* config files holding secrets, written by the product (``write_default_config``,
  ``set_key``, ``import_config`` of what the gateway hands out, its backups), are 0600;
* no secret of :mod:`fault_harness.credentials` (nor its common encodings) appears in
  any log written under the run's folder, all of it at DEBUG.

The scan proves itself first: a leak planted in a scratch file must be found.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import http.server
import logging
import shutil
import ssl
import stat
import threading
import time
import urllib.parse
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from urllib3.exceptions import InsecureRequestWarning

from connectors.errors import TillsyncError
from fault_harness.credentials import HUB_SECRET, SECRETS, SFTP_PASSWORD, WSSE_PASSWORD, WSSE_USER
from fault_harness.fuzz import SoapLab, debug_log, post, request, till_replies
from fault_harness.report import Figure
from fault_harness.servers import (
    FTP_PASSWORD,
    FTP_USER,
    LOCALHOST,
    ServerUnavailable,
    SshServer,
    ensure_sftp_account,
    serve_ftp,
    write_test_pki,
)

log = logging.getLogger("tillsync.faults.security")

LOG_SUFFIXES = (".log", ".out", ".err", ".txt", ".jsonl")
_USERS = (FTP_USER, WSSE_USER, "tillsync-sftp")


# -- the log scan ---------------------------------------------------------------------------


def secret_forms(secret: str, users: Sequence[str] = _USERS) -> set[str]:
    """How a secret shows when a program logs it: as is, URL-quoted, hex, base64, and
    base64 of ``user:secret`` as HTTP basic authentication sends it."""
    raw = secret.encode("utf-8")
    forms = {
        secret,
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
        binascii.hexlify(raw).decode(),
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }
    forms |= {base64.b64encode(f"{u}:{secret}".encode()).decode().rstrip("=") for u in users}
    return forms


def is_log(path: Path) -> bool:
    return path.suffix in LOG_SUFFIXES or "logs" in path.parts or ".log." in path.name


def scan_logs(root: Path, secrets: Iterable[str] = SECRETS) -> list[tuple[Path, str]]:
    """(log file, secret) for every secret found, in any of its forms, in a log under root."""
    forms = {form: secret for secret in secrets for form in secret_forms(secret)}
    found: list[tuple[Path, str]] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and is_log(p)):
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        hits = {secret for form, secret in forms.items() if form in text}
        found += [(path, secret) for secret in sorted(hits)]
    return found


def scan_self_test(folder: Path) -> bool:
    """A leak planted in a scratch log (base64, as basic auth would) is found."""
    folder.mkdir(parents=True, exist_ok=True)
    planted = folder / "planted.log"
    leak = base64.b64encode(f"{FTP_USER}:{FTP_PASSWORD}".encode()).decode()
    planted.write_text(f"DEBUG Authorization: Basic {leak}\n")
    clean = folder / "clean.log"
    clean.write_text("DEBUG nothing to see\n")
    try:
        return scan_logs(folder) == [(planted, FTP_PASSWORD)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# -- checks ---------------------------------------------------------------------------------


class Outcomes:
    """Attempts that should be refused, and what happened to each."""

    def __init__(self) -> None:
        self.tried: dict[str, int] = {}
        self.accepted: dict[str, list[str]] = {}

    def expect_refusal(self, figure: str, what: str, attempt: Any) -> None:
        self.tried[figure] = self.tried.get(figure, 0) + 1
        self.accepted.setdefault(figure, [])
        try:
            attempt()
        except TillsyncError as exc:
            if any(s in str(exc) for s in SECRETS):
                self.accepted[figure].append(f"{what}: the error shows a secret")
            log.info("%s refused as it should be: %s", what, exc)
            return
        except Exception as exc:
            self.accepted[figure].append(f"{what}: not our error: {type(exc).__name__}: {exc}")
            return
        self.accepted[figure].append(f"{what}: accepted")

    def record(self, figure: str, tried: int, accepted: list[str]) -> None:
        """Attempts judged elsewhere (from a server's log, say)."""
        self.tried[figure] = self.tried.get(figure, 0) + tried
        self.accepted.setdefault(figure, []).extend(accepted)

    def figures(self) -> list[Figure]:
        return [
            Figure(
                name,
                len(self.accepted[name]),
                0,
                note="; ".join(self.accepted[name])[:300] or f"{self.tried[name]} refused",
            )
            for name in self.tried
        ]


def _listing(transfer: Any) -> None:
    with transfer:
        transfer.list("/")


def check_sftp(out: Outcomes, folder: Path) -> str | None:
    """Unknown and changed host keys against OpenSSH; the reason when sshd cannot run."""
    from connectors.transfer import open_transfer

    try:
        user = ensure_sftp_account()
    except ServerUnavailable as exc:
        return str(exc)
    server = SshServer(user)
    try:
        server.start()
        stranger = SshServer(user)  # another server's key: an impostor's
        stranger_key = stranger.known_hosts_line.replace(str(stranger.port), str(server.port))
        stranger.cleanup()

        def connect(known: str | None, password: str | None = None) -> Any:
            return open_transfer(
                "sftp", server.host, server.port, user, password,
                key_file=str(server.client_key), known_host_key=known, timeout=10,
            )  # fmt: skip

        _listing(connect(server.known_hosts_line))  # trusted: the control works
        unknown = "security.sftp_unknown_host_key_accepted"
        out.expect_refusal(unknown, "no known host key", lambda: _listing(connect(None)))
        out.expect_refusal(
            unknown,
            "another server's key, with a password",
            lambda: _listing(connect(stranger_key, SFTP_PASSWORD)),
        )
        old = server.known_hosts_line
        server.regenerate_host_key()
        changed = "security.sftp_changed_host_key_accepted"
        out.expect_refusal(changed, "changed host key", lambda: _listing(connect(old)))
        out.expect_refusal(
            changed,
            "changed host key, with a password",
            lambda: _listing(connect(old, SFTP_PASSWORD)),
        )
        # The refused attempts carried a password: sshd must never have seen it tried.
        tried = [ln for ln in server.log.read_text().splitlines() if "password" in ln.lower()]
        out.record("security.sftp_password_sent_to_unverified_host", 2, tried)
    finally:
        if server.log.exists():
            shutil.copy2(server.log, folder / "sshd.log")
        server.cleanup()
    return None


def check_ftps(out: Outcomes, folder: Path) -> None:
    """FTPS against a certificate of another CA, and of no CA the system trusts."""
    from connectors.transfer import open_transfer

    ours = write_test_pki(_mkdir(folder / "pki-server"))
    theirs = write_test_pki(_mkdir(folder / "pki-other"))
    home = _mkdir(folder / "ftp-home")
    with serve_ftp(home, (ours[1], ours[2])) as (port, _controls):

        def connect(ca_file: str | None) -> Any:
            return open_transfer(
                "ftps", LOCALHOST, port, FTP_USER, FTP_PASSWORD, ca_file=ca_file, timeout=10
            )

        _listing(connect(str(ours[0])))  # the right CA: the control works
        figure = "security.ftps_wrong_certificate_accepted"
        out.expect_refusal(figure, "another CA", lambda: _listing(connect(str(theirs[0]))))
        out.expect_refusal(figure, "system CAs only", lambda: _listing(connect(None)))


@contextlib.contextmanager
def tls_web_service(folder: Path) -> Iterator[str]:
    """An HTTPS SOAP endpoint answering Ping, with a certificate of a throwaway CA."""
    _ca, cert, key = write_test_pki(_mkdir(folder / "pki-web"))
    body = till_replies([], [])["Ping"]

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("tls web service: " + format, *args)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = http.server.ThreadingHTTPServer((LOCALHOST, 0), Handler)
    httpd.daemon_threads = True
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://{LOCALHOST}:{httpd.server_address[1]}/soap"
    finally:
        httpd.shutdown()
        httpd.server_close()


def check_web_service_tls(out: Outcomes, folder: Path) -> None:
    from ticket_contract.client import ErpClient

    with tls_web_service(folder) as url:
        with warnings.catch_warnings(), ErpClient(url, verify_tls=False) as control:
            warnings.simplefilter("ignore", InsecureRequestWarning)
            control.ping("T01")  # the server works when not verified

        def ping() -> None:
            with ErpClient(
                url, user=WSSE_USER, password=WSSE_PASSWORD, wsse=True, ping_timeout=5
            ) as client:
                client.ping("T01")

        out.expect_refusal("security.tls_wrong_certificate_accepted", "web service", ping)


def check_hub(out: Outcomes, lab: SoapLab, folder: Path) -> None:
    """The hub of a till with ``local_server.secret``: only signed, fresh requests pass."""
    from standalone_till.config import load_config, set_key, write_default_config
    from standalone_till.hub.auth import HmacAuth, signature
    from standalone_till.hub.client import OrdersClient
    from standalone_till.hub.server import HubServer
    from standalone_till.service import Till
    from ticket_contract.client import ErpClient

    config = _mkdir(folder / "hub") / "till.toml"
    write_default_config(config, "S001", "T00")
    for key, value in (
        ("webservice.url", lab.gateway.url),
        ("webservice.user", WSSE_USER),
        ("webservice.password", WSSE_PASSWORD),
        ("webservice.wsse", "true"),
        ("local_server.enabled", "true"),
        ("local_server.secret", HUB_SECRET),
    ):
        set_key(config, key, value)
    till = Till(load_config(config))
    till.init()
    hub = HubServer(till).start(LOCALHOST, 0)
    try:
        soap = hub.url + "/soap"
        with ErpClient(soap, ping_timeout=5, signer=HmacAuth(HUB_SECRET)) as right:
            right.ping("T01")  # the right secret: the control works
        with OrdersClient(hub.url, HUB_SECRET, "T01") as orders:
            orders.list_open()
        figure = "security.hub_without_secret_accepted"
        body = request("Ping", "<t:tillId>T01</t:tillId>", header="")

        def unsigned() -> None:
            reply = post(soap, body)
            if reply.status != 401:
                raise AssertionError(f"HTTP {reply.status}")
            raise _Refused(f"HTTP {reply.status}")

        def stale() -> None:
            old = str(int(time.time()) - 3600)
            headers = {
                "X-Tillsync-Timestamp": old,
                "X-Tillsync-Signature": signature(HUB_SECRET, old, "POST", "/soap", body),
            }
            status = _post_with(soap, body, headers)
            if status != 401:
                raise AssertionError(f"HTTP {status}")
            raise _Refused(f"HTTP {status}")

        def wrong_soap() -> None:
            with ErpClient(soap, ping_timeout=5, signer=HmacAuth("x" * 40)) as wrong:
                wrong.ping("T01")

        def wrong_orders() -> None:
            with OrdersClient(hub.url, "y" * 40, "T01") as wrong:
                wrong.list_open()

        out.expect_refusal(figure, "unsigned SOAP", unsigned)
        out.expect_refusal(figure, "stale signature", stale)
        out.expect_refusal(figure, "SOAP signed with another secret", wrong_soap)
        out.expect_refusal(figure, "orders signed with another secret", wrong_orders)
    finally:
        hub.stop()
        till.close()


class _Refused(TillsyncError):
    """A refusal seen on the wire (an HTTP status), for checks that post raw requests."""


def _post_with(url: str, body: bytes, headers: dict[str, str]) -> int:
    import http.client

    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("POST", parts.path, body=body, headers={"Content-Type": "text/xml", **headers})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def config_modes(lab: SoapLab, folder: Path) -> tuple[list[Path], list[str]]:
    """Config files the product wrote with secrets in them; those not 0600 (with modes)."""
    from standalone_till.config import import_config, set_key, write_default_config
    from standalone_till.sync.uplink import fetch_till_config

    folder = _mkdir(folder / "configs")
    fresh = folder / "till.toml"
    write_default_config(fresh, "S001", "T02")
    set_key(fresh, "webservice.password", WSSE_PASSWORD)
    set_key(fresh, "local_server.secret", HUB_SECRET)
    written = [fresh]
    # What the gateway hands out (with the FTP and WS-Security passwords), installed.
    handed = fetch_till_config(lab.till.cfg)
    imported = folder / "imported.toml"
    import_config(handed, imported)
    backup = import_config(handed, imported)
    written += [imported] + ([backup] if backup is not None else [])
    if lab.till.cfg.source is not None:
        written.append(lab.till.cfg.source)
    wrong = []
    for path in written:
        mode = stat.S_IMODE(path.stat().st_mode)
        holds = any(s in path.read_text(encoding="utf-8") for s in SECRETS)
        if holds and mode != 0o600:
            wrong.append(f"{path.name} {mode:o}")
    return written, wrong


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


# -- the run ----------------------------------------------------------------------------------


def run(*, quick: bool, seed: int, workdir: Path) -> list[Figure]:
    """Every check once (``quick`` and ``seed`` change nothing: each check is one fact)."""
    del quick, seed
    workdir.mkdir(parents=True, exist_ok=True)
    out = Outcomes()
    figures: list[Figure] = []
    with debug_log(workdir / "logs" / "security.log"):
        sftp_skipped = check_sftp(out, _mkdir(workdir / "sftp"))
        check_ftps(out, _mkdir(workdir / "ftps"))
        check_web_service_tls(out, _mkdir(workdir / "web"))
        lab = SoapLab(workdir / "soap")
        try:
            lab.till.uplink.send_tickets(force=True)  # WS-Security user and password in use
            check_hub(out, lab, workdir)
            written, wrong = config_modes(lab, workdir)
        finally:
            lab.close()
    if sftp_skipped is not None:
        log.warning("SFTP host key checks skipped: %s", sftp_skipped)
        figures.append(Figure("security.sftp_checks_run", 0, 1, ">=", note=sftp_skipped))
    figures += out.figures()
    figures.append(
        Figure(
            "security.config_files_not_0600",
            len(wrong),
            0,
            note="; ".join(wrong) or f"{len(written)} files with secrets, all 0600",
        )
    )
    proof = scan_self_test(workdir / "scan-self-test")
    leaks = [(p, s) for p, s in scan_logs(workdir) if "scan-self-test" not in p.parts]
    logs = [p for p in workdir.rglob("*") if p.is_file() and is_log(p)]
    shown = "; ".join(f"{p.relative_to(workdir)}: {s[:6]}..." for p, s in leaks[:3])
    figures.append(
        Figure(
            "security.secret_leaks_in_logs",
            len(leaks),
            0,
            note=shown or f"{len(logs)} logs, {sum(p.stat().st_size for p in logs)} bytes",
        )
    )
    figures.append(Figure("security.log_scan_finds_planted_leak", int(proof), 1, note="self-test"))
    return figures
