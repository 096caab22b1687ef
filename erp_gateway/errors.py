"""Refusals of the gateway's services, each with the contract's stable fault code.

They belong to the one tree of ``connectors.errors``: the SOAP edge turns ``fault_code``
into a SOAP fault, the CLI prints the message and exits with the class's code.
"""

from __future__ import annotations

from connectors.errors import BadInput, Unavailable


class GatewayRefusal(BadInput):
    """The caller asked for something the gateway will not give (soap:Client)."""

    fault_code = "InvalidRequest"


class NotAllowed(GatewayRefusal):
    """The WS-Security user may not call this operation, or not for this till (HTTP 403)."""

    fault_code = "Forbidden"
    status = 403


class UnknownTill(GatewayRefusal):
    """A till the registry does not know, or knows without its store; the message says
    how to declare it."""

    fault_code = "UnknownTill"

    def __init__(self, till_id: str, *, why: str = "is not known to this gateway") -> None:
        self.till_id = till_id
        super().__init__(
            f"till {till_id} {why}: declare it with "
            f"`erp-gateway tills add --store STORE --till {till_id}`"
        )


class PingDisabled(Unavailable):
    """Ping is switched off: the till must take the server as unreachable (soap:Server)."""

    fault_code = "PingDisabled"


class UnknownTicket(GatewayRefusal):
    """GetTicket: no such ticket, or none the asking till may see (of another store)."""

    fault_code = "UnknownTicket"

    def __init__(self, ref: str, *, why: str = "is not known to this gateway") -> None:
        self.ref = ref
        super().__init__(f"ticket {ref} {why}")
