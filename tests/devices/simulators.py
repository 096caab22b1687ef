"""Devices simulated byte for byte on pty pairs, each in a thread.

The simulator holds the master side of a pty (raw mode); the driver under test opens
the slave through a symlink, as it would open /dev/ttyUSB0. ``unplug`` closes the pty
and removes the symlink; ``plug`` makes a new pty and points the same symlink at it: a
device pulled out and plugged back in, found again under the same name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import select
import threading
import time
import tty
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from standalone_till.devices import cas, mettler8217
from standalone_till.devices import thermal_codec as codec
from standalone_till.money import cents, qty3, vat_of_gross

if not hasattr(os, "openpty"):
    pytest.skip("the device simulators need pty pairs (POSIX)", allow_module_level=True)


def wait_until(condition: Callable[[], object], timeout: float = 3.0) -> bool:
    """Poll ``condition`` until true or ``timeout``; its last value as a bool."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return bool(condition())


class PtyPort:
    """One pty pair; ``path`` is a symlink to the slave side."""

    def __init__(self, path: Path) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(self.slave)
        os.set_blocking(self.master, False)  # a full buffer must not block the simulator
        fresh = path.with_name(path.name + ".new")
        fresh.unlink(missing_ok=True)
        os.symlink(os.ttyname(self.slave), fresh)
        os.replace(fresh, path)  # repoint atomically

    def close(self) -> None:
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class DeviceSimulator:
    """The thread that reads what the driver sends and answers as the device would.

    The lock is held while the thread selects and reads, so ``unplug`` never closes a
    descriptor under it (whose number a new port could reuse).
    """

    tick_s = 0.02

    def __init__(self, path: Path) -> None:
        self.path = path
        self.received = bytearray()
        self.silent = False
        self._lock = threading.RLock()
        self._port: PtyPort | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=type(self).__name__, daemon=True)
        self.plug()
        self._thread.start()

    # ---- the cable -------------------------------------------------------------------

    def plug(self) -> None:
        with self._lock:
            if self._port is None:
                self._port = PtyPort(self.path)

    def unplug(self) -> None:
        with self._lock:
            port, self._port = self._port, None
            if port is not None:
                port.close()
            self.path.unlink(missing_ok=True)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.unplug()

    def send(self, data: bytes) -> None:
        with self._lock:
            if self._port is not None and not self.silent:
                with contextlib.suppress(BlockingIOError, OSError):
                    os.write(self._port.master, data)

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                data = self._read_some()
                if data:
                    self.received += data
                    self.on_bytes(data)
                self.tick()
            if not data:
                time.sleep(0.002)

    def _read_some(self) -> bytes:
        if self._port is None:
            return b""
        ready, _, _ = select.select([self._port.master], [], [], self.tick_s)
        if not ready:
            return b""
        try:
            return os.read(self._port.master, 4096)
        except OSError:  # nobody has the slave open right now
            return b""

    # ---- the protocol ----------------------------------------------------------------

    def on_bytes(self, data: bytes) -> None:
        raise NotImplementedError

    def tick(self) -> None:
        """Called every few milliseconds (for devices that talk unasked)."""


# ---------------------------------------------------------------- scales


class Mettler8217Simulator(DeviceSimulator):
    """Answers each ``W`` with the next scripted answer, else with ``standing``."""

    def __init__(self, path: Path) -> None:
        self.script: deque[bytes] = deque()
        self.standing = mettler8217.weight_reply(Decimal("0"))
        self.requests = 0
        super().__init__(path)

    def on_bytes(self, data: bytes) -> None:
        for _ in range(data.count(mettler8217.WEIGH)):
            self.requests += 1
            self.send(self.script.popleft() if self.script else self.standing)

    def answer(self, *replies: bytes) -> None:
        with self._lock:
            self.script.extend(replies)


class CasSimulator(DeviceSimulator):
    """Streams a 22-byte frame every ``period`` seconds; ``inject`` queues raw frames."""

    period = 0.03

    def __init__(self, path: Path) -> None:
        self.injected: deque[bytes] = deque()
        self.frame = cas.frame_of(Decimal("0"))
        self._next = 0.0
        super().__init__(path)

    def on_bytes(self, data: bytes) -> None:
        pass  # stream mode: the indicator ignores the host

    def tick(self) -> None:
        now = time.monotonic()
        if now >= self._next:
            self._next = now + self.period
            self.send(self.injected.popleft() if self.injected else self.frame)

    def show(self, frame: bytes) -> None:
        with self._lock:
            self.frame = frame

    def inject(self, *frames: bytes) -> None:
        with self._lock:
            self.injected.extend(frames)


# ---------------------------------------------------------------- Thermal fiscal printer

_COMMAND = re.compile(rb"([0-9;]*)([$#][a-zA-Z])(.*)", re.DOTALL)


@dataclass
class FiscalReceipt:
    """What the simulated printer printed for one receipt."""

    lines: list[tuple[str, Decimal, str, Decimal, Decimal, Decimal]] = field(default_factory=list)
    total: Decimal = Decimal("0")
    cash: Decimal = Decimal("0")
    forms: list[tuple[int, str, Decimal]] = field(default_factory=list)
    change: Decimal = Decimal("0")
    till_code: str = ""
    cashier: str = ""
    reference: str = ""
    vat: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # letter: (gross, VAT)

    @property
    def paid(self) -> Decimal:
        return self.cash + sum((a for _, _, a in self.forms), Decimal("0"))


def _mazovia_text(raw: bytes) -> str:
    reverse = {v: k for k, v in codec._MAZOVIA.items()}
    return "".join(reverse.get(b, chr(b)) for b in raw)


class ThermalSimulator(DeviceSimulator):
    """A POSNET Thermal printer in error mode 3, with fault injection."""

    def __init__(self, path: Path) -> None:
        self.ptu = ["23.00", "08.00", "05.00", "00.00", "100.00", "101.00", "101.00"]
        self.paper_out = False
        self.online = True
        self.in_receipt = False
        self.cmd_ok = True
        self.last_ok = False  # TRF
        self.error_mode = 0
        self.receipts: list[FiscalReceipt] = []
        self.cancelled = 0
        self.reports: list[dt.date] = []
        self.drawer_opened = 0
        self.damage_next = 0  # frames to take as damaged on the line (bad check code)
        self.garble_next = 0  # answers to send garbled
        self.drop_answer_to: bytes | None = None  # carry this command out, lose its answer
        self.unplug_after_lines: int | None = None
        self._current: FiscalReceipt | None = None
        self._buf = bytearray()
        super().__init__(path)

    def on_bytes(self, data: bytes) -> None:
        self._buf += data
        while self._buf:
            first = self._buf[:1]
            if first == codec.ENQ:
                del self._buf[:1]
                self.send(
                    bytes([0x60 | 8 | self.cmd_ok << 2 | self.in_receipt << 1 | self.last_ok])
                )
            elif first == codec.DLE:
                del self._buf[:1]
                self.send(bytes([0x70 | self.online << 2 | self.paper_out << 1]))
            elif first == codec.CAN:
                del self._buf[:1]
            elif self._buf.startswith(codec.ESC_P):
                end = self._buf.find(codec.ESC_BACKSLASH)
                if end < 0:
                    return
                body = bytes(self._buf[2:end])
                del self._buf[: end + 2]
                self._frame(body)
            else:
                del self._buf[:1]  # line noise outside a frame

    def _answer(self, error: int) -> None:
        self.cmd_ok = error == 0
        if self.garble_next:
            self.garble_next -= 1
            self.send(codec.ESC_P + b"\xff#\x00" + codec.ESC_BACKSLASH)
        else:
            self.send(codec.ESC_P + f"{error}#Z".encode() + codec.ESC_BACKSLASH)

    def _frame(self, body: bytes) -> None:
        found = _COMMAND.fullmatch(body)
        if not found:
            return self._answer(4)
        params, command, rest = found.groups()
        if command == b"#s":
            return self._status()
        data, check = rest[:-2], rest[-2:]
        if self.damage_next or check != codec.check_code(body[:-2]):
            self.damage_next = max(self.damage_next - 1, 0)
            return self._answer(codec.BAD_CHECK_CODE)
        args = [int(p) for p in params.decode().split(";") if p]
        handler = {
            b"#e": self._error_mode,
            b"$h": self._open,
            b"$l": self._line,
            b"$e": self._cancel,
            b"$y": self._close,
            b"#r": self._report,
            b"$d": self._drawer,
        }.get(command)
        error = handler(args, data) if handler else 82
        if self.drop_answer_to == command:
            self.drop_answer_to, self.cmd_ok = None, error == 0
        else:
            self._answer(error)
        if (
            self.unplug_after_lines is not None
            and self._current
            and len(self._current.lines) >= self.unplug_after_lines
        ):
            self.unplug_after_lines = None
            self.unplug()
        return None

    def _status(self) -> None:
        today = dt.date.today()
        head = f"1#X1;0;{int(self.in_receipt)};0;0;0;0;{today:%y;%m;%d}"
        body = "/".join([head, *self.ptu, str(len(self.receipts)), "0.00", "ABC12345678"]).encode()
        self.send(codec.ESC_P + body + codec.ESC_BACKSLASH)
        self._answer(0)

    def _error_mode(self, args: list[int], data: bytes) -> int:
        self.error_mode = args[0] if args else 0
        return 0

    def _open(self, args: list[int], data: bytes) -> int:
        if self.in_receipt:
            return 95
        self.in_receipt, self._current = True, FiscalReceipt()
        return 0

    def _line(self, args: list[int], data: bytes) -> int:
        if not self.in_receipt or self._current is None:
            return 21
        try:
            name, qty_text, figures = data.split(b"\r")
            letter, price, gross, discount, tail = figures.decode().split("/")
            qty = Decimal(qty_text.decode())
            price_d, gross_d, discount_d = Decimal(price), Decimal(gross), Decimal(discount)
        except (ValueError, ArithmeticError):
            return 4
        rate = self._rate(letter)
        if rate is None:
            return 18
        if tail or gross_d != cents(qty3(qty) * price_d):
            return 20
        if discount_d > gross_d or (discount_d and args[1:] != [1]):
            return 4
        self._current.lines.append((_mazovia_text(name), qty, letter, price_d, gross_d, discount_d))
        return 0

    def _rate(self, letter: str) -> Decimal | None:
        if len(letter) != 1 or letter not in codec.LETTERS:
            return None
        value = Decimal(self.ptu[codec.LETTERS.index(letter)])
        return None if value == codec.UNUSED else value

    def _cancel(self, args: list[int], data: bytes) -> int:
        if args != [0] or not self.in_receipt:
            return 21
        self.in_receipt, self._current = False, None
        self.cancelled += 1
        return 0

    def _close(self, args: list[int], data: bytes) -> int:
        receipt = self._current
        if not self.in_receipt or receipt is None:
            return 21
        try:
            return self._settle(receipt, args, data)
        except (ValueError, IndexError, ArithmeticError):
            return 4

    def _settle(self, receipt: FiscalReceipt, args: list[int], data: bytes) -> int:
        n_lines, forms = args[0], args[8]
        kinds = args[11 : 11 + forms]
        texts = data.split(b"\r")
        till, cashier, reference = (t.decode() for t in texts[:3])
        names = [_mazovia_text(t) for t in texts[3 + n_lines : 3 + n_lines + forms]]
        figures = texts[3 + n_lines + forms].decode().split("/")
        total, _dsp, _discount, cash, *amounts = (Decimal(f) for f in figures[:-1])
        form_amounts, change = amounts[:forms], amounts[forms]
        lines_total = sum((g - d for *_, g, d in receipt.lines), Decimal("0"))
        if total != lines_total:
            return 27
        if cash + sum(form_amounts, Decimal("0")) - change != total:
            return 26
        receipt.total, receipt.cash, receipt.change = total, cash, change
        receipt.forms = list(zip(kinds, names, form_amounts, strict=True))
        receipt.till_code, receipt.cashier, receipt.reference = till, cashier, reference
        for *_, letter, _price, gross, discount in receipt.lines:
            before = receipt.vat.get(letter, (Decimal("0"), Decimal("0")))[0]
            rate = self._rate(letter) or Decimal("0")
            sold = before + gross - discount
            receipt.vat[letter] = (sold, vat_of_gross(sold, rate))
        self.receipts.append(receipt)
        self.in_receipt, self._current, self.last_ok = False, None, True
        return 0

    def _drawer(self, args: list[int], data: bytes) -> int:
        if args != [1]:
            return 4
        self.drawer_opened += 1
        return 0

    def _report(self, args: list[int], data: bytes) -> int:
        if self.in_receipt:
            return 95
        _, year, month, day = args
        self.reports.append(dt.date(2000 + year, month, day))
        return 0


# ---------------------------------------------------------------- ESC/POS slip printer


def escpos_commands(data: bytes) -> list[tuple[bytes, bytes]]:
    """The ESC/POS commands in ``data`` as (command, argument bytes); text as (b"", text).

    Knows the commands the till sends: fixed-length ESC and GS commands, GS k (barcode,
    function A NUL-ended or B with a length byte), GS ( k (2D code, with its length)."""
    fixed = {b"\x1b@": 0, b"\x1bt": 1, b"\x1ba": 1, b"\x1bE": 1, b"\x1bd": 1, b"\x1b!": 1,
             b"\x1b-": 1, b"\x1bM": 1, b"\x1b{": 1, b"\x1bp": 3, b"\x1dh": 1, b"\x1dw": 1,
             b"\x1df": 1, b"\x1dH": 1, b"\x1db": 1, b"\x1dB": 1}  # fmt: skip
    out: list[tuple[bytes, bytes]] = []
    i = 0
    while i < len(data):
        head = data[i : i + 2]
        if head in fixed:
            n = fixed[head]
            out.append((head, data[i + 2 : i + 2 + n]))
            i += 2 + n
        elif head == b"\x1dV":
            n = 2 if data[i + 2] in (65, 66) else 1
            out.append((head, data[i + 2 : i + 2 + n]))
            i += 2 + n
        elif head == b"\x1dk":
            m = data[i + 2]
            if m >= 65:
                n = data[i + 3]
                out.append((head, data[i + 2 : i + 4 + n]))
                i += 4 + n
            else:
                end = data.index(b"\x00", i + 3)
                out.append((head, data[i + 2 : end]))
                i = end + 1
        elif data[i : i + 3] == b"\x1d(k":
            n = data[i + 3] + 256 * data[i + 4]
            out.append((b"\x1d(k", data[i + 5 : i + 5 + n]))
            i += 5 + n
        elif data[i] in (0x1B, 0x1D):
            raise ValueError(f"unknown ESC/POS command {data[i : i + 3]!r} at {i}")
        else:
            j = i
            while j < len(data) and data[j] not in (0x1B, 0x1D):
                j += 1
            out.append((b"", data[i:j]))
            i = j
    return out


@dataclass(frozen=True)
class SlipContent:
    """What one printed slip holds, read back from its commands."""

    text: str
    code128: list[str]  # data of each Code 128 (function B), without the code set
    qr: list[str]
    kicks: list[int]  # drawer pin of each ESC p

    @classmethod
    def of(cls, data: bytes) -> SlipContent:
        text, code128, qr, kicks = [], [], [], []
        for command, arg in escpos_commands(data):
            if command == b"":
                text.append(arg.decode("cp852"))
            elif command == b"\x1dk" and arg[0] == 73:  # CODE128, function B
                assert arg[2:4] == b"{B", arg
                code128.append(arg[4:].decode("ascii"))
            elif command == b"\x1d(k" and arg[:2] == b"1P":  # store the QR data
                qr.append(arg[3:].decode("utf-8"))
            elif command == b"\x1bp":
                kicks.append(arg[0])
        return cls("".join(text), code128, qr, kicks)


class EscPosSimulator(DeviceSimulator):
    """Answers DLE EOT n; keeps everything else as printed bytes, cut into slips.

    ``contents`` reads each slip's text, barcodes and QR codes back; ``kicks`` counts
    the drawer kicks (ESC p) received, in or out of a slip."""

    def __init__(self, path: Path) -> None:
        self.offline = False
        self.paper_end = False
        self.cover_open = False
        self.printed = bytearray()
        self._buf = bytearray()
        super().__init__(path)

    @property
    def slips(self) -> list[bytes]:
        cut = b"\x1dVB\x00"
        parts = bytes(self.printed).split(cut)
        return [p + cut for p in parts[:-1]]

    @property
    def contents(self) -> list[SlipContent]:
        return [SlipContent.of(slip) for slip in self.slips]

    @property
    def kicks(self) -> list[int]:
        return SlipContent.of(bytes(self.printed)).kicks

    def on_bytes(self, data: bytes) -> None:
        self._buf += data
        while self._buf:
            if self._buf[:1] == b"\x10" and len(self._buf) < 3:
                return
            if self._buf[:2] == b"\x10\x04":
                self.send(bytes([self._status(self._buf[2])]))
                del self._buf[:3]
                continue
            self.printed += self._buf[:1]
            del self._buf[:1]

    def _status(self, n: int) -> int:
        fixed = 0x12
        if n == 1:
            return fixed | (0x08 if self.offline or self.paper_end or self.cover_open else 0)
        if n == 2:
            return fixed | (0x04 if self.cover_open else 0) | (0x20 if self.paper_end else 0)
        if n == 4:
            return fixed | (0x6C if self.paper_end else 0)
        return fixed
