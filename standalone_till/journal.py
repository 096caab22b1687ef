"""The durable journal: closed tickets (sales and returns), the outbox, business days,
cash movements, reprints and the Z closure.

Closing a ticket writes the ticket, its lines, payments, VAT breakdown and its outbox
entry in one transaction that holds the write lock from its first statement and is
committed (and, on SQLite, fsync'd: synchronous=FULL) before the call returns. A cash
movement and a closure are stored so too, with their entry in the documents outbox.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from connectors.errors import SaleError
from connectors.times import utc_text
from standalone_till import journal_documents as JD
from standalone_till import schema as T
from standalone_till.cash import CashMovement, DrawerCash, movement_document
from standalone_till.clock import iso
from standalone_till.document_tables import documents_outbox
from standalone_till.model import Ticket
from standalone_till.period_closures import PeriodClosure, close_ended_periods
from standalone_till.reports import DayFigures, closure_document, day_figures
from standalone_till.sales import canonical_document, check_closable, time_ordered_id
from standalone_till.signing import (
    COPY,
    DOCUMENT,
    TICKET,
    Signed,
    Signer,
    copy_hash,
    copy_ref,
    signature_of,
)
from standalone_till.store import TillDatabase
from ticket_contract import signatures as S

log = logging.getLogger("tillsync.journal")
ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class DayState:
    day: dt.date | None
    state: str  # none | open | closed | final


@dataclass(frozen=True, slots=True)
class SaleDay:
    """Whether a sale can go in now: the till's latest business day and, when no sale
    can, why and what to do (``refusal``)."""

    latest: DayState
    refusal: str | None

    @property
    def open(self) -> bool:
        return self.refusal is None


class DayClosed(SaleError):
    """No sale can go in: the business day is closed, or ended by its Z report."""

    def __init__(self, sale_day: SaleDay) -> None:
        self.sale_day = sale_day
        super().__init__(sale_day.refusal or "the business day is closed")


def sale_refusal(latest: DayState, today: dt.date) -> str | None:
    """Why no sale can go in on ``today`` after the ``latest`` business day; None when one
    can (into the open day, or into a new day that opens by itself at the sale)."""
    if latest.state == "closed":
        return f"business day {latest.day} is closed: open it again (till day open)"
    if latest.state == "final" and latest.day is not None and latest.day >= today:
        return f"business day {latest.day} is already closed (Z); the next one opens tomorrow"
    return None


def _state_of(row: sa.Row[tuple[object, ...]] | None) -> DayState:
    if row is None:
        return DayState(None, "none")
    return DayState(dt.date.fromisoformat(row.day), row.state)


@dataclass(frozen=True, slots=True)
class ZReport:
    till_id: str
    day: dt.date
    z_number: int
    tickets: int  # closed sales
    cancelled: int
    total: Decimal  # sales less returns
    discount: Decimal
    vat: tuple[tuple[Decimal, Decimal, Decimal, Decimal], ...]  # rate, gross, net, vat
    payments: tuple[tuple[str, Decimal], ...]  # method, amount kept (net of change, refunds)
    returns: int = 0
    cash: DrawerCash = field(default_factory=DrawerCash)
    closure_id: str | None = None  # the closure document sent up the chain
    periods: tuple[PeriodClosure, ...] = ()  # the month and year closures this Z made

    def as_dict(self) -> dict[str, object]:
        return {
            "till_id": self.till_id,
            "day": self.day.isoformat(),
            "z_number": self.z_number,
            "tickets": self.tickets,
            "returns": self.returns,
            "cancelled": self.cancelled,
            "total": str(self.total),
            "discount": str(self.discount),
            "vat": [
                {"rate": str(r), "gross": str(g), "net": str(n), "vat": str(v)}
                for r, g, n, v in self.vat
            ],
            "payments": {m: str(a) for m, a in self.payments},
            "cash": self.cash.as_dict(),
            "closure_id": self.closure_id,
            "periods": [p.as_dict() for p in self.periods],
        }


def local_day(now: dt.datetime) -> dt.date:
    """The calendar day of the till's local clock."""
    return now.astimezone().date()


class Journal:
    """The till's journal; with a ``signer`` each document stored is signed in the
    transaction that stores it (None: unsigned, for benchmarks only)."""

    def __init__(
        self, db: TillDatabase, store_id: str, till_id: str, signer: Signer | None = None
    ) -> None:
        self.db = db
        self.store_id = store_id
        self.till_id = till_id
        self.signer = signer

    def _sign(
        self, conn: sa.Connection, chain: str, kind: str, ref: str, digest: str, now: dt.datetime
    ) -> Signed | None:
        if self.signer is None:
            return None
        return self.signer.sign(conn, chain, kind, ref, digest, now)

    def _sales_head(self, conn: sa.Connection) -> str | None:
        """The signature heading the sales chain (None: unsigned, or nothing signed yet)."""
        if self.signer is None:
            return None
        return self.signer.head(conn, S.SALES).signature or None

    def audit(
        self,
        kind: str,
        *,
        cashier: str | None = None,
        supervisor: str | None = None,
        detail: dict[str, object] | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Journal and sign an audit event in its own transaction (nothing when unsigned)."""
        if self.signer is None:
            return
        with self.db.write(self.db.journal) as conn:
            self.signer.audit(
                conn, kind, now or _utcnow(), cashier=cashier, supervisor=supervisor, detail=detail
            )

    # ------------------------------------------------------------ days
    def _latest_day(self, conn: sa.Connection) -> sa.Row[tuple[object, ...]] | None:
        d = T.business_days.c
        return conn.execute(
            sa.select(T.business_days)
            .where(d.till_id == self.till_id)
            .order_by(d.day.desc())
            .limit(1)
        ).first()

    def day_state(self) -> DayState:
        with self.db.read(self.db.journal) as conn:
            return _state_of(self._latest_day(conn))

    def sale_day(self, now: dt.datetime | None = None) -> SaleDay:
        """Whether a sale can go in at ``now`` (read only: the day opens at the sale)."""
        latest = self.day_state()
        return SaleDay(latest, sale_refusal(latest, local_day(now or _utcnow())))

    def _event(self, conn: sa.Connection, day: str, event: str, now: dt.datetime) -> None:
        conn.execute(
            sa.insert(T.day_events).values(till_id=self.till_id, day=day, event=event, at=now)
        )

    def _open(self, conn: sa.Connection, now: dt.datetime) -> str:
        """Open a business day (or reopen a closed one); the day a sale goes into."""
        row = self._latest_day(conn)
        d = T.business_days.c
        if row is not None and row.state == "open":
            return row.day
        if row is not None and row.state == "closed":
            conn.execute(
                sa.update(T.business_days)
                .where(d.till_id == self.till_id, d.day == row.day)
                .values(state="open", closed_at=None)
            )
            self._event(conn, row.day, "day_open", now)
            return row.day
        refusal = sale_refusal(_state_of(row), local_day(now))
        if refusal is not None:
            raise SaleError(refusal)
        day = local_day(now).isoformat()
        conn.execute(
            sa.insert(T.business_days).values(
                till_id=self.till_id, day=day, state="open", opened_at=now
            )
        )
        self._event(conn, day, "day_open", now)
        return day

    def _day_for_sale(self, conn: sa.Connection, now: dt.datetime) -> str:
        """The open business day; a new one opens by itself, a closed one must be reopened."""
        latest = _state_of(self._latest_day(conn))
        refusal = sale_refusal(latest, local_day(now))
        if refusal is not None:
            raise DayClosed(SaleDay(latest, refusal))
        return self._open(conn, now)

    def open_day(self, now: dt.datetime | None = None) -> DayState:
        now = now or _utcnow()
        with self.db.write(self.db.journal) as conn:
            day = self._open(conn, now)
        return DayState(dt.date.fromisoformat(day), "open")

    def close_day(self, now: dt.datetime | None = None) -> DayState:
        now = now or _utcnow()
        with self.db.write(self.db.journal) as conn:
            row = self._latest_day(conn)
            if row is None or row.state != "open":
                raise SaleError("no business day is open")
            self._set_state(conn, row.day, state="closed", closed_at=now)
            self._event(conn, row.day, "day_close", now)
        return DayState(dt.date.fromisoformat(row.day), "closed")

    def _set_state(self, conn: sa.Connection, day: str, **values: object) -> None:
        d = T.business_days.c
        conn.execute(
            sa.update(T.business_days)
            .where(d.till_id == self.till_id, d.day == day)
            .values(**values)
        )

    def closure(self, now: dt.datetime | None = None, cashier: str | None = None) -> ZReport:
        """End the business day with its Z report; it takes no sale after this. The
        closure document (counts, cash expected, counted and the difference) goes into the
        documents outbox in the same transaction."""
        now = now or _utcnow()
        with self.db.write(self.db.journal) as conn:
            row = self._latest_day(conn)
            if row is None or row.state == "final":
                raise SaleError("no business day to close: it is already closed (Z)")
            z_number = 1 + (
                conn.execute(
                    sa.select(sa.func.max(T.business_days.c.z_number)).where(
                        T.business_days.c.till_id == self.till_id
                    )
                ).scalar_one()
                or 0
            )
            figures = self._figures(conn, row.day)
            document = closure_document(
                figures,
                closure_id=time_ordered_id(),
                store_id=self.store_id,
                till_id=self.till_id,
                business_day=dt.date.fromisoformat(row.day),
                z_number=z_number,
                cashier=cashier,
                closed_at=now,
                chain_head=self._sales_head(conn),
            )
            report = _z_report(self.till_id, row.day, z_number, figures, str(document["id"]))
            self._set_state(
                conn,
                row.day,
                state="final",
                closed_at=row.closed_at or now,
                closure_at=now,
                z_number=z_number,
                z_report=json.dumps(report.as_dict(), sort_keys=True),
            )
            self._event(conn, row.day, "closure", now)
            self._insert_document(
                conn,
                S.CLOSURES,
                JD.CLOSURE,
                document,
                kind=JD.CLOSURE,
                amount=figures.total,
                number=z_number,
                now=now,
            )
            periods = close_ended_periods(
                conn,
                self.signer,
                store_id=self.store_id,
                till_id=self.till_id,
                today=dt.date.fromisoformat(row.day),
                cashier=cashier,
                now=now,
            )
        report = replace(report, periods=tuple(periods))
        log.info(
            "closure Z%d of %s: %d tickets, %d returns, %s; cash expected %s, difference %s",
            z_number,
            row.day,
            report.tickets,
            report.returns,
            report.total,
            report.cash.expected,
            report.cash.difference,
        )
        return report

    def _figures(self, conn: sa.Connection, day: str) -> DayFigures:
        return day_figures(
            JD.day_tickets(conn, self.till_id, day),
            JD.day_documents(conn, self.till_id, day),
            JD.day_reprints(conn, self.till_id, day),
        )

    def day_figures(self) -> tuple[dt.date | None, DayFigures]:
        """The latest business day (None: none yet) and its figures so far (X report)."""
        with self.db.read(self.db.journal) as conn:
            row = self._latest_day(conn)
            if row is None:
                return None, day_figures([], [])
            return dt.date.fromisoformat(row.day), self._figures(conn, row.day)

    # ------------------------------------------------------------ cash and reprints
    def record_movement(
        self, movement: CashMovement, now: dt.datetime | None = None
    ) -> CashMovement:
        """Number and store a cash movement with its outbox entry; durable on return. It
        goes into the latest business day unless its Z ended it (then into a new day, as
        a sale would)."""
        now = now or _utcnow()
        with self.db.write(self.db.journal) as conn:
            day = self._day_for_cash(conn, now)
            number = JD.next_number(conn, self.till_id, JD.CASH_MOVEMENT, day)
            done = replace(movement, business_day=dt.date.fromisoformat(day), number=number)
            self._insert_document(
                conn,
                S.CASH,
                JD.CASH_MOVEMENT,
                movement_document(done),
                kind=done.kind.value,
                amount=done.amount,
                number=number,
                now=now,
            )
            if done.kind.value == "drawer_open" and self.signer is not None:
                self.signer.audit(
                    conn,
                    "drawer_open",
                    now,
                    cashier=done.cashier,
                    supervisor=done.supervisor,
                    detail={"movement_id": done.id},
                )
        log.info("cash %s %s/%d: %s (%s)", done.kind.value, day, number, done.amount, done.id)
        return done

    def _day_for_cash(self, conn: sa.Connection, now: dt.datetime) -> str:
        # The closing count and the last drop come after the day is closed, before its Z.
        row = self._latest_day(conn)
        if row is not None and row.state in ("open", "closed"):
            return str(row.day)
        return self._day_for_sale(conn, now)

    def record_reprint(
        self,
        ticket_id: str,
        *,
        cashier: str | None,
        supervisor: str | None,
        now: dt.datetime | None = None,
    ) -> int:
        """Journal a copy of a stored ticket; its copy number."""
        now = now or _utcnow()
        with self.db.write(self.db.journal) as conn:
            if JD.ticket_by_id(conn, ticket_id) is None:
                raise SaleError(f"no ticket {ticket_id} in this till's journal")
            row = self._latest_day(conn)
            day = str(row.day) if row is not None else local_day(now).isoformat()
            copy_no = JD.record_reprint(
                conn, ticket_id, day=day, cashier=cashier, supervisor=supervisor, now=now
            )
            if self.signer is not None:
                digest = copy_hash(conn, ticket_id, copy_no)
                assert digest is not None  # stored just now
                self.signer.sign(conn, S.COPIES, COPY, copy_ref(ticket_id, copy_no), digest, now)
                self.signer.audit(
                    conn,
                    "reprint",
                    now,
                    cashier=cashier,
                    supervisor=supervisor,
                    detail={"ticket_id": ticket_id, "copy_no": copy_no},
                )
            return copy_no

    # ------------------------------------------------------------ look-ups
    def ticket_document(
        self,
        ticket_id: str | None = None,
        *,
        till_id: str | None = None,
        day: dt.date | None = None,
        number: int | None = None,
    ) -> dict[str, Any] | None:
        """A stored ticket's document, by id or by its till (this one by default),
        business day and number; None when the journal does not hold it."""
        with self.db.read(self.db.journal) as conn:
            if ticket_id is not None:
                return JD.ticket_by_id(conn, ticket_id)
            if day is None or number is None:
                raise ValueError("a ticket is named by its id, or its day and number")
            return JD.ticket_by_number(conn, till_id or self.till_id, day, number)

    def returned_of(self, original_id: str, *, unsent_only: bool = False) -> dict[int, Decimal]:
        """line_no -> quantity the returns stored here gave back of ``original_id``."""
        with self.db.read(self.db.journal) as conn:
            return JD.returned_of(conn, original_id, unsent_only=unsent_only)

    # ------------------------------------------------------------ tickets
    def close_ticket(self, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
        """Number, hash and store a paid ticket with its outbox entry; durable on return."""
        check_closable(ticket)
        return self._record(ticket, "closed", now or _utcnow())

    def cancel_ticket(self, ticket: Ticket, now: dt.datetime | None = None) -> Ticket:
        """Record an abandoned ticket (it keeps its number, so numbering has no gaps)."""
        if not ticket.lines:
            return replace(ticket, status="cancelled")
        return self._record(ticket, "cancelled", now or _utcnow())

    def _record(self, ticket: Ticket, status: str, now: dt.datetime) -> Ticket:
        if ticket.status != "open":
            raise SaleError(f"ticket {ticket.id} is already {ticket.status}")
        with self.db.write(self.db.journal) as conn:
            if ticket.kind == "return" and ticket.original_id and status == "closed":
                JD.check_return_in_transaction(conn, ticket)
            day = self._day_for_sale(conn, now)
            number = 1 + (
                conn.execute(
                    sa.select(sa.func.max(T.tickets.c.number)).where(
                        T.tickets.c.till_id == self.till_id, T.tickets.c.business_day == day
                    )
                ).scalar_one()
                or 0
            )
            done = replace(
                ticket,
                business_day=dt.date.fromisoformat(day),
                number=number,
                closed_at=now,
                status=status,
            )
            signed = self._insert(conn, done, now)
        log.info("ticket %s/%d %s (%s)", day, number, status, done.id)
        return done if signed is None else replace(done, signature=signed.signature)

    def _insert(self, conn: sa.Connection, ticket: Ticket, now: dt.datetime) -> Signed | None:
        """Store a ticket with its entry; the document keeps the entry's signature too
        (outside its hash), so that it goes up the chain with it."""
        text, digest = canonical_document(ticket)
        doc = json.loads(text)
        signed = self._sign(conn, S.SALES, TICKET, ticket.id, digest, now)
        if signed is not None:
            doc["signature"] = signed.as_document()
            text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
        insert_ticket(conn, doc, text, digest, now)
        return signed

    def _insert_document(
        self,
        conn: sa.Connection,
        chain: str,
        doc_type: str,
        doc: dict[str, Any],
        *,
        kind: str,
        amount: Decimal,
        number: int,
        now: dt.datetime,
    ) -> None:
        """Store a cash movement or a closure with its entry, as ``_insert`` a ticket."""
        _, digest = JD.document_hash(doc)
        signed = self._sign(conn, chain, DOCUMENT, str(doc["id"]), digest, now)
        if signed is not None:
            doc = {**doc, "signature": signed.as_document()}
        JD.insert_document(conn, doc_type, doc, kind=kind, amount=amount, number=number, now=now)

    def signature_of(self, chain: str, ref: str) -> str | None:
        """The signature of a document's entry (None: unsigned)."""
        return signature_of(self.db, self.till_id, chain, ref)

    def tickets(self, day: dt.date | None = None, limit: int = 100) -> list[dict[str, object]]:
        """Recorded tickets of a business day (the current one by default), newest first."""
        t = T.tickets.c
        with self.db.read(self.db.journal) as conn:
            if day is None:
                row = self._latest_day(conn)
                day_iso = row.day if row is not None else local_day(_utcnow()).isoformat()
            else:
                day_iso = day.isoformat()
            rows = conn.execute(
                sa.select(
                    t.id,
                    t.business_day,
                    t.number,
                    t.status,
                    t.closed_at,
                    t.total,
                    t.customer_code,
                    t.line_count,
                    t.sync_result,
                    t.content_hash,
                    t.kind,
                    t.original_id,
                    t.cashier,
                    T.outbox.c.state.label("outbox"),
                )
                .outerjoin(T.outbox, T.outbox.c.ticket_id == t.id)
                .where(t.till_id == self.till_id, t.business_day == day_iso)
                .order_by(t.number.desc())
                .limit(limit)
            ).all()
        return [
            {
                "ticket_id": r.id,
                "business_day": r.business_day,
                "number": r.number,
                "status": r.status,
                "closed_at": utc_text(r.closed_at),
                "total": str(r.total),
                "customer_code": r.customer_code,
                "lines": r.line_count,
                "outbox": r.outbox or "sent",
                "sync_result": r.sync_result,  # accepted | duplicate once the gateway has it
                "content_hash": r.content_hash,  # the contract's: the gateway's for this ticket
                "kind": r.kind,  # sale | return
                "original_id": r.original_id,  # a return: the ticket it gives back from
                "cashier": r.cashier,
            }
            for r in rows
        ]

    def outbox_summary(self) -> dict[str, object]:
        o, do = T.outbox.c, documents_outbox.c
        with self.db.read(self.db.journal) as conn:
            rows = conn.execute(
                sa.select(o.state, sa.func.count(), sa.func.min(o.enqueued_at)).group_by(o.state)
            ).all()
            documents: dict[str, int] = dict(
                conn.execute(sa.select(do.state, sa.func.count()).group_by(do.state)).all()
            )
        by_state = {state: (count, oldest) for state, count, oldest in rows}
        pending, oldest = by_state.get("pending", (0, None))
        return {
            "outbox_pending": pending,
            "oldest_pending_at": iso(_aware(oldest)),
            "quarantined": by_state.get("quarantined", (0, None))[0],
            # cash movements and closures waiting for (or refused by) the server
            "documents_pending": documents.get("pending", 0),
            "documents_quarantined": documents.get("quarantined", 0),
        }

    def tickets_in_day(self, day: dt.date | None) -> int:
        if day is None:
            return 0
        t = T.tickets.c
        with self.db.read(self.db.journal) as conn:
            return conn.execute(
                sa.select(sa.func.count()).where(
                    t.till_id == self.till_id,
                    t.business_day == day.isoformat(),
                    t.status == "closed",
                )
            ).scalar_one()


def _z_report(
    till_id: str, day: str, z_number: int, figures: DayFigures, closure_id: str
) -> ZReport:
    return ZReport(
        till_id=till_id,
        day=dt.date.fromisoformat(day),
        z_number=z_number,
        tickets=figures.sales.count,
        cancelled=figures.cancelled,
        total=figures.total,
        discount=figures.discount,
        vat=figures.vat,
        payments=tuple((m.method, m.net) for m in figures.methods),
        returns=figures.returns.count,
        cash=figures.cash,
        closure_id=closure_id,
    )


def insert_ticket(
    conn: sa.Connection, doc: Mapping[str, Any], text: str, content_hash: str, now: dt.datetime
) -> None:
    """Store a closed ticket from its stored document (``text`` is its JSON): the ticket,
    its lines, payments and VAT lines, and its outbox entry, on ``conn``'s transaction.
    The journal stores its own tickets so, and a hub the tickets its clients send it."""
    totals_doc = doc["totals"]
    payments = doc["payments"]
    conn.execute(
        sa.insert(T.tickets).values(
            id=doc["id"],
            store_id=doc["store_id"],
            till_id=doc["till_id"],
            business_day=doc["business_day"],
            number=doc["number"],
            status=doc["status"],
            opened_at=_moment(doc["opened_at"]),
            closed_at=_moment(doc["closed_at"]),
            customer_code=doc["customer_code"],
            card_number=doc["card_number"],
            total=Decimal(totals_doc["total"]),
            discount=Decimal(totals_doc["discount"]),
            paid=sum((Decimal(p["amount"]) for p in payments), Decimal("0.00")),
            change=Decimal(totals_doc["change"]),
            line_count=len(doc["lines"]),
            content_hash=content_hash,
            document=text,
            kind=doc.get("kind") or "sale",
            original_id=doc.get("original_id"),
            cashier=doc.get("cashier"),
            supervisor=doc.get("supervisor"),
            approval=doc.get("approval"),
        )
    )
    conn.execute(
        sa.insert(T.ticket_lines),
        [{"ticket_id": doc["id"], **_line_row(ln)} for ln in doc["lines"]],
    )
    if payments:
        conn.execute(
            sa.insert(T.ticket_payments),
            [
                {
                    "ticket_id": doc["id"],
                    "seq": i,
                    "method": p["method"],
                    "amount": Decimal(p["amount"]),
                }
                for i, p in enumerate(payments, start=1)
            ],
        )
    if totals_doc["vat"]:
        conn.execute(
            sa.insert(T.ticket_vat),
            [
                {
                    "ticket_id": doc["id"],
                    **{k: Decimal(v[k]) for k in ("rate", "gross", "net", "vat")},
                }
                for v in totals_doc["vat"]
            ],
        )
    conn.execute(
        sa.insert(T.outbox).values(
            ticket_id=doc["id"], state="pending", enqueued_at=now, attempts=0
        )
    )


def _line_row(ln: Mapping[str, Any]) -> dict[str, object]:
    row: dict[str, object] = {k: ln[k] for k in ("line_no", "item_code", "barcode", "name")}
    for k in ("quantity", "unit_price", "vat_rate", "discount", "amount"):
        row[k] = Decimal(ln[k])
    row.update(alcohol=ln["alcohol"], offer_code=ln["offer_code"], voided=ln["voided"])
    return row


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # Aggregates bypass the column type, so min() comes back naive (or as text on SQLite).
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
