"""What the status panel and the cashier's icon and banner show, read from the till in one
go (on a worker thread): plain data, no Qt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from standalone_till.service import Till
from standalone_till.sync.messages import StoredMessage
from standalone_till.sync.state import Area, reachable

RECENT_MESSAGES = 30


@dataclass(frozen=True)
class StatusSnapshot:
    configured: bool  # a web-service URL is set
    reachable: bool | None  # None: not pinged yet
    last_ping_at: str | None
    ping_error: str | None
    outbox_pending: int
    oldest_pending_at: str | None
    quarantined: list[dict[str, object]]
    last_sync_at: str | None
    sync_errors: dict[str, str]
    held_off_until: dict[str, str]
    catalog_sequence: int
    catalog_error: str | None = None  # the last automatic Load changes that failed
    receipts_waiting: int = 0
    messages: list[StoredMessage] = field(default_factory=list)
    local_server: str | None = None  # hub | client (has a hub) | None
    server_mode: str | None = None  # auto | gateway | hub
    server_in_use: str | None = None  # gateway | hub
    relay_quarantined: int = 0  # a hub: refused tickets of other tills, held here


@dataclass(frozen=True)
class FrontStatus:
    configured: bool
    reachable: bool | None
    detail: str
    messages: list[StoredMessage]  # not acknowledged by the cashier yet, oldest first


def read_status(till: Till) -> StatusSnapshot:
    s = till.status()
    errors = _strings(s.get("sync_errors"))
    reachable = s.get("server_reachable")
    return StatusSnapshot(
        configured=till.uplink.configured,
        reachable=reachable if isinstance(reachable, bool) else None,
        last_ping_at=_text(s, "last_ping_at"),
        ping_error=errors.get("ping"),
        outbox_pending=_number(s, "outbox_pending"),
        oldest_pending_at=_text(s, "oldest_pending_at"),
        quarantined=till.uplink.outbox.quarantined(),
        last_sync_at=_text(s, "last_sync_at"),
        sync_errors=errors,
        held_off_until=_strings(s.get("held_off_until")),
        catalog_sequence=_number(s, "catalog_sequence"),
        catalog_error=_text(s, "catalog_error"),
        receipts_waiting=_number(s, "receipts_waiting"),
        messages=till.uplink.messages.recent(RECENT_MESSAGES),
        local_server=_text(s, "local_server"),
        server_mode=_text(s, "server_mode"),
        server_in_use=_text(s, "server_in_use"),
        relay_quarantined=_number(s, "relay_quarantined"),
    )


def _text(status: Mapping[str, object], key: str) -> str | None:
    value = status.get(key)
    return value if isinstance(value, str) else None


def _number(status: Mapping[str, object], key: str) -> int:
    value = status.get(key)
    return value if isinstance(value, int) else 0


def _strings(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {str(k): str(v) for k, v in value.items() if v is not None}


def read_front(till: Till) -> FrontStatus:
    uplink = till.uplink
    areas = uplink.state.all()
    answers = reachable(areas)
    return FrontStatus(
        configured=uplink.configured,
        reachable=answers,
        detail="" if answers else (areas[Area.PING].last_error or ""),
        messages=uplink.messages_to_show(mark_shown=False),
    )
