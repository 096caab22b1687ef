"""The documents beyond the sale: cash movements and day closures (Z), as the contract
carries them. Records, the canonical form and its hash, the checks and the outcome rules.

Plain functions over plain data, as ``tickets`` is for tickets, and with its rules: a
received document is ``accepted`` (new and consistent), a ``duplicate`` (same id, same
canonical content), a ``mismatch`` (same id, other content: recorded, the first copy
kept) or ``rejected`` with a reason. Amounts are integers of their unit (``units``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ticket_contract.signatures import ChainSignature
from ticket_contract.tickets import (
    Known,
    Outcome,
    Payment,
    VatLine,
    mismatch_reason,
    reason_text,
)
from ticket_contract.times import utc_text
from ticket_contract.units import MONEY, text

CASH_KINDS = ("float", "cash_in", "cash_out", "drop", "drawer_open", "count")
CASH_MOVEMENT, CLOSURE = "cashMovement", "closure"  # the contract's element names


class Denomination(NamedTuple):
    """How many notes or coins of one value a count found."""

    value: int  # cents
    pieces: int


class CashMovement(NamedTuple):
    """Money into or out of the drawer (``kind`` says which; ``amount`` is positive), a
    drawer opened without a sale (0), or the closing count (the counted total)."""

    id: str
    store_id: str
    till_id: str
    business_day: dt.date
    number: int
    kind: str
    amount: int  # cents
    reason: str | None
    counts: tuple[Denomination, ...]
    cashier: str | None
    supervisor: str | None
    created_at: dt.datetime  # aware UTC
    till_hash: str
    signature: ChainSignature | None = None  # its chain entry: never in the canonical form


class Closure(NamedTuple):
    """A day closure (Z): the ticket numbers the day holds (``first_number`` to
    ``last_number``, every one of them issued), its counts and totals."""

    id: str
    store_id: str
    till_id: str
    business_day: dt.date
    z_number: int
    first_number: int | None
    last_number: int | None
    tickets: int
    cancelled: int
    returns: int
    total: int  # cents
    vat: tuple[VatLine, ...]
    payments: tuple[Payment, ...]
    cash_expected: int
    cash_counted: int | None
    difference: int | None
    cashier: str | None
    closed_at: dt.datetime  # aware UTC
    till_hash: str
    # The signature (or hash) heading the till's chain when the day closed: empty until
    # the till signs its journal. Optional on the wire and in the canonical form, so a
    # closure without it hashes as it did before.
    chain_head: str | None = None
    signature: ChainSignature | None = None  # its chain entry: never in the canonical form


Document = CashMovement | Closure


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A document whose values could not be taken as they are."""

    id: str
    element: str  # cashMovement | closure
    reason: str


@dataclass(frozen=True, slots=True)
class DocumentForm:
    """A document's canonical JSON text and its SHA-256."""

    record: Document
    document: str
    content_hash: str

    @property
    def element(self) -> str:
        return CASH_MOVEMENT if isinstance(self.record, CashMovement) else CLOSURE


@dataclass(frozen=True, slots=True)
class DocumentResult:
    document_id: str
    outcome: Outcome
    reason: str | None = None
    form: DocumentForm | None = None  # set for accepted and mismatch


# -- canonical form -------------------------------------------------------------------


def _vat(v: VatLine) -> dict[str, object]:
    return {"rate": v.rate, "gross": v.gross, "net": v.net, "vat": v.vat}


def canonical_document(d: Document) -> dict[str, object]:
    """The document's content as JSON-able data: amounts as integers of their unit, times
    in UTC, keys in a fixed order, every key always present (null when not set) but a
    closure's ``chainHead``, present only when the closure has one."""
    head: dict[str, object] = {
        "type": CASH_MOVEMENT if isinstance(d, CashMovement) else CLOSURE,
        "id": d.id,
        "storeId": d.store_id,
        "tillId": d.till_id,
        "businessDay": d.business_day.isoformat(),
    }
    if isinstance(d, CashMovement):
        return head | {
            "number": d.number,
            "kind": d.kind,
            "amount": d.amount,
            "reason": d.reason,
            "counts": [{"denomination": c.value, "count": c.pieces} for c in d.counts],
            "cashier": d.cashier,
            "supervisor": d.supervisor,
            "createdAt": utc_text(d.created_at),
        }
    closure: dict[str, object] = head | {
        "zNumber": d.z_number,
        "firstNumber": d.first_number,
        "lastNumber": d.last_number,
        "tickets": d.tickets,
        "cancelled": d.cancelled,
        "returns": d.returns,
        "total": d.total,
        "vat": [_vat(v) for v in d.vat],
        "payments": [{"method": p.method, "amount": p.amount} for p in d.payments],
        "cashExpected": d.cash_expected,
        "cashCounted": d.cash_counted,
        "difference": d.difference,
        "cashier": d.cashier,
        "closedAt": utc_text(d.closed_at),
    }
    if d.chain_head is not None:  # absent, not null: closures made before it hash the same
        closure["chainHead"] = d.chain_head
    return closure


_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def canonical(d: Document) -> DocumentForm:
    body = _JSON.encode(canonical_document(d))
    return DocumentForm(d, body, hashlib.sha256(body.encode("utf-8")).hexdigest())


def content_hash(d: Document) -> str:
    return canonical(d).content_hash


# -- validation -----------------------------------------------------------------------


def _money(cents: int) -> str:
    return text(cents, MONEY)


def _cash_problems(m: CashMovement) -> Iterable[str]:
    if m.kind not in CASH_KINDS:
        yield f"kind {m.kind!r} is not one of {', '.join(CASH_KINDS)}"
    if m.kind == "drawer_open":
        if m.amount != 0:
            yield f"a drawer opened without a sale moves no money, got {_money(m.amount)}"
    elif m.kind == "count":
        counted = sum(c.value * c.pieces for c in m.counts)
        if counted != m.amount:
            yield f"amount {_money(m.amount)} != the counts' total {_money(counted)}"
        if m.amount < 0:
            yield f"a count of {_money(m.amount)} is negative"
    elif m.amount <= 0:
        yield f"amount {_money(m.amount)} of a {m.kind} must be positive (kind is the direction)"
    if m.kind != "count" and m.counts:
        yield f"counts on a {m.kind}: only a count carries them"
    values = [c.value for c in m.counts]
    if any(v <= 0 for v in values):
        yield "a denomination is not positive"
    if len(set(values)) != len(values):
        yield "denominations repeat"


def _closure_problems(z: Closure) -> Iterable[str]:
    if (z.first_number is None) != (z.last_number is None):
        yield "firstNumber and lastNumber go together (both absent: no ticket that day)"
    elif (
        z.first_number is not None and z.last_number is not None and z.first_number > z.last_number
    ):
        yield f"firstNumber {z.first_number} > lastNumber {z.last_number}"
    gross = sum(v.gross for v in z.vat)
    if gross != z.total:
        yield f"sum of VAT gross {_money(gross)} != total {_money(z.total)}"
    for v in z.vat:
        if v.net + v.vat != v.gross:
            yield f"VAT line: net {_money(v.net)} + vat {_money(v.vat)} != gross {_money(v.gross)}"
    paid = sum(p.amount for p in z.payments)
    if paid != z.total:
        yield f"sum of payments {_money(paid)} != total {_money(z.total)}"
    if (z.cash_counted is None) != (z.difference is None):
        yield "cashCounted and difference go together (both absent: no count)"
    elif z.cash_counted is not None and z.difference != z.cash_counted - z.cash_expected:
        yield (
            f"difference {_money(z.difference or 0)} != counted {_money(z.cash_counted)} "
            f"- expected {_money(z.cash_expected)}"
        )


def problems(d: Document) -> list[str]:
    """Everything that makes the document inconsistent; [] if it adds up."""
    if isinstance(d, CashMovement):
        return list(_cash_problems(d))
    return list(_closure_problems(d))


# -- classification -------------------------------------------------------------------


def classify(
    till_id: str,
    received: Sequence[DocumentForm | Unreadable],
    known: Mapping[str, Known],
    till_store: str | None,
    relayed_stores: Mapping[str, str | None] | None = None,
    speaks_for: str | None = None,
) -> list[DocumentResult]:
    """The outcome of each document of a batch from ``till_id``, in order; the rules of
    ``tickets.classify`` (relayed documents of a store's other tills included)."""
    seen: dict[str, Known] = dict(known)
    results = []
    relayed = relayed_stores or {}
    if speaks_for is not None and till_store is not None and speaks_for != till_store:
        relayed = {}  # a till relays only for its own store
    for item in received:
        result = _classify_one(till_id, item, seen, till_store, relayed)
        if result.outcome is Outcome.ACCEPTED and isinstance(item, DocumentForm):
            seen[result.document_id] = Known(item.content_hash, item.document)
            till_store = till_store or item.record.store_id
        results.append(result)
    return results


def _classify_one(
    till_id: str,
    item: DocumentForm | Unreadable,
    seen: Mapping[str, Known],
    store: str | None,
    relayed_stores: Mapping[str, str | None],
) -> DocumentResult:
    if isinstance(item, Unreadable):
        return DocumentResult(item.id, Outcome.REJECTED, reason_text([item.reason]))
    d = item.record
    if d.till_hash != item.content_hash:
        reason = (
            f"contentHash {d.till_hash or '(none)'} is not the hash of the document's content "
            f"({item.content_hash}): the document changed after it was made"
        )
        return DocumentResult(d.id, Outcome.REJECTED, reason)
    if d.till_id != till_id and (store is None or relayed_stores.get(d.till_id, "") != store):
        reason = f"tillId {d.till_id} of the document is not the sending till {till_id}"
        return DocumentResult(d.id, Outcome.REJECTED, reason)
    first = seen.get(d.id)
    if first is not None:
        if first.content_hash == item.content_hash:
            return DocumentResult(d.id, Outcome.DUPLICATE)
        reason = mismatch_reason(first.document or "{}", item.document)
        return DocumentResult(d.id, Outcome.MISMATCH, reason, item)
    found = problems(d)
    if store is not None and d.store_id != store:
        found.insert(0, f"storeId {d.store_id} is not the store of till {till_id} ({store})")
    if found:
        return DocumentResult(d.id, Outcome.REJECTED, reason_text(found))
    return DocumentResult(d.id, Outcome.ACCEPTED, None, item)
