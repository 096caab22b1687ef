"""Reading the local catalog: scans, items with their price of the day, customers, cards, offers.

Everything here is local: the scan and close path never touches the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from connectors.errors import SaleError
from standalone_till import schema
from standalone_till.barcodes import GtinScan, InStoreLayout, InStoreScan, classify
from standalone_till.model import (
    Card,
    Customer,
    Item,
    Offer,
    OfferKind,
    OfferScope,
    OfferTarget,
    SoldBy,
)
from standalone_till.overlay import LIVE
from standalone_till.store import TillDatabase

T = schema
# Reads go through the live views: base tables overlaid with the increments' deltas.
ITEMS, PRICES, BARCODES = LIVE["items"], LIVE["prices"], LIVE["barcodes"]
CUSTOMERS, CARDS, OFFERS = LIVE["customers"], LIVE["cards"], LIVE["offers"]


@dataclass(frozen=True, slots=True)
class ScannedItem:
    """What a scan resolved to: the item, and what the label itself says."""

    item: Item
    barcode: str
    quantity: Decimal | None = None  # weight from an in-store label (kg)
    label_price: Decimal | None = None  # price printed in an in-store label


@dataclass(frozen=True, slots=True)
class ItemListing:
    item: Item
    barcodes: tuple[str, ...]


def _prices_of(conn: sa.Connection, codes: list[str], day: dt.date) -> dict[str, Decimal]:
    """Each item's price valid on ``day`` (the latest start wins).

    A plain parameterised query, not a correlated subquery: the database can then push
    the item codes into both halves of the ``prices_live`` view and use their indexes.
    """
    if not codes:
        return {}
    iso = day.isoformat()
    rows = conn.execute(
        sa.select(PRICES.c.item_code, PRICES.c.valid_from, PRICES.c.price).where(
            PRICES.c.item_code.in_(codes),
            PRICES.c.valid_from <= iso,
            sa.or_(PRICES.c.valid_to.is_(None), PRICES.c.valid_to >= iso),
        )
    ).all()
    best: dict[str, tuple[str, Decimal]] = {}
    for code, valid_from, price in rows:
        if code not in best or valid_from > best[code][0]:
            best[code] = (valid_from, price)
    return {code: price for code, (_, price) in best.items()}


def _item(row: sa.Row[tuple[object, ...]], price: Decimal | None) -> Item:
    return Item(
        code=row.code,
        name=row.name,
        vat_rate=row.vat_rate,
        sold_by=SoldBy(row.sold_by),
        alcohol=bool(row.alcohol),
        active=bool(row.active),
        price=price,
    )


def _priced(conn: sa.Connection, rows: Sequence[sa.Row[Any]], day: dt.date) -> list[Item]:
    prices = _prices_of(conn, [r.code for r in rows], day)
    return [_item(r, prices.get(r.code)) for r in rows]


class Catalog:
    def __init__(self, db: TillDatabase, layout: InStoreLayout | None = None) -> None:
        self.db = db
        self.layout = layout or InStoreLayout()

    def item(self, code: str, day: dt.date) -> Item | None:
        with self.db.read(self.db.catalog) as conn:
            return self._item_by_code(conn, code, day)

    def _item_by_barcode(self, conn: sa.Connection, code: str, day: dt.date) -> Item | None:
        item_code = conn.execute(
            sa.select(BARCODES.c.item_code).where(BARCODES.c.barcode == code)
        ).scalar()
        return None if item_code is None else self._item_by_code(conn, item_code, day)

    def _item_by_code(self, conn: sa.Connection, code: str, day: dt.date) -> Item | None:
        rows = conn.execute(sa.select(ITEMS).where(ITEMS.c.code == code)).all()
        found = _priced(conn, rows, day)
        return found[0] if found else None

    def scan(self, code: str, day: dt.date) -> ScannedItem:
        """Resolve a scanned or typed code; SaleError when it names no item."""
        code = code.strip()
        with self.db.read(self.db.catalog) as conn:
            item = self._item_by_barcode(conn, code, day)
            if item is not None:
                return ScannedItem(item, code)
            scan = classify(code, self.layout)
            if isinstance(scan, InStoreScan):
                return self._instore(conn, scan, day)
            lookup = scan.code if isinstance(scan, GtinScan) else code
            item = self._item_by_barcode(conn, lookup, day) if lookup != code else None
        if item is None:
            raise SaleError(f"no item has the barcode {code}")
        return ScannedItem(item, lookup)

    def _instore(self, conn: sa.Connection, scan: InStoreScan, day: dt.date) -> ScannedItem:
        """The item of an in-store label: its ``I`` digits are a scale number (PLU) listed
        among the item's barcodes, else the item code; with or without leading zeros."""
        ref = scan.instore.item_ref
        refs = dict.fromkeys((ref, ref.lstrip("0") or "0"))
        for lookup in (self._item_by_barcode, self._item_by_code):
            for candidate in refs:
                item = lookup(conn, candidate, day)
                if item is not None:
                    return ScannedItem(item, scan.code, scan.instore.weight, scan.instore.price)
        raise SaleError(f"no item has the scale number or item code {ref} (label {scan.code})")

    def customer(self, code: str) -> Customer | None:
        with self.db.read(self.db.catalog) as conn:
            row = conn.execute(sa.select(CUSTOMERS).where(CUSTOMERS.c.code == code)).first()
        return None if row is None else Customer(row.code, row.name)

    def card(self, number: str) -> Card | None:
        with self.db.read(self.db.catalog) as conn:
            row = conn.execute(sa.select(CARDS).where(CARDS.c.number == number.strip())).first()
        if row is None:
            return None
        return Card(row.number, row.customer_code, row.discount_percent, bool(row.active))

    def offers_for(
        self, customer_code: str | None, card_number: str | None, day: dt.date
    ) -> list[Offer]:
        """Offers valid on ``day`` for everyone, this customer or this card."""
        o = OFFERS.c
        scopes = [o.scope == OfferScope.ALL.value]
        if customer_code:
            scopes.append(
                sa.and_(o.scope == OfferScope.CUSTOMER.value, o.scope_ref == customer_code)
            )
        if card_number:
            scopes.append(sa.and_(o.scope == OfferScope.CARD.value, o.scope_ref == card_number))
        with self.db.read(self.db.catalog) as conn:
            rows = conn.execute(sa.select(OFFERS).where(sa.or_(*scopes)).order_by(o.code)).all()
        found = [_offer(r) for r in rows]
        return [offer for offer in found if offer.valid_on(day)]

    def search(self, text: str | None, day: dt.date, limit: int = 50) -> list[ItemListing]:
        query = sa.select(ITEMS).order_by(ITEMS.c.code).limit(limit)
        if text:
            like = f"%{text}%"
            query = query.where(
                sa.or_(
                    ITEMS.c.name.ilike(like),
                    ITEMS.c.code == text,
                    ITEMS.c.code.in_(
                        sa.select(BARCODES.c.item_code).where(BARCODES.c.barcode == text)
                    ),
                )
            )
        with self.db.read(self.db.catalog) as conn:
            rows = conn.execute(query).all()
            items = _priced(conn, rows, day)
            codes = [r.code for r in rows]
            pairs = conn.execute(
                sa.select(BARCODES.c.item_code, BARCODES.c.barcode)
                .where(BARCODES.c.item_code.in_(codes))
                .order_by(BARCODES.c.barcode)
            ).all()
        by_item: dict[str, list[str]] = {}
        for item_code, barcode in pairs:
            by_item.setdefault(item_code, []).append(barcode)
        return [ItemListing(item, tuple(by_item.get(item.code, ()))) for item in items]

    def counts(self) -> dict[str, int]:
        with self.db.read(self.db.catalog) as conn:
            return {
                name: conn.execute(sa.select(sa.func.count()).select_from(LIVE[name])).scalar_one()
                for name in T.CATALOG_TABLES
            }


def _offer(row: sa.Row[tuple[object, ...]]) -> Offer:
    return Offer(
        code=row.code,
        description=row.description,
        scope=OfferScope(row.scope),
        scope_ref=row.scope_ref,
        target=OfferTarget(row.target),
        item_code=row.item_code,
        kind=OfferKind(row.kind),
        value=row.value,
        valid_from=dt.date.fromisoformat(row.valid_from) if row.valid_from else None,
        valid_to=dt.date.fromisoformat(row.valid_to) if row.valid_to else None,
    )
