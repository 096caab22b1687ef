"""`till archive`: a till's period (a month or a year) written as one self-contained zip:
its documents as JSON Lines and CSV, every chain entry of the period (and the entry
before it in each chain), the till's public keys with their endorsements, and a manifest
of each part's SHA-256 signed by the till's key. docs/archive-format.md; checked by
``archive_check.verify_archive``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
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
    renamed). Read in one transaction, so the archive is one moment of the journal."""
    with db.read(db.journal) as conn:
        if conn.execute(sa.select(sa.func.count()).select_from(till_keys)).scalar_one() == 0:
            raise BadInput("the till has no signing key: nothing it archives could be checked")
        key, fingerprint = signer.ensure_key(conn, now)
        files, chains, unsigned = _contents(conn, signer.till_id, period)
        keys = _keys(conn)
    parts: dict[str, bytes] = {A.KEYS: json.dumps(keys, indent=1).encode("utf-8") + b"\n"}
    for name, docs in files.items():
        parts[A.document_path(name, "jsonl")] = A.jsonl(docs)
        parts[A.document_path(name, "csv")] = A.csv_bytes(docs)
    for chain, rows in chains.items():
        parts[A.chain_path(chain)] = A.jsonl(rows)
    manifest = {
        "format": A.FORMAT,
        "store_id": signer.store_id,
        "till_id": signer.till_id,
        "period": period.label,
        "first_day": period.first.isoformat(),
        "last_day": period.last.isoformat(),
        "made_at": utc_text(now, seconds=True),
        "key_fingerprint": fingerprint,
        "parts": [
            {
                "name": name,
                "size": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
                "rows": _rows(name, body),
            }
            for name, body in sorted(parts.items())
        ],
        "chains": {chain: _chain_summary(rows) for chain, rows in chains.items()},
        "unsigned": unsigned,
    }
    manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8") + b"\n"
    parts[A.MANIFEST] = manifest_bytes
    parts[A.MANIFEST_SIG] = key.sign(A.manifest_message(manifest_bytes)).hex().encode() + b"\n"
    data = _zip(parts)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_bytes(data)
    partial.replace(out)
    return ArchiveSummary(
        out,
        period.label,
        {name: len(docs) for name, docs in files.items()},
        {chain: len(rows) for chain, rows in chains.items()},
        hashlib.sha256(data).hexdigest(),
    )


def _rows(name: str, body: bytes) -> int:
    lines = body.count(b"\n")
    return lines - 1 if name.endswith(".csv") else lines


def _chain_summary(rows: list[dict[str, Any]]) -> dict[str, object]:
    before = [r["seq"] for r in rows if r.get("before_period")]
    inside = [r["seq"] for r in rows if not r.get("before_period")]
    return {
        "before": before[0] if before else None,
        "first": inside[0] if inside else None,
        "last": inside[-1] if inside else None,
        "entries": len(inside),
    }


def _zip(parts: Mapping[str, bytes]) -> bytes:
    """The parts stored uncompressed (a changed byte stays where it was: the checker
    names the part whose SHA-256 differs), the manifest first."""
    buffer = io.BytesIO()
    order = [A.MANIFEST, A.MANIFEST_SIG, *sorted(set(parts) - {A.MANIFEST, A.MANIFEST_SIG})]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.external_attr = 0o644 << 16
            zf.writestr(info, parts[name])
    return buffer.getvalue()


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


def _contents(
    conn: sa.Connection, till_id: str, period: Period
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
    """(file name -> documents, chain -> entries, chain -> refs stored before signing).
    A chain's entries are those from its first document of the period to its last
    (with the documents of any entry between), and the entry just before."""
    found = _period_documents(conn, till_id, period)
    files: dict[str, list[dict[str, Any]]] = {name: [] for name in A.DOCUMENT_FILES}
    chains: dict[str, list[dict[str, Any]]] = {}
    unsigned: dict[str, list[str]] = {}
    for chain in S.CHAINS:
        docs = {
            A.ref_of(chain, doc): (name, doc)
            for name, doc in found
            if A.DOCUMENT_FILES[name] == chain
        }
        rows = _entries(conn, till_id, chain, list(docs))
        for row in rows:
            if row["kind"] != GENESIS and not row["before_period"] and row["ref"] not in docs:
                extra = _document_of(conn, till_id, chain, row["ref"])
                if extra is not None:
                    docs[row["ref"]] = extra
        signed = {r["ref"] for r in rows}
        unsigned[chain] = sorted(ref for ref in docs if ref not in signed)
        chains[chain] = rows
        for name, doc in docs.values():
            files[name].append(doc)
    return files, chains, unsigned


def _period_documents(
    conn: sa.Connection, till_id: str, period: Period
) -> list[tuple[str, dict[str, Any]]]:
    first, last = period.first.isoformat(), period.last.isoformat()
    t, d, r, a = T.tickets.c, till_documents.c, reprints.c, audit_events.c
    found: list[tuple[str, dict[str, Any]]] = []
    for kind, text in conn.execute(
        sa.select(t.kind, t.document)
        .where(t.till_id == till_id, t.business_day.between(first, last))
        .order_by(t.business_day, t.number)
    ):
        found.append(("returns" if kind == "return" else "tickets", json.loads(text)))
    names = {"cash_movement": "cash_movements", "closure": "closures"}
    names |= {doc_type: "period_closures" for doc_type in DOC_TYPES.values()}
    for doc_type, text in conn.execute(
        sa.select(d.doc_type, d.document)
        .where(d.till_id == till_id, d.business_day.between(first, last))
        .where(d.doc_type.in_(list(names)))
        .order_by(d.business_day, d.doc_type, d.number)
    ):
        found.append((names[doc_type], json.loads(text)))
    for row in conn.execute(
        _copies(till_id).where(r.business_day.between(first, last)).order_by(r.printed_at)
    ):
        found.append(("copies", copy_statement(row, row.ticket_hash)))
    start = dt.datetime.combine(period.first, dt.time(), dt.UTC)
    end = dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time(), dt.UTC)
    for text in conn.execute(
        sa.select(a.document)
        .where(a.till_id == till_id, a.at >= start, a.at < end)
        .order_by(a.at, a.id)
    ).scalars():
        found.append(("audit_events", json.loads(text)))
    return found


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


def _entries(
    conn: sa.Connection, till_id: str, chain: str, refs: list[str]
) -> list[dict[str, Any]]:
    c = chain_entries.c
    where = (c.till_id == till_id) & (c.chain == chain)
    seqs: list[int] = []
    for start in range(0, len(refs), 500):
        chunk = refs[start : start + 500]
        seqs += conn.execute(sa.select(c.seq).where(where, c.ref.in_(chunk))).scalars().all()
    if not seqs:
        return []
    first, last = min(seqs), max(seqs)
    if first == 2:  # the genesis is its own document: archived whole, not as a link
        first = 1
    rows = conn.execute(
        sa.select(chain_entries).where(where, c.seq.between(first - 1, last)).order_by(c.seq)
    ).all()
    return [_entry_row(row, before=row.seq < first) for row in rows]


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
