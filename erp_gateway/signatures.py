"""The tills' signatures at the gateway: each till's key pinned at first contact (or
declared), a rotation endorsed by the pinned key moving the pin, each signed document
checked on receipt against its key and the entry before it, and ``erp-gateway verify``.

A document signed by a key that is not its till's is refused (rejected with the reason)
and the refusal kept; a bad signature, a link to another entry than the one held, or two
entries claiming the same predecessor is kept as a break beside the stored document. A
link to an entry the gateway does not hold yet is no break: it may still arrive.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from connectors.errors import BadInput
from erp_gateway.db import GatewayDatabase
from erp_gateway.signing_tables import chain_breaks, chain_entries, till_keys
from ticket_contract import signatures as S
from ticket_contract.documents import DocumentResult
from ticket_contract.tickets import Outcome, Result
from ticket_contract.wire import OfferedKey

log = logging.getLogger("tillsync.gateway")

FORK = "fork"
LINK = "link"
NO_KEY = "no key"
UNENDORSED = "unendorsed key"


# ---------------------------------------------------------------- keys


def history(conn: sa.Connection, till_id: str) -> list[S.TillKey]:
    k = till_keys.c
    rows = conn.execute(
        sa.select(k.public_key, k.endorsement).where(k.till_id == till_id).order_by(k.position)
    ).all()
    return [S.TillKey(S.public_key_from_text(r.public_key), r.endorsement) for r in rows]


def _append_key(
    conn: sa.Connection,
    till_id: str,
    position: int,
    key: S.TillKey,
    now: dt.datetime,
    source: str,
) -> None:
    conn.execute(
        sa.insert(till_keys).values(
            till_id=till_id,
            position=position,
            fingerprint=key.fingerprint,
            public_key=S.public_key_text(key.public),
            endorsement=key.endorsement,
            pinned_at=now,
            source=source,
        )
    )
    what = "pinned" if position == 1 else "moved to"
    log.info("till %s: key %s %s", till_id, what, key.fingerprint[:16])


def learn_keys(conn: sa.Connection, offered: Iterable[OfferedKey], now: dt.datetime) -> None:
    """Take the keys a batch carries: a till's first key is pinned as given (its first
    contact); a key after the pin only with the pin's endorsement (it moves the pin); a
    key offered otherwise is kept as a break, never pinned."""
    by_till: dict[str, list[OfferedKey]] = {}
    for key in offered:
        by_till.setdefault(key.till_id, []).append(key)
    for till_id, keys in by_till.items():
        _learn(conn, till_id, keys, now)


def _learn(conn: sa.Connection, till_id: str, keys: list[OfferedKey], now: dt.datetime) -> None:
    known = history(conn, till_id)
    fingerprints = {k.fingerprint for k in known}
    for offered in keys:
        try:
            key = S.TillKey(S.public_key_from_text(offered.public_key), offered.endorsement)
        except S.SignatureProblem as exc:
            _break(conn, till_id, "", 0, "", UNENDORSED, f"key {offered.public_key}: {exc}", now)
            continue
        if key.fingerprint in fingerprints:
            continue
        if known and not (
            key.endorsement and S.endorsement_holds(known[-1].public, key.public, key.endorsement)
        ):
            _break(
                conn,
                till_id,
                "",
                0,
                "",
                UNENDORSED,
                f"key {key.fingerprint[:16]} offered without the endorsement of the pinned"
                f" key {known[-1].fingerprint[:16]}: not pinned",
                now,
            )
            continue
        _append_key(conn, till_id, len(known) + 1, key, now, "batch")
        known.append(key)
        fingerprints.add(key.fingerprint)


def declare_key(db: GatewayDatabase, till_id: str, key_text: str, now: dt.datetime) -> str:
    """`erp-gateway tills add --public-key`: pin a till's key before its first contact;
    its fingerprint. A till with another key pinned already keeps it (BadInput)."""
    try:
        key = S.TillKey(S.public_key_from_text(key_text))
    except S.SignatureProblem as exc:
        raise BadInput(f"public key of till {till_id}: {exc}") from exc

    def work(conn: sa.Connection) -> None:
        known = history(conn, till_id)
        if any(k.fingerprint == key.fingerprint for k in known):
            return
        if known:
            raise BadInput(
                f"till {till_id} has key {known[-1].fingerprint} pinned; a new key is taken"
                " only with the pinned key's endorsement (till key rotate)"
            )
        _append_key(conn, till_id, 1, key, now, "declared")

    db.write(work)
    return key.fingerprint


def pinned(db: GatewayDatabase) -> dict[str, str]:
    """till id -> the fingerprint of its pinned key."""
    k = till_keys.c
    with db.read() as conn:
        rows = conn.execute(sa.select(k.till_id, k.fingerprint).order_by(k.position)).all()
    return {r.till_id: r.fingerprint for r in rows}


# ---------------------------------------------------------------- on receipt


def _break(
    conn: sa.Connection,
    till_id: str,
    chain: str,
    seq: int,
    doc_id: str,
    what: str,
    detail: str,
    now: dt.datetime,
) -> None:
    conn.execute(
        sa.insert(chain_breaks).values(
            till_id=till_id,
            chain=chain,
            seq=seq,
            doc_id=doc_id,
            what=what,
            detail=detail,
            found_at=now,
        )
    )
    log.warning("till %s %s entry %d (%s): %s: %s", till_id, chain, seq, doc_id, what, detail)


@dataclass(slots=True)
class Signed:
    """One document of a batch with its signature: what ``receive_signed`` checks."""

    till_id: str
    doc_id: str
    content_hash: str
    signature: S.ChainSignature


def refusal(conn: sa.Connection, doc: Signed, keys: dict[str, list[S.TillKey]]) -> str | None:
    """Why a document is refused: signed by a key that is not its till's (None: it is)."""
    known = keys.get(doc.till_id)
    if known is None:
        known = keys[doc.till_id] = history(conn, doc.till_id)
    if not known:
        return None  # no key yet: kept, checked by `erp-gateway verify` once one is pinned
    if any(k.fingerprint == doc.signature.key_fingerprint for k in known):
        return None
    return (
        f"signed by key {doc.signature.key_fingerprint[:16]}, not till {doc.till_id}'s key"
        f" {known[-1].fingerprint[:16]}"
    )


@dataclass(frozen=True, slots=True)
class _Held:
    doc_id: str
    seq: int
    previous: str
    signature: str


def _held_around(
    conn: sa.Connection, docs: Sequence[Signed]
) -> dict[tuple[str, str, int], list[_Held]]:
    """The entries stored next to (and at) each document's place in its chain, by
    (till, chain, seq): one query per till and chain of the batch."""
    c = chain_entries.c
    around: dict[tuple[str, str], set[int]] = {}
    for d in docs:
        seq = d.signature.seq
        around.setdefault((d.till_id, d.signature.chain), set()).update((seq - 1, seq, seq + 1))
    held: dict[tuple[str, str, int], list[_Held]] = {}
    for (till_id, chain), seqs in around.items():
        ordered = sorted(seqs)
        for start in range(0, len(ordered), 500):
            rows = conn.execute(
                sa.select(c.doc_id, c.seq, c.previous, c.signature).where(
                    c.till_id == till_id,
                    c.chain == chain,
                    c.seq.in_(ordered[start : start + 500]),
                )
            )
            for n in rows:
                held.setdefault((till_id, chain, n.seq), []).append(
                    _Held(n.doc_id, n.seq, n.previous, n.signature)
                )
    return held


def record_entries(
    conn: sa.Connection, docs: Sequence[Signed], keys: dict[str, list[S.TillKey]], now: dt.datetime
) -> None:
    """Keep the stored documents' entries, and the breaks each shows: its signature, its
    link to the entry before and after it (when held), a second entry on one
    predecessor. The entries around the batch are read once and its own inserted at
    once (one round trip each, not two per document); each document is checked, in
    order, against those stored and those of the batch before it."""
    if not docs:
        return
    held = _held_around(conn, docs)
    rows = [_check_entry(conn, doc, keys, held, now) for doc in docs]
    conn.execute(sa.insert(chain_entries), rows)


def _check_entry(
    conn: sa.Connection,
    doc: Signed,
    keys: dict[str, list[S.TillKey]],
    held: dict[tuple[str, str, int], list[_Held]],
    now: dt.datetime,
) -> dict[str, object]:
    """One document's breaks against the entries ``held`` around it (which it joins);
    the row of its entry."""
    sig = doc.signature
    known = keys.get(doc.till_id) or history(conn, doc.till_id)

    def brk(what: str, detail: str, seq: int = sig.seq, doc_id: str = doc.doc_id) -> None:
        _break(conn, doc.till_id, sig.chain, seq, doc_id, what, detail, now)

    key = next((k for k in known if k.fingerprint == sig.key_fingerprint), None)
    entry = S.Entry(
        sig.chain, sig.seq, doc.doc_id, doc.content_hash, sig.previous, sig.signature, ""
    )
    # no key pinned yet: `erp-gateway verify` checks it once there is one
    if key is not None and S.check_entry(entry, key.public) is not None:
        brk(S.BAD_SIGNATURE, "the signature does not verify over the document received")
    place = (doc.till_id, sig.chain)
    for seq in (sig.seq - 1, sig.seq, sig.seq + 1):
        for n in held.get((*place, seq), []):
            if n.seq == sig.seq:
                brk(FORK, f"entry {sig.seq} is also document {n.doc_id}: two claim one predecessor")
            elif n.seq == sig.seq - 1 and n.signature != sig.previous:
                brk(LINK, f"links to another entry {n.seq} than document {n.doc_id}")
            elif n.seq == sig.seq + 1 and n.previous != sig.signature:
                brk(LINK, f"links to another entry {sig.seq} than this one", n.seq, n.doc_id)
    if sig.seq == 1 and sig.previous:
        brk(LINK, "entry 1 links to an earlier entry")
    held.setdefault((*place, sig.seq), []).append(
        _Held(doc.doc_id, sig.seq, sig.previous, sig.signature)
    )
    return {
        "till_id": doc.till_id,
        "chain": sig.chain,
        "doc_id": doc.doc_id,
        "seq": sig.seq,
        "content_hash": doc.content_hash,
        "previous": sig.previous,
        "signature": sig.signature,
        "key_fingerprint": sig.key_fingerprint,
        "received_at": now,
    }


def _screen(
    conn: sa.Connection,
    doc: Signed,
    keys: dict[str, list[S.TillKey]],
    now: dt.datetime,
    kept: list[Signed],
) -> str | None:
    """Check one accepted signed document: why it is refused (kept as a break), or None
    when its entry is to be kept (added to ``kept``, recorded with the batch's)."""
    refused = refusal(conn, doc, keys)
    if refused is not None:
        sig = doc.signature
        _break(conn, doc.till_id, sig.chain, sig.seq, doc.doc_id, S.OTHER_KEY, refused, now)
        return refused
    kept.append(doc)
    return None


def screen_tickets(
    conn: sa.Connection, results: Sequence[Result], now: dt.datetime
) -> list[Result]:
    """The batch's results after the signatures: an accepted ticket signed by a key that
    is not its till's is rejected (and the refusal kept); the others' entries are kept
    with what they break. Unsigned tickets pass as before."""
    keys: dict[str, list[S.TillKey]] = {}
    kept: list[Signed] = []
    out: list[Result] = []
    for r in results:
        form = r.canonical
        signature = form.ticket.signature if form is not None else None
        if r.outcome is Outcome.ACCEPTED and form is not None and signature is not None:
            doc = Signed(form.ticket.till_id, r.ticket_id, form.content_hash, signature)
            refused = _screen(conn, doc, keys, now, kept)
            if refused is not None:
                r = dataclasses.replace(r, outcome=Outcome.REJECTED, reason=refused)
        out.append(r)
    record_entries(conn, kept, keys, now)
    return out


def screen_documents(
    conn: sa.Connection, results: Sequence[DocumentResult], now: dt.datetime
) -> list[DocumentResult]:
    """``screen_tickets`` for a batch of cash movements and closures."""
    keys: dict[str, list[S.TillKey]] = {}
    kept: list[Signed] = []
    out: list[DocumentResult] = []
    for r in results:
        form = r.form
        signature = form.record.signature if form is not None else None
        if r.outcome is Outcome.ACCEPTED and form is not None and signature is not None:
            doc = Signed(form.record.till_id, r.document_id, form.content_hash, signature)
            refused = _screen(conn, doc, keys, now, kept)
            if refused is not None:
                r = dataclasses.replace(r, outcome=Outcome.REJECTED, reason=refused, form=None)
        out.append(r)
    record_entries(conn, kept, keys, now)
    return out


# ---------------------------------------------------------------- erp-gateway verify


@dataclass(slots=True)
class ChainState:
    chain: str
    entries: int = 0
    head_seq: int = 0
    waiting: list[int] = field(default_factory=list)  # numbers not received (yet)


@dataclass(slots=True)
class TillVerification:
    till_id: str
    fingerprint: str | None
    chains: list[ChainState]
    breaks: list[dict[str, object]]

    @property
    def holds(self) -> bool:
        return not self.breaks

    def as_dict(self) -> dict[str, object]:
        return {
            "till_id": self.till_id,
            "key_fingerprint": self.fingerprint,
            "holds": self.holds,
            "chains": [dataclasses.asdict(c) for c in self.chains],
            "breaks": self.breaks,
        }


def verify(db: GatewayDatabase, till_id: str | None = None) -> list[TillVerification]:
    """Every till's chains as the gateway holds them: the breaks found on receipt, and
    the entries checked again (signatures against the pinned keys, links between the
    entries held); numbers not received yet are listed as waiting, not as breaks."""
    with db.read() as conn:
        tills = _tills(conn, till_id)
        return [_verify_till(conn, t) for t in tills]


def _tills(conn: sa.Connection, till_id: str | None) -> list[str]:
    found: set[str] = set()
    for table in (chain_entries, chain_breaks, till_keys):
        query = sa.select(table.c.till_id).distinct()
        if till_id is not None:
            query = query.where(table.c.till_id == till_id)
        found.update(conn.execute(query).scalars())
    return sorted(found)


def _verify_till(conn: sa.Connection, till_id: str) -> TillVerification:
    known = history(conn, till_id)
    b = chain_breaks.c
    breaks: list[dict[str, object]] = [
        {"chain": r.chain, "seq": r.seq, "doc_id": r.doc_id, "what": r.what, "detail": r.detail}
        for r in conn.execute(sa.select(chain_breaks).where(b.till_id == till_id).order_by(b.id))
    ]
    problem = S.KeyHistory(tuple(known)).problem() if known else None
    if problem is not None:
        breaks.append({"chain": "", "seq": 0, "doc_id": "", "what": S.OTHER_KEY, "detail": problem})
    c = chain_entries.c
    rows = conn.execute(
        sa.select(chain_entries).where(c.till_id == till_id).order_by(c.chain, c.seq)
    ).all()
    chains: dict[str, ChainState] = {}
    previous: dict[str, sa.Row[tuple[object, ...]]] = {}
    keys = {k.fingerprint: k for k in known}
    seen = {(b["doc_id"], b["seq"]) for b in breaks}
    for row in rows:
        state = chains.setdefault(row.chain, ChainState(row.chain))
        before = previous.get(row.chain)
        # entry 1 is the chain's genesis, kept at the till: the first sent is 2
        state.waiting.extend(range((before.seq if before else 1) + 1, row.seq))
        state.entries += 1
        state.head_seq = row.seq
        previous[row.chain] = row
        if (row.doc_id, row.seq) in seen:
            continue  # named already when it arrived
        key = keys.get(row.key_fingerprint)
        entry = S.Entry(row.chain, row.seq, row.doc_id, row.content_hash, row.previous,
                        row.signature, row.key_fingerprint)  # fmt: skip
        if key is None:
            what, detail = (NO_KEY if not known else S.OTHER_KEY), "the key is not the till's"
        elif S.check_entry(entry, key.public) is not None:
            what, detail = S.BAD_SIGNATURE, "the signature does not verify"
        elif before is not None and before.seq == row.seq - 1 and before.signature != row.previous:
            what, detail = (
                LINK,
                f"links to another entry {before.seq} than document {before.doc_id}",
            )
        else:
            continue
        breaks.append(
            {
                "chain": row.chain,
                "seq": row.seq,
                "doc_id": row.doc_id,
                "what": what,
                "detail": detail,
            }
        )
    return TillVerification(
        till_id, known[-1].fingerprint if known else None, list(chains.values()), breaks
    )
