"""Contract version 2 at a real gateway over HTTP (SQLite and PostgreSQL): returns checked
against their original across the store's tills, cash movements and closures exactly
once, GetTicket by id and by receipt, and a till still speaking version 1."""

from __future__ import annotations

import copy
import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
import zeep
from contract_documents import a_return, cash, closure, sale

from erp_gateway.reports import cash_movements_of, closures_of, over_returns, recent_tickets
from erp_gateway.schema import tickets
from erp_gateway.server import GatewayServer
from ticket_contract import NAMESPACE_V1, WSDL_V1_PATH
from ticket_contract.client import ErpClient
from ticket_contract.document_wire import ReceiptRef
from ticket_contract.writer import content_hash, contract_ticket, document_xml


def _ticket(doc: dict[str, Any], **forged: Any) -> dict[str, object]:
    return contract_ticket(doc, forged.get("hash") or content_hash(doc))


def _send(c: ErpClient, till: str, *docs: dict[str, Any], store: str = "S1") -> list[str]:
    return [r.status for r in c.send_tickets(till, [_ticket(d) for d in docs], store_id=store)]


def _one_back(doc_id: str, *, number: int) -> dict[str, Any]:
    """A return at till T02 of one of the sale's three apples (no discount given back)."""
    doc = a_return(id=doc_id, till_id="T02", number=number)
    doc["lines"][0].update(quantity="-1.000", discount="0.00", amount="-1.00")
    doc["payments"] = [{"method": "cash", "amount": "-1.00"}]
    doc["totals"] = {
        "total": "-1.00",
        "discount": "0.00",
        "change": "0.00",
        "vat": [{"rate": "20", "gross": "-1.00", "net": "-0.83", "vat": "-0.17"}],
    }
    return doc


def _returns_scenario(server: GatewayServer) -> None:
    db = server.db
    with ErpClient(server.url, timeout=10) as c:
        # a return of a ticket that has not arrived yet: kept, checked when it comes
        early = _one_back("r-early", number=9)
        assert _send(c, "T02", early) == ["accepted"]
        assert _send(c, "T01", sale()) == ["accepted"]
        assert c.get_ticket("t-1", till_id="T02")["lines"][0]["returned"] == "1.000"
        # a return at another till of the store, through GetTicket by its receipt
        ref = ReceiptRef("S1", "T01", dt.date(2026, 12, 2), 1)
        found = c.get_ticket(ref, till_id="T02")
        assert found is not None and found["id"] == "t-1"
        assert found["content_hash"] == content_hash(sale())
        assert found["totals"]["total"] == "2.90" and found["lines"][0]["unit_price"] == "1.00"
        full = a_return(id="r-1", till_id="T02", number=2)
        full["lines"][0].update(quantity="-2.000", discount="-0.07", amount="-1.93")
        full["payments"] = [{"method": "card", "amount": "-1.93"}]
        full["totals"].update(
            total="-1.93",
            discount="-0.07",
            vat=[{"rate": "20", "gross": "-1.93", "net": "-1.61", "vat": "-0.32"}],
        )
        assert _send(c, "T02", full) == ["accepted"]
        assert _send(c, "T02", full) == ["duplicate"]
        changed = copy.deepcopy(full)
        changed["cashier"] = "C2"
        assert _send(c, "T02", changed) == ["mismatch"]
        wrong = copy.deepcopy(full) | {"id": "r-wrong", "number": 3}
        wrong["lines"][0]["quantity"] = "2.000"
        assert _send(c, "T02", wrong) == ["rejected"]
        after = c.get_ticket("t-1", till_id="T02")
        assert after is not None and after["lines"][0]["returned"] == "3.000"
        over = _one_back("r-over", number=4)
        assert _send(c, "T02", over) == ["accepted"]  # stored, flagged, never dropped
        assert c.get_ticket("nope", till_id="T02") is None
        assert c.get_ticket(ReceiptRef("S1", "T01", dt.date(2026, 12, 2), 7)) is None
        other_store = sale(id="t-x", store_id="S9", till_id="X01")
        assert _send(c, "X01", other_store, store="S9") == ["accepted"]
        assert c.get_ticket("t-1", till_id="X01") is None  # another store's till
    flagged = over_returns(db)
    assert [r.ticket_id for r in flagged] == ["r-over"]
    assert "A1 1.000 beyond" in (flagged[0].problem or "")
    with db.read() as conn:
        checks = dict(
            conn.execute(
                sa.select(tickets.c.ticket_id, tickets.c.return_check).where(
                    tickets.c.kind == "return"
                )
            ).all()
        )
    assert checks == {"r-early": "ok", "r-1": "ok", "r-over": "over"}
    kinds = {r.ticket_id: r.kind for r in recent_tickets(db, till_id=None, limit=10, kind="return")}
    assert kinds == {"r-early": "return", "r-1": "return", "r-over": "return"}


def _documents_scenario(server: GatewayServer) -> None:
    db = server.db
    count = cash(
        "count",
        "160.50",
        id="cm-count",
        number=3,
        counts=[{"denomination": "50.00", "count": 3}, {"denomination": "0.50", "count": 21}],
    )
    docs = [cash(), cash("drop", "50.00", number=2, id="cm-drop"), count, closure()]
    with ErpClient(server.url, timeout=10) as c:
        sent = [document_xml(d) for d in docs]
        results = c.send_documents("T01", sent, store_id="S1")
        assert [(r.id, r.status) for r in results] == [
            ("cm-cash_in", "accepted"),
            ("cm-drop", "accepted"),
            ("cm-count", "accepted"),
            ("z-1", "accepted"),
        ]
        again = c.send_documents("T01", sent[:1] + sent[3:])
        assert [r.status for r in again] == ["duplicate", "duplicate"]
        changed = c.send_documents(
            "T01", [document_xml(closure(cash_expected="104.50", difference="0.00"))]
        )
        assert changed[0].status == "mismatch"
        assert "cashExpected (105.00 -> 104.50)" in (changed[0].reason or "")
        bad = c.send_documents(
            "T01",
            [
                document_xml(cash(id="cm-neg", amount="-1.00")),
                document_xml(cash(id="cm-forged"), content_hash(sale())),
                document_xml(cash(id="cm-other", till_id="T09", store_id="S9")),
            ],
        )
        assert [r.status for r in bad] == ["rejected"] * 3
        assert "must be positive" in (bad[0].reason or "")
        assert "changed after it was made" in (bad[1].reason or "")
    rows = cash_movements_of(db, till_id="T01", day="2026-12-02")
    assert [(r.kind, str(r.amount)) for r in rows] == [
        ("cash_in", "12.30"),
        ("drop", "50.00"),
        ("count", "160.50"),
    ]
    assert rows[2].counts[0] == {"denomination": Decimal("50.00"), "count": 3}
    [z] = closures_of(db, day="2026-12-02")
    assert (z.z_number, str(z.difference), z.first_number, z.last_number) == (4, "-0.50", 1, 3)
    assert [p["method"] for p in z.payments] == ["cash", "card"]
    assert z.missing[-2:] == [2, 3]  # no ticket #2 or #3 of T01 that day reached the gateway
    assert closures_of(db, till_id="T02") == []


def _v1_scenario(server: GatewayServer) -> None:
    """A till not yet upgraded speaks version 1: its tickets are accepted with the hash
    its journal holds, and its answers come in version 1's namespace."""
    client = zeep.Client(str(WSDL_V1_PATH))
    service = client.create_service(f"{{{NAMESPACE_V1}}}TillsyncErpBinding", server.url)
    doc = sale(id="t-v1", number=5)
    reply = service.SendTickets("T01", "S1", {"ticket": [_ticket(doc)]})
    assert [(r.ticketId, r.status) for r in reply] == [("t-v1", "accepted")]
    assert service.SendTickets("T01", "S1", {"ticket": [_ticket(doc)]})[0].status == "duplicate"
    assert service.Ping("T01").version == "2"
    with pytest.raises(zeep.exceptions.Fault):
        service.GetTillConfig("T99")
    db = server.db
    [row] = [r for r in recent_tickets(db, till_id="T01", limit=10) if r.ticket_id == "t-v1"]
    assert row.content_hash == content_hash(doc)


def test_returns_on_sqlite(gateway: GatewayServer) -> None:
    _returns_scenario(gateway)


def test_documents_and_v1_on_sqlite(gateway: GatewayServer) -> None:
    _documents_scenario(gateway)
    _v1_scenario(gateway)


@pytest.mark.slow
def test_returns_documents_and_v1_on_postgresql(gateway_pg: GatewayServer) -> None:
    _returns_scenario(gateway_pg)
    _documents_scenario(gateway_pg)
    _v1_scenario(gateway_pg)


def _two_back(doc_id: str, till: str) -> dict[str, Any]:
    """A return at ``till`` of two of the sale's three apples (no discount given back)."""
    doc = a_return(id=doc_id, till_id=till, number=1)
    doc["lines"][0].update(quantity="-2.000", discount="0.00", amount="-2.00")
    doc["payments"] = [{"method": "cash", "amount": "-2.00"}]
    doc["totals"] = {
        "total": "-2.00",
        "discount": "0.00",
        "change": "0.00",
        "vat": [{"rate": "20", "gross": "-2.00", "net": "-1.67", "vat": "-0.33"}],
    }
    return doc


@pytest.mark.slow
def test_two_tills_giving_back_at_once_are_judged_one_after_the_other(
    gateway_pg: GatewayServer,
) -> None:
    """Two returns of two of three apples, from two tills at the same moment, at a
    gateway on PostgreSQL: whichever comes second is the one flagged."""
    with ErpClient(gateway_pg.url, timeout=10) as c:
        assert _send(c, "T01", sale()) == ["accepted"]
    start = threading.Barrier(2)
    answers: dict[str, list[str]] = {}

    def give_back(till: str) -> None:
        with ErpClient(gateway_pg.url, timeout=10) as c:
            doc = _two_back(f"r-{till}", till)
            body = c.encode_send_tickets(till, [_ticket(doc)], "S1")
            start.wait()
            answers[till] = [r.status for r in c.post_send_tickets(body)]

    threads = [threading.Thread(target=give_back, args=(t,)) for t in ("T02", "T03")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == {"T02": ["accepted"], "T03": ["accepted"]}
    flagged = over_returns(gateway_pg.db)
    assert len(flagged) == 1 and flagged[0].ticket_id in ("r-T02", "r-T03")
