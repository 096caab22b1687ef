"""The till's documents beyond the sale, as the CLI and the GUI ask for them: returns
(the original looked up here, then at the gateway or the hub), cash movements and the
drawer, the X report and reprints.

Each function takes the ``Till`` and plain values, applies the rules of ``returns`` and
``cash``, stores through the journal and prints through the till's devices. A supervisor
is approved by the caller (code and PIN); a function that needs one refuses without it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from connectors.errors import (
    ApprovalRefused,
    BadInput,
    SaleError,
    ServerFault,
    ServerUnavailable,
    Unavailable,
)
from standalone_till import reports
from standalone_till.cash import (
    CashKind,
    CashMovement,
    approval_needed,
    denominations_for,
    movement_document,
    new_movement,
)
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.receipt_code import ReceiptRef, parse_receipt_code
from standalone_till.returns import (
    WITHOUT_RECEIPT,
    build_return,
    build_return_without_receipt,
    choose_lines,
)
from standalone_till.sales import ticket_of_document, time_ordered_id
from standalone_till.sync.state import Area
from ticket_contract.signatures import SALES

if TYPE_CHECKING:
    from standalone_till.devices import PrintOutcome
    from standalone_till.service import Till

log = logging.getLogger("tillsync.till")
REPRINT = "reprint"
_DAY_NUMBER = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})/([1-9][0-9]{0,17})")
_TICKET_ID = re.compile(r"[A-Za-z0-9_-]{1,36}")


# ---- naming a ticket -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TicketRef:
    """A ticket as the cashier named it: by id, or by till, business day and number."""

    text: str
    ticket_id: str | None = None
    receipt: ReceiptRef | None = None


def parse_ref(text: str, store_id: str, till_id: str) -> TicketRef:
    """A ticket id, ``DAY/NUMBER`` of this till (2026-12-02/17 or 20261202/17), or the
    receipt code (S1/T01/20261202/17)."""
    raw = text.strip()
    receipt = parse_receipt_code(raw)
    if receipt is not None:
        return TicketRef(raw, receipt=receipt)
    match = _DAY_NUMBER.fullmatch(raw)
    if match is not None:
        day_text, number = match.groups()
        try:
            day = dt.date.fromisoformat(day_text) if "-" in day_text else _yyyymmdd(day_text)
        except ValueError:
            raise BadInput(f"{text!r}: {day_text} is not a date") from None
        return TicketRef(raw, receipt=ReceiptRef(store_id, till_id, day, int(number)))
    if _TICKET_ID.fullmatch(raw):
        return TicketRef(raw, ticket_id=raw)
    raise BadInput(
        f"{text!r} names no ticket: give its id, DAY/NUMBER (2026-12-02/17) or the code "
        "printed on the receipt (S1/T01/20261202/17)"
    )


def _yyyymmdd(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y%m%d").date()


def local_ticket(till: Till, ref: TicketRef) -> dict[str, Any] | None:
    """The ticket's document from this till's journal (None when it does not hold it)."""
    if ref.ticket_id is not None:
        return till.journal.ticket_document(ref.ticket_id)
    assert ref.receipt is not None
    r = ref.receipt
    if r.store_id != till.cfg.till.store_id:
        return None
    return till.journal.ticket_document(till_id=r.till_id, day=r.business_day, number=r.number)


# ---- returns -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Original:
    """The ticket a return gives back from, where it was found, and what earlier
    returns gave back of each line."""

    document: Mapping[str, Any]
    returned: dict[int, Decimal]
    source: str  # journal | gateway | hub


class OriginalNotFound(SaleError):
    """Neither this till nor its server knows the ticket (``reached``: whether the
    server answered at all)."""

    def __init__(self, message: str, *, ref: str, reached: bool) -> None:
        self.ref = ref
        self.reached = reached
        super().__init__(message)


def find_original(till: Till, ref: TicketRef) -> Original:
    """The original: the local journal first, then the server in use (the gateway, or
    the hub) with the short look-up timeout."""
    found = local_ticket(till, ref)
    if found is not None:
        return Original(found, till.journal.returned_of(found["id"]), "journal")
    reached, remote = _ask_server(till, ref)
    if remote is None:
        why = "the server does not know it" if reached else "the server does not answer"
        raise OriginalNotFound(
            f"ticket {ref.text} is not in this till's journal and {why}: give the items "
            "back without receipt (till return --no-receipt BARCODE... --supervisor CODE)",
            ref=ref.text,
            reached=reached,
        )
    returned = {
        int(ln["line_no"]): Decimal(str(ln.get("returned") or "0")) for ln in remote["lines"]
    }
    # Returns made here that the server has not acknowledged yet are not in its count.
    for no, qty in till.journal.returned_of(remote["id"], unsent_only=True).items():
        returned[no] = returned.get(no, Decimal(0)) + qty
    return Original(remote, returned, till.uplink.server_in_use())


def _ask_server(till: Till, ref: TicketRef) -> tuple[bool, dict[str, Any] | None]:
    """(whether the server answered, the ticket it sent or None). A look-up as online
    offers are: the short look-up timeout, and after a server that did not answer, a
    hold-off during which the till does not ask (the return goes without receipt)."""
    if not till.uplink.configured:
        return False, None
    state = till.uplink.state
    held = state.held(Area.TICKET_LOOKUP)
    if held is not None:
        log.info("original %s not looked up: the server is left alone until %s", ref.text, held)
        return False, None
    asked: str | ReceiptRef = ref.ticket_id if ref.ticket_id is not None else ref.receipt  # type: ignore[assignment]
    try:
        client = till.uplink.client()
        found = client.get_ticket(asked, till_id=till.cfg.till.till_id)
    except (ServerUnavailable, ServerFault) as exc:
        state.failed(Area.TICKET_LOOKUP, str(exc), hold_off=isinstance(exc, ServerUnavailable))
        log.warning("original %s not looked up at the server: %s", ref.text, exc)
        return False, None
    state.succeeded(Area.TICKET_LOOKUP, touch=False)
    return True, found


def take_return(
    till: Till,
    ref: str,
    picks: Sequence[tuple[str, Decimal | None]] = (),
    refunds: Sequence[tuple[PaymentMethod, Decimal | None]] = (),
    *,
    now: dt.datetime | None = None,
) -> tuple[Ticket, list[PrintOutcome]]:
    """Give back ``picks`` (barcode or item code, quantity; none: everything left) of
    the ticket ``ref`` names: stored as a return ticket in the day's numbering, printed
    as a return slip; the drawer opens for a cash refund."""
    cashier = till.require_cashier()
    original = find_original(till, parse_ref(ref, till.cfg.till.store_id, till.cfg.till.till_id))
    chosen = choose_lines(original.document, original.returned, picks)
    ticket = build_return(
        original.document,
        original.returned,
        chosen,
        store_id=till.cfg.till.store_id,
        till_id=till.cfg.till.till_id,
        now=now,
        refunds=refunds,
    )
    return _close(till, replace(ticket, cashier=cashier), now)


def take_return_without_receipt(
    till: Till,
    picks: Sequence[tuple[str, Decimal | None]],
    refunds: Sequence[tuple[PaymentMethod, Decimal | None]] = (),
    *,
    supervisor: str | None,
    now: dt.datetime | None = None,
) -> tuple[Ticket, list[PrintOutcome]]:
    """Give back items at today's price with a supervisor's approval (refunded in cash
    unless ``refunds`` say otherwise)."""
    cashier = till.require_cashier()
    _require_supervisor(supervisor, WITHOUT_RECEIPT)
    if not picks:
        raise SaleError("name the items given back (BARCODE or BARCODE*QTY)")
    day = (now or dt.datetime.now(dt.UTC)).astimezone().date()
    items = []
    for code, quantity in picks:
        scanned = till.catalog.scan(code, day)
        item, qty = scanned.item, scanned.quantity or quantity or Decimal(1)
        if scanned.label_price is not None:  # a price label: one item at its price
            item, qty = replace(item, price=scanned.label_price), Decimal(1)
        items.append((item, qty, scanned.barcode))
    ticket = build_return_without_receipt(
        items,
        store_id=till.cfg.till.store_id,
        till_id=till.cfg.till.till_id,
        now=now,
        refunds=refunds,
    )
    done = replace(ticket, cashier=cashier, supervisor=supervisor, approval=WITHOUT_RECEIPT)
    return _close(till, done, now)


def _close(
    till: Till, ticket: Ticket, now: dt.datetime | None
) -> tuple[Ticket, list[PrintOutcome]]:
    stored = till.journal.close_ticket(ticket, now)
    outcomes = till.print_ticket(stored)
    till.ticket_closed(stored)
    log.info("return %s of %s: %s", stored.id, stored.original_id or "no receipt", stored.number)
    return stored, outcomes


def _require_supervisor(supervisor: str | None, action: str) -> None:
    if not supervisor:
        raise ApprovalRefused(
            f"{action.replace('_', ' ')} needs a supervisor: give --supervisor CODE",
            code="",
            action=action,
        )


# ---- cash ----------------------------------------------------------------------------


def cashout_limit(till: Till) -> Decimal:
    return Decimal(till.cfg.cash.cashout_limit)


def denominations(till: Till) -> tuple[Decimal, ...]:
    return denominations_for(till.cfg.till.currency, till.cfg.cash.denominations)


def cash_approval(till: Till, kind: CashKind, amount: Decimal) -> str | None:
    """What a supervisor must approve for this movement at this till (None: nothing)."""
    return approval_needed(kind, amount, cashout_limit(till))


@dataclass(frozen=True, slots=True)
class CashOutcome:
    movement: CashMovement
    drawer_opened: bool | None = None  # None: no printer drives the drawer
    drawer_error: str | None = None
    document: dict[str, object] = field(default_factory=dict)


def move_cash(
    till: Till,
    kind: CashKind,
    amount: Decimal = Decimal("0.00"),
    *,
    reason: str | None = None,
    counts: Sequence[tuple[Decimal, int]] = (),
    supervisor: str | None = None,
    now: dt.datetime | None = None,
) -> CashOutcome:
    """Record a cash movement durably (with its outbox entry), then open the drawer for
    the cash that goes in or out (not for a count)."""
    cashier = till.require_cashier()
    needed = cash_approval(till, kind, amount)
    if needed is not None:
        _require_supervisor(supervisor, needed)
    moment = now or dt.datetime.now(dt.UTC)
    movement = new_movement(
        kind,
        amount,
        movement_id=time_ordered_id(),
        store_id=till.cfg.till.store_id,
        till_id=till.cfg.till.till_id,
        now=moment,
        reason=reason,
        counts=counts,
        cashier=cashier,
        supervisor=supervisor if needed is not None else None,
    )
    stored = till.journal.record_movement(movement, moment)
    till.document_recorded("cash_movement")
    opened, error = (None, None) if kind is CashKind.COUNT else _open_drawer(till)
    return CashOutcome(stored, opened, error, movement_document(stored))


def _open_drawer(till: Till) -> tuple[bool | None, str | None]:
    try:
        return (True if till.open_drawer() else None), None
    except (Unavailable, BadInput) as exc:
        # The movement is stored: a drawer that does not open is opened by key.
        log.warning("drawer not opened: %s", exc)
        return False, str(exc)


# ---- reports and reprints ------------------------------------------------------------


def x_report(till: Till, now: dt.datetime | None = None) -> dict[str, object]:
    """The day so far, without closing it."""
    day, figures = till.journal.day_figures()
    return reports.x_report(
        figures,
        store_id=till.cfg.till.store_id,
        till_id=till.cfg.till.till_id,
        business_day=day,
        at=now or dt.datetime.now(dt.UTC),
    )


def reprint(
    till: Till, ref: str, *, supervisor: str | None, now: dt.datetime | None = None
) -> tuple[Ticket, int, list[PrintOutcome]]:
    """Print a ticket of this till's journal again, marked as copy n (journaled)."""
    cashier = till.require_cashier()
    _require_supervisor(supervisor, REPRINT)
    named = parse_ref(ref, till.cfg.till.store_id, till.cfg.till.till_id)
    found = local_ticket(till, named)
    if found is None:
        raise SaleError(f"ticket {ref} is not in this till's journal")
    ticket = ticket_of_document(found)
    # the copy prints the original's signature extract, as the receipt did
    ticket = replace(ticket, signature=till.journal.signature_of(SALES, ticket.id))
    copy_no = till.journal.record_reprint(
        ticket.id, cashier=cashier, supervisor=supervisor, now=now
    )
    return ticket, copy_no, till.print_copy(ticket, copy_no)
