"""Network faults: tickets and downloads through a proxy that delays, drops, resets and cuts.

Tickets: a till on SQLite with a backlog of N closed tickets drains them with its real
Uplink (retrying after each failure, hold-off 0, SendTickets timeout 2 s) through a
:class:`~fault_harness.proxy.FaultProxy` to a real ``GatewayServer``; the gateway's
database must then hold each ticket exactly once.

Downloads: a full export of a few MB, mostly incompressible, fetched by the till's
fetching code (``open_source`` and ``fetch_newest_full``, what "Load data" runs) over FTP
and SFTP through proxies that cut and reset, fetched again after each failure until it is
staged and verified. A failed attempt may drop nothing the till held: the bytes of file
data it had received into its own buffers and did not keep in its ``.part``, as the
transfer counts them itself (``SftpTransfer.dropped``: whole read answers held past a
gap; FTP hands every read to the ``.part`` as it comes and holds none). Bytes still in
the kernel's socket when a link is reset, or in a partial SFTP answer, never reached
the till and are not counted.

Every fault plan is a function of the seed alone: the proxies' rates come from
constants and the sizes of the export files, which the seed fixes (:func:`download_faults`,
:func:`fault_harness.proxy.planned`). Which of the planned connections a run reaches
still depends on what the earlier ones did.

FTP's data connections go to another port: the server listens on 127.0.0.1 with one
passive port and announces 127.0.0.2; one proxy listens on 127.0.0.2 on the control
port and one on the passive port, each forwarding to the same port on 127.0.0.1 (ftplib
connects the data channel to the control connection's peer anyway). One passive port
keeps the data connections in order, so a seed reproduces their faults.

Logs of the run (the till's, the gateway's, the FTP server's, the proxies') go to
``network.log`` in the work folder, sshd's to ``downloads/sftp/sshd.log``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import random
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from connectors.errors import TillsyncError, TransferError
from connectors.transfer.base import Transfer
from connectors.transfer.sftp import SftpTransfer
from erp_gateway.config import config_from_mapping
from erp_gateway.db import GatewayDatabase
from erp_gateway.server import GatewayServer
from fault_harness.backlog import make_backlog
from fault_harness.proxy import FaultProxy, FaultRates, LinkRecord
from fault_harness.report import Figure
from fault_harness.servers import (
    FTP_PASSWORD,
    FTP_USER,
    ServerUnavailable,
    SshServer,
    ensure_sftp_account,
)
from ftp_import.fetch import fetch_newest_full
from ftp_import.writer import ExportWriter
from standalone_till import schema as T
from standalone_till.config import load_config, set_key, write_default_config
from standalone_till.fetching import open_source
from standalone_till.service import Till

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # asyncore/asynchat, see servers.py
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler
    from pyftpdlib.ioloop import IOLoop
    from pyftpdlib.servers import ThreadedFTPServer

log = logging.getLogger("tillsync.faults")

LOOPBACK = "127.0.0.1"
FRONT = "127.0.0.2"  # where the FTP proxies listen (loopback answers on all of 127/8)
BATCH = 25
SOAP_TIMEOUT = 2
CODES = ("4006381333931", "3017620422003", "036000291452")
# The FTP control connection: faults within the login and the first commands.
FTP_CONTROL_RATES = FaultRates(reset=0.1, cut=0.1, max_at_up=400, max_at_down=1500)
# SFTP: what the till sends up in a download, about: the key exchange and login, then
# per 32 KiB read request the request and its share of window adjustments (9,896 bytes
# for 1.5 MB in seven files, measured once). An upward fault strikes within them.
SFTP_LOGIN_UP = 3_000
SFTP_READ_UP = 140
SFTP_REQUEST = 1 << 15  # paramiko.SFTPFile.MAX_REQUEST_SIZE


@dataclass(frozen=True, slots=True)
class Sizes:
    tickets: int
    export_items: int
    min_soap_faults: int
    download_rounds: int  # times the export is fetched afresh, each over each protocol
    min_download_faults: int


QUICK = Sizes(
    1_000, export_items=40_000, min_soap_faults=10, download_rounds=2, min_download_faults=4
)
LONG = Sizes(
    10_000, export_items=100_000, min_soap_faults=40, download_rounds=4, min_download_faults=8
)


def run(*, quick: bool, seed: int, workdir: Path, tickets: int | None = None) -> list[Figure]:
    """Tickets exactly once and downloads resumed, through seeded network faults."""
    sizes = QUICK if quick else LONG
    if tickets is not None:
        sizes = dataclasses.replace(sizes, tickets=tickets)
    workdir.mkdir(parents=True, exist_ok=True)
    with _logs_to(workdir / "network.log"):
        log.info("network faults: seed %d, %s", seed, sizes)
        figures = ticket_figures(sizes, seed, workdir / "tickets")
        figures += download_figures(sizes, seed, workdir / "downloads")
    return figures


@contextlib.contextmanager
def _logs_to(path: Path) -> Iterator[None]:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    loggers = [logging.getLogger(n) for n in ("tillsync", "pyftpdlib", "waitress")]
    saved = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    logging.getLogger("tillsync.faults").setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logging.getLogger("tillsync.faults").setLevel(logging.NOTSET)
        for lg, level in zip(loggers, saved, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)
        handler.close()


# -- tickets ---------------------------------------------------------------------------


def ticket_rates(batch_bytes: int, reply_bytes: int) -> FaultRates:
    """Faults for SendTickets: each strikes within the first two batches of its connection."""
    return FaultRates(
        delay=0.15,
        drop=0.08,
        reset=0.25,
        cut=0.3,
        max_delay=0.02,
        max_at_up=2 * batch_bytes,
        max_at_down=2 * reply_bytes,
        recycle_after=2 * reply_bytes,
    )


def ticket_figures(sizes: Sizes, seed: int, folder: Path) -> list[Figure]:
    n = sizes.tickets
    folder.mkdir(parents=True, exist_ok=True)
    gateway_cfg = config_from_mapping(
        {}, folder=folder / "gateway", source=str(folder / "gateway" / "gateway.toml")
    )
    (folder / "gateway").mkdir(exist_ok=True)
    db = GatewayDatabase.from_config(gateway_cfg)
    try:
        db.migrate()
    finally:
        db.dispose()
    with GatewayServer(gateway_cfg).start(host=LOOPBACK, port=0) as gateway:
        rates = ticket_rates(batch_bytes=BATCH * 1500, reply_bytes=BATCH * 120 + 600)
        with FaultProxy((LOOPBACK, gateway.port), rates, seed=seed, name="soap") as proxy:
            till = _linked_till(folder / "till", f"http://{LOOPBACK}:{proxy.port}/soap")
            try:
                started = time.perf_counter()
                make_backlog(till, n, CODES)
                log.info("backlog of %d tickets in %.1f s", n, time.perf_counter() - started)
                drain = _drain(till, deadline=time.monotonic() + 60 + n / 20)
                mine = _till_tickets(till)
                left = _outbox_left(till)
            finally:
                till.close()
            records = proxy.records
        stored = _gateway_counts(gateway_cfg.database_url)
    return _ticket_report(n, mine, left, stored, drain, records, sizes)


def _linked_till(folder: Path, url: str) -> Till:
    path = folder / "till.toml"
    write_default_config(path, "S001", "T01")
    for key, value in (
        ("webservice.url", url),
        ("webservice.batch_size", str(BATCH)),
        ("webservice.timeout", str(SOAP_TIMEOUT)),
        ("webservice.ping_timeout", "1"),
        ("timings.error_holdoff", "0"),
        ("timings.ticket_sync_interval", "1"),
    ):
        set_key(path, key, value)
    till = Till(load_config(path))
    till.init()
    till.load_data(_write_catalog(folder / "catalog"))
    return till


def _write_catalog(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    when = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
    with ExportWriter(folder, 1, "full", created_at=when) as w:
        names = ("BREAD", "WINE", "MILK")
        w.write_rows("items", [(c, f"Item {c}", "20", "unit", "0", "1") for c in names])
        w.write_rows("prices", [(c, "2026-01-01", f"{i + 1}.25", "") for i, c in enumerate(names)])
        w.write_rows("barcodes", list(zip(CODES, names, strict=True)))
    return folder


@dataclass(slots=True)
class DrainRun:
    drains: int = 0
    failures: int = 0
    seconds: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)


def _drain(till: Till, deadline: float) -> DrainRun:
    """What the agent's ticket worker does, without its 1 s tick: drain, and after a
    failure drain again once the (zero) hold-off allows."""
    run = DrainRun()
    started = time.perf_counter()
    while time.monotonic() < deadline:
        report = till.uplink.send_tickets()
        run.drains += 1
        if report.error is not None:
            run.failures += 1
            reason = str(report.error).split(": ", 1)[-1][:60]
            run.errors[reason] = run.errors.get(reason, 0) + 1
            time.sleep(0.01)
        elif report.remaining == 0 and report.held_until is None:
            break
    run.seconds = time.perf_counter() - started
    log.info("drained in %.1f s: %d drains, %d failed", run.seconds, run.drains, run.failures)
    return run


def _till_tickets(till: Till) -> dict[str, str | None]:
    """Ticket id -> how the gateway answered it (accepted, duplicate...)."""
    t = T.tickets.c
    with till.db.read(till.db.journal) as conn:
        return {r.id: r.sync_result for r in conn.execute(sa.select(t.id, t.sync_result))}


def _outbox_left(till: Till) -> int:
    with till.db.read(till.db.journal) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(T.outbox)).scalar_one())


@dataclass(frozen=True, slots=True)
class Stored:
    """What the gateway's database holds, read with plain SQL."""

    ids: dict[str, int]  # ticket id -> rows
    same_number: int  # rows beyond the first with the same (till, day, number)
    same_content: int  # rows beyond the first with the same content hash
    versions: int  # other contents received under a known id


def _gateway_counts(url: str) -> Stored:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            q = conn.exec_driver_sql
            ids = {
                r[0]: r[1] for r in q("SELECT ticket_id, count(*) FROM tickets GROUP BY ticket_id")
            }
            rows = sum(ids.values())
            numbers = q(
                "SELECT count(*) FROM (SELECT DISTINCT till_id, business_day, number FROM tickets)"
            ).scalar_one()
            hashes = q("SELECT count(DISTINCT content_hash) FROM tickets").scalar_one()
            versions = q("SELECT count(*) FROM ticket_versions").scalar_one()
    finally:
        engine.dispose()
    return Stored(ids, rows - numbers, rows - hashes, versions)


def _ticket_report(
    n: int,
    mine: dict[str, str | None],
    left: int,
    stored: Stored,
    drain: DrainRun,
    records: Sequence[LinkRecord],
    sizes: Sizes,
) -> list[Figure]:
    delivered = sum(1 for i in mine if i in stored.ids)
    doubled = sum(c - 1 for c in stored.ids.values()) + stored.same_number + stored.same_content
    answers = {k: sum(1 for v in mine.values() if v == k) for k in ("accepted", "duplicate")}
    struck = {k: sum(1 for r in records if r.struck and r.plan.kind == k) for k in _KINDS}
    faults = struck["drop"] + struck["reset"] + struck["cut"]
    planned = ", ".join(f"{k} {struck[k]}" for k in _KINDS)
    note = (
        f"{len(records)} connections ({planned}; {sum(r.recycled for r in records)} recycled); "
        f"{drain.drains} drains, {drain.failures} failed, {drain.seconds:.1f} s"
    )
    return [
        Figure("network.tickets_delivered", delivered, n, note=f"of {n} in the backlog"),
        Figure("network.tickets_lost", n - delivered, 0),
        Figure("network.tickets_duplicated", doubled, 0, note="extra rows by id, number, hash"),
        Figure("network.tickets_mismatched", stored.versions, 0, note="ticket_versions rows"),
        Figure("network.tickets_foreign", len(set(stored.ids) - set(mine)), 0),
        Figure("network.outbox_left", left, 0),
        Figure(
            "network.tickets_answered_duplicate",
            answers["duplicate"],
            1,
            ">=",
            note=f"resent after a lost reply; {answers['accepted']} accepted first time",
        ),
        Figure("network.soap_faults", faults, sizes.min_soap_faults, ">=", note=note),
        *(Figure(f"network.soap_{k}s", struck[k], 1, ">=") for k in _KINDS),
    ]


_KINDS = ("delay", "drop", "reset", "cut")


# -- downloads --------------------------------------------------------------------------


@dataclass(slots=True)
class Attempt:
    """One "Load data" try: what the till kept, and what it held and dropped."""

    first: dict[str, int] = field(default_factory=dict)  # file -> offset it resumed at
    last: dict[str, int] = field(default_factory=dict)  # file -> bytes in its .part at the end
    dropped: int = 0  # bytes received into the till's buffers and not kept (its own count)
    error: str | None = None

    def progress(self, name: str, done: int, _total: int) -> None:
        self.first.setdefault(name, done)
        self.last[name] = done

    @property
    def kept(self) -> int:
        return sum(self.last[n] - self.first[n] for n in self.first)

    @property
    def resumed(self) -> bool:
        return any(offset > 0 for offset in self.first.values())


@dataclass(slots=True)
class Download:
    protocol: str
    verified: bool = False
    attempts: list[Attempt] = field(default_factory=list)
    faults: int = 0
    note: str = ""

    @property
    def dropped(self) -> list[int]:
        """Bytes dropped, per failed attempt."""
        return [a.dropped for a in self.attempts if a.error is not None]


def download_rates(down: int, up: int = 0, up_share: float = 0.0, delay: float = 0.1) -> FaultRates:
    """Faults for a download: a reset or a cut at a random byte of the stream, going down
    (``down`` bytes long) or, with ``up_share``, up (``up`` bytes long); no connection
    passes untouched, some are slow (``delay``)."""
    return FaultRates(
        delay=delay,
        reset=(1 - delay) * 0.45,
        cut=(1 - delay) * 0.55,
        max_delay=0.002,
        max_at_down=down,
        max_at_up=up,
        up_share=up_share,
    )


def download_faults(seed: int, published: Path) -> dict[str, tuple[FaultRates, int]]:
    """Each download proxy's rates and seed, by name: from the seed and the sizes of the
    export's files (written from the seed), nothing measured at run time."""
    sizes = [f.stat().st_size for f in published.iterdir()]
    return {
        "ftp": (FTP_CONTROL_RATES, seed),
        # One file per data connection: a fault anywhere in the largest.
        "ftp-data": (download_rates(max(sizes)), seed + 1),
        # One connection per attempt, every one cut or reset (at a byte past its end it
        # completes), so a run cannot pass without a fault.
        "sftp": (download_rates(sum(sizes), _sftp_up(sizes), up_share=0.2, delay=0), seed),
    }


def _sftp_up(sizes: Sequence[int]) -> int:
    requests = sum(-(-size // SFTP_REQUEST) for size in sizes)
    return SFTP_LOGIN_UP + SFTP_READ_UP * requests


def download_figures(sizes: Sizes, seed: int, folder: Path) -> list[Figure]:
    published = _write_big_export(folder / "published", random.Random(seed), sizes.export_items)
    faults = download_faults(seed, published)
    rounds = sizes.download_rounds
    results = [_ftp_download(published, faults, folder / "ftp", rounds)]
    try:
        account = ensure_sftp_account()
    except ServerUnavailable as exc:
        results.append(Download("sftp", note=f"not run: {exc}"))
    else:
        results.append(_sftp_download(published, account, faults, folder / "sftp", rounds))
    return _download_report(results, sizes)


def _write_big_export(folder: Path, rng: random.Random, items: int) -> Path:
    """A full export whose item names are random hex: it hardly compresses, so a few
    tens of thousands of items make MB to download."""
    folder.mkdir(parents=True, exist_ok=True)
    when = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
    codes = [f"I{n:07d}" for n in range(1, items + 1)]
    with ExportWriter(folder, 1, "full", created_at=when) as w:
        w.write_rows("items", ([c, rng.randbytes(24).hex(), "20", "unit", "0", "1"] for c in codes))
        w.write_rows(
            "prices", ([c, "2026-01-01", f"{rng.randrange(1, 99999) / 100:.2f}", ""] for c in codes)
        )
    return folder


def _download_config(folder: Path, **ftp: str) -> Path:
    path = folder / "till.toml"
    write_default_config(path, "S001", "T01")
    for key in sorted(ftp, key=lambda k: k == "protocol"):  # the protocol checks the rest
        set_key(path, f"ftp.{key}", ftp[key])
    return path


def _fetch_rounds(
    cfg_path: Path, proxies: Sequence[FaultProxy], published: Path, result: Download, rounds: int
) -> None:
    """Stage the export ``rounds`` times, each into an empty staging folder."""
    cfg = load_config(cfg_path)
    result.verified = True
    for _ in range(rounds):
        shutil.rmtree(cfg.staging_path, ignore_errors=True)
        _fetch_until_staged(cfg_path, result)
        result.verified = result.verified and result.attempts[-1].error is None
        result.verified = result.verified and all(
            (cfg.staging_path / f.name).read_bytes() == f.read_bytes() for f in published.iterdir()
        )
    result.faults = sum(r.struck and r.plan.kind != "delay" for p in proxies for r in p.records)


def _fetch_until_staged(cfg_path: Path, result: Download) -> None:
    """Run "Load data" again after each failure (the till's fetching code resumes) until
    the newest full export is staged and verified."""
    cfg = load_config(cfg_path)
    for _ in range(60):
        attempt = Attempt()
        try:
            with open_source(cfg, None) as (transfer, remote_dir):
                try:
                    fetch_newest_full(
                        transfer, remote_dir, cfg.staging_path, progress=attempt.progress
                    )
                finally:
                    attempt.dropped = _dropped(transfer)
        except TransferError as exc:  # the link failed: the next attempt resumes
            attempt.error = str(exc)
            log.info("%s: attempt %d failed: %s", result.protocol, len(result.attempts) + 1, exc)
        except TillsyncError as exc:  # anything else is a finding: stop, unverified
            attempt.error = f"{type(exc).__name__}: {exc}"
            log.error("%s: attempt %d: %s", result.protocol, len(result.attempts) + 1, exc)
            result.attempts.append(attempt)
            break
        result.attempts.append(attempt)
        if attempt.error is None:
            break


def _dropped(transfer: Transfer) -> int:
    """What the transfer received and did not keep, by its own count. ftplib hands every
    read of the data connection to the ``.part`` as it comes: FTP holds nothing."""
    return transfer.dropped if isinstance(transfer, SftpTransfer) else 0


def _ftp_download(
    published: Path, faults: dict[str, tuple[FaultRates, int]], folder: Path, rounds: int
) -> Download:
    home = folder / "home"
    shutil.copytree(published, home / "exports")
    file_bytes = sum(f.stat().st_size for f in published.iterdir())
    result = Download("ftp")
    passive = _free_port_pair()
    with _ftp_server(home, passive) as port:
        (control_rates, control_seed), (data_rates, data_seed) = faults["ftp"], faults["ftp-data"]
        with (
            FaultProxy(
                (LOOPBACK, port), control_rates, seed=control_seed, listen=(FRONT, port), name="ftp"
            ) as control,
            FaultProxy(
                (LOOPBACK, passive),
                data_rates,
                seed=data_seed,
                listen=(FRONT, passive),
                name="ftp-data",
            ) as data,
        ):
            cfg_path = _download_config(
                folder / "till",
                protocol="ftp",
                host=FRONT,
                port=str(port),
                user=FTP_USER,
                password=FTP_PASSWORD,
                remote_dir="/exports",
            )
            _fetch_rounds(cfg_path, (data, control), published, result, rounds)
    result.note = f"{file_bytes} bytes"
    return result


def _free_port_pair() -> int:
    """A port free on both 127.0.0.1 and 127.0.0.2."""
    for _ in range(50):
        with socket.socket() as a, socket.socket() as b:
            a.bind((LOOPBACK, 0))
            port = int(a.getsockname()[1])
            try:
                b.bind((FRONT, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no port free on both 127.0.0.1 and 127.0.0.2")


@contextlib.contextmanager
def _ftp_server(home: Path, passive_port: int) -> Iterator[int]:
    """pyftpdlib on 127.0.0.1 (a free port, its number yielded), data connections on
    ``passive_port`` only, announced as 127.0.0.2 where the proxies listen."""
    authorizer = DummyAuthorizer()
    authorizer.add_user(FTP_USER, FTP_PASSWORD, str(home), perm="elr")
    handler = type("HarnessFtpHandler", (FTPHandler,), {})
    handler.authorizer = authorizer
    handler.passive_ports = [passive_port]  # one port: the data connections stay in order
    handler.masquerade_address = FRONT
    handler.use_sendfile = False
    handler.banner = "tillsync fault harness"
    server_class = type("HarnessFtpServer", (ThreadedFTPServer,), {"poll_timeout": 0.05})
    server = server_class((LOOPBACK, 0), handler, ioloop=IOLoop.factory())
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            server.serve_forever(timeout=0.05, blocking=False, handle_exit=False)

    thread = threading.Thread(target=loop, name="harness-ftp", daemon=True)
    thread.start()
    try:
        yield int(server.address[1])
    finally:
        stop.set()
        thread.join(5)
        server.close_all()


def _sftp_download(
    published: Path,
    account: str,
    faults: dict[str, tuple[FaultRates, int]],
    folder: Path,
    rounds: int,
) -> Download:
    result = Download("sftp")
    sshd = SshServer(account)
    try:
        for f in published.iterdir():
            sshd.put(f"exports/{f.name}", f.read_bytes())
        sshd.start()
        file_bytes = sum(f.stat().st_size for f in published.iterdir())
        rates, seed = faults["sftp"]
        with FaultProxy((LOOPBACK, sshd.port), rates, seed=seed, name="sftp") as proxy:
            cfg_path = _download_config(
                folder / "till",
                protocol="sftp",
                host=LOOPBACK,
                port=str(proxy.port),
                user=account,
                key_file=str(sshd.client_key),
                known_host_key=sshd.public_host_key,
                remote_dir=f"{sshd.home}/exports",
            )
            _fetch_rounds(cfg_path, (proxy,), published, result, rounds)
        result.note = f"{file_bytes} bytes"
    finally:
        with contextlib.suppress(OSError):
            shutil.copy(sshd.log, folder / "sshd.log")
        sshd.cleanup()
    return result


def _download_report(results: Sequence[Download], sizes: Sizes) -> list[Figure]:
    figures = []
    for r in results:
        failed = sum(a.error is not None for a in r.attempts)
        kept = sorted((a.kept for a in r.attempts if a.error is not None), reverse=True)
        note = (
            f"{len(r.attempts)} attempts, {failed} failed, keeping {kept[:5]} bytes "
            f"(top 5); {r.note}"
        )
        figures += [
            Figure(f"network.{r.protocol}_download_verified", int(r.verified), 1, note=note),
            Figure(
                f"network.{r.protocol}_download_resumes",
                sum(a.resumed for a in r.attempts),
                1,
                ">=",
                note="attempts that went on from a .part",
            ),
            Figure(
                f"network.{r.protocol}_download_faults",
                r.faults,
                1,
                ">=",
                note="resets and cuts that struck",
            ),
        ]
    worst = max((b for r in results for b in r.dropped), default=0)
    figures.append(
        Figure(
            "network.download_faults",
            sum(r.faults for r in results),
            sizes.min_download_faults,
            ">=",
            note="over FTP and SFTP",
        )
    )
    figures.append(
        Figure(
            "network.download_max_dropped_bytes",
            worst,
            0,
            "<=",
            note=(
                "worst failed attempt: bytes it had received into its own buffers and did "
                "not keep in its .part, as the transfer counts them (SFTP: whole answers "
                "held; FTP holds none)"
            ),
        )
    )
    return figures
