"""Mettler Toledo 8217 against a simulated scale on a pty, byte for byte."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.serial import DeviceError, DeviceFrameError, DeviceTimeout, SerialLink
from devices.simulators import Mettler8217Simulator
from standalone_till.devices import ScaleNotReady, ScaleState
from standalone_till.devices.mettler8217 import (
    MOTION,
    NET,
    OUTSIDE_ZERO,
    OVER_CAPACITY,
    UNDER_ZERO,
    Mettler8217Scale,
    parse_reply,
    status_reply,
    weight_reply,
)

D = Decimal


@pytest.fixture
def sim(simulator: Callable[..., Mettler8217Simulator]) -> Mettler8217Simulator:
    return simulator(Mettler8217Simulator, "ttyScale")


@pytest.fixture
def scale(sim: Mettler8217Simulator, link: Callable[..., SerialLink]) -> Mettler8217Scale:
    return Mettler8217Scale(
        link(sim, framing="7E1", timeout=0.4), stable_timeout=2.0, poll_interval=0.05
    )


def test_stable_weight_is_read_from_stx_digits_cr(
    sim: Mettler8217Simulator, scale: Mettler8217Scale
) -> None:
    sim.answer(b"\x0201.234\r", b"\x0200.500N\r")
    first = scale.read_weight()
    assert (first.state, first.kg, first.net) == (ScaleState.STABLE, D("1.234"), False)
    second = scale.read_weight()
    assert (second.kg, second.net) == (D("0.500"), True)
    assert sim.received == b"WW"  # one W per reading, nothing else


@pytest.mark.parametrize(
    ("flags", "state"),
    [
        (MOTION, ScaleState.MOTION),
        (OVER_CAPACITY, ScaleState.OVER_CAPACITY),
        (UNDER_ZERO | MOTION, ScaleState.UNDER_ZERO),
        (OUTSIDE_ZERO, ScaleState.ZERO_ERROR),
    ],
)
def test_status_byte_states(
    sim: Mettler8217Simulator, scale: Mettler8217Scale, flags: int, state: ScaleState
) -> None:
    sim.answer(b"\x02?" + bytes([0x40 | flags]) + b"\r")
    reading = scale.read_weight()
    assert reading.state is state and reading.kg is None


def test_status_byte_with_its_parity_bit_on_an_8_bit_port() -> None:
    # 'A' (0x41, motion) has two bits set: even parity keeps bit 7 clear; 'C' (0x43) -> 0xC3.
    assert parse_reply(b"\x02?\xc3\r").state is ScaleState.OVER_CAPACITY
    assert parse_reply(b"\x02?" + bytes([0x40 | 0x10]) + b"\r").kg == D("0.000")  # center of zero


def test_a_garbled_answer_is_asked_again_once(
    sim: Mettler8217Simulator, scale: Mettler8217Scale
) -> None:
    sim.answer(b"\x0201.2x4\r", b"\x0201.234\r")
    assert scale.read_weight().kg == D("1.234")
    assert sim.requests == 2


def test_two_garbled_answers_name_the_scale_and_the_bytes(
    sim: Mettler8217Simulator, scale: Mettler8217Scale
) -> None:
    sim.answer(b"\x0201.2x4\r", b"\x02?\x01\r")
    with pytest.raises(DeviceFrameError) as caught:
        scale.read_weight()
    message = str(caught.value)
    assert message.startswith(f"scale ({sim.path}): garbled answer to W")
    assert message.endswith("02 3f 01 0d")


def test_a_silent_scale_times_out_after_the_configured_time(
    sim: Mettler8217Simulator, scale: Mettler8217Scale
) -> None:
    sim.silent = True
    started = time.monotonic()
    with pytest.raises(DeviceTimeout, match=r"no answer within 0\.4 s"):
        scale.read_weight()
    assert 0.4 <= time.monotonic() - started < 1.0


def test_unplugged_then_plugged_back_in(sim: Mettler8217Simulator, scale: Mettler8217Scale) -> None:
    sim.answer(weight_reply(D("0.750")))
    assert scale.read_weight().kg == D("0.750")
    sim.unplug()
    with pytest.raises(DeviceError) as caught:
        scale.read_weight()
    assert "scale" in str(caught.value) and str(sim.path) in str(caught.value)
    with pytest.raises(DeviceError, match="port not found"):
        scale.read_weight()
    sim.plug()  # a new tty behind the same name
    sim.answer(weight_reply(D("2.005")))
    assert scale.read_weight().kg == D("2.005")


def test_read_stable_weight_waits_through_motion(
    sim: Mettler8217Simulator, scale: Mettler8217Scale
) -> None:
    sim.answer(
        status_reply(MOTION), status_reply(MOTION), weight_reply(D("0")), weight_reply(D("1.250"))
    )
    assert scale.read_stable_weight() == D("1.250")  # the empty platter is waited through too
    assert sim.requests == 4


def test_read_stable_weight_stops_at_once_on_over_capacity(
    sim: Mettler8217Simulator, scale: Mettler8217Scale
) -> None:
    sim.answer(status_reply(MOTION), status_reply(OVER_CAPACITY | NET))
    with pytest.raises(ScaleNotReady) as caught:
        scale.read_stable_weight()
    assert caught.value.state == "over capacity"
    assert "take weight off the scale" in str(caught.value)


def test_read_stable_weight_gives_up_after_its_timeout(
    sim: Mettler8217Simulator, scale: Mettler8217Scale
) -> None:
    sim.standing = status_reply(MOTION)
    started = time.monotonic()
    with pytest.raises(
        ScaleNotReady, match=r"no stable weight within 0\.5 s \(the weight is not stable\)"
    ):
        scale.read_stable_weight(0.5)
    assert time.monotonic() - started < 1.2


def test_read_stable_weight_rides_over_an_unplug(
    sim: Mettler8217Simulator, scale: Mettler8217Scale
) -> None:
    sim.standing = status_reply(MOTION)
    assert scale.read_weight().state is ScaleState.MOTION
    sim.unplug()

    def replug() -> None:
        time.sleep(0.3)
        sim.standing = weight_reply(D("3.100"))
        sim.plug()

    thread = threading.Thread(target=replug)
    thread.start()
    try:
        assert scale.read_stable_weight(3.0) == D("3.100")
    finally:
        thread.join()


@given(st.decimals(min_value=D("0.001"), max_value=D("99.999"), places=3), st.booleans())
def test_weight_replies_round_trip(kg: Decimal, net: bool) -> None:
    reading = parse_reply(weight_reply(kg, net=net))
    assert (reading.kg, reading.net, reading.state) == (kg, net, ScaleState.STABLE)


@given(st.binary(max_size=12))
def test_any_bytes_parse_or_fail_with_value_error(frame: bytes) -> None:
    with contextlib.suppress(ValueError):
        parse_reply(frame)
