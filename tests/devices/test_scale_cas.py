"""CAS 22-byte stream against a simulated indicator on a pty, byte for byte."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.serial import DeviceError, DeviceFrameError, DeviceTimeout, SerialLink
from devices.simulators import CasSimulator
from standalone_till.devices import ScaleNotReady, ScaleState
from standalone_till.devices.cas import CasScale, frame_of, parse_frame

D = Decimal


@pytest.fixture
def sim(simulator: Callable[..., CasSimulator]) -> CasSimulator:
    return simulator(CasSimulator, "ttyCas")


@pytest.fixture
def scale(sim: CasSimulator, link: Callable[..., SerialLink]) -> CasScale:
    return CasScale(link(sim, timeout=0.4), stable_timeout=2.0, poll_interval=0.05)


def test_the_frame_is_22_bytes_as_documented() -> None:
    frame = frame_of(D("13.5"))
    assert frame == b"ST,GS,1\xc4,0013.500 kg\r\n"
    assert len(frame) == 22


@pytest.mark.parametrize(
    ("frame", "state", "kg"),
    [
        (frame_of(D("1.234")), ScaleState.STABLE, D("1.234")),
        (frame_of(D("1.234"), "US"), ScaleState.MOTION, None),
        (frame_of(D("0"), "OL"), ScaleState.OVER_CAPACITY, None),
        (frame_of(D("-0.120")), ScaleState.UNDER_ZERO, None),
    ],
)
def test_stream_states(
    sim: CasSimulator, scale: CasScale, frame: bytes, state: ScaleState, kg: Decimal | None
) -> None:
    sim.show(frame)
    reading = scale.read_weight()
    assert (reading.state, reading.kg) == (state, kg)
    assert reading.frame == frame


def test_a_garbled_frame_is_skipped_once(sim: CasSimulator, scale: CasScale) -> None:
    sim.show(frame_of(D("0.800")))
    time.sleep(0.1)
    sim.inject(b"ST,GS,1\xc4,00x0.800 kg\r\n" * 2, frame_of(D("0.800")))
    # whatever the timing, two garbled frames in a row are never all the driver sees
    assert scale.read_weight().kg == D("0.800")


def test_garbled_frames_in_a_row_name_the_bytes(sim: CasSimulator, scale: CasScale) -> None:
    sim.show(b"ST,GS,1\xc4,0000.8?0 kg\r\n")
    with pytest.raises(DeviceFrameError) as caught:
        scale.read_weight()
    assert str(caught.value).startswith(f"scale ({sim.path}): garbled frame (")
    assert str(caught.value).endswith("30 2e 38 3f 30 20 6b 67 0d 0a")


def test_a_scale_set_to_pounds_is_refused() -> None:
    with pytest.raises(ValueError, match="set the scale to kg"):
        parse_frame(frame_of(D("1"), unit="lb"))


def test_a_silent_indicator_times_out(sim: CasSimulator, scale: CasScale) -> None:
    sim.silent = True
    started = time.monotonic()
    with pytest.raises(DeviceTimeout, match=r"no answer within 0\.4 s"):
        scale.read_weight()
    assert time.monotonic() - started < 1.0


def test_unplugged_then_plugged_back_in(sim: CasSimulator, scale: CasScale) -> None:
    sim.show(frame_of(D("0.250")))
    assert scale.read_weight().kg == D("0.250")
    sim.unplug()
    with pytest.raises(DeviceError):
        scale.read_weight()
    sim.show(frame_of(D("0.260")))
    sim.plug()
    assert scale.read_weight().kg == D("0.260")


def test_read_stable_weight_waits_for_st(sim: CasSimulator, scale: CasScale) -> None:
    sim.show(frame_of(D("0.900"), "US"))
    sim.inject(*[frame_of(D("0.950"), "US")] * 5)

    def settle() -> None:
        time.sleep(0.3)
        sim.show(frame_of(D("1.005")))

    threading.Thread(target=settle).start()
    assert scale.read_stable_weight() == D("1.005")


def test_read_stable_weight_stops_on_under_zero(sim: CasSimulator, scale: CasScale) -> None:
    sim.show(frame_of(D("-0.050")))
    with pytest.raises(ScaleNotReady, match="under zero"):
        scale.read_stable_weight()


@given(st.decimals(min_value=D("-99.999"), max_value=D("9999.999"), places=3), st.booleans())
def test_frames_round_trip(kg: Decimal, net: bool) -> None:
    reading = parse_frame(frame_of(kg, net=net))
    assert reading.net is net
    if kg < 0:
        assert reading.state is ScaleState.UNDER_ZERO
    else:
        assert (reading.state, reading.kg) == (ScaleState.STABLE, kg)
