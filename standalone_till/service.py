"""The till as one object: storage, catalog, journal, loading, its link to the gateway
and the sale in progress.

The CLI, the agent and the GUI are thin shells over this module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import weakref
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from connectors.errors import (
    ApprovalRefused,
    BadInput,
    ConfigError,
    SaleError,
    TillsyncError,
    Unavailable,
)
from standalone_till import fetching, loading, migrations
from standalone_till.barcodes import InStoreLayout
from standalone_till.cashiers import VOID_AFTER_PAYMENT, Cashier, CashierDesk
from standalone_till.catalog import Catalog
from standalone_till.clock import Clock, iso, utcnow
from standalone_till.config import TillConfig
from standalone_till.journal import DayClosed, DayState, Journal, SaleDay, ZReport, local_day
from standalone_till.model import Card, Offer, PaymentMethod, Ticket, TicketLine
from standalone_till.open_sales import OpenSaleMark, open_elsewhere
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
from standalone_till.signing import Signer
from standalone_till.store import TillDatabase
from standalone_till.sync.state import Area
from standalone_till.sync.uplink import Uplink, client_for

if TYPE_CHECKING:
    from standalone_till.devices import PrintOutcome, PrintQueue, TillDevices
    from standalone_till.hub.client import OrdersClient
    from standalone_till.server_choice import Choice
    from ticket_contract.client import ErpClient

log = logging.getLogger("tillsync.till")
_T = TypeVar("_T")


class TillListener(Protocol):
    """Told what happened at the till; must return at once (it runs on the cashier's thread)."""

    def ticket_closed(self, ticket: Ticket) -> None: ...

    def day_event(self, event: str) -> None: ...

    def document_recorded(self, kind: str) -> None: ...


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
        self.journal = Journal(
            self.db, cfg.till.store_id, cfg.till.till_id, Signer.from_config(cfg)
        )
        self.uplink = Uplink(cfg, self.db, clock=clock, client_factory=client_factory)
        self.uplink.audit = self.journal.audit  # the server unreachable, and back
        self.cashiers = CashierDesk(
            self.db,
            cfg.till.till_id,
            lockout=dt.timedelta(minutes=cfg.cashiers.lockout_minutes),
            clock=clock,
            signer=self.journal.signer,
        )
        self.listeners: list[TillListener] = []
        self._sales: weakref.WeakSet[SaleSession] = weakref.WeakSet()  # for open_sale
        self._devices: TillDevices | None = None
        self._print_queue: PrintQueue | None = None

    def init(self) -> None:
        """Create or upgrade the journal and the catalog; make the signing key if none."""
        self.db.migrate()
        if self.journal.signer is not None:
            with self.db.write(self.db.journal) as conn:
                self.journal.signer.ensure_key(conn, utcnow())

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
        for sale in list(self._sales):  # the sales left open let go of their marks
            sale._unmark()
        self.uplink.close()
        if self._devices is not None:
            self._devices.close()
        self.db.dispose()

    # ------------------------------------------------------------ cashiers
    def signin(self, code: str, pin: str) -> Cashier:
        """Sign a cashier in with their PIN (offline: the catalog and journal only)."""
        return self.cashiers.signin(code, pin)

    def signout(self) -> Cashier | None:
        return self.cashiers.signout()

    def whoami(self) -> Cashier | None:
        return self.cashiers.whoami()

    def require_cashier(self) -> str | None:
        """The signed-in cashier's code for a document; None on an anonymous till (no
        cashier in the master data); NotSignedIn when cashiers exist and none is in."""
        return self.cashiers.require_cashier()

    def approve(self, action: str, supervisor_code: str, pin: str) -> str:
        """A supervisor's code and PIN for ``action`` now; the supervisor's code."""
        return self.cashiers.approve(action, supervisor_code, pin)

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
        """The Z: refused while a ticket is open here (close or cancel it first); the
        closure records the cashier signed in."""
        if self.open_sale() is not None:
            raise SaleError("a ticket is open: close or cancel it before the closure (Z)")
        elsewhere = open_elsewhere(self.open_sales_folder)
        if elsewhere:
            raise SaleError(
                f"a ticket is open in another window or process of this till ({elsewhere[0]}):"
                " close or cancel it before the closure (Z)"
            )
        report = self.journal.closure(now, cashier=self.require_cashier())
        self.document_recorded("closure")
        self._day_event("closure")
        return report

    @property
    def open_sales_folder(self) -> Path:
        """Where the sales open in this till's processes hold their locks (open_sales)."""
        db = self.cfg.database_path
        return db.with_name(db.name + ".open-sales")

    def open_sale(self) -> SaleSession | None:
        """A sale of this till rung up and neither closed nor cancelled, if any."""
        return next(
            (s for s in list(self._sales) if s.ticket.status == "open" and s.ticket.lines),
            None,
        )

    def sale_day(self, now: dt.datetime | None = None) -> SaleDay:
        """Whether a sale can go in now, and if not why and what to do."""
        return self.journal.sale_day(now)

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

    def document_recorded(self, kind: str) -> None:
        """A document of ``kind`` (cash_movement, closure) entered the documents outbox."""
        for listener in self.listeners:
            _tell(listener.document_recorded, kind)

    def offers_for(
        self, customer_code: str | None, card_number: str | None, day: dt.date
    ) -> list[Offer]:
        """Local offers, with the server's laid over when a customer is named and it answers."""
        local = self.catalog.offers_for(customer_code, card_number, day)
        return self.uplink.offers_for(customer_code, card_number, local)

    def new_sale(self, now: dt.datetime | None = None) -> SaleSession:
        return SaleSession(self, now)

    def load_data(
        self,
        source: str | Path | None = None,
        progress: loading.Progress | None = None,
        download: fetching.ByteProgress | None = None,
        *,
        allow_older: bool = False,
    ) -> loading.LoadResult:
        """Load data: the newest full export of a folder, a URL or the configured server;
        one older than the catalog is refused (OlderExportError) unless ``allow_older``."""
        result = fetching.load_data(
            self.cfg, self.db, _source(source), progress, download, allow_older=allow_older
        )
        fetching.prune_staging(self.cfg.staging_path, result.sequence)
        self._audit_load("catalog_full", result)
        return result

    def load_changes(
        self,
        source: str | Path | None = None,
        progress: loading.Progress | None = None,
        download: fetching.ByteProgress | None = None,
    ) -> loading.LoadResult:
        """Load changes: the increments after the catalog's sequence, fetched and applied in order."""
        result = fetching.load_changes(self.cfg, self.db, _source(source), progress, download)
        fetching.prune_staging(self.cfg.staging_path, self.catalog_state().sequence)
        if result.sequences:
            self._audit_load("catalog_changes", result)
        return result

    def _audit_load(self, kind: str, result: loading.LoadResult) -> None:
        self.journal.audit(
            kind,
            detail={
                "sequence": result.sequence,
                "applied": list(result.sequences),
                "rows": result.rows,
            },
        )

    def refresh_catalog(self) -> loading.LoadResult | None:
        """The agent's timed "Load changes" from the configured server; a failure (server
        down, a gap that needs a full load) is kept for the status, selling goes on."""
        if not self.cfg.ftp.host:
            return None
        try:
            result = self.load_changes()
        except TillsyncError as exc:
            self.uplink.state.failed(Area.CATALOG, str(exc), hold_off=False)
            log.warning("catalog changes not loaded: %s", exc)
            return None
        self.uplink.state.succeeded(Area.CATALOG, touch=False)
        return result

    @property
    def catalog_error(self) -> str | None:
        """Why the last automatic Load changes failed (kept in the journal, so every
        process sees it: the status command, the admin window); None once one succeeds."""
        state = self.uplink.state.get(Area.CATALOG)
        return None if state.ok in (None, True) else state.last_error

    # -- devices
    @property
    def devices(self) -> TillDevices:
        if self._devices is None:
            from standalone_till.devices import devices_from_config

            self._devices = devices_from_config(self.cfg)
        return self._devices

    @property
    def print_queue(self) -> PrintQueue | None:
        """The queue of receipts for the configured printers (None when there are none)."""
        if self._print_queue is None and self.devices.printers:
            from standalone_till.devices import PrintQueue

            self._print_queue = PrintQueue(self.db.journal, self.devices.printers)
        return self._print_queue

    def print_ticket(self, ticket: Ticket) -> list[PrintOutcome]:
        """Print a stored ticket: a sale split over the printers (alcohol lines to their
        own), a return as one return slip on the non-fiscal printer (never on a fiscal
        one). A printer that is off keeps its receipt queued and the outcome says so. A
        cash payment or a cash refund opens the drawer."""
        queue = self.print_queue
        if queue is None:
            return []
        from standalone_till.devices import is_return, slip_job, split_ticket

        devices = self.devices
        outcomes: list[PrintOutcome] = []
        try:
            if is_return(ticket):
                jobs = [slip_job(ticket, devices.slip_printer)]
            else:
                jobs = split_ticket(ticket, devices.rule, list(devices.printers))
            outcomes = queue.submit(jobs)
        except Unavailable as exc:  # the ticket is stored; the receipt waits for a retry
            log.warning("receipt of %s not printed: %s", ticket.id, exc)
        if any(p.method is PaymentMethod.CASH and p.amount for p in ticket.payments):
            self._kick_drawer(f"cash on ticket {ticket.id}")
        return outcomes

    def print_copy(self, ticket: Ticket, copy_no: int) -> list[PrintOutcome]:
        """Print a stored ticket again, marked "COPY n", on the non-fiscal printer."""
        queue = self.print_queue
        if queue is None:
            return []
        from standalone_till.devices import slip_job

        try:
            return queue.submit([slip_job(ticket, self.devices.slip_printer, copy_no=copy_no)])
        except Unavailable as exc:
            log.warning("copy %d of %s not printed: %s", copy_no, ticket.id, exc)
            return []

    def open_drawer(self) -> bool:
        """Kick the cash drawer wired to the receipt printer; False when no printer is set.

        Raises ``Unavailable`` (printer unplugged, silent) or ``BadInput`` (refused)."""
        printer = self.devices.drawer_printer
        if printer is None:
            return False
        printer.open_drawer()
        log.info("%s: drawer opened", printer.device)
        return True

    def _kick_drawer(self, why: str) -> None:
        # The ticket is stored and printed (or queued): a drawer that does not open is
        # the cashier's to open by key, not a reason to fail the sale.
        try:
            self.open_drawer()
        except (Unavailable, BadInput) as exc:
            log.warning("drawer not opened (%s): %s", why, exc)

    # -- local server mode
    def use_server(self, mode: str) -> Choice:
        """The administrator's switch: gateway, hub, or auto (the ping decides)."""
        choice = self.uplink.choice.set_mode(mode)
        self.uplink.state.release()  # the newly chosen server is tried at once
        log.info("server mode %s, in use: %s", choice.mode, choice.in_use)
        return choice

    @property
    def local_role(self) -> str | None:
        """hub (this till serves the store), client (it has a hub) or None."""
        if self.cfg.local_server.enabled:
            return "hub"
        return "client" if self.cfg.local_server.hub_url else None

    def orders_client(self) -> OrdersClient:
        """The client of the store's open orders: the hub's, or this till's own when it
        is the hub."""
        from standalone_till.hub.client import OrdersClient

        hub = self.cfg.local_server
        url = hub.hub_url or (f"http://127.0.0.1:{hub.port}" if hub.enabled else "")
        if not url:
            raise ConfigError(
                "no hub: set local_server.hub_url (or enable local_server on the hub till)",
                key="local_server.hub_url",
            )
        return OrdersClient(url, hub.secret, self.cfg.till.till_id)

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
            "catalog_loaded_at": iso(state.applied_at),
            "business_day": day.day.isoformat() if day.day else None,
            "day_state": day.state,
            "tickets_today": self.journal.tickets_in_day(day.day),
            **self.journal.outbox_summary(),
            **self.uplink.status(),
            "local_server": self.local_role,
            "catalog_error": self.catalog_error,
            "receipts_waiting": len(self.print_queue.waiting()) if self.print_queue else 0,
            "cashier": cashier.code if (cashier := self.whoami()) else None,
        }


def _source(source: str | Path | None) -> str | None:
    return None if source is None else str(source)


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
        cashier = till.require_cashier()  # no sale starts without the cashier signed in
        self.ticket: Ticket = dataclasses.replace(
            open_ticket(cfg.store_id, cfg.till_id, now=now), cashier=cashier
        )
        self.day = local_day(self.now())
        self.card: Card | None = None
        till._sales.add(self)
        self.print_outcomes: list[PrintOutcome] = []
        self._offers = till.catalog.offers_for(None, None, self.day)  # no customer: local
        self._mark: OpenSaleMark | None = None  # held from the first line to close/cancel

    def now(self) -> dt.datetime:
        return self._now or dt.datetime.now(dt.UTC)

    @property
    def offers(self) -> list[Offer]:
        """The offers this sale is priced with (local, or online for its customer)."""
        return list(self._offers)

    def _reprice(self, ticket: Ticket) -> None:
        self.ticket = apply_offers(ticket, self._offers, self.card, self.day)

    def scan(self, code: str, quantity: Decimal | None = None) -> TicketLine:
        """Add the item a code names; weighed items take the label's or the given weight.

        The first line is refused (DayClosed) when no sale can go into the business day,
        so the cashier learns it before ringing up a whole ticket."""
        if not self.ticket.lines:
            sale_day = self.till.sale_day(self.now())
            if not sale_day.open:
                raise DayClosed(sale_day)
        scanned = self.till.catalog.scan(code, self.day)
        item = scanned.item
        unit_price = None
        if scanned.label_price is not None:
            quantity, unit_price = Decimal(1), scanned.label_price
        elif scanned.quantity is not None:
            quantity = scanned.quantity
        elif quantity is None:
            quantity = self._weight_of(item.name) if item.sold_by.value == "weight" else Decimal(1)
        self._reprice(
            add_line(self.ticket, item, quantity, barcode=scanned.barcode, unit_price=unit_price)
        )
        if self._mark is None:
            self._mark = OpenSaleMark(self.till.open_sales_folder, self.ticket.id)
            # A sale dropped without close or cancel lets go of its mark when collected.
            self._unmark_when_dropped = weakref.finalize(self, self._mark.release)
        return self.ticket.lines[-1]

    def _unmark(self) -> None:
        if self._mark is not None:
            self._mark.release()
            self._mark = None

    def _weight_of(self, name: str) -> Decimal:
        """A weighed item without a label: the scale's next stable weight."""
        scale = self.till.devices.scale
        if scale is None:
            raise SaleError(f"{name} is sold by weight: give its weight (CODE*1.250)")
        return scale.read_stable_weight()

    def void(self, line_no: int, supervisor: str | None = None) -> None:
        """Void a line; once a payment was taken only with a supervisor (``Till.approve``
        passed for ``VOID_AFTER_PAYMENT``), recorded with the ticket."""
        if self.ticket.payments and not supervisor:
            raise ApprovalRefused(
                "voiding a line after a payment was taken needs a supervisor",
                code="",
                action=VOID_AFTER_PAYMENT,
            )
        voided = void_line(self.ticket, line_no)
        if self.ticket.payments:
            voided = dataclasses.replace(voided, supervisor=supervisor, approval=VOID_AFTER_PAYMENT)
        self._reprice(voided)

    def set_customer(self, code: str | None) -> None:
        if code and self.till.catalog.customer(code) is None:
            raise SaleError(f"unknown customer {code}")
        self._offers = self.till.offers_for(code, self.ticket.card_number, self.day)
        self._reprice(set_customer(self.ticket, code, self.card))

    def set_card(self, raw: str) -> Card:
        """A card scanned (barcode) or swiped (magnetic track 1 or 2)."""
        from standalone_till.devices import resolve_card

        card = resolve_card(self.till.catalog, raw).card
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
        """Store the ticket durably, print it, then tell the listeners (drip, messages).

        ``print_outcomes`` says what did not print (the receipt stays queued)."""
        # The ticket records the cashier signed in when it closes.
        cashier = self.till.require_cashier()
        self.ticket = dataclasses.replace(self.ticket, cashier=cashier)
        self.ticket = self.till.journal.close_ticket(self.ticket, self.now())
        self._unmark()
        self.print_outcomes = self.till.print_ticket(self.ticket)
        self.till.ticket_closed(self.ticket)
        return self.ticket

    def cancel(self) -> Ticket:
        self.ticket = self.till.journal.cancel_ticket(self.ticket, self.now())
        self._unmark()
        return self.ticket
