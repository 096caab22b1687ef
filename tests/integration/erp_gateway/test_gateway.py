"""The ERP gateway end to end: a started server on 127.0.0.1, called with zeep and with
raw HTTP, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
import zeep
from click.testing import CliRunner
from gateway_fixture import (
    NS,
    envelope,
    make_gateway_config,
    make_ticket,
    post,
    with_hash,
    zeep_client,
)
from zeep.wsse.username import UsernameToken

from erp_gateway.cli import main
from erp_gateway.config import GatewayConfig
from erp_gateway.db import GatewayDatabase
from erp_gateway.offers import Offer, replace_offers
from erp_gateway.registry import declare_till
from erp_gateway.schema import ticket_lines, ticket_versions, tickets
from erp_gateway.server import GatewayServer

NOW = dt.datetime.now(dt.UTC)


def _send(client: zeep.Client, till_id: str, batch: list[dict]) -> list[tuple[str, str, str]]:
    results = client.service.SendTickets(tillId=till_id, tickets={"ticket": batch})
    return [(r.ticketId, r.status, r.reason or "") for r in results]


def _fault_code(fault: zeep.exceptions.Fault) -> str:
    return fault.detail.findtext(f"{{{NS}}}FaultDetail/{{{NS}}}code")


def _db(server: GatewayServer) -> GatewayDatabase:
    return server.db


def _count(server: GatewayServer, table: sa.Table) -> int:
    with _db(server).read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _batch_scenario(server: GatewayServer) -> None:
    """accepted / duplicate / mismatch / rejected in one batch, the first copy kept."""
    client = zeep_client(server.wsdl_url)
    first = make_ticket("S001-T01-1", number=1)
    second = make_ticket("S001-T01-2", number=2, paid_cash="10.00", discounts=["0.30"])
    assert _send(client, "T01", [first, second]) == [
        ("S001-T01-1", "accepted", ""),
        ("S001-T01-2", "accepted", ""),
    ]
    changed = make_ticket("S001-T01-2", number=2, paid_cash="20.00", discounts=["0.30"])
    broken = make_ticket("S001-T01-3", number=3)
    broken["total"] += Decimal("1.00")
    with_hash(broken)  # a till's wrong total, hashed at close as it was sent
    fresh = make_ticket("S001-T01-4", number=4, voided=[2])
    results = _send(client, "T01", [first, changed, broken, fresh])
    assert [r[:2] for r in results] == [
        ("S001-T01-1", "duplicate"),
        ("S001-T01-2", "mismatch"),
        ("S001-T01-3", "rejected"),
        ("S001-T01-4", "accepted"),
    ]
    assert "change (4.10 -> 14.10)" in results[1][2]
    assert "payments[1].amount (10.00 -> 20.00)" in results[1][2]
    assert "total 7.20 != sum of line amounts 6.20" in results[2][2]
    with _db(server).read() as conn:
        kept = conn.execute(
            sa.select(tickets.c.change, tickets.c.paid).where(tickets.c.ticket_id == "S001-T01-2")
        ).one()
        versions = conn.execute(sa.select(ticket_versions.c.ticket_id)).scalars().all()
        stored = conn.execute(sa.select(tickets.c.ticket_id).order_by("ticket_id")).scalars().all()
    assert (kept.change, kept.paid) == (Decimal("4.10"), Decimal("10.00"))
    assert versions == ["S001-T01-2"]
    assert stored == ["S001-T01-1", "S001-T01-2", "S001-T01-4"]
    assert _count(server, ticket_lines) == 6


def test_batch_outcomes_on_sqlite(gateway: GatewayServer) -> None:
    _batch_scenario(gateway)


@pytest.mark.postgres
def test_batch_outcomes_on_postgresql(gateway_pg: GatewayServer) -> None:
    _batch_scenario(gateway_pg)
    _messages_scenario(gateway_pg)


def test_mismatch_report_lists_differing_fields(gateway: GatewayServer) -> None:
    client = zeep_client(gateway.wsdl_url)
    _send(client, "T01", [make_ticket("M-1")])
    _send(client, "T01", [make_ticket("M-1", lines=[("A1", "3", "1.50", "5.5")])])
    _send(client, "T01", [make_ticket("M-1", lines=[("A1", "3", "1.50", "5.5")])])
    config = gateway.config.folder / "gateway.toml"
    config.write_text("")  # defaults: gateway.db next to it, the server's database
    result = CliRunner().invoke(main, ["mismatches", "--json", "--config", str(config)])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert report["ticket_id"] == "M-1"
    [version] = report["versions"]
    assert version["times"] == 2
    diffs = {d["field"]: (d["old"], d["new"]) for d in version["differences"]}
    assert diffs["lines[1].quantity"] == ("2.000", "3.000")
    assert diffs["total"] == ("6.20", "4.50")
    assert diffs["lines[2]"][1] is None and diffs["lines[2]"][0]["itemCode"] == "B2"
    text = CliRunner().invoke(main, ["mismatches", "--config", str(config)]).output
    assert "lines[1].quantity: '2.000' -> '3.000'" in text


def test_unreadable_ticket_is_rejected_alone(gateway: GatewayServer) -> None:
    naive = make_ticket("U-1")
    body = envelope(
        "SendTickets", {"tillId": "T01", "tickets": {"ticket": [naive, make_ticket("U-2")]}}
    )
    body = body.replace(b"2026-03-02T09:00:00Z", b"2026-03-02T09:00:00", 1)
    reply = post(gateway.url, body)
    statuses = [el.text for el in reply.find(".//t:status")]
    assert statuses == ["rejected", "accepted"]
    assert "no time zone" in reply.find(".//t:reason")[0].text


def test_ticket_of_another_till_or_store_is_rejected(gateway: GatewayServer) -> None:
    client = zeep_client(gateway.wsdl_url)
    # T02 belongs to another store: T01 cannot relay its tickets.
    _send(client, "T02", [make_ticket("Y-1", till_id="T02", store_id="S002")])
    results = _send(
        client,
        "T01",
        [
            make_ticket("X-1"),
            make_ticket("X-2", till_id="T02"),
            make_ticket("X-3", store_id="S999"),
        ],
    )
    assert [r[1] for r in results] == ["accepted", "rejected", "rejected"]
    assert "not the sending till T01" in results[1][2]
    assert "not the store of till T01 (S001)" in results[2][2]


def test_amounts_are_equal_whatever_their_spelling(gateway: GatewayServer) -> None:
    ticket = make_ticket("E-1")
    plain = envelope("SendTickets", {"tillId": "T01", "tickets": {"ticket": [ticket]}})
    assert post(gateway.url, plain).find(".//t:status")[0].text == "accepted"
    respelled = plain.replace(b"<t:unitPrice>1.50<", b"<t:unitPrice>1.5000<").replace(
        b"<t:quantity>2<", b"<t:quantity>2.000<"
    )
    assert respelled != plain
    assert post(gateway.url, respelled).find(".//t:status")[0].text == "duplicate"


def test_concurrent_identical_resends_store_one_row(gateway: GatewayServer) -> None:
    _race(gateway)


@pytest.mark.postgres
def test_concurrent_identical_resends_on_postgresql(gateway_pg: GatewayServer) -> None:
    _race(gateway_pg)


def _race(server: GatewayServer, senders: int = 6) -> None:
    batch = [make_ticket(f"R-{i}", number=i + 1) for i in range(40)]
    body = envelope("SendTickets", {"tillId": "T01", "tickets": {"ticket": batch}})
    start = threading.Barrier(senders)
    replies = []

    def send() -> None:
        start.wait()
        replies.append(post(server.url, body))

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status for r in replies] == [200] * senders
    statuses = [el.text for r in replies for el in r.find(".//t:status")]
    assert statuses.count("accepted") == 40
    assert statuses.count("duplicate") == 40 * (senders - 1)
    assert _count(server, tickets) == 40


# -- ping, WS-Security ----------------------------------------------------------------


def test_ping_registers_the_till(gateway: GatewayServer) -> None:
    answer = zeep_client(gateway.wsdl_url).service.Ping(tillId="T77")
    assert answer.version == "2"
    assert abs(answer.serverTime - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    result = CliRunner().invoke(
        main, ["tills", "list", "--json", "--config", _config_file(gateway)]
    )
    assert [t["till_id"] for t in json.loads(result.output)] == ["T77"]


def test_ping_disabled_is_a_server_fault(tmp_path: Path) -> None:
    cfg = make_gateway_config(tmp_path, service={"ping_enabled": False})
    with GatewayServer(cfg).start(port=0) as server:
        client = zeep_client(server.wsdl_url)
        with pytest.raises(zeep.exceptions.Fault) as fault:
            client.service.Ping(tillId="T01")
        assert (fault.value.code, _fault_code(fault.value)) == ("soap:Server", "PingDisabled")
        assert not client.service.GetMessages(tillId="T01", event="day_open")  # others work


def test_ws_security(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    secret = "Pa55-w0rd-never-logged"
    cfg = make_gateway_config(tmp_path, security={"wsse_users": {"till": secret}})
    caplog.set_level(logging.DEBUG)
    with GatewayServer(cfg).start(port=0) as server:
        plain = zeep_client(server.wsdl_url)
        wrong = zeep.Client(
            server.wsdl_url, settings=plain.settings, wsse=UsernameToken("till", "guess")
        )
        right = zeep.Client(
            server.wsdl_url, settings=plain.settings, wsse=UsernameToken("till", secret)
        )
        for client in (plain, wrong):
            with pytest.raises(zeep.exceptions.Fault) as fault:
                client.service.Ping(tillId="T01")
            assert _fault_code(fault.value) == "Unauthorized"
        assert right.service.Ping(tillId="T01").version == "2"
        assert _send(right, "T01", [make_ticket("W-1")])[0][1] == "accepted"
        raw = post(server.url, envelope("Ping", {"tillId": "T01"}))
        assert (raw.status, raw.fault_code) == (401, "Unauthorized")
    ours = [r for r in caplog.records if not r.name.startswith(("zeep", "urllib3"))]
    assert any(r.name.startswith("tillsync.gateway") for r in ours)
    assert all(secret not in r.getMessage() and "guess" not in r.getMessage() for r in ours)


# -- messages -------------------------------------------------------------------------


def _config_file(server: GatewayServer) -> str:
    path = server.config.folder / "gateway.toml"
    if not path.exists():
        path.write_text(f'[database]\nurl = "{server.config.database_url}"\n')
    return str(path)


def _messages_scenario(server: GatewayServer) -> None:
    client = zeep_client(server.wsdl_url)
    declare_till(server.db, "S001", "T01", NOW)
    declare_till(server.db, "S002", "T02", NOW)
    soon = NOW + dt.timedelta(hours=1)
    past = NOW - dt.timedelta(hours=1)
    pushed = {
        "till": client.service.PushNotification(target="till", targetId="T01", text="to T01"),
        "store": client.service.PushNotification(target="store", targetId="S001", text="to S001"),
        "all": client.service.PushNotification(target="all", text="to all", validUntil=soon),
        "other": client.service.PushNotification(target="store", targetId="S002", text="to S002"),
        "expired": client.service.PushNotification(target="all", text="old", validUntil=past),
    }
    assert [pushed[k].tills for k in ("till", "store", "all", "other")] == [1, 1, 2, 1]
    got = client.service.GetMessages(tillId="T01", event="day_open")
    assert [m.text for m in got] == ["to T01", "to S001", "to all"]
    assert got[2].validUntil == soon
    acked = client.service.AckMessages(
        tillId="T01", messageIds={"id": [got[0].id, got[1].id, 999999]}
    )
    assert acked == 2
    again = client.service.GetMessages(tillId="T01", event="between_tickets")
    assert [m.text for m in again] == ["to all"]
    # A till the registry has no store for still gets its own and the all messages.
    client.service.PushNotification(target="till", targetId="T09", text="to T09")
    loose = client.service.GetMessages(tillId="T09", event="closure")
    assert [m.text for m in loose] == ["to all", "to T09"]


def test_messages_for_till_store_and_all(gateway: GatewayServer) -> None:
    _messages_scenario(gateway)


def test_push_notification_refuses_a_bad_target(gateway: GatewayServer) -> None:
    client = zeep_client(gateway.wsdl_url)
    for kwargs in ({"target": "store"}, {"target": "all", "targetId": "S001"}):
        with pytest.raises(zeep.exceptions.Fault) as fault:
            client.service.PushNotification(text="hi", **kwargs)
        assert _fault_code(fault.value) == "InvalidRequest"


# -- offers, till config --------------------------------------------------------------


def _offer(code: str, scope: str, ref: str | None, **dates: dt.date) -> Offer:
    return Offer(code, f"offer {code}", scope, ref, "total", None, "percent", Decimal("5"), **dates)


def test_customer_offers(gateway: GatewayServer) -> None:
    today = dt.datetime.now(dt.UTC).date()
    replace_offers(
        gateway.db,
        [
            _offer("ALL", "all", None),
            _offer("C1", "customer", "CUST1"),
            _offer("C2", "customer", "CUST2"),
            _offer("K1", "card", "CARD1"),
            _offer("OLD", "all", None, valid_to=today - dt.timedelta(days=1)),
            _offer("LATER", "customer", "CUST1", valid_from=today + dt.timedelta(days=1)),
        ],
    )
    client = zeep_client(gateway.wsdl_url)
    with_card = client.service.GetCustomerOffers(
        tillId="T01", customerCode="CUST1", cardNumber="CARD1"
    )
    assert [o.code for o in with_card] == ["ALL", "C1", "K1"]
    assert with_card[1].scopeRef == "CUST1" and with_card[1].value == Decimal("5.00")
    plain = client.service.GetCustomerOffers(tillId="T01", customerCode="CUST2")
    assert [o.code for o in plain] == ["ALL", "C2"]


def test_till_config_is_accepted_by_the_till(tmp_path: Path) -> None:
    from standalone_till.config import config_from_mapping

    cfg: GatewayConfig = make_gateway_config(
        tmp_path,
        security={"wsse_users": {"till": "pw1", "T02": "pw2"}},
        till_config={
            "webservice_user": "till",
            "ftp_host": "files.example.com",
            "ftp_port": 2121,
            "ftp_remote_dir": "/exports",
            "ftp_user": "ftpuser",
            "ftp_password": "ftppw",
        },
    )
    with GatewayServer(cfg).start(port=0) as server:
        client = zeep.Client(
            server.wsdl_url,
            settings=zeep_client(server.wsdl_url).settings,
            wsse=UsernameToken("till", "pw1"),
        )
        with pytest.raises(zeep.exceptions.Fault) as fault:
            client.service.GetTillConfig(tillId="T01")
        assert _fault_code(fault.value) == "UnknownTill"
        client.service.Ping(tillId="T01")  # known now, but without a store
        with pytest.raises(zeep.exceptions.Fault) as fault:
            client.service.GetTillConfig(tillId="T01")
        assert "erp-gateway tills add" in fault.value.message
        declare_till(server.db, "S001", "T01", NOW)
        declare_till(server.db, "S001", "T02", NOW)
        first = client.service.GetTillConfig(tillId="T01")
        second = client.service.GetTillConfig(tillId="T02")
    till = config_from_mapping(tomllib.loads(first), "from server", file=tmp_path / "till.toml")
    assert (till.till.store_id, till.till.till_id) == ("S001", "T01")
    assert till.webservice.url == server.url
    assert (till.webservice.user, till.webservice.password, till.webservice.wsse) == (
        "till",
        "pw1",
        True,
    )
    assert (till.ftp.host, till.ftp.port, till.ftp.remote_dir) == (
        "files.example.com",
        2121,
        "/exports",
    )
    other = config_from_mapping(tomllib.loads(second), "from server", file=tmp_path / "till.toml")
    assert (other.till.till_id, other.webservice.user, other.webservice.password) == (
        "T02",
        "T02",
        "pw2",
    )
    assert "Install it on the till" in first  # the template's comments are kept


# -- relays: a store's hub sends the tickets of its tills ------------------------------


def test_a_hub_relays_tickets_of_its_stores_tills_under_their_own_till(
    gateway: GatewayServer,
) -> None:
    from integration.standalone_till.test_sync_gateway import gateway_rows

    client = zeep_client(gateway.wsdl_url)
    send = client.service.SendTickets
    send(tillId="T02", tickets={"ticket": [make_ticket("R-0", till_id="T02")]})
    # The hub's store is known from its own tickets (or `erp-gateway tills add`).
    batch = [
        make_ticket("R-1", till_id="T01"),  # the hub's own
        make_ticket("R-2", till_id="T02", number=2),  # a known till of its store
        make_ticket("R-3", till_id="T03", number=7),  # a till the gateway never saw
        make_ticket("R-4", till_id="T09", store_id="S002"),  # another store
    ]
    results = send(tillId="T01", tickets={"ticket": batch})
    assert [r.status for r in results] == ["accepted", "accepted", "accepted", "rejected"]
    again = send(tillId="T01", tickets={"ticket": batch[1:3]})
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    rows = {r.ticket_id: (r.till_id, r.number) for r in gateway_rows(gateway)}
    assert rows == {"R-0": ("T02", 1), "R-1": ("T01", 1), "R-2": ("T02", 2), "R-3": ("T03", 7)}
    tills = {r.till_id: r.store_id for r in gateway_rows(gateway, "tills")}
    assert tills == {"T01": "S001", "T02": "S001", "T03": "S001"}


def test_a_relay_of_another_stores_till_is_rejected(gateway: GatewayServer) -> None:
    client = zeep_client(gateway.wsdl_url)
    send = client.service.SendTickets
    send(tillId="T05", tickets={"ticket": [make_ticket("Z-0", till_id="T05", store_id="S002")]})
    send(tillId="T01", tickets={"ticket": [make_ticket("Z-00")]})
    results = send(
        tillId="T01", tickets={"ticket": [make_ticket("Z-1", till_id="T05", store_id="S002")]}
    )
    assert results[0].status == "rejected"
    assert "not the sending till T01" in results[0].reason


def test_the_connection_limit_reaches_waitress(tmp_path: Path) -> None:
    """Each till keeps up to 3 connections open: waitress's default of 100 is too few."""
    from connectors.errors import ConfigError
    from erp_gateway.config import config_from_mapping

    def config(text: str) -> GatewayConfig:
        return config_from_mapping(tomllib.loads(text), folder=tmp_path, source="gateway.toml")

    assert config("").service.connection_limit == 1000
    with pytest.raises(ConfigError, match=r"service\.connection_limit must be 10\.\.100000"):
        config("[service]\nconnection_limit = 5\n")
    server = GatewayServer(make_gateway_config(tmp_path, service={"connection_limit": 2500}))
    server.start(port=0)
    try:
        assert server._server is not None and server._server.adjustments.connection_limit == 2500
        assert server._server.adjustments.asyncore_use_poll  # no 1024-descriptor ceiling
    finally:
        server.stop()


def test_with_ws_security_only_the_erp_pushes_and_a_till_reads_its_own_config(
    tmp_path: Path,
) -> None:
    cfg = make_gateway_config(
        tmp_path,
        security={
            "wsse_users": {"erp": "pw-e", "T01": "pw-1", "T02": "pw-2"},
            "erp_users": ["erp"],
        },
    )
    with GatewayServer(cfg).start(port=0) as server:
        declare_till(server.db, "S001", "T01", NOW)
        declare_till(server.db, "S001", "T02", NOW)
        settings = zeep_client(server.wsdl_url).settings

        def as_user(user: str, password: str) -> zeep.Client:
            return zeep.Client(
                server.wsdl_url, settings=settings, wsse=UsernameToken(user, password)
            )

        erp, t01 = as_user("erp", "pw-e"), as_user("T01", "pw-1")
        with pytest.raises(zeep.exceptions.Fault) as fault:
            t01.service.PushNotification(target="all", text="free beer for every till")
        assert _fault_code(fault.value) == "Forbidden" and "erp_users" in fault.value.message
        with pytest.raises(zeep.exceptions.Fault) as fault:
            t01.service.GetTillConfig(tillId="T02")  # T02's config holds T02's password
        assert _fault_code(fault.value) == "Forbidden"
        assert "pw-2" not in fault.value.message
        assert 'till_id = "T01"' in t01.service.GetTillConfig(tillId="T01")
        assert 'till_id = "T02"' in erp.service.GetTillConfig(tillId="T02")
        assert erp.service.PushNotification(target="all", text="from head office").tills == 2
        assert [m.text for m in t01.service.GetMessages(tillId="T01", event="day_open")] == [
            "from head office"
        ]
        raw = post(
            server.url,
            envelope(
                "PushNotification",
                {"target": "all", "text": "x"},
                header=(
                    '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/'
                    'oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken>'
                    "<wsse:Username>T02</wsse:Username><wsse:Password>pw-2</wsse:Password>"
                    "</wsse:UsernameToken></wsse:Security>"
                ),
            ),
        )
        assert (raw.status, raw.fault_code) == (403, "Forbidden")


def test_erp_users_must_be_ws_security_users(tmp_path: Path) -> None:
    from connectors.errors import ConfigError

    with pytest.raises(
        ConfigError, match=r'security\.erp_users: "erp" is not in security\.wsse_users'
    ):
        make_gateway_config(tmp_path, security={"wsse_users": {"T01": "x"}, "erp_users": ["erp"]})


# -- the config: every problem at once, secrets masked ----------------------------------


def test_a_config_with_three_bad_keys_names_all_three_in_one_error(tmp_path: Path) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(
        "[service]\nport = 0\nthraeds = 8\n"
        '[till_config]\nftp_password = 5\n[exports]\nkeep_fulls = "1"\n'
    )
    result = CliRunner().invoke(main, ["tickets", "--config", str(config)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"error: {config}: service.port must be 1..65535, got 0",
        f"{config}: unknown key service.thraeds (did you mean threads?)",
        f"{config}: till_config.ftp_password must be a string in quotes"
        " (value not shown: it is a secret)",
        f'{config}: exports.keep_fulls must be 1..100, got "1"',
    ]


def test_rules_across_keys_are_reported_with_the_others(tmp_path: Path) -> None:
    from connectors.errors import ConfigError
    from erp_gateway.config import config_from_mapping

    data = {
        "service": {"threads": 0},
        "security": {"wsse_users": {"T01": "x"}, "erp_users": ["erp", "boss"]},
        "till_config": {"webservice_user": "nobody"},
    }
    with pytest.raises(ConfigError) as err:
        config_from_mapping(data, folder=tmp_path, source="gateway.toml")
    assert str(err.value).splitlines() == [
        "gateway.toml: service.threads must be 1..256, got 0",
        'gateway.toml: till_config.webservice_user "nobody" is not in security.wsse_users',
        'gateway.toml: security.erp_users: "erp", "boss" are not in security.wsse_users',
    ]
    assert (err.value.path, err.value.key) == ("gateway.toml", "service.threads")


def test_table_entries_are_named_where_they_are_wrong(tmp_path: Path) -> None:
    from connectors.errors import ConfigError
    from erp_gateway.config import config_from_mapping

    data = {"erp_source": {"queries": {"items": "SELECT 1", "stock": "SELECT 2"}}}
    with pytest.raises(ConfigError, match=r"erp_source\.queries\.stock must be an entity"):
        config_from_mapping(data, folder=tmp_path, source="gateway.toml")
    data = {"erp_source": {"queries": {"items": "DELETE FROM items"}}}
    with pytest.raises(ConfigError, match=r"erp_source\.queries\.items must be a SELECT query"):
        config_from_mapping(data, folder=tmp_path, source="gateway.toml")
    queries = {"items": " select code from items", "prices": "WITH p AS (SELECT 1) SELECT *"}
    cfg = config_from_mapping({"erp_source": {"queries": queries}}, folder=tmp_path, source="x")
    assert cfg.erp_source.queries == queries


def test_secrets_are_masked_in_the_config_repr_and_messages(tmp_path: Path) -> None:
    from connectors.errors import ConfigError
    from erp_gateway.config import config_from_mapping

    data = {
        "security": {"wsse_users": {"till": "pw-users"}},
        "till_config": {"ftp_password": "pw-ftp"},
        "erp_source": {"url": "postgresql://erp:pw-url@db/erp", "odbc": "PWD=pw-odbc"},
        "database": {"url": "postgresql://gw:pw-db@db/gw"},
    }
    shown = repr(config_from_mapping(data, folder=tmp_path, source="x"))
    assert "pw-" not in shown and "********" in shown
    data["till_config"]["ftp_password"] = "pw-ftp\n"
    data["database"]["url"] = "mysql://gw:pw-db@db/gw"
    with pytest.raises(ConfigError) as err:
        config_from_mapping(data, folder=tmp_path, source="x")
    assert len(str(err.value).splitlines()) == 2 and "pw-" not in str(err.value)
