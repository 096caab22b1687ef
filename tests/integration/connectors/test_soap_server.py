"""The contract-first SOAP plumbing over real HTTP: hostile and broken requests get the
right fault and status, never a crash; the served WSDL names the real endpoint."""

from __future__ import annotations

import http.client
import logging
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import zeep
from gateway_fixture import NS, SOAP_ENV, envelope, make_gateway_config, post, zeep_client
from lxml import etree

from connectors.soap.server import Contract, SoapApp, SoapFaultError, WaitressServer, endpoint_url
from erp_gateway.server import GatewayServer
from ticket_contract import WSDL_PATH

PING = envelope("Ping", {"tillId": "T01"})


# -- a bare SoapApp with toy handlers, served by waitress on loopback ------------------


def _answer(name: str, value: str) -> etree._Element:
    el = etree.Element(f"{{{NS}}}{name}", nsmap={"tns": NS})
    etree.SubElement(el, f"{{{NS}}}serverTime").text = "2026-01-01T00:00:00Z"
    etree.SubElement(el, f"{{{NS}}}version").text = value
    return el


def _ping(request: etree._Element) -> etree._Element:
    till = request.findtext(f"{{{NS}}}tillId")
    if till == "boom":
        raise RuntimeError("secret internal detail")
    if till == "refuse":
        raise SoapFaultError("UnknownTill", "no such till")
    return _answer("PingResponse", f"hello {till}")


@pytest.fixture
def soap_url() -> Iterator[str]:
    app = SoapApp(
        {"Ping": _ping},
        max_request_bytes=4096,
        contract=Contract.load(WSDL_PATH),
        wsse_check=lambda user, password: (user, password) == ("till", "s3cret"),
    )
    server = WaitressServer(app, host="127.0.0.1", port=0, threads=2).start()
    yield f"http://127.0.0.1:{server.port}/any/path"
    server.stop()


def _wsse(user: str = "till", password: str = "s3cret") -> str:
    wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    return (
        f'<w:Security xmlns:w="{wsse}"><w:UsernameToken><w:Username>{user}</w:Username>'
        f"<w:Password>{password}</w:Password></w:UsernameToken></w:Security>"
    )


def test_handler_answer_comes_back_in_an_envelope(soap_url: str) -> None:
    reply = post(soap_url, envelope("Ping", {"tillId": "T9"}, header=_wsse()))
    assert reply.status == 200
    assert reply.content_type == "text/xml; charset=utf-8"
    assert reply.root.tag == f"{{{SOAP_ENV}}}Envelope"
    assert reply.find(".//t:version")[0].text == "hello T9"


def test_unexpected_handler_error_is_a_generic_internal_fault(
    soap_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, "tillsync.gateway"):
        reply = post(soap_url, envelope("Ping", {"tillId": "boom"}, header=_wsse()))
    assert (reply.status, reply.faultcode, reply.fault_code) == (500, "soap:Server", "Internal")
    assert b"secret internal detail" not in reply.body
    assert "secret internal detail" in caplog.text  # logged with its traceback


def test_handler_fault_keeps_its_code(soap_url: str) -> None:
    reply = post(soap_url, envelope("Ping", {"tillId": "refuse"}, header=_wsse()))
    assert (reply.status, reply.faultcode, reply.fault_code) == (400, "soap:Client", "UnknownTill")


@pytest.mark.parametrize(
    ("header", "expected"),
    [("", "a WS-Security UsernameToken is required"), (_wsse(password="nope"), "wrong password")],
)
def test_wsse_refusal_is_401(soap_url: str, header: str, expected: str) -> None:
    reply = post(soap_url, envelope("Ping", {"tillId": "T1"}, header=header))
    assert (reply.status, reply.fault_code) == (401, "Unauthorized")
    assert expected in reply.root.findtext(f".//{{{SOAP_ENV}}}Fault/faultstring")


def test_endpoint_url_prefers_the_host_header() -> None:
    environ = {"wsgi.url_scheme": "https", "HTTP_HOST": "erp.example.com", "PATH_INFO": "/soap"}
    assert endpoint_url(environ) == "https://erp.example.com/soap"
    environ = {"SERVER_NAME": "10.0.0.5", "SERVER_PORT": "8080", "PATH_INFO": "/soap"}
    assert endpoint_url(environ) == "http://10.0.0.5:8080/soap"


# -- the gateway's endpoint: hostile input --------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:t="urn:tillsync:erp:v1"><soap:Body><t:Ping><t:tillId>&lol9;</t:tillId></t:Ping>
</soap:Body></soap:Envelope>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:t="urn:tillsync:erp:v1"><soap:Body><t:Ping><t:tillId>&xxe;</t:tillId></t:Ping>
</soap:Body></soap:Envelope>"""

PLAIN_DTD = PING.replace(b"?>", b'?><!DOCTYPE soap:Envelope SYSTEM "http://127.0.0.1:9/x.dtd">', 1)


@pytest.mark.parametrize("body", [BILLION_LAUGHS, XXE, PLAIN_DTD], ids=["bomb", "xxe", "dtd"])
def test_dtds_and_entities_are_forbidden(gateway: GatewayServer, body: bytes) -> None:
    reply = post(gateway.url, body)
    assert (reply.status, reply.faultcode, reply.fault_code) == (400, "soap:Client", "Forbidden")
    assert b"root:" not in reply.body
    assert post(gateway.url, PING).status == 200  # the server is still fine


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<soap:Envelope", "malformed XML"),
        (b"", "empty request body"),
        (b"<x/>", "expected a SOAP 1.1 Envelope"),
        (
            PING.replace(SOAP_ENV.encode(), b"http://www.w3.org/2003/05/soap-envelope"),
            "expected a SOAP 1.1 Envelope",
        ),
        (
            envelope("Ping", {"tillId": "T01"}).replace(b"</soap:Body>", b"<t:x/></soap:Body>"),
            "exactly one",
        ),
        (envelope("Ping", {"tillId": "x" * 65}), "tillId"),
        (envelope("SendTickets", {"tillId": "T01"}), "tickets"),
        (envelope("DropTables", {"tillId": "T01"}), "unknown operation"),
        (envelope("PingResponse", {"version": "1"}), "unknown operation"),
    ],
    ids=[
        "malformed",
        "empty",
        "not-soap",
        "soap12",
        "two-parts",
        "too-long-id",
        "missing-element",
        "unknown-op",
        "response-as-request",
    ],
)
def test_bad_requests_are_invalid_request(
    gateway: GatewayServer, body: bytes, message: str
) -> None:
    reply = post(gateway.url, body)
    assert (reply.status, reply.fault_code) == (400, "InvalidRequest")
    assert message in reply.root.findtext(f".//{{{NS}}}message")


def test_schema_error_names_line_and_path(gateway: GatewayServer) -> None:
    reply = post(gateway.url, envelope("GetMessages", {"tillId": "T01", "event": "lunch"}))
    message = reply.root.findtext(f".//{{{NS}}}message")
    assert reply.fault_code == "InvalidRequest"
    assert message.startswith("line 1, /")
    assert "event" in message and "lunch" in message


def test_oversize_body_is_too_large(tmp_path: Path) -> None:
    cfg = make_gateway_config(tmp_path / "small", service={"max_request_bytes": 2048})
    with GatewayServer(cfg).start(port=0) as gw:
        padding = "<!-- " + "x" * 4000 + " -->"
        reply = post(gw.url, PING.replace(b"<soap:Body>", padding.encode() + b"<soap:Body>"))
        assert (reply.status, reply.faultcode, reply.fault_code) == (413, "soap:Client", "TooLarge")
        assert post(gw.url, PING).status == 200


def test_chunked_body_over_the_limit_is_too_large(tmp_path: Path) -> None:
    cfg = make_gateway_config(tmp_path / "small", service={"max_request_bytes": 2048})
    with GatewayServer(cfg).start(port=0) as gw:
        conn = http.client.HTTPConnection("127.0.0.1", gw.port, timeout=10)
        body = PING.replace(b"<soap:Body>", b"<!--" + b"y" * 5000 + b"--><soap:Body>")
        conn.request("POST", "/soap", body=iter([body[:3000], body[3000:]]), encode_chunked=True)
        resp = conn.getresponse()
        assert resp.status == 413
        assert b"TooLarge" in resp.read()
        conn.close()


def test_get_without_wsdl_and_other_paths_answer_plainly(gateway: GatewayServer) -> None:
    for url, status in ((gateway.url, 404), (gateway.url.replace("/soap", "/other"), 404)):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url, timeout=10)
        assert err.value.code == status
        err.value.close()


# -- the WSDL as served ---------------------------------------------------------------


def test_wsdl_has_the_real_address_and_zeep_uses_it(gateway: GatewayServer) -> None:
    with urllib.request.urlopen(gateway.wsdl_url, timeout=10) as resp:
        wsdl = etree.fromstring(resp.read())
        assert resp.headers["Content-Type"] == "text/xml; charset=utf-8"
    address = wsdl.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert address is not None and address.get("location") == gateway.url
    client = zeep_client(gateway.wsdl_url)
    assert client.service._binding_options["address"] == gateway.url
    assert client.service.Ping().version == "2"


def test_wsdl_address_follows_the_host_header(gateway: GatewayServer) -> None:
    request = urllib.request.Request(gateway.wsdl_url, headers={"Host": 'erp.example.com:99"x'})
    with urllib.request.urlopen(request, timeout=10) as resp:
        wsdl = etree.fromstring(resp.read())  # still well-formed: the header is escaped
    address = wsdl.find(".//{http://schemas.xmlsoap.org/wsdl/soap/}address")
    assert address is not None and address.get("location") == 'http://erp.example.com:99"x/soap'


def test_zeep_surfaces_faults_with_their_detail(gateway: GatewayServer) -> None:
    client = zeep_client(gateway.wsdl_url)
    with pytest.raises(zeep.exceptions.Fault) as fault:
        client.service.GetTillConfig(tillId="NOPE")
    assert fault.value.code == "soap:Client"
    assert fault.value.detail.findtext(f"{{{NS}}}FaultDetail/{{{NS}}}code") == "UnknownTill"
