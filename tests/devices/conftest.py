"""Fixtures: simulators on pty pairs (stopped after each test) and links to them.

The simulators are imported lazily: on a system without ptys their modules skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from connectors.serial import SerialLink, SerialSettings

S = TypeVar("S")


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[Callable[[type[S], str], S]]:
    started: list[Any] = []

    def start(kind: type[S], name: str = "device") -> S:
        sim = kind(tmp_path / name)  # type: ignore[call-arg]
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()


@pytest.fixture
def link() -> Iterator[Callable[..., SerialLink]]:
    opened: list[SerialLink] = []

    def make(
        sim: Any, device: str = "scale", *, framing: str = "8N1", timeout: float = 0.5
    ) -> SerialLink:
        made = SerialLink(device, SerialSettings(str(sim.path), 9600, framing, timeout=timeout))
        opened.append(made)
        return made

    yield make
    for made in opened:
        made.close()
