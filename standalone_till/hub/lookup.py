"""GetTicket at the hub: a ticket of the store's tills from the hub's own journal (every
till of the store sends its tickets through it), with what the returns kept here gave
back of each line; a ticket the hub does not hold is asked at the gateway."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from connectors.errors import ServerFault, ServerUnavailable
from connectors.soap.server import SoapFaultError
from standalone_till import schema as T
from standalone_till.journal_documents import ticket_by_id, ticket_by_number
from standalone_till.store import TillDatabase
from ticket_contract.document_wire import TicketQuery
from ticket_contract.returns import returned_quantities
from ticket_contract.tickets import ReceivedTicket
from ticket_contract.units import QUANTITY, units
from ticket_contract.writer import content_hash, record

if TYPE_CHECKING:
    from ticket_contract.client import ErpClient

UNKNOWN_TICKET = "UnknownTicket"


@dataclass(frozen=True)
class FoundTicket:
    ticket: ReceivedTicket
    content_hash: str
    returned: dict[int, int]  # line number -> thousandths given back


def _local(conn: sa.Connection, store_id: str, query: TicketQuery) -> dict[str, Any] | None:
    if query.ticket_id is not None:
        found = ticket_by_id(conn, query.ticket_id)
    else:
        ref = query.receipt
        assert ref is not None
        found = (
            None
            if ref.store_id != store_id
            else ticket_by_number(conn, ref.till_id, ref.business_day, ref.number)
        )
    return found if found is not None and found.get("store_id") == store_id else None


def _returns(conn: sa.Connection, original_id: str) -> list[ReceivedTicket]:
    t = T.tickets.c
    rows = conn.execute(
        sa.select(t.document).where(
            t.original_id == original_id, t.kind == "return", t.status == "closed"
        )
    ).scalars()
    return [record(json.loads(text)) for text in rows]


def _from_gateway(doc: Mapping[str, Any]) -> FoundTicket:
    """The gateway's answer (the till's document shape, see ``ErpClient.get_ticket``)."""
    returned = {
        int(ln["line_no"]): units(ln["returned"], QUANTITY, "returned")
        for ln in doc["lines"]
        if Decimal(ln["returned"])
    }
    return FoundTicket(record(doc), doc["content_hash"], returned)


def find_ticket(
    db: TillDatabase,
    store_id: str,
    query: TicketQuery,
    gateway: Callable[[], ErpClient] | None,
) -> FoundTicket:
    """The ticket asked for: from the hub's journal, else from the gateway (when one is
    configured). Faults: UnknownTicket (neither has it), GatewayUnavailable (the hub does
    not have it and the gateway does not answer)."""
    with db.read(db.journal) as conn:
        doc = _local(conn, store_id, query)
        if doc is not None:
            t = record(doc)
            returns = [r.lines for r in _returns(conn, t.id)]
            return FoundTicket(t, content_hash(doc), returned_quantities(t.lines, returns))
    if gateway is None:
        raise SoapFaultError(UNKNOWN_TICKET, f"ticket {_named(query)} is not known to the hub")
    asked: str | Any = query.ticket_id if query.ticket_id is not None else query.receipt
    try:
        answer = gateway().get_ticket(asked, till_id=query.caller)
    except ServerUnavailable as exc:
        raise SoapFaultError(
            "GatewayUnavailable",
            f"the hub does not hold ticket {_named(query)} and the gateway does not answer",
            client=False,
        ) from exc
    except ServerFault as exc:
        raise SoapFaultError(
            "GatewayUnavailable", f"the gateway refused the look-up: {exc}", client=False
        ) from exc
    if answer is None:
        raise SoapFaultError(
            UNKNOWN_TICKET, f"ticket {_named(query)} is known neither to the hub nor to the gateway"
        )
    return _from_gateway(answer)


def _named(query: TicketQuery) -> str:
    if query.ticket_id is not None:
        return query.ticket_id
    ref = query.receipt
    assert ref is not None
    day: dt.date = ref.business_day
    return f"{ref.store_id}/{ref.till_id}/{day:%Y%m%d}/{ref.number}"
