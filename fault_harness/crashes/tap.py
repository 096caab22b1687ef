"""A loopback proxy in front of the gateway that sees SendTickets go and come back."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from fault_harness.crash_workers import WAIT

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
