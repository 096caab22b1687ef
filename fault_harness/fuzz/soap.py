"""Fuzz targets 3 and 4: SOAP requests at a live gateway, SOAP replies at the till's client."""

from __future__ import annotations

import http.client
import http.server
import re
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from lxml import etree

from connectors.errors import (
    BadInput,
    ServerFault,
    ServerUnavailable,
    TillsyncError,
)
from connectors.soap import SOAP_ENV
from fault_harness.credentials import WSSE_PASSWORD, WSSE_USER
from fault_harness.fuzz.common import (
    _HANG_S,
    WSSE_NS,
    Plan,
    StoreId,
    Tally,
    TillId,
    _describe,
    _explore,
    _mutate_xml,
    _sqlite_digest,
)
from fault_harness.servers import LOCALHOST
from ticket_contract import NAMESPACE

# -- 3 and 4. SOAP: a live gateway, and the till's client ------------------------------


def wsse_header(user: str = WSSE_USER, password: str = WSSE_PASSWORD) -> str:
    return (
        f'<soap:Header><wsse:Security xmlns:wsse="{WSSE_NS}"><wsse:UsernameToken>'
        f"<wsse:Username>{user}</wsse:Username><wsse:Password>{password}</wsse:Password>"
        "</wsse:UsernameToken></wsse:Security></soap:Header>"
    )


def request(operation: str, inner: str, *, header: str | None = None) -> bytes:
    """A SOAP 1.1 request of the contract, with the harness's WS-Security token."""
    head = wsse_header() if header is None else header
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP_ENV}" '
        f'xmlns:t="{NAMESPACE}">{head}<soap:Body><t:{operation}>{inner}</t:{operation}>'
        "</soap:Body></soap:Envelope>"
    ).encode()


@dataclass
class HttpReply:
    status: int
    body: bytes


def post(url: str, body: bytes, timeout: float = 30) -> HttpReply:
    """A raw POST; a dropped connection raises ``OSError`` or ``http.client`` errors."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("POST", parts.path, body=body, headers={"Content-Type": "text/xml"})
        response = conn.getresponse()
        return HttpReply(response.status, response.read())
    finally:
        conn.close()


class SoapLab:
    """A gateway on SQLite (WS-Security on) and a till with tickets to send, linked to it."""

    def __init__(self, folder: Path) -> None:
        from erp_gateway.config import config_from_mapping
        from erp_gateway.db import GatewayDatabase
        from erp_gateway.sample import write_sample_export
        from erp_gateway.server import GatewayServer
        from standalone_till.config import load_config, set_key, write_default_config
        from standalone_till.service import Till

        self.folder = folder
        gateway_folder = folder / "gateway"
        gateway_folder.mkdir(parents=True)
        cfg = config_from_mapping(
            {"security": {"wsse_users": {WSSE_USER: WSSE_PASSWORD}, "erp_users": [WSSE_USER]}},
            folder=gateway_folder,
            source=str(gateway_folder / "gateway.toml"),
        )
        db = GatewayDatabase.from_config(cfg)
        try:
            db.migrate()
        finally:
            db.dispose()
        self.gateway = GatewayServer(cfg).start(host=LOCALHOST, port=0)
        exports = folder / "exports"
        write_sample_export(exports, items=30, seed=5)
        config = folder / "till" / "till.toml"
        config.parent.mkdir(parents=True)
        write_default_config(config, StoreId, TillId)
        for key, value in (
            ("webservice.url", self.gateway.url),
            ("webservice.user", WSSE_USER),
            ("webservice.password", WSSE_PASSWORD),
            ("webservice.wsse", "true"),
            ("webservice.lookup_timeout", "2"),
            ("webservice.ping_timeout", "2"),
        ):
            set_key(config, key, value)
        self.till = Till(load_config(config))
        self.till.init()
        self.till.load_data(exports / "00000001-full.manifest.json")
        self.barcodes = self._sellable_codes(exports)
        self.sell(3)

    @staticmethod
    def _sellable_codes(exports: Path) -> list[str]:
        from ftp_import.reader import iter_rows, read_manifest

        manifest = read_manifest(exports / "00000001-full.manifest.json")
        entry = manifest.file_for("barcodes")
        assert entry is not None
        rows = iter_rows(exports / entry.name, entry, "full")
        return [row[0] for row in rows if len(row[0]) == 13][:20]

    def sell(self, n: int) -> None:
        from standalone_till.model import PaymentMethod

        sold = 0
        for code in self.barcodes * 2:
            if sold >= n:
                return
            sale = self.till.new_sale()
            try:
                sale.scan(code, Decimal("1"))
                sale.pay(PaymentMethod.CASH)
                sale.close()
                sold += 1
            except BadInput:
                sale.cancel()

    def gateway_digest(self) -> str:
        return _sqlite_digest(self.gateway.db.engine)

    def journal_state(self) -> tuple[tuple[Any, ...], ...]:
        """Outbox states and the tickets' sync marks: what a reply may change."""
        from standalone_till import schema as T

        with self.till.db.read(self.till.db.journal) as conn:
            outbox = conn.execute(
                sa.select(T.outbox.c.ticket_id, T.outbox.c.state).order_by(T.outbox.c.ticket_id)
            ).all()
            tickets = conn.execute(
                sa.select(T.tickets.c.id, T.tickets.c.synced_at, T.tickets.c.sync_result).order_by(
                    T.tickets.c.id
                )
            ).all()
        return tuple(tuple(r) for r in outbox) + tuple(tuple(r) for r in tickets)

    def send_tickets_body(self) -> bytes:
        """The SendTickets request the till would send now, with a WS-Security header."""
        from standalone_till.sync.outbox import Outbox, prepare
        from ticket_contract.client import ErpClient

        batch = Outbox(self.till.db).next_batch(3)
        with ErpClient(self.gateway.url) as client:
            prepared = prepare(batch, TillId, client)
        assert prepared.body is not None
        body = prepared.body.decode("utf-8")
        head = wsse_header().replace("soap:", "soap-env:")
        start = body.index(">", body.index("soap-env:Envelope")) + 1
        return (body[:start] + head + body[start:]).encode("utf-8")

    def close(self) -> None:
        self.till.close()
        self.gateway.stop()


def gateway_requests(lab: SoapLab) -> list[bytes]:
    """Valid requests for every operation the gateway serves."""
    return [
        request("Ping", f"<t:tillId>{TillId}</t:tillId>"),
        lab.send_tickets_body(),
        request("GetMessages", f"<t:tillId>{TillId}</t:tillId><t:event>day_open</t:event>"),
        request(
            "AckMessages",
            f"<t:tillId>{TillId}</t:tillId><t:messageIds><t:id>1</t:id><t:id>2</t:id>"
            "</t:messageIds>",
        ),
        request(
            "GetCustomerOffers",
            f"<t:tillId>{TillId}</t:tillId><t:customerCode>C000001</t:customerCode>"
            "<t:cardNumber>9000000000017</t:cardNumber>",
        ),
        request("GetTillConfig", f"<t:tillId>{TillId}</t:tillId>"),
        request(
            "PushNotification",
            "<t:target>all</t:target><t:text>Fuzzed notice</t:text>"
            "<t:validUntil>2030-01-01T00:00:00Z</t:validUntil>",
        ),
    ]


_FAULT_CODE = f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault/detail/{{{NAMESPACE}}}FaultDetail"


def _reply_problem(reply: HttpReply) -> tuple[str, str] | None:
    """(violation kind, why) when a gateway reply breaks the promise; None if it keeps it."""
    if reply.status >= 500:
        return "crashes", f"HTTP {reply.status}"
    try:
        root = etree.fromstring(reply.body, etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return "unclear_errors", f"HTTP {reply.status} without SOAP XML"
    fault = root.find(_FAULT_CODE)
    if reply.status == 200:
        return None if fault is None else ("unclear_errors", "a fault with HTTP 200")
    if not 400 <= reply.status < 500:
        return "unclear_errors", f"HTTP {reply.status}"
    if fault is None or not fault.findtext(f"{{{NAMESPACE}}}code"):
        return "unclear_errors", f"HTTP {reply.status} without a FaultDetail code"
    if not fault.findtext(f"{{{NAMESPACE}}}message"):
        return "unclear_errors", "a fault without a message"
    return None


def fuzz_gateway_requests(lab: SoapLab, tally: Tally, examples: int, seed: int) -> None:
    bases = gateway_requests(lab)
    for body in bases:  # each valid request is answered (200)
        reply = post(lab.gateway.url, body)
        if reply.status != 200:
            tally.violation("crashes", f"a valid request got HTTP {reply.status}")

    def case(plan: Plan) -> None:
        base = plan.pick(bases)
        body = base
        for _ in range(plan.between(1, 3)):
            body = _mutate_xml(plan, body)
        operation = re.search(rb"<t:(\w+)>|<SendTickets", base)
        what = operation.group(0).decode() if operation else "?"
        before = lab.gateway_digest()
        tally.cases += 1
        started = time.monotonic()
        try:
            reply = post(lab.gateway.url, body)
        except (OSError, http.client.HTTPException) as exc:
            tally.violation("crashes", f"{what}: connection dropped ({_describe(exc)})")
            return
        if time.monotonic() - started > _HANG_S:
            tally.violation("crashes", f"{what}: answered after {time.monotonic() - started:.1f} s")
        problem = _reply_problem(reply)
        if problem is not None:
            tally.violation(problem[0], f"{what}: {problem[1]}: {reply.body[:200]!r}")
        if reply.status != 200:
            tally.refused += 1
            if lab.gateway_digest() != before:
                tally.violation("partial_applies", f"{what}: refused with {reply.status}")

    _explore(case, examples, seed)


class ReplyServer:
    """A web service answering each POST with whatever ``reply`` says (status, type, body)."""

    def __init__(self) -> None:
        self.reply: tuple[int, str, bytes] = (200, "text/xml", b"")
        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.requests += 1
                status, content_type, body = outer.reply
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer((LOCALHOST, 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{LOCALHOST}:{self.httpd.server_address[1]}/soap"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _response(operation: str, inner: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP_ENV}" '
        f'xmlns:t="{NAMESPACE}"><soap:Body><t:{operation}Response>{inner}'
        f"</t:{operation}Response></soap:Body></soap:Envelope>"
    ).encode()


def _fault(code: str = "InvalidRequest", message: str = "refused") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP_ENV}" '
        f'xmlns:t="{NAMESPACE}"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode>'
        f"<faultstring>{message}</faultstring><detail><t:FaultDetail><t:code>{code}</t:code>"
        f"<t:message>{message}</t:message></t:FaultDetail></detail></soap:Fault></soap:Body>"
        "</soap:Envelope>"
    ).encode()


def till_replies(ticket_ids: Sequence[str], statuses: Sequence[str]) -> dict[str, bytes]:
    """A valid answer to each operation the till calls."""
    results = "".join(
        f"<t:result><t:ticketId>{tid}</t:ticketId><t:status>{status}</t:status>"
        + (f"<t:reason>why {status}</t:reason>" if status in ("rejected", "mismatch") else "")
        + "</t:result>"
        for tid, status in zip(ticket_ids, statuses, strict=False)
    )
    return {
        "SendTickets": _response("SendTickets", f"<t:results>{results}</t:results>"),
        "Ping": _response(
            "Ping", "<t:serverTime>2026-11-21T09:00:00Z</t:serverTime><t:version>1</t:version>"
        ),
        "GetMessages": _response(
            "GetMessages",
            "<t:messages><t:message><t:id>7</t:id><t:text>Hello</t:text>"
            "<t:createdAt>2026-11-21T09:00:00Z</t:createdAt>"
            "<t:validUntil>2026-11-22T09:00:00Z</t:validUntil></t:message></t:messages>",
        ),
        "GetCustomerOffers": _response(
            "GetCustomerOffers",
            "<t:offers><t:offer><t:code>O1</t:code><t:description>Ten off</t:description>"
            "<t:scope>customer</t:scope><t:scopeRef>C000001</t:scopeRef><t:target>total</t:target>"
            "<t:kind>percent</t:kind><t:value>10.00</t:value><t:validFrom>2026-01-01</t:validFrom>"
            "</t:offer></t:offers>",
        ),
        "AckMessages": _response("AckMessages", "<t:acknowledged>1</t:acknowledged>"),
        "GetTillConfig": _response("GetTillConfig", "<t:config>[till]</t:config>"),
    }


@dataclass
class _Recorder:
    """The real client as the outbox's sender, keeping the results it returned."""

    client: Any
    results: list[Any] | None = None

    def encode_send_tickets(
        self, till_id: str, tickets: Sequence[Any], store_id: str | None = None
    ) -> bytes:
        return bytes(self.client.encode_send_tickets(till_id, tickets, store_id))

    def post_send_tickets(self, body: bytes) -> list[Any]:
        self.results = None
        results: list[Any] = self.client.post_send_tickets(body)
        self.results = results
        return results


def call_operation(client: Any, operation: str) -> object:
    """One call of the till's client; returns what the client returned."""
    if operation == "Ping":
        return client.ping(TillId)
    if operation == "GetMessages":
        return client.get_messages(TillId, "day_open")
    if operation == "GetCustomerOffers":
        return client.get_customer_offers(TillId, "C000001", "9000000000017")
    if operation == "AckMessages":
        return client.ack_messages(TillId, [7])
    return client.get_till_config(TillId)


def _expected_after(
    before: tuple[tuple[Any, ...], ...], sent: set[str], results: Sequence[Any]
) -> dict[str, str | None]:
    """Each sent ticket's outbox state after its results are recorded (None: gone)."""
    from standalone_till.sync.outbox_table import SENT, SET_ASIDE

    states = {r[0]: r[1] for r in before if len(r) == 2}
    answered: dict[str, set[str]] = {}
    for r in results:
        answered.setdefault(r.ticket_id, set()).add(r.status)
    out: dict[str, str | None] = {}
    for tid in sent:
        statuses = answered.get(tid, set())
        # A ticket answered twice: any "sent" answer stands over a setting aside.
        if statuses & set(SENT):
            out[tid] = None
        elif statuses & set(SET_ASIDE):
            out[tid] = "quarantined"
        else:
            out[tid] = states.get(tid)
    return out


def fuzz_till_replies(lab: SoapLab, tally: Tally, examples: int, seed: int) -> None:
    from standalone_till.sync.outbox import Outbox, drain
    from ticket_contract.client import ErpClient

    server = ReplyServer()
    client = ErpClient(
        server.url,
        user=WSSE_USER,
        password=WSSE_PASSWORD,
        wsse=True,
        timeout=5,
        ping_timeout=2,
        lookup_timeout=2,
    )
    recorder = _Recorder(client)
    outbox = Outbox(lab.till.db)
    operations = ["SendTickets", "SendTickets", "Ping", "GetMessages", "GetCustomerOffers"]
    operations += ["AckMessages", "GetTillConfig"]

    def case(plan: Plan) -> None:
        if outbox.pending_count() < 2:
            lab.sell(3)
        operation = plan.pick(operations)
        pending = [t.ticket_id for t in outbox.next_batch(50)]
        statuses = [plan.pick(["accepted", "duplicate", "mismatch", "rejected"]) for _ in pending]
        body = till_replies(pending, statuses)[operation]
        if plan.between(0, 5) == 0:
            body = _fault(plan.pick(["InvalidRequest", "Internal", ""]))
        for _ in range(plan.between(0, 3)):
            body = _mutate_xml(plan, body)
        status = plan.pick([200, 200, 200, 400, 401, 404, 500, 502])
        kind = plan.pick(["text/xml; charset=utf-8", "text/html", "", "x/y"])
        server.reply = (status, kind, body)
        before = lab.journal_state()
        tally.cases += 1
        started = time.monotonic()
        what = f"{operation} HTTP {status} {kind or 'no type'}"
        try:
            if operation == "SendTickets":
                recorder.results = None
                report = drain(outbox, recorder, TillId, 50)
                error = report.error
            else:
                call_operation(client, operation)
                error = None
        except (ServerUnavailable, ServerFault) as exc:
            error = exc
        except Exception as exc:
            tally.violation("crashes", f"{what}: {_describe(exc)}")
            error = exc
        if time.monotonic() - started > _HANG_S:
            tally.violation("crashes", f"{what}: took {time.monotonic() - started:.1f} s")
        after = lab.journal_state()
        if error is not None:
            tally.refused += 1
            if after != before:
                tally.violation("partial_applies", f"{what}: {_describe(error)}")
            if isinstance(error, TillsyncError) and operation not in str(error):
                tally.violation("unclear_errors", f"{what}: {_describe(error)}")
        elif operation == "SendTickets" and recorder.results is not None:
            expected = _expected_after(before, set(pending), recorder.results)
            now = {r[0]: r[1] for r in after if len(r) == 2}
            wrong = [tid for tid, state in expected.items() if now.get(tid) != state]
            if wrong:
                shown = [(t, expected[t], now.get(t)) for t in wrong[:3]]
                answers = [(r.ticket_id, r.status) for r in recorder.results][:6]
                tally.violation(
                    "partial_applies", f"{what}: outbox {shown} not as answered {answers}"
                )

    try:
        _explore(case, examples, seed)
    finally:
        client.close()
        server.close()
