"""Plain domain data shared by the catalog, the sales rules and the journal.

Frozen dataclasses, no I/O. Money and quantities are ``Decimal``; VAT rates are
percentages (``Decimal("20")`` for 20 %). Dates are ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum


class SoldBy(StrEnum):
    UNIT = "unit"
    WEIGHT = "weight"


class OfferScope(StrEnum):
    ALL = "all"  # every ticket
    CUSTOMER = "customer"  # tickets of one customer (scope_ref = customer code)
    CARD = "card"  # tickets presenting one card (scope_ref = card number)


class OfferTarget(StrEnum):
    ITEM = "item"  # one item (item_code)
    TOTAL = "total"  # the ticket total


class OfferKind(StrEnum):
    PERCENT = "percent"  # value is a percentage
    AMOUNT = "amount"  # value is money: per unit for an item, once for the total


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"


@dataclass(frozen=True, slots=True)
class Item:
    """A catalog item with its price for the day it was looked up."""

    code: str
    name: str
    vat_rate: Decimal
    sold_by: SoldBy = SoldBy.UNIT
    alcohol: bool = False
    active: bool = True
    price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Customer:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Card:
    number: str
    customer_code: str | None
    discount_percent: Decimal
    active: bool = True


@dataclass(frozen=True, slots=True)
class Offer:
    code: str
    description: str
    scope: OfferScope
    scope_ref: str | None
    target: OfferTarget
    item_code: str | None
    kind: OfferKind
    value: Decimal
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class TicketLine:
    line_no: int
    item_code: str
    name: str
    barcode: str | None
    quantity: Decimal  # units, or kg for weighed items (3 decimals)
    unit_price: Decimal
    vat_rate: Decimal
    alcohol: bool = False
    discount: Decimal = Decimal("0.00")  # money taken off this line by offers
    offer_code: str | None = None
    voided: bool = False

    @property
    def gross(self) -> Decimal:
        """quantity x unit price, rounded to the cent (before discount)."""
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def amount(self) -> Decimal:
        """What the customer pays for this line (0 when voided)."""
        return Decimal("0.00") if self.voided else self.gross - self.discount


@dataclass(frozen=True, slots=True)
class Payment:
    method: PaymentMethod
    amount: Decimal  # amount tendered; for cash it may exceed what is due


@dataclass(frozen=True, slots=True)
class VatLine:
    rate: Decimal
    gross: Decimal
    net: Decimal
    vat: Decimal


@dataclass(frozen=True, slots=True)
class Ticket:
    """A ticket being built or closed. Sales functions return new values, never mutate."""

    id: str  # globally unique, made at the till (UUID4 text)
    store_id: str
    till_id: str
    opened_at: dt.datetime  # UTC, aware
    lines: tuple[TicketLine, ...] = ()
    payments: tuple[Payment, ...] = ()
    customer_code: str | None = None
    card_number: str | None = None
    ticket_discount: Decimal = Decimal("0.00")  # total-level offers, already spread on lines
    applied_offers: tuple[str, ...] = ()
    # set when closed / cancelled by the journal
    business_day: dt.date | None = None
    number: int | None = None
    closed_at: dt.datetime | None = None
    status: str = "open"  # open | closed | cancelled
    kind: str = "sale"  # sale | return
    original_id: str | None = None  # a return with receipt: the ticket it gives back from
    cashier: str | None = None  # the signed-in cashier's code (None: anonymous)
    supervisor: str | None = None  # the supervisor who approved something on it
    approval: str | None = None  # what the supervisor approved (return_without_receipt, ...)
    signature: str | None = None  # the journal's signature of it (hex), not in its document
