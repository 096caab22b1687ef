"""Customer offers: which offers a customer (or a card) gets today, and loading them.

Offers are master data (``master_offers``): the same rows feed GetCustomerOffers and the
exports the tills load, so an offer never exists on one path and not the other.

CSV columns (header row required, UTF-8, comma separated)::

    code,description,scope,scope_ref,target,item_code,kind,value,valid_from,valid_to

scope is all | customer | card (scope_ref: the customer code or card number), target
is item | total (item_code for item), kind is percent | amount, value a decimal with at
most 2 decimals, valid_from / valid_to ISO dates or empty (open).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from connectors.errors import ExportError
from erp_gateway.db import GatewayDatabase
from erp_gateway.master import MASTER, import_rows
from ftp_import.format import ENTITIES
from ftp_import.validate import normalize_row
from ticket_contract import Offer

offers = MASTER["offers"]

COLUMNS = ENTITIES["offers"].columns


def _as_row(o: Offer) -> list[str]:
    return [
        o.code, o.description, o.scope, o.scope_ref or "", o.target, o.item_code or "",
        o.kind, str(o.value), o.valid_from.isoformat() if o.valid_from else "",
        o.valid_to.isoformat() if o.valid_to else "",
    ]  # fmt: skip


def replace_offers(db: GatewayDatabase, new: Sequence[Offer], *, replace_all: bool = False) -> int:
    """Add or replace offers by code in the master data (all others removed when ``replace_all``);
    each is checked by the export format's rules (``normalize_row``) on the way in."""
    rows = [_as_row(o) for o in new]

    def work(conn: sa.Connection) -> int:
        import_rows(conn, {"offers": ("offers", rows)}, partial=not replace_all)
        return len(rows)

    return db.write(work)


def _offer(row: sa.Row[tuple[object, ...]]) -> Offer:
    m = row._mapping
    return _from_values([str(m[c] or "") for c in COLUMNS])


def _from_values(v: Sequence[str]) -> Offer:
    """An offer from its columns as normalised text (``normalize_row``, master_offers)."""
    o = dict(zip(COLUMNS, v, strict=True))
    return Offer(
        code=o["code"],
        description=o["description"],
        scope=o["scope"],
        scope_ref=o["scope_ref"] or None,
        target=o["target"],
        item_code=o["item_code"] or None,
        kind=o["kind"],
        value=Decimal(o["value"]),
        valid_from=dt.date.fromisoformat(o["valid_from"]) if o["valid_from"] else None,
        valid_to=dt.date.fromisoformat(o["valid_to"]) if o["valid_to"] else None,
    )


def offers_for(
    db: GatewayDatabase, customer_code: str, card_number: str | None, day: dt.date
) -> list[Offer]:
    """Offers valid on ``day`` for everyone, for this customer, or for this card."""
    scoped = [
        offers.c.scope == "all",
        (offers.c.scope == "customer") & (offers.c.scope_ref == customer_code),
    ]
    if card_number:
        scoped.append((offers.c.scope == "card") & (offers.c.scope_ref == card_number))
    day_text = day.isoformat()
    query = (
        sa.select(offers)
        .where(~offers.c.deleted, sa.or_(*scoped))
        .where(sa.or_(offers.c.valid_from.is_(None), offers.c.valid_from <= day_text))
        .where(
            sa.or_(
                offers.c.valid_to.is_(None), offers.c.valid_to == "", offers.c.valid_to >= day_text
            )
        )
        .order_by(offers.c.code)
    )
    with db.read() as conn:
        return [_offer(row) for row in conn.execute(query)]


def _parse_row(row: dict[str, str], line: int, file: str) -> Offer:
    return _from_values(normalize_row("offers", [row[c] for c in COLUMNS], file=file, line=line))


def read_offers_csv(path: Path) -> list[Offer]:
    """Offers from a CSV file (see the module docstring); names file and line on error."""
    file = str(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            reader = csv.DictReader(stream)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise ExportError(f"missing columns: {', '.join(missing)}", file=file, line=1)
            return [_parse_row(row, reader.line_num, file) for row in _rows(reader)]
    except FileNotFoundError as exc:
        raise ExportError("file not found", file=file) from exc
    except UnicodeDecodeError as exc:
        raise ExportError(f"not UTF-8 text (byte {exc.start})", file=file) from exc


def _rows(reader: csv.DictReader[str]) -> Iterable[dict[str, str]]:
    for row in reader:
        yield {k: (row.get(k) or "").strip() for k in COLUMNS}
