"""A random day at a real SQLite till (hypothesis, seeded): sales paid in cash and by card,
full and partial returns, cash movements and counts in any order; after every step the X
report's cash expected is the sum of the documents the journal holds, to the cent, and
the Z closes the day with the same figure and the last count's difference."""

from __future__ import annotations

import contextlib
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa
from conftest import write_till_config
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from catalog_fixture import BREAD, MILK_UPC, SOAP, WINE, write_catalog
from connectors.errors import SaleError
from standalone_till import schema as T
from standalone_till import till_documents as docs
from standalone_till.cash import CashKind
from standalone_till.config import load_config
from standalone_till.document_tables import till_documents
from standalone_till.model import PaymentMethod
from standalone_till.service import Till

pytestmark = pytest.mark.slow  # a till per example
D = Decimal
SIGN = {"float": 1, "cash_in": 1, "cash_out": -1, "drop": -1, "drawer_open": 0, "count": 0}
ITEMS = (BREAD, WINE, MILK_UPC, SOAP)


def cash_in_documents(till: Till) -> tuple[Decimal, Decimal | None]:
    """(the cash the stored documents put in the drawer, the last count), read raw."""
    with till.db.read(till.db.journal) as conn:
        tickets = [json.loads(t) for t in conn.execute(sa.select(T.tickets.c.document)).scalars()]
        moves = [
            json.loads(t)
            for t in conn.execute(
                sa.select(till_documents.c.document)
                .where(till_documents.c.doc_type == "cash_movement")
                .order_by(till_documents.c.number)
            ).scalars()
        ]
    total = sum((SIGN[m["kind"]] * D(m["amount"]) for m in moves), D(0))
    for t in tickets:
        if t["status"] == "closed":
            total += sum((D(p["amount"]) for p in t["payments"] if p["method"] == "cash"), D(0))
            total -= D(t["totals"]["change"])
    counts = [D(m["amount"]) for m in moves if m["kind"] == "count"]
    return total, counts[-1] if counts else None


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate],  # a till per example: no shrinking, the failing day is printed
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_a_random_day_adds_up_to_the_cent(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("day")
    till = Till(load_config(write_till_config(folder)))
    till.init()
    till.load_data(write_catalog(folder / "exports"))
    sold: list[str] = []
    try:
        for _ in range(data.draw(st.integers(5, 15), label="steps")):
            step = data.draw(st.sampled_from(["sale", "sale", "return", "move", "count"]))
            if step == "sale":
                sale = till.new_sale()
                for code in data.draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=4)):
                    sale.scan(code)
                due = sale.totals().due
                if due and data.draw(st.booleans()):
                    sale.pay(PaymentMethod.CARD, D(data.draw(st.integers(1, int(due * 100)))) / 100)
                if sale.totals().due:
                    extra = D(data.draw(st.integers(0, 3000))) / 100
                    sale.pay(PaymentMethod.CASH, sale.totals().due + extra)
                sold.append(sale.close().id)
            elif step == "return" and sold:
                ref = data.draw(st.sampled_from(sold))
                picks = data.draw(st.lists(st.sampled_from(ITEMS), max_size=2))
                refunds = data.draw(
                    st.sampled_from(
                        [(), ((PaymentMethod.CASH, None),), ((PaymentMethod.CARD, None),)]
                    )
                )
                with contextlib.suppress(SaleError):  # nothing (more) of it to give back
                    docs.take_return(till, ref, [(p, None) for p in picks], refunds)
            elif step == "move":
                kind = data.draw(
                    st.sampled_from(
                        [CashKind.FLOAT, CashKind.CASH_IN, CashKind.CASH_OUT, CashKind.DROP]
                    )
                )
                amount = D(data.draw(st.integers(1, 9999))) / 100
                docs.move_cash(till, kind, amount, reason="test", supervisor="S")
            else:
                counts = [
                    (D(d), n)
                    for d, n in data.draw(
                        st.lists(
                            st.tuples(st.sampled_from(["50", "5", "0.20"]), st.integers(0, 9)),
                            min_size=1,
                            max_size=3,
                            unique_by=lambda c: c[0],
                        )
                    )
                ]
                docs.move_cash(till, CashKind.COUNT, counts=counts)
            expected, _ = cash_in_documents(till)
            assert D(docs.x_report(till)["cash"]["expected"]) == expected  # type: ignore[index]
        expected, counted = cash_in_documents(till)
        z = till.closure()
        assert z.cash.expected == expected and z.cash.counted == counted
        assert z.cash.difference == (None if counted is None else counted - expected)
    finally:
        till.close()
