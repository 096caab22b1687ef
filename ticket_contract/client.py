"""The till's client of the ERP gateway: zeep over the checked-in WSDL, never fetched.

Every error of zeep, requests and lxml is translated here and only here (``_errors``): a
SOAP fault becomes ``ServerFault`` (with the contract's code from
``detail/FaultDetail/code``); anything that is not a usable answer (refused, timeout, TLS,
an HTTP error without a fault, HTML, malformed XML, a DTD or entities in the reply, XML
that is not the contract's answer) becomes ``ServerUnavailable`` naming the operation and
the URL without credentials. A Python error (``AttributeError``, ``TypeError``...) counts
as a malformed reply only while zeep reads the reply (``_read_reply``); anywhere else in
the client it is a bug and goes on up as itself.

``SendTickets`` is the hot path: zeep spends about 0.9 ms serializing one ticket, so the
request is written by ``SendTicketsEncoder``, driven by the same WSDL types, and only
its reply goes through zeep.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

import requests
import zeep
import zeep.exceptions
from lxml import etree
from zeep.wsdl.bindings.soap import SoapBinding
from zeep.wsse.username import UsernameToken

from connectors.errors import ServerFault, ServerUnavailable
from connectors.soap import SOAP_ENV
from connectors.times import utc_text
from ticket_contract import NAMESPACE, WSDL_PATH, Offer
from ticket_contract.reconciliation import MissingRange, read_missing
from ticket_contract.till_status import TillStatus

BINDING = f"{{{NAMESPACE}}}TillsyncErpBinding"
_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class TicketResult:
    ticket_id: str
    status: str  # accepted | duplicate | mismatch | rejected
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The gateway's answer for one cash movement or closure of a SendDocuments batch."""

    id: str
    status: str  # accepted | duplicate | mismatch | rejected
    reason: str | None = None


class ReceiptLike(Protocol):
    """A ticket as its receipt code names it (the till's ``ReceiptRef``)."""

    @property
    def store_id(self) -> str: ...
    @property
    def till_id(self) -> str: ...
    @property
    def business_day(self) -> dt.date | str: ...
    @property
    def number(self) -> int: ...


class DocumentResults(list[DocumentResult]):
    """A SendDocuments batch's results, in the server's order, and the tickets the server
    said it lacks (``missing``: asked for with ``report_missing``)."""

    missing: tuple[MissingRange, ...] = ()


@dataclass(frozen=True, slots=True)
class Pong:
    """A Ping's answer: the server's clock, and how long the call took."""

    server_time: dt.datetime
    latency_ms: float  # the request and its answer only: no client or WSDL set-up
    # the tickets of the till's closed days the server lacks (asked with report_missing)
    missing: tuple[MissingRange, ...] = ()
    # the Z numbers up to the till's newest (last_z) the server holds no closure of
    missing_closures: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Message:
    id: int
    text: str
    created_at: dt.datetime
    valid_until: dt.datetime | None = None


def safe_url(url: str) -> str:
    """``url`` without user, password, query or fragment: fit for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


# ---------------------------------------------------------------- SendTickets encoder

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _str(value: str) -> str:
    if _SPECIAL.search(value) is None:  # the usual case: nothing to escape
        return value
    if _ILLEGAL_XML.search(value):
        raise ValueError(f"{value!r} holds a character XML cannot carry")
    return value.translate(_ESCAPES)


def _decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"{value} is not a number")
    text = str(value)
    return f"{value:f}" if "E" in text else text


def _datetime(value: dt.datetime) -> str:
    return utc_text(value)


# One simple value as schema text: Decimals as written (their scale kept), datetimes in
# UTC with "Z". Looked up by exact type: this runs ~70 times per ticket.
_FORMATS: dict[type, Callable[[Any], str]] = {
    str: _str,
    bool: lambda v: "true" if v else "false",
    int: str,
    Decimal: _decimal,
    dt.datetime: _datetime,
    dt.date: dt.date.isoformat,
}


def _text(value: object) -> str:
    format_ = _FORMATS.get(type(value))
    if format_ is None:
        raise TypeError(f"cannot encode {type(value).__name__} in SendTickets")
    return format_(value)


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    repeated: bool
    children: tuple[_Field, ...] | None  # None: a simple value
    open: str
    close: str


def _plan(xsd_type: Any) -> tuple[_Field, ...]:
    fields = []
    for name, element in xsd_type.elements:
        nested = _plan(element.type) if getattr(element.type, "elements", None) else None
        fields.append(_Field(name, element.max_occurs != 1, nested, f"<{name}>", f"</{name}>"))
    return tuple(fields)


class SendTicketsEncoder:
    """Writes the SendTickets request as bytes, following the WSDL's element order.

    About 10 times faster than zeep; tests check that its bytes validate against the
    contract's schema and read back equal to zeep's own serialization.
    """

    def __init__(self, client: zeep.Client) -> None:
        element = client.get_element(f"{{{NAMESPACE}}}SendTickets")
        fields = {f.name: f for f in _plan(element.type)}
        tickets = fields["tickets"].children
        assert tickets is not None and tickets[0].children is not None
        self._ticket = tickets[0]

    def encode(
        self,
        till_id: str,
        tickets: Sequence[Mapping[str, object]],
        store_id: str | None = None,
    ) -> bytes:
        store = "" if store_id is None else f"<storeId>{_text(store_id)}</storeId>"
        out = [
            f'<?xml version="1.0" encoding="utf-8"?><soap-env:Envelope xmlns:soap-env="{SOAP_ENV}">'
            f'<soap-env:Body><SendTickets xmlns="{NAMESPACE}"><tillId>{_text(till_id)}</tillId>'
            f"{store}<tickets>"
        ]
        for ticket in tickets:
            _complex(out, self._ticket, ticket)
        out.append("</tickets></SendTickets></soap-env:Body></soap-env:Envelope>")
        return "".join(out).encode("utf-8")


def _complex(out: list[str], field: _Field, value: Any) -> None:
    append = out.append
    append(field.open)
    for child in field.children or ():
        item = value.get(child.name)
        if item is None:
            continue
        if child.children is not None:
            for one in item if child.repeated else (item,):
                _complex(out, child, one)
        elif child.repeated:
            for one in item:
                append(child.open + _text(one) + child.close)
        else:
            append(child.open + _text(item) + child.close)
    append(field.close)


# ---------------------------------------------------------------- the client


class _Session(requests.Session):
    """A session whose ``verify = False`` stands even when REQUESTS_CA_BUNDLE or
    CURL_CA_BUNDLE is set: plain requests lets the environment win (psf/requests#3829)."""

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        merged: dict[str, Any] = super().merge_environment_settings(
            url, proxies, stream, verify, cert
        )
        if self.verify is False and verify is None:
            merged["verify"] = False
        return merged


@dataclass(slots=True)
class _Lane:
    """A zeep client with its own timeout (operations, ping, look-ups); the session is
    the client's one shared session."""

    client: zeep.Client
    service: Any
    session: requests.Session


class ErpClient:
    """The gateway's operations as typed calls; safe to share between threads."""

    def __init__(
        self,
        url: str,
        *,
        user: str = "",
        password: str = "",
        timeout: float = 60,
        ping_timeout: float = 5,
        lookup_timeout: float = 2,
        verify_tls: bool = True,
        wsse: bool = False,
        signer: requests.auth.AuthBase | None = None,
    ) -> None:
        """``signer`` (optional) signs every request, e.g. with a LAN hub's shared secret."""
        self.url = url
        self.shown_url = safe_url(url)
        self.timeout = timeout
        self.ping_timeout = ping_timeout
        self.lookup_timeout = lookup_timeout
        self._user = user
        self._password = password
        self._verify = verify_tls
        self._signer = signer
        self._wsse = UsernameToken(user, password) if wsse and user else None
        if self._wsse is not None:
            # zeep logs whole envelopes at DEBUG, and this one carries the password.
            logging.getLogger("zeep.transports").setLevel(logging.INFO)
        self._lanes: dict[tuple[str, float], _Lane] = {}
        self._lock = threading.Lock()
        # One session (one keep-alive connection while calls take turns) for every lane:
        # a lane per timeout each holding its own connection would triple the
        # connections a gateway keeps open for its tills.
        self._shared: requests.Session | None = None
        self._encoder = SendTicketsEncoder(self._lane("ops", timeout).client)

    # -- plumbing
    def _session(self) -> requests.Session:
        session = _Session()
        session.verify = self._verify
        if self._signer is not None:
            session.auth = self._signer
        elif self._user and self._wsse is None:
            session.auth = (self._user, self._password)
        return session

    def _lane(self, kind: str, timeout: float) -> _Lane:
        with self._lock:
            lane = self._lanes.get((kind, timeout))
            if lane is None:
                session = self._shared = self._shared or self._session()
                client = zeep.Client(
                    str(WSDL_PATH),
                    wsse=self._wsse,
                    transport=zeep.Transport(session=session, operation_timeout=timeout),
                    # raw_response: a call hands back the HTTP response, read by _read_reply
                    settings=zeep.Settings(
                        strict=True,
                        raw_response=True,
                        forbid_dtd=True,
                        forbid_entities=True,
                        forbid_external=True,
                    ),
                )
                lane = _Lane(client, client.create_service(BINDING, self.url), session)
                self._lanes[(kind, timeout)] = lane
            return lane

    def close(self) -> None:
        with self._lock:
            self._lanes, session, self._shared = {}, self._shared, None
        if session is not None:
            session.close()

    def __enter__(self) -> ErpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _errors(self, operation: str, timeout: float) -> Iterator[None]:
        try:
            yield
        except zeep.exceptions.Fault as exc:
            raise self._fault(operation, exc) from exc
        except requests.exceptions.Timeout as exc:
            raise self._unavailable(operation, f"no answer within {timeout:g} s") from exc
        except requests.exceptions.SSLError as exc:
            raise self._unavailable(operation, f"TLS failed ({_root_cause(exc)})") from exc
        except requests.exceptions.ConnectionError as exc:
            raise self._unavailable(operation, f"cannot connect ({_root_cause(exc)})") from exc
        except requests.exceptions.RequestException as exc:
            raise self._unavailable(operation, f"HTTP failed ({_root_cause(exc)})") from exc
        except zeep.exceptions.TransportError as exc:
            raise self._unavailable(operation, _transport_reason(exc)) from exc
        except (zeep.exceptions.DTDForbidden, zeep.exceptions.EntitiesForbidden) as exc:
            raise self._unavailable(operation, "the reply holds a DTD or entities") from exc
        except zeep.exceptions.Error as exc:
            raise self._unavailable(operation, f"malformed reply ({exc.message})") from exc
        except (etree.LxmlError, _MalformedReply) as exc:
            raise self._unavailable(operation, f"malformed reply ({exc})") from exc

    def _unavailable(self, operation: str, reason: str) -> ServerUnavailable:
        return ServerUnavailable(
            f"{operation} at {self.shown_url}: {reason}", target=self.shown_url
        )

    def _fault(self, operation: str, exc: zeep.exceptions.Fault) -> Exception:
        detail = exc.detail if isinstance(exc.detail, etree._Element) else None
        found = detail.find(f".//{{{NAMESPACE}}}FaultDetail") if detail is not None else None
        code = found.findtext(f"{{{NAMESPACE}}}code") if found is not None else None
        message = found.findtext(f"{{{NAMESPACE}}}message") if found is not None else None
        if code is None and exc.code is None:
            return self._unavailable(operation, "the server answered an HTTP error, not SOAP")
        code = code or (exc.code or "").rpartition(":")[2]
        return ServerFault(message or exc.message or "SOAP fault", code=code, operation=operation)

    # -- operations
    def _call(self, kind: str, timeout: float, operation: str, *args: Any) -> Any:
        """``operation`` called on the lane of ``kind`` and its reply read by zeep."""
        lane = self._lane(kind, timeout)
        return _read_reply(lane, operation, getattr(lane.service, operation)(*args))

    def ping(self, till_id: str | None = None) -> dt.datetime:
        """The server's clock; ServerFault (PingDisabled) when its Ping is switched off."""
        return self.timed_ping(till_id).server_time

    def timed_ping(
        self,
        till_id: str | None = None,
        *,
        report_missing: bool = False,
        last_z: int | None = None,
        status: TillStatus | None = None,
    ) -> Pong:
        """``ping`` with its latency: the clock runs over the call alone, the lane (a zeep
        client over the WSDL, made on first use) is ready before it starts.
        ``report_missing``: ask which tickets of the till's closed days the server lacks,
        and with ``last_z`` (the till's newest Z number) which of its closures.
        ``status``: what the till says of itself for the gateway's fleet view."""
        asks = True if report_missing else None
        newest = last_z if report_missing else None
        said = status.as_wire() or None if status is not None else None
        with self._errors("Ping", self.ping_timeout):
            self._lane("ping", self.ping_timeout)
            started = time.perf_counter()
            reply = self._call("ping", self.ping_timeout, "Ping", till_id, asks, newest, said)
            latency_ms = (time.perf_counter() - started) * 1000
            missing = _zeep_missing(getattr(reply, "missing", None))
            closures = _zeep_numbers(getattr(reply, "missingClosures", None))
            return Pong(_aware(getattr(reply, "serverTime", None)), latency_ms, missing, closures)

    def send_tickets(
        self,
        till_id: str,
        tickets: Sequence[Mapping[str, object]],
        store_id: str | None = None,
    ) -> list[TicketResult]:
        """Send a batch of contract Tickets; one result per ticket, in the server's order.
        ``store_id``: the store the till speaks for (its own, or the hub's it relays for)."""
        return self.post_send_tickets(self._encoder.encode(till_id, tickets, store_id))

    def encode_send_tickets(
        self,
        till_id: str,
        tickets: Sequence[Mapping[str, object]],
        store_id: str | None = None,
    ) -> bytes:
        """The SendTickets request as ``post_send_tickets`` takes it (WS-Security added there)."""
        return self._encoder.encode(till_id, tickets, store_id)

    def post_send_tickets(self, body: bytes) -> list[TicketResult]:
        """Post a request made by ``encode_send_tickets``; the results, in the server's order."""
        lane = self._lane("ops", self.timeout)
        with self._errors("SendTickets", self.timeout):
            return self._results(lane, self._post(lane, body))

    def send_documents(
        self,
        till_id: str,
        docs: Sequence[str],
        store_id: str | None = None,
        *,
        report_missing: bool = False,
    ) -> DocumentResults:
        """Send cash movements and closures, each the element
        ``ticket_contract.writer.document_xml`` writes for it; one result per document,
        in the server's order. ``store_id`` as for ``send_tickets``; ``report_missing``:
        ask which tickets of the closed days of the batch's tills the server lacks."""
        for doc in docs:
            if not isinstance(doc, str):
                raise TypeError("send_documents takes the elements document_xml writes")
        store = "" if store_id is None else f"<storeId>{_text(store_id)}</storeId>"
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><soap-env:Envelope xmlns:soap-env="{SOAP_ENV}">'
            f'<soap-env:Body><SendDocuments xmlns="{NAMESPACE}"><tillId>{_text(till_id)}</tillId>'
            f"{store}<documents>{''.join(docs)}</documents>"
            f"{_REPORT_MISSING if report_missing else ''}</SendDocuments>"
            "</soap-env:Body></soap-env:Envelope>"
        ).encode()
        lane = self._lane("ops", self.timeout)
        with self._errors("SendDocuments", self.timeout):
            response = self._post(lane, body, _SEND_DOCUMENTS_ACTION)
            found = _plain_document_results(response)
            if found is None:
                reply = _read_reply(lane, "SendDocuments", response)
                found = [_document_result(r) for r in _items(reply, "result")]
                if not found:
                    raise _MalformedReply("the reply holds no results")
            results = DocumentResults(found)
            if report_missing:
                results.missing = _plain_missing(response)
            return results

    def get_ticket(
        self,
        ref: str | ReceiptLike,
        *,
        till_id: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any] | None:
        """A ticket of the store by its id or its receipt (store, till, day, number), with
        the look-up timeout: the till's stored document shape (snake_case, amounts as
        decimal text, ``totals``), each line with ``returned`` (the quantity accepted
        returns gave back already) and the document's ``content_hash``. None when the
        server knows no such ticket (fault UnknownTicket). ``till_id``: the asking till."""
        wait = timeout or self.lookup_timeout
        if isinstance(ref, str):
            asked: dict[str, Any] = {"ticketId": ref}
        else:
            day = ref.business_day
            receipt = {
                "storeId": ref.store_id,
                "tillId": ref.till_id,
                "businessDay": day if isinstance(day, dt.date) else dt.date.fromisoformat(day),
                "number": ref.number,
            }
            asked = {"receipt": receipt}
        try:
            with self._errors("GetTicket", wait):
                lane = self._lane("ops", wait)
                response = lane.service.GetTicket(tillId=till_id, **asked)
                return _ticket_document(_read_reply(lane, "GetTicket", response))
        except ServerFault as exc:
            if exc.code == UNKNOWN_TICKET:
                return None
            raise

    def _post(self, lane: _Lane, body: bytes, action: str | None = None) -> requests.Response:
        action = action or _SEND_TICKETS_ACTION
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": action}
        if self._wsse is not None:
            envelope, headers = self._wsse.apply(etree.fromstring(body), headers)
            body = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
        return lane.session.post(self.url, data=body, headers=headers, timeout=self.timeout)

    @staticmethod
    def _results(lane: _Lane, response: requests.Response, fast: bool = True) -> list[TicketResult]:
        """The reply's results. A plain answer is read directly (zeep costs ~35 us a result);
        anything else (a fault, an HTTP error, a DTD, an oddity) goes through zeep."""
        found = _plain_results(response) if fast else None
        if found is not None:
            return found
        reply = _read_reply(lane, "SendTickets", response)
        results = [_result(r) for r in _items(reply, "result")]
        if not results:  # the contract has one result per ticket sent, so at least one
            raise _MalformedReply("the reply holds no results")
        return results

    def get_messages(
        self, till_id: str, event: str, *, timeout: float | None = None
    ) -> list[Message]:
        """Messages waiting for this till at ``event`` (day_open, ..., between_tickets)."""
        wait = timeout or self.lookup_timeout
        with self._errors("GetMessages", wait):
            reply = self._call("ops", wait, "GetMessages", till_id, event)
            return [_message(m) for m in _items(reply, "message")]

    def ack_messages(
        self, till_id: str, ids: Sequence[int], *, timeout: float | None = None
    ) -> int:
        """Tell the server these messages arrived; how many it acknowledged."""
        wait = timeout or self.lookup_timeout
        with self._errors("AckMessages", wait):
            reply = self._call("ops", wait, "AckMessages", till_id, {"id": list(ids)})
            return _required(reply, int)

    def get_customer_offers(
        self,
        till_id: str,
        customer_code: str,
        card_number: str | None = None,
        timeout: float | None = None,
    ) -> list[Offer]:
        """Offers for everyone and for this customer (and card), with the look-up timeout."""
        wait = timeout or self.lookup_timeout
        with self._errors("GetCustomerOffers", wait):
            reply = self._call(
                "ops", wait, "GetCustomerOffers", till_id, customer_code, card_number
            )
            return [_offer(o) for o in _items(reply, "offer")]

    def get_till_config(self, till_id: str) -> str:
        """The TOML config the server hands out for this till."""
        with self._errors("GetTillConfig", self.timeout):
            return _required(self._call("ops", self.timeout, "GetTillConfig", till_id), str)


_SEND_TICKETS_ACTION = f'"{NAMESPACE}#SendTickets"'
_SEND_DOCUMENTS_ACTION = f'"{NAMESPACE}#SendDocuments"'
UNKNOWN_TICKET = "UnknownTicket"  # GetTicket's fault code: no such ticket the till may see


class _MalformedReply(Exception):
    """A reply that is XML but not the contract's answer; ``_errors`` makes it
    ``ServerUnavailable`` (it never leaves the client)."""


def _read_reply(lane: _Lane, operation: str, response: requests.Response) -> Any:
    """zeep's reading of ``operation``'s reply. What zeep raises of its own (a fault, an
    HTTP error, XML it refuses) goes to ``_errors`` as it is; a plain Python error it lets
    out while walking XML that is not the contract's answer (a time out of range in UTC
    overflows) is a malformed reply. Only here: the same error elsewhere is a bug."""
    binding = lane.client.wsdl.bindings[BINDING]
    if not isinstance(binding, SoapBinding):
        raise TypeError(f"{BINDING} is not a SOAP binding")
    try:
        return binding.process_reply(lane.client, binding.get(operation), response)
    except (AttributeError, TypeError, ValueError, LookupError, ArithmeticError) as exc:
        raise _MalformedReply(str(exc) or type(exc).__name__) from exc


_TNS = f"{{{NAMESPACE}}}"


def _plain_answers(
    response: requests.Response, operation: str, id_tag: str
) -> list[tuple[str, str, str | None]] | None:
    """(id, status, reason) of each result of a 200 ``operation`` response in a plain
    envelope; None for anything else, which zeep then reads.

    The parser loads no DTD, resolves no entity and touches no network; a document with a
    DOCTYPE is left to zeep, which refuses it.
    """
    if response.status_code != 200 or "xml" not in response.headers.get("Content-Type", ""):
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(response.content, parser)
    except etree.XMLSyntaxError:
        return None
    if root.getroottree().docinfo.doctype or root.tag != f"{{{SOAP_ENV}}}Envelope":
        return None
    answer = root.find(f"{{{SOAP_ENV}}}Body/{_TNS}{operation}Response/{_TNS}results")
    if answer is None:
        return None
    results = []
    for r in answer.iterchildren(f"{_TNS}result"):
        item_id, status = r.findtext(f"{_TNS}{id_tag}"), r.findtext(f"{_TNS}status")
        if not item_id or status not in _RESULTS:
            return None
        results.append((item_id, status, r.findtext(f"{_TNS}reason")))
    return results or None


def _plain_results(response: requests.Response) -> list[TicketResult] | None:
    """The results of a plain SendTicketsResponse (see ``_plain_answers``)."""
    found = _plain_answers(response, "SendTickets", "ticketId")
    return None if found is None else [TicketResult(*r) for r in found]


def _plain_document_results(response: requests.Response) -> list[DocumentResult] | None:
    """The results of a plain SendDocumentsResponse (see ``_plain_answers``)."""
    found = _plain_answers(response, "SendDocuments", "documentId")
    return None if found is None else [DocumentResult(*r) for r in found]


_REPORT_MISSING = "<reportMissing>true</reportMissing>"


def _plain_missing(response: requests.Response) -> tuple[MissingRange, ...]:
    """The ranges a SendDocumentsResponse's ``<missing>`` names (read as the results were:
    no DTD, no entity, no network)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(response.content, parser)
    answer = root.find(f"{{{SOAP_ENV}}}Body/{_TNS}SendDocumentsResponse")
    if answer is None:
        raise _MalformedReply("the reply holds no SendDocumentsResponse")
    try:
        return tuple(read_missing(answer))
    except (ValueError, KeyError) as exc:
        raise _MalformedReply(f"missing: {exc}") from exc


def _zeep_missing(missing: Any) -> tuple[MissingRange, ...]:
    """The ranges of a ``<missing>`` zeep read (none when absent)."""
    if missing is None:
        return ()
    found = []
    for r in _items(missing, "range"):
        day = r.businessDay if isinstance(r.businessDay, dt.date) else None
        if day is None or int(r.last) < int(r.first):
            raise _MalformedReply(f"missing range {r.first}-{r.last} of till {r.tillId}")
        found.append(MissingRange(str(r.tillId), day, int(r.first), int(r.last)))
    return tuple(found)


def _zeep_numbers(runs: Any) -> tuple[int, ...]:
    """The numbers of a list of ranges zeep read (none when absent)."""
    if runs is None:
        return ()
    found: list[int] = []
    for r in _items(runs, "range"):
        first, last = int(r.first), int(r.last)
        if last < first or last - first > 100_000:
            raise _MalformedReply(f"range {first}-{last}")
        found.extend(range(first, last + 1))
    return tuple(found)


def _document_result(r: Any) -> DocumentResult:
    if r.status not in _RESULTS:
        raise _MalformedReply(f"unknown document result {r.status!r}")
    return DocumentResult(_required(r.documentId, str), r.status, r.reason)


def _decimal_text(value: object) -> str:
    return f"{_required(value, Decimal):f}"


def _rate_text(value: object) -> str:
    return f"{_required(value, Decimal).normalize():f}"  # as the till writes a rate


def _ticket_line(ln: Any, returned: Mapping[int, str]) -> dict[str, Any]:
    line_no = _required(ln.lineNo, int)
    return {
        "line_no": line_no,
        "item_code": _required(ln.itemCode, str),
        "barcode": ln.barcode,
        "name": ln.name or "",
        "quantity": _decimal_text(ln.quantity),
        "unit_price": _decimal_text(ln.unitPrice),
        "vat_rate": _rate_text(ln.vatRate),
        "alcohol": bool(ln.alcohol),
        "discount": _decimal_text(ln.discount),
        "offer_code": ln.offerCode,
        "voided": bool(ln.voided),
        "amount": _decimal_text(ln.amount),
        "returned": returned.get(line_no, "0.000"),
    }


def _ticket_document(reply: Any) -> dict[str, Any]:
    """GetTicket's answer in the till's stored document shape (see ``get_ticket``)."""
    t = reply.ticket
    if t is None:
        raise _MalformedReply("the reply holds no ticket")
    returned = {
        _required(r.lineNo, int): _decimal_text(r.quantity) for r in _items(reply.returned, "line")
    }
    doc: dict[str, Any] = {
        "id": _required(t.id, str),
        "store_id": _required(t.storeId, str),
        "till_id": _required(t.tillId, str),
        "business_day": _required(t.businessDay, dt.date).isoformat(),
        "number": _required(t.number, int),
        "status": _required(t.status, str),
        "opened_at": utc_text(_aware(t.openedAt)),
        "closed_at": utc_text(_aware(t.closedAt)),
        "customer_code": t.customerCode,
        "card_number": t.cardNumber,
        "lines": [_ticket_line(ln, returned) for ln in _items(t.lines, "line")],
        "payments": [
            {"method": _required(p.method, str), "amount": _decimal_text(p.amount)}
            for p in _items(t.payments, "payment")
        ],
        "totals": {
            "total": _decimal_text(t.total),
            "discount": _decimal_text(t.discount),
            "change": _decimal_text(t.change),
            "vat": [
                {
                    "rate": _rate_text(v.rate),
                    "gross": _decimal_text(v.gross),
                    "net": _decimal_text(v.net),
                    "vat": _decimal_text(v.vat),
                }
                for v in _items(t.vat, "line")
            ],
        },
        "content_hash": _required(t.contentHash, str),
    }
    if t.kind not in (None, "sale"):
        doc["kind"] = t.kind
    extra = {
        "original_id": t.originalId,
        "cashier": t.cashier,
        "supervisor": t.supervisor,
        "approval": t.approval,
    }
    doc.update({k: v for k, v in extra.items() if v is not None})
    return doc


def _items(reply: Any, name: str) -> list[Any]:
    """The repeated elements of a wrapper; zeep hands back the list itself or its holder.

    zeep gives None both for an empty list and for an answer without the element: for
    messages and offers either means "none" (the till goes on with what it has).
    """
    if reply is None:
        return []
    if isinstance(reply, list):
        return reply
    if name not in getattr(reply, "__values__", {}):  # zeep's value without the element
        raise _MalformedReply(f"the reply holds no {name} list")
    found = getattr(reply, name)
    return list(found) if found is not None else []


def _required(value: object, kind: type[_R]) -> _R:
    """A value the contract requires; a reply without it is malformed."""
    if not isinstance(value, kind):
        raise _MalformedReply(f"expected {kind.__name__}, got {value!r}")
    return value


_RESULTS = frozenset({"accepted", "duplicate", "mismatch", "rejected"})


def _result(r: Any) -> TicketResult:
    if r.status not in _RESULTS:
        raise _MalformedReply(f"unknown ticket result {r.status!r}")
    return TicketResult(_required(r.ticketId, str), r.status, r.reason)


def _message(m: Any) -> Message:
    created = _aware(m.createdAt)
    return Message(_required(m.id, int), m.text or "", created, _aware_or_none(m.validUntil))


def _offer(o: Any) -> Offer:
    return Offer(
        code=_required(o.code, str),
        description=o.description or "",
        scope=_required(o.scope, str),
        scope_ref=o.scopeRef,
        target=_required(o.target, str),
        item_code=o.itemCode,
        kind=_required(o.kind, str),
        value=_required(o.value, Decimal),
        valid_from=o.validFrom,
        valid_to=o.validTo,
    )


def _aware(value: dt.datetime | None) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise _MalformedReply(f"expected a dateTime, got {value!r}")
    try:
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    except OverflowError:
        raise _MalformedReply(f"{value.isoformat()} is out of range in UTC") from None


def _aware_or_none(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else _aware(value)


def _root_cause(exc: BaseException) -> str:
    """The innermost cause's text, shortened: 'Connection refused', 'certificate verify failed'."""
    inner: BaseException = exc
    seen = {id(inner)}
    while (nxt := inner.__cause__ or inner.__context__) is not None and id(nxt) not in seen:
        seen.add(id(nxt))
        inner = nxt
    if isinstance(inner, OSError) and inner.strerror:
        return inner.strerror
    text = str(inner).strip() or type(inner).__name__
    return text.rsplit(": ", 1)[-1][:200]


def _transport_reason(exc: zeep.exceptions.TransportError) -> str:
    status = exc.status_code
    if "invalid XML" in exc.message:
        return f"the reply is not SOAP XML (HTTP {status})"
    return f"HTTP {status} without a SOAP answer"
