"""Realistic sample master data as a full export plus increments; every item derives from
``(seed, index)`` alone, so a million items stream out and the same seed gives the same bytes."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ftp_import.gtin import complete_gtin
from ftp_import.manifest import Manifest
from ftp_import.writer import ExportWriter

Row = list[str]

_MASK = (1 << 64) - 1
_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_FIRST_DAY = dt.date(2026, 1, 1)
BASE_FROM = "2026-01-01"
PROMO_FROM, PROMO_TO = "2026-03-01", "2026-03-14"
# Hash streams: one per kind of thing derived from (seed, index).
_ITEM, _BLOCK, _CUSTOMER, _CARD, _OFFER, _BARCODE = range(6)
# One weighed item in every block of 20 consecutive items, with PLU = block + 1.
_BLOCK_SIZE, _PLU_LIMIT = 20, 99_999
_ALCOHOL_PER_MILLE = 42
_PROMO_PER_MILLE = 30
_SECOND_BARCODE_PER_MILLE = 100
_INACTIVE_PER_MILLE = 10
# Steps coprime with 10 make index -> index * step + offset a bijection mod 10^k: barcodes
# and card numbers look scattered yet never collide.
_EAN13_STEP, _EAN13_STEP_2, _EAN8_STEP, _CARD_STEP = 48_271_597, 69_621_337, 7_919, 16_807_003

# (name, sizes, VAT %, lowest and highest price in cents)
_UNIT_PRODUCTS = (
    ("Apple juice", ("1L", "25cl", "1.5L"), "5.5", 89, 449),
    ("Orange juice", ("1L", "2L", "75cl"), "5.5", 99, 499),
    ("Rye bread", ("500g", "750g"), "5.5", 129, 399),
    ("Whole milk", ("1L", "50cl", "6x1L"), "5.5", 79, 699),
    ("Emmental cheese", ("200g", "400g", "1kg"), "5.5", 189, 1299),
    ("Greek yoghurt", ("4x125g", "500g"), "5.5", 149, 449),
    ("Penne pasta", ("500g", "1kg"), "5.5", 69, 349),
    ("Basmati rice", ("500g", "1kg", "5kg"), "5.5", 129, 1499),
    ("Ground coffee", ("250g", "500g", "1kg"), "5.5", 249, 1999),
    ("Green tea", ("20 bags", "40 bags"), "5.5", 149, 699),
    ("Dark chocolate", ("100g", "200g"), "20", 119, 549),
    ("Salted butter", ("250g", "500g"), "5.5", 199, 599),
    ("Olive oil", ("50cl", "1L", "3L"), "5.5", 349, 2999),
    ("Tomato sauce", ("400g", "690g"), "5.5", 89, 349),
    ("Sparkling water", ("1.5L", "6x50cl", "6x1.5L"), "5.5", 30, 549),
    ("Chewing gum", ("10 pieces", "3x10 pieces"), "20", 30, 299),
    ("Cola", ("33cl", "1.5L", "6x33cl"), "5.5", 59, 599),
    ("Frozen pizza", ("350g", "2x350g"), "5.5", 249, 899),
    ("Lasagne, ready meal", ("400g", "1kg"), "10", 299, 999),
    ("Ham & butter sandwich", ("",), "10", 249, 549),
    ("Dish soap", ("500ml", "1L"), "20", 99, 549),
    ("Toothpaste", ("75ml", "2x75ml"), "20", 129, 699),
    ("Shampoo", ("250ml", "400ml"), "20", 199, 1299),
    ("Paper towels", ("2 rolls", "6 rolls"), "20", 149, 899),
    ("AA batteries", ("4 pack", "8 pack"), "20", 299, 1499),
    ('Eau de toilette "Fleur"', ("50ml", "100ml"), "20", 1999, 8000),
    ("Postage stamps", ("book of 12",), "0", 1392, 1392),
    ("Infant formula", ("800g",), "5.5", 1299, 2999),
)
_BRANDS = ("", "", "", "Alpina ", "Nordvik ", "Maison Roux ", "Bio Vert ", "Sunfield ",
           "Crème d'Or ", "Söderberg ", "Val Verde ", "Kraków ")  # fmt: skip
# (name, sizes, lowest and highest price in cents); alcohol is always 20 % VAT.
_ALCOHOL_PRODUCTS = (
    ("Red wine Bordeaux", ("75cl",), 599, 3999),
    ("White wine Chablis", ("75cl",), 999, 2999),
    ("Rosé wine Provence", ("75cl",), 599, 1999),
    ("Champagne brut", ("75cl",), 1999, 5999),
    ("Lager beer", ("6x25cl", "12x25cl", "4x50cl"), 500, 1299),
    ("IPA beer", ("4x33cl", "6x33cl"), 599, 1199),
    ("Single malt whisky", ("70cl",), 2499, 6000),
    ("London dry gin", ("70cl",), 1499, 3999),
    ("Vodka", ("70cl", "1L"), 1199, 2999),
    ("Dry cider", ("75cl", "4x33cl"), 500, 899),
)
# (name, lowest and highest price per kg in cents); fresh food, 5.5 % VAT.
_WEIGHED_PRODUCTS = (
    ("Bananas", 129, 299),
    ("Tomatoes on the vine", 199, 599),
    ("Gala apples", 149, 399),
    ("Carrots", 99, 249),
    ("New potatoes", 99, 349),
    ("Red onions", 149, 399),
    ("Clementines", 199, 499),
    ("Cherries", 599, 1599),
    ("Comté cheese, cut", 1499, 3990),
    ("Smoked ham, sliced", 1299, 3490),
    ("Green olives", 899, 1999),
    ("Walnuts", 1199, 2599),
)
_FIRST_NAMES = ("Anna", "Louis", "Marie", "Jonas", "Léa", "Hugo", "Chloé", "Lukas", "Sofia",
                "Mateo", "Emma", "Noah", "Zofia", "Jakub", "Inès", "Oskar", "Camille", "Björn",
                "Aisha", "Yusuf")  # fmt: skip
_LAST_NAMES = ("Martin", "Bernard", "Dubois", "Schmidt", "Müller", "Novak", "García", "Rossi",
               "Nowak", "Lefèvre", "Jensen", "O'Brien", "Kowalski", "Durand", "Fischer",
               "Moreau", "Silva", "Horváth")  # fmt: skip
_CARD_DISCOUNTS = ("0", "0", "0", "2", "2", "5", "5", "10")
_PERCENTS = ("10", "15", "20", "25", "30", "50")


class SampleItem(NamedTuple):
    """One derived item: what its export rows say."""

    number: int
    code: str
    name: str
    vat_rate: str
    weighed: bool
    alcohol: bool
    active: bool
    cents: int
    promo_cents: int  # 0 when the item has no promotion


def _mix(x: int) -> int:
    """splitmix64's finaliser: a well-spread 64-bit hash of ``x``."""
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _day(days: int) -> str:
    return (_FIRST_DAY + dt.timedelta(days=days)).isoformat()


def _price_steps(low: int, high: int) -> tuple[int, ...]:
    """Shop prices spread log-uniformly over [low, high] cents, ending in 9 where they can."""
    steps = (round(low * math.exp(k / 255 * math.log(high / low))) for k in range(256))
    return tuple(max(low, min(high, cents // 10 * 10 + 9)) for cents in steps)


def _promo_price(cents: int, draw: int) -> int:
    """A promotion 11-30 % off for about 3 % of the items (``draw`` is 0..999), else 0."""
    return max(1, cents * (70 + draw % 20) // 100) if draw < _PROMO_PER_MILLE else 0


_WEIGHED, _ALCOHOL, _UNIT = range(3)
_PRODUCTS: tuple[tuple[tuple[object, ...], ...], ...] = (
    _WEIGHED_PRODUCTS,
    _ALCOHOL_PRODUCTS,
    _UNIT_PRODUCTS,
)
# The price ladder of each product, by category and product (a lookup per item).
_PRICES = (
    tuple(_price_steps(p[1], p[2]) for p in _WEIGHED_PRODUCTS),
    tuple(_price_steps(p[2], p[3]) for p in _ALCOHOL_PRODUCTS),
    tuple(_price_steps(p[3], p[4]) for p in _UNIT_PRODUCTS),
)


class SampleCatalog:
    """Everything of one seed, derived from (seed, index) on demand."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._salts = [_mix((seed * 8 + stream) & _MASK) for stream in range(6)]
        bc = self._salts[_BARCODE]
        self._ean_add = bc % 10**11
        self._ean8_add = (bc >> 40) % 10**6
        self._card_add = self._salts[_CARD] % 10**11
        self._block, self._block_pos = -1, -1

    def hash(self, stream: int, index: int) -> int:
        return _mix((self._salts[stream] + index * 0x9E3779B97F4A7C15) & _MASK)

    def is_weighed(self, index: int) -> bool:
        block, pos = divmod(index - 1, _BLOCK_SIZE)
        if block != self._block:  # items are mostly asked for in order: hash once per block
            self._block = block
            self._block_pos = self.hash(_BLOCK, block) % _BLOCK_SIZE if block < _PLU_LIMIT else -1
        return pos == self._block_pos

    def _draws(self, index: int) -> tuple[int, int, int, int, int, int, bool]:
        """The item's choices: category, product, brand, size, price step, promo, active."""
        h = self.hash(_ITEM, index)
        h, pick = divmod(h, 1000)
        h, promo = divmod(h, 1000)
        h, product = divmod(h, 420)  # a multiple of every product list's length
        h, brand = divmod(h, len(_BRANDS))
        h, size = divmod(h, 6)  # a multiple of every size list's length
        if self.is_weighed(index):
            category = _WEIGHED
        else:
            category = _ALCOHOL if pick < _ALCOHOL_PER_MILLE else _UNIT
        product %= len(_PRODUCTS[category])
        active = (h >> 8) % 1000 >= _INACTIVE_PER_MILLE
        return category, product, brand, size, h & 0xFF, promo, active

    def price(self, index: int) -> tuple[int, int]:
        """The item's price and its promotion price (0 for none), in cents."""
        category, product, _, _, step, promo, _ = self._draws(index)
        cents = _PRICES[category][product][step]
        return cents, _promo_price(cents, promo)

    def item(self, index: int) -> SampleItem:
        category, product, brand, size, step, promo, active = self._draws(index)
        if category == _WEIGHED:
            name = _WEIGHED_PRODUCTS[product][0]
            name = f"Organic {name[0].lower()}{name[1:]}" if brand % 4 == 0 else name
            vat = "5.5"
        elif category == _ALCOHOL:
            base, sizes, *_ = _ALCOHOL_PRODUCTS[product]
            name, vat = f"{base} {sizes[size % len(sizes)]}", "20"
        else:
            base, sizes, vat, *_ = _UNIT_PRODUCTS[product]
            name = f"{_BRANDS[brand]}{base} {sizes[size % len(sizes)]}".rstrip()
        cents = _PRICES[category][product][step]
        return SampleItem(
            index,
            f"I{index:07d}",
            name,
            vat,
            category == _WEIGHED,
            category == _ALCOHOL,
            active,
            cents,
            _promo_price(cents, promo),
        )

    def barcodes(self, index: int) -> list[str]:
        """PLU for weighed items; an EAN-13, sometimes with a second EAN-13 or EAN-8."""
        if self.is_weighed(index):
            return [f"{(index - 1) // _BLOCK_SIZE + 1:05d}"]
        first = complete_gtin(f"3{(index * _EAN13_STEP + self._ean_add) % 10**11:011d}")
        h = self.hash(_BARCODE, index)
        if h % 1000 >= _SECOND_BARCODE_PER_MILLE:
            return [first]
        if index < 10**6 and h & 0x100000:
            return [first, complete_gtin(f"4{(index * _EAN8_STEP + self._ean8_add) % 10**6:06d}")]
        return [first, complete_gtin(f"5{(index * _EAN13_STEP_2 + self._ean_add) % 10**11:011d}")]

    def customer_name(self, index: int, variant: int = 0) -> str:
        h = self.hash(_CUSTOMER, index) + variant
        return f"{_FIRST_NAMES[h % len(_FIRST_NAMES)]} {_LAST_NAMES[(h >> 8) % len(_LAST_NAMES)]}"

    def card_number(self, index: int) -> str:
        return complete_gtin(f"9{(index * _CARD_STEP + self._card_add) % 10**11:011d}")

    def card_discount(self, index: int) -> str:
        return _CARD_DISCOUNTS[self.hash(_CARD, index) % len(_CARD_DISCOUNTS)]


# --- the full export ------------------------------------------------------------------


@dataclass
class _State:
    """What increments must remember; small: it grows with the changes, not the catalog."""

    items: int  # in the full export
    first_customers: int  # customers of the full export; cards 1..this belong to them
    first_cards: int
    customers: int
    cards: int
    next_item: int
    introduced: dict[int, str] = field(default_factory=dict)  # new item -> its price date
    extra_prices: dict[int, list[str]] = field(default_factory=dict)
    deleted: set[int] = field(default_factory=set)
    offer_items: set[int] = field(default_factory=set)  # never deleted
    offer_cards: set[str] = field(default_factory=set)
    new_cards: dict[int, str] = field(default_factory=dict)  # card -> customer code
    deleted_cards: set[int] = field(default_factory=set)

    @property
    def anonymous_cards(self) -> range:
        return range(self.first_customers + 1, self.first_cards + 1)


def _item_rows(cat: SampleCatalog, indexes: range | list[int]) -> Iterator[Row]:
    for i in indexes:
        it = cat.item(i)
        sold_by = "weight" if it.weighed else "unit"
        alcohol = "1" if it.alcohol else "0"
        yield [it.code, it.name, it.vat_rate, sold_by, alcohol, "1" if it.active else "0"]


def _price_rows(cat: SampleCatalog, indexes: range | list[int], valid_from: str) -> Iterator[Row]:
    for i in indexes:
        code = f"I{i:07d}"
        cents, promo_cents = cat.price(i)
        yield [code, valid_from, _money(cents), ""]
        if promo_cents and valid_from == BASE_FROM:
            yield [code, PROMO_FROM, _money(promo_cents), PROMO_TO]


def _barcode_rows(cat: SampleCatalog, indexes: range | list[int]) -> Iterator[Row]:
    for i in indexes:
        code = f"I{i:07d}"
        for barcode in cat.barcodes(i):
            yield [barcode, code]


def _card_row(cat: SampleCatalog, state: _State, index: int, active: bool = True) -> Row:
    customer = f"C{index:06d}" if index <= state.first_customers else ""
    customer = state.new_cards.get(index, customer)
    return [cat.card_number(index), customer, cat.card_discount(index), "1" if active else "0"]


def _offer_rows(cat: SampleCatalog, state: _State) -> list[Row]:
    """Two ticket-total offers, then item offers for customers, cards or everyone.

    What the offers refer to is recorded in ``state`` so that increments never delete it.
    """
    rows = [
        ["O00001", "5% off the whole ticket", "all", "", "total", "", "percent", "5",
         "2026-01-01", "2026-12-31"],
        ["O00002", "3.00 off the ticket", "customer", "C000001", "total", "", "amount", "3.00",
         "2026-02-01", "2026-02-28"],
    ]  # fmt: skip
    rows.extend(_item_offer(cat, state, j) for j in range(3, max(8, state.items // 2000) + 1))
    state.offer_items.update(int(r[5][1:]) for r in rows if r[5])
    state.offer_cards.update(r[3] for r in rows if r[2] == "card")
    return rows


def _item_offer(cat: SampleCatalog, state: _State, j: int) -> Row:
    h = cat.hash(_OFFER, j)
    h, scope_pick = divmod(h, 10)
    h, item_pick = divmod(h, state.items)
    h, start = divmod(h, 330)
    h, length = divmod(h, 54)
    item = cat.item(item_pick + 1)
    scope, scope_ref = "all", ""
    if scope_pick < 4:
        scope, scope_ref = "customer", f"C{h % state.customers + 1:06d}"
    elif scope_pick < 8:
        scope, scope_ref = "card", cat.card_number(h % state.cards + 1)
    if h % 10 < 7:
        kind, value = "percent", _PERCENTS[(h >> 8) % len(_PERCENTS)]
        text = f"{value}% off {item.name}"
    else:
        kind, value = "amount", _money(max(10, item.cents * (10 + (h >> 8) % 15) // 1000 * 10))
        text = f"{value} off {item.name}"
    valid_to = "" if (h >> 16) % 10 == 0 else _day(start + 7 + length)
    return [f"O{j:05d}", text, scope, scope_ref, "item", item.code, kind, value,
            _day(start), valid_to]  # fmt: skip


def _created_at(sequence: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(minutes=sequence)


def _write_full(out: Path, cat: SampleCatalog, state: _State) -> Manifest:
    items = range(1, state.items + 1)
    with ExportWriter(out, 1, "full", created_at=_created_at(1)) as w:
        w.write_rows("items", _item_rows(cat, items))
        w.write_rows("prices", _price_rows(cat, items, BASE_FROM))
        w.write_rows("barcodes", _barcode_rows(cat, items))
        w.write_rows(
            "customers",
            ([f"C{i:06d}", cat.customer_name(i)] for i in range(1, state.customers + 1)),
        )
        w.write_rows("cards", (_card_row(cat, state, i) for i in range(1, state.cards + 1)))
        w.write_rows("offers", _offer_rows(cat, state))
    return w.manifest


# --- increments -----------------------------------------------------------------------


@dataclass
class _Changes:
    """The rows of one increment, by entity (each row leads with its op)."""

    items: list[Row] = field(default_factory=list)
    prices: list[Row] = field(default_factory=list)
    barcodes: list[Row] = field(default_factory=list)
    customers: list[Row] = field(default_factory=list)
    cards: list[Row] = field(default_factory=list)


def _pick_live(rng: random.Random, state: _State, k: int, exclude: set[int]) -> list[int]:
    """Up to ``k`` distinct live items, none in ``exclude``."""
    chosen: list[int] = []
    taken = set(exclude)
    for _ in range(20 * k + 100):
        if len(chosen) == k:
            break
        i = rng.randrange(1, state.next_item)
        if i not in taken and i not in state.deleted:
            chosen.append(i)
            taken.add(i)
    return chosen


def _price_changes(
    cat: SampleCatalog, state: _State, rng: random.Random, picks: list[int], day: str
) -> list[Row]:
    rows = []
    for i in sorted(picks):
        it = cat.item(i)
        factor = rng.randrange(90, 115)
        rows.append(["U", it.code, day, _money(max(1, it.cents * factor // 100)), ""])
        state.extra_prices.setdefault(i, []).append(day)
    return rows


def _price_dates(cat: SampleCatalog, state: _State, index: int) -> list[str]:
    """The valid_from of every price row an item has in the published exports."""
    if index in state.introduced:
        dates = [state.introduced[index]]
    else:
        dates = [BASE_FROM] + ([PROMO_FROM] if cat.price(index)[1] else [])
    return dates + state.extra_prices.get(index, [])


def _delete_items(cat: SampleCatalog, state: _State, picks: list[int], ch: _Changes) -> None:
    for i in sorted(picks):
        code = f"I{i:07d}"
        ch.items.append(["D", code, "", "", "", "", ""])
        ch.prices.extend(["D", code, day, "", ""] for day in _price_dates(cat, state, i))
        ch.barcodes.extend(["D", barcode, ""] for barcode in cat.barcodes(i))
        state.deleted.add(i)
        state.extra_prices.pop(i, None)
        state.introduced.pop(i, None)


def _add_items(cat: SampleCatalog, state: _State, count: int, day: str, ch: _Changes) -> None:
    new = list(range(state.next_item, state.next_item + count))
    state.next_item += count
    ch.items.extend(["U", *row] for row in _item_rows(cat, new))
    ch.prices.extend(["U", *row] for row in _price_rows(cat, new, day))
    ch.barcodes.extend(["U", *row] for row in _barcode_rows(cat, new))
    state.introduced.update(dict.fromkeys(new, day))


def _customer_changes(
    cat: SampleCatalog, state: _State, rng: random.Random, sequence: int, ch: _Changes
) -> None:
    """Rename a customer, sign up a new one with a card, block a card, drop a spare card."""
    renamed = rng.randrange(1, state.customers + 1)
    ch.customers.append(["U", f"C{renamed:06d}", cat.customer_name(renamed, sequence)])
    state.customers += 1
    code = f"C{state.customers:06d}"
    ch.customers.append(["U", code, cat.customer_name(state.customers)])
    state.cards += 1
    state.new_cards[state.cards] = code
    ch.cards.append(["U", *_card_row(cat, state, state.cards)])
    anonymous = state.anonymous_cards
    spare = [
        c
        for c in rng.sample(anonymous, min(5, len(anonymous)))
        if c not in state.deleted_cards and cat.card_number(c) not in state.offer_cards
    ]
    if spare:
        state.deleted_cards.add(spare[0])
        ch.cards.append(["D", cat.card_number(spare[0]), "", "", ""])
    blocked = rng.randrange(1, state.cards)
    if blocked not in state.deleted_cards:
        ch.cards.append(["U", *_card_row(cat, state, blocked, active=False)])


def _write_increment(out: Path, cat: SampleCatalog, state: _State, sequence: int) -> Manifest:
    rng = random.Random(cat.seed * 1_000_003 + sequence)
    day = _day(7 * (sequence - 1))
    live = state.next_item - 1 - len(state.deleted)
    changed = _pick_live(rng, state, max(1, live // 100), set())
    doomed = _pick_live(rng, state, 1 + live // 50_000, state.offer_items | set(changed))
    ch = _Changes()
    ch.prices.extend(_price_changes(cat, state, rng, changed, day))
    _delete_items(cat, state, doomed, ch)
    _add_items(cat, state, 2 + live // 20_000, day, ch)
    _customer_changes(cat, state, rng, sequence, ch)
    with ExportWriter(
        out, sequence, "incremental", sequence - 1, created_at=_created_at(sequence)
    ) as w:
        for entity in ("items", "prices", "barcodes", "customers", "cards"):
            w.write_rows(entity, getattr(ch, entity))
    return w.manifest


def write_sample_export(out: Path, items: int, changes: int = 0, seed: int = 1) -> list[Manifest]:
    """Write full export 1 of ``items`` items, then ``changes`` increments 2..changes+1."""
    if items < 1:
        raise ValueError(f"items must be >= 1, got {items}")
    if changes < 0:
        raise ValueError(f"changes must be >= 0, got {changes}")
    cat = SampleCatalog(seed)
    customers = max(10, items // 50)
    cards = customers + max(1, customers // 10)
    state = _State(items, customers, cards, customers, cards, items + 1)
    manifests = [_write_full(Path(out), cat, state)]
    for sequence in range(2, changes + 2):
        manifests.append(_write_increment(Path(out), cat, state, sequence))
    return manifests
