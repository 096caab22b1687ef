"""The till as one object: storage, catalog, journal, loading and the sale in progress.

The CLI, the agent and the GUI are thin shells over this module.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from connectors.errors import SaleError, Unavailable
from standalone_till import loading
from standalone_till.barcodes import InStoreLayout
from standalone_till.catalog import Catalog
from standalone_till.config import TillConfig
from standalone_till.journal import Journal, local_day
from standalone_till.model import Card, PaymentMethod, Ticket, TicketLine
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


def layout_of(cfg: TillConfig) -> InStoreLayout:
    b = cfg.barcodes
    return InStoreLayout(
        pattern=b.instore_pattern,
        weight_prefixes=tuple(b.weight_prefixes),
        price_prefixes=tuple(b.price_prefixes),
    )


class Till:
    def __init__(self, cfg: TillConfig) -> None:
        self.cfg = cfg
        self.db = TillDatabase.from_config(cfg)
        self.catalog = Catalog(self.db, layout_of(cfg))
        self.journal = Journal(self.db, cfg.till.store_id, cfg.till.till_id)

    def init(self) -> None:
        self.db.migrate()

    def require_ready(self) -> None:
        if not self.db.is_migrated():
            raise Unavailable("the till database is not set up: run `till init`", target="database")

    def close(self) -> None:
        self.db.dispose()

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
        }


class SaleSession:
    """The ticket being rung up. Every step goes through the pure sales rules."""

    def __init__(self, till: Till, now: dt.datetime | None = None) -> None:
        self.till = till
        self._now = now
        cfg = till.cfg.till
        self.ticket: Ticket = open_ticket(cfg.store_id, cfg.till_id, now=now)
        self.day = local_day(self.now())
        self.card: Card | None = None
        self._offers = till.catalog.offers_for(None, None, self.day)

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
        self._offers = self.till.catalog.offers_for(code, self.ticket.card_number, self.day)
        self._reprice(set_customer(self.ticket, code, self.card))

    def set_card(self, number: str) -> Card:
        card = self.till.catalog.card(number)
        if card is None:
            raise SaleError(f"unknown card {number}")
        customer = self.ticket.customer_code or card.customer_code
        ticket = set_customer(self.ticket, customer, card)
        self.card = card
        self._offers = self.till.catalog.offers_for(customer, card.number, self.day)
        self._reprice(ticket)
        return card

    def pay(self, method: PaymentMethod, amount: Decimal | None = None) -> None:
        self.ticket = add_payment(self.ticket, method, amount)

    def totals(self) -> Totals:
        return totals(self.ticket)

    def close(self) -> Ticket:
        self.ticket = self.till.journal.close_ticket(self.ticket, self.now())
        return self.ticket

    def cancel(self) -> Ticket:
        self.ticket = self.till.journal.cancel_ticket(self.ticket, self.now())
        return self.ticket
