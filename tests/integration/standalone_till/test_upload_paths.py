"""The upload's fast paths against the plain ones they stand in for, and the behaviours
built around them: the till writes each <ticket> straight from its stored document, the
gateway reads plain requests by position and writes canonical JSON by hand, the drain
keeps two batches on the wire. Each fast path must give exactly what the plain one gives.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from gateway_fixture import envelope, make_ticket, post
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from connectors.errors import BadInput, ServerUnavailable
from connectors.soap.server import Contract, SoapApp
from erp_gateway.schema import ticket_versions, tickets
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_sync_gateway import (
    gateway_ticket_ids,
    linked_till,
    outbox,
    sell,
)
from standalone_till.config import TillConfig
from standalone_till.sync.outbox import IN_FLIGHT, PendingTicket, prepare
from ticket_contract import WSDL_PATH
from ticket_contract.client import ErpClient, TicketResult
from ticket_contract.tickets import (
    _JSON,
    Line,
    Payment,
    ReceivedTicket,
    VatLine,
    canonical_text,
    document,
)
from ticket_contract.wire import is_plain, send_tickets_request, ticket_from_xml
from ticket_contract.writer import contract_ticket, ticket_xml
from unit.standalone_till.test_sync_mapping import ENCODER, _sold, a_full_ticket, stored

# ---------------------------------------------------------------- the till's <ticket>


def _encoded(documents: list[tuple[dict[str, Any], str]]) -> bytes:
    """What the client's encoder writes for these stored tickets (the reference)."""
    return ENCODER.encode_send_tickets("T01", [contract_ticket(d, h) for d, h in documents])


def _prepared(documents: list[tuple[dict[str, Any], str]]) -> bytes | None:
    batch = [PendingTicket(d["id"], json.dumps(d), h) for d, h in documents]
    return prepare(batch, "T01", ENCODER).body


@settings(max_examples=40, deadline=None)
@given(st.lists(_sold(), min_size=1, max_size=4))
def test_the_drains_request_is_the_encoders_byte_for_byte(sold: list[Any]) -> None:
    documents = [stored(t) for t in sold]
    assert _prepared(documents) == _encoded(documents)


def _respell(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        *parents, key = path.split(".")
        target: Any = d
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[key] = value

    return change


SPELLINGS = [
    ("lines.0.name", "Fish & chips <hot> \r\n 'é' \"ü\""),
    ("lines.0.name", ""),
    ("lines.0.barcode", "40063&81333931"),
    ("lines.0.quantity", "2"),
    ("lines.0.quantity", "02.000"),
    ("lines.0.quantity", "2.0000"),
    ("lines.0.unit_price", "1.2000"),
    ("lines.0.unit_price", "1E+1"),
    ("lines.0.unit_price", "0.0000001"),
    ("lines.0.unit_price", "-0"),
    ("lines.0.unit_price", 3),
    ("lines.0.vat_rate", "5.5"),
    ("lines.0.vat_rate", "100"),
    ("lines.0.vat_rate", "100.01"),
    ("lines.0.amount", "007.50"),
    ("lines.0.amount", "-0.00"),
    ("lines.0.amount", "7.5"),
    ("lines.0.amount", "7.505"),
    ("lines.0.amount", 7),
    ("lines.0.alcohol", 1),
    ("lines.0.line_no", True),
    ("lines.0.line_no", 0),
    ("totals.total", "1E+2"),
    ("totals.total", "NaN"),
    ("totals.vat.0.rate", "20"),
    ("customer_code", "C&<1>"),
    ("customer_code", None),
    ("card_number", "x" * 65),
    ("business_day", "20260615"),
    ("opened_at", "2026-06-15T10:00:05+02:00"),
    ("opened_at", "2026-06-15T08:00:05.250000Z"),
    ("closed_at", "2026-06-15T08:00:05"),
    ("closed_at", "2026-06-15T25:00:05Z"),
    ("closed_at", "2026-02-30T08:00:05Z"),
    ("closed_at", 1718438405),
    ("id", ""),
    ("id", "A<1>&\r"),
    ("store_id", "S\x0b1"),
    ("number", "7"),
    ("status", "open"),
    ("payments.0.method", "cheque"),
]


@pytest.mark.parametrize(("path", "value"), SPELLINGS)
def test_each_spelling_is_written_or_refused_as_the_encoder_does(path: str, value: object) -> None:
    document_, digest = stored(a_full_ticket())
    _respell(path, value)(document_)
    try:
        expected = _encoded([(document_, digest)])
    except BadInput as exc:
        with pytest.raises(BadInput) as caught:
            ticket_xml(document_, digest)
        assert str(caught.value) == str(exc)
        return
    assert _prepared([(document_, digest)]) == expected


def test_a_batch_keeps_what_can_go_and_sets_the_rest_aside() -> None:
    good, digest = stored(a_full_ticket())
    bad = copy.deepcopy(good)
    bad["id"] = "another"
    bad["lines"][0]["name"] = "bell\x07"
    batch = [
        PendingTicket(good["id"], json.dumps(good), digest),
        PendingTicket("another", json.dumps(bad), digest),
    ]
    prepared = prepare(batch, "T01", ENCODER)
    assert [e.ticket_id for e in prepared.tickets] == [good["id"]]
    assert [tid for tid, _ in prepared.unsendable] == ["another"]
    assert "control character" in prepared.unsendable[0][1]
    assert prepared.body == _encoded([(good, digest)])


# ---------------------------------------------------------------- the gateway's reading

APP = SoapApp(
    {"SendTickets": lambda el: el}, max_request_bytes=10**8, contract=Contract.load(WSDL_PATH)
)


def _optional_combos() -> list[dict[str, Any]]:
    """Tickets with every combination of the optional elements present or not."""
    found = []
    for i, (customer, card, barcode, offer) in enumerate(
        [(c, k, b, o) for c in (0, 1) for k in (0, 1) for b in (0, 1) for o in (0, 1)]
    ):
        t = make_ticket(f"O-{i}", number=i + 1, customer_code="C1" if customer else None)
        if card:
            t["cardNumber"] = "9000000000017"
            t = dict(sorted(t.items(), key=lambda kv: _ORDER.index(kv[0])))
        first = t["lines"]["line"][0]
        if barcode:
            first["barcode"] = "4006381333931"
        if offer:
            first["offerCode"] = "O-1"
        t["lines"]["line"][0] = dict(sorted(first.items(), key=lambda kv: _LINE_ORDER.index(kv[0])))
        found.append(t)
    return found


_ORDER = [
    "id", "storeId", "tillId", "businessDay", "number", "status", "openedAt", "closedAt",
    "customerCode", "cardNumber", "total", "discount", "change", "contentHash", "lines",
    "payments", "vat",
]  # fmt: skip
_LINE_ORDER = [
    "lineNo", "itemCode", "barcode", "name", "quantity", "unitPrice", "vatRate", "alcohol",
    "discount", "offerCode", "voided", "amount",
]  # fmt: skip


def _request(body: bytes) -> etree._Element:
    return APP._parse(body)


def _both_ways(request: etree._Element) -> tuple[list[Any], list[Any]]:
    holder = request.find("{urn:tillsync:erp:v2}tickets")
    assert holder is not None
    elements = list(holder.iterchildren(etree.Element))
    by_tag = [ticket_from_xml(el) for el in elements]
    by_position = [ticket_from_xml(el, plain=True) for el in elements]
    return by_tag, by_position


def test_reading_by_position_gives_what_reading_by_tag_gives() -> None:
    body = envelope("SendTickets", {"tillId": "T01", "tickets": {"ticket": _optional_combos()}})
    request = _request(body)
    assert is_plain(request)
    by_tag, by_position = _both_ways(request)
    assert by_position == by_tag
    assert {(t.customer_code is None, t.card_number is None) for t in by_tag} == {
        (a, b) for a in (True, False) for b in (True, False)
    }
    firsts = {(t.lines[0].barcode is None, t.lines[0].offer_code is None) for t in by_tag}
    assert len(firsts) == 4


def test_indented_requests_read_by_position_too() -> None:
    body = envelope("SendTickets", {"tillId": "T01", "tickets": {"ticket": _optional_combos()}})
    pretty = etree.tostring(etree.fromstring(body), pretty_print=True, xml_declaration=True)
    request = _request(pretty)
    assert is_plain(request)
    assert send_tickets_request(request) == send_tickets_request(_request(body))


def test_a_request_with_comments_is_read_by_tag() -> None:
    batch = _optional_combos()[:4]
    body = envelope("SendTickets", {"tillId": "T01", "tickets": {"ticket": batch}})
    noted = body.replace(b"<t:total>", b"<!-- sum --><?till note?><t:total>").replace(
        b"<t:barcode>", b"<!-- scanned --><t:barcode>"
    )
    request = _request(noted)
    assert not is_plain(request)
    assert send_tickets_request(request) == send_tickets_request(_request(body))


def test_the_tills_own_requests_read_the_same_both_ways() -> None:
    documents = [stored(a_full_ticket())]
    by_tag, by_position = _both_ways(_request(_encoded(documents)))
    assert by_position == by_tag and not isinstance(by_tag[0], Exception)


_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_ints = st.integers(-(10**15), 10**15)


@st.composite
def _received(draw: st.DrawFn) -> ReceivedTicket:
    lines = draw(
        st.lists(
            st.builds(
                Line, _ints, _texts, st.none() | _texts, _texts, _ints, _ints, _ints,
                st.booleans(), _ints, st.none() | _texts, st.booleans(), _ints,
            ),
            max_size=3,
        )
    )  # fmt: skip
    moment = st.datetimes(timezones=st.just(dt.UTC))
    return ReceivedTicket(
        draw(_texts), draw(_texts), draw(_texts), draw(st.dates()), draw(_ints),
        draw(_texts), draw(moment), draw(moment), draw(st.none() | _texts),
        draw(st.none() | _texts), draw(_ints), draw(_ints), draw(_ints), draw(_texts),
        tuple(lines),
        tuple(draw(st.lists(st.builds(Payment, _texts, _ints), max_size=2))),
        tuple(draw(st.lists(st.builds(VatLine, _ints, _ints, _ints, _ints), max_size=2))),
    )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_received())
def test_the_canonical_text_is_the_json_encoders(t: ReceivedTicket) -> None:
    assert canonical_text(t) == _JSON.encode(document(t))


# ---------------------------------------------------------------- the gateway's store


def _statuses(server: GatewayServer, batch: list[dict[str, Any]]) -> list[tuple[str, str]]:
    body = envelope("SendTickets", {"tillId": "T01", "tickets": {"ticket": batch}})
    reply = post(server.url, body)
    assert reply.status == 200, reply.body
    return [
        (
            r.findtext("{urn:tillsync:erp:v2}ticketId") or "",
            r.findtext("{urn:tillsync:erp:v2}status") or "",
        )
        for r in reply.find(".//t:result")
    ]


def _one_batch_scenario(server: GatewayServer) -> None:
    first = make_ticket("B-1", number=1)
    changed = make_ticket("B-1", number=1, paid_cash="50.00")
    again = make_ticket("B-1", number=1, paid_cash="50.00")
    other = make_ticket("B-2", number=2)
    assert _statuses(server, [first, first, changed, again, other]) == [
        ("B-1", "accepted"),
        ("B-1", "duplicate"),
        ("B-1", "mismatch"),
        ("B-1", "mismatch"),
        ("B-2", "accepted"),
    ]
    with server.db.read() as conn:
        kept = conn.execute(sa.select(tickets.c.ticket_id, tickets.c.change)).all()
        versions = conn.execute(sa.select(ticket_versions.c.ticket_id, ticket_versions.c.times))
        assert sorted(versions) == [("B-1", 2)]  # the other content, once, seen twice
    assert sorted((tid, str(change)) for tid, change in kept) == [("B-1", "0.00"), ("B-2", "0.00")]


def test_duplicate_and_mismatch_within_one_batch(gateway: GatewayServer) -> None:
    _one_batch_scenario(gateway)


def test_times_are_stored_on_sqlite_as_the_orm_stores_them(gateway: GatewayServer) -> None:
    """The bulk path writes times with their microseconds, like SQLAlchemy: SQLite compares
    them as text, and 09:00:00 would sort before 09:00:00.000000."""
    _statuses(gateway, [make_ticket("C-1", number=1)])
    with gateway.db.read() as conn:
        raw = conn.exec_driver_sql("SELECT opened_at, closed_at, received_at FROM tickets").one()
        since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        found = conn.execute(sa.select(tickets.c.ticket_id).where(tickets.c.closed_at >= since))
        assert found.scalars().all() == ["C-1"]
    assert all(len(v) == len("2026-03-02 09:00:00.000000") and v[19] == "." for v in raw)


@pytest.mark.postgres
def test_duplicate_and_mismatch_within_one_batch_on_postgresql(gateway_pg: GatewayServer) -> None:
    _one_batch_scenario(gateway_pg)


def _overlapping_race(server: GatewayServer, rounds: int = 6) -> None:
    """Two different batches sharing one ticket, sent at the same moment: the shared one is
    stored once, accepted for one batch and a duplicate for the other."""
    for r in range(rounds):
        shared = make_ticket(f"X-{r}", number=1000 + r)
        left = [make_ticket(f"L-{r}-{i}", number=r * 100 + i + 1) for i in range(20)]
        right = [make_ticket(f"R-{r}-{i}", number=r * 100 + i + 50) for i in range(20)]
        start = threading.Barrier(2)
        answers: dict[str, list[tuple[str, str]]] = {}

        def send(
            name: str,
            batch: list[dict[str, Any]],
            start: threading.Barrier = start,
            answers: dict[str, list[tuple[str, str]]] = answers,
        ) -> None:
            start.wait()
            answers[name] = _statuses(server, batch)

        threads = [
            threading.Thread(target=send, args=("left", [*left[:10], shared, *left[10:]])),
            threading.Thread(target=send, args=("right", [shared, *right])),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        outcomes = sorted(s for a in answers.values() for tid, s in a if tid == f"X-{r}")
        assert outcomes == ["accepted", "duplicate"]
        assert all(s == "accepted" for a in answers.values() for tid, s in a if tid != f"X-{r}")
    with server.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(tickets)).scalar_one() == (
            41 * rounds
        )


def test_the_same_ticket_in_two_concurrent_batches(gateway: GatewayServer) -> None:
    _overlapping_race(gateway)


@pytest.mark.postgres
def test_the_same_ticket_in_two_concurrent_batches_on_postgresql(
    gateway_pg: GatewayServer,
) -> None:
    _overlapping_race(gateway_pg)


# ---------------------------------------------------------------- the drain's two lanes


class Lanes(ErpClient):
    """The real client, keeping each posted body, counting posts at once; it waits a
    little on each post (so that two overlap) and can fail the n-th one."""

    def __init__(self, url: str, *, fail_at: int = 0) -> None:
        super().__init__(url, timeout=10, ping_timeout=2)
        self.bodies: list[bytes] = []
        self.running = self.most = 0
        self.fail_at = fail_at
        self.lock = threading.Lock()

    def post_send_tickets(self, body: bytes) -> list[TicketResult]:
        with self.lock:
            self.bodies.append(body)
            number = len(self.bodies)
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.05)
            if number == self.fail_at:
                raise ServerUnavailable("SendTickets: cut on purpose", target="test")
            return super().post_send_tickets(body)
        finally:
            with self.lock:
                self.running -= 1


def _sent_ids(bodies: list[bytes]) -> list[str]:
    ns = "{urn:tillsync:erp:v2}"
    return [
        el.text or ""
        for body in bodies
        for el in etree.fromstring(body).iter(f"{ns}id")
        if el.getparent() is not None and el.getparent().tag == f"{ns}ticket"
    ]


def _lanes_till(tmp_path: Path, gateway: GatewayServer, lanes: list[Lanes], fail_at: int) -> Any:
    def factory(cfg: TillConfig) -> ErpClient:
        client = Lanes(cfg.webservice.url, fail_at=fail_at)
        lanes.append(client)
        return client

    return linked_till(tmp_path / "till", gateway.url, client_factory=factory, batch_size=3)


def test_two_batches_on_the_wire_each_ticket_in_one(tmp_path: Path, gateway: GatewayServer) -> None:
    lanes: list[Lanes] = []
    till = _lanes_till(tmp_path, gateway, lanes, fail_at=0)
    try:
        sold = [sell(till) for _ in range(20)]
        report = till.uplink.send_tickets(force=True)
        assert (report.accepted, report.remaining, report.batches) == (20, 0, 7)
        (client,) = lanes
        assert client.most == IN_FLIGHT
        sent = _sent_ids(client.bodies)
        assert sorted(sent) == sorted(t.id for t in sold)  # each ticket in one batch only
        assert sorted(gateway_ticket_ids(gateway)) == sorted(t.id for t in sold)
        assert outbox(till) == {}
    finally:
        till.close()


def test_a_failed_batch_stops_the_drain_and_loses_nothing(
    tmp_path: Path, gateway: GatewayServer
) -> None:
    lanes: list[Lanes] = []
    till = _lanes_till(tmp_path, gateway, lanes, fail_at=3)
    try:
        sold = [sell(till) for _ in range(20)]
        report = till.uplink.send_tickets(force=True)
        assert report.error is not None and "cut on purpose" in str(report.error)
        (client,) = lanes
        posted = [_sent_ids([body]) for body in client.bodies]
        failed = set(posted[2])
        assert len(posted) <= 4  # nothing new goes once a call failed
        stored = set(gateway_ticket_ids(gateway))
        assert stored == {tid for batch in posted for tid in batch} - failed
        waiting = outbox(till)
        assert set(waiting) == {t.id for t in sold} - stored
        assert {tid for tid, e in waiting.items() if e.attempts == 1} == failed
        assert report.accepted == len(stored) and report.remaining == len(waiting)
        client.fail_at = 0
        again = till.uplink.send_tickets(force=True)
        assert (again.accepted, again.duplicate, again.remaining) == (len(waiting), 0, 0)
        assert sorted(gateway_ticket_ids(gateway)) == sorted(t.id for t in sold)
    finally:
        till.close()
