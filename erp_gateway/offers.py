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
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import sqlalchemy as sa

from connectors.errors import ExportError
from erp_gateway.db import GatewayDatabase
from erp_gateway.master import MASTER, import_rows

offers = MASTER["offers"]

COLUMNS = (
    "code",
    "description",
    "scope",
    "scope_ref",
    "target",
    "item_code",
    "kind",
    "value",
    "valid_from",
    "valid_to",
)
SCOPES = ("all", "customer", "card")
TARGETS = ("item", "total")
KINDS = ("percent", "amount")


@dataclass(frozen=True)
class Offer:
    code: str
    description: str
    scope: str
    scope_ref: str | None
    target: str
    item_code: str | None
    kind: str
    value: Decimal
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def offer_problems(o: Offer) -> list[str]:
    """What is wrong with an offer; [] if nothing."""
    found = []
    if not o.code or len(o.code) > 64:
        found.append("code must be 1..64 characters")
    if o.scope not in SCOPES:
        found.append(f"scope must be one of {', '.join(SCOPES)}, got {o.scope!r}")
    elif (o.scope == "all") == bool(o.scope_ref):
        found.append("scope_ref is required for customer and card, and empty for all")
    if o.target not in TARGETS:
        found.append(f"target must be one of {', '.join(TARGETS)}, got {o.target!r}")
    elif (o.target == "item") != bool(o.item_code):
        found.append("item_code is required for target item, and empty for total")
    if o.kind not in KINDS:
        found.append(f"kind must be one of {', '.join(KINDS)}, got {o.kind!r}")
    if o.value < 0 or o.value != o.value.quantize(Decimal("0.01")):
        found.append(f"value must be >= 0 with at most 2 decimals, got {o.value}")
    if o.valid_from and o.valid_to and o.valid_to < o.valid_from:
        found.append("valid_to is before valid_from")
    return found


def _as_row(o: Offer) -> list[str]:
    return [
        o.code, o.description, o.scope, o.scope_ref or "", o.target, o.item_code or "",
        o.kind, str(o.value), o.valid_from.isoformat() if o.valid_from else "",
        o.valid_to.isoformat() if o.valid_to else "",
    ]  # fmt: skip


def replace_offers(db: GatewayDatabase, new: Sequence[Offer], *, replace_all: bool = False) -> int:
    """Add or replace offers by code in the master data (all others removed when ``replace_all``)."""
    for o in new:
        if found := offer_problems(o):
            raise ExportError(f"offer {o.code!r}: {'; '.join(found)}")
    rows = [_as_row(o) for o in new]

    def work(conn: sa.Connection) -> int:
        import_rows(conn, {"offers": ("offers", rows)}, partial=not replace_all)
        return len(rows)

    return db.write(work)


def _offer(row: sa.Row[tuple[object, ...]]) -> Offer:
    m = row._mapping
    return Offer(
        code=m["code"],
        description=m["description"],
        scope=m["scope"],
        scope_ref=m["scope_ref"] or None,
        target=m["target"],
        item_code=m["item_code"] or None,
        kind=m["kind"],
        value=Decimal(m["value"]),
        valid_from=dt.date.fromisoformat(m["valid_from"]) if m["valid_from"] else None,
        valid_to=dt.date.fromisoformat(m["valid_to"]) if m["valid_to"] else None,
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


def _date(text: str, column: str, line: int, file: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ExportError(
            f"{column} must be an ISO date, got {text!r}", file=file, line=line
        ) from None


def _parse_row(row: dict[str, str], line: int, file: str) -> Offer:
    try:
        value = Decimal(row["value"])
    except InvalidOperation:
        raise ExportError(
            f"value must be a decimal, got {row['value']!r}", file=file, line=line
        ) from None
    offer = Offer(
        code=row["code"],
        description=row["description"],
        scope=row["scope"],
        scope_ref=row["scope_ref"] or None,
        target=row["target"],
        item_code=row["item_code"] or None,
        kind=row["kind"],
        value=value,
        valid_from=_date(row["valid_from"], "valid_from", line, file),
        valid_to=_date(row["valid_to"], "valid_to", line, file),
    )
    if found := offer_problems(offer):
        raise ExportError("; ".join(found), file=file, line=line)
    return offer


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
