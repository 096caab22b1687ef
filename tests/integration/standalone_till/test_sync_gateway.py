"""The till's link against the real gateway over HTTP on 127.0.0.1: uploads, resends,
mismatches, refusals, outages, messages, offers and ping. The gateway's database is only
read, with plain SQL, to count what arrived."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import socket
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import write_till_config
from gateway_fixture import make_gateway_config

from catalog_fixture import BREAD, CUSTOMER, MILK_UPC, WINE, write_catalog
from erp_gateway.notices import push
from erp_gateway.offers import Offer as GatewayOffer
from erp_gateway.offers import replace_offers
from erp_gateway.server import GatewayServer
from standalone_till import schema as T
from standalone_till.clock import utcnow
from standalone_till.config import load_config, set_key
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.sales import content_hash as content_hash_of
from standalone_till.service import Till
from standalone_till.sync.state import Area
from standalone_till.sync.uplink import client_for
from ticket_contract.writer import content_hash

# ---------------------------------------------------------------- helpers (also used by
# test_agent*.py)


class Clock:
    """The till's clock for hold-offs; moves only when told."""

    def __init__(self) -> None:
        self.offset = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return utcnow() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += dt.timedelta(seconds=seconds)


def till_config_for(folder: Path, url: str, pg_url: str | None = None, **keys: object) -> Path:
    """A till config in ``folder`` linked to ``url``; ``keys`` like ``batch_size=5``
    (webservice) or ``timings__drip=True``; on PostgreSQL with ``pg_url``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_till_config(folder, pg_url=pg_url)
    set_key(path, "webservice.url", url)
    for key, value in keys.items():
        section, _, name = key.rpartition("__")
        text = str(value).lower() if isinstance(value, bool) else str(value)
        set_key(path, f"{section or 'webservice'}.{name}", text)
    return path


def linked_till(
    folder: Path, url: str, *, clock: Any = utcnow, client_factory: Any = client_for, **keys: object
) -> Till:
    """A till with the sample catalog loaded, its web service at ``url``."""
    cfg = load_config(till_config_for(folder, url, **keys))
    till = Till(cfg, clock=clock, client_factory=client_factory)
    till.init()
    till.load_data(write_catalog(folder / "exports"))
    return till


def sell(till: Till, *codes: str, customer: str | None = None) -> Ticket:
    sale = till.new_sale()
    if customer:
        sale.set_customer(customer)
    for code in codes or (BREAD,):
        sale.scan(code)
    sale.pay(PaymentMethod.CASH)
    return sale.close()


def gateway_rows(server: GatewayServer, table: str = "tickets") -> list[Any]:
    """Rows of a gateway table, read with plain SQL (nothing of the gateway's code)."""
    engine = sa.create_engine(server.config.database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text(f"SELECT * FROM {table}")))
    finally:
        engine.dispose()


def gateway_ticket_ids(server: GatewayServer) -> list[str]:
    return [r.ticket_id for r in gateway_rows(server)]


def outbox(till: Till) -> dict[str, Any]:
    with till.db.read(till.db.journal) as conn:
        return {r.ticket_id: r for r in conn.execute(sa.select(T.outbox))}


def requeue(till: Till, ticket_ids: list[str]) -> None:
    """Put sent tickets back in the outbox, as if the answer had been lost in a crash."""
    with till.db.write(till.db.journal) as conn:
        conn.execute(
            sa.update(T.tickets)
            .where(T.tickets.c.id.in_(ticket_ids))
            .values(synced_at=None, sync_result=None)
        )
        conn.execute(
            sa.insert(T.outbox),
            [
                {"ticket_id": i, "state": "pending", "enqueued_at": utcnow(), "attempts": 0}
                for i in ticket_ids
            ],
        )


def rewrite_document(till: Till, ticket_id: str, change: Any, *, rehash: bool = True) -> None:
    """Change a stored ticket as a till that closed other content would have stored it
    (``rehash``: with that content's hash), or as a hand edit of the journal (without)."""
    with till.db.write(till.db.journal) as conn:
        t = T.tickets.c
        text = conn.execute(sa.select(t.document).where(t.id == ticket_id)).scalar_one()
        document = json.loads(text)
        change(document)
        values: dict[str, str] = {"document": json.dumps(document)}
        if rehash:
            with contextlib.suppress(ValueError):  # what the contract cannot carry keeps it
                values["content_hash"] = content_hash(document)
        conn.execute(sa.update(T.tickets).where(t.id == ticket_id).values(**values))


def restart(server: GatewayServer) -> GatewayServer:
    """The same gateway (config, database) back on the same port."""
    return GatewayServer(server.config).start(host="127.0.0.1", port=server.port)


@pytest.fixture
def till(tmp_path: Path, gateway: GatewayServer) -> Iterator[Till]:
    t = linked_till(tmp_path / "till", gateway.url, batch_size=5)
    yield t
    t.close()


# ---------------------------------------------------------------- tickets


def test_the_outbox_drains_in_batches_exactly_once(till: Till, gateway: GatewayServer) -> None:
    sold = [sell(till, BREAD, WINE) for _ in range(12)]
    report = till.uplink.send_tickets()
    assert (report.accepted, report.remaining, report.batches, report.error) == (12, 0, 3, None)
    assert sorted(gateway_ticket_ids(gateway)) == sorted(t.id for t in sold)
    assert outbox(till) == {}
    listed = till.journal.tickets()
    assert {t["outbox"] for t in listed} == {"sent"}
    assert {t["sync_result"] for t in listed} == {"accepted"}
    status = till.status()
    assert status["outbox_pending"] == 0 and status["last_sync_at"].endswith("Z")
    assert till.uplink.send_tickets().batches == 0  # nothing left: no call at all


def test_a_till_on_postgresql_drains_and_quarantines_too(
    tmp_path: Path, gateway: GatewayServer, pg_database: str
) -> None:
    till = linked_till(tmp_path / "till", gateway.url, pg_url=pg_database, batch_size=3)
    try:
        sold = [sell(till) for _ in range(7)]
        odd = sell(till, WINE)
        rewrite_document(till, odd.id, lambda d: d["lines"][0].update(name="tab\x0b"))
        report = till.uplink.send_tickets()
        assert (report.accepted, report.unsendable, report.remaining) == (7, 1, 0)
        assert sorted(gateway_ticket_ids(gateway)) == sorted(t.id for t in sold)
        assert [q["ticket_id"] for q in till.uplink.outbox.quarantined()] == [odd.id]
        assert till.status()["last_sync_at"] is not None
    finally:
        till.close()


def test_a_resend_after_a_lost_answer_is_a_duplicate(till: Till, gateway: GatewayServer) -> None:
    sold = [sell(till) for _ in range(3)]
    till.uplink.send_tickets()
    requeue(till, [t.id for t in sold])
    report = till.uplink.send_tickets()
    assert (report.duplicate, report.accepted, report.remaining) == (3, 0, 0)
    assert len(gateway_ticket_ids(gateway)) == 3 and gateway_rows(gateway, "ticket_versions") == []
    assert {t["sync_result"] for t in till.journal.tickets()} == {"duplicate"}


def test_a_changed_resend_is_quarantined_and_both_versions_kept(
    till: Till, gateway: GatewayServer
) -> None:
    first = sell(till, BREAD, WINE)
    till.uplink.send_tickets()
    rewrite_document(till, first.id, lambda d: d["lines"][0].update(name="Rye bread 750g"))
    requeue(till, [first.id])
    report = till.uplink.send_tickets()
    assert report.mismatch == 1 and report.remaining == 0
    (entry,) = till.uplink.outbox.quarantined()
    assert entry["ticket_id"] == first.id and entry["reason"].startswith("mismatch: ")
    assert "lines[1].name" in entry["reason"]
    assert till.status()["quarantined"] == 1
    (kept,) = gateway_rows(gateway)
    (other,) = gateway_rows(gateway, "ticket_versions")
    assert "Rye bread 500g" in kept.document and "Rye bread 750g" in other.document
    assert till.uplink.outbox.retry([first.id]) == 1
    assert outbox(till)[first.id].state == "pending"
    assert till.uplink.send_tickets().mismatch == 1  # what differs is reported again, not lost
    assert outbox(till)[first.id].attempts == 2


def test_a_hand_edited_ticket_is_refused_naming_both_hashes(
    till: Till, gateway: GatewayServer
) -> None:
    edited = sell(till, BREAD, WINE)
    rewrite_document(till, edited.id, lambda d: d["totals"].update(change="9.99"), rehash=False)
    report = till.uplink.send_tickets()
    assert (report.rejected, report.remaining) == (1, 0)
    assert gateway_ticket_ids(gateway) == []
    (entry,) = till.uplink.outbox.quarantined()
    assert entry["reason"].startswith(f"rejected: contentHash {content_hash_of(edited)} is not")
    assert "the ticket changed after it was closed" in entry["reason"]


def test_refused_tickets_never_block_the_others(till: Till, gateway: GatewayServer) -> None:
    good = [sell(till) for _ in range(3)]
    bad = sell(till, WINE)
    odd = sell(till, MILK_UPC, WINE)
    rewrite_document(till, bad.id, lambda d: d["totals"].update(total="99.99"))
    rewrite_document(till, odd.id, lambda d: d["lines"][0].update(name="bell\x07"))
    more = [sell(till) for _ in range(4)]
    report = till.uplink.send_tickets()
    assert (report.accepted, report.rejected, report.unsendable, report.remaining) == (7, 1, 1, 0)
    assert sorted(gateway_ticket_ids(gateway)) == sorted(t.id for t in good + more)
    reasons = {q["ticket_id"]: q["reason"] for q in till.uplink.outbox.quarantined()}
    assert reasons[bad.id].startswith("rejected: ") and "99.99" in reasons[bad.id]
    assert "cannot be sent" in reasons[odd.id] and "control character" in reasons[odd.id]
    assert till.uplink.outbox.retry(None) == 2
    assert till.uplink.send_tickets().rejected == 1


@pytest.mark.parametrize("server", ["gateway", "gateway_pg"])
def test_gateway_down_then_back_drains_exactly_once(
    server: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    gw: GatewayServer = request.getfixturevalue(server)
    clock = Clock()
    till = linked_till(tmp_path / "till", gw.url, clock=clock, batch_size=4)
    try:
        before = [sell(till) for _ in range(3)]
        assert till.uplink.send_tickets().accepted == 3
        gw.stop()
        during = [sell(till, WINE) for _ in range(6)]  # selling goes on, tickets pile up
        failed = till.uplink.send_tickets()
        assert failed.error is not None and "cannot connect" in str(failed.error)
        assert failed.remaining == 6
        tried = sorted(e.attempts for e in outbox(till).values())
        assert tried == [0, 0, 1, 1, 1, 1]  # the first batch failed; the drain stopped there
        held = till.uplink.send_tickets()  # within the hold-off: not even tried
        assert held.held_until is not None and held.error is None
        assert sorted(e.attempts for e in outbox(till).values()) == tried
        assert till.status()["outbox_pending"] == 6
        back = restart(gw)
        try:
            clock.advance(till.cfg.timings.error_holdoff)
            during += [sell(till, MILK_UPC, BREAD)]
            report = till.uplink.send_tickets()
            assert (report.accepted, report.remaining, report.error) == (7, 0, None)
            ids = gateway_ticket_ids(back)
            assert sorted(ids) == sorted(t.id for t in before + during)
            assert len(ids) == len(set(ids)) == 10
        finally:
            back.stop()
    finally:
        till.close()


# ---------------------------------------------------------------- messages


def _delivered(server: GatewayServer) -> dict[int, Any]:
    return {r.notification_id: r for r in gateway_rows(server, "notification_deliveries")}


def test_messages_at_each_event_with_the_holdoff(tmp_path: Path, gateway: GatewayServer) -> None:
    clock = Clock()
    till = linked_till(tmp_path / "till", gateway.url, clock=clock)
    try:
        first = push(gateway.db, "till", "T01", "Inventory tonight at 18:00")
        till.open_day()  # no agent here: fetched now, within the look-up timeout
        assert [m.text for m in till.uplink.messages_to_show()] == ["Inventory tonight at 18:00"]
        assert till.uplink.messages_to_show() == []  # shown once
        assert _delivered(gateway)[first.id].acked_at is not None
        second = push(gateway.db, "all", None, "New prices from Monday")
        gateway.stop()
        till.close_day()  # the call fails: the messages area rests
        assert till.uplink.state.held(Area.MESSAGES) is not None
        assert "cannot connect" in (till.uplink.state.get(Area.MESSAGES).last_error or "")
        back = restart(gateway)
        try:
            till.open_day()  # reopened, but within the hold-off: not asked
            assert second.id not in _delivered(back)
            assert till.uplink.messages_to_show() == []
            clock.advance(till.cfg.timings.error_holdoff)
            till.closure()
            assert [m.text for m in till.uplink.messages_to_show()] == ["New prices from Monday"]
            stored = {m.id: m for m in till.uplink.messages.recent()}
            assert stored[second.id].event == "closure" and stored[second.id].acked_at
            assert _delivered(back)[second.id].acked_at is not None
        finally:
            back.stop()
    finally:
        till.close()


def test_a_failed_ack_is_retried_and_the_message_kept(
    tmp_path: Path, gateway: GatewayServer
) -> None:
    till = linked_till(tmp_path / "till", gateway.url)
    try:
        note = push(gateway.db, "till", "T01", "Fire drill at 11:00")
        assert till.uplink.fetch_messages("between_tickets").new == (note.id,)
        with till.db.write(till.db.journal) as conn:  # as if the ack had not gone through
            conn.execute(sa.update(T.messages).values(acked_at=None))
        gateway.stop()
        failed = till.uplink.ack_messages(force=True)
        assert failed.error and till.uplink.messages.unacked() == [note.id]
        back = restart(gateway)
        try:
            assert till.uplink.ack_messages(force=True).acked == 1
            assert till.uplink.messages.unacked() == []
            assert [m.id for m in till.uplink.messages_to_show()] == [note.id]
        finally:
            back.stop()
    finally:
        till.close()


# ---------------------------------------------------------------- offers


def _online_offers(server: GatewayServer) -> None:
    replace_offers(
        server.db,
        [
            GatewayOffer(
                "O-WINE", "Wine -30 % online", "customer", CUSTOMER, "item", "WINE",
                "percent", Decimal("30"),
            ),
            GatewayOffer(
                "O-BREAD", "Bread -50 %", "customer", CUSTOMER, "item", "BREAD",
                "percent", Decimal("50"),
            ),
        ],
    )  # fmt: skip


def _line(ticket: Ticket, item_code: str) -> Any:
    return next(line for line in ticket.lines if line.item_code == item_code)


def test_online_offers_win_and_the_local_ones_stand_in(
    tmp_path: Path, gateway: GatewayServer
) -> None:
    _online_offers(gateway)
    till = linked_till(tmp_path / "till", gateway.url)
    try:
        online = sell(till, WINE, BREAD, customer=CUSTOMER)
        assert _line(online, "WINE").offer_code == "O-WINE"
        assert _line(online, "WINE").discount >= Decimal("2.97")  # 30 % of 9.90, online
        assert _line(online, "BREAD").offer_code == "O-BREAD"  # unknown to the local catalog
        gateway.stop()
        started = time.monotonic()
        local = sell(till, WINE, BREAD, customer=CUSTOMER)
        assert time.monotonic() - started < till.cfg.webservice.timeout  # sanity bound only
        assert _line(local, "WINE").discount < Decimal("2.97")  # the local 20 %
        assert _line(local, "BREAD").offer_code != "O-BREAD"
        state = till.uplink.state.get(Area.OFFERS)
        assert state.failures == 1 and till.uplink.state.held(Area.OFFERS) is not None
        sell(till, WINE, customer=CUSTOMER)  # held off: not tried again
        assert till.uplink.state.get(Area.OFFERS).failures == 1
    finally:
        till.close()


def test_a_silent_server_costs_the_cashier_one_lookup_timeout(tmp_path: Path) -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/soap"
        till = linked_till(tmp_path / "till", url, lookup_timeout=1)
        try:
            started = time.monotonic()
            ticket = sell(till, WINE, customer=CUSTOMER)
            assert time.monotonic() - started < till.cfg.webservice.timeout
            assert _line(ticket, "WINE").offer_code == "O-WINE"  # the local offer
        finally:
            till.close()


# ---------------------------------------------------------------- ping, config


def test_a_switched_off_ping_means_unreachable(tmp_path: Path) -> None:
    cfg = make_gateway_config(tmp_path / "gw", service={"ping_enabled": False})
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as server:
        till = linked_till(tmp_path / "till", server.url)
        try:
            result = till.uplink.ping()
            assert not result.reachable and "PingDisabled" in (result.error or "")
            status = till.status()
            assert status["server_reachable"] is False and status["last_ping_at"]
            sell(till)
            assert till.uplink.send_tickets().accepted == 1  # tickets still go
        finally:
            till.close()


def test_a_ping_that_answers_after_an_outage_ends_the_holdoffs(
    till: Till, gateway: GatewayServer
) -> None:
    assert till.uplink.ping().reachable and till.status()["server_reachable"] is True
    gateway.stop()
    assert not till.uplink.ping().reachable
    sell(till)
    assert till.uplink.send_tickets().error is not None
    assert till.uplink.state.held(Area.TICKETS) is not None
    back = restart(gateway)
    try:
        result = till.uplink.ping()
        assert result.reachable and result.recovered and result.latency_ms is not None
        assert till.uplink.state.held(Area.TICKETS) is None
        assert till.uplink.send_tickets().accepted == 1
    finally:
        back.stop()


@pytest.mark.slow
def test_a_thousand_tickets_carry_one_hash_from_the_till_to_the_gateway(
    tmp_path: Path, gateway: GatewayServer
) -> None:
    """The hash the till computes at close is the hash the gateway computes on receipt,
    row for row, and both CLIs show it as content_hash."""
    from click.testing import CliRunner

    from erp_gateway.cli import main as gateway_cli
    from standalone_till.cli import cli as till_cli

    path = till_config_for(tmp_path / "till", gateway.url, batch_size=100)
    till = Till(load_config(path))
    till.init()
    till.load_data(write_catalog(tmp_path / "till" / "exports"))
    baskets = [(BREAD,), (BREAD, WINE), (MILK_UPC, WINE, BREAD), (WINE,)]
    try:
        for n in range(1000):
            sell(till, *baskets[n % 4], customer=CUSTOMER if n % 7 == 0 else None)
        for _ in range(20):
            if till.uplink.send_tickets().remaining == 0:
                break
        with till.db.read(till.db.journal) as conn:
            t = T.tickets.c
            rows = conn.execute(sa.select(t.id, t.business_day, t.content_hash)).all()
    finally:
        till.close()
    at_till = {r.id: r.content_hash for r in rows}
    at_gateway = {r.ticket_id: r.content_hash for r in gateway_rows(gateway)}
    assert len(at_till) == 1000 and at_gateway == at_till

    shown_by_till: dict[str, str] = {}
    for day in sorted({r.business_day for r in rows}):
        args = ["tickets", "--json", "--day", day, "--limit", "2000"]
        result = CliRunner().invoke(till_cli, args, env={"TILLSYNC_CONFIG": str(path)})
        assert result.exit_code == 0, result.output
        shown_by_till.update((r["ticket_id"], r["content_hash"]) for r in json.loads(result.output))
    config = gateway.config.folder / "gateway.toml"
    config.write_text("")  # defaults: gateway.db next to it, the server's database
    args = ["tickets", "--json", "--limit", "2000", "--config", str(config)]
    result = CliRunner().invoke(gateway_cli, args)
    assert result.exit_code == 0, result.output
    shown_by_gateway = {r["ticket_id"]: r["content_hash"] for r in json.loads(result.output)}
    assert shown_by_till == shown_by_gateway == at_till
