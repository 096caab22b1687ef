"""The hub's SOAP operations, answered from the hub till's own database: the same
contract as the gateway, so a client till talks to either with the same code."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from lxml import etree

from connectors.errors import DatabaseUnavailable
from connectors.soap.server import Contract, Handler, SoapApp, SoapFaultError
from standalone_till.clock import utcnow
from standalone_till.hub import wire
from standalone_till.hub.documents import receive_documents
from standalone_till.hub.inbox import receive
from standalone_till.hub.lookup import find_ticket
from standalone_till.journal import local_day
from standalone_till.server_choice import GATEWAY
from standalone_till.service import Till
from standalone_till.signing import keep_relayed_keys
from ticket_contract import CONTRACT_VERSION, WSDL_PATH, WSDL_V1_PATH, document_wire
from ticket_contract import wire as contract

if TYPE_CHECKING:
    from ticket_contract.client import ErpClient

log = logging.getLogger("tillsync.hub")
MAX_REQUEST_BYTES = 8 * 1024 * 1024


def _faults(handler: Handler) -> Handler:
    @functools.wraps(handler)
    def wrapped(request: etree._Element) -> etree._Element:
        try:
            return handler(request)
        except DatabaseUnavailable as exc:
            log.error("database unavailable: %s", exc)
            raise SoapFaultError(
                "Internal", "the hub's database is unavailable", client=False
            ) from exc

    return wrapped


class HubService:
    """The contract's operations over the hub till."""

    def __init__(self, till: Till, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.till = till
        self.clock = clock

    def handlers(self) -> dict[str, Handler]:
        ops: dict[str, Handler] = {
            "Ping": self.ping,
            "SendTickets": self.send_tickets,
            "SendDocuments": self.send_documents,
            "GetTicket": self.get_ticket,
            "GetMessages": self.get_messages,
            "AckMessages": self.ack_messages,
            "GetCustomerOffers": self.get_customer_offers,
            "PushNotification": self.not_here,
            "GetTillConfig": self.not_here,
        }
        return {name: _faults(op) for name, op in ops.items()}

    def app(self) -> SoapApp:
        return SoapApp(
            self.handlers(),
            max_request_bytes=MAX_REQUEST_BYTES,
            contract=Contract.load(WSDL_PATH),
            legacy=[Contract.load(WSDL_V1_PATH)],
        )

    def ping(self, request: etree._Element) -> etree._Element:
        return contract.ping_response(self.clock(), CONTRACT_VERSION)

    def send_tickets(self, request: etree._Element) -> etree._Element:
        sender, received = wire.send_tickets_request(request)
        self._keep_keys(sender, request)
        answers = receive(self.till.db, self.till.cfg.till.store_id, sender, received, self.clock())
        return contract.send_tickets_response(answers)

    def send_documents(self, request: etree._Element) -> etree._Element:
        sent = document_wire.send_documents_request(request)
        self._keep_keys(sent.till_id, request)
        store = self.till.cfg.till.store_id
        answers = receive_documents(self.till.db, store, sent.till_id, sent.documents, self.clock())
        return document_wire.send_documents_response(answers)

    def _keep_keys(self, sender: str, request: etree._Element) -> None:
        """The till's public keys its request carries go up with what the hub relays, so
        the gateway learns the key of a till it never hears from directly."""
        offered = contract.till_keys(request)
        if offered:
            now = self.clock()
            with self.till.db.write(self.till.db.journal) as conn:
                if keep_relayed_keys(conn, sender, offered, now):
                    log.info("hub: keeping the public key(s) of till %s to relay", sender)

    def get_ticket(self, request: etree._Element) -> etree._Element:
        try:
            query = document_wire.get_ticket_request(request)
        except document_wire.BadQuery as exc:
            raise SoapFaultError("InvalidRequest", str(exc)) from exc
        gateway = self._gateway if self.till.cfg.webservice.url else None
        found = find_ticket(self.till.db, self.till.cfg.till.store_id, query, gateway)
        return document_wire.get_ticket_response(found.ticket, found.content_hash, found.returned)

    def _gateway(self) -> ErpClient:
        return self.till.uplink.client(GATEWAY)

    def get_messages(self, request: etree._Element) -> etree._Element:
        # Messages come from the ERP; the hub has none of its own to hand out.
        return contract.messages_response(())

    def ack_messages(self, request: etree._Element) -> etree._Element:
        return contract.single("AckMessagesResponse", acknowledged="0")

    def get_customer_offers(self, request: etree._Element) -> etree._Element:
        f = {el.tag.rpartition("}")[2]: (el.text or "").strip() for el in request}
        day = local_day(self.clock())
        found = self.till.catalog.offers_for(f.get("customerCode"), f.get("cardNumber"), day)
        return contract.offers_response(wire.wire_offer(o) for o in found)

    def not_here(self, request: etree._Element) -> etree._Element:
        operation = etree.QName(request).localname
        raise SoapFaultError("NotAvailable", f"{operation} is answered by the gateway, not the hub")
