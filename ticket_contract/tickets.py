"""Ticket rules of the contract: records, canonical form, content hash, validation, outcome.

Plain functions over plain data, no I/O; every receiver (the gateway, a till's hub)
applies them. A received ticket is ``accepted`` (new and
valid), a ``duplicate`` (same id, same canonical content), a ``mismatch`` (same id,
other content: recorded, the first copy kept) or ``rejected`` with a reason (among them,
content that is not what the sent hash was computed over).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from ticket_contract.signatures import ChainSignature
from ticket_contract.times import utc_text
from ticket_contract.units import MONEY, QUANTITY, RATE, UNIT_PRICE, div_half_up, text

MAX_BIGINT = 2**63 - 1
MAX_REASON = 1000
# quantity (10**-3) x unit price (10**-4) is in 10**-7; money is in 10**-2.
_PRODUCT_TO_CENTS = 10 ** (QUANTITY + UNIT_PRICE - MONEY)


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    MISMATCH = "mismatch"
    REJECTED = "rejected"


class Line(NamedTuple):
    """A ticket line; amounts as integers of their smallest unit (see ``units``)."""

    line_no: int
    item_code: str
    barcode: str | None
    name: str
    quantity: int  # thousandths
    unit_price: int  # ten-thousandths
    vat_rate: int  # hundredths of a percent
    alcohol: bool
    discount: int  # cents
    offer_code: str | None
    voided: bool
    amount: int  # cents


class Payment(NamedTuple):
    method: str
    amount: int  # cents


class VatLine(NamedTuple):
    rate: int  # hundredths of a percent
    gross: int  # cents
    net: int
    vat: int


class ReceivedTicket(NamedTuple):
    """A ticket as the till sent it, typed; money in cents; ``till_hash`` is the hash the
    till computed at close, checked against the hash of what arrived (``hash_problem``)."""

    id: str
    store_id: str
    till_id: str
    business_day: dt.date
    number: int
    status: str
    opened_at: dt.datetime  # aware UTC
    closed_at: dt.datetime
    customer_code: str | None
    card_number: str | None
    total: int
    discount: int
    change: int
    till_hash: str
    lines: tuple[Line, ...]
    payments: tuple[Payment, ...]
    vat: tuple[VatLine, ...]
    # Contract version 2, each in the canonical form only when set (see ``EXTRA_KEYS``).
    kind: str = "sale"  # sale | return
    original_id: str | None = None  # a return with receipt: the ticket it gives back from
    cashier: str | None = None
    supervisor: str | None = None  # who approved what the cashier may not do alone
    approval: str | None = None  # the action approved
    # Its entry in the till's signature chain (never in the canonical form: it signs it)
    signature: ChainSignature | None = None

    @property
    def paid(self) -> int:
        return sum(p.amount for p in self.payments)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A ticket whose values could not be taken as they are (e.g. a time without zone)."""

    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Canonical:
    """The canonical JSON text of a ticket and its SHA-256, as the gateway computes it."""

    ticket: ReceivedTicket
    document: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class Known:
    """What the database already holds under a ticket id: the first copy."""

    content_hash: str
    document: str | None = None  # loaded only when a resend differs


@dataclass(frozen=True, slots=True)
class Result:
    ticket_id: str
    outcome: Outcome
    reason: str | None = None
    canonical: Canonical | None = None  # set for accepted and mismatch


# -- canonical form -------------------------------------------------------------------

# Where each amount of the document counts its units (for showing differences).
PLACES = {
    "total": MONEY,
    "discount": MONEY,
    "change": MONEY,
    "amount": MONEY,
    "gross": MONEY,
    "net": MONEY,
    "vat": MONEY,
    "quantity": QUANTITY,
    "unitPrice": UNIT_PRICE,
    "vatRate": RATE,
    "rate": RATE,
    # cash movements and closures (``documents``)
    "denomination": MONEY,
    "cashExpected": MONEY,
    "cashCounted": MONEY,
    "difference": MONEY,
}


# Document keys of the tuples' fields, in field order (the wire's names).
LINE_KEYS = (
    "lineNo",
    "itemCode",
    "barcode",
    "name",
    "quantity",
    "unitPrice",
    "vatRate",
    "alcohol",
    "discount",
    "offerCode",
    "voided",
    "amount",
)
PAYMENT_KEYS = ("method", "amount")
VAT_KEYS = ("rate", "gross", "net", "vat")
# Version 2's keys, after "change", each written only when set: a sale without them has
# the canonical text (and hash) of version 1, which the tills' journals hold.
EXTRA_KEYS = ("kind", "originalId", "cashier", "supervisor", "approval")
SALE, RETURN = "sale", "return"


def extras(t: ReceivedTicket) -> dict[str, str]:
    """The version-2 values of the ticket that are set, by their document key."""
    values = (None if t.kind == SALE else t.kind, t.original_id, t.cashier, t.supervisor)
    if values == (None, None, None, None) and t.approval is None:
        return {}
    found = zip(EXTRA_KEYS, (*values, t.approval), strict=True)
    return {key: value for key, value in found if value is not None}


def document(t: ReceivedTicket) -> dict[str, object]:
    """The ticket's content as JSON-able data, every value in one spelling: amounts as
    integers of their unit (``PLACES``), times in UTC, keys in this fixed order."""
    return {
        "id": t.id,
        "storeId": t.store_id,
        "tillId": t.till_id,
        "businessDay": t.business_day.isoformat(),
        "number": t.number,
        "status": t.status,
        "openedAt": utc_text(t.opened_at),
        "closedAt": utc_text(t.closed_at),
        "customerCode": t.customer_code,
        "cardNumber": t.card_number,
        "total": t.total,
        "discount": t.discount,
        "change": t.change,
        **extras(t),
        "lines": [dict(zip(LINE_KEYS, ln, strict=True)) for ln in t.lines],
        "payments": [dict(zip(PAYMENT_KEYS, p, strict=True)) for p in t.payments],
        "vat": [dict(zip(VAT_KEYS, v, strict=True)) for v in t.vat],
    }


def from_document(doc: Mapping[str, Any], till_hash: str = "") -> ReceivedTicket:
    """The ticket of a canonical document (``document``'s data, as the gateway stores it
    in JSON): the inverse of ``document``."""
    return ReceivedTicket(
        id=doc["id"],
        store_id=doc["storeId"],
        till_id=doc["tillId"],
        business_day=dt.date.fromisoformat(doc["businessDay"]),
        number=doc["number"],
        status=doc["status"],
        opened_at=dt.datetime.fromisoformat(doc["openedAt"]),
        closed_at=dt.datetime.fromisoformat(doc["closedAt"]),
        customer_code=doc["customerCode"],
        card_number=doc["cardNumber"],
        total=doc["total"],
        discount=doc["discount"],
        change=doc["change"],
        till_hash=till_hash,
        lines=tuple(Line(*(ln[k] for k in LINE_KEYS)) for ln in doc["lines"]),
        payments=tuple(Payment(*(p[k] for k in PAYMENT_KEYS)) for p in doc["payments"]),
        vat=tuple(VatLine(*(v[k] for k in VAT_KEYS)) for v in doc["vat"]),
        kind=doc.get("kind", SALE),
        original_id=doc.get("originalId"),
        cashier=doc.get("cashier"),
        supervisor=doc.get("supervisor"),
        approval=doc.get("approval"),
    )


_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False)
_string = json.encoder.encode_basestring  # what _JSON writes a str with (ensure_ascii off)


def _optional(value: str | None) -> str:
    return "null" if value is None else _string(value)


def _flag(value: bool) -> str:
    return "true" if value else "false"


_int = int.__repr__  # as json writes an int


def _line_json(ln: Line) -> str:
    return (
        f'{{"lineNo":{_int(ln.line_no)},"itemCode":{_string(ln.item_code)},'
        f'"barcode":{_optional(ln.barcode)},"name":{_string(ln.name)},'
        f'"quantity":{_int(ln.quantity)},"unitPrice":{_int(ln.unit_price)},'
        f'"vatRate":{_int(ln.vat_rate)},"alcohol":{_flag(ln.alcohol)},'
        f'"discount":{_int(ln.discount)},"offerCode":{_optional(ln.offer_code)},'
        f'"voided":{_flag(ln.voided)},"amount":{_int(ln.amount)}}}'
    )


def _payment_json(p: Payment) -> str:
    return f'{{"method":{_string(p.method)},"amount":{_int(p.amount)}}}'


def _vat_json(v: VatLine) -> str:
    return (
        f'{{"rate":{_int(v.rate)},"gross":{_int(v.gross)},"net":{_int(v.net)},"vat":{_int(v.vat)}}}'
    )


def _extras_json(t: ReceivedTicket) -> str:
    return "".join(f'"{k}":{_string(v)},' for k, v in extras(t).items())


def canonical_text(t: ReceivedTicket) -> str:
    """``document(t)`` as compact JSON (what ``_JSON.encode`` writes, character for
    character), written directly: this runs once per ticket received."""
    return (
        f'{{"id":{_string(t.id)},"storeId":{_string(t.store_id)},'
        f'"tillId":{_string(t.till_id)},"businessDay":"{t.business_day.isoformat()}",'
        f'"number":{_int(t.number)},"status":{_string(t.status)},'
        f'"openedAt":"{utc_text(t.opened_at)}","closedAt":"{utc_text(t.closed_at)}",'
        f'"customerCode":{_optional(t.customer_code)},"cardNumber":{_optional(t.card_number)},'
        f'"total":{_int(t.total)},"discount":{_int(t.discount)},"change":{_int(t.change)},'
        f"{_extras_json(t)}"
        f'"lines":[{",".join(map(_line_json, t.lines))}],'
        f'"payments":[{",".join(map(_payment_json, t.payments))}],'
        f'"vat":[{",".join(map(_vat_json, t.vat))}]}}'
    )


def canonical(t: ReceivedTicket) -> Canonical:
    body = canonical_text(t)
    return Canonical(t, body, hashlib.sha256(body.encode("utf-8")).hexdigest())


def hash_problem(form: Canonical) -> str | None:
    """Why the hash the sender computed is not the one of the content that arrived (a
    body corrupted or edited after the ticket was closed); None when they agree."""
    sent = form.ticket.till_hash
    if sent == form.content_hash:
        return None
    return (
        f"contentHash {sent or '(none)'} is not the hash of the ticket's content "
        f"({form.content_hash}): the ticket changed after it was closed"
    )


# -- validation -----------------------------------------------------------------------


def _money(cents: int) -> str:
    return text(cents, MONEY)


def _line_problems(ln: Line) -> Iterable[str]:
    if ln.voided:
        if ln.amount != 0:
            yield f"line {ln.line_no}: voided but amount is {_money(ln.amount)}, expected 0.00"
        return
    expected = div_half_up(ln.quantity * ln.unit_price, _PRODUCT_TO_CENTS) - ln.discount
    if ln.amount != expected:
        yield (
            f"line {ln.line_no}: amount {_money(ln.amount)} != quantity x unitPrice - discount "
            f"= {_money(expected)}"
        )


def _total_problems(t: ReceivedTicket) -> Iterable[str]:
    sold = [ln for ln in t.lines if not ln.voided]
    lines_total = sum(ln.amount for ln in sold)
    if lines_total != t.total:
        yield f"total {_money(t.total)} != sum of line amounts {_money(lines_total)}"
    line_discounts = sum(ln.discount for ln in sold)
    if line_discounts != t.discount:
        yield f"discount {_money(t.discount)} != sum of line discounts {_money(line_discounts)}"
    vat_gross = sum(v.gross for v in t.vat)
    if vat_gross != t.total:
        yield f"sum of VAT gross {_money(vat_gross)} != total {_money(t.total)}"
    for v in t.vat:
        if v.net + v.vat != v.gross:
            yield (
                f"VAT {text(v.rate, RATE)} %: net {_money(v.net)} + vat {_money(v.vat)} "
                f"!= gross {_money(v.gross)}"
            )


def _payment_problems(t: ReceivedTicket) -> Iterable[str]:
    if t.status != "closed":
        return
    if t.paid - t.change != t.total:
        yield (f"payments {_money(t.paid)} - change {_money(t.change)} != total {_money(t.total)}")
    if t.kind == RETURN:
        if t.change != 0:
            yield f"change {_money(t.change)} on a return, expected 0.00"
        return
    cash = sum(p.amount for p in t.payments if p.method == "cash")
    if t.change < 0 or t.change > cash:
        yield f"change {_money(t.change)} must be 0..cash paid {_money(cash)}"


def _sign_problems(t: ReceivedTicket) -> Iterable[str]:
    """A sale gives out (nothing negative), a return takes back (nothing positive)."""
    back = t.kind == RETURN
    what, wrong = ("positive", "a return") if back else ("negative", "a sale")
    for ln in t.lines:
        if ln.voided:
            continue
        if (ln.quantity >= 0) if back else (ln.quantity <= 0):
            yield f"line {ln.line_no}: quantity {text(ln.quantity, QUANTITY)} on {wrong}"
        if any((v > 0) if back else (v < 0) for v in (ln.amount, ln.discount)):
            yield f"line {ln.line_no}: {what} amount or discount on {wrong}"
    if any((p.amount > 0) if back else (p.amount < 0) for p in t.payments):
        yield f"{what} payment on {wrong}"
    if any((v.gross > 0) if back else (v.gross < 0) for v in t.vat):
        yield f"{what} VAT gross on {wrong}"


def _extra_problems(t: ReceivedTicket) -> Iterable[str]:
    if t.kind not in (SALE, RETURN):
        yield f"kind {t.kind!r} is neither sale nor return"
    if t.original_id is not None and t.kind != RETURN:
        yield "originalId on a ticket that is not a return"
    if t.original_id is not None and t.original_id == t.id:
        yield "a return cannot give back from itself"
    if t.approval is not None and t.supervisor is None:
        yield f"approval {t.approval!r} without the supervisor who gave it"


def _range_problems(t: ReceivedTicket) -> Iterable[str]:
    if t.number > MAX_BIGINT:
        yield f"number {t.number} is out of range"
    for ln in t.lines:
        if abs(ln.unit_price) > MAX_BIGINT or ln.line_no > 2**31 - 1:
            yield f"line {ln.line_no}: out of range"
    numbers = [ln.line_no for ln in t.lines]
    if len(set(numbers)) != len(numbers):
        yield "lineNo values repeat"


def problems(t: ReceivedTicket) -> list[str]:
    """Everything that makes the ticket inconsistent; [] if it adds up."""
    found = list(_range_problems(t))
    for ln in t.lines:
        found.extend(_line_problems(ln))
    found.extend(_total_problems(t))
    found.extend(_payment_problems(t))
    found.extend(_sign_problems(t))
    found.extend(_extra_problems(t))
    return found


def reason_text(parts: Sequence[str]) -> str:
    """The problems as one reason, cut to the contract's length."""
    text = "; ".join(parts)
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 3] + "..."


_reason = reason_text


# -- differences ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Difference:
    field: str
    old: object
    new: object


def _keyed(items: list[object]) -> dict[str, object]:
    """List items by label: lines by their lineNo, anything else by position from 1."""
    return {
        str(item.get("lineNo", i) if isinstance(item, dict) else i): item
        for i, item in enumerate(items, 1)
    }


def _readable(value: object, key: str) -> object:
    """Amounts of a document value as decimal text, recursively."""
    if isinstance(value, dict):
        return {k: _readable(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_readable(v, key) for v in value]
    if key in PLACES and isinstance(value, int) and not isinstance(value, bool):
        return text(value, PLACES[key])
    return value


def _compare(old: object, new: object, path: str, key: str, out: list[Difference]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for k in [*old, *(k for k in new if k not in old)]:
            _compare(old.get(k), new.get(k), f"{path}.{k}" if path else k, k, out)
    elif isinstance(old, list) and isinstance(new, list):
        before, after = _keyed(old), _keyed(new)
        for label in [*before, *(k for k in after if k not in before)]:
            _compare(before.get(label), after.get(label), f"{path}[{label}]", key, out)
    elif old != new:
        out.append(Difference(path, _readable(old, key), _readable(new, key)))


def differences(first: str, other: str) -> list[Difference]:
    """Field by field, what ``other`` (a canonical document) changes in ``first``.

    Lines are named by their lineNo (``lines[3].quantity``), payments and VAT lines by
    their position from 1; an item on one side only is one difference, None on the other.
    Amounts are shown as decimal text ("12.50").
    """
    found: list[Difference] = []
    _compare(json.loads(first), json.loads(other), "", "", found)
    return found


def _shown(value: object) -> str:
    if value is None:
        return "absent"
    return "present" if isinstance(value, dict | list) else str(value)


def mismatch_reason(first: str, other: str) -> str:
    diffs = differences(first, other)
    listed = [f"{d.field} ({_shown(d.old)} -> {_shown(d.new)})" for d in diffs]
    return _reason([f"differs from the first copy in {len(diffs)} field(s): " + ", ".join(listed)])


# -- classification -------------------------------------------------------------------


def classify(
    till_id: str,
    received: Sequence[Canonical | Unreadable],
    known: Mapping[str, Known],
    till_store: str | None,
    relayed_stores: Mapping[str, str | None] | None = None,
    speaks_for: str | None = None,
) -> list[Result]:
    """The outcome of each ticket of a batch from ``till_id``, in order.

    A ticket of another till is taken as relayed (a store's hub sends its tills' tickets)
    when ``relayed_stores`` gives that till the sending till's store, and the ticket names
    it too; it is then judged like a ticket of its own till. ``speaks_for`` is the store
    the request names (None: not named): a till relays only for its own store, so when it
    names another, every relayed ticket is rejected.

    ``known`` holds the first copies already stored (with ``document`` for every id whose
    hash differs); ``till_store`` is the store the till belongs to (None: not yet known,
    then the first ticket's store counts). Tickets accepted earlier in the batch count as
    known for later ones.
    """
    seen: dict[str, Known] = dict(known)
    results = []
    for item in received:
        result = _classify_one(till_id, item, seen, till_store, relayed_stores or {}, speaks_for)
        if result.outcome is Outcome.ACCEPTED and isinstance(item, Canonical):
            seen[result.ticket_id] = Known(item.content_hash, item.document)
            till_store = till_store or item.ticket.store_id
        results.append(result)
    return results


def _classify_one(
    till_id: str,
    item: Canonical | Unreadable,
    seen: Mapping[str, Known],
    store: str | None,
    relayed_stores: Mapping[str, str | None],
    speaks_for: str | None = None,
) -> Result:
    if isinstance(item, Unreadable):
        return Result(item.id, Outcome.REJECTED, _reason([item.reason]))
    t = item.ticket
    wrong_hash = hash_problem(item)
    if wrong_hash is not None:
        return Result(t.id, Outcome.REJECTED, wrong_hash)
    if t.till_id != till_id:
        if speaks_for is not None and store is not None and speaks_for != store:
            reason = (
                f"till {till_id} speaks for store {speaks_for} but belongs to store {store}: "
                "it relays only for its own store"
            )
            return Result(t.id, Outcome.REJECTED, reason)
        if store is None or relayed_stores.get(t.till_id, "") != store:
            reason = f"tillId {t.till_id} of the ticket is not the sending till {till_id}"
            return Result(t.id, Outcome.REJECTED, reason)
    first = seen.get(t.id)
    if first is not None:
        if first.content_hash == item.content_hash:
            return Result(t.id, Outcome.DUPLICATE)
        reason = mismatch_reason(first.document or "{}", item.document)
        return Result(t.id, Outcome.MISMATCH, reason, item)
    found = problems(t)
    if store is not None and t.store_id != store:
        found.insert(0, f"storeId {t.store_id} is not the store of till {till_id} ({store})")
    if found:
        return Result(t.id, Outcome.REJECTED, _reason(found))
    return Result(t.id, Outcome.ACCEPTED, None, item)
