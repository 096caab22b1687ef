"""The serial link: framing settings, deadlines, error translation, reopening."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from connectors.errors import BadInput, Unavailable
from connectors.serial import (
    DeviceError,
    DeviceFrameError,
    DeviceTimeout,
    SerialLink,
    SerialSettings,
    hex_bytes,
    retry_until,
)


def test_settings_split_the_framing() -> None:
    s = SerialSettings("COM3", 9600, "7E1")
    assert (s.bytesize, s.parity, s.stopbits) == (7, "E", 1)
    with pytest.raises(ValueError, match="framing"):
        SerialSettings("COM3", framing="9X1")


def test_loop_round_trip_keeps_bytes_after_the_terminator() -> None:
    link = SerialLink("echo", SerialSettings("loop://", timeout=0.3))
    link.write(b"\x02one\r\x02two\r")
    assert link.read_until(b"\r", max_len=16) == b"\x02one\r"
    assert link.read_until(b"\r", max_len=16) == b"\x02two\r"
    link.write(b"abc")
    assert link.read_exact(2) == b"ab"
    link.close()


def test_a_silent_device_times_out_after_the_configured_time() -> None:
    link = SerialLink("echo", SerialSettings("loop://", timeout=0.3))
    started = time.monotonic()
    with pytest.raises(DeviceTimeout) as caught:
        link.read_until(b"\r", max_len=16)
    assert 0.3 <= time.monotonic() - started < 0.8
    assert str(caught.value) == "echo (loop://): no answer within 0.3 s"
    assert isinstance(caught.value, Unavailable)
    link.write(b"\x0212")
    with pytest.raises(DeviceTimeout, match=r"incomplete answer within 0\.3 s: 02 31 32$"):
        link.read_until(b"\r", max_len=16)
    link.close()


def test_an_overlong_frame_is_a_frame_error_in_hex() -> None:
    link = SerialLink("echo", SerialSettings("loop://", timeout=0.3))
    link.write(b"A" * 20)
    with pytest.raises(DeviceFrameError) as caught:
        link.read_until(b"\r", max_len=8)
    assert isinstance(caught.value, BadInput)
    assert caught.value.device == "echo" and caught.value.port == "loop://"
    assert "41 41 41" in str(caught.value)
    link.close()


def test_a_missing_port_names_device_and_port(tmp_path: Path) -> None:
    port = str(tmp_path / "ttyUSB9")
    link = SerialLink("scale", SerialSettings(port))
    with pytest.raises(DeviceError) as caught:
        link.write(b"W")
    assert str(caught.value) == f"scale ({port}): port not found (unplugged, or wrong port name?)"
    assert isinstance(caught.value.__cause__, Exception)  # raised from pyserial's error
    assert not link.is_open


def test_hex_bytes_is_cut_for_long_frames() -> None:
    assert hex_bytes(b"") == "(none)"
    assert hex_bytes(bytes(range(70)), limit=4) == "00 01 02 03 ... (70 bytes)"


def test_retry_until_gives_up_at_the_deadline() -> None:
    calls: list[float] = []
    now = [0.0]

    def failing() -> None:
        calls.append(now[0])
        raise DeviceError("gone", device="scale", port="COM3")

    def sleep(s: float) -> None:
        now[0] += s

    with pytest.raises(DeviceError, match="gone"):
        retry_until(1.0, failing, interval=0.3, clock=lambda: now[0], sleep=sleep)
    assert len(calls) == 4  # at 0, 0.3, 0.6, 0.9
