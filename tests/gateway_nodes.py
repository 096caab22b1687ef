"""Several gateway nodes behind Debian's HAProxy, on one PostgreSQL database: the parts
of the nodes test (tests/e2e/test_gateway_nodes.py) and of bench/nodes.py.

Each node is its own `erp-gateway serve` process on its own loopback address (127.0.0.2,
127.0.0.3...: the whole 127/8 answers on Linux without setup), with its own export timer
(`erp-gateway export changes --every 1`) and ERP feed (`erp-gateway feed run --every 1`,
a files sink); HAProxy runs in the foreground with a config
made from config_samples/haproxy.cfg (health checks on /health) and its runtime API on a
unix socket. The tills are real tills (SQLite journal, a backlog in the outbox)
draining through the real Uplink, each counting the drains that failed.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ERP_GATEWAY = str(Path(sys.executable).parent / "erp-gateway")
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
BACKEND = "gateways"

SAMPLE_CFG = Path(__file__).resolve().parent.parent / "config_samples" / "haproxy.cfg"


def haproxy_config(socket_path: Path, port: int, servers: Sequence[tuple[str, str, int]]) -> str:
    """config_samples/haproxy.cfg for this machine: its own runtime socket, the frontend
    on 127.0.0.1:``port``, the log on stderr, checks every 500 ms, 4096 connections at
    most, and these servers."""
    text = SAMPLE_CFG.read_text()
    swaps = [
        (r"stats socket \S+", f"stats socket {socket_path}"),
        (r"maxconn \d+", "maxconn 4096"),  # within a container's descriptor limit
        (r"log /dev/log local0 notice", "log stderr format short local0 notice"),
        (r"bind :8080", f"bind 127.0.0.1:{port}"),
        (r"inter 2s", "inter 500ms"),
        (r"(?m)^    server gw\d .*\n", ""),
    ]
    for pattern, replacement in swaps:
        text, count = re.subn(pattern, replacement, text)
        assert count, f"config_samples/haproxy.cfg has no {pattern!r} any more"
    return text + "".join(f"    server {n} {h}:{p} check\n" for n, h, p in servers)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_until(condition: object, timeout: float, what: str, every: float = 0.05) -> None:
    """Wait for ``condition()`` to hold (polled), failing after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)


def http_get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError as exc:
        return 0, str(exc)


@dataclass
class Node:
    """One gateway node: its address, config, serving process and export timer."""

    name: str
    host: str
    port: int
    folder: Path
    workers: int = 1
    serve: subprocess.Popen[bytes] | None = None
    timer: subprocess.Popen[bytes] | None = None
    feed: subprocess.Popen[bytes] | None = None

    @property
    def config(self) -> Path:
        return self.folder / "gateway.toml"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def write_config(self, database_url: str, shared: Path) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.config.write_text(
            f'[service]\nhost = "{self.host}"\nport = {self.port}\nthreads = 8\n'
            f"workers = {self.workers}\n"
            f"[database]\nurl = {json.dumps(database_url)}\n"
            # One export folder for every node (a shared folder in the field): an export
            # one node wrote and could not publish is published by the next.
            f"[exports]\nfolder = {json.dumps(str(shared / 'exports'))}\n"
            f"target = {json.dumps(str(shared / 'published'))}\n"
            # The ERP feed: batch files in one folder, fed by one node at a time.
            f'[erp_sink.erp]\nkind = "files"\ntarget = {json.dumps(str(shared / "feed"))}\n'
        )

    def command(self, *args: str) -> list[str]:
        return [ERP_GATEWAY, *args, "--config", str(self.config)]

    def start(self, timer: bool = True) -> None:
        log = (self.folder / "serve.log").open("ab")
        self.serve = subprocess.Popen(self.command("serve"), stdout=log, stderr=log)
        log.close()
        if timer:
            self.timer = self._background("timer.log", "export", "changes", "--every", "1")
            self.feed = self._background("feed.log", "feed", "run", "--every", "1")

    def _background(self, log_name: str, *args: str) -> subprocess.Popen[bytes]:
        with (self.folder / log_name).open("ab") as log:
            return subprocess.Popen(self.command(*args), stdout=log, stderr=log)

    @property
    def processes(self) -> list[subprocess.Popen[bytes]]:
        return [p for p in (self.serve, self.timer, self.feed) if p is not None]

    def healthy(self) -> bool:
        return http_get(f"{self.url}/health")[0] == 200

    def kill(self) -> None:
        """SIGKILL the node's processes (gunicorn's workers leave with their arbiter)."""
        for proc in self.processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait()

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it."""
        for proc in self.processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.processes:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def log(self) -> str:
        parts = []
        for name in ("serve.log", "timer.log", "feed.log"):
            path = self.folder / name
            if path.exists():
                parts.append(f"--- {self.name} {name}\n{path.read_text(errors='replace')[-4000:]}")
        return "\n".join(parts)


@dataclass
class Balancer:
    """HAProxy in the foreground with its own config and runtime API socket."""

    folder: Path
    port: int
    nodes: Sequence[Node]
    proc: subprocess.Popen[bytes] | None = None

    @property
    def socket_path(self) -> Path:
        return self.folder / "haproxy.sock"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/soap"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "haproxy.cfg"
        config.write_text(
            haproxy_config(
                self.socket_path, self.port, [(n.name, n.host, n.port) for n in self.nodes]
            )
        )
        subprocess.run([HAPROXY, "-c", "-q", "-f", str(config)], check=True)
        log = (self.folder / "haproxy.log").open("ab")
        self.proc = subprocess.Popen([HAPROXY, "-db", "-f", str(config)], stdout=log, stderr=log)
        log.close()

    def command(self, text: str) -> str:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(10)
            s.connect(str(self.socket_path))
            s.sendall(text.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def stats(self) -> dict[str, dict[str, str]]:
        """``show stat`` of the backend's servers, by server name."""
        text = self.command("show stat").lstrip("# ")
        rows = csv.DictReader(io.StringIO(text))
        return {
            r["svname"]: r
            for r in rows
            if r["pxname"] == BACKEND and r["svname"] not in ("BACKEND", "FRONTEND")
        }

    def status(self, node: Node) -> str:
        """UP, DOWN, DRAIN...; empty while HAProxy starts (no socket yet)."""
        if self.proc is not None and self.proc.poll() is not None:
            log = (self.folder / "haproxy.log").read_text(errors="replace")
            raise AssertionError(f"haproxy exited with {self.proc.returncode}:\n{log}")
        try:
            return self.stats()[node.name]["status"]
        except OSError:
            return ""

    def drain(self, node: Node) -> None:
        self.command(f"set server {BACKEND}/{node.name} state drain")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@dataclass
class Cluster:
    """N nodes on one database behind one balancer, in ``folder``."""

    folder: Path
    database_url: str
    nodes: list[Node] = field(default_factory=list)
    balancer: Balancer | None = None

    @classmethod
    def build(cls, folder: Path, database_url: str, workers: Sequence[int]) -> Cluster:
        nodes = []
        for i, count in enumerate(workers, 1):
            host = f"127.0.0.{i + 1}"
            nodes.append(Node(f"node{i}", host, free_port(host), folder / f"node{i}", count))
        cluster = cls(folder, database_url, nodes)
        cluster.balancer = Balancer(folder / "haproxy", free_port(), nodes)
        for node in nodes:
            node.write_config(database_url, folder / "shared")
        return cluster

    def init_all(self) -> list[subprocess.CompletedProcess[str]]:
        """`erp-gateway init` on every node at once, as nodes starting together do."""
        procs = [
            subprocess.Popen(
                n.command("init"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for n in self.nodes
        ]
        done = []
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
        return done

    def start(self, first_export: bool = True, timers: bool = True) -> None:
        if first_export:
            subprocess.run(self.nodes[0].command("export", "full"), check=True, capture_output=True)
        for node in self.nodes:
            node.start(timer=timers)
        assert self.balancer is not None
        self.balancer.start()
        wait_until(
            lambda: all(self.balancer.status(n) == "UP" for n in self.nodes),  # type: ignore[union-attr]
            120,
            "every node UP at the balancer",
            every=0.2,
        )

    def stop(self) -> None:
        if self.balancer is not None:
            self.balancer.stop()
        for node in self.nodes:
            node.stop()

    def logs(self) -> str:
        return "\n".join(n.log() for n in self.nodes)

    @contextlib.contextmanager
    def running(self, timers: bool = True) -> Iterator[Cluster]:
        """Every node initialised at once, started, and UP at the balancer; stopped after."""
        try:
            for done in self.init_all():
                assert done.returncode == 0, done.stderr
            self.start(timers=timers)
            yield self
        finally:
            self.stop()


# -- tills ----------------------------------------------------------------------------


@dataclass
class DrainingTill:
    """A real till with a backlog, draining to ``url``; counts its failed drains."""

    till_id: str
    folder: Path
    failures: list[str] = field(default_factory=list)
    drains: int = 0
    done: bool = False

    def prepare(self, url: str, catalog: Path, backlog: int, batch: int) -> None:
        from catalog_fixture import BREAD, MILK_UPC, WINE
        from fault_harness.backlog import make_backlog
        from standalone_till.config import load_config, set_key, write_default_config
        from standalone_till.service import Till

        path = self.folder / "till.toml"
        write_default_config(path, f"S{self.till_id[-2:]}", self.till_id)
        set_key(path, "webservice.url", url)
        set_key(path, "webservice.batch_size", str(batch))
        set_key(path, "webservice.timeout", "30")
        self.till = Till(load_config(path))
        self.till.init()
        self.till.load_data(catalog)
        make_backlog(self.till, backlog, (BREAD, WINE, MILK_UPC))

    def reopen(self, url: str) -> None:
        """Open the till of a folder prepared before (a copy), sending to ``url``."""
        from standalone_till.config import load_config, set_key
        from standalone_till.service import Till

        path = self.folder / "till.toml"
        set_key(path, "webservice.url", url)
        self.till = Till(load_config(path))

    def drain(self, retry_after: float = 0.2, give_up: float = 300) -> None:
        """Drain until the outbox is empty: a failed drain waits ``retry_after`` (the
        till's hold-off, shortened) and goes on, as the agent does."""
        from standalone_till.sync.uplink import Uplink

        uplink = Uplink(self.till.cfg, self.till.db)
        deadline = time.monotonic() + give_up
        try:
            while time.monotonic() < deadline:
                self.drains += 1
                report = uplink.send_tickets(force=True)
                if report.error is not None:
                    self.failures.append(str(report.error))
                    time.sleep(retry_after)
                    continue
                if report.remaining == 0:
                    self.done = True
                    return
        finally:
            uplink.close()

    def ticket_ids(self) -> list[str]:
        import sqlalchemy as sa

        from standalone_till import schema as T

        with self.till.db.read(self.till.db.journal) as conn:
            return list(conn.execute(sa.select(T.tickets.c.id)).scalars())

    def outbox_left(self) -> int:
        from standalone_till.sync.outbox import Outbox

        return Outbox(self.till.db).pending_count()

    def close(self) -> None:
        with contextlib.suppress(AttributeError):
            self.till.close()


def drain_all(tills: Sequence[DrainingTill]) -> list[threading.Thread]:
    threads = [threading.Thread(target=t.drain, name=t.till_id, daemon=True) for t in tills]
    for thread in threads:
        thread.start()
    return threads


def stored_count(database_url: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(database_url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM tickets").scalar_one())
    finally:
        engine.dispose()
