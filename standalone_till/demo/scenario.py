"""The demo's story: the ERP, an FTP server, the gateway and one till on 127.0.0.1, through
a day of trading, told one line per step and counted in ``DemoCounts``.

Every wait polls with a short sleep until a deadline; nothing sleeps a fixed time.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import TextIO, TypeVar

import sqlalchemy as sa

from connectors.errors import Unavailable
from standalone_till import config as tconfig
from standalone_till.barcodes import encode_instore
from standalone_till.cash import CashKind
from standalone_till.catalog import CARDS, ItemListing
from standalone_till.demo.checks import DemoCounts
from standalone_till.demo.servers import ErpGateway, FtpServer
from standalone_till.journal import local_day
from standalone_till.model import PaymentMethod, SoldBy, Ticket
from standalone_till.receipt_code import receipt_code
from standalone_till.sales import CARD_OFFER_PREFIX, totals
from standalone_till.service import SaleSession, Till, layout_of
from standalone_till.sync.agent import Agent
from standalone_till.sync.state import Area
from standalone_till.till_documents import move_cash, take_return

T = TypeVar("T")
STORE, TILL = "S001", "T01"
CUSTOMER = "C000002"
ONLINE_OFFER = "WEB-DEMO-1"
MESSAGE = "Head office: the spring catalogue starts on Monday, please set up the end caps."
LABEL_KG = Decimal("0.742")
PRICE_STEP = Decimal("0.50")
CASH_ROUNDING = Decimal(5)
WAIT_S = 20.0
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# (code, name, role, PIN): set at the gateway, exported, signed in at the till
CASHIER = ("C01", "Anne Martin", "cashier", "2468")
SUPERVISOR = ("S01", "Paul Durand", "supervisor", "1357")
FLOAT = Decimal("100.00")
SAFE_DROP = Decimal("50.00")


class Story:
    """One line per step, stamped with the seconds since the start."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def tell(self, text: str) -> None:
        print(f"[{self.elapsed:5.1f} s] {text}", file=self.out, flush=True)


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = WAIT_S) -> T:
    """``probe()`` once it is truthy; Unavailable naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise Unavailable(f"demo: {what} did not happen within {timeout:g} s", target="demo")
        time.sleep(0.05)


def _n(value: int) -> str:
    return f"{value:,}"


def _cash_for(total: Decimal) -> Decimal:
    """What a customer hands over: the total rounded up to the next 5."""
    return (total / CASH_ROUNDING).to_integral_value(ROUND_CEILING) * CASH_ROUNDING


class Demo:
    """The whole chain in ``folder``; ``run`` tells the story and fills ``counts``."""

    def __init__(self, folder: Path, story: Story, stack: ExitStack, items: int) -> None:
        self.folder = folder
        self.story = story
        self.stack = stack
        self.items = items
        self.counts = DemoCounts()
        self.day = local_day(dt.datetime.now(dt.UTC))
        self.ftp = stack.enter_context(FtpServer(folder / "ftp"))
        self.erp_staging = folder / "erp-staging.db"
        self.gateway = ErpGateway(folder / "gateway", self.ftp.url("/exports"), self.erp_staging)
        stack.callback(self.gateway.stop)
        self.till: Till
        self.agent: Agent
        self.unit: list[ItemListing] = []
        self.tickets: list[Ticket] = []
        self._agent_stop = threading.Event()
        self._agent_thread: threading.Thread | None = None

    def run(self) -> DemoCounts:
        self.erp_master_data()
        self.gateway_up()
        self.till_bootstrap()
        self.online_offer()
        self.morning_sales()
        self.head_office_message()
        self.price_change()
        self.return_and_drop()
        self.gateway_cut()
        self.closure()
        self.gateway_side()
        self.erp_feed()
        return self.counts

    # ------------------------------------------------------------ the ERP side
    def erp_master_data(self) -> None:
        gw, c = self.gateway, self.counts
        gw.run("init")
        changes = {
            e["entity"]: e["rows"]
            for e in gw.run_json("master", "sample", "--items", str(self.items))
        }
        c.master_items = changes["items"]
        self.story.tell(
            "ERP: sample master data in the gateway's tables: "
            + ", ".join(f"{_n(n)} {entity}" for entity, n in changes.items())
        )
        for code, name, role, pin in (CASHIER, SUPERVISOR):
            gw.run(
                "cashiers", "set", code, "--name", name, "--role", role, "--pin-stdin", stdin=pin
            )
        self.story.tell(
            f"ERP: cashier {CASHIER[0]} ({CASHIER[1]}) and supervisor {SUPERVISOR[0]} "
            f"({SUPERVISOR[1]}) set with their PINs (kept as salted hashes)"
        )
        gw.run("export", "full")
        full = gw.run_json("master", "status")["exports"][0]
        c.full_export_rows = full["rows"]
        self.story.tell(
            f"ERP: full export {full['sequence']} ({_n(full['rows'])} rows) published to "
            f"{self.ftp.shown_url('/exports')}"
        )

    def gateway_up(self) -> None:
        took = self.gateway.start()
        self.story.tell(f"gateway serving SOAP at {self.gateway.url} (up in {took:.1f} s)")
        fleet = self.gateway.url.rsplit("/soap", 1)[0] + "/fleet"
        self.story.tell(f"the fleet of tills at {fleet} (a browser; metrics at /metrics)")

    # ------------------------------------------------------------ the till
    def _configure_till(self) -> tconfig.TillConfig:
        path = self.folder / "till" / "till.toml"
        tconfig.write_default_config(path, STORE, TILL)
        settings = {
            "webservice.url": self.gateway.url,
            "webservice.timeout": "10",
            "webservice.ping_timeout": "2",
            "ftp.protocol": "ftp",
            "ftp.host": "127.0.0.1",
            "ftp.port": str(self.ftp.port),
            "ftp.remote_dir": "/exports",
            "ftp.user": self.ftp.user,
            "ftp.password": self.ftp.password,
            "timings.drip": "true",
            "timings.ping_interval": "1",
            "timings.ticket_sync_interval": "5",
            "timings.changes_interval": "0",  # the demo loads the changes itself
        }
        for key, value in settings.items():
            tconfig.set_key(path, key, value)
        return tconfig.load_config(path)

    def till_bootstrap(self) -> None:
        c = self.counts
        self.till = till = Till(self._configure_till())
        self.stack.callback(till.close)
        till.init()
        loaded = till.load_data()
        c.loaded_sequence, c.loaded_rows = loaded.sequence, loaded.rows
        self.story.tell(
            f"till {STORE}/{TILL} set up; Load data from FTP: export {loaded.sequence}, "
            f"{_n(loaded.rows)} rows in {loaded.seconds:.1f} s"
        )
        cashier = till.signin(CASHIER[0], CASHIER[3])
        self.counts.cashier_signed_in = cashier.code
        self.story.tell(f"cashier {cashier.code} ({cashier.name}) signs in with a PIN")
        self.agent = Agent(till)
        self._agent_thread = threading.Thread(
            target=self.agent.run_forever, args=(self._agent_stop,), name="demo-agent"
        )
        self._agent_thread.start()
        self.stack.callback(self._stop_agent)
        wait_for("the first ping", lambda: till.uplink.state.get(Area.PING).ok)
        self.story.tell("sync agent running in drip mode (ping every second): gateway reachable")
        listed = till.catalog.search(None, self.day, limit=400)
        self.unit = [
            x
            for x in listed
            if x.item.sold_by is SoldBy.UNIT
            and x.item.price
            and x.item.active
            and not x.item.alcohol
            and x.barcodes
            and len(x.barcodes[0]) == 13
        ]
        self.weighed = next(
            x for x in listed if x.item.sold_by is SoldBy.WEIGHT and x.item.price and x.item.active
        )
        if len(self.unit) < 20:
            raise Unavailable("demo: the sample catalog has too few unit items", target="demo")

    # ------------------------------------------------------------ selling
    def _sell(
        self,
        scans: list[str],
        *,
        customer: str | None = None,
        card: str | None = None,
        pay: Callable[[SaleSession], None] | None = None,
        tell: Callable[[Ticket], str] | None = None,
    ) -> Ticket:
        """Ring a ticket up and close it, tell it, then show messages as the front does."""
        sale = self.till.new_sale()
        if customer:
            sale.set_customer(customer)
        if card:
            sale.set_card(card)
        for code in scans:
            sale.scan(code)
        if pay is None:
            sale.pay(PaymentMethod.CASH)
        else:
            pay(sale)
        ticket = sale.close()
        self.tickets.append(ticket)
        self.counts.tickets_closed += 1
        self.counts.tickets_total += sale.totals().total
        if tell is not None:
            self.story.tell(tell(ticket))
        self._show_messages(f"after ticket {ticket.number}")
        return ticket

    def _show_messages(self, when: str) -> None:
        """What the cashier's window does at each event: show the messages not shown yet."""
        for message in self.till.uplink.messages_to_show():
            if message.id == self.counts.message_id:
                self.counts.message_shown += 1
            self.story.tell(f"till shows head office's message {when}: '{message.text}'")

    def _barcode(self, i: int) -> str:
        return self.unit[i].barcodes[0]

    @staticmethod
    def _line(ticket: Ticket) -> str:
        tot = totals(ticket)
        off = (
            f" after {tot.discount} off ({', '.join(ticket.applied_offers)})"
            if tot.discount
            else ""
        )
        pays = " + ".join(f"{p.method.value} {p.amount}" for p in ticket.payments)
        change = f", change {tot.change}" if tot.change else ""
        lines = f"{len(ticket.lines)} line{'s' if len(ticket.lines) > 1 else ''}"
        return f"ticket {ticket.number}: {lines}, total {tot.total}{off}; paid {pays}{change}"

    def online_offer(self) -> None:
        item = self.unit[0].item
        if self.till.catalog.customer(CUSTOMER) is None:
            raise Unavailable(f"demo: customer {CUSTOMER} is not in the catalog", target="demo")
        self.gateway.add_offer(
            code=ONLINE_OFFER,
            description=f"20% off {item.name} for customer {CUSTOMER}",
            scope="customer",
            scope_ref=CUSTOMER,
            target="item",
            item_code=item.code,
            kind="percent",
            value="20",
        )
        local = self.till.catalog.offers_for(CUSTOMER, None, self.day)
        self.counts.online_offer = ONLINE_OFFER
        self.counts.online_offer_local_before = any(o.code == ONLINE_OFFER for o in local)
        self.story.tell(
            f"ERP: new offer {ONLINE_OFFER} for customer {CUSTOMER} (20% off {item.name}); "
            + ("already" if self.counts.online_offer_local_before else "not")
            + " in the till's catalog yet"
        )

    def morning_sales(self) -> None:
        c, till = self.counts, self.till
        state = till.open_day()
        self.story.tell(f"day {state.day} open")
        self._show_messages("at day open")
        move_cash(till, CashKind.FLOAT, FLOAT)
        c.float_amount = FLOAT
        self.story.tell(f"float of {FLOAT} put in the drawer")
        # a known customer: the offers come from the gateway while the sale is rung up
        t = self._sell(
            [self._barcode(0), self._barcode(1)],
            customer=CUSTOMER,
            pay=lambda s: s.pay(PaymentMethod.CARD),
            tell=lambda t: f"{self._line(t)} (customer {CUSTOMER}: offers asked online)",
        )
        c.online_offer_applied = ONLINE_OFFER in t.applied_offers
        # a weighed item from the in-store scale's label
        weighed = self.weighed.item
        label = encode_instore(
            till.cfg.barcodes.weight_prefixes[0],
            self.weighed.barcodes[0],
            LABEL_KG,
            layout_of(till.cfg),
        )
        t = self._sell(
            [label, self._barcode(2)],
            pay=lambda s: s.pay(PaymentMethod.CASH, _cash_for(s.totals().total)),
            tell=lambda t: (
                f"{self._line(t)} (scale label {label}: {LABEL_KG} kg {weighed.name} "
                f"at {weighed.price}/kg)"
            ),
        )
        c.weighed_label_kg = LABEL_KG
        c.weighed_line_kg = next(ln.quantity for ln in t.lines if ln.item_code == weighed.code)
        # a discount card and a mixed payment
        card = self._discount_card()
        t = self._sell(
            [self._barcode(3), self._barcode(4), self._barcode(5)],
            card=card.number,
            pay=_mixed,
            tell=lambda t: (
                f"{self._line(t)} (discount card {card.number}: "
                f"{card.discount_percent}% off its lines)"
            ),
        )
        by_card = [ln for ln in t.lines if ln.offer_code == CARD_OFFER_PREFIX + card.number]
        c.card_discount = sum(
            ((ln.gross * card.discount_percent / 100).quantize(CENT) for ln in by_card), ZERO
        )
        c.mixed_payment_methods = len({p.method for p in t.payments})
        for i in range(3):
            self._sell([self._barcode(6 + i), self._barcode(9 + i)], tell=self._line)
        started = time.monotonic()
        wait_for("the drip upload", lambda: self._pending() == 0)
        c.dripped = len(self.tickets)
        self.story.tell(
            f"{len(self.tickets)} tickets dripped up: outbox empty "
            f"{time.monotonic() - started:.1f} s after the last close"
        )

    def return_and_drop(self) -> None:
        """A customer brings one item of an earlier ticket back; the drawer's surplus goes
        to the safe."""
        c, till = self.counts, self.till
        original = self.tickets[-1]
        assert original.business_day is not None and original.number is not None
        code = receipt_code(original.store_id, original.till_id, original.business_day,
                            original.number)  # fmt: skip
        given_back = original.lines[0]
        back, _ = take_return(till, code, [(given_back.barcode or given_back.item_code, None)])
        self.tickets.append(back)
        c.tickets_closed += 1
        c.returns_closed += 1
        c.tickets_total += totals(back).total
        c.return_original = original.id
        self.story.tell(
            f"return {back.number}: {given_back.name} of ticket {original.number} "
            f"(receipt code {code} scanned), refunded {-totals(back).total} "
            f"by {', '.join(p.method.value for p in back.payments)}"
        )
        move_cash(till, CashKind.DROP, SAFE_DROP)
        c.safe_drop = SAFE_DROP
        self.story.tell(f"safe drop of {SAFE_DROP} from the drawer")
        wait_for("the return's and the drop's upload", self._all_sent)

    def _all_sent(self) -> bool:
        status = self.till.status()
        return self._pending() == 0 and status.get("documents_pending") == 0

    def _discount_card(self) -> _Card:
        with self.till.db.read(self.till.db.catalog) as conn:
            row = conn.execute(
                sa.select(CARDS.c.number, CARDS.c.discount_percent)
                .where(CARDS.c.active == sa.true(), CARDS.c.discount_percent > 0)
                .order_by(CARDS.c.number)
                .limit(1)
            ).first()
        if row is None:
            raise Unavailable("demo: no discount card in the catalog", target="demo")
        return _Card(row.number, Decimal(row.discount_percent))

    def _pending(self) -> int:
        return int(str(self.till.journal.outbox_summary()["outbox_pending"]))

    # ------------------------------------------------------------ head office
    def head_office_message(self) -> None:
        c, box = self.counts, self.till.uplink.messages
        c.message_id = self.gateway.push_notification(TILL, MESSAGE)
        self.story.tell(f"ERP: PushNotification {c.message_id} to till {TILL}")

        def stored() -> bool:
            return any(m.id == c.message_id for m in box.recent())

        def acked() -> bool:
            return any(m.id == c.message_id and m.acked_at for m in box.recent())

        self._sell(
            [self._barcode(12)],
            tell=lambda t: f"{self._line(t)}; between tickets the agent asks for messages",
        )
        c.message_stored = bool(wait_for("the message's arrival", stored))
        c.message_acked = bool(wait_for("the message's acknowledgement", acked))
        self.story.tell(f"message {c.message_id} stored at the till and acknowledged")
        if not c.message_shown:  # it is shown at the next event
            self._sell([self._barcode(13)], tell=self._line)

    # ------------------------------------------------------------ a price change
    def price_change(self) -> None:
        c, till = self.counts, self.till
        listing = self.unit[14]
        item = listing.item
        c.old_price = item.price or ZERO
        c.new_price = c.old_price + PRICE_STEP
        self.gateway.add_price(item.code, self.day, c.new_price)
        self.gateway.run("export", "changes")
        last = self.gateway.run_json("master", "status")["exports"][-1]
        self.story.tell(
            f"ERP: {item.name} from {c.old_price} to {c.new_price} as of today; "
            f"{last['kind']} export {last['sequence']} ({last['rows']} rows: the new price "
            f"and offer {ONLINE_OFFER}) published"
        )
        loaded = till.load_changes()
        c.increments_applied = list(loaded.sequences)
        self.story.tell(
            f"till: Load changes from FTP: increments {c.increments_applied}, "
            f"{loaded.rows} rows in {loaded.seconds:.2f} s"
        )

        def price_of(t: Ticket) -> Decimal:
            return next(ln.unit_price for ln in t.lines if ln.item_code == item.code)

        t = self._sell(
            [listing.barcodes[0]], tell=lambda t: f"{self._line(t)} ({item.name} at {price_of(t)})"
        )
        c.price_used = price_of(t)

    # ------------------------------------------------------------ the gateway cut
    def gateway_cut(self) -> None:
        c, till = self.counts, self.till
        wait_for("an empty outbox before the cut", lambda: self._pending() == 0)
        cut = time.monotonic()
        self.gateway.stop()
        wait_for(
            "the ping seeing the gateway down", lambda: till.uplink.state.get(Area.PING).ok is False
        )
        c.ping_saw_down = True
        self.story.tell(f"gateway cut; the ping saw it down after {time.monotonic() - cut:.1f} s")
        slowest = 0.0
        for i in range(3):
            started = time.monotonic()
            self._sell(
                [self._barcode(15 + i)], pay=lambda s: s.pay(PaymentMethod.CARD), tell=self._line
            )
            slowest = max(slowest, time.monotonic() - started)
            c.sold_while_down += 1
        wait_for("a failed upload", lambda: till.uplink.state.get(Area.TICKETS).ok is False)
        c.backlog_while_down = self._pending()
        c.slowest_close_down_s = slowest
        error = till.uplink.state.get(Area.TICKETS).last_error or ""
        self.story.tell(
            f"{c.sold_while_down} tickets sold meanwhile (slowest {slowest * 1000:.0f} ms); "
            f"{c.backlog_while_down} wait in the outbox ({error.split(': ', 1)[-1]})"
        )
        took = self.gateway.start()
        back = time.monotonic()
        wait_for("the ping seeing the gateway back", lambda: till.uplink.state.get(Area.PING).ok)
        c.ping_saw_up = True
        wait_for("the backlog's drain", lambda: self._pending() == 0)
        c.outbox_after_drain = self._pending()
        self.story.tell(
            f"gateway back (up in {took:.1f} s); backlog drained "
            f"{time.monotonic() - back:.1f} s later, outbox empty"
        )

    # ------------------------------------------------------------ end of day
    def closure(self) -> None:
        c = self.counts
        z = self.till.closure()
        c.z_tickets, c.z_returns, c.z_total = z.tickets, z.returns, z.total
        c.z_cash_expected = z.cash.expected
        self._show_messages("at closure")
        self.story.tell(
            f"closure Z{z.z_number}: {z.tickets} sales and {z.returns} return, total {z.total}; "
            f"cash expected in the drawer {z.cash.expected}"
        )
        wait_for("the closure's upload", self._all_sent)
        self._stop_agent()

    def _stop_agent(self) -> None:
        self._agent_stop.set()
        if self._agent_thread is not None:
            self._agent_thread.join(10)
            self._agent_thread = None

    def gateway_side(self) -> None:
        c, till = self.counts, self.till
        at_till = {str(t["ticket_id"]): t for t in till.journal.tickets(self.day, 100_000)}
        c.quarantined = int(str(till.journal.outbox_summary()["quarantined"]))
        results = [t["sync_result"] for t in at_till.values()]
        c.accepted, c.duplicate = results.count("accepted"), results.count("duplicate")
        rows = self.gateway.run_json("tickets", "--till", TILL, "--limit", "100000")
        at_gateway = {r["ticket_id"]: Decimal(str(r["total"])) for r in rows}
        c.gateway_tickets = len(rows)
        c.gateway_total = sum(at_gateway.values(), Decimal("0.00"))
        c.gateway_missing = len(at_till.keys() - at_gateway.keys())
        c.gateway_unknown = len(at_gateway.keys() - at_till.keys())
        c.gateway_total_differs = sum(
            1
            for ticket_id, total in at_gateway.items()
            if ticket_id in at_till and Decimal(str(at_till[ticket_id]["total"])) != total
        )
        c.gateway_mismatches = len(self.gateway.run_json("mismatches"))
        c.gateway_with_cashier = sum(1 for r in rows if r["cashier"] == CASHIER[0])
        returns = self.gateway.run_json("tickets", "--till", TILL, "--kind", "return")
        c.gateway_returns = len(returns)
        c.gateway_return_original = returns[0]["original_id"] if returns else ""
        c.gateway_over_returns = len(self.gateway.run_json("returns", "--over"))
        cash = self.gateway.run_json("cash", "--till", TILL)
        c.gateway_cash = {m["kind"]: str(m["amount"]) for m in cash}
        c.gateway_closures = len(self.gateway.run_json("closures", "--till", TILL))
        self.story.tell(
            f"gateway holds {c.gateway_tickets} tickets of till {TILL}, total {c.gateway_total}; "
            f"{c.accepted} accepted, {c.duplicate} duplicate, {c.gateway_mismatches} mismatches"
        )
        self.story.tell(
            f"gateway: {c.gateway_with_cashier} tickets by cashier {CASHIER[0]}, "
            f"{c.gateway_returns} return linked to its original, cash movements "
            + ", ".join(f"{k} {v}" for k, v in sorted(c.gateway_cash.items()))
            + f", {c.gateway_closures} closure"
        )

    # ------------------------------------------------------------ into the ERP
    def erp_feed(self) -> None:
        """The gateway's feed puts the day's documents into the ERP's staging tables (a
        SQLite file standing for the ERP's database): `feed init`, then `feed run --once`."""
        c, gw = self.counts, self.gateway
        gw.run("feed", "init")
        [sent] = gw.run_json("feed", "run", "--once")
        c.erp_delivered = int(sent["delivered"])
        engine = sa.create_engine(f"sqlite:///{self.erp_staging.as_posix()}")
        try:
            with engine.connect() as conn:

                def rows(sql: str) -> list[sa.Row[tuple[object, ...]]]:
                    return list(conn.exec_driver_sql(sql))

                staged = rows(f"SELECT total FROM tillsync_tickets WHERE till_id = '{TILL}'")
                c.erp_tickets = len(staged)
                c.erp_total = sum((Decimal(str(r[0])) for r in staged), ZERO)
                c.erp_cash_movements = len(rows("SELECT 1 FROM tillsync_cash_movements"))
                c.erp_closures = len(rows("SELECT 1 FROM tillsync_closures"))
                c.erp_findings = len(rows("SELECT 1 FROM tillsync_findings"))
        finally:
            engine.dispose()
        self.story.tell(
            f"ERP feed (`erp-gateway feed run --once`): {c.erp_delivered} documents into the "
            f"staging tables of {self.erp_staging} (tillsync_tickets: {c.erp_tickets}, total "
            f"{c.erp_total}; tillsync_cash_movements: {c.erp_cash_movements}; "
            f"tillsync_closures: {c.erp_closures}; tillsync_findings: {c.erp_findings})"
        )


@dataclass(frozen=True, slots=True)
class _Card:
    number: str
    discount_percent: Decimal


def _mixed(sale: SaleSession) -> None:
    """Part by card, the rest in cash with change."""
    total = sale.totals().total
    by_card = min(Decimal("5.00"), (total / 2).quantize(CENT))
    sale.pay(PaymentMethod.CARD, by_card)
    sale.pay(PaymentMethod.CASH, _cash_for(total - by_card))
