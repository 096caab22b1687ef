"""What the fuzz targets share: counting cases and violations, one plan of choices per
case, byte and XML mutations, a DEBUG log of everything."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from lxml import etree

from connectors.soap import SOAP_ENV
from fault_harness.credentials import SECRETS
from fault_harness.report import Figure
from ticket_contract import NAMESPACE

log = logging.getLogger("tillsync.faults.fuzz")

StoreId, TillId = "S001", "T01"
WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
_HANG_S = 5.0  # a single case taking longer than this counts as a hang (a crash)
_SAMPLES = 3  # violations described per count
_T = TypeVar("_T")


# -- counting -------------------------------------------------------------------------


@dataclass
class Tally:
    """The cases of one target and the violations found among them."""

    target: str
    minimum: int
    stateful: bool = True
    cases: int = 0
    refused: int = 0
    crashes: int = 0
    partial_applies: int = 0
    unclear_errors: int = 0
    samples: dict[str, list[str]] = field(default_factory=dict)

    def violation(self, kind: str, what: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        found = self.samples.setdefault(kind, [])
        if len(found) < _SAMPLES:
            found.append(what[:300])
        log.warning("fuzz %s: %s: %s", self.target, kind, what[:300])

    def figures(self) -> list[Figure]:
        name = f"fuzz.{self.target}"
        note = f"{self.refused} refused"
        out = [Figure(f"{name}.cases", self.cases, self.minimum, ">=", note=note)]
        for kind in ("crashes", "partial_applies", "unclear_errors"):
            shown = "; ".join(self.samples.get(kind, []))
            if kind == "partial_applies" and not self.stateful:
                shown = shown or "nothing stored by this input"
            out.append(Figure(f"{name}.{kind}", getattr(self, kind), 0, note=shown))
        return out


@dataclass
class Plan:
    """Every choice of one case, drawn by hypothesis at once.

    A case reads the product's state back (pending tickets, parsed documents), and that
    state decides how many choices it uses; hypothesis, which must see the same draws
    whenever it replays a case, sees one draw of a fixed shape instead.
    """

    ints: list[int]
    texts: list[str]
    blobs: list[bytes]
    values: list[object]
    _used: dict[str, int] = field(default_factory=dict)

    def _next(self, pool: str) -> Any:
        items: list[Any] = getattr(self, pool)
        n = self._used.get(pool, 0)
        self._used[pool] = n + 1
        return items[n % len(items)]

    def below(self, n: int) -> int:
        """An index in 0..n-1 (0 when n is 0)."""
        return int(self._next("ints")) % n if n > 0 else 0

    def between(self, low: int, high: int) -> int:
        return low + self.below(high - low + 1)

    def pick(self, choices: Sequence[_T]) -> _T:
        return choices[self.below(len(choices))]

    def flag(self) -> bool:
        return self.below(2) == 1

    def text(self) -> str:
        return str(self._next("texts"))

    def blob(self) -> bytes:
        return bytes(self._next("blobs"))

    def value(self) -> object:
        return self._next("values")


def _explore(case: Callable[[Plan], None], examples: int, seed: int) -> None:
    """Run ``case(plan)`` on ``examples`` plans; ``case`` counts, it never raises."""
    test = given(PLANS)(case)
    test = settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )(test)
    hypothesis_seed(seed)(test)()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _has_secret(text: str) -> bool:
    return any(s in text for s in SECRETS)


def _sqlite_digest(engine: sa.Engine) -> str:
    """SHA-256 of every row of every table of a SQLite database (its SQL dump)."""
    h = hashlib.sha256()
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        for line in raw.iterdump():
            h.update(line.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# -- mutations shared by the targets ----------------------------------------------------

ODD_TEXT = st.sampled_from(
    [
        "", " ", '"', '""', "'", ",", ";", "\n", "\r\n", "\x00", "\t", "\ufeff", "é", "€",
        "\udcff", "-1", "-0", "0", "1e400", "-1e400", "NaN", "Infinity", "0.0000001",
        "99999999999999999999999999999999", "2026-02-30", "0000-00-00", "9999-12-31T23:59:60Z",
        "true", "yes", "U", "D", "X", "A" * 300, "x" * 70_000, "<", "&", "]]>", "&amp;",
        "{}", "[]", "null",
    ]
)  # fmt: skip
TEXT = ODD_TEXT | st.text(max_size=40)


def _mutate_bytes(plan: Plan, raw: bytes) -> bytes:
    """Flip, cut, insert or overwrite bytes at drawn places."""
    if not raw:
        return plan.blob()
    kind = plan.pick(["flip", "truncate", "insert", "delete", "random"])
    at = plan.between(0, len(raw) - 1)
    if kind == "flip":
        flips = [plan.below(len(raw)) for _ in range(plan.between(1, 8))]
        out = bytearray(raw)
        for i in flips:
            out[i] ^= plan.between(1, 255)
        return bytes(out)
    if kind == "truncate":
        return raw[:at]
    if kind == "insert":
        return raw[:at] + plan.blob() + raw[at:]
    if kind == "delete":
        return raw[:at] + raw[at + plan.between(1, 64) :]
    return plan.blob()


_XML_MUTATIONS = (
    "typed", "typed", "typed", "value", "value", "drop", "duplicate", "extra", "rename", "bytes",
    "text",
)  # fmt: skip


def _mutate_xml(plan: Plan, raw: bytes) -> bytes:
    """A structural change to an XML document (value, element, namespace), or raw bytes."""
    kind = plan.pick(_XML_MUTATIONS)
    if kind == "bytes":
        return _mutate_bytes(plan, raw)
    if kind == "text":
        return plan.text().encode("utf-8", "surrogatepass")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError:
        return _mutate_bytes(plan, raw)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    if kind == "typed":
        valued = [e for e in elements if len(e) == 0 and e.text]
        if valued:
            target = plan.pick(valued)
            target.text = plan.pick(_EDGES[_kind_of(target.text or "")])
            return etree.tostring(root, xml_declaration=True, encoding="utf-8")
    target = plan.pick(elements)
    parent = target.getparent()
    if kind in ("value", "typed") or parent is None:
        value = plan.text()
        target.text = _xml_safe(value)
    elif kind == "drop":
        parent.remove(target)
    elif kind == "duplicate":
        for _ in range(plan.between(1, 3)):
            parent.append(etree.fromstring(etree.tostring(target)))
    elif kind == "extra":
        etree.SubElement(target, f"{{{plan.pick([NAMESPACE, 'urn:x'])}}}extra")
    else:
        target.tag = f"{{{plan.pick([NAMESPACE, 'urn:x', SOAP_ENV])}}}renamed"
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


# Values of the right type at its edges: they pass the schema and reach the handlers.
_EDGES: dict[str, tuple[str, ...]] = {
    "int": (
        "0", "-1", "2147483647", "2147483648", "9223372036854775807", "-9223372036854775808",
        "99999999999999999999", "+7", "007",
    ),
    "decimal": (
        "0", "-0.00", "0.001", "0.0000000001", "99999999999999.99", "-99999999999999999999.99",
        ".5", "5.", "+1.00", "1000000000000000000000000000000",
    ),
    "date": (
        "0001-01-01", "9999-12-31", "2024-02-29", "2026-11-21Z", "2026-11-21+14:00",
        "2026-11-21-14:00",
    ),
    "datetime": (
        "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:59:59.999999Z", "2026-11-21T09:00:00.123456789Z", "2026-11-21T24:00:00Z",
        "2026-11-21T09:00:00", "2026-11-21T09:00:00+00:00",
    ),
    "bool": ("1", "0", "true", "false"),
    "text": ("", " ", "x" * 4000, "é€𝄞", "\u200b", "0", "T01 ", "-", "*", "%", "'; --"),
}  # fmt: skip


def _kind_of(text: str) -> str:
    if re.fullmatch(r"-?[0-9]+", text):
        return "int"
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        return "decimal"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return "date"
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T.*", text):
        return "datetime"
    if text in ("true", "false"):
        return "bool"
    return "text"


_XML_UNSAFE = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    return _XML_UNSAFE.sub("?", text)


@contextlib.contextmanager
def debug_log(path: Path) -> Iterator[None]:
    """Every record of every logger, DEBUG and up, into ``path`` while the block runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
) | st.sampled_from([0, -1, 1, 2, 3, 2**63, "full", "incremental", "2026-13-01T00:00:00Z"])


PLANS = st.builds(
    Plan,
    st.lists(st.integers(0, 2**31 - 1), min_size=48, max_size=48),
    st.lists(TEXT, min_size=8, max_size=8),
    st.lists(st.binary(max_size=64), min_size=8, max_size=8),
    st.lists(JSON_VALUES, min_size=4, max_size=4),
)
