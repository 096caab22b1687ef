"""The cashier window's counterpart without Qt: what the cashier typed, turned into calls
on the sale in progress (``SaleSession``), and the ticket as plain data to show.

Everything here is local (catalog, journal, the scale); the only network call a sale
can make is the customer's online offers, bounded by the look-up timeout in the
library. The window runs these methods one at a time on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from connectors.errors import BadInput, SaleError
from standalone_till.model import PaymentMethod, SoldBy, Ticket
from standalone_till.money import parse_money, parse_quantity
from standalone_till.sales import CARD_OFFER_PREFIX, Totals, open_ticket, totals
from standalone_till.service import SaleSession, Till


@dataclass(frozen=True)
class LineView:
    line_no: int
    name: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    amount: Decimal
    voided: bool
    weighed: bool


@dataclass(frozen=True)
class OfferView:
    code: str
    description: str  # empty for a card discount (the window words it)
    card_percent: Decimal | None = None


@dataclass(frozen=True)
class TicketView:
    lines: tuple[LineView, ...]
    totals: Totals
    status: str  # open | closed | cancelled
    number: int | None = None
    customer: str | None = None  # "Anne Martin (C000001)"
    card: str | None = None
    offers: tuple[OfferView, ...] = ()
    cash: Decimal = Decimal("0.00")  # tendered in cash
    notices: tuple[str, ...] = ()  # what went wrong after closing (a receipt not printed)

    @property
    def empty(self) -> bool:
        return not self.lines


def parse_entry(text: str) -> tuple[str, Decimal | None]:
    """``CODE`` or ``CODE*QTY`` (a weight in kg for weighed items; ``,`` or ``.``)."""
    code, star, qty = text.strip().partition("*")
    code = code.strip()
    if not code:
        raise SaleError("nothing scanned: scan or type a code")
    if not star:
        return code, None
    try:
        return code, parse_quantity(qty.strip(), decimal_comma=True)
    except BadInput as exc:
        raise SaleError(f"{text.strip()}: {exc}") from exc


def parse_amount(text: str) -> Decimal | None:
    """A tendered amount as typed (``,`` or ``.``); empty = exactly what is due."""
    if not text.strip():
        return None
    try:
        return parse_money(text.strip(), decimal_comma=True)
    except BadInput as exc:
        raise SaleError(str(exc)) from exc


class Register:
    """The sale in progress at this till, and the last one closed.

    The sale starts at the first thing the cashier does: a till with cashiers in its
    master data starts none before one is signed in (``Till.new_sale`` refuses)."""

    def __init__(self, till: Till) -> None:
        self.till = till
        self._by_weight: dict[str, bool] = {}
        self._session: SaleSession | None = None
        self.last: TicketView | None = None  # the ticket just closed or cancelled

    @property
    def session(self) -> SaleSession:
        if self._session is None:
            self._session = self.till.new_sale()
        return self._session

    @property
    def started(self) -> bool:
        return self._session is not None

    # -- what the cashier does
    def enter(self, text: str, weighing: Callable[[], None] = lambda: None) -> TicketView:
        """Scan ``CODE`` or ``CODE*QTY``; a weighed item without one is put on the scale
        (``weighing`` is told first: the session waits for a stable weight)."""
        code, quantity = parse_entry(text)
        if quantity is None and self.till.devices.scale is not None and self._needs_weight(code):
            weighing()
        self.session.scan(code, quantity)
        self.last = None
        return self.view()

    def _needs_weight(self, code: str) -> bool:
        scanned = self.till.catalog.scan(code, self.session.day)
        return (
            scanned.item.sold_by is SoldBy.WEIGHT
            and scanned.quantity is None
            and scanned.label_price is None
        )

    def identify(self, text: str) -> TicketView:
        """A customer code, or a discount card scanned, swiped or typed."""
        entered = text.strip()
        if entered and self.till.catalog.customer(entered) is not None:
            self.session.set_customer(entered)
        else:
            self.session.set_card(entered)
        return self.view()

    def void(self, line_no: int, supervisor: str | None = None) -> TicketView:
        """Void a line (after a payment, with the supervisor who approved it)."""
        self.session.void(line_no, supervisor)
        return self.view()

    def pay_cash(self, amount: Decimal | None) -> TicketView:
        """Cash tendered (None: exactly what is due); closes the ticket once paid."""
        self.session.pay(PaymentMethod.CASH, amount)
        return self._close_if_paid()

    def pay_card(self) -> TicketView:
        self.session.pay(PaymentMethod.CARD)
        return self._close_if_paid()

    def cancel(self) -> TicketView:
        if not self.started or not self.session.ticket.lines:
            return self.view()
        self.last = self._view(self.session.cancel())
        self._session = None
        return self.last

    def _close_if_paid(self) -> TicketView:
        if self.session.totals().due > 0:
            return self.view()
        closed = self.session.close()
        self.last = self._view(closed, _unprinted(self.session))
        self._session = None
        return self.last

    # -- what the window shows
    def view(self) -> TicketView:
        if self._session is None:  # nothing scanned yet: an empty ticket
            cfg = self.till.cfg.till
            return self._view(open_ticket(cfg.store_id, cfg.till_id))
        return self._view(self._session.ticket)

    def _view(self, ticket: Ticket, notices: tuple[str, ...] = ()) -> TicketView:
        catalog = self.till.catalog
        customer = catalog.customer(ticket.customer_code) if ticket.customer_code else None
        return TicketView(
            lines=tuple(
                LineView(
                    ln.line_no,
                    ln.name,
                    ln.quantity,
                    ln.unit_price,
                    ln.discount,
                    ln.amount,
                    ln.voided,
                    self._weighed(ln.item_code),
                )
                for ln in ticket.lines
            ),
            totals=totals(ticket),
            status=ticket.status,
            number=ticket.number,
            customer=f"{customer.name} ({customer.code})" if customer else ticket.customer_code,
            card=ticket.card_number,
            offers=tuple(self._offer(code) for code in ticket.applied_offers),
            cash=sum(
                (p.amount for p in ticket.payments if p.method is PaymentMethod.CASH),
                Decimal("0.00"),
            ),
            notices=notices,
        )

    def _weighed(self, item_code: str) -> bool:
        if item_code not in self._by_weight:
            item = self.till.catalog.item(item_code, self.session.day)
            self._by_weight[item_code] = item is not None and item.sold_by is SoldBy.WEIGHT
        return self._by_weight[item_code]

    def _offer(self, code: str) -> OfferView:
        if code.startswith(CARD_OFFER_PREFIX):
            card = self.session.card
            return OfferView(code, "", card.discount_percent if card else None)
        known = {o.code: o for o in self.session.offers}
        return OfferView(code, known[code].description if code in known else code)


def _unprinted(session: SaleSession) -> tuple[str, ...]:
    return tuple(o.message for o in session.print_outcomes if not o.printed and o.message)
