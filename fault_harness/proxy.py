"""A seeded TCP proxy on loopback that delays, drops, resets and cuts connections.

Each accepted connection gets a :class:`Plan` drawn from ``random.Random(seed)`` in
connection order, so one seed gives the same plans run after run (:func:`planned` says
which, without a proxy):

* ``pass``: bytes go through untouched;
* ``delay``: every chunk waits ``Plan.delay`` seconds before it is forwarded;
* ``drop``: after ``Plan.at`` bytes in ``Plan.direction`` nothing is forwarded any more,
  both sockets stay open (a black hole: the client has to time out);
* ``reset``: after ``Plan.at`` bytes both sides get a TCP RST (``SO_LINGER`` 0, close);
* ``cut``: after ``Plan.at`` bytes both sides get a FIN, as a link that went away cleanly.

``direction`` is ``up`` (client to server) or ``down`` (server to client). A connection
that ends before its fault strikes has simply passed; :attr:`FaultProxy.struck` counts
the faults that really happened, by kind. With ``FaultRates.recycle_after`` set, a
``pass`` or ``delay`` connection that carried that many bytes down is closed (FIN) at the
next quiet moment, as servers and NATs close idle keep-alive connections: a client that
keeps one connection open would otherwise meet the dice only once.

    with FaultProxy(("127.0.0.1", 8080), FaultRates(cut=0.3, reset=0.2), seed=7) as proxy:
        url = f"http://127.0.0.1:{proxy.port}/soap"
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import random
import selectors
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal, Self

log = logging.getLogger("tillsync.faults")

Fault = Literal["pass", "delay", "drop", "reset", "cut"]
Direction = Literal["up", "down"]
FAULTS: tuple[Fault, ...] = ("delay", "drop", "reset", "cut")
_CHUNK = 1 << 16
_QUIET = 0.005  # s without traffic either way before a connection is recycled
_DRAIN = 1.0  # s a reset waits for the bytes already forwarded to be taken by the peer
_LINGER = 2.0  # s a cut connection waits for its client to close


@dataclass(frozen=True, slots=True)
class FaultRates:
    """How often each fault is planned (the rest pass), and how it is shaped.

    ``max_at_up`` / ``max_at_down``: a fault strikes after a number of bytes drawn
    uniformly from 0 to this, in the direction drawn (up with ``up_share``, 0 for
    connections where the client sends nothing, such as FTP downloads). ``max_delay``:
    seconds added to each chunk of a delayed connection, drawn per connection from 0 to
    this.
    """

    delay: float = 0.0
    drop: float = 0.0
    reset: float = 0.0
    cut: float = 0.0
    max_delay: float = 0.02
    max_at_up: int = 1 << 16
    max_at_down: int = 1 << 16
    up_share: float = 0.5
    recycle_after: int | None = None

    def __post_init__(self) -> None:
        rates = (self.delay, self.drop, self.reset, self.cut)
        if min(rates) < 0 or sum(rates) > 1:
            raise ValueError(f"fault rates must be >= 0 and add up to <= 1, got {rates}")
        if self.max_delay < 0 or self.max_at_up < 0 or self.max_at_down < 0:
            raise ValueError("max_delay, max_at_up and max_at_down must be >= 0")
        if not 0 <= self.up_share <= 1:
            raise ValueError(f"up_share must be 0..1, got {self.up_share}")

    def as_tuple(self) -> tuple[float, float, float, float]:
        """The rates in the order of ``FAULTS``."""
        return (self.delay, self.drop, self.reset, self.cut)

    def plan(self, rng: random.Random) -> Plan:
        """The next connection's plan; always draws the same number of values."""
        roll, up = rng.random(), rng.random() < self.up_share
        at_up, at_down = rng.randint(0, self.max_at_up), rng.randint(0, self.max_at_down)
        delay = rng.uniform(0, self.max_delay)
        kind: Fault = "pass"
        edge = 0.0
        for name, rate in zip(FAULTS, (self.delay, self.drop, self.reset, self.cut), strict=True):
            edge += rate
            if roll < edge:
                kind = name
                break
        return Plan(kind, "up" if up else "down", at_up if up else at_down, delay)


def first_kinds(rates: FaultRates, seed: int) -> list[Fault]:
    """The faults the first connections of a proxy get, in order, whatever they drew.

    Every kind with a rate comes once, in a seeded order, so that a short run at low
    rates still shows each of them; the connections after these follow their draws.
    """
    kinds = [k for k, r in zip(FAULTS, rates.as_tuple(), strict=True) if r > 0]
    return random.Random(f"{seed}:first").sample(kinds, len(kinds))


def planned(rates: FaultRates, seed: int, count: int) -> list[Plan]:
    """The plans a proxy with ``rates`` and ``seed`` gives its first ``count`` connections
    (faults on, rates unchanged): a function of these two alone."""
    rng, deck = random.Random(seed), first_kinds(rates, seed)[::-1]
    return [_next_plan(rates, rng, deck) for _ in range(count)]


def _next_plan(rates: FaultRates, rng: random.Random, deck: list[Fault]) -> Plan:
    """The next connection's plan; ``deck`` (popped from the end) overrides its kind while
    it lasts, so the first faulty connections show every planned kind once."""
    plan = rates.plan(rng)
    if deck:
        plan = Plan(deck.pop(), plan.direction, plan.at, plan.delay)
    return plan


@dataclass(frozen=True, slots=True)
class Plan:
    """What the proxy does to one connection."""

    kind: Fault
    direction: Direction
    at: int
    delay: float

    def __str__(self) -> str:
        if self.kind == "pass":
            return "pass"
        if self.kind == "delay":
            return f"delay {self.delay * 1000:.1f} ms/chunk"
        return f"{self.kind} after {self.at} bytes {self.direction}"


@dataclass(slots=True)
class LinkRecord:
    """One proxied connection: its plan and what went through it."""

    number: int  # in the order accepted (one whose target was unreachable has none)
    plan: Plan
    opened: float
    closed: float | None = None
    up: int = 0
    down: int = 0
    struck: bool = False
    recycled: bool = False


@dataclass(eq=False)
class _Link:
    record: LinkRecord
    client: socket.socket
    upstream: socket.socket
    lock: threading.Lock = field(default_factory=threading.Lock)
    state: Literal["open", "drop", "cut", "closed"] = "open"
    last_up: float = field(default_factory=time.monotonic)


class FaultProxy:
    """Forwards ``listen`` (default 127.0.0.1, a free port) to ``target``, applying faults.

    Thread per direction of each connection; ``close()`` (or leaving the ``with`` block)
    stops accepting and closes every socket. ``rates`` may be replaced at any time: it
    shapes the connections accepted from then on.
    """

    def __init__(
        self,
        target: tuple[str, int],
        rates: FaultRates,
        *,
        seed: int,
        listen: tuple[str, int] = ("127.0.0.1", 0),
        name: str = "proxy",
    ) -> None:
        self.target = target
        self.rates = rates
        self.name = name
        self._rng = random.Random(seed)
        self._deck = first_kinds(rates, seed)[::-1]  # popped from the end
        self._lock = threading.Lock()
        self._links: list[_Link] = []
        self._accepted = 0
        self._stop = threading.Event()
        self._enabled = True
        self.listener = socket.create_server(listen)
        self.listener.settimeout(0.05)
        self.host, self.port = self.listener.getsockname()[:2]
        self._thread = threading.Thread(target=self._accept, name=f"{name}-accept", daemon=True)
        self._thread.start()

    # -- the public face ---------------------------------------------------------------

    @property
    def records(self) -> list[LinkRecord]:
        """Every connection so far, in the order they came (copies)."""
        with self._lock:
            links = list(self._links)
        out = []
        for link in links:
            with link.lock:
                out.append(dataclasses.replace(link.record))
        return out

    @property
    def planned(self) -> Counter[str]:
        """Connections by the fault planned for them (``pass`` included)."""
        return Counter(r.plan.kind for r in self.records)

    @property
    def struck(self) -> Counter[str]:
        """Faults that really happened, by kind (a delayed connection counts once it
        forwarded a chunk; a planned drop, reset or cut once its byte came)."""
        return Counter(r.plan.kind for r in self.records if r.struck)

    @property
    def recycled(self) -> int:
        return sum(r.recycled for r in self.records)

    @property
    def bytes_down(self) -> int:
        return sum(r.down for r in self.records)

    def faults(self, enabled: bool) -> None:
        """Plan faults for the connections to come (True) or let them all pass (False).

        The dice are rolled either way, so a seed keeps its sequence."""
        self._enabled = enabled

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.listener.close()
        with self._lock:
            links = list(self._links)
        for link in links:
            self._close(link)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- connections ----------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            plan = _next_plan(self.rates, self._rng, self._deck)
            if not self._enabled:
                plan = Plan("pass", plan.direction, plan.at, plan.delay)
            self._accepted += 1  # every accepted connection uses up its plan, and its number
            log.debug("%s: connection %d: %s", self.name, self._accepted, plan)
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError as exc:
                log.warning(
                    "%s: connection %d: cannot reach %s:%d: %s",
                    self.name,
                    self._accepted,
                    *self.target,
                    exc,
                )
                _abort(client)
                continue
            for s in (client, upstream):
                s.settimeout(None)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                record = LinkRecord(self._accepted, plan, time.monotonic())
                link = _Link(record, client, upstream)
                self._links.append(link)
            for direction in ("up", "down"):
                threading.Thread(
                    target=self._pump,
                    args=(link, direction),
                    name=f"{self.name}-{record.number}-{direction}",
                    daemon=True,
                ).start()

    def _pump(self, link: _Link, direction: Direction) -> None:
        up = direction == "up"
        src, dst = (link.client, link.upstream) if up else (link.upstream, link.client)
        plan = link.record.plan
        try:
            while data := self._receive(link, src, up):
                if link.state in ("drop", "cut"):
                    continue  # swallowed: a black hole, or a cut line's last words
                if link.state == "closed":
                    break
                if up:
                    link.last_up = time.monotonic()
                self._forward(link, dst, data, direction, plan)
        except (OSError, ValueError):  # ValueError: a socket closed by the other pump
            pass
        self._ended(link, direction)

    def _receive(self, link: _Link, src: socket.socket, up: bool) -> bytes:
        """The next chunk; on the downstream side of a recyclable connection, a quiet
        moment past ``recycle_after`` ends it (b""). Waits use ``select``: a socket
        timeout would also bound the other direction's ``sendall`` on the same socket."""
        if link.state == "cut":  # a client that never closes is let go
            return src.recv(_CHUNK) if _readable(src, _LINGER) else b""
        limit = self.rates.recycle_after
        recyclable = limit is not None and link.record.plan.kind in ("pass", "delay") and not up
        while recyclable and link.record.down >= (limit or 0) and not _readable(src, _QUIET):
            if time.monotonic() - link.last_up >= _QUIET and link.state == "open":
                with link.lock:
                    link.record.recycled = True
                log.debug("%s: connection %d recycled", self.name, link.record.number)
                self._cut(link)
                return b""
        return src.recv(_CHUNK)

    def _forward(
        self, link: _Link, dst: socket.socket, data: bytes, direction: Direction, plan: Plan
    ) -> None:
        count = "up" if direction == "up" else "down"
        armed = plan.kind in ("drop", "reset", "cut") and plan.direction == direction
        passed = getattr(link.record, count)
        if armed and passed + len(data) >= plan.at:
            head = data[: plan.at - passed]
            if head:
                dst.sendall(head)
                self._count(link, count, len(head))
            self._strike(link)
            return
        if plan.kind == "delay":
            time.sleep(plan.delay)
            with link.lock:
                link.record.struck = True
        dst.sendall(data)
        self._count(link, count, len(data))

    @staticmethod
    def _count(link: _Link, direction: str, n: int) -> None:
        with link.lock:
            setattr(link.record, direction, getattr(link.record, direction) + n)

    def _strike(self, link: _Link) -> None:
        plan = link.record.plan
        with link.lock:
            if link.record.struck or link.state != "open":
                return
            link.record.struck = True
            if plan.kind == "drop":
                link.state = "drop"
        log.info("%s: connection %d: %s", self.name, link.record.number, plan)
        if plan.kind == "reset":
            _wait_sent(link.client)
            self._reset(link)
        elif plan.kind == "cut":
            self._cut(link)

    def _cut(self, link: _Link) -> None:
        """FIN both ways; what the client still sends is read and thrown away until it
        closes (the upstream pump does it), so no unread byte turns the close into a
        reset that would destroy what the client has not read yet."""
        with link.lock:
            if link.state in ("cut", "closed"):
                return
            link.state = "cut"
        for s in (link.client, link.upstream):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_WR)
        with contextlib.suppress(OSError):
            link.upstream.shutdown(socket.SHUT_RD)

    def _reset(self, link: _Link) -> None:
        if self._finish(link):
            for s in (link.client, link.upstream):
                _abort(s)

    def _ended(self, link: _Link, direction: Direction) -> None:
        """One direction is done. The server's side ending does not end a black hole
        (the client must time out) nor a cut (the client is still read to its end)."""
        with link.lock:
            waiting = link.state in ("drop", "cut") and direction == "down"
        if not waiting:
            self._close(link)

    def _close(self, link: _Link) -> None:
        if self._finish(link):
            for s in (link.client, link.upstream):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    @staticmethod
    def _finish(link: _Link) -> bool:
        """Mark the link closed; True for the one caller that must close its sockets."""
        with link.lock:
            if link.record.closed is not None:
                return False
            link.record.closed = time.monotonic()
            link.state = "closed"
            return True


def _readable(s: socket.socket, timeout: float) -> bool:
    with selectors.DefaultSelector() as selector:
        selector.register(s, selectors.EVENT_READ)
        return bool(selector.select(timeout))


def _abort(s: socket.socket) -> None:
    """Close with an RST instead of a FIN. A thread blocked in ``recv`` on the socket
    would hold the close back: shutting the reading side first wakes it."""
    with contextlib.suppress(OSError):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.shutdown(socket.SHUT_RD)
    s.close()


def _wait_sent(s: socket.socket) -> None:
    """Wait (at most ``_DRAIN``) until the peer has read what was forwarded to it: a
    reset destroys what the peer's kernel holds unread, and those bytes were counted as
    delivered. Where the queues cannot be seen (not Linux), a short pause instead."""
    deadline = time.monotonic() + _DRAIN
    while time.monotonic() < deadline:
        queued = _queued(s)
        if queued is None:
            time.sleep(0.05)
            return
        if queued == 0:
            return
        time.sleep(0.002)


def _queued(s: socket.socket) -> int | None:
    """Bytes sent on ``s`` not yet read by the peer on this host: our send queue plus the
    peer socket's receive queue (``/proc/net/tcp``); None when unknown."""
    try:
        import fcntl
        import termios

        ours = struct.unpack("i", fcntl.ioctl(s.fileno(), termios.TIOCOUTQ, b"\0" * 4))[0]
        local, peer = s.getsockname()[:2], s.getpeername()[:2]
        with open("/proc/net/tcp", encoding="ascii") as table:
            rows = [line.split() for line in table.readlines()[1:]]
    except (ImportError, OSError, ValueError):
        return None
    wanted = (_proc_address(peer), _proc_address(local))
    for row in rows:
        if (row[1], row[2]) == wanted:
            return ours + int(row[4].split(":")[1], 16)
    return None


def _proc_address(address: tuple[str, int]) -> str:
    """``("127.0.0.1", 80)`` as ``/proc/net/tcp`` writes it: ``0100007F:0050``."""
    host, port = address
    return "".join(f"{int(b):02X}" for b in reversed(host.split("."))) + f":{port:04X}"
