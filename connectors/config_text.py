"""How a config problem shows a value or a name, the same for the till and the gateway:
values as TOML writes them, and a "did you mean" for a name that is nearly a known one."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence


def show(raw: object, limit: int = 60) -> str:
    """A value as TOML would write it, shortened, for messages and previews; None (a
    path left unset) as the empty string that stands for it in a file."""
    if raw is None:
        return '""'
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, str):
        text = raw if len(raw) <= limit else raw[: limit - 3] + "..."
        return json.dumps(text, ensure_ascii=False)
    if isinstance(raw, Sequence):
        return "[" + ", ".join(show(item, limit) for item in raw) + "]"
    if isinstance(raw, dict):
        return "a table" if raw else "{}"
    return str(raw)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean port?)`` for the known name closest to ``name``, or ``""``."""
    match = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {match[0]}?)" if match else ""
