"""Fuzz target 5: scale, fiscal printer, slip printer and card frames over a scripted port."""

from __future__ import annotations

import time
from collections.abc import Sequence
from decimal import Decimal

from connectors.errors import (
    SaleError,
    TillsyncError,
)
from fault_harness.fuzz.common import _HANG_S, Plan, Tally, _describe, _explore, _mutate_bytes

# -- 5. device frames -------------------------------------------------------------------


class ScriptedPort:
    """A serial port whose device answers each write (or each flush, for a streaming
    scale) with the next chunk of a script; silent once the script is used up."""

    def __init__(self, script: Sequence[bytes], *, streaming: bool) -> None:
        self.script = list(script)
        self.streaming = streaming
        self.rx = bytearray()
        self.is_open = False
        self.baudrate = self.bytesize = self.stopbits = 0
        self.parity = "N"
        self.timeout = self.write_timeout = 0.0

    def open(self) -> None:
        self.is_open = True

    def close(self) -> None:
        self.is_open = False

    def _next(self) -> None:
        if self.script:
            self.rx += self.script.pop(0)

    def write(self, data: bytes) -> int:
        if not self.streaming:
            self._next()
        return len(data)

    def reset_input_buffer(self) -> None:
        self.rx.clear()
        if self.streaming:
            self._next()

    @property
    def in_waiting(self) -> int:
        return len(self.rx)

    def read(self, size: int = 1) -> bytes:
        chunk = bytes(self.rx[:size])
        del self.rx[:size]
        if not chunk and self.streaming:
            self._next()
        return chunk


def _device_scripts() -> dict[str, list[bytes]]:
    from standalone_till.devices import cas, mettler8217
    from standalone_till.devices import thermal_codec as codec

    ok = codec.ESC_P + b"0#Z" + codec.ESC_BACKSLASH
    rates = "/".join(["1#X1;0;0;0;0;0;0;26;11;21", "23.00", "8.00", "5.00", "0.00", "100.00"])
    table = (
        codec.ESC_P + (rates + "/101.00/101.00/0/0.00/ABC12345678").encode() + codec.ESC_BACKSLASH
    )
    return {
        "mettler8217": [mettler8217.weight_reply(Decimal("1.234"))] * 2,
        "mettler8217-status": [mettler8217.status_reply(mettler8217.MOTION)] * 2,
        "cas": [cas.frame_of(Decimal("0.500"))] * 4,
        "thermal-status": [b"\x74", b"\x6c"] * 2,
        "thermal-vat": [ok, table + ok],
        "thermal-open": [ok, ok, ok, ok],
        "escpos-status": [b"\x12"] * 6,
        "card": [b"%B9000000000017^MARTIN/ANNE^2912?;9000000000017=2912?"],
    }


def _device_call(kind: str, script: list[bytes]) -> object:
    from connectors.serial import SerialLink, SerialSettings
    from standalone_till.devices import cards
    from standalone_till.devices.cas import CasScale
    from standalone_till.devices.escpos import EscPosPrinter
    from standalone_till.devices.mettler8217 import Mettler8217Scale
    from standalone_till.devices.thermal import ThermalPrinter

    if kind == "card":
        return cards.parse_card_input(b"".join(script).decode("latin-1"))
    port = ScriptedPort(script, streaming=kind == "cas")
    settings_ = SerialSettings("fuzz", 9600, "8N1", timeout=0.02)
    link = SerialLink(kind, settings_, opener=lambda *a, **k: port)
    try:
        if kind.startswith("mettler") or kind == "cas":
            scale = (CasScale if kind == "cas" else Mettler8217Scale)(
                link, stable_timeout=0.2, poll_interval=0.01
            )
            return scale.read_stable_weight()
        if kind.startswith("escpos"):
            return EscPosPrinter(link, letters={Decimal("23"): "A"}).status()
        printer = ThermalPrinter(link, till_code="T01")
        if kind == "thermal-status":
            return printer.status()
        if kind == "thermal-vat":
            return printer.vat_letters()
        printer.open_receipt()
        return None
    finally:
        link.close()


def _mutate_frames(plan: Plan, script: list[bytes]) -> list[bytes]:
    out = list(script)
    for _ in range(plan.between(1, 3)):
        kind = plan.pick(["mutate", "mutate", "random", "drop", "split", "noise"])
        i = plan.between(0, len(out) - 1) if out else 0
        if not out or kind == "random":
            out.insert(i, plan.blob())
        elif kind == "mutate":
            out[i] = _mutate_bytes(plan, out[i])
        elif kind == "drop":
            del out[i]
        elif kind == "split":
            cut = plan.between(0, len(out[i]))
            out[i : i + 1] = [out[i][:cut], out[i][cut:]]
        else:
            out[i] = plan.blob() + out[i] + plan.blob()
    return out


def _clear_device_error(exc: BaseException, kind: str) -> bool:
    if kind == "card":
        return isinstance(exc, SaleError) and "card" in str(exc)
    return isinstance(exc, TillsyncError) and kind in str(exc) + str(getattr(exc, "device", ""))


def fuzz_devices(tally: Tally, examples: int, seed: int) -> None:
    scripts = _device_scripts()
    for kind, script in scripts.items():  # the valid script is read without an error
        try:
            _device_call(kind, list(script))
        except Exception as exc:
            if not (kind == "mettler8217-status" and isinstance(exc, TillsyncError)):
                tally.violation("crashes", f"{kind}: a valid answer failed: {_describe(exc)}")

    def case(plan: Plan) -> None:
        kind = plan.pick(sorted(scripts))
        script = _mutate_frames(plan, scripts[kind])
        tally.cases += 1
        started = time.monotonic()
        try:
            _device_call(kind, script)
        except TillsyncError as exc:
            tally.refused += 1
            if not _clear_device_error(exc, kind):
                tally.violation("unclear_errors", f"{kind} {script!r}: {_describe(exc)}")
        except Exception as exc:
            tally.violation("crashes", f"{kind} {script!r}: {_describe(exc)}")
        if time.monotonic() - started > _HANG_S:
            tally.violation("crashes", f"{kind}: hung {time.monotonic() - started:.1f} s")

    _explore(case, examples, seed)
