"""The gateway's SOAP operations: each reads its request, calls one service function and
writes the response. Refusals of the services become faults with their stable code."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
from collections.abc import Callable

import sqlalchemy as sa
from lxml import etree

from connectors.errors import DatabaseUnavailable
from connectors.soap.server import (
    Contract,
    Handler,
    SoapApp,
    SoapFaultError,
    password_matches,
    request_caller,
    request_endpoint,
)
from erp_gateway import notices
from erp_gateway.config import GatewayConfig
from erp_gateway.db import GatewayDatabase
from erp_gateway.documents import answer_documents
from erp_gateway.errors import GatewayRefusal, NotAllowed, PingDisabled, UnknownTill
from erp_gateway.fleet import record_status
from erp_gateway.ingest import receive_tickets
from erp_gateway.offers import offers_for
from erp_gateway.reconciliation import missing_closures, missing_for
from erp_gateway.registry import LAST_SEEN_EVERY, store_of, touch_till
from erp_gateway.returns import find_ticket
from erp_gateway.till_config import TillConfigRenderer
from ticket_contract import (
    CONTRACT_VERSION,
    WSDL_PATH,
    WSDL_V1_PATH,
    document_wire,
    reconciliation,
    wire,
)
from ticket_contract.till_status import TillStatus, read_status
from ticket_contract.times import parse_datetime

log = logging.getLogger("tillsync.gateway")


def _faults(handler: Handler) -> Handler:
    """Turn the services' refusals into SOAP faults with their codes."""

    @functools.wraps(handler)
    def wrapped(request: etree._Element) -> etree._Element:
        try:
            return handler(request)
        except GatewayRefusal as exc:
            status = getattr(exc, "status", None)
            raise SoapFaultError(exc.fault_code, str(exc), status=status) from exc
        except PingDisabled as exc:
            raise SoapFaultError(exc.fault_code, str(exc), client=False) from exc
        except DatabaseUnavailable as exc:
            log.error("database unavailable: %s", exc)
            raise SoapFaultError("Internal", "the database is unavailable", client=False) from exc

    return wrapped


class _Recently:
    """What each till said at its Ping when this process last wrote it down: a Ping that
    says the same within ``seconds`` needs no database at all."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at: dict[str, tuple[float, TillStatus | None]] = {}

    def recent(self, till_id: str, status: TillStatus | None = None) -> bool:
        last = self._at.get(till_id)
        return last is not None and last[1] == status and time.monotonic() - last[0] < self.seconds

    def note(self, till_id: str, status: TillStatus | None = None) -> None:
        self._at[till_id] = (time.monotonic(), status)


def _seen(conn: sa.Connection, till_id: str, status: TillStatus | None, now: dt.datetime) -> None:
    touch_till(conn, till_id, now)
    record_status(conn, till_id, status, now)


class Gateway:
    """The operations over one database and config."""

    def __init__(
        self,
        cfg: GatewayConfig,
        db: GatewayDatabase,
        measure: Callable[[str, Handler], Handler] | None = None,
    ) -> None:
        self.cfg = cfg
        self.db = db
        self._measure = measure  # counts and times each operation (erp_gateway.metrics)
        self.renderer = TillConfigRenderer(cfg)
        # a till's Ping is written at least every third of the fleet's unreachable window
        every = min(LAST_SEEN_EVERY.total_seconds(), cfg.fleet.unreachable_after / 3)
        self._pinged = _Recently(every)

    def handlers(self) -> dict[str, Handler]:
        ops: dict[str, Callable[[etree._Element], etree._Element]] = {
            "Ping": self.ping,
            "SendTickets": self.send_tickets,
            "SendDocuments": self.send_documents,
            "GetTicket": self.get_ticket,
            "GetMessages": self.get_messages,
            "AckMessages": self.ack_messages,
            "GetCustomerOffers": self.get_customer_offers,
            "PushNotification": self.push_notification,
            "GetTillConfig": self.get_till_config,
        }
        handlers = {name: _faults(op) for name, op in ops.items()}
        if self._measure is None:
            return handlers
        return {name: self._measure(name, h) for name, h in handlers.items()}

    def app(self) -> SoapApp:
        users = self.cfg.security.wsse_users
        return SoapApp(
            self.handlers(),
            max_request_bytes=self.cfg.service.max_request_bytes,
            contract=Contract.load(WSDL_PATH),
            wsse_check=password_matches(users) if users else None,
            public_url=self.cfg.service.public_url or None,
            legacy=[Contract.load(WSDL_V1_PATH)],
        )

    # -- operations ------------------------------------------------------------------

    def ping(self, request: etree._Element) -> etree._Element:
        if not self.cfg.service.ping_enabled:
            raise PingDisabled("Ping is switched off on this server")
        now = dt.datetime.now(dt.UTC)
        till_id = wire.text(wire.fields(request).get("tillId"))
        status = read_status(request)
        if till_id and not self._pinged.recent(till_id, status):
            self.db.write(lambda conn: _seen(conn, till_id, status, now))
            self._pinged.note(till_id, status)
        answer = wire.ping_response(now, CONTRACT_VERSION)
        if till_id and reconciliation.asks_missing(request):
            reconciliation.missing_element(answer, missing_for(self.db, [till_id], now))
            newest = reconciliation.last_z(request)
            if newest is not None:
                lost = missing_closures(self.db, till_id, newest)
                reconciliation.missing_closures_element(answer, lost)
        return answer

    def send_tickets(self, request: etree._Element) -> etree._Element:
        till_id, received = wire.send_tickets_request(request)
        store_id = wire.text(wire.fields(request).get("storeId"))  # absent from older tills
        results = receive_tickets(
            self.db, till_id, received, store_id=store_id, keys=wire.till_keys(request)
        )
        return wire.send_tickets_response(results)

    def send_documents(self, request: etree._Element) -> etree._Element:
        sent = document_wire.send_documents_request(request)
        answer = answer_documents(self.db, sent.till_id, sent.documents, store_id=sent.store_id)
        response = document_wire.send_documents_response(answer.results)
        if reconciliation.asks_missing(request):
            reconciliation.missing_element(response, answer.missing)
        return response

    def get_ticket(self, request: etree._Element) -> etree._Element:
        try:
            query = document_wire.get_ticket_request(request)
        except document_wire.BadQuery as exc:
            raise GatewayRefusal(str(exc)) from exc
        found = find_ticket(self.db, query)
        return document_wire.get_ticket_response(found.ticket, found.content_hash, found.returned)

    def get_messages(self, request: etree._Element) -> etree._Element:
        f = wire.fields(request)
        till_id = f["tillId"].text or ""
        found = notices.fetch(self.db, till_id)
        log.debug("GetMessages %s (%s): %d", till_id, f["event"].text, len(found))
        return wire.messages_response(found)

    def ack_messages(self, request: etree._Element) -> etree._Element:
        f = wire.fields(request)
        ids = [int((el.text or "").strip()) for el in f["messageIds"]]
        count = notices.acknowledge(self.db, f["tillId"].text or "", ids)
        return wire.single("AckMessagesResponse", acknowledged=str(count))

    def get_customer_offers(self, request: etree._Element) -> etree._Element:
        f = wire.fields(request)
        customer = f["customerCode"].text or ""
        card = wire.text(f.get("cardNumber"))
        found = offers_for(self.db, customer, card, dt.datetime.now(dt.UTC).date())
        return wire.offers_response(found)

    def _caller_speaks_for_the_erp(self) -> bool:
        """True without WS-Security (nobody is identified) or for a security.erp_users user."""
        caller = request_caller()
        return caller is None or caller in self.cfg.security.erp_users

    def push_notification(self, request: etree._Element) -> etree._Element:
        if not self._caller_speaks_for_the_erp():
            log.warning("PushNotification refused to user %r", request_caller())
            raise NotAllowed(
                f"user {request_caller()!r} may not push notifications (security.erp_users)"
            )
        f = wire.fields(request)
        valid_until = wire.text(f.get("validUntil"))
        try:
            until = parse_datetime(valid_until, "validUntil") if valid_until else None
        except ValueError as exc:
            raise GatewayRefusal(str(exc)) from exc
        pushed = notices.push(
            self.db,
            (f["target"].text or "").strip(),
            wire.text(f.get("targetId")),
            f["text"].text or "",
            until,
        )
        return wire.single(
            "PushNotificationResponse", messageId=str(pushed.id), tills=str(pushed.tills)
        )

    def get_till_config(self, request: etree._Element) -> etree._Element:
        till_id = wire.fields(request)["tillId"].text or ""
        caller = request_caller()
        shared = self.cfg.till_config.webservice_user
        if not self._caller_speaks_for_the_erp() and caller not in (till_id, shared or None):
            # A till's config holds its passwords: another till must not read them.
            log.warning("GetTillConfig for %s refused to user %r", till_id, caller)
            raise NotAllowed(f"user {caller!r} may not fetch the config of till {till_id}")
        with self.db.read() as conn:
            known, store_id = store_of(conn, till_id)
        if not known:
            raise UnknownTill(till_id)
        if store_id is None:
            raise UnknownTill(till_id, why="has no store yet")
        text = self.renderer.render(till_id, store_id, request_endpoint())
        return wire.single("GetTillConfigResponse", config=text)
