"""The till's signing: its key file, its key history, and the signed entry each stored
document gets in the transaction that stores it (the rules are ticket_contract.signatures).

The private key is a PEM file of mode 0600 (``signing.key_file``, by default ``till.key``
next to the SQLite journal); it is read, never logged. A journal's chains begin with a
genesis entry stating how many documents of the chain were stored before signing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import sqlalchemy as sa

from connectors.errors import Unavailable
from connectors.times import utc_text
from standalone_till import schema as T
from standalone_till.document_tables import reprints, till_documents
from standalone_till.signing_tables import audit_events, chain_entries, relayed_keys, till_keys
from ticket_contract import signatures as S

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from standalone_till.config import TillConfig
    from standalone_till.store import TillDatabase
    from ticket_contract.wire import OfferedKey

log = logging.getLogger("tillsync.signing")

GENESIS, TICKET, DOCUMENT, COPY, AUDIT_KIND = "genesis", "ticket", "document", "copy", "audit"
# the audit events the till records
AUDIT_EVENTS = (
    "signin",
    "signout",
    "approval",
    "drawer_open",
    "reprint",
    "catalog_full",
    "catalog_changes",
    "config_change",
    "key_rotation",
    "server_unreachable",
    "server_back",
)


class SigningKeyMissing(Unavailable):
    """The journal has a key but its private key file is gone: nothing can be signed."""


def signing_lock_key(till_id: str) -> int:
    """The PostgreSQL advisory lock (a signed 64-bit key) of a till's chains."""
    digest = hashlib.sha256(b"tillsync-chains\0" + till_id.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def take_signing_turn(conn: sa.Connection, till_id: str) -> None:
    """Two processes of one till (the cashier's window and the agent) may sign at once.
    On SQLite the write transaction already holds the one write lock; on PostgreSQL a
    lock held to the end of the transaction makes them take turns, so both read the head
    the other left and neither fails on the chain's no-fork constraint."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": signing_lock_key(till_id)}
        )


def key_path_for(cfg: TillConfig) -> Path:
    """Where the till's private key lives: ``signing.key_file``, else next to the SQLite
    journal (``till.db`` -> ``till.key``), else next to the config file."""
    if cfg.signing.key_file:
        return cfg.resolve(cfg.signing.key_file)
    if cfg.database.engine == "sqlite":
        return cfg.database_path.with_suffix(".key")
    return cfg.resolve("till.key")


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    """Write a key file of mode 0600 from its first byte (never readable by others)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(S.private_key_pem(key))
        f.flush()
        os.fsync(f.fileno())


def _read_private(path: Path) -> Ed25519PrivateKey:
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise SigningKeyMissing(
            f"cannot read the till's signing key {path}: {exc.strerror}", target="signing"
        ) from exc
    try:
        return S.load_private_key(pem)
    except S.SignatureProblem as exc:
        raise SigningKeyMissing(f"{path}: {exc}", target="signing") from exc


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """Which file ``path`` is now (None: none)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _pending_path(path: Path) -> Path:
    return path.with_name(path.name + ".new")


# A chain's last entry: one statement built once (the close path runs it every time).
_HEAD = (
    sa.select(chain_entries.c.seq, chain_entries.c.signature)
    .where(
        chain_entries.c.till_id == sa.bindparam("till_id"),
        chain_entries.c.chain == sa.bindparam("chain"),
    )
    .order_by(chain_entries.c.seq.desc())
    .limit(1)
)

_APPEND = sa.insert(chain_entries)


@dataclass(frozen=True, slots=True)
class Head:
    """A chain's last entry: its sequence number and signature (0 and "" when empty)."""

    seq: int
    signature: str


@dataclass(frozen=True, slots=True)
class Signed:
    chain: str
    seq: int
    previous: str
    signature: str
    key_fingerprint: str

    @property
    def extract(self) -> str:
        return S.signature_extract(self.signature)

    def as_document(self) -> dict[str, object]:
        """What the document carries of its entry (what the contract sends)."""
        wire = S.ChainSignature(
            self.chain, self.seq, self.previous, self.signature, self.key_fingerprint
        )
        return wire.as_document()


class Signer:
    """Signs the entries of one till's chains, on the caller's transaction."""

    def __init__(self, key_path: Path, store_id: str, till_id: str) -> None:
        self.key_path = key_path
        self.store_id = store_id
        self.till_id = till_id
        self._key: Ed25519PrivateKey | None = None
        self._fingerprint = ""
        self._stamp: tuple[int, int, int] | None = None

    @classmethod
    def from_config(cls, cfg: TillConfig) -> Signer | None:
        """The till's signer; None when ``signing.enabled`` is off (benchmarks only)."""
        if not cfg.signing.enabled:
            return None
        return cls(key_path_for(cfg), cfg.till.store_id, cfg.till.till_id)

    # ------------------------------------------------------------ keys
    def ensure_key(self, conn: sa.Connection, now: dt.datetime) -> tuple[Ed25519PrivateKey, str]:
        """The key to sign with now: the file's, which must be the journal's newest key.
        A till with no key makes one (``till init``, or its first signed entry).

        The key read once is used while its file stays the same file (a rotation, here
        or by another process, replaces it): no query on the close path. A process that
        signs with the old key a moment after another rotated breaks no chain (a chain
        only never goes back from a newer key to an older one)."""
        if self._key is not None and _stamp(self.key_path) == self._stamp:
            return self._key, self._fingerprint
        newest = conn.execute(
            sa.select(till_keys.c.fingerprint).order_by(till_keys.c.position.desc()).limit(1)
        ).scalar_one_or_none()
        if self._key is not None and newest == self._fingerprint:
            return self._key, self._fingerprint
        if newest is None:
            key = self._first_key()
            conn.execute(
                sa.insert(till_keys).values(
                    position=1,
                    fingerprint=S.fingerprint(S.public_bytes(key)),
                    public_key=S.public_key_text(S.public_bytes(key)),
                    endorsement=None,
                    created_at=now,
                )
            )
        else:
            key = self._key_for(newest)
        self._key, self._fingerprint = key, S.fingerprint(S.public_bytes(key))
        self._stamp = _stamp(self.key_path)
        return key, self._fingerprint

    def _first_key(self) -> Ed25519PrivateKey:
        if self.key_path.exists():
            return _read_private(self.key_path)
        key = S.new_private_key()
        try:
            _write_private(self.key_path, key)
        except FileExistsError:  # another process of this till made it meanwhile
            return _read_private(self.key_path)
        log.info("signing key made: %s", S.fingerprint(S.public_bytes(key)))
        return key

    def _key_for(self, fingerprint: str) -> Ed25519PrivateKey:
        pending = _pending_path(self.key_path)
        if pending.exists():  # a rotation committed, its file not yet in place
            key = _read_private(pending)
            if S.fingerprint(S.public_bytes(key)) == fingerprint:
                os.replace(pending, self.key_path)
                return key
        if not self.key_path.exists():
            raise SigningKeyMissing(
                f"the till's signing key {self.key_path} is missing (key {fingerprint[:16]});"
                " restore it from the till's backup",
                target="signing",
            )
        key = _read_private(self.key_path)
        if S.fingerprint(S.public_bytes(key)) != fingerprint:
            raise SigningKeyMissing(
                f"the key in {self.key_path} is not the journal's key {fingerprint[:16]}",
                target="signing",
            )
        return key

    # ------------------------------------------------------------ entries
    def head(self, conn: sa.Connection, chain: str) -> Head:
        row = conn.execute(_HEAD, {"till_id": self.till_id, "chain": chain}).first()
        return Head(0, "") if row is None else Head(row.seq, row.signature)

    def sign(
        self,
        conn: sa.Connection,
        chain: str,
        kind: str,
        ref: str,
        content_hash: str,
        now: dt.datetime,
    ) -> Signed:
        """Append a document's entry to its chain, on ``conn``'s transaction (the one
        storing the document); a chain's first entry is preceded by its genesis."""
        take_signing_turn(conn, self.till_id)
        key, fingerprint = self.ensure_key(conn, now)
        head = self.head(conn, chain)
        if head.seq == 0:
            head = self._genesis(conn, chain, key, fingerprint, now, ref)
        return self._append(conn, chain, kind, ref, content_hash, head, key, fingerprint, now)

    def _append(
        self,
        conn: sa.Connection,
        chain: str,
        kind: str,
        ref: str,
        content_hash: str,
        head: Head,
        key: Ed25519PrivateKey,
        fingerprint: str,
        now: dt.datetime,
        statement: str | None = None,
    ) -> Signed:
        seq = head.seq + 1
        signature = S.sign_entry(key, chain, seq, content_hash, head.signature)
        conn.execute(
            _APPEND,
            {
                "till_id": self.till_id,
                "chain": chain,
                "seq": seq,
                "kind": kind,
                "ref": ref,
                "content_hash": content_hash,
                "previous": head.signature,
                "signature": signature,
                "key_fingerprint": fingerprint,
                "signed_at": now,
                "statement": statement,
            },
        )
        return Signed(chain, seq, head.signature, signature, fingerprint)

    def _genesis(
        self,
        conn: sa.Connection,
        chain: str,
        key: Ed25519PrivateKey,
        fingerprint: str,
        now: dt.datetime,
        ref: str,
    ) -> Head:
        # the document signed now (stored before or after its entry) is the first signed
        before = unsigned_documents(conn, self.till_id, chain, but=ref)
        statement = genesis_statement(chain, self.store_id, self.till_id, fingerprint, now, before)
        text = S.canonical_json(statement)
        signed = self._append(
            conn,
            chain,
            GENESIS,
            GENESIS,
            S.statement_hash(statement),
            Head(0, ""),
            key,
            fingerprint,
            now,
            statement=text,
        )
        return Head(signed.seq, signed.signature)

    # ------------------------------------------------------------ audit events
    def audit(
        self,
        conn: sa.Connection,
        kind: str,
        now: dt.datetime,
        *,
        cashier: str | None = None,
        supervisor: str | None = None,
        detail: dict[str, object] | None = None,
        event_id: str | None = None,
    ) -> Signed:
        """Store and sign an audit event, on ``conn``'s transaction."""
        from standalone_till.sales import time_ordered_id

        event = audit_statement(
            event_id or time_ordered_id(),
            self.store_id,
            self.till_id,
            kind,
            now,
            cashier=cashier,
            supervisor=supervisor,
            detail=detail or {},
        )
        digest = S.statement_hash(event)
        conn.execute(
            sa.insert(audit_events).values(
                id=event["id"],
                store_id=self.store_id,
                till_id=self.till_id,
                kind=kind,
                at=now,
                cashier=cashier,
                supervisor=supervisor,
                content_hash=digest,
                document=S.canonical_json(event),
            )
        )
        return self.sign(conn, S.AUDIT, AUDIT_KIND, str(event["id"]), digest, now)

    # ------------------------------------------------------------ rotation
    def rotate(self, conn: sa.Connection, now: dt.datetime) -> str:
        """Make the next key: endorsed by the current one, written beside the key file
        (``.new``) and recorded with its audit event (signed by the current key) on
        ``conn``'s transaction; ``finish_rotation`` puts the file in place once it is
        committed. The new key's fingerprint."""
        old, old_fp = self.ensure_key(conn, now)
        new = S.new_private_key()
        public = S.public_bytes(new)
        pending = _pending_path(self.key_path)
        pending.unlink(missing_ok=True)  # a rotation that never committed
        _write_private(pending, new)
        position = conn.execute(sa.select(sa.func.max(till_keys.c.position))).scalar_one()
        new_fp = S.fingerprint(public)
        self.audit(
            conn,
            "key_rotation",
            now,
            detail={"old_key": old_fp, "new_key": new_fp, "public_key": S.public_key_text(public)},
        )
        conn.execute(
            sa.insert(till_keys).values(
                position=position + 1,
                fingerprint=new_fp,
                public_key=S.public_key_text(public),
                endorsement=S.endorse_key(old, public),
                created_at=now,
            )
        )
        return new_fp

    def finish_rotation(self) -> None:
        pending = _pending_path(self.key_path)
        if pending.exists():
            os.replace(pending, self.key_path)
        self._key = None


def till_keys_xml(db: TillDatabase, till_id: str) -> str:
    """The till's public keys as the contract's ``tillKeys`` (empty: no key yet), for a
    batch to carry: the gateway pins the first and follows the endorsed ones."""
    k, r = till_keys.c, relayed_keys.c
    with db.read(db.journal) as conn:
        own = conn.execute(sa.select(k.public_key, k.endorsement).order_by(k.position)).all()
        # a hub's: its tills' keys, in the order each till made them
        relayed = conn.execute(
            sa.select(r.till_id, r.public_key, r.endorsement).order_by(r.till_id, r.position)
        ).all()
    rows = [(till_id, o.public_key, o.endorsement) for o in own] + [tuple(x) for x in relayed]
    keys = "".join(
        f"<key><tillId>{escape(owner)}</tillId><publicKey>{escape(public)}</publicKey>"
        + (f"<endorsement>{escape(endorsement)}</endorsement>" if endorsement else "")
        + "</key>"
        for owner, public, endorsement in rows
    )
    return f"<tillKeys>{keys}</tillKeys>" if keys else ""


def keep_relayed_keys(
    conn: sa.Connection, sender: str, offered: Iterable[OfferedKey], now: dt.datetime
) -> int:
    """On a hub: keep the keys a till sent with its tickets to carry them up (its own
    only: a till speaks for no other); how many were new."""
    r = relayed_keys.c
    known = set(conn.execute(sa.select(r.public_key).where(r.till_id == sender)).scalars())
    new: list[OfferedKey] = []
    for o in offered:
        if o.till_id == sender and o.public_key not in known:
            known.add(o.public_key)
            new.append(o)
    for position, key in enumerate(new, start=len(known) - len(new) + 1):
        conn.execute(
            sa.insert(relayed_keys).values(
                till_id=sender,
                position=position,
                public_key=key.public_key,
                endorsement=key.endorsement,
                received_at=now,
            )
        )
    return len(new)


def key_history(conn: sa.Connection) -> S.KeyHistory:
    rows = conn.execute(
        sa.select(till_keys.c.public_key, till_keys.c.endorsement).order_by(till_keys.c.position)
    ).all()
    return S.KeyHistory(
        tuple(S.TillKey(S.public_key_from_text(r.public_key), r.endorsement) for r in rows)
    )


def genesis_statement(
    chain: str,
    store_id: str,
    till_id: str,
    fingerprint: str,
    now: dt.datetime,
    unsigned_before: int,
) -> dict[str, object]:
    return {
        "genesis": chain,
        "store_id": store_id,
        "till_id": till_id,
        "key": fingerprint,
        "at": utc_text(now),
        "unsigned_before": unsigned_before,
    }


def audit_statement(
    event_id: str,
    store_id: str,
    till_id: str,
    kind: str,
    at: dt.datetime,
    *,
    cashier: str | None,
    supervisor: str | None,
    detail: dict[str, object],
) -> dict[str, object]:
    return {
        "id": event_id,
        "store_id": store_id,
        "till_id": till_id,
        "kind": kind,
        "at": utc_text(at),
        "cashier": cashier,
        "supervisor": supervisor,
        "detail": detail,
    }


def copy_statement(row: Any, ticket_hash: str) -> dict[str, object]:
    """What a receipt copy's entry signs: the copy and the content hash of its ticket."""
    printed_at = row.printed_at
    assert isinstance(printed_at, dt.datetime)
    return {
        "ticket_id": row.ticket_id,
        "copy_no": row.copy_no,
        "business_day": row.business_day,
        "cashier": row.cashier,
        "supervisor": row.supervisor,
        "printed_at": utc_text(printed_at),
        "ticket_hash": ticket_hash,
    }


def copy_ref(ticket_id: str, copy_no: int) -> str:
    return f"{ticket_id}#{copy_no}"


def copy_hash(conn: sa.Connection, ticket_id: str, copy_no: int) -> str | None:
    """The content hash of a stored receipt copy (None: no such copy)."""
    r, t = reprints.c, T.tickets.c
    row = conn.execute(
        sa.select(
            r.ticket_id, r.copy_no, r.business_day, r.cashier, r.supervisor, r.printed_at
        ).where(r.ticket_id == ticket_id, r.copy_no == copy_no)
    ).first()
    if row is None:
        return None
    ticket_hash = conn.execute(sa.select(t.content_hash).where(t.id == ticket_id)).scalar_one()
    return S.statement_hash(copy_statement(row, ticket_hash))


def unsigned_documents(conn: sa.Connection, till_id: str, chain: str, but: str = "") -> int:
    """How many documents of a chain this till's journal holds with no entry (``but``
    one)."""
    e = chain_entries.c
    signed = sa.select(e.ref).where(e.till_id == till_id, e.chain == chain)
    query = documents_of(till_id, chain)
    if query is None:
        return 0
    query = query.where(query.selected_columns[0] != but)
    return conn.execute(
        sa.select(sa.func.count()).select_from(
            query.where(query.selected_columns[0].not_in(signed)).subquery()
        )
    ).scalar_one()


def documents_of(till_id: str, chain: str) -> sa.Select[tuple[str]] | None:
    """The refs of a chain's documents of this till (None: the chain has no table)."""
    t, d, r, a = T.tickets.c, till_documents.c, reprints.c, audit_events.c
    if chain == S.SALES:
        return sa.select(t.id).where(t.till_id == till_id)
    if chain in (S.CASH, S.CLOSURES):
        doc_type = "cash_movement" if chain == S.CASH else "closure"
        return sa.select(d.id).where(d.till_id == till_id, d.doc_type == doc_type)
    if chain == S.PERIODS:
        return sa.select(d.id).where(
            d.till_id == till_id, d.doc_type.in_(("closure_month", "closure_year"))
        )
    if chain == S.COPIES:
        ref = r.ticket_id + sa.literal("#") + sa.cast(r.copy_no, sa.String)
        return (
            sa.select(ref.label("ref"))
            .join(T.tickets, t.id == r.ticket_id)
            .where(t.till_id == till_id)
        )
    if chain == S.AUDIT:
        return sa.select(a.id).where(a.till_id == till_id)
    return None


def parse_statement(text: str | None) -> dict[str, object] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def signature_of(db: TillDatabase, till_id: str, chain: str, ref: str) -> str | None:
    """The signature of a document's entry in a chain (None: unsigned)."""
    c = chain_entries.c
    with db.read(db.journal) as conn:
        return conn.execute(
            sa.select(c.signature).where(c.till_id == till_id, c.chain == chain, c.ref == ref)
        ).scalar_one_or_none()


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """A public key of the till, as `till key show` prints it."""

    position: int
    fingerprint: str
    public_key: str  # base64 of the 32 raw bytes
    endorsement: str | None
    created_at: dt.datetime

    def as_dict(self) -> dict[str, object]:
        return {
            "position": self.position,
            "fingerprint": self.fingerprint,
            "public_key": self.public_key,
            "public_key_pem": S.public_key_pem(S.public_key_from_text(self.public_key)),
            "endorsement": self.endorsement,
            "created_at": utc_text(self.created_at),
        }


def till_key_infos(db: TillDatabase) -> list[KeyInfo]:
    """The till's public keys, oldest first (the last signs now)."""
    k = till_keys.c
    with db.read(db.journal) as conn:
        rows = conn.execute(sa.select(till_keys).order_by(k.position)).all()
    return [
        KeyInfo(r.position, r.fingerprint, r.public_key, r.endorsement, r.created_at) for r in rows
    ]


def rotate_key(db: TillDatabase, signer: Signer, now: dt.datetime) -> str:
    """`till key rotate`: the next key, endorsed by the current one, in one transaction;
    its fingerprint."""
    with db.write(db.journal) as conn:
        fingerprint = signer.rotate(conn, now)
    signer.finish_rotation()
    log.info("signing key rotated: %s", fingerprint)
    return fingerprint


def record_config_change(
    cfg: TillConfig,
    changes: dict[str, str],
    now: dt.datetime,
    before: TillConfig | None = None,
) -> bool:
    """Journal a change of the till's configuration as a signed audit event (``changes``:
    key -> new value, secrets already masked); False when there is no journal to write
    to yet (not set up) or signing is off. With ``before`` (the config as it was), the
    journal and key in force before the change sign it: turning signing off is
    journaled too."""
    from standalone_till.store import TillDatabase

    if before is not None and before.signing.enabled:
        cfg = before
    signer = Signer.from_config(cfg)
    if signer is None:
        return False
    db = TillDatabase.from_config(cfg)
    try:
        if not db.is_migrated():
            return False
        with db.write(db.journal) as conn:
            signer.audit(conn, "config_change", now, detail={"changes": changes})
    finally:
        db.dispose()
    return True
