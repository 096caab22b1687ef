"""Mettler Toledo 8217 request-weight protocol (the "8217" mode of POS scales).

Followed: METTLER TOLEDO *DIVA Service Manual*, section 6.1.3/6.1.4 "8217 protocol"
(command table and "Scale Status Byte Bit Definitions"), the same protocol as in the
Viva/Ariva service manuals that Odoo's scale driver cites. Default line: 9600 baud,
7 data bits, even parity, 1 stop bit.

    host:  W
    scale: STX WW.WWW CR          stable weight (kg; a trailing N marks a net weight)
    scale: STX ? <status> CR      no weight: the status byte says why

Status byte: bit 0 motion, 1 over capacity, 2 under zero, 3 outside zero capture range,
4 center of zero, 5 net weight, 6 always 1, 7 parity. Bit 7 is masked off (it is the
parity bit when the port reads 8 data bits); a status byte without bit 6 is garbled.

Left out: zero (Z), tare (T, Twwwww), clear tare (C), confidence test (A, B), echo
test (E) and pound units; the scale must be set to kilograms.
"""

from __future__ import annotations

import re
from decimal import Decimal

from standalone_till.devices.scale import ScaleState, SerialScale, WeightReading

WEIGH = b"W"
MAX_FRAME = 16
_WEIGHT = re.compile(rb"\x02(?P<weight>[0-9]{1,3}\.[0-9]{2,3})(?P<net>N?)\r")
_STATUS = re.compile(rb"\x02\?(?P<status>.)\r", re.DOTALL)

MOTION, OVER_CAPACITY, UNDER_ZERO, OUTSIDE_ZERO, CENTER_OF_ZERO, NET, ALWAYS_ONE = (
    1 << n for n in range(7)
)
# The first flag set, in this order, names the state of a status answer.
_STATE_BITS = (
    (OVER_CAPACITY, ScaleState.OVER_CAPACITY),
    (UNDER_ZERO, ScaleState.UNDER_ZERO),
    (OUTSIDE_ZERO, ScaleState.ZERO_ERROR),
    (MOTION, ScaleState.MOTION),
)


def parse_reply(frame: bytes) -> WeightReading:
    """The reading in one answer to ``W``; ValueError says what is wrong with it."""
    seven_bit = bytes(b & 0x7F for b in frame)
    weight = _WEIGHT.fullmatch(seven_bit)
    if weight:
        kg = Decimal(weight["weight"].decode()).quantize(Decimal("0.001"))
        return WeightReading(ScaleState.STABLE, kg, net=bool(weight["net"]), frame=frame)
    status = _STATUS.fullmatch(seven_bit)
    if not status:
        raise ValueError("neither STX weight CR nor STX ? status CR")
    return reading_of_status(status["status"][0], frame)


def reading_of_status(byte: int, frame: bytes = b"") -> WeightReading:
    if not byte & ALWAYS_ONE:
        raise ValueError(f"status byte {byte:#04x} lacks bit 6")
    state = next((s for bit, s in _STATE_BITS if byte & bit), None)
    if state is None:  # only "center of zero" / "net": an empty, settled platter
        return WeightReading(ScaleState.STABLE, Decimal("0.000"), bool(byte & NET), frame)
    return WeightReading(state, None, net=bool(byte & NET), frame=frame)


def weight_reply(kg: Decimal, *, net: bool = False) -> bytes:
    """The answer a scale gives for a stable weight (used by tests and simulators)."""
    return b"\x02" + f"{kg:06.3f}".encode() + (b"N" if net else b"") + b"\r"


def status_reply(flags: int) -> bytes:
    return b"\x02?" + bytes([ALWAYS_ONE | flags]) + b"\r"


class Mettler8217Scale(SerialScale):
    protocol = "mettler8217"

    def exchange(self) -> WeightReading:
        self.link.discard_input()  # a late answer to an earlier request must not count
        self.link.write(WEIGH)
        frame = self.link.read_until(b"\r", max_len=MAX_FRAME)
        try:
            return parse_reply(frame)
        except ValueError as exc:
            raise self.link.frame_error(f"garbled answer to W ({exc})", frame) from None
