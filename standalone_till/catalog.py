"""Reading the local catalog: scans, items with their price of the day, customers, cards, offers.

Everything here is local: the scan and close path never touches the network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

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
from standalone_till.store import TillDatabase

T = schema


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


def _price_query(day: dt.date) -> sa.ScalarSelect[Decimal]:
    iso = day.isoformat()
    return (
        sa.select(T.prices.c.price)
        .where(
            T.prices.c.item_code == T.items.c.code,
            T.prices.c.valid_from <= iso,
            sa.or_(T.prices.c.valid_to.is_(None), T.prices.c.valid_to >= iso),
        )
        .order_by(T.prices.c.valid_from.desc())
        .limit(1)
        .scalar_subquery()
    )


def _item(row: sa.Row[tuple[object, ...]]) -> Item:
    return Item(
        code=row.code,
        name=row.name,
        vat_rate=row.vat_rate,
        sold_by=SoldBy(row.sold_by),
        alcohol=bool(row.alcohol),
        active=bool(row.active),
        price=row.price,
    )


class Catalog:
    def __init__(self, db: TillDatabase, layout: InStoreLayout | None = None) -> None:
        self.db = db
        self.layout = layout or InStoreLayout()

    def _items(self, day: dt.date) -> sa.Select[tuple[object, ...]]:
        return sa.select(T.items, _price_query(day).label("price"))

    def item(self, code: str, day: dt.date) -> Item | None:
        with self.db.read(self.db.catalog) as conn:
            row = conn.execute(self._items(day).where(T.items.c.code == code)).first()
        return None if row is None else _item(row)

    def _item_by_barcode(self, conn: sa.Connection, code: str, day: dt.date) -> Item | None:
        query = self._items(day).join(T.barcodes, T.barcodes.c.item_code == T.items.c.code)
        row = conn.execute(query.where(T.barcodes.c.barcode == code)).first()
        return None if row is None else _item(row)

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
        ref = scan.instore.item_ref
        item = self._item_by_barcode(conn, ref, day)
        if item is None:
            raise SaleError(f"no item has the scale code {ref} (label {scan.code})")
        return ScannedItem(item, scan.code, scan.instore.weight, scan.instore.price)

    def customer(self, code: str) -> Customer | None:
        with self.db.read(self.db.catalog) as conn:
            row = conn.execute(sa.select(T.customers).where(T.customers.c.code == code)).first()
        return None if row is None else Customer(row.code, row.name)

    def card(self, number: str) -> Card | None:
        with self.db.read(self.db.catalog) as conn:
            row = conn.execute(sa.select(T.cards).where(T.cards.c.number == number.strip())).first()
        if row is None:
            return None
        return Card(row.number, row.customer_code, row.discount_percent, bool(row.active))

    def offers_for(
        self, customer_code: str | None, card_number: str | None, day: dt.date
    ) -> list[Offer]:
        """Offers valid on ``day`` for everyone, this customer or this card."""
        o = T.offers.c
        scopes = [o.scope == OfferScope.ALL.value]
        if customer_code:
            scopes.append(
                sa.and_(o.scope == OfferScope.CUSTOMER.value, o.scope_ref == customer_code)
            )
        if card_number:
            scopes.append(sa.and_(o.scope == OfferScope.CARD.value, o.scope_ref == card_number))
        with self.db.read(self.db.catalog) as conn:
            rows = conn.execute(sa.select(T.offers).where(sa.or_(*scopes)).order_by(o.code)).all()
        found = [_offer(r) for r in rows]
        return [offer for offer in found if offer.valid_on(day)]

    def search(self, text: str | None, day: dt.date, limit: int = 50) -> list[ItemListing]:
        query = self._items(day).order_by(T.items.c.code).limit(limit)
        if text:
            like = f"%{text}%"
            query = query.where(
                sa.or_(
                    T.items.c.name.ilike(like),
                    T.items.c.code == text,
                    T.items.c.code.in_(
                        sa.select(T.barcodes.c.item_code).where(T.barcodes.c.barcode == text)
                    ),
                )
            )
        with self.db.read(self.db.catalog) as conn:
            rows = conn.execute(query).all()
            codes = [r.code for r in rows]
            pairs = conn.execute(
                sa.select(T.barcodes.c.item_code, T.barcodes.c.barcode)
                .where(T.barcodes.c.item_code.in_(codes))
                .order_by(T.barcodes.c.barcode)
            ).all()
        by_item: dict[str, list[str]] = {}
        for item_code, barcode in pairs:
            by_item.setdefault(item_code, []).append(barcode)
        return [ItemListing(_item(r), tuple(by_item.get(r.code, ()))) for r in rows]

    def counts(self) -> dict[str, int]:
        with self.db.read(self.db.catalog) as conn:
            return {
                name: conn.execute(
                    sa.select(sa.func.count()).select_from(T.catalog_md.tables[name])
                ).scalar_one()
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
