"""Cashiers in the gateway's master data: set one by hand (a gateway without an ERP
source of cashiers), remove one, list them. PINs arrive here only to be hashed
(``ftp_import.pins``); what is stored and exported is the hash.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from connectors.errors import BadInput
from erp_gateway.master import MASTER, EntityChange, import_rows
from ftp_import.format import ENTITIES
from ftp_import.pins import hash_pin, new_pin_problem

CASHIERS = MASTER["cashiers"]


@dataclass(frozen=True, slots=True)
class CashierRecord:
    code: str
    name: str
    role: str
    active: bool

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "role": self.role, "active": self.active}


def stored_hash(conn: sa.Connection, code: str) -> str | None:
    """The PIN hash of a cashier in master data (not removed); None when there is none."""
    c = CASHIERS.c
    return conn.execute(
        sa.select(c.pin_hash).where(c.code == code, ~c.deleted)
    ).scalar_one_or_none()


def set_cashier(
    conn: sa.Connection,
    code: str,
    name: str,
    role: str,
    *,
    pin: str | None,
    active: bool = True,
) -> EntityChange:
    """Add or replace cashier ``code``; ``pin`` None keeps the PIN it has. The row goes
    through the same checks as every import, and into the next export."""
    if pin is None:
        pin_hash = stored_hash(conn, code)
        if pin_hash is None:
            raise BadInput(f"cashier {code} has no PIN yet: give one")
    else:
        if problem := new_pin_problem(pin):
            raise BadInput(problem)
        pin_hash = hash_pin(pin)
    row = [code, name, role, "1" if active else "0", pin_hash]
    [change] = import_rows(conn, {"cashiers": ("cashiers set", [row])}, partial=True)
    return change


def remove_cashier(conn: sa.Connection, code: str) -> bool:
    """Remove cashier ``code`` (a tombstone for the next increment); False if unknown."""
    c = CASHIERS.c
    columns = [c[name] for name in ENTITIES["cashiers"].columns]
    rows = conn.execute(sa.select(*columns).where(~c.deleted).order_by(c.code)).all()
    if all(row.code != code for row in rows):
        return False
    others = [["" if v is None else v for v in row] for row in rows if row.code != code]
    import_rows(conn, {"cashiers": ("cashiers remove", others)})
    return True


def list_cashiers(conn: sa.Connection) -> list[CashierRecord]:
    """The cashiers of the master data, by code, without their PIN hashes."""
    c = CASHIERS.c
    rows = conn.execute(
        sa.select(c.code, c.name, c.role, c.active).where(~c.deleted).order_by(c.code)
    ).all()
    return [CashierRecord(r.code, r.name or "", r.role or "", r.active == "1") for r in rows]
