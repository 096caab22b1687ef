"""The till as one object: storage, catalog, journal, loading, its link to the gateway
and the sale in progress.

The CLI, the agent and the GUI are thin shells over this module.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from connectors.errors import SaleError, Unavailable
from standalone_till import loading, migrations
from standalone_till.barcodes import InStoreLayout
from standalone_till.catalog import Catalog
from standalone_till.config import TillConfig
from standalone_till.journal import DayState, Journal, ZReport, local_day
from standalone_till.model import Card, Offer, PaymentMethod, Ticket, TicketLine
from standalone_till.sales import (
    Totals,
    add_line,
    add_payment,
    apply_offers,
    open_ticket,
    set_customer,
    totals,
    void_line,
)
from standalone_till.store import TillDatabase
from standalone_till.sync.state import Clock, utcnow
from standalone_till.sync.uplink import Uplink, client_for

if TYPE_CHECKING:
    from connectors.soap.client import ErpClient

log = logging.getLogger("tillsync.till")
_T = TypeVar("_T")


class TillListener(Protocol):
    """Told what happened at the till; must return at once (it runs on the cashier's thread)."""

    def ticket_closed(self, ticket: Ticket) -> None: ...

    def day_event(self, event: str) -> None: ...


def layout_of(cfg: TillConfig) -> InStoreLayout:
    b = cfg.barcodes
    return InStoreLayout(
        pattern=b.instore_pattern,
        weight_prefixes=tuple(b.weight_prefixes),
        price_prefixes=tuple(b.price_prefixes),
    )


class Till:
    def __init__(
        self,
        cfg: TillConfig,
        *,
        clock: Clock = utcnow,
        client_factory: Callable[[TillConfig], ErpClient] = client_for,
    ) -> None:
        self.cfg = cfg
        self.db = TillDatabase.from_config(cfg)
        self.catalog = Catalog(self.db, layout_of(cfg))
        self.journal = Journal(self.db, cfg.till.store_id, cfg.till.till_id)
        self.uplink = Uplink(cfg, self.db, clock=clock, client_factory=client_factory)
        self.listeners: list[TillListener] = []

    def init(self) -> None:
        self.db.migrate()

    def require_ready(self) -> None:
        if not self.db.is_migrated():
            raise Unavailable("the till database is not set up: run `till init`", target="database")
        if not self._journal_current():
            raise Unavailable(
                "the till database is older than this program: run `till init` to upgrade it",
                target="database",
            )

    def _journal_current(self) -> bool:
        heads = ScriptDirectory.from_config(migrations.alembic_config("journal")).get_heads()
        with self.db.read(self.db.journal) as conn:
            context = MigrationContext.configure(
                conn, opts={"version_table": migrations.VERSION_TABLES["journal"]}
            )
            return context.get_current_revision() in heads

    def close(self) -> None:
        self.uplink.close()
        self.db.dispose()

    # ------------------------------------------------------------ day events
    def open_day(self, now: dt.datetime | None = None) -> DayState:
        state = self.journal.open_day(now)
        self._day_event("day_open")
        return state

    def close_day(self, now: dt.datetime | None = None) -> DayState:
        state = self.journal.close_day(now)
        self._day_event("day_close")
        return state

    def closure(self, now: dt.datetime | None = None) -> ZReport:
        report = self.journal.closure(now)
        self._day_event("closure")
        return report

    def _day_event(self, event: str) -> None:
        """Messages are asked for at each day event: by the agent when one runs in this
        process, else here and now, bounded by the look-up timeout."""
        if self.listeners:
            for listener in self.listeners:
                _tell(listener.day_event, event)
        elif self.uplink.configured:
            self.uplink.fetch_messages(event)

    def ticket_closed(self, ticket: Ticket) -> None:
        for listener in self.listeners:
            _tell(listener.ticket_closed, ticket)

    def offers_for(
        self, customer_code: str | None, card_number: str | None, day: dt.date
    ) -> list[Offer]:
        """Local offers, with the server's laid over when a customer is named and it answers."""
        local = self.catalog.offers_for(customer_code, card_number, day)
        return self.uplink.offers_for(customer_code, card_number, local)

    def new_sale(self, now: dt.datetime | None = None) -> SaleSession:
        return SaleSession(self, now)

    def load_data(
        self, source: Path, progress: loading.Progress | None = None
    ) -> loading.LoadResult:
        path = source if source.is_file() else loading.newest_full(source)
        return loading.load_full(self.db, path, progress)

    def load_changes(
        self, source: Path, progress: loading.Progress | None = None
    ) -> loading.LoadResult:
        return loading.load_changes(self.db, source, progress)

    def catalog_state(self) -> loading.CatalogState:
        with self.db.read(self.db.catalog) as conn:
            return loading.catalog_state(conn)

    def status(self) -> dict[str, object]:
        state = self.catalog_state()
        day = self.journal.day_state()
        return {
            "store_id": self.cfg.till.store_id,
            "till_id": self.cfg.till.till_id,
            "catalog_sequence": state.sequence,
            "catalog_full_sequence": state.full_sequence,
            "catalog_loaded_at": state.applied_at.isoformat().replace("+00:00", "Z")
            if state.applied_at
            else None,
            "business_day": day.day.isoformat() if day.day else None,
            "day_state": day.state,
            "tickets_today": self.journal.tickets_in_day(day.day),
            **self.journal.outbox_summary(),
            **self.uplink.status(),
        }


def _tell(notify: Callable[[_T], None], what: _T) -> None:
    # The event already happened and is stored: a listener's bug must not undo that
    # in the cashier's eyes, so it is logged as a bug and the sale goes on.
    try:
        notify(what)
    except Exception:
        log.exception("listener %r failed on %r", notify, what)


class SaleSession:
    """The ticket being rung up. Every step goes through the pure sales rules."""

    def __init__(self, till: Till, now: dt.datetime | None = None) -> None:
        self.till = till
        self._now = now
        cfg = till.cfg.till
        self.ticket: Ticket = open_ticket(cfg.store_id, cfg.till_id, now=now)
        self.day = local_day(self.now())
        self.card: Card | None = None
        self._offers = till.catalog.offers_for(None, None, self.day)  # no customer: local

    def now(self) -> dt.datetime:
        return self._now or dt.datetime.now(dt.UTC)

    def _reprice(self, ticket: Ticket) -> None:
        self.ticket = apply_offers(ticket, self._offers, self.card, self.day)

    def scan(self, code: str, quantity: Decimal | None = None) -> TicketLine:
        """Add the item a code names; weighed items take the label's or the given weight."""
        scanned = self.till.catalog.scan(code, self.day)
        item = scanned.item
        unit_price = None
        if scanned.label_price is not None:
            quantity, unit_price = Decimal(1), scanned.label_price
        elif scanned.quantity is not None:
            quantity = scanned.quantity
        elif quantity is None:
            if item.sold_by.value == "weight":
                raise SaleError(f"{item.name} is sold by weight: give its weight (CODE*1.250)")
            quantity = Decimal(1)
        self._reprice(
            add_line(self.ticket, item, quantity, barcode=scanned.barcode, unit_price=unit_price)
        )
        return self.ticket.lines[-1]

    def void(self, line_no: int) -> None:
        self._reprice(void_line(self.ticket, line_no))

    def set_customer(self, code: str | None) -> None:
        if code and self.till.catalog.customer(code) is None:
            raise SaleError(f"unknown customer {code}")
        self._offers = self.till.offers_for(code, self.ticket.card_number, self.day)
        self._reprice(set_customer(self.ticket, code, self.card))

    def set_card(self, number: str) -> Card:
        card = self.till.catalog.card(number)
        if card is None:
            raise SaleError(f"unknown card {number}")
        customer = self.ticket.customer_code or card.customer_code
        ticket = set_customer(self.ticket, customer, card)
        self.card = card
        self._offers = self.till.offers_for(customer, card.number, self.day)
        self._reprice(ticket)
        return card

    def pay(self, method: PaymentMethod, amount: Decimal | None = None) -> None:
        self.ticket = add_payment(self.ticket, method, amount)

    def totals(self) -> Totals:
        return totals(self.ticket)

    def close(self) -> Ticket:
        """Store the ticket durably, then tell the listeners (drip upload, messages)."""
        self.ticket = self.till.journal.close_ticket(self.ticket, self.now())
        self.till.ticket_closed(self.ticket)
        return self.ticket

    def cancel(self) -> Ticket:
        self.ticket = self.till.journal.cancel_ticket(self.ticket, self.now())
        return self.ticket
