"""Online offers for the customer at the till, never waited on longer than the look-up timeout.

The call runs on a small pool so that the cashier's wait is bounded by the clock, not by
socket timeouts; when it fails, is late or the area is held off, the local offers apply.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from connectors.errors import ServerFault, ServerUnavailable
from standalone_till.model import Offer
from standalone_till.sync.mapping import merge_offers, offer_from_wire
from standalone_till.sync.state import Area, SyncState

if TYPE_CHECKING:
    from ticket_contract import Offer as WireOffer

log = logging.getLogger("tillsync.sync")


class OfferSource(Protocol):
    def get_customer_offers(
        self,
        till_id: str,
        customer_code: str,
        card_number: str | None = None,
        timeout: float | None = None,
    ) -> list[WireOffer]: ...


class OnlineOffers:
    def __init__(
        self,
        client: Callable[[], OfferSource],
        state: SyncState,
        till_id: str,
        timeout: float,
    ) -> None:
        self._client = client
        self.state = state
        self.till_id = till_id
        self.timeout = timeout
        self._pool = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="offers")

    def offers_for(
        self, customer_code: str, card_number: str | None, local: list[Offer]
    ) -> list[Offer]:
        """``local`` with the server's offers for this customer laid over (online wins)."""
        held = self.state.held(Area.OFFERS)
        if held is not None:
            log.debug("offers held off until %s: local offers apply", held)
            return local
        future = self._pool.submit(self._fetch, customer_code, card_number)
        try:
            online = future.result(timeout=self.timeout)
        except concurrent.futures.TimeoutError:
            log.warning(
                "no offers within %g s for %s: local offers apply", self.timeout, customer_code
            )
            return local
        return local if online is None else merge_offers(local, online)

    def _fetch(self, customer_code: str, card_number: str | None) -> list[Offer] | None:
        """Runs on the pool: the call and its bookkeeping; None when the call failed."""
        try:
            wire = self._client().get_customer_offers(
                self.till_id, customer_code, card_number, timeout=self.timeout
            )
        except ServerUnavailable as exc:
            self.state.failed(Area.OFFERS, str(exc))
            log.warning("offers: %s; local offers apply", exc)
            return None
        except ServerFault as exc:
            log.warning("offers refused: %s; local offers apply", exc)
            return None
        self.state.succeeded(Area.OFFERS, touch=False)
        return _usable(wire)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _usable(wire: list[WireOffer]) -> list[Offer]:
    offers = []
    for one in wire:
        try:
            offers.append(offer_from_wire(one))
        except ValueError as exc:
            log.warning("offer %s from the server skipped: %s", one.code, exc)
    return offers
