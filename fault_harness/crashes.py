"""Crashes: SIGKILL at random points in ticket close, upload, answer processing and import.

Four kinds of kill, on real processes and real SQLite files (a quarter of the ticket
close and import kills on PostgreSQL when the tests' server answers), the gateway real
(waitress on 127.0.0.1, SQLite) in this process:

* **ticket close**: a worker closes tickets in a loop and reports each id once its
  close returned; it is killed after a random delay. Every reported ticket must be in
  the journal, whole, with its outbox entry; numbering must have no gap.
* **upload**: a real ``till agent`` sends its outbox through a tap on loopback and is
  killed mid-send: the request cut after a random share of its bytes, the gateway's
  reply swallowed (it has the batch, the till has no answer), or a random moment.
* **answer processing**: the agent is killed once the gateway's reply reached it, a
  few random milliseconds into reading and recording it, or while it waits for the
  journal's write lock (held here) to record it.
* **import**: "Load data" / "Load changes" in a worker, killed a random time into the
  load. The catalog (a digest of what the till sells from) must be exactly the state
  before or after an export, the state the catalog says it is at; a rerun must
  complete.

After every kill ``PRAGMA integrity_check`` and ``foreign_key_check`` run on every
SQLite file of both sides (on PostgreSQL: a query for rows whose ticket is missing).
While an agent runs, the till keeps selling on a thread here. After the last upload
kill a real agent drains the outbox: every ticket must be at the gateway exactly once.

Workers are forked by ``crash_workers.Zygote`` (milliseconds instead of a second per
start); every 50th agent is the ``till`` console script itself. The schedule (order,
modes, delays) comes from ``random.Random`` seeded with ``seed``; what a delay hits
depends on timing. Worker logs, the zygote's log and one JSON line per kill
(``kills.log``) go under ``workdir``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import random
import re
import signal
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from connectors.errors import TillsyncError
from erp_gateway.config import config_from_mapping
from erp_gateway.db import GatewayDatabase
from erp_gateway.sample import write_sample_export
from erp_gateway.server import GatewayServer
from fault_harness.crash_workers import WAIT, ExecWorker, Worker, Zygote
from fault_harness.report import Figure
from ftp_import.format import ENTITY_ORDER
from standalone_till import overlay, schema
from standalone_till.config import load_config, set_key, write_default_config
from standalone_till.loading import catalog_state
from standalone_till.model import PaymentMethod
from standalone_till.service import Till
from standalone_till.store import catalog_path_for

log = logging.getLogger("tillsync.faults.crashes")

KINDS = ("ticket_close", "upload", "answer", "import")
QUICK_KILLS = 32
LONG_KILLS = 1000
BATCH = 10  # tickets per SendTickets request


# -- the tap: a loopback proxy that sees SendTickets go and come back ------------------


@dataclass
class _Exchange:
    """One client connection through the tap; requests and replies alternate on it."""

    client: socket.socket
    server: socket.socket
    in_request: bool = False
    head: bytes = b""
    tickets: bool | None = None  # None: the request's head is not complete yet
    sent: int = 0
    limit: int | None = None
    reply: bytes = b""


_TICKET_ID = re.compile(rb"ticketId>([^<]+)</")


class Tap:
    """Forwards to the gateway and counts SendTickets requests and replies.

    Modes: ``pass``; ``swallow`` (SendTickets replies never reach the till); ``cut``
    (a SendTickets request stops after its head and ``fraction`` of its body).
    """

    def __init__(self, target: int) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/soap"
        self._changed = threading.Condition()
        self._exchanges: list[_Exchange] = []
        self.mode = "pass"
        self.fraction = 0.0
        self.sends = self.replies = self.forwarded = self.held = 0
        self.phase = "before"  # upload: a request is out; answer: its reply came back
        self.answered: list[str] = []  # the ticket ids in the last reply the till got
        threading.Thread(target=self._accept, name="crash-tap", daemon=True).start()

    def reset(self, mode: str = "pass", fraction: float = 0.0) -> None:
        """A new cycle: the counts at zero, every old connection closed."""
        with self._changed:
            exchanges, self._exchanges = self._exchanges, []
            self.mode, self.fraction = mode, fraction
            self.sends = self.replies = self.forwarded = self.held = 0
            self.phase = "before"
            self.answered = []
        for ex in exchanges:
            ex.client.close()
            ex.server.close()

    def wait(self, test: Callable[[], bool], timeout: float = WAIT) -> bool:
        with self._changed:
            return self._changed.wait_for(test, timeout)

    def _count(self, what: str) -> None:
        with self._changed:
            setattr(self, what, getattr(self, what) + 1)
            if what in ("sends", "forwarded"):
                self.phase = "upload" if what == "sends" else "answer"
            self._changed.notify_all()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.target), timeout=WAIT)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            ex = _Exchange(client, server)
            with self._changed:
                self._exchanges.append(ex)
            threading.Thread(target=self._upstream, args=(ex,), daemon=True).start()
            threading.Thread(target=self._downstream, args=(ex,), daemon=True).start()

    def _upstream(self, ex: _Exchange) -> None:
        with contextlib.suppress(OSError):
            while data := ex.client.recv(65536):
                if not ex.in_request:
                    ex.in_request, ex.head, ex.tickets, ex.sent, ex.limit = True, b"", None, 0, None
                    ex.reply = b""
                if ex.tickets is None:
                    ex.head += data
                    if b"\r\n\r\n" not in ex.head:
                        continue
                    data = ex.head
                    self._request_head(ex)
                if ex.limit is not None:
                    data = data[: max(0, ex.limit - ex.sent)]
                ex.server.sendall(data)
                ex.sent += len(data)
                if ex.limit is not None and ex.sent >= ex.limit and data:
                    self._count("held")
        with contextlib.suppress(OSError):
            ex.server.shutdown(socket.SHUT_WR)

    def _request_head(self, ex: _Exchange) -> None:
        head, _, _ = ex.head.partition(b"\r\n\r\n")
        ex.tickets = b"SendTickets" in head
        if not ex.tickets:
            return
        self._count("sends")
        if self.mode == "cut":
            length = 0
            for line in head.split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            ex.limit = len(head) + 4 + int(self.fraction * length)

    def _downstream(self, ex: _Exchange) -> None:
        with contextlib.suppress(OSError):
            while data := ex.server.recv(65536):
                ex.in_request = False
                if ex.tickets:
                    self._count("replies")
                    if self.mode == "swallow":
                        continue
                ex.client.sendall(data)
                if ex.tickets:
                    ex.reply += data
                    with self._changed:
                        self.answered = [m.decode() for m in _TICKET_ID.findall(ex.reply)]
                    self._count("forwarded")
        with contextlib.suppress(OSError):
            ex.client.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.listener.close()
        self.reset()


# -- checks ----------------------------------------------------------------------------


def sqlite_problems(path: Path) -> list[str]:
    """What ``integrity_check`` and ``foreign_key_check`` find wrong in one SQLite file."""
    if not path.exists():
        return [f"{path.name}: missing"]
    conn = sqlite3.connect(path, timeout=WAIT)
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [f"{path.name}: {r}" for r in found if r != "ok"]
        problems += [
            f"{path.name}: foreign key {r}" for r in conn.execute("PRAGMA foreign_key_check")
        ]
    finally:
        conn.close()
    return problems


_TORN = """
SELECT t.id FROM tickets t
LEFT JOIN (SELECT ticket_id, COUNT(*) AS n FROM ticket_lines GROUP BY ticket_id) l
  ON l.ticket_id = t.id
LEFT JOIN (SELECT ticket_id, SUM(amount) AS s FROM ticket_payments GROUP BY ticket_id) p
  ON p.ticket_id = t.id
LEFT JOIN (SELECT ticket_id, COUNT(*) AS n FROM ticket_vat GROUP BY ticket_id) v
  ON v.ticket_id = t.id
LEFT JOIN outbox o ON o.ticket_id = t.id
WHERE COALESCE(l.n, 0) != t.line_count OR COALESCE(p.s, 0) != t.paid OR v.n IS NULL
   OR (o.ticket_id IS NULL) = (t.synced_at IS NULL)
"""


@dataclass
class Journal:
    """What the till's journal holds, read with plain SQL."""

    ids: set[str]
    torn: set[str]
    gaps: int
    quarantined: int
    pending: int
    duplicate_answers: int


def read_journal(engine: sa.Engine) -> Journal:
    with engine.connect() as conn:
        ids = set(conn.exec_driver_sql("SELECT id FROM tickets").scalars())
        torn = set(conn.exec_driver_sql(_TORN).scalars())
        days = conn.exec_driver_sql(
            "SELECT COUNT(*), MIN(number), MAX(number) FROM tickets GROUP BY till_id, business_day"
        ).all()
        states = dict(
            conn.exec_driver_sql("SELECT state, COUNT(*) FROM outbox GROUP BY state").all()
        )
        duplicates = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM tickets WHERE sync_result = 'duplicate'"
        ).scalar_one()
    gaps = sum(1 for n, low, high in days if low != 1 or high != n)
    return Journal(
        ids, torn, gaps, states.get("quarantined", 0), states.get("pending", 0), duplicates
    )


def catalog_digest(engine: sa.Engine) -> tuple[int, str]:
    """(sequence the catalog says it is at, SHA-256 of everything the till sells from)."""

    digest = hashlib.sha256()
    with engine.connect() as conn:
        for entity in ENTITY_ORDER:
            view = overlay.LIVE[entity]
            keys = [view.c[c.name] for c in schema.catalog_md.tables[entity].primary_key]
            digest.update(entity.encode())
            for row in conn.execute(sa.select(view).order_by(*keys)):
                digest.update(repr(tuple(row)).encode())
        sequence = catalog_state(conn).sequence
        shadows = [
            n for n in sa.inspect(conn).get_table_names() if "__g" in n
        ]  # a full load's tables that were never switched in
    if shadows:
        digest.update(repr(sorted(shadows)).encode())
    return sequence, digest.hexdigest()


# -- the run ---------------------------------------------------------------------------


@dataclass
class Tally:
    """Everything counted over a run, turned into figures at the end."""

    planned: dict[str, int]
    kills: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    misses: int = 0  # kills that came after the work they aimed at was over
    worker_failures: int = 0
    checks: int = 0
    integrity: list[str] = field(default_factory=list)
    tickets_reported: int = 0
    tickets_lost: int = 0
    torn: set[str] = field(default_factory=set)
    gaps: int = 0
    duplicated: int = 0
    lost_upload: int = 0
    quarantined: int = 0
    duplicate_answers: int = 0
    half_applied: int = 0
    reruns_failed: int = 0
    exec_agents: int = 0
    on_postgresql: dict[str, int] = field(default_factory=dict)  # kind: kills; absent: no server
    seconds: dict[str, float] = field(default_factory=dict)
    cycles: int = 0  # kill cycles: start a worker, kill it, check
    cycle_seconds: float = 0.0

    def cycle_done(self, began: float) -> None:
        self.cycles += 1
        self.cycle_seconds += time.monotonic() - began


class _Scene:
    """Shared by the scenarios of one run: the zygote, the log of kills, the tally."""

    def __init__(self, workdir: Path, tally: Tally) -> None:
        self.workdir = workdir
        self.tally = tally
        self.zygote = Zygote(workdir / "logs")
        self._kills = (workdir / "kills.log").open("a")

    def note(self, kind: str, **what: object) -> None:
        self._kills.write(json.dumps({"kind": kind, **what}, default=str) + "\n")
        self._kills.flush()

    def check(self, *files: Path) -> None:
        self.tally.checks += 1
        for path in files:
            self.tally.integrity += sqlite_problems(path)

    def close(self) -> None:
        self.zygote.close()
        self._kills.close()


def _split(total: int) -> dict[str, int]:
    share, extra = divmod(total, len(KINDS))
    return {kind: share + (1 if i < extra else 0) for i, kind in enumerate(KINDS)}


def run(*, quick: bool, seed: int, workdir: Path, kills: int | None = None) -> list[Figure]:
    """Kill ``kills`` workers (quick: 32, long: 1,000), spread over the four kinds."""
    total = kills if kills is not None else (QUICK_KILLS if quick else LONG_KILLS)
    workdir.mkdir(parents=True, exist_ok=True)
    tally = Tally(_split(total))
    scene = _Scene(workdir, tally)
    started = time.monotonic()
    try:
        for name, scenario in (
            ("ticket_close", _ticket_close),
            ("upload", _uplink),
            ("import", _imports),
        ):
            began = time.monotonic()
            scenario(scene, random.Random(f"{seed}:{name}"))
            tally.seconds[name] = time.monotonic() - began
    finally:
        scene.close()
    tally.seconds["total"] = time.monotonic() - started
    return _figures(tally)


def _kill_note(t: Tally, kind: str) -> str:
    note = "SIGKILLs that hit the work"
    if kind == "upload":
        note += f"; {t.exec_agents} agents run as the `till` console script"
    if kind in ("ticket_close", "import"):
        pg = t.on_postgresql.get(kind)
        note += "; PostgreSQL unreachable: SQLite only" if pg is None else f"; {pg} on PostgreSQL"
    return note


def _figures(t: Tally) -> list[Figure]:
    done = sum(t.kills.values())
    per_kill = t.cycle_seconds / t.cycles if t.cycles else float("inf")
    note_integrity = "; ".join(t.integrity[:3])
    figures = [
        Figure(f"crash.kills.{k}", t.kills[k], t.planned[k], ">=", note=_kill_note(t, k))
        for k in KINDS
    ]
    figures += [
        Figure(
            "crash.tickets_reported_closed",
            t.tickets_reported,
            t.planned["ticket_close"],
            ">=",
            note="by workers then killed",
        ),
        Figure(
            "crash.tickets_lost",
            t.tickets_lost,
            0,
            note="reported closed, not whole in the journal",
        ),
        Figure("crash.tickets_torn", len(t.torn), 0, note="not whole, or outbox and sync disagree"),
        Figure("crash.ticket_number_gaps", t.gaps, 0),
        Figure("crash.tickets_duplicated_at_gateway", t.duplicated, 0),
        Figure("crash.tickets_lost_upload", t.lost_upload, 0, note="after the final drain"),
        Figure("crash.tickets_quarantined", t.quarantined, 0, note="a resend taken as a mismatch"),
        Figure(
            "crash.resends_answered_duplicate",
            t.duplicate_answers,
            1,
            ">=",
            note="the lost-answer window was hit",
        ),
        Figure("crash.half_applied_imports", t.half_applied, 0),
        Figure("crash.import_reruns_failed", t.reruns_failed, 0),
        Figure("crash.integrity_failures", len(t.integrity), 0, note=note_integrity),
        Figure("crash.integrity_checks", t.checks, done, ">=", note="one round per kill"),
        Figure("crash.worker_failures", t.worker_failures, 0, note="workers that died unkilled"),
        Figure(
            "crash.seconds_per_kill",
            round(per_kill, 3),
            0,
            "info",
            unit="s",
            note=f"a cycle: start, kill, check; {t.misses} late kills redone; wall: "
            + ", ".join(f"{k} {v:.0f} s" for k, v in t.seconds.items()),
        ),
    ]
    return figures


# -- ticket close ----------------------------------------------------------------------


def _till_config(folder: Path, **keys: object) -> Path:

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "till.toml"
    write_default_config(path, "S001", "T01")
    for key, value in keys.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        set_key(path, key.replace("__", "."), text)
    return path


def _sample(folder: Path, items: int, changes: int, seed: int) -> Path:

    if not folder.exists():
        folder.mkdir(parents=True)
        write_sample_export(folder, items=items, changes=changes, seed=seed)
    return folder


@contextlib.contextmanager
def _open_till(config: Path) -> Iterator[Till]:

    till = Till(load_config(config))
    try:
        yield till
    finally:
        till.close()


def _sellable(till: Till, count: int) -> list[str]:
    """Barcodes of ``count`` items that scan and need no weight."""

    sale = till.new_sale()
    with till.db.read(till.db.catalog) as conn:
        barcodes = conn.exec_driver_sql(
            "SELECT barcode FROM barcodes_live ORDER BY barcode"
        ).scalars()
        found: list[str] = []
        for code in barcodes:
            with contextlib.suppress(TillsyncError):
                sale.scan(code)
                found.append(code)
            if len(found) == count:
                return found
    raise RuntimeError("the sample catalog has too few sellable items")


def _ready_till(folder: Path, exports: Path, **keys: object) -> tuple[Path, list[str]]:
    config = _till_config(folder, **keys)
    with _open_till(config) as till:
        till.init()
        till.load_data(exports)
        codes = _sellable(till, 3)
    return config, codes


def _files(config: Path) -> list[Path]:

    journal = config.parent / "till.db"
    return [journal, catalog_path_for(journal)]


@dataclass
class _Journal:
    """One till's journal the ticket-close kills aim at."""

    label: str
    config: Path
    engine: sa.Engine  # read with plain SQL
    files: list[Path]  # its SQLite files (none on a server)
    reported: list[str] = field(default_factory=list)


_ORPHANS = """
SELECT (SELECT COUNT(*) FROM ticket_lines x WHERE NOT EXISTS
          (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id))
     + (SELECT COUNT(*) FROM ticket_payments x WHERE NOT EXISTS
          (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id))
     + (SELECT COUNT(*) FROM ticket_vat x WHERE NOT EXISTS
          (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id))
     + (SELECT COUNT(*) FROM outbox x WHERE NOT EXISTS
          (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id))
"""


def server_problems(engine: sa.Engine) -> list[str]:
    """A server database's check: rows whose ticket is missing (orphans)."""
    with engine.connect() as conn:
        orphans = conn.exec_driver_sql(_ORPHANS).scalar_one()
    return [f"{engine.url.database}: {orphans} orphan rows"] if orphans else []


def postgresql_admin() -> str | None:
    """The PostgreSQL admin URL of the tests, when the server answers."""
    url = os.environ.get(
        "TILLSYNC_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.SQLAlchemyError as exc:
        log.warning("PostgreSQL at %s does not answer: ticket close on SQLite only (%s)", url, exc)
        return None
    finally:
        engine.dispose()
    return url


@contextlib.contextmanager
def _postgresql_database(admin_url: str) -> Iterator[str]:
    """A fresh database for one run, dropped afterwards."""
    name = f"tillsync_crash_{os.getpid()}_{int(time.time() * 1000) % 10**9}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def _on_server(planned: int) -> int:
    """A quarter of the kills on PostgreSQL, at least one when there are two or more."""
    return max(1, planned // 4) if planned >= 2 else 0


def _ticket_close(scene: _Scene, rng: random.Random) -> None:
    """Most kills on a SQLite till, a quarter on PostgreSQL when the server answers."""
    exports = _sample(scene.workdir / "exports-small", 60, 0, 5)
    config, codes = _ready_till(scene.workdir / "close", exports)
    files = _files(config)
    journals = [_Journal("sqlite", config, sa.create_engine(f"sqlite:///{files[0]}"), files)]
    admin = postgresql_admin()
    with contextlib.ExitStack() as stack:
        if admin is not None:
            url = stack.enter_context(_postgresql_database(admin))
            pg_config, _ = _ready_till(
                scene.workdir / "close-pg",
                exports,
                database__url=url,
                database__engine="postgresql",
            )
            journals.append(_Journal("postgresql", pg_config, sa.create_engine(url), []))
        try:
            _close_and_kill(scene, rng, journals, codes)
        finally:
            for journal in journals:
                journal.engine.dispose()


def _close_and_kill(
    scene: _Scene, rng: random.Random, journals: list[_Journal], codes: list[str]
) -> None:
    tally = scene.tally
    planned = tally.planned["ticket_close"]
    on_server = _on_server(planned) if len(journals) > 1 else 0
    if len(journals) > 1:
        tally.on_postgresql["ticket_close"] = 0
    order = [journals[0]] * (planned - on_server) + journals[1:] * on_server
    rng.shuffle(order)
    attempts = 0
    while order and attempts < 2 * planned + 10:
        attempts += 1
        began = time.monotonic()
        target = order[-1]
        worker = scene.zygote.start("close_tickets", [str(target.config), codes], "close.log")
        started = worker.wait_line("ready")
        # Half the kills count from the first ticket stored, so that most kills come
        # after some closes even on a slow machine; the others may hit the first close.
        if rng.random() < 0.5:
            started = started and worker.wait_lines(2)
        delay = rng.uniform(0.0, 0.5)
        time.sleep(delay if started else 0)
        hit = started and worker.kill()
        worker.close()
        closed = [line for line in worker.lines if line != "ready"]
        target.reported += closed
        if hit:
            order.pop()
            tally.kills["ticket_close"] += 1
            if target.label == "postgresql":
                tally.on_postgresql["ticket_close"] += 1
        else:
            tally.worker_failures += 1
        scene.note(
            "ticket_close", db=target.label, delay=round(delay, 4), hit=hit, closed=len(closed)
        )
        _check_journal(scene, target)
        tally.cycle_done(began)
    for target in journals:
        journal = read_journal(target.engine)
        tally.tickets_reported += len(target.reported)
        tally.tickets_lost += sum(
            1 for t in target.reported if t not in journal.ids or t in journal.torn
        )
        scene.note("ticket_close_end", db=target.label, tickets=len(journal.ids))


def _check_journal(scene: _Scene, target: _Journal) -> None:
    if target.files:
        scene.check(*target.files)
    else:
        scene.tally.checks += 1
        scene.tally.integrity += server_problems(target.engine)
    journal = read_journal(target.engine)
    scene.tally.torn |= journal.torn
    scene.tally.gaps = max(scene.tally.gaps, journal.gaps)


# -- upload and answer processing -----------------------------------------------------


def _gateway(folder: Path) -> GatewayServer:

    folder.mkdir(parents=True, exist_ok=True)
    cfg = config_from_mapping({}, folder=folder, source=str(folder / "gateway.toml"))
    db = GatewayDatabase.from_config(cfg)
    try:
        db.migrate()
    finally:
        db.dispose()
    return GatewayServer(cfg).start(host="127.0.0.1", port=0)


@contextlib.contextmanager
def _journal_locked(path: Path) -> Iterator[None]:
    """Hold the journal's write lock: the agent can read and send, not record."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=WAIT)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def _schedule(rng: random.Random, planned: dict[str, int]) -> list[tuple[str, str]]:
    """(kind, mode) for each upload and answer kill, in a seeded order."""
    upload = ("cut", "cut", "swallow", "swallow", "moment")
    plan = [("upload", rng.choice(upload)) for _ in range(planned["upload"])]
    plan += [("answer", rng.choice(("lock", "reply", "reply"))) for _ in range(planned["answer"])]
    rng.shuffle(plan)
    return plan


@dataclass
class _Link:
    """The till, its gateway and the tap between them, for the upload scenarios."""

    scene: _Scene
    till: Till
    config: Path
    codes: list[str]
    tap: Tap
    gateway: GatewayServer
    engine: sa.Engine  # the gateway's database, read with plain SQL

    def unrecorded(self, answered: Sequence[str]) -> int:
        """How many of the ``answered`` tickets the till still holds as pending."""
        with self.till.db.read(self.till.db.journal) as conn:
            pending = set(
                conn.exec_driver_sql(
                    "SELECT ticket_id FROM outbox WHERE state = 'pending'"
                ).scalars()
            )
        return len(pending.intersection(answered))


def _uplink(scene: _Scene, rng: random.Random) -> None:
    tally = scene.tally
    gateway = _gateway(scene.workdir / "gateway")
    tap = Tap(gateway.port)
    exports = _sample(scene.workdir / "exports-small", 60, 0, 5)
    engine = sa.create_engine(str(gateway.config.database_url))
    try:
        config, codes = _ready_till(
            scene.workdir / "uplink",
            exports,
            webservice__url=tap.url,
            webservice__batch_size=BATCH,
            webservice__timeout=20,
            webservice__ping_timeout=1,
            timings__ticket_sync_interval=1,
            timings__ping_interval=3600,
            timings__error_holdoff=1,
        )
        files = [*_files(config), Path(str(engine.url.database))]
        with _open_till(config) as till:
            link = _Link(scene, till, config, codes, tap, gateway, engine)
            plan = _schedule(rng, tally.planned)
            for cycle in range(3 * len(plan) + 10):
                plan = [(k, m) for k, m in plan if tally.kills[k] < tally.planned[k]]
                if not plan:
                    break
                kind, mode = plan.pop()
                began = time.monotonic()
                hit = _uplink_cycle(link, rng, kind, mode, cycle)
                if hit is None:
                    tally.misses += 1
                else:
                    tally.kills[hit] += 1
                if hit != kind:  # missed, or hit the other kind: this one is still due
                    plan.insert(0, (kind, mode))
                scene.check(*files)
                tally.cycle_done(began)
            _final_drain(link)
    finally:
        tap.close()
        gateway.stop()
        engine.dispose()


def _sell(till: Till, codes: Sequence[str], count: int) -> None:

    for _ in range(count):
        sale = till.new_sale()
        for code in codes[: 1 + count % len(codes)]:
            sale.scan(code)
        sale.pay(PaymentMethod.CASH)
        sale.close()


@contextlib.contextmanager
def _selling(till: Till, codes: Sequence[str]) -> Iterator[None]:
    """A cashier closing a ticket every few milliseconds, on a thread of its own."""
    stop = threading.Event()

    def sell() -> None:
        while not stop.wait(0.01):
            _sell(till, codes, 1)

    seller = threading.Thread(target=sell, name="crash-cashier", daemon=True)
    seller.start()
    try:
        yield
    finally:
        stop.set()
        seller.join(WAIT)


def _agent(scene: _Scene, config: Path, cycle: int) -> Worker:
    """``till agent``: forked by the zygote; every 50th the console script itself."""
    env = {"TILLSYNC_CONFIG": str(config)}
    if cycle % 50 == 0 and scene.zygote.till_script.exists():
        scene.tally.exec_agents += 1
        return scene.zygote.till_exec(["-v", "agent"], env, "agent.log")
    return scene.zygote.start("till", [["-v", "agent"], env], "agent.log")


_TRIGGERS: dict[str, Callable[[Tap], bool]] = {
    "cut": lambda tap: tap.held > 0,  # the request is partly out, the rest held back
    "swallow": lambda tap: tap.replies > 0,  # the gateway answered, the till never hears
    "moment": lambda tap: tap.sends > 0,  # a request began: kill a random moment later
    "lock": lambda tap: tap.forwarded > 0,  # the answer is in; the journal is locked
    "reply": lambda tap: tap.forwarded > 0,  # the answer is in: kill while it is read
}


def _uplink_cycle(link: _Link, rng: random.Random, kind: str, mode: str, cycle: int) -> str | None:
    """Start an agent and kill it as ``mode`` says; the kind of kill it was, if it hit."""
    tap = link.tap
    _sell(link.till, link.codes, rng.randint(1, 3 * BATCH))
    fraction = rng.random()
    pause = rng.uniform(0.0, {"reply": 0.03, "moment": 0.3}.get(mode, 0.05))
    tap.reset(mode if mode in ("cut", "swallow") else "pass", fraction)
    journal = link.config.parent / "till.db"
    # The till keeps selling while its agent sends, except while the journal is held.
    during = _journal_locked(journal) if mode == "lock" else _selling(link.till, link.codes)
    with during:
        began = time.monotonic()
        worker = _agent(link.scene, link.config, cycle)
        fired = tap.wait(lambda: _TRIGGERS[mode](tap))
        waited = time.monotonic() - began
        time.sleep(pause)
        phase = tap.phase
        alive = worker.kill()
        worker.close()
    link.scene.tally.worker_failures += not alive
    # An answer kill hit when the answer the till got is not (all) recorded.
    lost = link.unrecorded(tap.answered) if phase == "answer" else 0
    hit = fired and alive and (phase == "upload" or lost > 0)
    link.scene.note(
        kind,
        mode=mode,
        fraction=round(fraction, 3),
        pause=round(pause, 4),
        phase=phase,
        unrecorded=lost,
        hit=hit,
        waited=round(waited, 3),
        exec=isinstance(worker, ExecWorker),
    )
    return phase if hit else None


def _final_drain(link: _Link) -> None:
    """A real agent, not killed, until the outbox is empty; then count at the gateway."""
    tally = link.scene.tally
    link.tap.reset("pass")
    env = {"TILLSYNC_CONFIG": str(link.config)}
    worker = link.scene.zygote.start("till", [["-v", "agent"], env], "agent.log")
    deadline = time.monotonic() + 4 * WAIT
    while link.till.uplink.outbox.pending_count() and time.monotonic() < deadline:
        time.sleep(0.1)
    worker.send(signal.SIGTERM)
    if not worker.wait_gone():
        tally.worker_failures += 1
        worker.kill()
    worker.close()
    with link.engine.connect() as conn:
        ids = list(conn.exec_driver_sql("SELECT ticket_id FROM tickets").scalars())
        versions = conn.exec_driver_sql("SELECT COUNT(*) FROM ticket_versions").scalar_one()
    journal = read_journal(link.till.db.journal)
    tally.duplicated += len(ids) - len(set(ids)) + versions
    tally.lost_upload += len(journal.ids - set(ids)) + len(set(ids) - journal.ids)
    tally.quarantined += journal.quarantined
    tally.duplicate_answers += journal.duplicate_answers
    tally.torn |= journal.torn
    tally.gaps = max(tally.gaps, journal.gaps)
    link.scene.note(
        "final_drain",
        tickets=len(journal.ids),
        at_gateway=len(ids),
        versions=versions,
        pending=journal.pending,
    )


# -- import ----------------------------------------------------------------------------


@dataclass
class _Catalog:
    """One till the import kills aim at, with its catalog's digest at each sequence."""

    label: str
    config: Path
    till: Till
    files: list[Path]  # its SQLite files (none on a server)
    reference: dict[int, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # how long each kind takes


def _imports(scene: _Scene, rng: random.Random) -> None:
    """Full loads and increments in turn, each killed a random time in, then rerun; a
    quarter of them on PostgreSQL when the server answers."""
    items = 3000
    exports = _sample(scene.workdir / "exports", items, 2, 11)
    first_two = _sample(scene.workdir / "exports-to-2", items, 1, 11)
    admin = postgresql_admin()
    with contextlib.ExitStack() as stack:
        config = _till_config(scene.workdir / "import")
        catalogs = [
            _Catalog("sqlite", config, stack.enter_context(_open_till(config)), _files(config))
        ]
        if admin is not None:
            url = stack.enter_context(_postgresql_database(admin))
            config = _till_config(
                scene.workdir / "import-pg", database__url=url, database__engine="postgresql"
            )
            catalogs.append(
                _Catalog("postgresql", config, stack.enter_context(_open_till(config)), [])
            )
        for catalog in catalogs:
            _reference(catalog, exports, first_two)
        _load_and_kill(scene, rng, catalogs, exports)


def _reference(catalog: _Catalog, exports: Path, first_two: Path) -> None:
    """Load each export once, unkilled: the digest at each sequence, and the time taken."""
    till = catalog.till
    till.init()
    began = time.monotonic()
    till.load_data(exports)
    catalog.seconds["full"] = time.monotonic() - began
    catalog.reference[1] = catalog_digest(till.db.catalog)[1]
    till.load_changes(first_two)
    catalog.reference[2] = catalog_digest(till.db.catalog)[1]
    began = time.monotonic()
    till.load_changes(exports)
    catalog.seconds["changes"] = 2 * (time.monotonic() - began)  # about two increments
    catalog.reference[3] = catalog_digest(till.db.catalog)[1]


def _load_and_kill(
    scene: _Scene, rng: random.Random, catalogs: list[_Catalog], exports: Path
) -> None:
    tally = scene.tally
    planned = tally.planned["import"]
    on_server = _on_server(planned) if len(catalogs) > 1 else 0
    if len(catalogs) > 1:
        tally.on_postgresql["import"] = 0
    order = [catalogs[0]] * (planned - on_server) + catalogs[1:] * on_server
    rng.shuffle(order)
    for _ in range(3 * planned + 10):
        if not order:
            break
        began = time.monotonic()
        if _import_cycle(scene, rng, order[-1], exports) and order.pop().label == "postgresql":
            tally.on_postgresql["import"] += 1
        tally.cycle_done(began)


def _import_cycle(scene: _Scene, rng: random.Random, catalog: _Catalog, exports: Path) -> bool:
    """One load killed a random time after it began, checked, rerun; True if it hit."""
    tally, till = scene.tally, catalog.till
    before = till.catalog_state().sequence
    kind, target = ("full", 1) if before == 3 else ("changes", 3)
    # What a load may leave: the state before it, or after one of its exports.
    allowed = {before, 1} if kind == "full" else set(range(before, 4))
    delay = rng.uniform(0.0, catalog.seconds[kind])
    worker = scene.zygote.start("load", [str(catalog.config), kind, str(exports)], "import.log")
    started = worker.wait_line("start")
    time.sleep(delay)
    alive = worker.kill()
    worker.close()
    hit = started and alive and "done" not in worker.lines
    tally.kills["import"] += hit
    tally.misses += not hit
    tally.worker_failures += not started
    if catalog.files:
        scene.check(*catalog.files)
    else:
        tally.checks += 1
        tally.integrity += server_problems(till.db.catalog)
    sequence, digest = catalog_digest(till.db.catalog)
    whole = sequence in allowed and digest == catalog.reference.get(sequence)
    tally.half_applied += not whole
    rerun_ok = _rerun(catalog, kind, exports, target)
    tally.reruns_failed += not rerun_ok
    scene.note(
        "import",
        db=catalog.label,
        load=kind,
        delay=round(delay, 4),
        hit=hit,
        before=before,
        after=sequence,
        whole=whole,
        rerun=rerun_ok,
    )
    return hit


def _rerun(catalog: _Catalog, kind: str, exports: Path, target: int) -> bool:
    """The same load again, unkilled: it must complete to the export's exact state."""

    till = catalog.till
    try:
        if kind == "full":
            till.load_data(exports)
        else:
            till.load_changes(exports)
    except TillsyncError as exc:
        log.error("the rerun of the %s load failed: %s", kind, exc)
        return False
    sequence, digest = catalog_digest(till.db.catalog)
    return sequence == target and digest == catalog.reference[target]
