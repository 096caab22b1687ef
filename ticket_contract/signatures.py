"""Signature chains: what a till signs, and checking a chain of signed entries. Pure.

A till keeps chains (sales and returns, cash movements, receipt copies, closures,
audit events). Each entry signs, with the till's Ed25519 key, the bytes
``entry_message`` makes: a domain tag, the chain's name, the entry's sequence number,
the content hash of its document (the contract's canonical hash) and the signature of
the entry before it. Changing a
document, removing, inserting or reordering entries, or signing with another key breaks
the chain at a place ``walk_chain`` names.

Keys rotate: a key's successor is endorsed by it (``endorse_key``), so a history of keys
(``KeyHistory``) is trusted from its first key alone; within a chain a newer key never
gives way to an older one.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from connectors.errors import BadInput

DOMAIN = b"tillsync-chain-v1\x00"
ROTATION_DOMAIN = b"tillsync-key-rotation-v1\x00"
SALES, CASH, COPIES, CLOSURES, AUDIT = "sales", "cash", "copies", "closures", "audit"
PERIODS = "periods"  # month and year closures: kept at the till and in its archive
CHAINS = (SALES, CASH, COPIES, CLOSURES, AUDIT, PERIODS)
SIGNATURE_HEX = 128  # 64 bytes
EXTRACT_LENGTH = 4
_EXTRACT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U

# What went wrong at the first entry that does not hold.
CHANGED = "changed"  # the document is not what was signed
REMOVED = "removed"  # entries are missing before this one
INSERTED = "inserted"  # the entry links to one the chain does not hold
REORDERED = "reordered"  # the entry links to another entry of the chain than the one before
OTHER_KEY = "other key"  # signed by a key the history does not hold, or an older one
BAD_SIGNATURE = "bad signature"  # the signature does not verify


class SignatureProblem(BadInput):
    """A key or a signature that cannot be read (not a check failing: that is a Break)."""


# ---------------------------------------------------------------- keys


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise SignatureProblem(f"not a PEM private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureProblem("the private key is not an Ed25519 key")
    return key


def public_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The raw 32 bytes of a public key (of a private key's public half)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_text(raw: bytes) -> str:
    """A public key as the till shows and sends it: base64 of its 32 raw bytes."""
    return base64.b64encode(raw).decode("ascii")


def public_key_from_text(text: str) -> bytes:
    """The raw 32 bytes of a public key given as base64, hex, or a PEM file's text."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except ValueError as exc:
            raise SignatureProblem(f"not a PEM public key: {exc}") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise SignatureProblem("the public key is not an Ed25519 key")
        return public_bytes(key)
    try:
        raw = bytes.fromhex(text) if len(text) == 64 else base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise SignatureProblem("a public key is 32 bytes, as base64, hex or PEM") from exc
    if len(raw) != 32:
        raise SignatureProblem(f"a public key is 32 bytes, got {len(raw)}")
    return raw


def public_key_pem(raw: bytes) -> str:
    key = Ed25519PublicKey.from_public_bytes(raw)
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


def fingerprint(raw: bytes) -> str:
    """A public key's fingerprint: SHA-256 of its raw bytes, hex (64 characters)."""
    return hashlib.sha256(raw).hexdigest()


def endorsement_message(new_public: bytes) -> bytes:
    return ROTATION_DOMAIN + new_public


def endorse_key(old: Ed25519PrivateKey, new_public: bytes) -> str:
    """The old key's signature over its successor (hex): what moves a pin."""
    return old.sign(endorsement_message(new_public)).hex()


def _verifies(public: bytes, signature_hex: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def endorsement_holds(old_public: bytes, new_public: bytes, endorsement: str) -> bool:
    return _verifies(old_public, endorsement, endorsement_message(new_public))


@dataclass(frozen=True, slots=True)
class TillKey:
    """One key of a till's history; ``endorsement`` is the previous key's signature over
    it (None for the first key, trusted as it is: made at ``till init``, or pinned)."""

    public: bytes
    endorsement: str | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)


@dataclass(frozen=True, slots=True)
class KeyHistory:
    keys: tuple[TillKey, ...]

    def index(self, fingerprint_hex: str) -> int | None:
        for i, key in enumerate(self.keys):
            if key.fingerprint == fingerprint_hex:
                return i
        return None

    def problem(self) -> str | None:
        """Why the history cannot be trusted from its first key; None when it can."""
        if not self.keys:
            return "no key"
        for i in range(1, len(self.keys)):
            old, new = self.keys[i - 1], self.keys[i]
            if new.endorsement is None or not endorsement_holds(
                old.public, new.public, new.endorsement
            ):
                return f"key {new.fingerprint[:16]} is not endorsed by the key before it"
        return None


# ---------------------------------------------------------------- entries


class ChainSignature(NamedTuple):
    """A document's entry in its till's chain, as the wire carries it (``signature`` in
    the contract's Ticket, CashMovement and Closure)."""

    chain: str
    seq: int
    previous: str  # hex; "" for a chain's first entry
    signature: str  # hex
    key_fingerprint: str

    def as_document(self) -> dict[str, object]:
        return {
            "chain": self.chain,
            "seq": self.seq,
            "previous": self.previous,
            "signature": self.signature,
            "key_fingerprint": self.key_fingerprint,
        }

    @classmethod
    def from_document(cls, doc: Any) -> ChainSignature | None:
        """The signature a stored document carries under ``signature`` (None: none)."""
        if not isinstance(doc, dict):
            return None
        return cls(
            str(doc["chain"]),
            int(doc["seq"]),
            str(doc["previous"]),
            str(doc["signature"]),
            str(doc["key_fingerprint"]),
        )


def entry_message(chain: str, seq: int, content_hash: str, previous: str) -> bytes:
    """The bytes an entry's signature covers. ``content_hash`` is the document's hex
    SHA-256 (the contract's canonical hash); ``previous`` the hex signature of the entry
    before, empty for a chain's first entry."""
    if seq < 1:
        raise SignatureProblem(f"a sequence number starts at 1, got {seq}")
    try:
        digest = bytes.fromhex(content_hash)
        before = bytes.fromhex(previous)
    except ValueError as exc:
        raise SignatureProblem("a content hash and a signature are hex") from exc
    if len(digest) != 32:
        raise SignatureProblem(f"a content hash is 32 bytes, got {len(digest)}")
    name = chain.encode("utf-8")
    return DOMAIN + name + b"\x00" + seq.to_bytes(8, "big") + digest + before


def sign_entry(
    key: Ed25519PrivateKey, chain: str, seq: int, content_hash: str, previous: str
) -> str:
    """The entry's signature, hex (128 characters)."""
    return key.sign(entry_message(chain, seq, content_hash, previous)).hex()


def signature_extract(signature: str) -> str:
    """The short extract a receipt prints: 4 characters of base32 (Crockford) from the
    signature's first bytes; upper case, no I, L, O or U to misread."""
    if not signature:
        return ""
    value = int.from_bytes(bytes.fromhex(signature)[:3], "big")
    chars = []
    for _ in range(EXTRACT_LENGTH):
        chars.append(_EXTRACT_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def statement_hash(statement: Mapping[str, object]) -> str:
    """The content hash of a document that has no contract record of its own (a chain's
    genesis, an audit event, a receipt copy): SHA-256 of its canonical JSON (keys
    sorted, no spaces, UTF-8)."""
    return hashlib.sha256(canonical_json(statement).encode("utf-8")).hexdigest()


def canonical_json(statement: Mapping[str, object]) -> str:
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Entry:
    """A signed entry as stored: ``content_hash`` is the hash of the document as it is
    now (the verifier recomputes it), ``signed_hash`` the one stored at signing."""

    chain: str
    seq: int
    ref: str  # the document's id (or what names it)
    content_hash: str
    previous: str
    signature: str
    key_fingerprint: str
    signed_hash: str | None = None


@dataclass(frozen=True, slots=True)
class Break:
    """The first entry of a chain that does not hold, and why."""

    chain: str
    seq: int
    ref: str
    what: str  # CHANGED, REMOVED, INSERTED, REORDERED, OTHER_KEY, BAD_SIGNATURE
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {
            "chain": self.chain,
            "seq": self.seq,
            "ref": self.ref,
            "what": self.what,
            "detail": self.detail,
        }

    def __str__(self) -> str:
        return f"{self.chain} entry {self.seq} ({self.ref}): {self.what}: {self.detail}"


def check_entry(entry: Entry, public: bytes) -> str | None:
    """Why the entry's signature does not hold under ``public`` (CHANGED when the
    document is not the one signed, BAD_SIGNATURE otherwise); None when it holds."""
    try:
        message = entry_message(entry.chain, entry.seq, entry.content_hash, entry.previous)
    except SignatureProblem:
        return BAD_SIGNATURE
    if _verifies(public, entry.signature, message):
        return None
    if entry.signed_hash is not None and entry.signed_hash != entry.content_hash:
        return CHANGED
    return BAD_SIGNATURE


@dataclass(slots=True)
class ChainWalk:
    """A chain checked entry by entry; ``brk`` is the first entry that does not hold."""

    chain: str
    history: KeyHistory
    count: int = 0
    head: str = ""
    head_seq: int = 0
    key_index: int = 0
    brk: Break | None = None

    def add(self, entry: Entry, seen: Mapping[str, int] | None = None) -> Break | None:
        if self.brk is None:
            self.brk = self._check(entry, seen or {})
            if self.brk is None:
                self.count += 1
                self.head, self.head_seq = entry.signature, entry.seq
        return self.brk

    def _check(self, e: Entry, seen: Mapping[str, int]) -> Break | None:
        def brk(what: str, detail: str) -> Break:
            return Break(e.chain, e.seq, e.ref, what, detail)

        expected = self.head_seq + 1
        if e.previous != self.head:
            other = seen.get(e.previous)
            if other is not None:
                return brk(REORDERED, f"links to entry {other}, not to entry {self.head_seq}")
            if e.seq > expected:
                return brk(REMOVED, _missing(expected, e.seq))
            return brk(INSERTED, f"links to no entry of the chain (expected entry {expected})")
        if e.seq != expected:
            return brk(REORDERED, f"numbered {e.seq} where {expected} was expected")
        index = self.history.index(e.key_fingerprint)
        if index is None:
            return brk(OTHER_KEY, f"signed by key {e.key_fingerprint[:16]}, not the till's")
        if index < self.key_index:
            return brk(OTHER_KEY, f"signed by key {e.key_fingerprint[:16]}, retired before")
        problem = check_entry(e, self.history.keys[index].public)
        if problem == CHANGED:
            return brk(CHANGED, f"content hash {e.content_hash[:16]}, signed {e.signed_hash}")
        if problem is not None:
            return brk(BAD_SIGNATURE, "the signature does not verify")
        self.key_index = index
        return None


def _missing(first: int, upto: int) -> str:
    if upto - first == 1:
        return f"entry {first} is missing"
    return f"entries {first}..{upto - 1} are missing"


def walk_chain(chain: str, entries: Iterable[Entry], history: KeyHistory) -> ChainWalk:
    """Check a chain's entries, in the order stored (by sequence number); the walk
    stops at the first entry that does not hold (``ChainWalk.brk``)."""
    listed: Sequence[Entry] = list(entries)
    seen = {e.signature: e.seq for e in listed}
    walk = ChainWalk(chain, history)
    problem = history.problem()
    if problem is not None:
        first = listed[0] if listed else Entry(chain, 0, "", "", "", "", "")
        walk.brk = Break(chain, first.seq, first.ref, OTHER_KEY, problem)
        return walk
    for entry in listed:
        if walk.add(entry, seen) is not None:
            break
    return walk
