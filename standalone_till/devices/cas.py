"""CAS 22-byte weight stream (CAS indicators and POS scales, "CAS" data format).

Followed: CAS CI-series indicator owner's manuals (CI-150A, CI-400, CI-600D, PDI,
NT-200), appendix "Data format - 22 Bytes for CAS". The indicator sends this frame
continuously (stream mode), 8 data bits, no parity:

    ST,GS,<id><lamp>,<weight: 8 bytes><space>kg CR LF

    header 1  ST stable, US unstable, OL overload
    header 2  GS gross, NT net
    id        device number, one byte ('1' = 0x31 ...)
    lamp      status bits: 7 always 1, 6 stable, 4 hold, 3 printer, 2 gross, 1 tare, 0 zero
    weight    8 ASCII bytes, e.g. "000013.5"; a negative weight starts with '-'
    unit      "kg" (or " t"); only kg is accepted

A negative stable weight is reported as under zero. The driver drops what was buffered,
re-synchronises on CR LF and reads the next whole frame; a garbled frame is skipped
once (the next frame is read), twice in a row is an error.

Left out: the 10-byte and 18-byte (AND) formats, the relay-status variant, command
mode and its BCC, and hold/printer lamp bits.
"""

from __future__ import annotations

import re
from decimal import Decimal

from standalone_till.devices.scale import ScaleState, SerialScale, WeightReading

FRAME_LEN = 22
_FRAME = re.compile(
    rb"(?P<state>ST|US|OL),(?P<mode>GS|NT),(?P<id>[\x20-\x7e])(?P<lamp>[\x80-\xff]),"
    rb"(?P<weight>[-+ 0-9.]{8}) (?P<unit>kg| t|lb)\r\n",
    re.DOTALL,
)
_NUMBER = re.compile(r"[-+ ]?[0-9]*\.?[0-9]+")
_STATES = {b"ST": ScaleState.STABLE, b"US": ScaleState.MOTION, b"OL": ScaleState.OVER_CAPACITY}


def parse_frame(frame: bytes) -> WeightReading:
    """The reading in one 22-byte frame; ValueError says what is wrong with it."""
    found = _FRAME.fullmatch(frame)
    if not found:
        raise ValueError(f"not a {FRAME_LEN}-byte CAS frame")
    state, net = _STATES[found["state"]], found["mode"] == b"NT"
    if state is ScaleState.OVER_CAPACITY:
        return WeightReading(state, None, net, frame)
    if found["unit"] != b"kg":
        raise ValueError(f"unit {found['unit'].decode().strip()!r}: set the scale to kg")
    text = found["weight"].decode()
    if not _NUMBER.fullmatch(text.strip() or "x"):
        raise ValueError(f"weight field {text!r} is not a number")
    kg = Decimal(text.replace(" ", "")).quantize(Decimal("0.001"))
    if kg < 0:
        return WeightReading(ScaleState.UNDER_ZERO, None, net, frame)
    return WeightReading(state, kg if state is ScaleState.STABLE else None, net, frame)


def frame_of(
    kg: Decimal, state: str = "ST", *, net: bool = False, device_id: int = 1, unit: str = "kg"
) -> bytes:
    """A frame as the indicator sends it (used by tests and simulators)."""
    lamp = 0x80 | (0x40 if state == "ST" else 0) | (0 if net else 0x04) | (0x01 if not kg else 0)
    weight = f"{kg:08.3f}" if kg >= 0 else "-" + f"{-kg:07.3f}"
    head = f"{state},{'NT' if net else 'GS'},".encode() + bytes([0x30 + device_id, lamp])
    return head + f",{weight} {unit}\r\n".encode()


class CasScale(SerialScale):
    protocol = "cas"

    def exchange(self) -> WeightReading:
        self.link.discard_input()  # the stream piles up while nobody reads: start fresh
        frame = self.link.read_until(b"\r\n", max_len=4 * FRAME_LEN)
        if len(frame) < FRAME_LEN:  # the tail of a frame cut by the discard
            frame = self.link.read_until(b"\r\n", max_len=4 * FRAME_LEN)
        try:
            return parse_frame(frame)
        except ValueError as exc:
            raise self.link.frame_error(f"garbled frame ({exc})", frame) from None
