"""`erp-gateway serve --workers N`: several gunicorn processes on one port over PostgreSQL.

The gateway runs as a real process; tills are plain HTTP clients posting SendTickets.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from gateway_fixture import Reply, envelope, make_ticket, post

ERP_GATEWAY = str(Path(sys.executable).parent / "erp-gateway")
STARTED = re.compile(r"worker started \(pid (\d+)\)")
LISTENING = re.compile(r"listening on (http://\S+) with (\d+) workers")


class Serving:
    """A running `erp-gateway serve` and the lines of its log, read as they come."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._reader.join(5)
        assert self.proc.stderr is not None
        self.proc.stderr.close()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.append(line)
            self.lines.put(line)

    def expect(self, pattern: re.Pattern[str], timeout: float = 15) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if found := pattern.search(line):
                return found
        raise AssertionError(f"no {pattern.pattern!r} in the log:\n{''.join(self.log)}")


def _config(folder: Path, database_url: str) -> Path:
    path = folder / "gateway.toml"
    path.write_text(f'[service]\nthreads = 4\n[database]\nurl = "{database_url}"\n')
    subprocess.run([ERP_GATEWAY, "init", "--config", str(path)], check=True, capture_output=True)
    return path


@pytest.fixture
def serving(tmp_path: Path, pg_database: str) -> Iterator[Serving]:
    config = _config(tmp_path, pg_database)
    proc = subprocess.Popen(
        [ERP_GATEWAY, "serve", "--port", "0", "--workers", "2", "--config", str(config)],
        stderr=subprocess.PIPE,
        text=True,
    )
    serving = Serving(proc)
    try:
        yield serving
    finally:
        serving.close()


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its parent counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _send(url: str, till: str, number: int) -> Reply:
    """One ticket; a connection the killed worker held is tried again, as a till does."""
    ticket = make_ticket(f"{till}-{number}", till_id=till, number=number)
    body = envelope("SendTickets", {"tillId": till, "tickets": {"ticket": [ticket]}})
    for _ in range(5):
        try:
            return post(url, body)
        except (OSError, http.client.HTTPException):  # a cut answer: IncompleteRead, etc.
            time.sleep(0.2)
    raise AssertionError(f"{till}-{number}: no answer")


def _till(url: str, till: str, numbers: range, statuses: list[str]) -> None:
    for number in numbers:
        reply = _send(url, till, number)
        assert reply.status == 200, reply.body
        statuses.append(reply.find(".//t:status")[0].text or "")


def _sell(url: str, tills: int, numbers: range) -> list[str]:
    statuses: list[str] = []
    threads = [
        threading.Thread(target=_till, args=(url, f"T{t:02d}", numbers, statuses))
        for t in range(1, tills + 1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return statuses


@pytest.mark.postgres
@pytest.mark.skipif(sys.platform != "linux", reason="process checks read /proc")
def test_workers_share_the_port_survive_a_kill_and_stop_on_sigterm(
    serving: Serving, pg_database: str
) -> None:
    url = serving.expect(LISTENING).group(1)
    pids = [int(serving.expect(STARTED).group(1)) for _ in range(2)]
    assert len(set(pids)) == 2

    before = _sell(url, 4, range(1, 11))
    assert before.count("accepted") == 40

    victim = pids[0]
    victim_killed = threading.Event()

    def kill_meanwhile() -> None:
        time.sleep(0.2)
        os.kill(victim, signal.SIGKILL)
        victim_killed.set()

    killer = threading.Thread(target=kill_meanwhile)
    killer.start()
    during = _sell(url, 4, range(11, 31))  # the kill lands while these are sent
    killer.join()
    assert victim_killed.is_set()
    new_pid = int(serving.expect(STARTED).group(1))
    assert new_pid not in pids
    assert not _alive(victim)
    assert any(f"worker stopped (pid {victim})" in line for line in serving.log)
    # A resend after a lost answer is a duplicate: both mean "stored".
    assert set(during) <= {"accepted", "duplicate"} and len(during) == 80

    after = _sell(url, 4, range(31, 41))
    assert after.count("accepted") == 40

    engine = sa.create_engine(pg_database, poolclass=sa.NullPool)
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT ticket_id FROM tickets")).scalars().all()
    engine.dispose()
    assert len(stored) == len(set(stored)) == 4 * 40

    serving.proc.send_signal(signal.SIGTERM)
    assert serving.proc.wait(timeout=20) == 0
    time.sleep(0.2)
    for pid in (pids[1], new_pid):
        assert not _alive(pid), f"worker {pid} outlived the arbiter"
        assert any(f"worker stopped (pid {pid})" in line for line in serving.log)


def test_several_workers_are_refused_on_sqlite(tmp_path: Path) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text("[service]\nworkers = 3\n")
    subprocess.run([ERP_GATEWAY, "init", "--config", str(config)], check=True, capture_output=True)
    done = subprocess.run(
        [ERP_GATEWAY, "serve", "--port", "0", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1
    assert "service.workers = 3 needs PostgreSQL" in done.stderr
    assert "write lock" in done.stderr


def test_last_seen_is_written_at_most_once_a_minute(tmp_path: Path) -> None:
    """Every call of a till noting it would lock its row: once a minute is enough."""
    from gateway_fixture import make_gateway_config

    from erp_gateway.db import GatewayDatabase
    from erp_gateway.registry import LAST_SEEN_EVERY, list_tills, touch_till

    db = GatewayDatabase.from_config(make_gateway_config(tmp_path))
    try:
        first = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
        for seconds in (0, 10, 59):
            at = first + dt.timedelta(seconds=seconds)
            assert db.write(lambda conn, at=at: touch_till(conn, "T01", at, "S001")) == "S001"
        assert [t.last_seen for t in list_tills(db)] == [first]
        later = first + LAST_SEEN_EVERY
        db.write(lambda conn: touch_till(conn, "T01", later))
        assert [t.last_seen for t in list_tills(db)] == [later]
        earlier = first - dt.timedelta(hours=1)  # a clock set back is noted too
        db.write(lambda conn: touch_till(conn, "T01", earlier))
        assert [t.last_seen for t in list_tills(db)] == [earlier]
    finally:
        db.dispose()
