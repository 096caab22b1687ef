"""Documents of every kind sent to a real gateway over SOAP, for the feed's tests: sales
and returns, cash movements, closures, and a mismatch (a resend with other content)."""

from __future__ import annotations

import random
from typing import Any

from contract_documents import a_return, cash, closure, sale

from ticket_contract.client import ErpClient
from ticket_contract.writer import content_hash, contract_ticket, document_xml

BATCH = 200


def _sale(i: int, rng: random.Random) -> dict[str, Any]:
    doc = sale(id=f"t-{i}", number=i)
    qty = rng.randint(1, 9)
    price = rng.randint(50, 900)
    gross = qty * price
    doc["lines"][0].update(
        quantity=f"{qty}.000", unit_price=f"{price // 100}.{price % 100:02d}", discount="0.00"
    )
    money = f"{gross // 100}.{gross % 100:02d}"
    doc["lines"][0]["amount"] = money
    net = round(gross / 1.2)
    vat = gross - net
    doc["payments"] = [{"method": rng.choice(["cash", "card"]), "amount": money}]
    doc["totals"] = {
        "total": money,
        "discount": "0.00",
        "change": "0.00",
        "vat": [
            {
                "rate": "20",
                "gross": money,
                "net": f"{net // 100}.{net % 100:02d}",
                "vat": f"{vat // 100}.{vat % 100:02d}",
            }
        ],
    }
    return doc


def send_documents(url: str, tickets: int, *, seed: int = 1, start: int = 1) -> list[str]:
    """Send ``tickets`` sales (ids t-<n>), then a return, two cash movements, a closure
    and a mismatch of the first sale; the ids the gateway stored, in the order sent."""
    rng = random.Random(seed)
    ids: list[str] = []
    with ErpClient(url, timeout=60) as c:
        for first in range(start, start + tickets, BATCH):
            docs = [_sale(i, rng) for i in range(first, min(first + BATCH, start + tickets))]
            results = c.send_tickets(
                "T01", [contract_ticket(d, content_hash(d)) for d in docs], store_id="S1"
            )
            assert {r.status for r in results} == {"accepted"}, results[:3]
            ids += [d["id"] for d in docs]
    return ids


def send_other_kinds(url: str) -> list[str]:
    """A return of t-1, a cash in, a safe drop, a closure (whose figures are not those of the
    tickets held: a reconciliation finding) and a mismatch of t-1."""
    with ErpClient(url, timeout=60) as c:
        ret = a_return(id="r-1", number=100_000)
        assert [
            r.status
            for r in c.send_tickets("T01", [contract_ticket(ret, content_hash(ret))], store_id="S1")
        ] == ["accepted"]
        docs = [cash(), cash("drop", "50.00", number=2, id="cm-drop"), closure()]
        results = c.send_documents("T01", [document_xml(d) for d in docs], store_id="S1")
        assert [r.status for r in results] == ["accepted"] * 3, results
        other = sale(id="t-1", number=1, customer_code="CHANGED")
        [r] = c.send_tickets("T01", [contract_ticket(other, content_hash(other))], store_id="S1")
        assert r.status == "mismatch", r
    return ["r-1", "cm-cash_in", "cm-drop", "z-1", "reconciliation:1", "ticket_mismatch:1"]
