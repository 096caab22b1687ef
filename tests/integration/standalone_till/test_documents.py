"""The till's documents beyond the sale on SQLite and PostgreSQL tills against a live
gateway on 127.0.0.1: full and partial returns (and a second partial refused past what
remains), a return of another till's ticket through GetTicket at the gateway and at the
store's hub, a return without receipt,
float, cash in and out, drop, drawer, count, the X and the Z to the cent, reprints, and
every document at the gateway exactly once. The gateway's database is only read, with
plain SQL, to see what arrived."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from cashier_fixture import ANNE, PINS, SARA, cashier_rows
from conftest import write_till_config

from catalog_fixture import BREAD, SOAP, WINE, write_catalog
from connectors.errors import ApprovalRefused, SaleError, ServerFault
from erp_gateway.server import GatewayServer
from standalone_till import till_documents as docs
from standalone_till.cash import CashKind, parse_counts
from standalone_till.config import load_config, set_key
from standalone_till.document_tables import documents_outbox, reprints, till_documents
from standalone_till.journal import local_day
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.receipt_code import receipt_code
from standalone_till.returns import WITHOUT_RECEIPT, ReturnRefused
from standalone_till.service import Till
from standalone_till.sync.state import Area
from standalone_till.sync.uplink import Uplink, client_for
from ticket_contract.writer import content_hash_of_document

D = Decimal
CASH, CARD = PaymentMethod.CASH, PaymentMethod.CARD


def open_till(config: Path, url: str, exports: Path, *, signed_in: bool = True) -> Till:
    set_key(config, "webservice.url", url)
    till = Till(load_config(config))
    till.init()
    till.load_data(exports)
    if signed_in:
        till.signin(ANNE, PINS[ANNE])
    return till


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    return write_catalog(tmp_path / "exports", cashiers=cashier_rows())


@pytest.fixture
def till(till_config: Path, gateway: GatewayServer, exports: Path) -> Iterator[Till]:
    t = open_till(till_config, gateway.url, exports)
    yield t
    t.close()


def sell(till: Till, *codes: str, pay: tuple[tuple[PaymentMethod, str | None], ...] = ()) -> Ticket:
    sale = till.new_sale()
    for code in codes:
        sale.scan(code)
    for method, amount in pay or ((CASH, None),):
        sale.pay(method, None if amount is None else D(amount))
    return sale.close()


def ref_of(ticket: Ticket) -> str:
    assert ticket.business_day is not None and ticket.number is not None
    return receipt_code(ticket.store_id, ticket.till_id, ticket.business_day, ticket.number)


def gateway_rows(server: GatewayServer, table: str) -> list[Any]:
    engine = sa.create_engine(server.config.database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text(f"SELECT * FROM {table}")))
    finally:
        engine.dispose()


def pending_documents(till: Till) -> list[str]:
    with till.db.read(till.db.journal) as conn:
        return list(conn.execute(sa.select(documents_outbox.c.document_id)).scalars())


# ---------------------------------------------------------------- returns


def test_full_and_partial_returns_reach_the_gateway_once(
    till: Till, gateway: GatewayServer
) -> None:
    sold = sell(till, BREAD, BREAD, BREAD, WINE, pay=((CARD, "5.00"), (CASH, "50.00")))
    day = sold.business_day
    assert day is not None
    first, _ = docs.take_return(till, f"{day:%Y%m%d}/{sold.number}", [(BREAD, D(2))])
    assert (first.kind, first.original_id, first.cashier) == ("return", sold.id, ANNE)
    assert [(ln.line_no, ln.quantity) for ln in first.lines] == [(1, D("-1")), (2, D("-1"))]
    assert first.number == sold.number + 1  # the same numbering as sales
    with pytest.raises(ReturnRefused, match="1 remain returnable") as refused:
        docs.take_return(till, f"{day.isoformat()}/{sold.number}", [(BREAD, D(2))])
    assert refused.value.returnable == {1: D(0), 2: D(0), 3: D(1), 4: D(1)}
    rest, _ = docs.take_return(till, ref_of(sold))  # the receipt code; all that remains
    assert {ln.line_no for ln in rest.lines} == {3, 4}
    with pytest.raises(ReturnRefused, match="everything was returned already"):
        docs.take_return(till, sold.id)
    # everything back: the whole total, the card exactly what it paid
    refunds = (*first.payments, *rest.payments)
    assert -sum((p.amount for p in refunds), D(0)) == sum((ln.amount for ln in sold.lines), D(0))
    assert sum((p.amount for p in refunds if p.method is CARD), D(0)) == D("-5.00")

    report = till.uplink.send_tickets()
    assert (report.accepted, report.remaining, report.error) == (3, 0, None)
    at_gateway = {r.ticket_id: r for r in gateway_rows(gateway, "tickets")}
    assert set(at_gateway) == {sold.id, first.id, rest.id}
    for back in (first, rest):
        row = at_gateway[back.id]
        assert (row.kind, row.original_id, row.cashier) == ("return", sold.id, ANNE)
        assert row.return_check == "ok"
    with client_for(till.cfg) as client:
        remote = client.get_ticket(sold.id, till_id="T01")
    assert remote is not None
    assert {ln["line_no"]: D(ln["returned"]) for ln in remote["lines"]} == {
        1: 1,
        2: 1,
        3: 1,
        4: 1,
    }


def test_a_return_of_another_tills_ticket_through_the_gateway(
    tmp_path: Path, gateway: GatewayServer, exports: Path
) -> None:
    one = open_till(write_till_config(tmp_path / "one"), gateway.url, exports)
    two = open_till(write_till_config(tmp_path / "two", till_id="T02"), gateway.url, exports)
    try:
        sold = sell(one, BREAD, BREAD, WINE, pay=((CARD, None),))
        code = ref_of(sold)
        with pytest.raises(docs.OriginalNotFound, match="does not know it"):
            docs.take_return(two, code)  # not at the gateway yet
        assert one.uplink.send_tickets().accepted == 1
        back, _ = docs.take_return(two, code, [(BREAD, None)])
        assert (back.till_id, back.original_id) == ("T02", sold.id)
        assert [(p.method, p.amount) for p in back.payments] == [(CARD, -sold.lines[0].amount)]
        # not sent yet: the gateway does not count it, the till does
        with pytest.raises(ReturnRefused, match="cannot give back 2 of"):
            docs.take_return(two, code, [(BREAD, D(2))])
        assert two.uplink.send_tickets().accepted == 1
        with pytest.raises(ReturnRefused, match="cannot give back 2 of"):
            docs.take_return(two, sold.id, [(BREAD, D(2))])
        rest, _ = docs.take_return(two, sold.id)
        assert {ln.line_no for ln in rest.lines} == {2, 3}
        assert two.uplink.send_tickets().accepted == 1
        checks = {r.ticket_id: r.return_check for r in gateway_rows(gateway, "tickets")}
        assert checks[back.id] == checks[rest.id] == "ok"
    finally:
        one.close()
        two.close()


def test_without_the_gateway_it_is_a_return_without_receipt(tmp_path: Path, exports: Path) -> None:
    closed_port = "http://127.0.0.1:9/soap"  # discard port: nothing listens
    till = open_till(write_till_config(tmp_path / "t"), closed_port, exports)
    try:
        with pytest.raises(docs.OriginalNotFound, match="does not answer") as missing:
            docs.take_return(till, "S001/T07/20261202/5")
        assert "--no-receipt" in str(missing.value) and not missing.value.reached
        # a look-up like the offers: after a server that did not answer, a hold-off
        assert till.uplink.state.get(Area.TICKET_LOOKUP).failures == 1
        with pytest.raises(docs.OriginalNotFound, match="does not answer"):
            docs.take_return(till, "S001/T07/20261202/5")
        assert till.uplink.state.get(Area.TICKET_LOOKUP).failures == 1  # not asked again
        with pytest.raises(ApprovalRefused, match="needs a supervisor"):
            docs.take_return_without_receipt(till, [(BREAD, None)], supervisor=None)
        supervisor = till.approve(WITHOUT_RECEIPT, SARA, PINS[SARA])
        back, _ = docs.take_return_without_receipt(
            till, [(BREAD, D(2)), (SOAP, None)], supervisor=supervisor
        )
        assert (back.original_id, back.supervisor, back.approval) == (None, SARA, WITHOUT_RECEIPT)
        today = local_day(dt.datetime.now(dt.UTC))
        price = {c: till.catalog.scan(c, today).item.price for c in (BREAD, SOAP)}
        assert [(ln.item_code, ln.amount) for ln in back.lines] == [
            ("BREAD", -2 * price[BREAD]),  # today's price, not a receipt's
            ("SOAP", -price[SOAP]),
        ]
        refund = 2 * price[BREAD] + price[SOAP]
        assert [(p.method, p.amount) for p in back.payments] == [(CASH, -refund)]
    finally:
        till.close()


# ---------------------------------------------------------------- cash, X and Z


def test_a_cash_day_to_the_cent_and_every_document_at_the_gateway_once(
    till: Till, gateway: GatewayServer
) -> None:
    float_ = docs.move_cash(till, CashKind.FLOAT, D("150.00")).movement
    assert (float_.number, float_.cashier, float_.supervisor) == (1, ANNE, None)
    sale = sell(till, BREAD, WINE, SOAP, pay=((CASH, "20.00"),))
    card_sale = sell(till, WINE, pay=((CARD, None),))
    back, _ = docs.take_return(till, sale.id, [(SOAP, None)])
    docs.move_cash(till, CashKind.CASH_IN, D("30.00"), reason="coins from the bank")
    limit = docs.cashout_limit(till)
    with pytest.raises(ApprovalRefused, match="needs a supervisor"):
        docs.move_cash(till, CashKind.CASH_OUT, limit + D("0.01"), reason="supplier")
    big = docs.move_cash(
        till,
        CashKind.CASH_OUT,
        limit + D("0.01"),
        reason="supplier",
        supervisor=till.approve("cash_out_over_limit", SARA, PINS[SARA]),
    ).movement
    assert big.supervisor == SARA
    docs.move_cash(till, CashKind.CASH_OUT, D("12.35"), reason="post")
    docs.move_cash(till, CashKind.DROP, D("20.00"))
    with pytest.raises(ApprovalRefused):
        docs.move_cash(till, CashKind.DRAWER_OPEN)
    docs.move_cash(till, CashKind.DRAWER_OPEN, supervisor=SARA)

    sale_total = sum((ln.amount for ln in sale.lines), D(0))  # paid in cash, change back
    cash_refund = -sum((p.amount for p in back.payments), D(0))
    out = limit + D("0.01") + D("12.35")
    expected = D("150.00") + sale_total - cash_refund + D("30.00") - out - D("20.00")
    x = docs.x_report(till)
    assert D(x["cash"]["expected"]) == expected  # type: ignore[index]
    card_total = sum((ln.amount for ln in card_sale.lines), D(0))
    assert x["sales"] == {"count": 2, "total": str(sale_total + card_total)}
    assert x["returns"]["count"] == 1  # type: ignore[index]
    (anne,) = x["cashiers"]  # type: ignore[misc]
    assert anne["cashier"] == ANNE and anne["approvals"] == 2

    counts = parse_counts(["50=2", "20=1", "0.05=3"], docs.denominations(till))
    docs.move_cash(till, CashKind.COUNT, counts=counts)
    with pytest.raises(SaleError, match="a ticket is open"):
        pending = till.new_sale()
        pending.scan(BREAD)
        till.closure()
    pending.cancel()
    z = till.closure()
    assert (z.tickets, z.returns, z.cash.expected) == (2, 1, expected)
    assert (z.cash.counted, z.cash.difference) == (D("120.15"), D("120.15") - expected)

    # the movements and the closure go up after the tickets, each exactly once
    tickets = till.uplink.send_tickets()
    assert tickets.error is None and tickets.remaining == 0
    sent = till.uplink.send_documents()
    assert (sent.accepted, sent.remaining, sent.error) == (8, 0, None)
    assert pending_documents(till) == []
    moved = gateway_rows(gateway, "cash_movements")
    assert sorted(r.kind for r in moved) == sorted(
        ["float", "cash_in", "cash_out", "cash_out", "drop", "drawer_open", "count"]
    )
    (closure,) = gateway_rows(gateway, "closures")
    assert (closure.tickets, closure.returns, closure.cashier) == (2, 1, ANNE)
    cents = {"cash_expected": expected, "cash_counted": D("120.15")}  # stored in cents
    assert {k: getattr(closure, k) for k in cents} == {k: int(v * 100) for k, v in cents.items()}
    assert closure.difference == int((D("120.15") - expected) * 100)

    # a resend after a lost answer is a duplicate, and nothing is stored twice
    now = dt.datetime.now(dt.UTC)
    with till.db.write(till.db.journal) as conn:
        ids = list(conn.execute(sa.select(till_documents.c.id)).scalars())
        conn.execute(
            sa.insert(documents_outbox),
            [
                {"document_id": i, "state": "pending", "enqueued_at": now, "attempts": 0}
                for i in ids
            ],
        )
    again = till.uplink.send_documents()
    assert (again.duplicate, again.accepted, again.remaining) == (8, 0, 0)
    assert len(gateway_rows(gateway, "cash_movements")) == 7
    assert len(gateway_rows(gateway, "closures")) == 1


def test_reprints_are_journaled_with_their_copy_number(till: Till) -> None:
    sold = sell(till, BREAD)
    with pytest.raises(ApprovalRefused):
        docs.reprint(till, ref_of(sold), supervisor=None)
    copies = [docs.reprint(till, sold.id, supervisor=SARA)[1] for _ in range(2)]
    assert copies == [1, 2]
    with till.db.read(till.db.journal) as conn:
        rows = conn.execute(sa.select(reprints)).all()
    assert [(r.ticket_id, r.copy_no, r.cashier, r.supervisor) for r in rows] == [
        (sold.id, 1, ANNE, SARA),
        (sold.id, 2, ANNE, SARA),
    ]
    x = docs.x_report(till)
    assert x["cashiers"][0]["approvals"] == 2  # type: ignore[index]
    assert local_day(dt.datetime.now(dt.UTC)).isoformat() == x["business_day"]


# ---------------------------------------------------------------- through the hub


def test_a_return_of_another_tills_ticket_through_the_hub(
    tmp_path: Path, gateway: GatewayServer
) -> None:
    from integration.standalone_till.test_hub import SECRET, client_till, make_till
    from standalone_till.hub.server import HubServer

    hub_till = make_till(
        tmp_path / "hub",
        "T00",
        webservice__url=gateway.url,
        local_server__enabled="true",
        local_server__secret=SECRET,
    )
    sell(hub_till, BREAD)  # the gateway learns the hub's store from its own ticket
    hub_till.uplink.send_tickets(force=True)
    hub = HubServer(hub_till).start("127.0.0.1", 0)
    tills = [
        client_till(tmp_path / name, name, gateway.url, hub, secret=SECRET)
        for name in ("T01", "T02")
    ]
    try:
        one, two = tills
        for t in tills:
            t.use_server("hub")
        sold = sell(one, BREAD, WINE, pay=((CARD, None),))
        assert one.uplink.send_tickets(force=True).accepted == 1  # to the hub only
        back, _ = docs.take_return(two, ref_of(sold), [(WINE, None)])
        assert back.original_id == sold.id
        docs.move_cash(two, CashKind.FLOAT, D("50.00"))
        two.closure()
        assert two.uplink.send_tickets(force=True).accepted == 1
        sent = two.uplink.send_documents(force=True)
        assert (sent.accepted, sent.remaining) == (2, 0)
        # the hub counts the return: the wine is gone, the bread remains
        with pytest.raises(ReturnRefused, match="cannot give back 1 of"):
            docs.take_return(two, sold.id, [(WINE, None)])
        # the hub relays it all to the gateway, each document once
        assert hub_till.uplink.send_tickets(force=True).error is None
        relayed = hub_till.uplink.send_documents(force=True)
        assert (relayed.accepted, relayed.remaining, relayed.error) == (2, 0, None)
        kinds = {r.ticket_id: r.kind for r in gateway_rows(gateway, "tickets")}
        assert kinds[back.id] == "return" and kinds[sold.id] == "sale"
        assert [r.till_id for r in gateway_rows(gateway, "closures")] == ["T02"]
        assert [r.kind for r in gateway_rows(gateway, "cash_movements")] == ["float"]
    finally:
        for t in tills:
            t.close()
        hub.stop()
        hub_till.close()


def test_refused_documents_are_quarantined_and_retried(till: Till, gateway: GatewayServer) -> None:
    first = docs.move_cash(till, CashKind.FLOAT, D("80.00")).movement
    assert till.uplink.send_documents().accepted == 1
    # the same id with other content (a till restored from an old backup): mismatch
    changed = docs.move_cash(till, CashKind.DROP, D("5.00")).movement
    with till.db.write(till.db.journal) as conn:
        d = till_documents.c
        text = conn.execute(sa.select(d.document).where(d.id == changed.id)).scalar_one()
        doc = json.loads(text) | {"id": first.id, "number": 1, "kind": "float"}
        conn.execute(
            sa.delete(documents_outbox).where(documents_outbox.c.document_id == changed.id)
        )
        conn.execute(sa.delete(till_documents).where(d.id == changed.id))
        conn.execute(
            sa.update(till_documents)
            .where(d.id == first.id)
            .values(document=json.dumps(doc), content_hash=content_hash_of_document(doc))
        )
        conn.execute(
            sa.insert(documents_outbox).values(
                document_id=first.id,
                state="pending",
                enqueued_at=dt.datetime.now(dt.UTC),
                attempts=0,
            )
        )
    # one the contract cannot carry is set aside without asking the server
    odd = docs.move_cash(till, CashKind.CASH_IN, D("1.00"), reason="coins").movement
    with till.db.write(till.db.journal) as conn:  # a reason the contract cannot carry
        d = till_documents.c
        text = conn.execute(sa.select(d.document).where(d.id == odd.id)).scalar_one()
        bad = json.loads(text) | {"reason": "a\x0bb"}
        conn.execute(
            sa.update(till_documents).where(d.id == odd.id).values(document=json.dumps(bad))
        )
    report = till.uplink.send_documents()
    assert (report.mismatch, report.unsendable, report.remaining) == (1, 1, 0)
    quarantined = {q["document_id"]: q for q in till.uplink.documents.quarantined()}
    assert set(quarantined) == {first.id, odd.id}
    assert quarantined[first.id]["reason"].startswith("mismatch")
    assert till.status()["documents_quarantined"] == 2
    assert till.uplink.documents.retry([first.id]) == 1
    assert till.uplink.send_documents().mismatch == 1  # the same answer: fix the cause first
    assert len(gateway_rows(gateway, "cash_movements")) == 1


def test_a_server_refusing_send_documents_holds_off_documents_not_tickets(till: Till) -> None:
    class Refusing:
        """A server that knows no SendDocuments (say, a hub not yet upgraded)."""

        def send_documents(self, *args: object, **kw: object) -> list[object]:
            raise ServerFault("no such operation", code="InvalidRequest", operation="SendDocuments")

        def close(self) -> None:
            pass

    docs.move_cash(till, CashKind.FLOAT, D("10.00"))
    uplink = Uplink(till.cfg, till.db, client_factory=lambda cfg: Refusing())  # type: ignore[arg-type,return-value]
    report = uplink.send_documents()
    assert isinstance(report.error, ServerFault) and report.remaining == 1
    assert uplink.state.held(Area.DOCUMENTS) is not None
    assert uplink.state.held(Area.TICKETS) is None
    assert uplink.send_documents().held_until is not None  # left alone for the hold-off
    assert "no such operation" in str(till.status()["sync_errors"]["documents"])  # type: ignore[index]


def test_two_returns_made_from_the_same_state_cannot_both_close(till: Till) -> None:
    """Two windows (or a window and the CLI) give back the same goods at once: the journal
    checks again in the transaction that stores the return."""
    from standalone_till.returns import build_return

    sold = sell(till, BREAD, WINE)
    original = till.journal.ticket_document(sold.id)
    assert original is not None
    made = [build_return(original, {}, {2: D(1)}, store_id="S001", till_id="T01") for _ in range(2)]
    till.journal.close_ticket(made[0])
    with pytest.raises(ReturnRefused, match="given back meanwhile"):
        till.journal.close_ticket(made[1])
    assert till.journal.returned_of(sold.id) == {2: D(1)}


_HOLD_A_SALE = """
import sys
from pathlib import Path
from cashier_fixture import ANNE, PINS
from catalog_fixture import BREAD
from standalone_till.config import load_config
from standalone_till.service import Till

till = Till(load_config(Path(sys.argv[1])))
till.signin(ANNE, PINS[ANNE])
sale = till.new_sale()
sale.scan(BREAD)
print(sale.ticket.id, flush=True)
command = sys.stdin.readline().strip()
if command == "cancel":
    sale.cancel()
    print("cancelled", flush=True)
sys.stdin.readline()
"""


@pytest.mark.slow  # two till processes start, seconds each on a loaded machine
def test_the_z_waits_for_a_ticket_open_in_another_process(till: Till, till_config: Path) -> None:
    """The cashier's window and `till day closure` are two processes of one till: the Z is
    refused while the other holds a ticket open, and not blocked by one whose process died."""
    import os
    import subprocess
    import sys

    tests = Path(__file__).parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests), str(tests.parent)])}

    def holder() -> tuple[subprocess.Popen[str], str]:
        proc = subprocess.Popen(
            [sys.executable, "-c", _HOLD_A_SALE, str(till_config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        return proc, proc.stdout.readline().strip()  # the sale's id, once its line is in

    def stop(proc: subprocess.Popen[str]) -> None:
        proc.kill()
        proc.communicate()

    sell(till, BREAD)
    proc, open_id = holder()
    try:
        assert open_id
        with pytest.raises(SaleError, match=f"open in another window or process.*{open_id}"):
            till.closure()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("cancel\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "cancelled"
        assert not list(till.open_sales_folder.iterdir())  # cancelling took its mark away
    finally:
        stop(proc)

    proc, open_id = holder()  # a process killed with its sale open leaves no lock behind
    stop(proc)
    assert [p.name for p in till.open_sales_folder.iterdir()] == [f"{open_id}.open"]
    z = till.closure()
    assert z.tickets == 1
    assert not list(till.open_sales_folder.iterdir())
