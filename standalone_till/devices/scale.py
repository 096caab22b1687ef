"""Scales on a serial port: one weight reading, and the wait for a stable weight.

Each protocol module supplies ``exchange`` (one request/answer, or one streamed frame);
this module retries a garbled frame once, maps states to clear errors and waits through
motion. Weights are ``Decimal`` kilograms with three decimals.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from connectors.serial import DeviceFrameError, SerialLink, retry_until
from standalone_till.devices.errors import ScaleNotReady

log = logging.getLogger("tillsync.devices")


class ScaleState(StrEnum):
    STABLE = "stable"
    MOTION = "motion"
    OVER_CAPACITY = "over capacity"
    UNDER_ZERO = "under zero"
    ZERO_ERROR = "outside zero capture range"


_ADVICE = {
    ScaleState.OVER_CAPACITY: "over capacity: take weight off the scale",
    ScaleState.UNDER_ZERO: "under zero: empty the platter and zero the scale",
    ScaleState.ZERO_ERROR: "outside zero capture range: empty the platter and zero the scale",
}


@dataclass(frozen=True, slots=True)
class WeightReading:
    """What one frame said; ``kg`` is set for stable readings only."""

    state: ScaleState
    kg: Decimal | None = None
    net: bool = False
    frame: bytes = b""

    @property
    def stable(self) -> bool:
        return self.state is ScaleState.STABLE


class Scale(Protocol):
    """What the till needs from a scale."""

    def read_weight(self) -> WeightReading: ...

    def read_stable_weight(self, timeout: float | None = None) -> Decimal: ...

    def close(self) -> None: ...


class SerialScale:
    """Base of the serial scale drivers; subclasses implement ``exchange``."""

    protocol = ""

    def __init__(
        self,
        link: SerialLink,
        *,
        stable_timeout: float = 5.0,
        poll_interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.link = link
        self.stable_timeout = stable_timeout
        self.poll_interval = poll_interval
        self._clock = clock
        self._sleep = sleep

    def exchange(self) -> WeightReading:
        raise NotImplementedError

    def read_weight(self) -> WeightReading:
        """One reading; a garbled frame is asked for again once, then raised."""
        with self.link.lock:
            try:
                return self.exchange()
            except DeviceFrameError as exc:
                log.warning("%s: %s; asking again", self.link.device, exc)
                return self.exchange()

    def read_stable_weight(self, timeout: float | None = None) -> Decimal:
        """The first stable, non-zero weight; waits through motion and reconnects.

        Over capacity, under zero and a zero error raise ``ScaleNotReady`` at once, with
        what to do; so does a scale still in motion (or empty) after ``timeout`` seconds.
        Port failures are retried until then, the last one being raised.
        """
        seconds = self.stable_timeout if timeout is None else timeout
        deadline = self._clock() + seconds
        while True:
            reading = retry_until(
                deadline,
                self.read_weight,
                interval=self.poll_interval,
                clock=self._clock,
                sleep=self._sleep,
            )
            if reading.state in _ADVICE:
                raise self._not_ready(_ADVICE[reading.state], reading.state)
            if reading.stable and reading.kg:
                return reading.kg
            if self._clock() + self.poll_interval >= deadline:
                what = "the platter is empty" if reading.stable else "the weight is not stable"
                raise self._not_ready(
                    f"no stable weight within {seconds:g} s ({what})", reading.state
                )
            self._sleep(self.poll_interval)

    def _not_ready(self, reason: str, state: ScaleState) -> ScaleNotReady:
        return ScaleNotReady(
            reason, state=state.value, device=self.link.device, port=self.link.port
        )

    def close(self) -> None:
        self.link.close()
