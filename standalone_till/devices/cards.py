"""Discount cards: a scanned barcode, a typed number or a swiped magnetic stripe -> the
card, its customer and discount, from the till's local data.

Magnetic stripes as keyboard-wedge readers send them (ISO/IEC 7811 encoding, ISO/IEC
7813 layout):

    track 1   %B<number, up to 19 digits>^<HOLDER/NAME>^<YYMM><service code>...?
    track 2   ;<number, up to 19 digits>=<YYMM><service code>...?

Either track alone or both in a row; a trailing LRC character is ignored. A reader's
error marker (``%E?``, ``;E?``) or a mangled track is a ``SaleError`` asking to swipe
again. Numbers read from a stripe are shown only by their last four digits, as a bank
card swiped by mistake must not end up on screen or in a log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from connectors.errors import SaleError
from standalone_till.model import Card, Customer

_TRACK1 = re.compile(r"%B(?P<number>[0-9]{1,19})\^(?P<holder>[^^?]{0,26})\^[^?]*\?.?")
_TRACK2 = re.compile(r";(?P<number>[0-9]{1,19})(?:=[0-9]*)?\?.?")
_TRACKS = re.compile(r"(?P<t1>%[^?]*\?.??)?\s*(?P<t2>;[^?]*\?.?)?")
_TYPED = re.compile(r"[A-Za-z0-9-]{4,40}")


@dataclass(frozen=True, slots=True)
class CardRead:
    number: str
    source: str  # barcode (scanned or typed) | track1 | track2
    holder: str | None = None

    @property
    def shown(self) -> str:
        """The number as it may be displayed and logged."""
        return self.number if self.source == "barcode" else f"ending {self.number[-4:]}"


@dataclass(frozen=True, slots=True)
class ResolvedCard:
    card: Card
    customer: Customer | None
    read: CardRead


class CardDirectory(Protocol):
    """What ``resolve_card`` needs of the catalog (``Catalog`` has both)."""

    def card(self, number: str) -> Card | None: ...

    def customer(self, code: str) -> Customer | None: ...


def _swipe_again(what: str) -> SaleError:
    return SaleError(f"card read failed ({what}): swipe the card again")


def _holder(raw: str) -> str | None:
    surname, _, first = raw.strip().partition("/")
    name = f"{first.strip()} {surname.strip()}".strip()
    return name or None


def parse_tracks(raw: str) -> CardRead:
    """The card number on one or two swiped tracks (see the module docstring)."""
    found = _TRACKS.fullmatch(raw)
    if not found or not (found["t1"] or found["t2"]):
        raise _swipe_again("not a magnetic track")
    t1 = _TRACK1.fullmatch(found["t1"]) if found["t1"] else None
    t2 = _TRACK2.fullmatch(found["t2"]) if found["t2"] else None
    if (found["t1"] and not t1) or (found["t2"] and not t2):
        raise _swipe_again("track unreadable")
    if t1 and t2 and t1["number"] != t2["number"]:
        raise _swipe_again("tracks 1 and 2 disagree")
    if t2:
        return CardRead(t2["number"], "track2", _holder(t1["holder"]) if t1 else None)
    assert t1 is not None
    return CardRead(t1["number"], "track1", _holder(t1["holder"]))


def parse_card_input(raw: str) -> CardRead:
    """A card number from what the cashier's scanner, reader or keyboard gave."""
    text = raw.strip()
    if not text:
        raise SaleError("no card number: scan, swipe or type the card")
    if text[0] in "%;":
        return parse_tracks(text)
    if not _TYPED.fullmatch(text):
        raise SaleError(f"not a card number: {text[:40]!r} (4 to 40 letters, digits or -)")
    return CardRead(text, "barcode")


def resolve_card(catalog: CardDirectory, raw: str) -> ResolvedCard:
    """The active card ``raw`` names, with its customer; a clear ``SaleError`` otherwise."""
    read = parse_card_input(raw)
    card = catalog.card(read.number)
    if card is None:
        raise SaleError(f"unknown card {read.shown}: no such card in this till's data")
    if not card.active:
        raise SaleError(f"card {read.shown} is not active")
    customer = catalog.customer(card.customer_code) if card.customer_code else None
    return ResolvedCard(card, customer, read)
