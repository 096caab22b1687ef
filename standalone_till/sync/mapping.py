"""Offers to and from the SOAP contract's structures. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from standalone_till.model import Offer, OfferKind, OfferScope, OfferTarget

if TYPE_CHECKING:
    from ticket_contract import Offer as WireOffer


# ---------------------------------------------------------------- offers


def offer_from_wire(wire: WireOffer) -> Offer:
    """The till's Offer for one the server sent; ValueError if it makes no sense here."""
    return Offer(
        code=wire.code,
        description=wire.description,
        scope=OfferScope(wire.scope),
        scope_ref=wire.scope_ref,
        target=OfferTarget(wire.target),
        item_code=wire.item_code,
        kind=OfferKind(wire.kind),
        value=wire.value,
        valid_from=wire.valid_from,
        valid_to=wire.valid_to,
    )


def merge_offers(local: Iterable[Offer], online: Iterable[Offer]) -> list[Offer]:
    """Local offers with the online ones laid over them: same code, online wins."""
    by_code = {offer.code: offer for offer in local}
    by_code.update((offer.code, offer) for offer in online)
    return [by_code[code] for code in sorted(by_code)]
