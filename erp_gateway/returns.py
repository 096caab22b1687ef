"""Returns at the gateway: each accepted return checked against its original across the
store's tills (one that gives back more than was sold, less earlier returns, is kept and
flagged, never dropped), and the look-up GetTicket answers (a ticket with what accepted
returns gave back of each line).

A return whose original has not arrived yet is marked ``unknown`` and checked when the
original comes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from erp_gateway.db import GatewayDatabase
from erp_gateway.errors import UnknownTicket
from erp_gateway.registry import store_of
from erp_gateway.schema import tickets
from ticket_contract.document_wire import TicketQuery
from ticket_contract.returns import over_return, returned_quantities
from ticket_contract.tickets import RETURN, Canonical, ReceivedTicket, from_document

log = logging.getLogger("tillsync.gateway")

OK, OVER, UNKNOWN = "ok", "over", "unknown"  # tickets.return_check


def _ticket(
    conn: sa.Connection, ticket_id: str, *, lock: bool = False
) -> tuple[ReceivedTicket, str] | None:
    """A stored ticket and its hash; ``lock``: its row is held to the end of the
    transaction (PostgreSQL), so two returns of one ticket are judged one after the other
    even when two gateway processes take them at once."""
    query = sa.select(tickets.c.document, tickets.c.content_hash).where(
        tickets.c.ticket_id == ticket_id
    )
    row = conn.execute(query.with_for_update() if lock else query).first()
    return None if row is None else (from_document(json.loads(row.document)), row.content_hash)


def _returns_of(
    conn: sa.Connection, original_id: str, *, checked_only: bool = False
) -> list[ReceivedTicket]:
    """The stored returns of a ticket, oldest first (``checked_only``: those already
    judged against it, the earlier ones of a return being checked)."""
    query = (
        sa.select(tickets.c.document)
        .where(tickets.c.original_id == original_id, tickets.c.kind == RETURN)
        .order_by(tickets.c.received_at, tickets.c.closed_at, tickets.c.ticket_id)
    )
    if checked_only:
        query = query.where(tickets.c.return_check.in_((OK, OVER)))
    return [from_document(json.loads(doc)) for doc in conn.execute(query).scalars()]


def _verdict(conn: sa.Connection, r: ReceivedTicket) -> tuple[str, str | None]:
    assert r.original_id is not None
    found = _ticket(conn, r.original_id, lock=True)
    if found is None:
        return UNKNOWN, f"original {r.original_id} has not arrived"
    original, _ = found
    if original.store_id != r.store_id:
        return OVER, f"original {original.id} is a ticket of store {original.store_id}"
    if original.kind == RETURN or original.status != "closed":
        return OVER, f"original {original.id} is not a closed sale"
    earlier = [e.lines for e in _returns_of(conn, original.id, checked_only=True) if e.id != r.id]
    problem = over_return(original.lines, earlier, r.lines)
    return (OK, None) if problem is None else (OVER, problem)


def _check(conn: sa.Connection, r: ReceivedTicket) -> None:
    check, problem = _verdict(conn, r)
    conn.execute(
        tickets.update()
        .where(tickets.c.ticket_id == r.id)
        .values(return_check=check, return_problem=problem)
    )
    if check == OVER:
        log.warning("return %s of till %s: %s", r.id, r.till_id, problem)


_ORIGINAL = tickets.alias("original")
# The returns whose original is here now; a partial index holds the waiting ones only.
_WAITING = (
    sa.select(tickets.c.document)
    .join(_ORIGINAL, _ORIGINAL.c.ticket_id == tickets.c.original_id)
    .where(tickets.c.return_check == UNKNOWN)
    .order_by(tickets.c.received_at, tickets.c.closed_at, tickets.c.ticket_id)
)


def check_returns(conn: sa.Connection, accepted: Sequence[Canonical]) -> None:
    """On the batch's transaction, after its tickets are stored: check the returns that
    waited for an original now here (of this batch, or of one that committed while the
    return's own batch was being stored), then the batch's returns, in order."""
    waiting = [from_document(json.loads(d)) for d in conn.execute(_WAITING).scalars()]
    batch = [f.ticket for f in accepted if f.ticket.kind == RETURN and f.ticket.original_id]
    for r in [*waiting, *batch]:
        _check(conn, r)


# -- GetTicket ------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundTicket:
    ticket: ReceivedTicket
    content_hash: str
    returned: dict[int, int]  # line number -> thousandths given back by stored returns


def _find_id(conn: sa.Connection, query: TicketQuery) -> str | None:
    if query.ticket_id is not None:
        return query.ticket_id
    ref = query.receipt
    assert ref is not None
    found: str | None = conn.execute(
        sa.select(tickets.c.ticket_id).where(
            tickets.c.till_id == ref.till_id,
            tickets.c.business_day == ref.business_day.isoformat(),
            tickets.c.number == ref.number,
            tickets.c.store_id == ref.store_id,
        )
    ).scalar()
    return found


def find_ticket(db: GatewayDatabase, query: TicketQuery) -> FoundTicket:
    """The ticket asked for, if the asking till may see it (one of its store, when its
    store is known: a till the registry has no store for yet is taken at its word, as
    its first ticket is); UnknownTicket otherwise."""
    with db.read() as conn:
        ticket_id = _find_id(conn, query)
        found = _ticket(conn, ticket_id) if ticket_id is not None else None
        if found is None:
            raise UnknownTicket(_named(query))
        t, content_hash = found
        if query.caller is not None:
            _, store = store_of(conn, query.caller)
            if store is not None and store != t.store_id:
                raise UnknownTicket(
                    _named(query), why=f"is not a ticket of till {query.caller}'s store"
                )
        returns = [r.lines for r in _returns_of(conn, t.id)]
    return FoundTicket(t, content_hash, returned_quantities(t.lines, returns))


def _named(query: TicketQuery) -> str:
    if query.ticket_id is not None:
        return query.ticket_id
    ref = query.receipt
    assert ref is not None
    return f"{ref.store_id}/{ref.till_id}/{ref.business_day:%Y%m%d}/{ref.number}"
