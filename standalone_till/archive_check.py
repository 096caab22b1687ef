"""`till verify-archive`: a till's archive of a period checked from its zip alone, no
database: each part against the manifest's SHA-256, the manifest's signature, each
document's content hash (re-derived by the till's own functions) against its chain
entry, each signature and link. The format is docs/archive-format.md.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from standalone_till.archive_zip import check_structure, read_parts
from standalone_till.journal_documents import document_hash
from ticket_contract import signatures as S
from ticket_contract.writer import content_hash as ticket_hash

FORMAT = "tillsync-archive-v1"
MANIFEST, MANIFEST_SIG, KEYS = "manifest.json", "manifest.sig", "keys.json"
MANIFEST_DOMAIN = b"tillsync-archive-v1\x00"
GENESIS = "genesis"
# the documents' files (each as .jsonl and .csv) and the chain their entries are in
DOCUMENT_FILES = {
    "tickets": S.SALES,
    "returns": S.SALES,
    "cash_movements": S.CASH,
    "closures": S.CLOSURES,
    "period_closures": S.PERIODS,
    "copies": S.COPIES,
    "audit_events": S.AUDIT,
}


def document_path(name: str, ext: str) -> str:
    return f"documents/{name}.{ext}"


def chain_path(chain: str) -> str:
    return f"chains/{chain}.jsonl"


def manifest_message(manifest: bytes) -> bytes:
    """What the manifest's signature covers: a domain tag, then the manifest's bytes."""
    return MANIFEST_DOMAIN + manifest


def ref_of(chain: str, doc: Mapping[str, Any]) -> str:
    """The ref a chain entry names a document by: its id; a copy's ticket id # number."""
    if chain == S.COPIES:
        return f"{doc['ticket_id']}#{doc['copy_no']}"
    return str(doc["id"])


def _document_digest(doc: Mapping[str, Any]) -> str:
    return document_hash(doc)[1]


# how each chain's documents are hashed: the functions the till signs with
HASHES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    S.SALES: ticket_hash,
    S.CASH: _document_digest,
    S.CLOSURES: _document_digest,
    S.PERIODS: S.statement_hash,
    S.COPIES: S.statement_hash,
    S.AUDIT: S.statement_hash,
}


def jsonl(rows: Iterable[Mapping[str, Any]]) -> bytes:
    return b"".join((S.canonical_json(row) + "\n").encode("utf-8") for row in rows)


def csv_row(columns: Sequence[str], row: Mapping[str, Any] | None) -> bytes:
    """One CSV line: the header (``row`` None) or a document's cells."""
    out = io.StringIO()
    cells = list(columns) if row is None else [_cell(row.get(c)) for c in columns]
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return S.canonical_json({"v": value})[5:-1]
    return str(value)


# ---------------------------------------------------------------- the report


@dataclass(frozen=True, slots=True)
class Problem:
    """What does not hold: in which part (or chain entry) and what differs."""

    part: str
    what: str
    detail: str
    ref: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"part": self.part, "ref": self.ref, "what": self.what, "detail": self.detail}

    def __str__(self) -> str:
        where = f"{self.part} ({self.ref})" if self.ref else self.part
        return f"{where}: {self.what}: {self.detail}"


@dataclass(slots=True)
class ArchiveReport:
    period: str = ""
    till_id: str = ""
    keys: list[str] = field(default_factory=list)
    trusted: str = ""  # the fingerprint of the key trusted
    chains: dict[str, int] = field(default_factory=dict)  # entries checked per chain
    documents: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.problems

    def add(self, part: str, what: str, detail: str, ref: str = "") -> None:
        self.problems.append(Problem(part, what, detail, ref))

    def as_dict(self) -> dict[str, object]:
        return {
            "holds": self.holds,
            "period": self.period,
            "till_id": self.till_id,
            "keys": self.keys,
            "trusted_key": self.trusted,
            "chains": self.chains,
            "documents": self.documents,
            "problems": [p.as_dict() for p in self.problems],
        }


def _json(raw: bytes, part: str, report: ArchiveReport) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        report.add(part, "unreadable", f"not JSON: {exc}")
        return None


def _lines(raw: bytes, part: str, report: ArchiveReport) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        value = _json(line, f"{part} line {number}", report)
        if isinstance(value, dict):
            rows.append(value)
        elif value is not None:
            report.add(f"{part} line {number}", "unreadable", "not a JSON object")
    return rows


# ---------------------------------------------------------------- checking


def verify_archive(data: bytes, trusted_key: bytes | None = None) -> ArchiveReport:
    """Check an archive's bytes. ``trusted_key``: the till's public key the checker
    trusts (32 bytes); None trusts the archive's own first key (a check of the archive's
    consistency, not of whose it is)."""
    report = ArchiveReport()
    parts, damage = read_parts(data)
    for found in [*damage, *(check_structure(data) if parts else [])]:
        report.add(found.part, found.what, found.detail)
    if not parts:
        return report
    manifest = _manifest(parts, report)
    if manifest is None:
        return report
    history = _history(parts, report, trusted_key)
    if history is not None:
        _check_manifest_signature(parts, manifest, history, report)
        _check_chains(parts, manifest, history, report)
    return report


def _manifest(parts: Mapping[str, bytes], report: ArchiveReport) -> dict[str, Any] | None:
    raw = parts.get(MANIFEST)
    if raw is None:
        report.add(MANIFEST, "removed", "the archive has no manifest")
        return None
    manifest = _json(raw, MANIFEST, report)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        report.add(MANIFEST, "unreadable", f"not a manifest of {FORMAT}")
        return None
    report.period = str(manifest.get("period", ""))
    report.till_id = str(manifest.get("till_id", ""))
    listed = {str(p["name"]): p for p in manifest.get("parts", [])}
    for name, part in sorted(listed.items()):
        body = parts.get(name)
        if body is None:
            report.add(name, "removed", "listed in the manifest, not in the zip")
            continue
        digest = hashlib.sha256(body).hexdigest()
        if digest != part["sha256"] or len(body) != part["size"]:
            report.add(
                name,
                "changed",
                f"SHA-256 {digest[:16]}... ({len(body)} bytes), the manifest says"
                f" {str(part['sha256'])[:16]}... ({part['size']} bytes)",
            )
    for name in sorted(set(parts) - set(listed) - {MANIFEST, MANIFEST_SIG}):
        report.add(name, "inserted", "in the zip, not in the manifest")
    return manifest


def _history(
    parts: Mapping[str, bytes], report: ArchiveReport, trusted_key: bytes | None
) -> S.KeyHistory | None:
    """The archive's keys from the trusted one on (each endorsed by the one before)."""
    rows = _json(parts.get(KEYS, b"null"), KEYS, report)
    if not isinstance(rows, list) or not rows:
        report.add(KEYS, "removed", "the archive holds no public key")
        return None
    try:
        keys = [S.TillKey(S.public_key_from_text(r["public_key"]), r["endorsement"]) for r in rows]
    except (S.SignatureProblem, KeyError, TypeError) as exc:
        report.add(KEYS, "unreadable", str(exc))
        return None
    history = S.KeyHistory(tuple(keys))
    report.keys = [k.fingerprint for k in keys]
    problem = history.problem()
    if problem is not None:
        report.add(KEYS, S.OTHER_KEY, problem)
        return None
    trusted = S.fingerprint(trusted_key) if trusted_key is not None else keys[0].fingerprint
    report.trusted = trusted
    index = history.index(trusted)
    if index is None:
        report.add(
            KEYS,
            S.OTHER_KEY,
            f"the trusted public key {trusted[:16]} is not among the archive's keys"
            f" ({', '.join(k.fingerprint[:16] for k in keys)})",
        )
        return None
    return S.KeyHistory(history.keys[index:])


def _check_manifest_signature(
    parts: Mapping[str, bytes],
    manifest: Mapping[str, Any],
    history: S.KeyHistory,
    report: ArchiveReport,
) -> None:
    signature = parts.get(MANIFEST_SIG, b"").decode("ascii", "replace").strip()
    index = history.index(str(manifest.get("key_fingerprint", "")))
    if index is None:
        report.add(MANIFEST_SIG, S.OTHER_KEY, "the manifest is signed by a key not trusted")
        return
    public = history.keys[index].public
    message = manifest_message(parts[MANIFEST])
    with contextlib.suppress(ValueError):
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            Ed25519PublicKey.from_public_bytes(public).verify(bytes.fromhex(signature), message)
            return
        except InvalidSignature:
            pass
    report.add(MANIFEST_SIG, S.BAD_SIGNATURE, "the manifest's signature does not verify")


def _documents(
    parts: Mapping[str, bytes], report: ArchiveReport
) -> dict[str, dict[str, dict[str, Any]]]:
    """chain -> ref -> the archived document."""
    found: dict[str, dict[str, dict[str, Any]]] = {chain: {} for chain in S.CHAINS}
    for name, chain in DOCUMENT_FILES.items():
        path = document_path(name, "jsonl")
        for doc in _lines(parts.get(path, b""), path, report):
            try:
                found[chain][ref_of(chain, doc)] = doc
            except KeyError as exc:
                report.add(path, "unreadable", f"a document without {exc}")
    report.documents = sum(len(docs) for docs in found.values())
    return found


def _check_chains(
    parts: Mapping[str, bytes],
    manifest: Mapping[str, Any],
    history: S.KeyHistory,
    report: ArchiveReport,
) -> None:
    documents = _documents(parts, report)
    unsigned = manifest.get("unsigned", {})
    for chain in S.CHAINS:
        path = chain_path(chain)
        rows = _lines(parts.get(path, b""), path, report)
        signed = _walk(chain, rows, documents[chain], history, report)
        report.chains[chain] = len(signed)
        for ref in sorted(set(documents[chain]) - signed - set(unsigned.get(chain, []))):
            report.add(path, S.INSERTED, "the archive holds the document, no entry signs it", ref)


def _walk(
    chain: str,
    rows: list[dict[str, Any]],
    documents: Mapping[str, dict[str, Any]],
    history: S.KeyHistory,
    report: ArchiveReport,
) -> set[str]:
    """Walk a chain's archived entries (the first may be the one before the period);
    the refs of the entries that hold."""
    path = chain_path(chain)
    walk = S.ChainWalk(chain, history)
    seen = {str(r.get("signature")): int(r.get("seq", 0)) for r in rows}
    signed: set[str] = set()
    for index, row in enumerate(rows):
        try:
            entry = _entry(chain, row, documents)
        except (KeyError, TypeError, ValueError) as exc:
            report.add(path, "unreadable", f"entry {row.get('seq')}: {exc}", str(row.get("ref")))
            return signed
        if isinstance(entry, str):
            report.add(path, S.REMOVED, entry, str(row.get("ref")))
            return signed
        if index == 0:  # the walk starts at the archive's first entry, as it links
            walk.head, walk.head_seq = entry.previous, entry.seq - 1
        brk = walk.add(entry, seen)
        if brk is not None:
            report.add(path, brk.what, f"entry {brk.seq}: {brk.detail}", brk.ref)
            return signed
        if not row.get("before_period"):
            signed.add(entry.ref)
    return signed


def _entry(chain: str, row: Mapping[str, Any], documents: Mapping[str, dict[str, Any]]) -> Any:
    """The entry to check, its content hash re-derived from the archived document (the
    entry before the period is taken with the hash it states); a text when the entry's
    document is missing."""
    ref, stated = str(row["ref"]), str(row["content_hash"])
    if row.get("before_period"):
        digest = stated
    elif row["kind"] == GENESIS:
        statement = row.get("statement")
        digest = S.statement_hash(statement) if isinstance(statement, dict) else ""
    else:
        doc = documents.get(ref)
        if doc is None:
            return f"entry {row['seq']}: its document is not in the archive"
        try:
            digest = HASHES[chain](doc)
        except (ValueError, KeyError, TypeError):
            digest = ""
    return S.Entry(
        chain,
        int(row["seq"]),
        ref,
        digest or "0" * 64,
        str(row["previous"]),
        str(row["signature"]),
        str(row["key_fingerprint"]),
        stated,
    )
