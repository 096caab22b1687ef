"""Fixtures for the ERP gateway: a config on a SQLite file, and started servers on
SQLite and on a fresh PostgreSQL database (real HTTP on 127.0.0.1, port chosen free).

    def test_x(gateway):            # GatewayServer, stopped afterwards
        zeep.Client(gateway.wsdl_url, ...)

Loaded for every test through ``pytest_plugins`` in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import http.client
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
import zeep
from lxml import etree
from zeep import Settings
from zeep.transports import Transport

from erp_gateway.config import GatewayConfig, config_from_mapping
from erp_gateway.db import GatewayDatabase
from erp_gateway.server import GatewayServer
from ticket_contract import NAMESPACE
from ticket_contract.tickets import ReceivedTicket, canonical
from ticket_contract.wire import ticket_from_xml


def make_gateway_config(
    folder: Path, *, database_url: str = "", **sections: dict[str, object]
) -> GatewayConfig:
    """A checked GatewayConfig in ``folder`` with its database initialised.

    ``sections`` are config sections as TOML would hold them, e.g.
    ``service={"ping_enabled": False}``, ``security={"wsse_users": {"till": "pw"}}``.
    """
    data: dict[str, dict[str, object]] = {k: dict(v) for k, v in sections.items()}
    if database_url:
        data.setdefault("database", {})["url"] = database_url
    cfg = config_from_mapping(data, folder=folder, source=str(folder / "gateway.toml"))
    db = GatewayDatabase.from_config(cfg)
    try:
        db.migrate()
    finally:
        db.dispose()
    return cfg


@pytest.fixture
def gateway_config(tmp_path: Path) -> GatewayConfig:
    """A gateway config on a SQLite file in tmp_path, database initialised."""
    return make_gateway_config(tmp_path / "gateway")


@pytest.fixture
def gateway(gateway_config: GatewayConfig) -> Iterator[GatewayServer]:
    """A started gateway on SQLite at 127.0.0.1:<free port>; ``.url``, ``.wsdl_url``."""
    with GatewayServer(gateway_config).start(host="127.0.0.1", port=0) as server:
        yield server


@pytest.fixture
def gateway_pg(tmp_path: Path, pg_database: str) -> Iterator[GatewayServer]:
    """A started gateway on a fresh PostgreSQL database."""
    cfg = make_gateway_config(tmp_path / "gateway", database_url=pg_database)
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as server:
        yield server


# -- building requests from plain dicts -----------------------------------------------

NS = NAMESPACE  # the current contract (a v1 request: NAMESPACE_V1)
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
CENT = Decimal("0.01")
OPENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _line(no: int, item: str, qty: str, price: str, vat: str, discount: str, voided: bool) -> dict:
    gross = (Decimal(qty) * Decimal(price)).quantize(CENT, ROUND_HALF_UP)
    amount = Decimal("0.00") if voided else gross - Decimal(discount)
    return {
        "lineNo": no,
        "itemCode": item,
        "name": f"Item {item}",
        "quantity": Decimal(qty),
        "unitPrice": Decimal(price),
        "vatRate": Decimal(vat),
        "alcohol": False,
        "discount": Decimal(discount),
        "voided": voided,
        "amount": amount,
    }


def make_ticket(
    ticket_id: str,
    *,
    till_id: str = "T01",
    store_id: str = "S001",
    number: int = 1,
    lines: Sequence[tuple[str, str, str, str]] = (
        ("A1", "2", "1.50", "5.5"),
        ("B2", "1", "3.20", "20"),
    ),
    discounts: Sequence[str] = (),
    voided: Sequence[int] = (),
    paid_cash: str | None = None,
    status: str = "closed",
    customer_code: str | None = None,
) -> dict[str, Any]:
    """A consistent ticket as the WSDL names its fields (zeep-ready; ``envelope`` turns it
    into XML). ``lines`` are (item, quantity, unit price, VAT rate); line n gets
    ``discounts[n-1]``; line numbers in ``voided`` are voided; paid by card unless
    ``paid_cash`` (then the change is computed)."""
    built = [
        _line(
            i,
            *spec,
            discounts[i - 1] if i <= len(discounts) else "0.00",
            i in voided,
        )
        for i, spec in enumerate(lines, 1)
    ]
    sold = [ln for ln in built if not ln["voided"]]
    total = sum((ln["amount"] for ln in sold), Decimal("0.00"))
    by_rate: dict[Decimal, Decimal] = {}
    for ln in sold:
        by_rate[ln["vatRate"]] = by_rate.get(ln["vatRate"], Decimal("0.00")) + ln["amount"]
    vat = []
    for rate, gross in sorted(by_rate.items()):
        tax = (gross * rate / (100 + rate)).quantize(CENT, ROUND_HALF_UP)
        vat.append({"rate": rate, "gross": gross, "net": gross - tax, "vat": tax})
    paid = Decimal(paid_cash) if paid_cash is not None else total
    ticket: dict[str, Any] = {
        "id": ticket_id,
        "storeId": store_id,
        "tillId": till_id,
        "businessDay": OPENED.date(),
        "number": number,
        "status": status,
        "openedAt": OPENED,
        "closedAt": OPENED + dt.timedelta(minutes=3),
    }
    if customer_code:
        ticket["customerCode"] = customer_code
    ticket.update(
        {
            "total": total,
            "discount": sum((ln["discount"] for ln in sold), Decimal("0.00")),
            "change": paid - total if status == "closed" else Decimal("0.00"),
            "contentHash": "0" * 64,  # replaced below by the hash of this content
            "lines": {"line": built},
            "payments": {
                "payment": [{"method": "cash" if paid_cash else "card", "amount": paid}]
                if status == "closed"
                else []
            },
            "vat": {"line": vat},
        }
    )
    return with_hash(ticket)


def with_hash(ticket: dict[str, Any]) -> dict[str, Any]:
    """The ticket with its contentHash made the contract's hash of its content (as a till
    computes it at close); a ticket the contract's reader cannot take keeps its hash."""
    el = etree.fromstring(f'<t:x xmlns:t="{NS}">{_xml("ticket", ticket)}</t:x>')[0]
    read = ticket_from_xml(el)
    if isinstance(read, ReceivedTicket):
        ticket["contentHash"] = canonical(read).content_hash
    return ticket


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _xml(name: str, value: object) -> str:
    if value is None:  # an optional element left out, as zeep leaves it out
        return ""
    if isinstance(value, list):
        return "".join(_xml(name, item) for item in value)
    if isinstance(value, dict):
        inner = "".join(_xml(k, v) for k, v in value.items())
        return f"<t:{name}>{inner}</t:{name}>"
    return f"<t:{name}>{escape(_text(value))}</t:{name}>"


def envelope(operation: str, body: dict[str, Any], *, header: str = "") -> bytes:
    """A SOAP 1.1 request for ``operation`` from a dict (same shape as for zeep)."""
    head = f"<soap:Header>{header}</soap:Header>" if header else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>'
        f'<soap:Envelope xmlns:soap="{SOAP_ENV}" xmlns:t="{NS}">{head}'
        f"<soap:Body>{_xml(operation, body)}</soap:Body></soap:Envelope>"
    ).encode()


@dataclass
class Reply:
    status: int
    body: bytes
    content_type: str

    @property
    def root(self) -> etree._Element:
        return etree.fromstring(self.body)

    @property
    def fault_code(self) -> str | None:
        return self.root.findtext(f".//{{{NS}}}FaultDetail/{{{NS}}}code")

    @property
    def faultcode(self) -> str | None:
        return self.root.findtext(f".//{{{SOAP_ENV}}}Fault/faultcode")

    def find(self, path: str) -> list[etree._Element]:
        return self.root.findall(path, {"t": NS})


def post(url: str, body: bytes, *, headers: dict[str, str] | None = None) -> Reply:
    """A raw HTTP POST; any status comes back as a Reply (no exception)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(
            "POST",
            parts.path,
            body=body,
            headers={"Content-Type": "text/xml; charset=utf-8", **(headers or {})},
        )
        resp = conn.getresponse()
        return Reply(resp.status, resp.read(), resp.getheader("Content-Type", ""))
    finally:
        conn.close()


def zeep_client(url: str, **transport: Any) -> zeep.Client:
    """A zeep client with the hardened settings the till uses."""
    settings = Settings(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    return zeep.Client(url, settings=settings, transport=Transport(**transport))
