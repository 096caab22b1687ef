"""Cashiers at the till on SQLite and PostgreSQL: master data through Load data and Load
changes, sign-in and out, the lockout after wrong PINs (on a clock the test moves),
supervisor approval, and the anonymous till that sells as before."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from cashier_fixture import (
    ANNE,
    PINS,
    PIOTR,
    SARA,
    ManualClock,
    cashier_rows,
    write_cashiers_increment,
)

from catalog_fixture import BREAD, write_catalog
from connectors.errors import (
    ApprovalRefused,
    CashierError,
    CashierLocked,
    NotSignedIn,
    PinRefused,
)
from ftp_import.reader import read_manifest
from standalone_till import schema as T
from standalone_till.cashier_tables import cashier_events
from standalone_till.cashiers import Cashier
from standalone_till.config import load_config, set_key
from standalone_till.model import PaymentMethod, Ticket
from standalone_till.service import Till

NOON = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOON)


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    return write_catalog(tmp_path / "exports", cashiers=cashier_rows())


@pytest.fixture
def till(till_config: Path, exports: Path, clock: ManualClock) -> Iterator[Till]:
    t = Till(load_config(till_config), clock=clock)
    t.init()
    t.load_data(exports)
    yield t
    t.close()


def _sell(till: Till) -> Ticket:
    sale = till.new_sale(NOON)
    sale.scan(BREAD)
    sale.pay(PaymentMethod.CASH)
    return sale.close()


def _document(till: Till, ticket: Ticket) -> dict[str, object]:
    with till.db.read(till.db.journal) as conn:
        text = conn.execute(
            sa.select(T.tickets.c.document).where(T.tickets.c.id == ticket.id)
        ).scalar_one()
    return dict(json.loads(text))


def _events(till: Till) -> list[tuple[str, str, str | None]]:
    t = cashier_events.c
    with till.db.read(till.db.journal) as conn:
        rows = conn.execute(sa.select(t.cashier_code, t.event, t.action).order_by(t.id)).all()
    return [tuple(r) for r in rows]


def test_a_full_load_brings_the_cashiers_without_their_pins(till: Till) -> None:
    assert [c.code for c in till.cashiers.cashiers()] == [ANNE, PIOTR, SARA]
    assert till.catalog.counts()["cashiers"] == 3
    with till.db.read(till.db.catalog) as conn:
        hashes = conn.execute(sa.select(T.cashiers.c.pin_hash)).scalars().all()
    assert all(h.startswith("scrypt$") and PINS[ANNE] not in h for h in hashes)


def test_sign_in_whoami_sell_and_sign_out(till: Till) -> None:
    with pytest.raises(NotSignedIn, match="till signin"):
        till.require_cashier()
    with pytest.raises(NotSignedIn):
        till.new_sale(NOON)
    assert till.whoami() is None

    assert till.signin(ANNE, PINS[ANNE]) == Cashier(ANNE, "Anne Martin", "cashier")
    assert till.whoami() == Cashier(ANNE, "Anne Martin", "cashier")
    assert till.require_cashier() == ANNE
    ticket = _sell(till)
    assert ticket.cashier == ANNE
    assert _document(till, ticket)["cashier"] == ANNE

    till.signin(PIOTR, PINS[PIOTR])  # the next cashier takes over the till
    assert _sell(till).cashier == PIOTR
    assert till.signout() == Cashier(PIOTR, "Piotr Nowak", "cashier")
    assert till.signout() is None
    with pytest.raises(NotSignedIn):
        till.new_sale(NOON)
    assert _events(till) == [
        (ANNE, "signin", None),
        (ANNE, "signout", None),
        (PIOTR, "signin", None),
        (PIOTR, "signout", None),
    ]


def test_an_unknown_or_inactive_cashier_cannot_sign_in(till: Till, exports: Path) -> None:
    with pytest.raises(CashierError, match="no active cashier 'NOBODY'"):
        till.signin("NOBODY", "1111")
    inactive = (ANNE, "Anne Martin", "cashier", "0", cashier_rows(ANNE)[0][4])
    write_cashiers_increment(exports, 2, [inactive])
    till.load_changes(exports)
    with pytest.raises(CashierError, match="no active cashier"):
        till.signin(ANNE, PINS[ANNE])


def test_three_wrong_pins_lock_the_cashier_here_until_the_time_is_up(
    till: Till, clock: ManualClock
) -> None:
    with pytest.raises(PinRefused) as first:
        till.signin(ANNE, "0000")
    assert first.value.attempts_left == 2 and first.value.code == ANNE
    assert "0000" not in str(first.value)
    with pytest.raises(PinRefused) as second:
        till.signin(ANNE, "0001")
    assert second.value.attempts_left == 1
    with pytest.raises(CashierLocked) as locked:
        till.signin(ANNE, "0002")
    assert locked.value.until == NOON + dt.timedelta(minutes=15)
    # Locked: even the right PIN is refused, and is not even checked.
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(CashierLocked):
        till.signin(ANNE, PINS[ANNE])
    # Another cashier is not locked.
    assert till.signin(PIOTR, PINS[PIOTR]).code == PIOTR

    clock.advance(seconds=1)
    assert till.cashiers.locked_until(ANNE) is None
    assert till.signin(ANNE, PINS[ANNE]).code == ANNE
    # The right PIN cleared the count: three more wrong ones are needed to lock again.
    for left in (2, 1):
        with pytest.raises(PinRefused) as refused:
            till.signin(ANNE, "0000")
        assert refused.value.attempts_left == left
    assert till.whoami() == Cashier(ANNE, "Anne Martin", "cashier")  # still signed in
    events = [e for c, e, _ in _events(till) if c == ANNE]
    assert events == ["pin_refused", "pin_refused", "locked", "signin"] + ["pin_refused"] * 2


def test_a_lockout_that_ran_out_counts_wrong_pins_afresh(till: Till, clock: ManualClock) -> None:
    for _ in range(2):
        with pytest.raises(PinRefused):
            till.signin(ANNE, "0000")
    with pytest.raises(CashierLocked):
        till.signin(ANNE, "0000")
    clock.advance(minutes=15)
    with pytest.raises(PinRefused) as refused:
        till.signin(ANNE, "0000")
    assert refused.value.attempts_left == 2


def test_the_lockout_time_is_the_setting(
    till_config: Path, exports: Path, clock: ManualClock
) -> None:
    set_key(till_config, "cashiers.lockout_minutes", "2")
    till = Till(load_config(till_config), clock=clock)
    try:
        till.init()
        till.load_data(exports)
        for _ in range(2):
            with pytest.raises(PinRefused):
                till.signin(SARA, "1234")
        with pytest.raises(CashierLocked) as locked:
            till.approve("reprint", SARA, "1234")  # approvals count towards the same lock
        assert locked.value.until == NOON + dt.timedelta(minutes=2)
    finally:
        till.close()


def test_a_supervisor_approves_with_their_pin(till: Till) -> None:
    till.signin(ANNE, PINS[ANNE])
    assert till.approve("reprint", SARA, PINS[SARA]) == SARA
    with pytest.raises(ApprovalRefused) as not_supervisor:
        till.approve("drawer_open", PIOTR, PINS[PIOTR])
    assert not_supervisor.value.action == "drawer_open" and not_supervisor.value.code == PIOTR
    with pytest.raises(ApprovalRefused):
        till.approve("drawer_open", "NOBODY", "9999")
    with pytest.raises(PinRefused) as wrong:
        till.approve("drawer_open", SARA, "1111")
    assert wrong.value.attempts_left == 2
    assert till.whoami() == Cashier(ANNE, "Anne Martin", "cashier")  # approving signs no one in
    assert (SARA, "approved", "reprint") in _events(till)


def test_load_changes_adds_and_removes_cashiers(till: Till, exports: Path) -> None:
    till.signin(ANNE, PINS[ANNE])
    new = ("C03", "Chloe Dubois", "supervisor", "1", cashier_rows(SARA)[0][4])
    write_cashiers_increment(exports, 2, [new], deletes=(ANNE,))
    till.load_changes(exports)
    assert [c.code for c in till.cashiers.cashiers()] == [PIOTR, "C03", SARA]
    assert till.approve("reprint", "C03", PINS[SARA]) == "C03"
    # The signed-in cashier left the master data: nobody is signed in any more.
    assert till.whoami() is None
    with pytest.raises(NotSignedIn):
        till.require_cashier()
    write_cashiers_increment(exports, 3, [], deletes=("C03", PIOTR, SARA))
    till.load_changes(exports)
    assert till.require_cashier() is None  # no cashier left: anonymous again


def test_a_till_without_cashiers_sells_as_before(till_config: Path, tmp_path: Path) -> None:
    till = Till(load_config(till_config))
    try:
        till.init()
        till.load_data(write_catalog(tmp_path / "plain"))
        assert till.require_cashier() is None and till.whoami() is None
        ticket = _sell(till)
        assert ticket.cashier is None and "cashier" not in _document(till, ticket)
        assert ticket.lines[0].unit_price == Decimal("1.20")
    finally:
        till.close()


def test_signing_in_works_offline(till_config: Path, exports: Path) -> None:
    # A gateway that does not answer (nothing listens on port 9) changes nothing.
    set_key(till_config, "webservice.url", "http://127.0.0.1:9/soap")
    till = Till(load_config(till_config))
    try:
        till.init()
        till.load_data(exports)
        assert till.signin(SARA, PINS[SARA]).is_supervisor
        assert _sell(till).cashier == SARA
    finally:
        till.close()


def test_a_full_export_from_before_cashiers_loads_as_an_anonymous_till(
    till: Till, tmp_path: Path
) -> None:
    """A gateway not yet upgraded writes no cashiers file: the till loads it and has none."""
    import dataclasses

    from ftp_import.format import manifest_name
    from ftp_import.manifest import dump_manifest

    older = write_catalog(tmp_path / "older", sequence=2)
    path = older / manifest_name(2, "full")
    manifest = read_manifest(path)
    entry = manifest.file_for("cashiers")
    assert entry is not None
    (older / entry.name).unlink()
    files = tuple(f for f in manifest.files if f.entity != "cashiers")
    path.write_bytes(dump_manifest(dataclasses.replace(manifest, files=files)))
    till.signin(ANNE, PINS[ANNE])
    till.load_data(older)
    assert till.catalog.counts()["cashiers"] == 0
    assert till.require_cashier() is None and till.whoami() is None
    assert _sell(till).cashier is None


def test_voiding_a_line_after_a_payment_needs_a_supervisor(till: Till) -> None:
    till.signin(ANNE, PINS[ANNE])
    sale = till.new_sale(NOON)
    sale.scan(BREAD)
    sale.scan(BREAD)
    sale.void(2)  # before any payment: the cashier alone
    sale.scan(BREAD)
    sale.pay(PaymentMethod.CARD, Decimal("0.10"))
    with pytest.raises(ApprovalRefused) as refused:
        sale.void(3)
    assert (refused.value.action, refused.value.code) == ("void_after_payment", "")
    assert not sale.ticket.lines[2].voided
    supervisor = till.approve(refused.value.action, SARA, PINS[SARA])
    sale.void(3, supervisor)
    sale.pay(PaymentMethod.CASH)
    doc = _document(till, sale.close())
    assert (doc["cashier"], doc["supervisor"], doc["approval"]) == (
        ANNE,
        SARA,
        "void_after_payment",
    )
    assert [ln["voided"] for ln in doc["lines"]] == [False, True, True]  # type: ignore[union-attr]
    assert (SARA, "approved", "void_after_payment") in _events(till)
