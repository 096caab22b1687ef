"""The gateway and the tills' signatures, over HTTP on 127.0.0.1 with real tills: the key
pinned at first contact, a rotation endorsed by the pinned key moving the pin, a ticket
signed with another till's key refused and reported, a bad signature and a fork kept as
breaks, tickets arriving out of order no break once the gap fills; `erp-gateway verify`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from erp_gateway.cli import main as gateway_cli
from erp_gateway.db import GatewayDatabase
from erp_gateway.ingest import receive_tickets
from erp_gateway.server import GatewayServer
from erp_gateway.signatures import UNENDORSED, pinned, verify
from integration.standalone_till.test_sync_gateway import linked_till, sell
from standalone_till.service import Till
from standalone_till.signing import rotate_key
from ticket_contract import signatures as S
from ticket_contract.tickets import Outcome, ReceivedTicket
from ticket_contract.wire import OfferedKey
from ticket_contract.writer import content_hash, record


@pytest.fixture
def db(gateway: GatewayServer) -> Iterator[GatewayDatabase]:
    database = GatewayDatabase(gateway.config.database_url)
    yield database
    database.dispose()


@pytest.fixture
def till(tmp_path: Path, gateway: GatewayServer) -> Iterator[Till]:
    t = linked_till(tmp_path / "till", gateway.url)
    yield t
    t.close()


def gateway_toml(gateway: GatewayServer, tmp_path: Path) -> str:
    path = tmp_path / "gateway.toml"
    path.write_text(f'[database]\nurl = "{gateway.config.database_url}"\n')
    return str(path)


def fingerprint(till: Till) -> str:
    from standalone_till.signing import till_key_infos

    return till_key_infos(till.db)[-1].fingerprint


def test_the_key_is_pinned_at_first_contact_and_the_chain_holds(
    till: Till, db: GatewayDatabase, gateway: GatewayServer, tmp_path: Path
) -> None:
    for _ in range(3):
        sell(till)
    assert till.uplink.send_tickets(force=True).accepted == 3
    assert pinned(db) == {"T01": fingerprint(till)}
    (found,) = verify(db)
    assert found.holds and found.chains[0].entries == 3 and found.chains[0].waiting == []
    listed = CliRunner().invoke(
        gateway_cli, ["--config", gateway_toml(gateway, tmp_path), "tills", "list", "--json"]
    )
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)[0]["key_fingerprint"] == fingerprint(till)


def test_a_rotation_signed_by_the_pinned_key_moves_the_pin(till: Till, db: GatewayDatabase) -> None:
    sell(till)
    assert till.uplink.send_tickets(force=True).accepted == 1
    old = fingerprint(till)
    assert till.journal.signer is not None
    rotate_key(till.db, till.journal.signer, dt.datetime.now(dt.UTC))
    sell(till)
    assert till.uplink.send_tickets(force=True).accepted == 1
    assert pinned(db) == {"T01": fingerprint(till)} and fingerprint(till) != old
    (found,) = verify(db)
    assert found.holds, found.as_dict()


def test_a_ticket_signed_by_another_tills_key_is_refused_and_reported(
    tmp_path: Path, till: Till, db: GatewayDatabase, gateway: GatewayServer
) -> None:
    sell(till)
    assert till.uplink.send_tickets(force=True).accepted == 1
    impostor = linked_till(tmp_path / "impostor", gateway.url)  # also T01, its own key
    try:
        sell(impostor)
        report = impostor.uplink.send_tickets(force=True)
        assert report.accepted == 0 and report.rejected == 1
        (row,) = impostor.uplink.outbox.quarantined()
        assert "not till T01's key" in str(row)
    finally:
        impostor.close()
    assert pinned(db) == {"T01": fingerprint(till)}  # the pin did not move
    (found,) = verify(db)
    assert [b["what"] for b in found.breaks] == [UNENDORSED, S.OTHER_KEY]
    runner = CliRunner()
    config = gateway_toml(gateway, tmp_path)
    result = runner.invoke(gateway_cli, ["--config", config, "verify", "--till", "T01"])
    assert result.exit_code == 1 and "other key" in result.output


def _signed_tickets(till: Till, n: int) -> list[ReceivedTicket]:
    out = []
    for _ in range(n):
        ticket = sell(till)
        document = till.journal.ticket_document(ticket.id)
        assert document is not None
        signature = S.ChainSignature.from_document(document["signature"])
        out.append(record(document, content_hash(document))._replace(signature=signature))
    return out


def _keys(till: Till) -> list[OfferedKey]:
    from standalone_till.signing import till_key_infos

    return [OfferedKey("T01", k.public_key, k.endorsement) for k in till_key_infos(till.db)]


def test_out_of_order_is_no_break_once_filled_and_a_bad_signature_is(
    till: Till, db: GatewayDatabase
) -> None:
    one, two, three, four = _signed_tickets(till, 4)
    results = receive_tickets(db, "T01", [one, three], keys=_keys(till))
    assert [r.outcome for r in results] == [Outcome.ACCEPTED] * 2
    (found,) = verify(db)
    assert two.signature is not None
    assert found.holds and found.chains[0].waiting == [two.signature.seq]
    receive_tickets(db, "T01", [two])
    (found,) = verify(db)
    assert found.holds and found.chains[0].waiting == []
    assert four.signature is not None
    forged = four._replace(signature=four.signature._replace(signature="00" * 64))
    (result,) = receive_tickets(db, "T01", [forged])
    assert result.outcome is Outcome.ACCEPTED  # stored, with its break
    (found,) = verify(db)
    assert [(b["doc_id"], b["what"]) for b in found.breaks] == [(four.id, S.BAD_SIGNATURE)]


def test_two_entries_on_one_predecessor_are_a_fork(till: Till, db: GatewayDatabase) -> None:
    one, two = _signed_tickets(till, 2)
    assert two.signature is not None
    receive_tickets(db, "T01", [one, two], keys=_keys(till))
    # another document claiming entry 2 (its signature made with the till's key)
    twin = two.signature
    key = S.load_private_key(till.journal.signer.key_path.read_bytes())  # type: ignore[union-attr]
    other = _signed_tickets(till, 1)[0]
    forged_sig = S.sign_entry(key, "sales", twin.seq, content_hash_of(other), twin.previous)
    claim = other._replace(signature=twin._replace(signature=forged_sig))
    receive_tickets(db, "T01", [claim])
    (found,) = verify(db)
    assert [b["what"] for b in found.breaks] == ["fork"]


def content_hash_of(t: ReceivedTicket) -> str:
    from ticket_contract.tickets import canonical

    return canonical(t).content_hash


def test_signed_cash_movements_and_closures_are_checked_too(
    till: Till, db: GatewayDatabase
) -> None:
    from standalone_till import till_documents
    from standalone_till.cash import CashKind

    sell(till)
    till_documents.move_cash(till, CashKind.FLOAT, Decimal("100.00"))
    till.closure()
    assert till.uplink.send_tickets(force=True).accepted == 1
    sent = till.uplink.send_documents()
    assert (sent.accepted, sent.error) == (2, None)
    (found,) = verify(db)
    assert found.holds, found.as_dict()
    assert {c.chain: c.entries for c in found.chains} == {"sales": 1, "cash": 1, "closures": 1}


def test_pinning_and_checking_on_postgresql(tmp_path: Path, gateway_pg: GatewayServer) -> None:
    t = linked_till(tmp_path / "till", gateway_pg.url)
    database = GatewayDatabase(gateway_pg.config.database_url)
    try:
        for _ in range(2):
            sell(t)
        assert t.uplink.send_tickets(force=True).accepted == 2
        assert pinned(database) == {"T01": fingerprint(t)}
        (found,) = verify(database)
        assert found.holds and found.chains[0].entries == 2
    finally:
        database.dispose()
        t.close()
