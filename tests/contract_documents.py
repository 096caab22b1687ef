"""Stored documents of contract version 2 as the till keeps them (snake_case, money as
decimal text): a sale, a return of it, cash movements and a closure, for the contract's
and the gateway's tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def cash(kind: str = "cash_in", amount: str = "12.30", **more: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": f"cm-{kind}",
        "store_id": "S1",
        "till_id": "T01",
        "business_day": "2026-12-02",
        "number": 1,
        "kind": kind,
        "amount": amount,
        "reason": "change for the safe" if kind in ("cash_in", "cash_out") else None,
        "counts": [],
        "cashier": "C1",
        "supervisor": None,
        "created_at": "2026-12-02T09:00:00Z",
    }
    return doc | more


def closure(**more: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "z-1",
        "store_id": "S1",
        "till_id": "T01",
        "business_day": "2026-12-02",
        "z_number": 4,
        "first_number": 1,
        "last_number": 3,
        "tickets": 2,
        "cancelled": 0,
        "returns": 1,
        "total": "8.00",
        "vat": [{"rate": "20", "gross": "8.00", "net": "6.67", "vat": "1.33"}],
        "payments": [{"method": "cash", "amount": "5.00"}, {"method": "card", "amount": "3.00"}],
        "cash_expected": "105.00",
        "cash_counted": "104.50",
        "difference": "-0.50",
        "cashier": "C1",
        "closed_at": "2026-12-02T20:00:00Z",
    }
    return doc | more


def sale(**more: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": "t-1",
        "store_id": "S1",
        "till_id": "T01",
        "business_day": "2026-12-02",
        "number": 1,
        "status": "closed",
        "opened_at": "2026-12-02T09:00:00Z",
        "closed_at": "2026-12-02T09:01:00Z",
        "customer_code": None,
        "card_number": None,
        "lines": [
            {
                "line_no": 1,
                "item_code": "A1",
                "barcode": None,
                "name": "Apple",
                "quantity": "3.000",
                "unit_price": "1.00",
                "vat_rate": "20",
                "alcohol": False,
                "discount": "0.10",
                "offer_code": None,
                "voided": False,
                "amount": "2.90",
            }
        ],
        "payments": [{"method": "cash", "amount": "5.00"}],
        "totals": {
            "total": "2.90",
            "discount": "0.10",
            "change": "2.10",
            "vat": [{"rate": "20", "gross": "2.90", "net": "2.42", "vat": "0.48"}],
        },
    }
    return doc | more


def a_return(**more: Any) -> dict[str, Any]:
    doc = sale(id="r-1", number=2, kind="return", original_id="t-1", cashier="C1")
    doc["lines"][0].update(quantity="-1.000", discount="-0.03", amount="-0.97")
    doc["payments"] = [{"method": "cash", "amount": "-0.97"}]
    doc["totals"] = {
        "total": "-0.97",
        "discount": "-0.03",
        "change": "0.00",
        "vat": [{"rate": "20", "gross": "-0.97", "net": "-0.81", "vat": "-0.16"}],
    }
    return doc | more


def closure_of_sales(count: int, *, paid: int | None = None) -> Any:
    """The received record of the closure of tickets 1 to ``count``, each a 2.90 sale as
    ``sale`` makes it (``paid``: the total of that many sales instead)."""
    from ticket_contract.writer import content_hash_of_document, document_record

    total = f"{Decimal('2.90') * (paid or count):.2f}"
    net = f"{Decimal('2.42') * (paid or count):.2f}"
    vat = f"{Decimal(total) - Decimal(net):.2f}"
    doc = closure(
        first_number=1,
        last_number=count,
        tickets=count,
        returns=0,
        total=total,
        vat=[{"rate": "20", "gross": total, "net": net, "vat": vat}],
        payments=[{"method": "cash", "amount": total}],
    )
    return document_record(doc, content_hash_of_document(doc))
