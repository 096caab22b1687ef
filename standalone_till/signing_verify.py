"""`till verify`: every chain of the till read back from the journal and checked, each
document hashed again, naming the first entry of a chain that does not hold."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from standalone_till import schema as T
from standalone_till.document_tables import till_documents
from standalone_till.journal_documents import document_hash
from standalone_till.signing import (
    GENESIS,
    copy_hash,
    documents_of,
    key_history,
    parse_statement,
)
from standalone_till.signing_tables import audit_events, chain_entries
from standalone_till.store import TillDatabase
from ticket_contract import signatures as S
from ticket_contract.writer import content_hash as ticket_hash


@dataclass(frozen=True, slots=True)
class ChainReport:
    chain: str
    entries: int
    head_seq: int
    head: str
    brk: S.Break | None

    def as_dict(self) -> dict[str, object]:
        return {
            "chain": self.chain,
            "entries": self.entries,
            "head_seq": self.head_seq,
            "head": self.head,
            "holds": self.brk is None,
            "break": None if self.brk is None else self.brk.as_dict(),
        }


@dataclass(frozen=True, slots=True)
class Verification:
    till_id: str
    keys: tuple[str, ...]
    chains: tuple[ChainReport, ...] = field(default_factory=tuple)

    @property
    def holds(self) -> bool:
        return all(c.brk is None for c in self.chains)

    @property
    def breaks(self) -> list[S.Break]:
        return [c.brk for c in self.chains if c.brk is not None]

    def as_dict(self) -> dict[str, object]:
        return {
            "till_id": self.till_id,
            "holds": self.holds,
            "keys": list(self.keys),
            "chains": [c.as_dict() for c in self.chains],
        }


@dataclass(frozen=True, slots=True)
class _Found:
    """A document as it is now: its content hash, or why it cannot be read."""

    digest: str | None
    problem: str | None = None  # None: read; else REMOVED or CHANGED with the reason
    detail: str = ""
    day: str | None = None


def verify_journal(db: TillDatabase, till_id: str, since: dt.date | None = None) -> Verification:
    """Walk every chain of ``till_id``. Documents of entries signed before ``since`` are
    not read again (their links and signatures are checked all the same)."""
    with db.read(db.journal) as conn:
        history = key_history(conn)
        reports = tuple(_verify_chain(conn, till_id, chain, history, since) for chain in S.CHAINS)
    return Verification(till_id, tuple(k.fingerprint for k in history.keys), reports)


def _entries(conn: sa.Connection, till_id: str, chain: str) -> Iterator[sa.Row[Any]]:
    c = chain_entries.c
    yield from conn.execute(
        sa.select(chain_entries).where(c.till_id == till_id, c.chain == chain).order_by(c.seq)
    )


def _verify_chain(
    conn: sa.Connection,
    till_id: str,
    chain: str,
    history: S.KeyHistory,
    since: dt.date | None,
) -> ChainReport:
    rows = list(_entries(conn, till_id, chain))
    entries: list[S.Entry] = []
    walk = S.ChainWalk(chain, history)
    problem = history.problem() if rows else None
    if problem is not None:
        walk.brk = S.Break(chain, rows[0].seq, rows[0].ref, S.OTHER_KEY, problem)
    seen = {r.signature: r.seq for r in rows}
    genesis: dict[str, object] | None = None
    for row in rows:
        if walk.brk is not None:
            break
        skip = since is not None and row.signed_at.date() < since and row.kind != GENESIS
        found = _Found(row.content_hash) if skip else _read(conn, row)
        if row.kind == GENESIS and row.seq == 1:
            genesis = parse_statement(row.statement)
        if found.problem is not None:
            walk.brk = S.Break(chain, row.seq, row.ref, found.problem, found.detail)
            break
        assert found.digest is not None
        entry = S.Entry(
            chain,
            row.seq,
            row.ref,
            found.digest,
            row.previous,
            row.signature,
            row.key_fingerprint,
            row.content_hash,
        )
        entries.append(entry)
        walk.add(entry, seen)
    if walk.brk is None and rows:
        walk.brk = _unsigned(conn, till_id, chain, genesis, rows)
    return ChainReport(chain, walk.count, walk.head_seq, walk.head, walk.brk)


def _unsigned(
    conn: sa.Connection,
    till_id: str,
    chain: str,
    genesis: dict[str, object] | None,
    rows: list[sa.Row[Any]],
) -> S.Break | None:
    """Documents of the chain with no entry must be exactly those the genesis counted."""
    first = rows[0]
    if genesis is None or genesis.get("genesis") != chain:
        return S.Break(chain, first.seq, first.ref, S.INSERTED, "the chain has no genesis entry")
    query = documents_of(till_id, chain)
    if query is None:
        return None
    signed = {r.ref for r in rows}
    unsigned = [str(ref) for ref in conn.execute(query).scalars() if str(ref) not in signed]
    expected = genesis.get("unsigned_before")
    if len(unsigned) > int(str(expected)):
        last = rows[-1]
        return S.Break(
            chain,
            last.seq + 1,
            unsigned[-1],
            S.INSERTED,
            f"{len(unsigned)} documents have no signed entry; the genesis counted {expected}"
            f" from before signing (one of them: {unsigned[-1]})",
        )
    if len(unsigned) < int(str(expected)):
        return S.Break(
            chain,
            first.seq,
            first.ref,
            S.REMOVED,
            f"the genesis counted {expected} documents from before signing;"
            f" {len(unsigned)} are left",
        )
    return None


def _read(conn: sa.Connection, row: sa.Row[Any]) -> _Found:
    ref = str(row.ref)
    if row.kind == GENESIS:
        statement = parse_statement(row.statement)
        if statement is None:
            return _Found(None, S.CHANGED, "the genesis statement is unreadable")
        return _Found(S.statement_hash(statement))
    if row.chain == S.SALES:
        return _ticket(conn, ref)
    if row.chain in (S.CASH, S.CLOSURES, S.PERIODS):
        return _document(conn, ref, row.chain == S.PERIODS)
    if row.chain == S.COPIES:
        ticket_id, _, copy_no = ref.rpartition("#")
        digest = copy_hash(conn, ticket_id, int(copy_no)) if copy_no.isdigit() else None
        if digest is None:
            return _Found(None, S.REMOVED, f"copy {copy_no} of ticket {ticket_id} is gone")
        return _Found(digest)
    return _audit(conn, ref)


def _loaded(text: str) -> dict[str, Any] | None:
    with contextlib.suppress(ValueError):
        value = json.loads(text)
        return value if isinstance(value, dict) else None
    return None


def _ticket(conn: sa.Connection, ticket_id: str) -> _Found:
    t = T.tickets.c
    row = conn.execute(sa.select(T.tickets).where(t.id == ticket_id)).first()
    if row is None:
        return _Found(None, S.REMOVED, f"ticket {ticket_id} is gone from the journal")
    doc = _loaded(row.document)
    if doc is None:
        return _Found(None, S.CHANGED, "the stored document is not JSON")
    try:
        digest = ticket_hash(doc)
    except (ValueError, KeyError, TypeError) as exc:
        return _Found(None, S.CHANGED, f"the stored document is unreadable: {exc}")
    differs = _ticket_columns(conn, row, doc)
    if differs:
        return _Found(None, S.CHANGED, differs)
    return _Found(digest)


def _ticket_columns(conn: sa.Connection, row: sa.Row[Any], doc: dict[str, Any]) -> str:
    """What the ticket's columns and lines say otherwise than its document ("": nothing)."""
    checks = {
        "total": (row.total, Decimal(doc["totals"]["total"])),
        "number": (row.number, doc["number"]),
        "business_day": (row.business_day, doc["business_day"]),
        "status": (row.status, doc["status"]),
    }
    for name, (column, documented) in checks.items():
        if column != documented:
            return f"{name} is {column}, the signed document says {documented}"
    ln = T.ticket_lines.c
    amounts = dict(
        conn.execute(sa.select(ln.line_no, ln.amount).where(ln.ticket_id == row.id)).all()
    )
    for line in doc["lines"]:
        stored = amounts.pop(line["line_no"], None)
        if stored != Decimal(line["amount"]):
            return f"line {line['line_no']} amount is {stored}, signed {line['amount']}"
    if amounts:
        return f"line {min(amounts)} is not in the signed document"
    return ""


def _document(conn: sa.Connection, document_id: str, period: bool = False) -> _Found:
    d = till_documents.c
    row = conn.execute(sa.select(till_documents).where(d.id == document_id)).first()
    if row is None:
        return _Found(None, S.REMOVED, f"document {document_id} is gone from the journal")
    doc = _loaded(row.document)
    if doc is None:
        return _Found(None, S.CHANGED, "the stored document is not JSON")
    digest = S.statement_hash(doc) if period else document_hash(doc)[1]
    if row.business_day != doc.get("business_day"):
        return _Found(None, S.CHANGED, f"business_day is {row.business_day}, signed otherwise")
    return _Found(digest)


def _audit(conn: sa.Connection, event_id: str) -> _Found:
    a = audit_events.c
    row = conn.execute(sa.select(audit_events).where(a.id == event_id)).first()
    if row is None:
        return _Found(None, S.REMOVED, f"audit event {event_id} is gone from the journal")
    doc = _loaded(row.document)
    if doc is None:
        return _Found(None, S.CHANGED, "the stored event is not JSON")
    if row.kind != doc.get("kind"):
        return _Found(None, S.CHANGED, f"kind is {row.kind}, signed {doc.get('kind')}")
    return _Found(S.statement_hash(doc))
