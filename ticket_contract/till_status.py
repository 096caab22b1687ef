"""What a till says of itself in its Ping (``<status>``, every part optional): its backlog,
catalog sequence, server in use, last closure, chain and software version, and its last
sync error. The till writes it, the gateway reads it into its fleet view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from lxml import etree

from ticket_contract import wire
from ticket_contract.times import parse_datetime

MAX_ERROR_TEXT = 2000  # tns:Text
MAX_ID_TEXT = 64  # tns:Id


@dataclass(frozen=True, slots=True)
class TillStatus:
    """A till's own state at its Ping; None: the till did not say."""

    software_version: str | None = None
    server: str | None = None  # gateway | hub
    tickets_waiting: int | None = None
    documents_waiting: int | None = None
    quarantined: int | None = None
    oldest_waiting: dt.datetime | None = None  # the oldest document waiting to be sent
    catalog_sequence: int | None = None
    last_closure_z: int | None = None
    last_closure_day: dt.date | None = None
    chain_heads: int | None = None
    chain_verified: str | None = None  # held | broken: the last `till verify`
    last_error: str | None = None

    def as_wire(self) -> dict[str, object]:
        """The ``<status>`` for zeep: the parts the till knows, by their element names."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, str):
                limit = MAX_ERROR_TEXT if f.name == "last_error" else MAX_ID_TEXT
                value = value[:limit]
                if not value:
                    continue
            out[_ELEMENT[f.name]] = value
        return out


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


_ELEMENT = {f.name: _camel(f.name) for f in fields(TillStatus)}
_INTS = {
    "tickets_waiting",
    "documents_waiting",
    "quarantined",
    "catalog_sequence",
    "last_closure_z",
    "chain_heads",
}


def read_status(request: etree._Element) -> TillStatus | None:
    """The ``<status>`` of a Ping request (None when the till sent none: an older till).
    The schema has checked each part's form already."""
    holder = wire.fields(request).get("status")
    if holder is None:
        return None
    found = wire.fields(holder)
    values: dict[str, object] = {}
    for name, element in _ELEMENT.items():
        text = wire.text(found.get(element))
        if text is None:
            continue
        text = text.strip()
        if name in _INTS:
            values[name] = int(text)
        elif name == "oldest_waiting":
            values[name] = parse_datetime(text, "status/oldestWaiting")
        elif name == "last_closure_day":
            values[name] = dt.date.fromisoformat(text)
        else:
            values[name] = text
    return TillStatus(**values)  # type: ignore[arg-type]
