"""XML bombs, external entities and DTDs, at the gateway and at the till."""

from __future__ import annotations

import http.client
import http.server
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from connectors.errors import (
    ServerFault,
    ServerUnavailable,
)
from connectors.soap import SOAP_ENV
from fault_harness.fuzz.common import _HANG_S, TillId
from fault_harness.fuzz.soap import (
    ReplyServer,
    SoapLab,
    _Recorder,
    call_operation,
    post,
    wsse_header,
)
from fault_harness.servers import LOCALHOST
from ticket_contract import NAMESPACE

# -- 6. XML attacks -----------------------------------------------------------------------


class _Listener:
    """Counts connections to a loopback port (an external entity or DTD fetched)."""

    def __init__(self) -> None:
        self.sock = socket.create_server((LOCALHOST, 0))
        self.sock.settimeout(0.05)
        self.port = int(self.sock.getsockname()[1])
        self.hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def xml_attacks(
    marker_file: Path, listener_port: int, operation: str, body: str
) -> dict[str, bytes]:
    """Documents a parser must refuse: bombs, external entities and DTDs around ``body``
    (the inside of ``soap:Body``); ``&e;`` in the body is where the entity lands."""
    file_url = marker_file.as_uri()
    http_url = f"http://{LOCALHOST}:{listener_port}/x"
    laughs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    blob = "A" * 50_000
    envelope = (
        f'<soap:Envelope xmlns:soap="{SOAP_ENV}" xmlns:t="{NAMESPACE}">{{head}}'
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    )

    def doc(dtd: str, entity: str, head: str = "") -> bytes:
        text = envelope.replace("{head}", head).replace("&e;", entity)
        return f'<?xml version="1.0"?>\n{dtd}\n{text}'.encode()

    head = wsse_header()
    attacks = {
        "billion_laughs": doc(f"<!DOCTYPE soap:Envelope [{laughs}]>", "&lol9;", head),
        "quadratic_blowup": doc(
            f'<!DOCTYPE soap:Envelope [<!ENTITY a "{blob}">]>', "&a;" * 2000, head
        ),
        "xxe_file": doc(f'<!DOCTYPE soap:Envelope [<!ENTITY x SYSTEM "{file_url}">]>', "&x;", head),
        "xxe_http": doc(f'<!DOCTYPE soap:Envelope [<!ENTITY x SYSTEM "{http_url}">]>', "&x;", head),
        "parameter_entity": doc(
            f'<!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM "{http_url}"> %p;]>', "x", head
        ),
        "external_dtd": doc(f'<!DOCTYPE soap:Envelope SYSTEM "{http_url}">', "x", head),
        "plain_dtd": doc("<!DOCTYPE soap:Envelope>", "x", head),
        "internal_entity": doc('<!DOCTYPE soap:Envelope [<!ENTITY e "x">]>', "&e;", head),
    }
    attacks["utf16_dtd"] = (
        attacks["xxe_file"]
        .decode()
        .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    ).encode("utf-16")
    attacks["xinclude"] = doc(
        "",
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{file_url}" parse="text"/>',
        head,
    )
    return attacks


_ATTACK_REQUESTS = {
    "Ping": "<t:Ping><t:tillId>&e;</t:tillId></t:Ping>",
    "GetMessages": f"<t:GetMessages><t:tillId>{TillId}</t:tillId><t:event>&e;</t:event></t:GetMessages>",
}
_ATTACK_REPLIES = {
    "Ping": "<t:PingResponse><t:serverTime>2026-11-21T09:00:00Z</t:serverTime>"
    "<t:version>&e;</t:version></t:PingResponse>",
    "GetMessages": "<t:GetMessagesResponse><t:messages><t:message><t:id>1</t:id><t:text>&e;</t:text>"
    "<t:createdAt>2026-11-21T09:00:00Z</t:createdAt></t:message></t:messages></t:GetMessagesResponse>",
    "GetCustomerOffers": "<t:GetCustomerOffersResponse><t:offers><t:offer><t:code>O1</t:code>"
    "<t:description>&e;</t:description><t:scope>all</t:scope><t:target>total</t:target>"
    "<t:kind>percent</t:kind><t:value>1.00</t:value></t:offer></t:offers></t:GetCustomerOffersResponse>",
    "GetTillConfig": "<t:GetTillConfigResponse><t:config>&e;</t:config></t:GetTillConfigResponse>",
}


@dataclass
class AttackOutcome:
    name: str
    side: str
    accepted: bool
    why: str


def xml_attack_outcomes(lab: SoapLab, folder: Path) -> list[AttackOutcome]:
    """Every attack against the gateway (as a request) and the till (as a reply)."""
    from standalone_till.sync.outbox import Outbox, drain
    from ticket_contract.client import ErpClient

    marker = f"xxe-marker-{time.time_ns()}"
    marker_file = folder / "xxe-secret.txt"
    marker_file.parent.mkdir(parents=True, exist_ok=True)
    marker_file.write_text(marker)
    listener = _Listener()
    server = ReplyServer()
    out: list[AttackOutcome] = []
    try:
        for operation, inner in _ATTACK_REQUESTS.items():
            for name, body in xml_attacks(marker_file, listener.port, operation, inner).items():
                out.append(_attack_gateway(lab, name, operation, body, marker, listener))
        with ErpClient(server.url, timeout=5, ping_timeout=2, lookup_timeout=2) as client:
            for operation, inner in {**_ATTACK_REPLIES, "SendTickets": ""}.items():
                if operation == "SendTickets":
                    pending = [t.ticket_id for t in Outbox(lab.till.db).next_batch(50)]
                    if not pending:
                        lab.sell(2)
                        pending = [t.ticket_id for t in Outbox(lab.till.db).next_batch(50)]
                    inner = (
                        "<t:SendTicketsResponse><t:results>"
                        + "".join(
                            f"<t:result><t:ticketId>{tid}</t:ticketId><t:status>accepted</t:status>"
                            "<t:reason>&e;</t:reason></t:result>"
                            for tid in pending
                        )
                        + "</t:results></t:SendTicketsResponse>"
                    )
                attacks = xml_attacks(marker_file, listener.port, operation, inner)
                for name, body in attacks.items():
                    body = body.replace(wsse_header().encode(), b"")
                    server.reply = (200, "text/xml; charset=utf-8", body)
                    before = lab.journal_state()
                    hits = listener.hits
                    started = time.monotonic()
                    try:
                        if operation == "SendTickets":
                            report = drain(Outbox(lab.till.db), _Recorder(client), TillId, 50)
                            result: object = report.error
                            accepted = report.error is None
                        else:
                            result = call_operation(client, operation)
                            accepted = True
                    except (ServerUnavailable, ServerFault) as exc:
                        result, accepted = exc, False
                    except Exception as exc:  # a crash is not an acceptance, but it is shown
                        result, accepted = exc, True
                    seconds = time.monotonic() - started
                    leaked = marker in repr(result) or listener.hits > hits
                    changed = lab.journal_state() != before
                    why = f"{type(result).__name__}, {seconds:.2f} s"
                    # XInclude is never processed: the element is plain data to the client.
                    refusable = name != "xinclude"
                    bad = leaked or seconds > _HANG_S
                    if refusable:
                        bad = bad or accepted or changed
                    out.append(AttackOutcome(name, f"till {operation}", bad, why))
    finally:
        server.close()
        listener.close()
    return out


def _attack_gateway(
    lab: SoapLab, name: str, operation: str, body: bytes, marker: str, listener: _Listener
) -> AttackOutcome:
    before = lab.gateway_digest()
    hits = listener.hits
    started = time.monotonic()
    try:
        reply = post(lab.gateway.url, body)
    except (OSError, http.client.HTTPException) as exc:
        return AttackOutcome(name, f"gateway {operation}", True, f"connection dropped: {exc}")
    seconds = time.monotonic() - started
    accepted = (
        reply.status == 200 or reply.status >= 500
        or marker.encode() in reply.body
        or listener.hits > hits
        or lab.gateway_digest() != before
        or seconds > _HANG_S
    )  # fmt: skip
    code = re.search(rb"<tns:code>(\w+)</tns:code>", reply.body)
    why = f"HTTP {reply.status} {code.group(1).decode() if code else ''}, {seconds:.2f} s"
    return AttackOutcome(name, f"gateway {operation}", accepted, why)
