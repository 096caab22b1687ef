"""Cashiers at the till: sign-in with a PIN, the lockout after wrong PINs, supervisor approval.

Everything here is local (the catalog's cashiers, the journal's sign-in and PIN
failures), so signing in works offline. A till whose catalog lists no cashier is
anonymous: ``require_cashier`` answers None and the till sells as it always did.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import sqlalchemy as sa

from connectors.errors import (
    ApprovalRefused,
    CashierError,
    CashierLocked,
    NotSignedIn,
    PinRefused,
)
from ftp_import.pins import verify_pin
from standalone_till.cashier_tables import cashier_events, cashier_signins, pin_failures
from standalone_till.clock import Clock, iso, utcnow
from standalone_till.overlay import LIVE
from standalone_till.signing import Signer
from standalone_till.store import TillDatabase

log = logging.getLogger("tillsync.cashiers")

CASHIERS = LIVE["cashiers"]
MAX_FAILURES = 3  # wrong PINs in a row that lock a cashier at this till
SUPERVISOR = "supervisor"
VOID_AFTER_PAYMENT = "void_after_payment"
# What a supervisor approves (recorded on the document as ``approval``).
ACTIONS = (
    "return_without_receipt",
    VOID_AFTER_PAYMENT,
    "reprint",
    "drawer_open",
    "cash_out_over_limit",
)


@dataclass(frozen=True, slots=True)
class Cashier:
    code: str
    name: str
    role: str  # cashier | supervisor

    @property
    def is_supervisor(self) -> bool:
        return self.role == SUPERVISOR

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "role": self.role}


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What a PIN check decided, applied in one journal transaction, raised after it."""

    ok: bool
    failures: int = 0
    locked_until: dt.datetime | None = None


class CashierDesk:
    """The cashiers of one till: who is signed in, PIN checks and their lockout."""

    def __init__(
        self,
        db: TillDatabase,
        till_id: str,
        *,
        lockout: dt.timedelta = dt.timedelta(minutes=15),
        clock: Clock = utcnow,
        signer: Signer | None = None,
    ) -> None:
        self.db = db
        self.till_id = till_id
        self.lockout = lockout
        self.clock = clock
        self.signer = signer  # sign-in, sign-out and approvals are signed audit events

    # ------------------------------------------------------------ master data
    def any_cashier(self) -> bool:
        """Whether the catalog lists cashiers (then nothing is sold without one)."""
        code = CASHIERS.c.code
        with self.db.read(self.db.catalog) as conn:
            # A key range, not a bare LIMIT: answered from the index (the selling path).
            found = conn.execute(sa.select(code).where(code >= "").order_by(code).limit(1))
            return found.first() is not None

    def cashier(self, code: str) -> tuple[Cashier, str] | None:
        """An active cashier of the catalog and their PIN hash; None when unknown or inactive."""
        c = CASHIERS.c
        with self.db.read(self.db.catalog) as conn:
            row = conn.execute(
                sa.select(c.code, c.name, c.role, c.active, c.pin_hash).where(c.code == code)
            ).first()
        if row is None or not row.active:
            return None
        return Cashier(row.code, row.name, row.role), row.pin_hash

    def cashiers(self) -> list[Cashier]:
        """The active cashiers, by code."""
        c = CASHIERS.c
        with self.db.read(self.db.catalog) as conn:
            rows = conn.execute(
                sa.select(c.code, c.name, c.role).where(c.active).order_by(c.code)
            ).all()
        return [Cashier(r.code, r.name, r.role) for r in rows]

    # ------------------------------------------------------------ sign-in
    def signin(self, code: str, pin: str) -> Cashier:
        """Sign ``code`` in at this till (whoever was signed in is signed out)."""
        found = self.cashier(code)
        if found is None:
            raise CashierError(f"no active cashier {code!r} in the master data", code=code)
        cashier, pin_hash = found
        now = self.clock()
        self._check_pin(cashier.code, pin, pin_hash, now)
        with self.db.write(self.db.journal) as conn:
            previous = self._signed_in_code(conn)
            if previous is not None and previous != cashier.code:
                self._event(conn, previous, "signout", now)
            self._set_signin(conn, cashier, now)
            self._event(conn, cashier.code, "signin", now)
        log.info("cashier %s signed in at %s", cashier.code, self.till_id)
        return cashier

    def signout(self) -> Cashier | None:
        """Sign the cashier out; the one who was signed in, or None."""
        current = self.whoami()
        now = self.clock()
        with self.db.write(self.db.journal) as conn:
            code = self._signed_in_code(conn)
            if code is None:
                return None
            t = cashier_signins
            conn.execute(sa.delete(t).where(t.c.till_id == self.till_id))
            self._event(conn, code, "signout", now)
        log.info("cashier %s signed out at %s", code, self.till_id)
        return current

    def whoami(self) -> Cashier | None:
        """The cashier signed in here, as the catalog knows them now; None when nobody
        is, or when the one signed in has since left the master data or was deactivated."""
        with self.db.read(self.db.journal) as conn:
            code = self._signed_in_code(conn)
        if code is None:
            return None
        found = self.cashier(code)
        return None if found is None else found[0]

    def signed_in_at(self) -> dt.datetime | None:
        t = cashier_signins
        with self.db.read(self.db.journal) as conn:
            return conn.execute(
                sa.select(t.c.signed_in_at).where(t.c.till_id == self.till_id)
            ).scalar_one_or_none()

    def require_cashier(self) -> str | None:
        """The signed-in cashier's code; None on an anonymous till (no cashier in the
        master data); NotSignedIn when cashiers exist and none is signed in."""
        if not self.any_cashier():
            return None
        cashier = self.whoami()
        if cashier is None:
            raise NotSignedIn()
        return cashier.code

    # ------------------------------------------------------------ approval
    def approve(self, action: str, supervisor_code: str, pin: str) -> str:
        """A supervisor's approval of ``action`` now: an active supervisor and their PIN
        (wrong PINs count towards the same lockout). Returns the supervisor's code."""
        found = self.cashier(supervisor_code)
        if found is None or not found[0].is_supervisor:
            raise ApprovalRefused(
                f"{supervisor_code!r} is not an active supervisor: {action} needs one",
                code=supervisor_code,
                action=action,
            )
        cashier, pin_hash = found
        now = self.clock()
        self._check_pin(cashier.code, pin, pin_hash, now)
        with self.db.write(self.db.journal) as conn:
            self._event(conn, cashier.code, "approved", now, action=action)
        log.info("supervisor %s approved %s at %s", cashier.code, action, self.till_id)
        return cashier.code

    # ------------------------------------------------------------ PIN checks
    def locked_until(self, code: str) -> dt.datetime | None:
        """When the lockout of ``code`` at this till ends; None when it is not locked."""
        with self.db.read(self.db.journal) as conn:
            until = self._lock_of(conn, code)
        return until if until is not None and until > self.clock() else None

    def _check_pin(self, code: str, pin: str, pin_hash: str, now: dt.datetime) -> None:
        with self.db.read(self.db.journal) as conn:
            until = self._lock_of(conn, code)
        if until is not None and until > now:
            raise CashierLocked(_locked_text(code, until), code=code, until=until)
        # The slow hash runs outside any transaction: a ticket close never waits on it.
        ok = verify_pin(pin, pin_hash)
        with self.db.write(self.db.journal) as conn:
            verdict = self._record(conn, code, ok, now)
        if verdict.locked_until is not None:
            until = verdict.locked_until
            raise CashierLocked(
                f"wrong PIN for {code}: {_locked_text(code, until)}", code=code, until=until
            )
        if not verdict.ok:
            left = MAX_FAILURES - verdict.failures
            raise PinRefused(
                f"wrong PIN for {code}: {left} more wrong PIN{'s' if left > 1 else ''} "
                f"lock{'s' if left == 1 else ''} it at this till",
                code=code,
                attempts_left=left,
            )

    def _record(self, conn: sa.Connection, code: str, ok: bool, now: dt.datetime) -> _Verdict:
        t = pin_failures
        where = sa.and_(t.c.till_id == self.till_id, t.c.cashier_code == code)
        if ok:
            conn.execute(sa.delete(t).where(where))
            return _Verdict(ok=True)
        # FOR UPDATE: two windows of one till on a server database count every failure.
        row = conn.execute(
            sa.select(t.c.failures, t.c.locked_until).where(where).with_for_update()
        ).first()
        failures = 0 if row is None or row.locked_until is not None else row.failures
        failures += 1  # a lockout that ran out starts a fresh count
        locked_until = now + self.lockout if failures >= MAX_FAILURES else None
        values = {"failures": failures, "last_failure_at": now, "locked_until": locked_until}
        if row is None:
            conn.execute(sa.insert(t).values(till_id=self.till_id, cashier_code=code, **values))
        else:
            conn.execute(sa.update(t).where(where).values(**values))
        self._event(conn, code, "locked" if locked_until else "pin_refused", now)
        if locked_until is not None:
            log.warning("cashier %s locked at %s until %s", code, self.till_id, iso(locked_until))
        return _Verdict(ok=False, failures=failures, locked_until=locked_until)

    # ------------------------------------------------------------ journal rows
    def _signed_in_code(self, conn: sa.Connection) -> str | None:
        t = cashier_signins
        return conn.execute(
            sa.select(t.c.cashier_code).where(t.c.till_id == self.till_id)
        ).scalar_one_or_none()

    def _set_signin(self, conn: sa.Connection, cashier: Cashier, now: dt.datetime) -> None:
        t = cashier_signins
        conn.execute(sa.delete(t).where(t.c.till_id == self.till_id))
        conn.execute(
            sa.insert(t).values(
                till_id=self.till_id,
                cashier_code=cashier.code,
                name=cashier.name,
                role=cashier.role,
                signed_in_at=now,
            )
        )

    def _lock_of(self, conn: sa.Connection, code: str) -> dt.datetime | None:
        t = pin_failures
        return conn.execute(
            sa.select(t.c.locked_until).where(t.c.till_id == self.till_id, t.c.cashier_code == code)
        ).scalar_one_or_none()

    def _event(
        self,
        conn: sa.Connection,
        code: str,
        event: str,
        now: dt.datetime,
        *,
        action: str | None = None,
    ) -> None:
        conn.execute(
            sa.insert(cashier_events).values(
                till_id=self.till_id, cashier_code=code, event=event, action=action, at=now
            )
        )
        kind = _AUDITED.get(event)
        if self.signer is not None and kind is not None:
            approval = kind == "approval"
            self.signer.audit(
                conn,
                kind,
                now,
                cashier=None if approval else code,
                supervisor=code if approval else None,
                detail={"action": action} if action else {},
            )


_AUDITED = {"signin": "signin", "signout": "signout", "approved": "approval"}


def _locked_text(code: str, until: dt.datetime) -> str:
    return f"{code} is locked at this till after {MAX_FAILURES} wrong PINs until {iso(until)}"
