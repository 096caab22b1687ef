"""What the demo counted, and the checks it holds itself to.

``DemoCounts`` is filled as the story goes; ``failed_checks`` compares it with what must
hold and says, in one sentence each, what is off. Plain data and a pure function: the
checks are tested without running the demo.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ZERO = Decimal("0.00")
SLOWEST_CLOSE_S = 2.0  # a close while the gateway is down must not wait on the network


@dataclass
class DemoCounts:
    # the ERP side and the bootstrap
    cashier_signed_in: str = ""
    master_items: int = 0
    full_export_rows: int = 0
    loaded_sequence: int = 0
    loaded_rows: int = 0
    # the day of sales
    tickets_closed: int = 0
    tickets_total: Decimal = ZERO
    online_offer: str = ""
    online_offer_local_before: bool = False
    online_offer_applied: bool = False
    weighed_label_kg: Decimal = ZERO
    weighed_line_kg: Decimal = ZERO
    card_discount: Decimal = ZERO
    mixed_payment_methods: int = 0
    dripped: int = 0
    float_amount: Decimal = ZERO
    # the return and the safe drop
    returns_closed: int = 0
    return_original: str = ""
    safe_drop: Decimal = ZERO
    # head office's message
    message_id: int = 0
    message_stored: bool = False
    message_shown: int = 0  # times it was shown at an event
    message_acked: bool = False
    # the price change
    increments_applied: list[int] = field(default_factory=list)
    old_price: Decimal = ZERO
    new_price: Decimal = ZERO
    price_used: Decimal = ZERO
    # the gateway cut
    ping_saw_down: bool = False
    sold_while_down: int = 0
    backlog_while_down: int = 0
    slowest_close_down_s: float = 0.0
    ping_saw_up: bool = False
    outbox_after_drain: int = -1
    quarantined: int = 0
    # the gateway's side at the end
    gateway_tickets: int = 0
    gateway_total: Decimal = ZERO
    gateway_missing: int = 0  # till tickets the gateway does not have
    gateway_unknown: int = 0  # gateway tickets the till did not close
    gateway_total_differs: int = 0  # tickets whose total differs between the two
    gateway_mismatches: int = 0
    accepted: int = 0
    duplicate: int = 0
    gateway_with_cashier: int = 0
    gateway_returns: int = 0
    gateway_return_original: str = ""
    gateway_over_returns: int = 0
    gateway_cash: dict[str, str] = field(default_factory=dict)  # kind: amount
    gateway_closures: int = 0
    # the ERP feed's staging tables at the end
    erp_delivered: int = 0
    erp_tickets: int = 0
    erp_total: Decimal = ZERO
    erp_cash_movements: int = 0
    erp_closures: int = 0
    erp_findings: int = -1
    # closure
    z_tickets: int = 0
    z_returns: int = 0
    z_total: Decimal = ZERO
    z_cash_expected: Decimal = ZERO

    def as_dict(self) -> dict[str, object]:
        return {
            k: str(v) if isinstance(v, Decimal) else v for k, v in dataclasses.asdict(self).items()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> DemoCounts:
        """The counts ``as_dict`` gave (money back to Decimal); unknown keys are ignored."""
        default = cls()
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name in data:
                raw = data[f.name]
                kind = type(getattr(default, f.name))
                values[f.name] = Decimal(str(raw)) if kind is Decimal else raw
        return cls(**values)


Check = tuple[Callable[[DemoCounts], bool], Callable[[DemoCounts], str]]

CHECKS: tuple[Check, ...] = (
    (
        lambda c: c.master_items > 0 and c.full_export_rows > c.master_items,
        lambda c: f"the full export has {c.full_export_rows} rows for {c.master_items} items",
    ),
    (
        lambda c: c.loaded_sequence == 1 and c.loaded_rows == c.full_export_rows,
        lambda c: (
            f"the till loaded export {c.loaded_sequence} with {c.loaded_rows} rows, "
            f"the gateway published export 1 with {c.full_export_rows}"
        ),
    ),
    (
        lambda c: c.online_offer_applied and not c.online_offer_local_before,
        lambda c: (
            f"the online offer {c.online_offer or '(none)'} was "
            + ("already in the till's catalog" if c.online_offer_local_before else "not applied")
        ),
    ),
    (
        lambda c: c.weighed_label_kg > 0 and c.weighed_line_kg == c.weighed_label_kg,
        lambda c: (
            f"the scale label said {c.weighed_label_kg} kg, the line sold {c.weighed_line_kg} kg"
        ),
    ),
    (
        lambda c: c.card_discount > 0,
        lambda c: f"the discount card took {c.card_discount} off",
    ),
    (
        lambda c: c.mixed_payment_methods == 2,
        lambda c: f"the mixed payment used {c.mixed_payment_methods} methods, not 2",
    ),
    (
        lambda c: c.dripped > 0,
        lambda c: "no ticket dripped up while the gateway was up",
    ),
    (
        lambda c: c.message_id > 0 and c.message_stored and c.message_acked,
        lambda c: (
            f"head office's message {c.message_id} was "
            + ("not acknowledged" if c.message_stored else "never received")
        ),
    ),
    (
        lambda c: c.message_shown == 1,
        lambda c: f"head office's message was shown {c.message_shown} times, not once",
    ),
    (
        lambda c: c.increments_applied == [2],
        lambda c: f"the till applied increments {c.increments_applied}, not [2]",
    ),
    (
        lambda c: c.new_price != c.old_price and c.price_used == c.new_price,
        lambda c: (
            f"the price went from {c.old_price} to {c.new_price}, the sale used {c.price_used}"
        ),
    ),
    (
        lambda c: c.ping_saw_down and c.ping_saw_up,
        lambda c: (
            "the ping never saw the gateway " + ("come back" if c.ping_saw_down else "go down")
        ),
    ),
    (
        lambda c: c.sold_while_down > 0 and c.backlog_while_down == c.sold_while_down,
        lambda c: (
            f"{c.sold_while_down} tickets sold while the gateway was down, "
            f"{c.backlog_while_down} waited in the outbox"
        ),
    ),
    (
        lambda c: c.slowest_close_down_s < SLOWEST_CLOSE_S,
        lambda c: (
            f"a ticket took {c.slowest_close_down_s:.2f} s to ring up and close while the "
            "gateway was down"
        ),
    ),
    (
        lambda c: c.outbox_after_drain == 0 and c.quarantined == 0,
        lambda c: (
            f"after the drain {c.outbox_after_drain} tickets wait in the outbox, "
            f"{c.quarantined} quarantined"
        ),
    ),
    (
        lambda c: (
            c.gateway_tickets == c.tickets_closed
            and c.gateway_missing == 0
            and c.gateway_unknown == 0
        ),
        lambda c: (
            f"the gateway holds {c.gateway_tickets} tickets, the till closed "
            f"{c.tickets_closed} ({c.gateway_missing} missing, {c.gateway_unknown} unknown)"
        ),
    ),
    (
        lambda c: c.gateway_total == c.tickets_total and c.gateway_total_differs == 0,
        lambda c: (
            f"the gateway's total is {c.gateway_total}, the till's {c.tickets_total} "
            f"({c.gateway_total_differs} tickets differ)"
        ),
    ),
    (
        lambda c: c.gateway_mismatches == 0 and c.accepted + c.duplicate == c.tickets_closed,
        lambda c: (
            f"{c.accepted} accepted and {c.duplicate} duplicate for {c.tickets_closed} "
            f"tickets, {c.gateway_mismatches} mismatches"
        ),
    ),
    (
        lambda c: c.z_tickets + c.z_returns == c.tickets_closed and c.z_total == c.tickets_total,
        lambda c: (
            f"the Z report counts {c.z_tickets} sales and {c.z_returns} returns for "
            f"{c.z_total}, the till closed {c.tickets_closed} for {c.tickets_total}"
        ),
    ),
    (
        lambda c: c.cashier_signed_in != "" and c.gateway_with_cashier == c.tickets_closed,
        lambda c: (
            f"the gateway has {c.gateway_with_cashier} of {c.tickets_closed} tickets by the "
            f"signed-in cashier '{c.cashier_signed_in}'"
        ),
    ),
    (
        lambda c: (
            c.returns_closed == 1
            and c.gateway_returns == 1
            and c.gateway_return_original == c.return_original
            and c.gateway_over_returns == 0
        ),
        lambda c: (
            f"the till took {c.returns_closed} return of ticket {c.return_original or '-'}; "
            f"the gateway holds {c.gateway_returns} (original "
            f"{c.gateway_return_original or '-'}), {c.gateway_over_returns} flagged over"
        ),
    ),
    (
        lambda c: (
            c.float_amount > 0
            and c.safe_drop > 0
            and c.gateway_cash.get("float") == str(c.float_amount)
            and c.gateway_cash.get("drop") == str(c.safe_drop)
        ),
        lambda c: (
            f"the till put in a float of {c.float_amount} and dropped {c.safe_drop}; the "
            f"gateway holds {c.gateway_cash or 'no cash movement'}"
        ),
    ),
    (
        lambda c: c.gateway_closures == 1,
        lambda c: f"the gateway holds {c.gateway_closures} closures of the day, not 1",
    ),
    (
        lambda c: (
            c.erp_tickets == c.tickets_closed
            and c.erp_total == c.tickets_total
            and c.erp_cash_movements >= 2
            and c.erp_closures == 1
            and c.erp_findings == 0
        ),
        lambda c: (
            f"the ERP's staging tables hold {c.erp_tickets} tickets (total {c.erp_total}), "
            f"{c.erp_cash_movements} cash movements, {c.erp_closures} closures and "
            f"{c.erp_findings} findings; the till closed {c.tickets_closed} tickets "
            f"(total {c.tickets_total}), a float, a drop and one closure, with nothing to find"
        ),
    ),
)


def failed_checks(counts: DemoCounts) -> list[str]:
    """What is off, one sentence per failed check; [] when everything holds."""
    return [message(counts) for holds, message in CHECKS if not holds(counts)]
