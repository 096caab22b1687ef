"""Contract-first SOAP 1.1 server plumbing: a WSGI app over a checked-in WSDL whose path
its caller gives (``Contract.load(path)``; the till's contract is ``ticket_contract``).

The WSDL is the truth. Requests are read with a size limit, parsed by a safe lxml parser
(no DTD, no entities, no network), checked against the WSDL's inline schema and handed,
as the one element inside ``soap:Body``, to the handler named by its local name.
Everything that goes wrong becomes a SOAP fault with a stable code; no rules live here.
A request of an earlier version of the contract (``legacy``) is checked against that
version's schema, handed on in the current namespace, and answered in its own.

Fault codes and HTTP statuses::

    InvalidRequest  soap:Client 400   malformed XML, not a SOAP 1.1 envelope, schema error,
                                      unknown operation
    Forbidden       soap:Client 400   a DTD or entity declaration (XML bombs, XXE)
    TooLarge        soap:Client 413   body longer than max_request_bytes
    Unauthorized    soap:Client 401   WS-Security UsernameToken missing or wrong
    Internal        soap:Server 500   a bug or an outage; the message stays generic
    (handlers raise SoapFaultError with their own codes)
"""

from __future__ import annotations

import contextlib
import contextvars
import hmac
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from connectors.errors import TillsyncError, Unavailable
from connectors.soap import SOAP_ENV

log = logging.getLogger("tillsync.gateway.soap")

Handler = Callable[[etree._Element], etree._Element]
WsseCheck = Callable[[str, str], bool]
StartResponse = Callable[..., Any]

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
WSDL_SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
PASSWORD_TEXT = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0"
    "#PasswordText"
)
_ENVELOPE = f"{{{SOAP_ENV}}}Envelope"
_HEADER = f"{{{SOAP_ENV}}}Header"
_BODY = f"{{{SOAP_ENV}}}Body"
_CONTENT_TYPE = ("Content-Type", "text/xml; charset=utf-8")
_LOCATION_MARK = "__TILLSYNC_SOAP_ADDRESS__"
# A DTD is refused before or after parsing; these find it when libxml2 gave up on it.
_DTD_MARKS = tuple(
    mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le")
)
_CLIENT_STATUS = {"Unauthorized": 401, "TooLarge": 413}
_READ_CHUNK = 1 << 16
_ENDPOINT: contextvars.ContextVar[str] = contextvars.ContextVar("soap_endpoint", default="")


_CALLER: contextvars.ContextVar[str | None] = contextvars.ContextVar("soap_caller", default=None)


def request_endpoint() -> str:
    """Inside a handler: the endpoint the request reached (public_url when set), else ""."""
    return _ENDPOINT.get()


def request_caller() -> str | None:
    """Inside a handler: the WS-Security user the request proved to be; None without
    WS-Security (then nobody is identified, and nothing can be restricted by user)."""
    return _CALLER.get()


_XML_UNSAFE = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class SoapFaultError(TillsyncError):
    """A request refused with a SOAP fault; ``code`` is the contract's stable code.

    ``client`` says who is to blame: the caller (soap:Client, HTTP 4xx) or the server
    (soap:Server, HTTP 500). ``status`` overrides the HTTP status.
    """

    def __init__(
        self, code: str, message: str, *, client: bool = True, status: int | None = None
    ) -> None:
        self.code = code
        self.message = message
        self.client = client
        self.status = status or (_CLIENT_STATUS.get(code, 400) if client else 500)
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True)
class Contract:
    """The WSDL text, its target namespace and its inline schema (a document)."""

    wsdl: bytes
    namespace: str
    schema_doc: etree._ElementTree

    @classmethod
    def load(cls, path: Path) -> Contract:
        """The contract of the WSDL at ``path`` (its caller knows which)."""
        raw = path.read_bytes()
        root = etree.fromstring(raw, _safe_parser())
        schema_el = root.find(f"{{{WSDL_NS}}}types/{{{XSD_NS}}}schema")
        if schema_el is None:
            raise ValueError(f"{path}: no inline xsd:schema under wsdl:types")
        doc = etree.ElementTree(schema_el)
        etree.XMLSchema(doc)  # fail here, at start, if the schema is broken
        return cls(wsdl=raw, namespace=schema_el.get("targetNamespace", ""), schema_doc=doc)

    def wsdl_template(self) -> tuple[bytes, bytes]:
        """The WSDL split around its soap:address location (before, after)."""
        root = etree.fromstring(self.wsdl, _safe_parser())
        for address in root.iter(f"{{{WSDL_SOAP_NS}}}address"):
            address.set("location", _LOCATION_MARK)
        text = etree.tostring(root.getroottree(), xml_declaration=True, encoding="utf-8")
        before, _, after = text.partition(_LOCATION_MARK.encode())
        return before, after


class _PerThread(threading.local):
    """A parser and a compiled schema per worker thread: lxml parsers and validators
    (with their error logs) must not be shared between threads."""

    def __init__(self, contracts: Iterable[Contract]) -> None:
        self.parser = _safe_parser()
        self.schemas = {c.namespace: etree.XMLSchema(c.schema_doc) for c in contracts}


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
    )


class SoapApp:
    """The WSGI application serving one SOAP 1.1 contract.

    ``handlers`` maps an operation's request element (local name) to a function that
    takes that element and returns the response element. ``wsse_check(user, password)``
    turns on WS-Security (UsernameToken, PasswordText). ``public_url`` is the address
    written into the served WSDL; without it the request's own address is used.
    ``contract`` is the WSDL served, ``legacy`` the earlier versions still accepted.
    """

    def __init__(
        self,
        handlers: Mapping[str, Handler],
        *,
        max_request_bytes: int,
        contract: Contract,
        wsse_check: WsseCheck | None = None,
        public_url: str | None = None,
        legacy: Iterable[Contract] = (),
    ) -> None:
        self.contract = contract
        self.legacy = {c.namespace: c for c in legacy}
        self.handlers = dict(handlers)
        self.max_request_bytes = max_request_bytes
        self.wsse_check = wsse_check
        self.public_url = public_url or None
        self._wsdl_parts = self.contract.wsdl_template()
        self._local = _PerThread([self.contract, *self.legacy.values()])

    # -- WSGI ------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method in ("GET", "HEAD"):
            return self._get(environ, start_response)
        if method != "POST":
            return _plain(start_response, "405 Method Not Allowed", b"POST SOAP or GET ?wsdl\n")
        started = time.perf_counter()
        token = _ENDPOINT.set(self.public_url or endpoint_url(environ))
        caller = _CALLER.set(None)  # a server thread serves many requests: none inherits one
        try:
            status, body, operation = self._post(environ)
        finally:
            _CALLER.reset(caller)
            _ENDPOINT.reset(token)
        start_response(_status_line(status), [_CONTENT_TYPE, ("Content-Length", str(len(body)))])
        log.debug(
            "%s -> %d in %.1f ms", operation or "?", status, (time.perf_counter() - started) * 1e3
        )
        return [body]

    def _get(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("QUERY_STRING", "").lower() != "wsdl":
            return _plain(start_response, "404 Not Found", b"GET ?wsdl for the contract\n")
        location = escape(self.public_url or endpoint_url(environ), {'"': "&quot;"})
        body = self._wsdl_parts[0] + location.encode("utf-8") + self._wsdl_parts[1]
        start_response("200 OK", [_CONTENT_TYPE, ("Content-Length", str(len(body)))])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def _post(self, environ: dict[str, Any]) -> tuple[int, bytes, str | None]:
        operation = None
        namespace = self.contract.namespace  # the request's, once known: the answer's
        try:
            raw = self._read_body(environ)
            request = self._parse(raw)
            operation = etree.QName(request).localname
            namespace = etree.QName(request).namespace or namespace
            if namespace != self.contract.namespace:
                request = renamed(request, namespace, self.contract.namespace)
            response = self.handlers[operation](request)
            if namespace != self.contract.namespace:
                response = renamed(response, self.contract.namespace, namespace)
            return 200, _envelope(response), operation
        except SoapFaultError as fault:
            log.info("%s refused: %s", operation or "request", fault.code)
            log.debug("refusal: %s", fault.message)
            return fault.status, fault_envelope(fault, namespace), operation
        except Exception:
            log.exception("%s failed with an unexpected error", operation or "request")
            internal = SoapFaultError("Internal", "internal server error", client=False)
            return internal.status, fault_envelope(internal, namespace), operation

    # -- the request, step by step ---------------------------------------------------

    def _read_body(self, environ: dict[str, Any]) -> bytes:
        limit = self.max_request_bytes
        length_text = environ.get("CONTENT_LENGTH") or ""
        try:
            length = int(length_text) if length_text else None
        except ValueError:
            raise SoapFaultError("InvalidRequest", "Content-Length is not a number") from None
        if length is not None and length > limit:
            raise SoapFaultError("TooLarge", f"request body over {limit} bytes")
        stream = environ["wsgi.input"]
        if length is not None:
            return stream.read(length)
        chunks, size = [], 0
        while chunk := stream.read(_READ_CHUNK):
            size += len(chunk)
            if size > limit:
                raise SoapFaultError("TooLarge", f"request body over {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _parse(self, raw: bytes) -> etree._Element:
        """The operation element of a well-formed, DTD-free, authorised, valid request."""
        if not raw.strip():
            raise SoapFaultError("InvalidRequest", "empty request body")
        try:
            root = etree.fromstring(raw, self._local.parser)
        except etree.XMLSyntaxError as exc:
            if any(mark in raw for mark in _DTD_MARKS):
                raise SoapFaultError("Forbidden", "DTDs and entities are not accepted") from exc
            raise SoapFaultError("InvalidRequest", f"malformed XML: {exc}") from exc
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            raise SoapFaultError("Forbidden", "DTDs and entities are not accepted")
        header, request = _split_envelope(root)
        if self.wsse_check is not None:
            self._authorise(header)
        self._check_operation(request)
        self._validate(request)
        return request

    def _authorise(self, header: etree._Element | None) -> None:
        assert self.wsse_check is not None
        user, password = username_token(header)
        if user is None or password is None:
            raise SoapFaultError("Unauthorized", "a WS-Security UsernameToken is required")
        if not self.wsse_check(user, password):
            log.warning("WS-Security: refused user %r", user)
            raise SoapFaultError("Unauthorized", "unknown user or wrong password")
        _CALLER.set(user)

    def _check_operation(self, request: etree._Element) -> None:
        qname = etree.QName(request)
        known = qname.namespace == self.contract.namespace or qname.namespace in self.legacy
        if not known or qname.localname not in self.handlers:
            raise SoapFaultError("InvalidRequest", f"unknown operation {qname.text}")

    def _validate(self, request: etree._Element) -> None:
        schema = self._local.schemas[etree.QName(request).namespace or ""]
        if schema.validate(request):
            return
        error = schema.error_log[0] if schema.error_log else None
        if error is None:
            raise SoapFaultError("InvalidRequest", "the request does not match the schema")
        where = f"line {error.line}" + (f", {error.path}" if error.path else "")
        raise SoapFaultError("InvalidRequest", f"{where}: {error.message}")


# -- helpers shared with tests and handlers ------------------------------------------


def endpoint_url(environ: Mapping[str, Any]) -> str:
    """The address the request was sent to: scheme, Host header and path, no query."""
    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST")
    if not host:
        host = environ.get("SERVER_NAME", "localhost")
        port = str(environ.get("SERVER_PORT", ""))
        if port and port != {"http": "80", "https": "443"}.get(scheme):
            host = f"{host}:{port}"
    path = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")) or "/"
    return f"{scheme}://{host}{path}"


def username_token(header: etree._Element | None) -> tuple[str | None, str | None]:
    """(user, password) of a PasswordText UsernameToken in the header, None if absent."""
    if header is None:
        return None, None
    token = header.find(f"{{{WSSE_NS}}}Security/{{{WSSE_NS}}}UsernameToken")
    if token is None:
        return None, None
    user = token.findtext(f"{{{WSSE_NS}}}Username")
    password_el = token.find(f"{{{WSSE_NS}}}Password")
    if password_el is None or password_el.get("Type", PASSWORD_TEXT) != PASSWORD_TEXT:
        return user, None
    return user, password_el.text or ""


def password_matches(users: Mapping[str, str]) -> WsseCheck:
    """A ``wsse_check`` over a user -> password table, comparing in constant time."""

    def check(user: str, password: str) -> bool:
        expected = users.get(user)
        if expected is None:
            return False
        return hmac.compare_digest(expected.encode("utf-8"), password.encode("utf-8"))

    return check


def renamed(el: etree._Element, old: str, new: str) -> etree._Element:
    """``el`` with every element of namespace ``old`` moved to ``new`` (a request or an
    answer of an earlier version of the contract, whose schema is a subset of this one's)."""
    copy = etree.fromstring(etree.tostring(el), _safe_parser())
    before, after = f"{{{old}}}", f"{{{new}}}"
    cut = len(before)
    for node in copy.iter(etree.Element):
        if node.tag.startswith(before):
            node.tag = after + node.tag[cut:]
    etree.cleanup_namespaces(copy, top_nsmap={"tns": new})
    return copy


def _split_envelope(root: etree._Element) -> tuple[etree._Element | None, etree._Element]:
    if root.tag != _ENVELOPE:
        raise SoapFaultError(
            "InvalidRequest", f"expected a SOAP 1.1 Envelope ({SOAP_ENV}), got {root.tag}"
        )
    header = body = None
    for child in root:
        if child.tag == _HEADER and body is None and header is None:
            header = child
        elif child.tag == _BODY and body is None:
            body = child
        elif isinstance(child.tag, str):
            raise SoapFaultError("InvalidRequest", f"unexpected {child.tag} in the Envelope")
    if body is None:
        raise SoapFaultError("InvalidRequest", "the Envelope has no Body")
    parts = [el for el in body if isinstance(el.tag, str)]
    if len(parts) != 1:
        raise SoapFaultError(
            "InvalidRequest", f"the Body must hold exactly one element, got {len(parts)}"
        )
    return header, parts[0]


def _envelope(payload: etree._Element) -> bytes:
    envelope = etree.Element(_ENVELOPE, nsmap={"soap": SOAP_ENV})
    etree.SubElement(envelope, _BODY).append(payload)
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def fault_envelope(fault: SoapFaultError, namespace: str) -> bytes:
    """A SOAP 1.1 Fault with ``detail/tns:FaultDetail/{code, message}``."""
    envelope = etree.Element(_ENVELOPE, nsmap={"soap": SOAP_ENV, "tns": namespace})
    body = etree.SubElement(envelope, _BODY)
    el = etree.SubElement(body, f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(el, "faultcode").text = "soap:Client" if fault.client else "soap:Server"
    message = _XML_UNSAFE.sub("?", fault.message[:2000])
    etree.SubElement(el, "faultstring").text = message
    detail = etree.SubElement(etree.SubElement(el, "detail"), f"{{{namespace}}}FaultDetail")
    etree.SubElement(detail, f"{{{namespace}}}code").text = fault.code
    etree.SubElement(detail, f"{{{namespace}}}message").text = message
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def _status_line(status: int) -> str:
    reasons = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 413: "Content Too Large"}
    return f"{status} {reasons.get(status, 'Internal Server Error' if status >= 500 else 'Error')}"


def _plain(start_response: StartResponse, status: str, body: bytes) -> list[bytes]:
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]


# -- serving --------------------------------------------------------------------------


class WaitressServer:
    """A WSGI app served by waitress, in a daemon thread (``start``) or in the calling
    thread until Ctrl-C (``run``). ``stop`` closes every open connection, so a stopped
    server leaves no socket behind. With ``sock``, it serves that socket, already
    listening (shared by worker processes), instead of binding ``host:port``."""

    def __init__(
        self,
        app: Any,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        sock: socket.socket | None = None,
        **adjustments: Any,
    ) -> None:
        from waitress.server import create_server

        self._map: dict[int, Any] = {}
        where = {"sockets": [sock]} if sock is not None else {"host": host, "port": port}
        try:
            self._server: Any = create_server(app, map=self._map, **where, **adjustments)
        except OSError as exc:
            raise Unavailable(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}", target=f"{host}:{port}"
            ) from exc
        self.host = str(self._server.effective_host)
        self.port = int(self._server.effective_port)
        self._thread: threading.Thread | None = None
        self._stopped = False

    @property
    def adjustments(self) -> Any:
        """waitress's settings in force (threads, connection_limit...)."""
        return self._server.adj

    def start(self) -> WaitressServer:
        self._thread = threading.Thread(
            target=self._server.run, name=f"waitress-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def run(self) -> None:
        """Serve in this thread; returns after Ctrl-C (waitress catches it) or ``stop``."""
        try:
            self._server.run()
        finally:
            self.stop()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        from waitress import wasyncore

        thread = self._thread
        if thread is not None and thread.is_alive():
            # Close the channels in the loop's own thread (the loop ends with an empty
            # map). The loop may run this before our wake-up write lands, if a worker woke
            # it just then; the write then meets a closed trigger, harmlessly.
            with contextlib.suppress(OSError):
                self._server.trigger.pull_trigger(lambda: wasyncore.close_all(self._map))
            thread.join(timeout=10)
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        if self._map:
            wasyncore.close_all(self._map)
