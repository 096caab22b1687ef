"""`till archive`: a till's period (a month or a year) written as one self-contained zip:
its documents as JSON Lines and CSV, every chain entry of the period (and the entry
before it in each chain), the till's public keys with their endorsements, and a manifest
of each part's SHA-256 signed by the till's key. docs/archive-format.md; checked by
``archive_check.verify_archive``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from connectors.errors import BadInput
from connectors.times import utc_text
from standalone_till import archive_check as A
from standalone_till import schema as T
from standalone_till.document_tables import reprints, till_documents
from standalone_till.periods import DOC_TYPES
from standalone_till.signing import GENESIS, Signer, copy_statement, parse_statement
from standalone_till.signing_tables import audit_events, chain_entries, till_keys
from standalone_till.store import TillDatabase
from ticket_contract import signatures as S

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
# a fixed time for every part, so an archive's bytes depend on its content only
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Period:
    label: str  # YYYY-MM or YYYY
    first: dt.date
    last: dt.date


def parse_period(text: str) -> Period:
    """``YYYY-MM`` (a month) or ``YYYY`` (a year); BadInput naming what is wrong."""
    found = _PERIOD.match(text.strip())
    month = int(found.group(2)) if found and found.group(2) else None
    if found is None or (month is not None and not 1 <= month <= 12):
        raise BadInput(f"--period {text!r}: a month YYYY-MM or a year YYYY")
    year = int(found.group(1))
    if month is None:
        return Period(f"{year:04d}", dt.date(year, 1, 1), dt.date(year, 12, 31))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return Period(
        f"{year:04d}-{month:02d}", dt.date(year, month, 1), following - dt.timedelta(days=1)
    )


@dataclass(frozen=True, slots=True)
class ArchiveSummary:
    path: Path
    period: str
    documents: dict[str, int]
    entries: dict[str, int]
    sha256: str  # of the zip

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "period": self.period,
            "documents": self.documents,
            "entries": self.entries,
            "sha256": self.sha256,
        }


def write_archive(
    db: TillDatabase, signer: Signer, period: Period, out: Path, now: dt.datetime
) -> ArchiveSummary:
    """Write the period's archive to ``out`` (replaced whole: written beside, then
    renamed), each part streamed from the journal into the zip with its SHA-256 (a year
    is never held in memory), in one read transaction: one moment of the journal."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with db.read(db.journal) as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(till_keys)).scalar_one() == 0:
            raise BadInput("the till has no signing key: nothing it archives could be checked")
        key, fingerprint = signer.ensure_key(conn, now)
        plans = {chain: _plan(conn, signer.till_id, chain, period) for chain in S.CHAINS}
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zf:
            parts = _Parts(zf)
            parts.write(A.KEYS, json.dumps(_keys(conn), indent=1).encode("utf-8") + b"\n")
            documents = _write_documents(conn, parts, signer.till_id, period, plans)
            for chain, plan in plans.items():
                parts.stream(A.chain_path(chain), _entry_lines(conn, signer.till_id, plan))
            manifest = {
                "format": A.FORMAT,
                "store_id": signer.store_id,
                "till_id": signer.till_id,
                "period": period.label,
                "first_day": period.first.isoformat(),
                "last_day": period.last.isoformat(),
                "made_at": utc_text(now, seconds=True),
                "key_fingerprint": fingerprint,
                "parts": sorted(parts.listed, key=lambda p: str(p["name"])),
                "chains": {chain: plan.summary() for chain, plan in plans.items()},
                "unsigned": {chain: plan.unsigned for chain, plan in plans.items()},
            }
            body = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8") + b"\n"
            parts.write(A.MANIFEST, body, listed=False)
            signature = key.sign(A.manifest_message(body)).hex().encode("ascii") + b"\n"
            parts.write(A.MANIFEST_SIG, signature, listed=False)
    digest = hashlib.sha256()
    with partial.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    partial.replace(out)
    entries = {chain: plan.entries for chain, plan in plans.items()}
    return ArchiveSummary(out, period.label, documents, entries, digest.hexdigest())


class _Parts:
    """The zip's parts as they are written: each streamed, stored uncompressed at a
    fixed time, its size, SHA-256 and rows noted for the manifest."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.listed: list[dict[str, object]] = []

    def write(self, name: str, body: bytes, *, listed: bool = True) -> None:
        self.stream(name, [body], rows=body.count(b"\n"), listed=listed)

    def stream(
        self,
        name: str,
        chunks: Iterable[bytes],
        *,
        rows: int | None = None,
        listed: bool = True,
    ) -> None:
        info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
        info.external_attr = 0o644 << 16
        digest, size, lines = hashlib.sha256(), 0, 0
        with self.zf.open(info, "w", force_zip64=True) as f:
            for chunk in chunks:
                f.write(chunk)
                digest.update(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
        if listed:
            self.listed.append(
                {
                    "name": name,
                    "size": size,
                    "sha256": digest.hexdigest(),
                    "rows": lines if rows is None else rows,
                }
            )


def _write_documents(
    conn: sa.Connection,
    parts: _Parts,
    till_id: str,
    period: Period,
    plans: Mapping[str, _Plan],
) -> dict[str, int]:
    """Each documents file as JSON Lines, then as CSV; how many documents each holds."""
    counts: dict[str, int] = {}
    for name, chain in A.DOCUMENT_FILES.items():
        extras = [doc for file, doc in plans[chain].extras if file == name]
        counts[name] = _write_file(conn, parts, name, extras, till_id, period)
    return counts


def _write_file(
    conn: sa.Connection,
    parts: _Parts,
    name: str,
    extras: list[dict[str, Any]],
    till_id: str,
    period: Period,
) -> int:
    """One file's documents, streamed twice: as JSON Lines, then as CSV (whose header is
    every key the first pass found)."""

    def documents() -> Iterator[dict[str, Any]]:
        yield from _file_documents(conn, till_id, name, period)
        yield from extras

    columns: set[str] = set()
    count = 0

    def lines() -> Iterator[bytes]:
        nonlocal count
        for doc in documents():
            columns.update(doc)
            count += 1
            yield A.jsonl([doc])

    parts.stream(A.document_path(name, "jsonl"), lines())
    header = sorted(columns)
    rows = (A.csv_row(header, doc) for doc in documents())
    parts.stream(
        A.document_path(name, "csv"), itertools.chain([A.csv_row(header, None)], rows), rows=count
    )
    return count


def _keys(conn: sa.Connection) -> list[dict[str, object]]:
    rows = conn.execute(sa.select(till_keys).order_by(till_keys.c.position)).all()
    return [
        {
            "position": r.position,
            "fingerprint": r.fingerprint,
            "public_key": r.public_key,
            "public_key_pem": S.public_key_pem(S.public_key_from_text(r.public_key)),
            "endorsement": r.endorsement,
            "created_at": utc_text(r.created_at),
        }
        for r in rows
    ]


# ---------------------------------------------------------------- the period's contents


@dataclass(slots=True)
class _Plan:
    """What a chain puts in the archive: its entries ``first``..``last`` (those of the
    period's documents, and every one between), the entry before (``first`` - 1), the
    documents of other periods an entry between names, and the period's documents with
    no entry (stored before signing)."""

    chain: str
    first: int = 0  # 0: no entry in the period
    last: int = 0
    extras: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    unsigned: list[str] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return self.last - self.first + 1 if self.first else 0

    def summary(self) -> dict[str, object]:
        return {
            "before": self.first - 1 if self.first > 1 else None,
            "first": self.first or None,
            "last": self.last or None,
            "entries": self.entries,
        }


def _plan(conn: sa.Connection, till_id: str, chain: str, period: Period) -> _Plan:
    c = chain_entries.c
    plan = _Plan(chain)
    refs = _period_refs(till_id, chain, period).subquery()
    ref = refs.c[0]
    where = (c.till_id == till_id) & (c.chain == chain)
    first, last = conn.execute(
        sa.select(sa.func.min(c.seq), sa.func.max(c.seq)).where(where, c.ref.in_(sa.select(ref)))
    ).one()
    signed = sa.select(c.ref).where(where)
    plan.unsigned = list(
        conn.execute(sa.select(ref).where(ref.not_in(signed)).order_by(ref)).scalars()
    )
    if first is None:
        return plan
    plan.first = 1 if first == 2 else first  # the genesis is its own document: archived whole
    plan.last = last
    others = conn.execute(
        sa.select(c.ref)
        .where(where, c.seq.between(plan.first, plan.last), c.kind != GENESIS)
        .where(c.ref.not_in(sa.select(ref)))
        .order_by(c.seq)
    ).scalars()
    for other in list(others):
        found = _document_of(conn, till_id, chain, other)
        if found is not None:
            plan.extras.append(found)
    return plan


def _period_refs(till_id: str, chain: str, period: Period) -> sa.Select[Any]:
    """The refs of the chain's documents of the period (as its entries name them)."""
    first, last = period.first.isoformat(), period.last.isoformat()
    t, d, r, a = T.tickets.c, till_documents.c, reprints.c, audit_events.c
    if chain == S.SALES:
        return sa.select(t.id).where(t.till_id == till_id, t.business_day.between(first, last))
    if chain == S.COPIES:
        ref = r.ticket_id + sa.literal("#") + sa.cast(r.copy_no, sa.String)
        return (
            sa.select(ref.label("ref"))
            .join(T.tickets, t.id == r.ticket_id)
            .where(t.till_id == till_id, r.business_day.between(first, last))
        )
    if chain == S.AUDIT:
        start, end = _moments(period)
        return sa.select(a.id).where(a.till_id == till_id, a.at >= start, a.at < end)
    return sa.select(d.id).where(
        d.till_id == till_id, d.doc_type.in_(_DOC_TYPES[chain]), d.business_day.between(first, last)
    )


_DOC_TYPES = {
    S.CASH: ["cash_movement"],
    S.CLOSURES: ["closure"],
    S.PERIODS: list(DOC_TYPES.values()),
}
_FILE_DOC_TYPES = {
    "cash_movements": _DOC_TYPES[S.CASH],
    "closures": _DOC_TYPES[S.CLOSURES],
    "period_closures": _DOC_TYPES[S.PERIODS],
}


def _moments(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as UTC times (an audit event belongs to the UTC date of ``at``)."""
    start = dt.datetime.combine(period.first, dt.time(), dt.UTC)
    return start, dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time(), dt.UTC)


def _file_documents(
    conn: sa.Connection, till_id: str, name: str, period: Period
) -> Iterator[dict[str, Any]]:
    """The period's documents of one file, streamed, in the journal's order."""
    first, last = period.first.isoformat(), period.last.isoformat()
    t, d, r, a = T.tickets.c, till_documents.c, reprints.c, audit_events.c
    stream = conn.execution_options(stream_results=True, yield_per=500)
    if name in ("tickets", "returns"):
        kind = (t.kind == "return") if name == "returns" else (t.kind != "return")
        query = (
            sa.select(t.document)
            .where(t.till_id == till_id, t.business_day.between(first, last), kind)
            .order_by(t.business_day, t.number)
        )
    elif name in _FILE_DOC_TYPES:
        query = (
            sa.select(d.document)
            .where(d.till_id == till_id, d.business_day.between(first, last))
            .where(d.doc_type.in_(_FILE_DOC_TYPES[name]))
            .order_by(d.business_day, d.doc_type, d.number)
        )
    elif name == "copies":
        copies = _copies(till_id).where(r.business_day.between(first, last))
        for row in stream.execute(copies.order_by(r.printed_at, r.ticket_id, r.copy_no)):
            yield copy_statement(row, row.ticket_hash)
        return
    else:
        start, end = _moments(period)
        query = (
            sa.select(a.document)
            .where(a.till_id == till_id, a.at >= start, a.at < end)
            .order_by(a.at, a.id)
        )
    for text in stream.execute(query).scalars():
        yield json.loads(text)


def _copies(till_id: str) -> sa.Select[Any]:
    r, t = reprints.c, T.tickets.c
    return (
        sa.select(
            r.ticket_id,
            r.copy_no,
            r.business_day,
            r.cashier,
            r.supervisor,
            r.printed_at,
            t.content_hash.label("ticket_hash"),
        )
        .join(T.tickets, t.id == r.ticket_id)
        .where(t.till_id == till_id)
    )


def _document_of(
    conn: sa.Connection, till_id: str, chain: str, ref: str
) -> tuple[str, dict[str, Any]] | None:
    """A document an entry of the period's range names though it belongs elsewhere."""
    t, d, r, a = T.tickets.c, till_documents.c, reprints.c, audit_events.c
    if chain == S.SALES:
        row = conn.execute(sa.select(t.kind, t.document).where(t.id == ref)).first()
        if row is None:
            return None
        return ("returns" if row.kind == "return" else "tickets", json.loads(row.document))
    if chain == S.COPIES:
        ticket_id, _, copy_no = ref.rpartition("#")
        if not copy_no.isdigit():
            return None
        query = _copies(till_id).where(r.ticket_id == ticket_id, r.copy_no == int(copy_no))
        copy = conn.execute(query).first()
        return None if copy is None else ("copies", copy_statement(copy, copy.ticket_hash))
    if chain == S.AUDIT:
        text = conn.execute(sa.select(a.document).where(a.id == ref)).scalar_one_or_none()
        return None if text is None else ("audit_events", json.loads(text))
    text = conn.execute(sa.select(d.document).where(d.id == ref)).scalar_one_or_none()
    name = {S.CASH: "cash_movements", S.CLOSURES: "closures", S.PERIODS: "period_closures"}
    return None if text is None else (name[chain], json.loads(text))


def _entry_lines(conn: sa.Connection, till_id: str, plan: _Plan) -> Iterator[bytes]:
    if not plan.first:
        return
    c = chain_entries.c
    stream = conn.execution_options(stream_results=True, yield_per=500)
    query = (
        sa.select(chain_entries)
        .where(c.till_id == till_id, c.chain == plan.chain)
        .where(c.seq.between(plan.first - 1, plan.last))
        .order_by(c.seq)
    )
    for row in stream.execute(query):
        yield A.jsonl([_entry_row(row, before=row.seq < plan.first)])


def _entry_row(row: Any, *, before: bool) -> dict[str, Any]:
    return {
        "chain": row.chain,
        "seq": row.seq,
        "kind": row.kind,
        "ref": row.ref,
        "content_hash": row.content_hash,
        "previous": row.previous,
        "signature": row.signature,
        "key_fingerprint": row.key_fingerprint,
        "signed_at": utc_text(row.signed_at),
        "statement": parse_statement(row.statement),
        "before_period": before,
    }
