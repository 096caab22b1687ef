"""The signed journal at a real till (SQLite, and PostgreSQL where it matters): every
document signed as it is stored, the key file private, `till verify` holding on an
untouched journal and naming the first entry after the SQLite file is edited directly
(an amount, a deleted row, a swapped pair, an entry signed again with another key);
key rotation verified across the boundary."""

from __future__ import annotations

import datetime as dt
import json
import stat
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from catalog_fixture import BREAD, WINE, write_catalog
from erp_gateway.server import GatewayServer
from standalone_till.cash import CashKind, CashMovement
from standalone_till.cli import cli
from standalone_till.config import load_config, set_key
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.service import Till
from standalone_till.signing import Signed, key_path_for
from standalone_till.signing_tables import audit_events, chain_entries, till_keys
from standalone_till.signing_verify import verify_journal
from ticket_contract import signatures as S

NOON = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def till(sqlite_config: Path, tmp_path: Path) -> Iterator[Till]:
    t = Till(load_config(sqlite_config))
    t.init()
    t.load_data(write_catalog(tmp_path / "exports"))
    yield t
    t.close()


def sell(till: Till, *codes: str, minute: int = 0) -> Ticket:
    sale = till.new_sale(NOON + dt.timedelta(minutes=minute))
    for code in codes:
        sale.scan(code)
    sale.pay(PaymentMethod.CASH)
    return sale.close()


def day_of_sales(till: Till, n: int = 4) -> list[Ticket]:
    return [sell(till, BREAD if i % 2 else WINE, minute=i) for i in range(n)]


def broken(till: Till) -> S.Break:
    result = verify_journal(till.db, till.cfg.till.till_id)
    assert not result.holds, result.as_dict()
    return result.breaks[0]


def edit(till: Till, sql: str, **params: object) -> None:
    """Edit the journal behind the till's back, as someone with the file would."""
    engine = sa.create_engine(f"sqlite:///{till.cfg.database_path}")
    with engine.begin() as conn:
        conn.execute(sa.text(sql), params)
    engine.dispose()


def test_the_key_file_is_private_and_never_in_the_journal(till: Till) -> None:
    path = key_path_for(till.cfg)
    assert path == till.cfg.database_path.with_suffix(".key")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    pem = path.read_bytes()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    with till.db.read(till.db.journal) as conn:
        keys = conn.execute(sa.select(till_keys)).all()
    assert len(keys) == 1 and keys[0].endorsement is None
    assert keys[0].fingerprint == S.fingerprint(S.public_bytes(S.load_private_key(pem)))
    assert pem.decode() not in till.cfg.database_path.read_bytes().decode("latin-1")


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_every_document_is_signed_in_its_chain_and_the_journal_holds(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from conftest import write_till_config

    pg = request.getfixturevalue("pg_database") if engine == "postgresql" else None
    t = Till(load_config(write_till_config(tmp_path, pg_url=pg)))
    t.init()
    t.load_data(write_catalog(tmp_path / "exports"))
    try:
        tickets = day_of_sales(t, 3)
        assert all(x.signature and len(x.signature) == 128 for x in tickets)
        t.journal.record_movement(_float(t), NOON)
        t.journal.record_reprint(tickets[0].id, cashier=None, supervisor=None, now=NOON)
        t.journal.close_day(NOON)
        t.journal.closure(NOON)
        result = verify_journal(t.db, "T01")
        assert result.holds, result.as_dict()
        counts = {c.chain: c.entries for c in result.chains}
        # each chain: its genesis, then its documents; the load and the reprint are audit
        # events too
        assert counts == {
            "sales": 4,
            "cash": 2,
            "copies": 2,
            "closures": 2,
            "audit": 3,
            "periods": 0,
        }
        assert t.journal.signature_of(S.SALES, tickets[2].id) == tickets[2].signature
    finally:
        t.close()


def _float(till: Till) -> CashMovement:
    return CashMovement(
        id="f" * 8 + "-0000-7000-8000-000000000001",
        store_id=till.cfg.till.store_id,
        till_id=till.cfg.till.till_id,
        kind=CashKind.FLOAT,
        amount=Decimal("100.00"),
        created_at=NOON,
    )


def test_a_changed_amount_is_named(till: Till) -> None:
    tickets = day_of_sales(till)
    target = tickets[1]
    (text,) = _column(till, f"SELECT document FROM tickets WHERE id = '{target.id}'")
    doc = json.loads(text)
    doc["lines"][0]["unit_price"] = "0.20"  # the columns are left as they were
    edit(till, "UPDATE tickets SET document = :d WHERE id = :id", d=json.dumps(doc), id=target.id)
    brk = broken(till)
    assert (brk.chain, brk.ref, brk.what) == (S.SALES, target.id, S.CHANGED)


def test_a_changed_column_is_named(till: Till) -> None:
    tickets = day_of_sales(till)
    edit(till, "UPDATE tickets SET total = 1 WHERE id = :id", id=tickets[2].id)
    brk = broken(till)
    assert (brk.ref, brk.what) == (tickets[2].id, S.CHANGED)
    assert "total" in brk.detail


def test_a_deleted_ticket_is_named(till: Till) -> None:
    tickets = day_of_sales(till)
    gone = tickets[1].id
    for table in ("ticket_lines", "ticket_payments", "ticket_vat", "outbox"):
        column = "ticket_id"
        edit(till, f"DELETE FROM {table} WHERE {column} = :id", id=gone)
    edit(till, "DELETE FROM tickets WHERE id = :id", id=gone)
    brk = broken(till)
    assert (brk.ref, brk.what) == (gone, S.REMOVED)


def test_a_deleted_entry_is_named(till: Till) -> None:
    day_of_sales(till)
    edit(till, "DELETE FROM chain_entries WHERE chain = 'sales' AND seq = 3")
    brk = broken(till)
    assert (brk.seq, brk.what) == (4, S.REMOVED)


def test_a_swapped_pair_is_named(till: Till) -> None:
    day_of_sales(till)
    # entries 2 and 3 change places (their numbers swapped)
    edit(till, "UPDATE chain_entries SET seq = -1 WHERE chain = 'sales' AND seq = 2")
    edit(till, "UPDATE chain_entries SET seq = 2 WHERE chain = 'sales' AND seq = 3")
    edit(till, "UPDATE chain_entries SET seq = 3 WHERE chain = 'sales' AND seq = -1")
    brk = broken(till)
    assert (brk.seq, brk.what) == (2, S.REORDERED)


def test_two_tickets_swapping_their_numbers_is_named(till: Till) -> None:
    tickets = day_of_sales(till)
    a, b = tickets[0], tickets[1]
    edit(till, "UPDATE tickets SET number = -1 WHERE id = :id", id=a.id)
    edit(till, "UPDATE tickets SET number = :n WHERE id = :id", n=a.number, id=b.id)
    edit(till, "UPDATE tickets SET number = :n WHERE id = :id", n=b.number, id=a.id)
    brk = broken(till)
    assert brk.ref == a.id and brk.what == S.CHANGED


def test_an_entry_signed_again_with_another_key_is_named(till: Till) -> None:
    day_of_sales(till)
    other = S.new_private_key()
    with till.db.read(till.db.journal) as conn:
        e = conn.execute(
            sa.select(chain_entries).where(
                chain_entries.c.chain == "sales", chain_entries.c.seq == 3
            )
        ).one()
    signature = S.sign_entry(other, "sales", 3, e.content_hash, e.previous)
    edit(
        till,
        "UPDATE chain_entries SET signature = :s, key_fingerprint = :f"
        " WHERE chain = 'sales' AND seq = 3",
        s=signature,
        f=S.fingerprint(S.public_bytes(other)),
    )
    brk = broken(till)
    assert (brk.seq, brk.what) == (3, S.OTHER_KEY)


def test_a_ticket_stored_without_its_entry_is_named(till: Till) -> None:
    tickets = day_of_sales(till)
    edit(till, "DELETE FROM chain_entries WHERE chain = 'sales' AND ref = :id", id=tickets[-1].id)
    brk = broken(till)
    assert (brk.ref, brk.what) == (tickets[-1].id, S.INSERTED)


def test_rotation_is_verified_across_the_boundary(till: Till) -> None:
    old = day_of_sales(till, 2)
    runner = CliRunner()
    config = str(till.cfg.source)
    before = json.loads(runner.invoke(cli, ["--config", config, "key", "show", "--json"]).output)
    rotated = runner.invoke(cli, ["--config", config, "key", "rotate", "--json"])
    assert rotated.exit_code == 0, rotated.output
    new_fp = json.loads(rotated.output)["fingerprint"]
    assert new_fp != before["fingerprint"]
    assert stat.S_IMODE(key_path_for(till.cfg).stat().st_mode) == 0o600
    new = day_of_sales(till, 2)  # this process picks up the new key by itself
    with till.db.read(till.db.journal) as conn:
        by_ref = dict(
            conn.execute(sa.select(chain_entries.c.ref, chain_entries.c.key_fingerprint)).all()
        )
    assert by_ref[old[0].id] == before["fingerprint"] and by_ref[new[0].id] == new_fp
    result = runner.invoke(cli, ["--config", config, "verify", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["holds"] and report["keys"] == [before["fingerprint"], new_fp]
    events = [
        json.loads(d) for d in _column(till, "SELECT document FROM audit_events ORDER BY at, id")
    ]
    assert [e["kind"] for e in events] == ["catalog_full", "key_rotation"]
    assert events[1]["detail"]["new_key"] == new_fp


def _column(till: Till, sql: str) -> list[str]:
    engine = sa.create_engine(f"sqlite:///{till.cfg.database_path}")
    with engine.connect() as conn:
        values = list(conn.execute(sa.text(sql)).scalars())
    engine.dispose()
    return values


def test_verify_exits_1_naming_the_entry(till: Till) -> None:
    tickets = day_of_sales(till)
    runner = CliRunner()
    config = str(till.cfg.source)
    ok = runner.invoke(cli, ["--config", config, "verify"])
    assert ok.exit_code == 0 and "every chain holds" in ok.output
    edit(till, "UPDATE tickets SET total = 99 WHERE id = :id", id=tickets[0].id)
    bad = runner.invoke(cli, ["--config", config, "verify", "--json"])
    assert bad.exit_code == 1
    report = json.loads(bad.stdout)
    sales = next(c for c in report["chains"] if c["chain"] == "sales")
    assert sales["break"]["ref"] == tickets[0].id and sales["break"]["what"] == "changed"
    later = runner.invoke(cli, ["--config", config, "verify", "--from", "2100-01-01"])
    assert later.exit_code == 0  # the changed ticket is before that day: only links checked


def test_a_journal_from_before_signing_begins_with_its_genesis(
    sqlite_config: Path, tmp_path: Path
) -> None:
    set_key(sqlite_config, "signing.enabled", "false")
    t = Till(load_config(sqlite_config))
    t.init()
    t.load_data(write_catalog(tmp_path / "exports"))
    day_of_sales(t, 3)
    assert not key_path_for(t.cfg).exists()
    t.close()
    set_key(sqlite_config, "signing.enabled", "true")
    t = Till(load_config(sqlite_config))
    try:
        t.init()
        sell(t, BREAD, minute=30)
        with t.db.read(t.db.journal) as conn:
            genesis = conn.execute(
                sa.select(chain_entries.c.statement).where(
                    chain_entries.c.chain == "sales", chain_entries.c.seq == 1
                )
            ).scalar_one()
        assert json.loads(genesis)["unsigned_before"] == 3
        assert verify_journal(t.db, "T01").holds
    finally:
        t.close()


def audit_kinds(till: Till) -> list[str]:
    with till.db.read(till.db.journal) as conn:
        rows = conn.execute(
            sa.select(chain_entries.c.ref)
            .where(chain_entries.c.chain == "audit", chain_entries.c.kind == "audit")
            .order_by(chain_entries.c.seq)
        ).scalars()
        refs = list(rows)
        kinds = dict(conn.execute(sa.select(audit_events.c.id, audit_events.c.kind)).all())
    return [kinds[ref] for ref in refs]


def test_the_audit_events_are_journaled_and_signed(sqlite_config: Path, tmp_path: Path) -> None:
    from cashier_fixture import ANNE, PINS, SARA, cashier_rows

    from standalone_till import till_documents as docs

    t = Till(load_config(sqlite_config))
    t.init()
    try:
        t.load_data(write_catalog(tmp_path / "exports", cashiers=cashier_rows()))
        t.signin(ANNE, PINS[ANNE])
        sold = sell(t, BREAD)
        supervisor = t.approve("drawer_open", SARA, PINS[SARA])
        docs.move_cash(t, CashKind.DRAWER_OPEN, supervisor=supervisor)
        docs.reprint(t, sold.id, supervisor=SARA)
        t.signout()
        runner = CliRunner()
        changed = runner.invoke(
            cli, ["--config", str(sqlite_config), "config", "set", "timings.ping_interval", "45"]
        )
        assert changed.exit_code == 0, changed.output
        assert audit_kinds(t) == [
            "catalog_full",
            "signin",
            "approval",
            "drawer_open",
            "reprint",
            "signout",
            "config_change",
        ]
        assert verify_journal(t.db, "T01").holds
    finally:
        t.close()


def test_the_server_unreachable_and_back_are_audit_events(
    tmp_path: Path, gateway: GatewayServer
) -> None:
    from integration.standalone_till.test_sync_gateway import linked_till

    t = linked_till(tmp_path / "till", gateway.url)
    try:
        assert t.uplink.ping().reachable
        port = int(gateway.url.split(":")[2].split("/")[0])
        gateway.stop()
        assert not t.uplink.ping().reachable
        assert not t.uplink.ping().reachable  # still down: one event for the period
        gateway.start(port=port)
        assert t.uplink.ping().reachable
        assert audit_kinds(t) == ["catalog_full", "server_unreachable", "server_back"]
        assert verify_journal(t.db, t.cfg.till.till_id).holds
    finally:
        t.close()


def test_a_lost_key_file_stops_signing_with_a_clear_error(till: Till) -> None:
    from standalone_till.signing import SigningKeyMissing

    sell(till, BREAD)
    path = key_path_for(till.cfg)
    path.rename(path.with_name("elsewhere.key"))
    fresh = Till(load_config(till.cfg.source))  # a new process: no key in memory
    try:
        with pytest.raises(SigningKeyMissing, match="is missing"):
            sell(fresh, BREAD, minute=5)
        assert verify_journal(fresh.db, "T01").holds  # nothing stored unsigned
    finally:
        fresh.close()


def test_turning_signing_off_is_journaled_by_the_key_in_force(till: Till) -> None:
    runner = CliRunner()
    config = str(till.cfg.source)
    off = runner.invoke(cli, ["--config", config, "config", "set", "signing.enabled", "false"])
    assert off.exit_code == 0, off.output
    assert audit_kinds(till)[-1] == "config_change"
    (last,) = _column(till, "SELECT document FROM audit_events WHERE kind = 'config_change'")
    assert json.loads(last)["detail"] == {"changes": {"signing.enabled": "false"}}
    assert verify_journal(till.db, "T01").holds


def test_two_processes_signing_at_once_on_postgresql_take_turns(
    pg_database: str, tmp_path: Path
) -> None:
    """The cashier's window and the agent of one till write to one PostgreSQL journal: the
    second signer waits for the first's commit and chains onto its entry (without the
    turn both would read the same head, and the second would fail on the no-fork
    constraint)."""
    import threading

    from conftest import write_till_config

    config = write_till_config(tmp_path, pg_url=pg_database)
    window, agent = Till(load_config(config)), Till(load_config(config))
    window.init()
    assert window.journal.signer is not None and agent.journal.signer is not None
    outcome: list[object] = []
    try:
        with window.db.write(window.db.journal) as conn:
            window.journal.signer.audit(conn, "signin", NOON, cashier="C1")

            def agent_signs() -> None:
                try:
                    with agent.db.write(agent.db.journal) as other:
                        outcome.append(
                            agent.journal.signer.audit(other, "server_unreachable", NOON)
                        )  # type: ignore[union-attr]
                except Exception as exc:  # the outcome the test reads
                    outcome.append(exc)

            second = threading.Thread(target=agent_signs)
            second.start()
            # The event: the agent's transaction waits on a lock the window's holds.
            probe = sa.create_engine(pg_database)
            with probe.connect() as watch:
                for _ in range(600):
                    waiting = watch.execute(
                        sa.text(
                            "SELECT count(*) FROM pg_stat_activity"
                            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                        )
                    ).scalar_one()
                    if waiting or outcome:
                        break
                    second.join(0.05)
            probe.dispose()
            assert not outcome, outcome  # still waiting for the window's commit
        second.join(60)
        assert not second.is_alive()
        (signed,) = outcome
        assert isinstance(signed, Signed), signed
        result = verify_journal(window.db, window.cfg.till.till_id)
        assert result.holds, result.as_dict()
        audit = next(c for c in result.chains if c.chain == "audit")
        assert audit.entries == 3  # the genesis, the window's, the agent's
    finally:
        agent.close()
        window.close()
