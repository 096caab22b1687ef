"""Bad input, fuzzed: exports, configs, SOAP requests and replies, device frames, XML attacks.

Each target draws its cases with hypothesis (called directly, outside pytest) and feeds
them to the real product: the till's loader, its config reader and writers, a live
gateway over HTTP, the till's SOAP client against a server answering garbage, and the
device drivers over a scripted serial port. Every case is checked for the three
promises of bad input, and each violation is counted, never raised:

* no crash: only tillsync's own errors come out (no other exception, no HTTP 500, no
  dropped connection, no hang);
* no partial apply: after a refusal, what was stored is byte for byte what it was;
* a clear error: our error type, naming the file, key, field, operation or device.

``run`` returns one set of figures per target (``fuzz.<target>.cases`` and the three
counts) and ``fuzz.xml_attacks_accepted``; the atheris runs (long runs only) add theirs.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.client
import http.server
import json
import logging
import re
import shutil
import socket
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from lxml import etree

from connectors.errors import (
    BadInput,
    ConfigError,
    ExportError,
    SaleError,
    ServerFault,
    ServerUnavailable,
    TillsyncError,
)
from connectors.soap import NAMESPACE, SOAP_ENV
from fault_harness.credentials import HUB_SECRET, SECRETS, WSSE_PASSWORD, WSSE_USER
from fault_harness.report import Figure
from fault_harness.servers import FTP_PASSWORD, LOCALHOST

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


# -- 1. exports -------------------------------------------------------------------------


class _ExportLab:
    """A till on SQLite with a small catalog, and pristine exports to damage copies of."""

    def __init__(self, folder: Path) -> None:
        from erp_gateway.sample import write_sample_export
        from standalone_till.config import load_config, write_default_config
        from standalone_till.service import Till

        self.folder = folder
        self.pristine = folder / "pristine"
        write_sample_export(self.pristine, items=30, changes=1, seed=11)
        config = folder / "till" / "till.toml"
        config.parent.mkdir(parents=True)
        write_default_config(config, StoreId, TillId)
        self.till = Till(load_config(config))
        self.till.init()
        self.full_manifest = self.pristine / "00000001-full.manifest.json"
        self.reset()

    def reset(self) -> None:
        """The catalog at full export 1, as published."""
        self.till.load_data(self.full_manifest)

    def digest(self) -> str:
        return _sqlite_digest(self.till.db.catalog)

    def case_folder(self, kind: str) -> Path:
        """A fresh folder holding the full export, plus increment 2 for "incremental"."""
        out = self.folder / "case"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        for path in self.pristine.iterdir():
            if path.name.startswith("00000001-") or kind == "incremental":
                shutil.copy2(path, out / path.name)
        return out

    def close(self) -> None:
        self.till.close()


def _mutate_csv(plan: Plan, text: str) -> str:
    lines = text.splitlines(keepends=True)
    kind = plan.pick(
        [
            "field",
            "field",
            "typed",
            "typed",
            "drop_line",
            "dup_line",
            "swap",
            "header",
            "raw",
            "width",
        ]
    )
    row = plan.below(len(lines))
    if not lines:
        return plan.text()
    if kind in ("field", "typed"):
        cells = lines[row].rstrip("\r\n").split(",")
        at = plan.below(len(cells))
        cells[at] = plan.pick(_EDGES[_kind_of(cells[at])]) if kind == "typed" else plan.text()
        lines[row] = ",".join(cells) + "\r\n"
    elif kind == "drop_line":
        del lines[row]
    elif kind == "dup_line":
        lines.insert(row, lines[row])
    elif kind == "swap" and len(lines) > 1:
        other = plan.between(0, len(lines) - 1)
        lines[row], lines[other] = lines[other], lines[row]
    elif kind == "header":
        lines[0] = plan.pick(["", "code\r\n", lines[0].upper(), "a,b,c\r\n"])
    elif kind == "width":
        cells = lines[row].rstrip("\r\n").split(",")
        cells = cells[:-1] if plan.flag() else [*cells, plan.text()]
        lines[row] = ",".join(cells) + "\r\n"
    else:
        at = plan.between(0, len(lines))
        lines.insert(at, plan.text())
    return "".join(lines)


def _mutate_data_file(plan: Plan, path: Path, manifest: Path) -> str:
    """Damage one gzip CSV file; sometimes make the manifest agree with the damage."""
    raw = path.read_bytes()
    kind = plan.pick(["csv", "csv", "csv", "gzip_bytes", "encoding"])
    if kind == "gzip_bytes":
        path.write_bytes(_mutate_bytes(plan, raw))
        return f"{path.name}: compressed bytes"
    text = gzip.decompress(raw).decode("utf-8")
    if kind == "encoding":
        codec = plan.pick(["latin-1", "utf-16", "utf-8-sig", "cp1250"])
        body = _mutate_csv(plan, text).encode(codec, "replace")
    else:
        codec = "utf-8"
        body = _mutate_csv(plan, text).encode("utf-8", "surrogatepass")
    path.write_bytes(gzip.compress(body, mtime=0))
    if plan.flag():  # the manifest agrees: the rows themselves are read
        doc = json.loads(manifest.read_bytes())
        for entry in doc["files"]:
            if entry["name"] == path.name:
                entry["size"] = path.stat().st_size
                entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
                if plan.flag():
                    entry["rows"] = max(body.count(b"\n") - 1, 0)
        manifest.write_text(json.dumps(doc))
    return f"{path.name}: {kind} ({codec})"


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


def _mutate_manifest(plan: Plan, manifest: Path) -> str:
    raw = manifest.read_bytes()
    if plan.between(0, 4) == 0:
        manifest.write_bytes(_mutate_bytes(plan, raw))
        return f"{manifest.name}: bytes"
    doc = json.loads(raw)
    holder: dict[str, Any] = doc
    if plan.flag() and doc["files"]:
        holder = plan.pick(doc["files"])
    key = plan.pick(sorted(holder)) if plan.below(4) else plan.text()
    action = plan.pick(["set", "set", "drop"])
    if action == "drop":
        holder.pop(key, None)
    else:
        holder[key] = plan.value()
    manifest.write_text(json.dumps(doc, default=str))
    return f"{manifest.name}: {action} {key!r}"


def _clear_export_error(exc: BaseException) -> bool:
    return isinstance(exc, ExportError) and bool(exc.file) and len(str(exc)) > len(exc.file) + 4


def fuzz_exports(lab: _ExportLab, tally: Tally, examples: int, seed: int) -> None:
    state = {"dirty": False}

    def case(plan: Plan) -> None:
        kind = plan.pick(["full", "incremental"])
        if kind == "incremental" and state["dirty"]:
            lab.reset()
            state["dirty"] = False
        folder = lab.case_folder(kind)
        sequence = 1 if kind == "full" else 2
        manifest = folder / f"{sequence:08d}-{kind}.manifest.json"
        files = sorted(p for p in folder.iterdir() if p.name.startswith(f"{sequence:08d}-"))
        target = plan.pick(files)
        if target == manifest:
            what = _mutate_manifest(plan, manifest)
        else:
            what = _mutate_data_file(plan, target, manifest)
        before = lab.digest()
        tally.cases += 1
        started = time.monotonic()
        try:
            if kind == "full":
                lab.till.load_data(manifest)
            else:
                lab.till.load_changes(folder)
        except TillsyncError as exc:
            tally.refused += 1
            if lab.digest() != before:
                tally.violation("partial_applies", f"{what}: {_describe(exc)}")
            if not _clear_export_error(exc):
                tally.violation("unclear_errors", f"{what}: {_describe(exc)}")
        except Exception as exc:
            tally.violation("crashes", f"{what}: {_describe(exc)}")
            if lab.digest() != before:
                tally.violation("partial_applies", f"{what}: {_describe(exc)}")
        else:
            state["dirty"] = True
        if time.monotonic() - started > _HANG_S:
            tally.violation("crashes", f"{what}: took {time.monotonic() - started:.1f} s")

    _explore(case, examples, seed)


# -- 2. configs -------------------------------------------------------------------------


def _till_config_text(folder: Path) -> str:
    from standalone_till.config import set_key, write_default_config

    path = folder / "base-till.toml"
    write_default_config(path, StoreId, TillId)
    for key, value in (
        ("webservice.url", "https://gateway.example:8443/soap"),
        ("webservice.user", WSSE_USER),
        ("webservice.password", WSSE_PASSWORD),
        ("webservice.wsse", "true"),
        ("ftp.host", "ftp.example"),
        ("ftp.password", FTP_PASSWORD),
        ("local_server.secret", HUB_SECRET),
    ):
        set_key(path, key, value)
    return path.read_text(encoding="utf-8")


GATEWAY_CONFIG = f"""\
[service]
host = "127.0.0.1"
port = 8080
threads = 8
max_request_bytes = 10485760
ping_enabled = true

[database]
url = ""

[security.wsse_users]
"{WSSE_USER}" = "{WSSE_PASSWORD}"

[till_config]
webservice_user = "{WSSE_USER}"
ftp_protocol = "ftp"
ftp_host = "127.0.0.1"
ftp_port = 2121
ftp_user = "till"
ftp_password = "{FTP_PASSWORD}"
"""

TOML_LITERALS = (
        "0", "-1", "65536", "1e999", "nan", "inf", "-inf", "true", "false", '""', '"x"',
        "[]", "[1, 2]", "{}", '{ a = 1 }', "1979-05-27", "1979-05-27T07:32:00Z", "07:32:00",
        '"' + "x" * 5000 + '"', "'''\nmulti\n'''", '"\\u0000"', '"\\uD800"', "0x7fffffff",
        "99999999999999999999", "", "=", '"unterminated',
)  # fmt: skip


def _mutate_toml(plan: Plan, text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    kind = plan.pick(
        ["value", "value", "value", "key", "drop", "dup", "insert", "section", "bytes", "enc"]
    )
    row = plan.between(0, len(lines) - 1)
    if kind == "value":
        assigned = [i for i, line in enumerate(lines) if "=" in line and not line.startswith("#")]
        row = plan.pick(assigned)
        key = lines[row].split("=", 1)[0]
        literal = plan.pick(TOML_LITERALS) if plan.flag() else json.dumps(plan.text())
        lines[row] = f"{key}= {literal}\n"
    elif kind == "key":
        name = plan.pick(["x", "extra_key", "url", "password"]) if plan.flag() else plan.text()
        lines[row] = f"{name} = 1\n"
    elif kind == "drop":
        del lines[row]
    elif kind == "dup":
        lines.insert(row, lines[row])
    elif kind == "insert":
        lines.insert(row, plan.text() + "\n")
    elif kind == "section":
        header = plan.pick(["[ftp", "[[ftp]]", "[webservice.extra]", "[]", "[till]", "[x]"])
        lines.insert(row, header + "\n")
    raw = "".join(lines)
    if kind == "bytes":
        return _mutate_bytes(plan, raw.encode("utf-8"))
    if kind == "enc":
        return raw.encode(plan.pick(["utf-16", "latin-1", "utf-32"]), "replace")
    return raw.encode("utf-8", "surrogatepass")


def _config_keys() -> list[str]:
    from dataclasses import fields

    from standalone_till.config import SECTIONS

    return [f"{name}.{f.name}" for name, cls in SECTIONS.items() for f in fields(cls)]


_NAMES_WHAT = re.compile(
    r"[a-z_]+\.\S+|section \[|line \d+|byte \d+|TOML|UTF-8|not found|cannot read"
)


def _config_error_is_clear(exc: BaseException, label: str) -> bool:
    if not isinstance(exc, ConfigError) or _has_secret(str(exc)):
        return False
    if exc.path != label:
        return False
    return bool(exc.key) or _NAMES_WHAT.search(str(exc).replace(label, "")) is not None


def fuzz_configs(folder: Path, tally: Tally, examples: int, seed: int) -> None:
    from erp_gateway.config import load_gateway_config
    from standalone_till.config import import_config, load_config, set_key

    folder.mkdir(parents=True, exist_ok=True)
    till_text = _till_config_text(folder)
    keys = _config_keys()
    case_path = folder / "case.toml"

    def check_refusal(what: str, exc: BaseException, label: str, kept: bool) -> None:
        tally.refused += 1
        if not kept:
            tally.violation("partial_applies", f"{what}: {_describe(exc)}")
        if not _config_error_is_clear(exc, label):
            tally.violation("unclear_errors", f"{what}: {_describe(exc)}")

    def case(plan: Plan) -> None:
        mode = plan.pick(["till", "till", "gateway", "set_key", "import"])
        tally.cases += 1
        case_path.unlink(missing_ok=True)
        before = b""
        try:
            if mode == "set_key":
                case_path.write_text(till_text, encoding="utf-8")
                before = case_path.read_bytes()
                key = plan.pick(keys) if plan.below(5) else plan.text()
                what = f"set_key {key!r}"
                set_key(case_path, key, plan.text())
            elif mode == "import":
                case_path.write_text(till_text, encoding="utf-8")
                before = case_path.read_bytes()
                what = "import_config"
                import_config(_mutate_toml(plan, till_text), case_path)
            else:
                base = till_text if mode == "till" else GATEWAY_CONFIG
                case_path.write_bytes(_mutate_toml(plan, base))
                what = f"load {mode}"
                if mode == "till":
                    load_config(case_path)
                else:
                    load_gateway_config(case_path)
        except ConfigError as exc:
            kept = mode not in ("set_key", "import") or case_path.read_bytes() == before
            label = str(case_path) if mode != "import" else (exc.path or "")
            check_refusal(what, exc, label or "?", kept)
        except TillsyncError as exc:
            tally.refused += 1
            tally.violation("unclear_errors", f"{what}: {_describe(exc)}")
        except Exception as exc:
            tally.violation("crashes", f"{what}: {_describe(exc)}")

    _explore(case, examples, seed)


# -- 3 and 4. SOAP: a live gateway, and the till's client ------------------------------


def wsse_header(user: str = WSSE_USER, password: str = WSSE_PASSWORD) -> str:
    return (
        f'<soap:Header><wsse:Security xmlns:wsse="{WSSE_NS}"><wsse:UsernameToken>'
        f"<wsse:Username>{user}</wsse:Username><wsse:Password>{password}</wsse:Password>"
        "</wsse:UsernameToken></wsse:Security></soap:Header>"
    )


def request(operation: str, inner: str, *, header: str | None = None) -> bytes:
    """A SOAP 1.1 request of the contract, with the harness's WS-Security token."""
    head = wsse_header() if header is None else header
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP_ENV}" '
        f'xmlns:t="{NAMESPACE}">{head}<soap:Body><t:{operation}>{inner}</t:{operation}>'
        "</soap:Body></soap:Envelope>"
    ).encode()


@dataclass
class HttpReply:
    status: int
    body: bytes


def post(url: str, body: bytes, timeout: float = 30) -> HttpReply:
    """A raw POST; a dropped connection raises ``OSError`` or ``http.client`` errors."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request("POST", parts.path, body=body, headers={"Content-Type": "text/xml"})
        response = conn.getresponse()
        return HttpReply(response.status, response.read())
    finally:
        conn.close()


class SoapLab:
    """A gateway on SQLite (WS-Security on) and a till with tickets to send, linked to it."""

    def __init__(self, folder: Path) -> None:
        from erp_gateway.config import config_from_mapping
        from erp_gateway.db import GatewayDatabase
        from erp_gateway.sample import write_sample_export
        from erp_gateway.server import GatewayServer
        from standalone_till.config import load_config, set_key, write_default_config
        from standalone_till.service import Till

        self.folder = folder
        gateway_folder = folder / "gateway"
        gateway_folder.mkdir(parents=True)
        cfg = config_from_mapping(
            {"security": {"wsse_users": {WSSE_USER: WSSE_PASSWORD}, "erp_users": [WSSE_USER]}},
            folder=gateway_folder,
            source=str(gateway_folder / "gateway.toml"),
        )
        db = GatewayDatabase.from_config(cfg)
        try:
            db.migrate()
        finally:
            db.dispose()
        self.gateway = GatewayServer(cfg).start(host=LOCALHOST, port=0)
        exports = folder / "exports"
        write_sample_export(exports, items=30, seed=5)
        config = folder / "till" / "till.toml"
        config.parent.mkdir(parents=True)
        write_default_config(config, StoreId, TillId)
        for key, value in (
            ("webservice.url", self.gateway.url),
            ("webservice.user", WSSE_USER),
            ("webservice.password", WSSE_PASSWORD),
            ("webservice.wsse", "true"),
            ("webservice.lookup_timeout", "2"),
            ("webservice.ping_timeout", "2"),
        ):
            set_key(config, key, value)
        self.till = Till(load_config(config))
        self.till.init()
        self.till.load_data(exports / "00000001-full.manifest.json")
        self.barcodes = self._sellable_codes(exports)
        self.sell(3)

    @staticmethod
    def _sellable_codes(exports: Path) -> list[str]:
        from ftp_import.reader import iter_rows, read_manifest

        manifest = read_manifest(exports / "00000001-full.manifest.json")
        entry = manifest.file_for("barcodes")
        assert entry is not None
        rows = iter_rows(exports / entry.name, entry, "full")
        return [row[0] for row in rows if len(row[0]) == 13][:20]

    def sell(self, n: int) -> None:
        from standalone_till.model import PaymentMethod

        sold = 0
        for code in self.barcodes * 2:
            if sold >= n:
                return
            sale = self.till.new_sale()
            try:
                sale.scan(code, Decimal("1"))
                sale.pay(PaymentMethod.CASH)
                sale.close()
                sold += 1
            except BadInput:
                sale.cancel()

    def gateway_digest(self) -> str:
        return _sqlite_digest(self.gateway.db.engine)

    def journal_state(self) -> tuple[tuple[Any, ...], ...]:
        """Outbox states and the tickets' sync marks: what a reply may change."""
        from standalone_till import schema as T

        with self.till.db.read(self.till.db.journal) as conn:
            outbox = conn.execute(
                sa.select(T.outbox.c.ticket_id, T.outbox.c.state).order_by(T.outbox.c.ticket_id)
            ).all()
            tickets = conn.execute(
                sa.select(T.tickets.c.id, T.tickets.c.synced_at, T.tickets.c.sync_result).order_by(
                    T.tickets.c.id
                )
            ).all()
        return tuple(tuple(r) for r in outbox) + tuple(tuple(r) for r in tickets)

    def send_tickets_body(self) -> bytes:
        """The SendTickets request the till would send now, with a WS-Security header."""
        from connectors.soap.client import ErpClient
        from standalone_till.sync.outbox import Outbox, prepare

        batch = Outbox(self.till.db).next_batch(3)
        with ErpClient(self.gateway.url) as client:
            prepared = prepare(batch, TillId, client)
        assert prepared.body is not None
        body = prepared.body.decode("utf-8")
        head = wsse_header().replace("soap:", "soap-env:")
        start = body.index(">", body.index("soap-env:Envelope")) + 1
        return (body[:start] + head + body[start:]).encode("utf-8")

    def close(self) -> None:
        self.till.close()
        self.gateway.stop()


def gateway_requests(lab: SoapLab) -> list[bytes]:
    """Valid requests for every operation the gateway serves."""
    return [
        request("Ping", f"<t:tillId>{TillId}</t:tillId>"),
        lab.send_tickets_body(),
        request("GetMessages", f"<t:tillId>{TillId}</t:tillId><t:event>day_open</t:event>"),
        request(
            "AckMessages",
            f"<t:tillId>{TillId}</t:tillId><t:messageIds><t:id>1</t:id><t:id>2</t:id>"
            "</t:messageIds>",
        ),
        request(
            "GetCustomerOffers",
            f"<t:tillId>{TillId}</t:tillId><t:customerCode>C000001</t:customerCode>"
            "<t:cardNumber>9000000000017</t:cardNumber>",
        ),
        request("GetTillConfig", f"<t:tillId>{TillId}</t:tillId>"),
        request(
            "PushNotification",
            "<t:target>all</t:target><t:text>Fuzzed notice</t:text>"
            "<t:validUntil>2030-01-01T00:00:00Z</t:validUntil>",
        ),
    ]


_FAULT_CODE = f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault/detail/{{{NAMESPACE}}}FaultDetail"


def _reply_problem(reply: HttpReply) -> tuple[str, str] | None:
    """(violation kind, why) when a gateway reply breaks the promise; None if it keeps it."""
    if reply.status >= 500:
        return "crashes", f"HTTP {reply.status}"
    try:
        root = etree.fromstring(reply.body, etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return "unclear_errors", f"HTTP {reply.status} without SOAP XML"
    fault = root.find(_FAULT_CODE)
    if reply.status == 200:
        return None if fault is None else ("unclear_errors", "a fault with HTTP 200")
    if not 400 <= reply.status < 500:
        return "unclear_errors", f"HTTP {reply.status}"
    if fault is None or not fault.findtext(f"{{{NAMESPACE}}}code"):
        return "unclear_errors", f"HTTP {reply.status} without a FaultDetail code"
    if not fault.findtext(f"{{{NAMESPACE}}}message"):
        return "unclear_errors", "a fault without a message"
    return None


def fuzz_gateway_requests(lab: SoapLab, tally: Tally, examples: int, seed: int) -> None:
    bases = gateway_requests(lab)
    for body in bases:  # each valid request is answered (200)
        reply = post(lab.gateway.url, body)
        if reply.status != 200:
            tally.violation("crashes", f"a valid request got HTTP {reply.status}")

    def case(plan: Plan) -> None:
        base = plan.pick(bases)
        body = base
        for _ in range(plan.between(1, 3)):
            body = _mutate_xml(plan, body)
        operation = re.search(rb"<t:(\w+)>|<SendTickets", base)
        what = operation.group(0).decode() if operation else "?"
        before = lab.gateway_digest()
        tally.cases += 1
        started = time.monotonic()
        try:
            reply = post(lab.gateway.url, body)
        except (OSError, http.client.HTTPException) as exc:
            tally.violation("crashes", f"{what}: connection dropped ({_describe(exc)})")
            return
        if time.monotonic() - started > _HANG_S:
            tally.violation("crashes", f"{what}: answered after {time.monotonic() - started:.1f} s")
        problem = _reply_problem(reply)
        if problem is not None:
            tally.violation(problem[0], f"{what}: {problem[1]}: {reply.body[:200]!r}")
        if reply.status != 200:
            tally.refused += 1
            if lab.gateway_digest() != before:
                tally.violation("partial_applies", f"{what}: refused with {reply.status}")

    _explore(case, examples, seed)


class ReplyServer:
    """A web service answering each POST with whatever ``reply`` says (status, type, body)."""

    def __init__(self) -> None:
        self.reply: tuple[int, str, bytes] = (200, "text/xml", b"")
        self.requests = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.requests += 1
                status, content_type, body = outer.reply
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer((LOCALHOST, 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{LOCALHOST}:{self.httpd.server_address[1]}/soap"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _response(operation: str, inner: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP_ENV}" '
        f'xmlns:t="{NAMESPACE}"><soap:Body><t:{operation}Response>{inner}'
        f"</t:{operation}Response></soap:Body></soap:Envelope>"
    ).encode()


def _fault(code: str = "InvalidRequest", message: str = "refused") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP_ENV}" '
        f'xmlns:t="{NAMESPACE}"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode>'
        f"<faultstring>{message}</faultstring><detail><t:FaultDetail><t:code>{code}</t:code>"
        f"<t:message>{message}</t:message></t:FaultDetail></detail></soap:Fault></soap:Body>"
        "</soap:Envelope>"
    ).encode()


def till_replies(ticket_ids: Sequence[str], statuses: Sequence[str]) -> dict[str, bytes]:
    """A valid answer to each operation the till calls."""
    results = "".join(
        f"<t:result><t:ticketId>{tid}</t:ticketId><t:status>{status}</t:status>"
        + (f"<t:reason>why {status}</t:reason>" if status in ("rejected", "mismatch") else "")
        + "</t:result>"
        for tid, status in zip(ticket_ids, statuses, strict=False)
    )
    return {
        "SendTickets": _response("SendTickets", f"<t:results>{results}</t:results>"),
        "Ping": _response(
            "Ping", "<t:serverTime>2026-11-21T09:00:00Z</t:serverTime><t:version>1</t:version>"
        ),
        "GetMessages": _response(
            "GetMessages",
            "<t:messages><t:message><t:id>7</t:id><t:text>Hello</t:text>"
            "<t:createdAt>2026-11-21T09:00:00Z</t:createdAt>"
            "<t:validUntil>2026-11-22T09:00:00Z</t:validUntil></t:message></t:messages>",
        ),
        "GetCustomerOffers": _response(
            "GetCustomerOffers",
            "<t:offers><t:offer><t:code>O1</t:code><t:description>Ten off</t:description>"
            "<t:scope>customer</t:scope><t:scopeRef>C000001</t:scopeRef><t:target>total</t:target>"
            "<t:kind>percent</t:kind><t:value>10.00</t:value><t:validFrom>2026-01-01</t:validFrom>"
            "</t:offer></t:offers>",
        ),
        "AckMessages": _response("AckMessages", "<t:acknowledged>1</t:acknowledged>"),
        "GetTillConfig": _response("GetTillConfig", "<t:config>[till]</t:config>"),
    }


@dataclass
class _Recorder:
    """The real client as the outbox's sender, keeping the results it returned."""

    client: Any
    results: list[Any] | None = None

    def encode_send_tickets(self, till_id: str, tickets: Sequence[Any]) -> bytes:
        return bytes(self.client.encode_send_tickets(till_id, tickets))

    def post_send_tickets(self, body: bytes) -> list[Any]:
        self.results = None
        results: list[Any] = self.client.post_send_tickets(body)
        self.results = results
        return results


def call_operation(client: Any, operation: str) -> object:
    """One call of the till's client; returns what the client returned."""
    if operation == "Ping":
        return client.ping(TillId)
    if operation == "GetMessages":
        return client.get_messages(TillId, "day_open")
    if operation == "GetCustomerOffers":
        return client.get_customer_offers(TillId, "C000001", "9000000000017")
    if operation == "AckMessages":
        return client.ack_messages(TillId, [7])
    return client.get_till_config(TillId)


def _expected_after(
    before: tuple[tuple[Any, ...], ...], sent: set[str], results: Sequence[Any]
) -> dict[str, str | None]:
    """Each sent ticket's outbox state after its results are recorded (None: gone)."""
    from standalone_till.sync.outbox import SENT, SET_ASIDE

    states = {r[0]: r[1] for r in before if len(r) == 2}
    answered: dict[str, set[str]] = {}
    for r in results:
        answered.setdefault(r.ticket_id, set()).add(r.status)
    out: dict[str, str | None] = {}
    for tid in sent:
        statuses = answered.get(tid, set())
        # A ticket answered twice: any "sent" answer stands over a setting aside.
        if statuses & set(SENT):
            out[tid] = None
        elif statuses & set(SET_ASIDE):
            out[tid] = "quarantined"
        else:
            out[tid] = states.get(tid)
    return out


def fuzz_till_replies(lab: SoapLab, tally: Tally, examples: int, seed: int) -> None:
    from connectors.soap.client import ErpClient
    from standalone_till.sync.outbox import Outbox, drain

    server = ReplyServer()
    client = ErpClient(
        server.url,
        user=WSSE_USER,
        password=WSSE_PASSWORD,
        wsse=True,
        timeout=5,
        ping_timeout=2,
        lookup_timeout=2,
    )
    recorder = _Recorder(client)
    outbox = Outbox(lab.till.db)
    operations = ["SendTickets", "SendTickets", "Ping", "GetMessages", "GetCustomerOffers"]
    operations += ["AckMessages", "GetTillConfig"]

    def case(plan: Plan) -> None:
        if outbox.pending_count() < 2:
            lab.sell(3)
        operation = plan.pick(operations)
        pending = [t.ticket_id for t in outbox.next_batch(50)]
        statuses = [plan.pick(["accepted", "duplicate", "mismatch", "rejected"]) for _ in pending]
        body = till_replies(pending, statuses)[operation]
        if plan.between(0, 5) == 0:
            body = _fault(plan.pick(["InvalidRequest", "Internal", ""]))
        for _ in range(plan.between(0, 3)):
            body = _mutate_xml(plan, body)
        status = plan.pick([200, 200, 200, 400, 401, 404, 500, 502])
        kind = plan.pick(["text/xml; charset=utf-8", "text/html", "", "x/y"])
        server.reply = (status, kind, body)
        before = lab.journal_state()
        tally.cases += 1
        started = time.monotonic()
        what = f"{operation} HTTP {status} {kind or 'no type'}"
        try:
            if operation == "SendTickets":
                recorder.results = None
                report = drain(outbox, recorder, TillId, 50)
                error = report.error
            else:
                call_operation(client, operation)
                error = None
        except (ServerUnavailable, ServerFault) as exc:
            error = exc
        except Exception as exc:
            tally.violation("crashes", f"{what}: {_describe(exc)}")
            error = exc
        if time.monotonic() - started > _HANG_S:
            tally.violation("crashes", f"{what}: took {time.monotonic() - started:.1f} s")
        after = lab.journal_state()
        if error is not None:
            tally.refused += 1
            if after != before:
                tally.violation("partial_applies", f"{what}: {_describe(error)}")
            if isinstance(error, TillsyncError) and operation not in str(error):
                tally.violation("unclear_errors", f"{what}: {_describe(error)}")
        elif operation == "SendTickets" and recorder.results is not None:
            expected = _expected_after(before, set(pending), recorder.results)
            now = {r[0]: r[1] for r in after if len(r) == 2}
            wrong = [tid for tid, state in expected.items() if now.get(tid) != state]
            if wrong:
                shown = [(t, expected[t], now.get(t)) for t in wrong[:3]]
                answers = [(r.ticket_id, r.status) for r in recorder.results][:6]
                tally.violation(
                    "partial_applies", f"{what}: outbox {shown} not as answered {answers}"
                )

    try:
        _explore(case, examples, seed)
    finally:
        client.close()
        server.close()


# -- 5. device frames -------------------------------------------------------------------


class ScriptedPort:
    """A serial port whose device answers each write (or each flush, for a streaming
    scale) with the next chunk of a script; silent once the script is used up."""

    def __init__(self, script: Sequence[bytes], *, streaming: bool) -> None:
        self.script = list(script)
        self.streaming = streaming
        self.rx = bytearray()
        self.is_open = False
        self.baudrate = self.bytesize = self.stopbits = 0
        self.parity = "N"
        self.timeout = self.write_timeout = 0.0

    def open(self) -> None:
        self.is_open = True

    def close(self) -> None:
        self.is_open = False

    def _next(self) -> None:
        if self.script:
            self.rx += self.script.pop(0)

    def write(self, data: bytes) -> int:
        if not self.streaming:
            self._next()
        return len(data)

    def reset_input_buffer(self) -> None:
        self.rx.clear()
        if self.streaming:
            self._next()

    @property
    def in_waiting(self) -> int:
        return len(self.rx)

    def read(self, size: int = 1) -> bytes:
        chunk = bytes(self.rx[:size])
        del self.rx[:size]
        if not chunk and self.streaming:
            self._next()
        return chunk


def _device_scripts() -> dict[str, list[bytes]]:
    from standalone_till.devices import cas, mettler8217
    from standalone_till.devices import thermal_codec as codec

    ok = codec.ESC_P + b"0#Z" + codec.ESC_BACKSLASH
    rates = "/".join(["1#X1;0;0;0;0;0;0;26;11;21", "23.00", "8.00", "5.00", "0.00", "100.00"])
    table = (
        codec.ESC_P + (rates + "/101.00/101.00/0/0.00/ABC12345678").encode() + codec.ESC_BACKSLASH
    )
    return {
        "mettler8217": [mettler8217.weight_reply(Decimal("1.234"))] * 2,
        "mettler8217-status": [mettler8217.status_reply(mettler8217.MOTION)] * 2,
        "cas": [cas.frame_of(Decimal("0.500"))] * 4,
        "thermal-status": [b"\x74", b"\x6c"] * 2,
        "thermal-vat": [ok, table + ok],
        "thermal-open": [ok, ok, ok, ok],
        "escpos-status": [b"\x12"] * 6,
        "card": [b"%B9000000000017^MARTIN/ANNE^2912?;9000000000017=2912?"],
    }


def _device_call(kind: str, script: list[bytes]) -> object:
    from connectors.serial import SerialLink, SerialSettings
    from standalone_till.devices import cards
    from standalone_till.devices.cas import CasScale
    from standalone_till.devices.escpos import EscPosPrinter
    from standalone_till.devices.mettler8217 import Mettler8217Scale
    from standalone_till.devices.thermal import ThermalPrinter

    if kind == "card":
        return cards.parse_card_input(b"".join(script).decode("latin-1"))
    port = ScriptedPort(script, streaming=kind == "cas")
    settings_ = SerialSettings("fuzz", 9600, "8N1", timeout=0.02)
    link = SerialLink(kind, settings_, opener=lambda *a, **k: port)
    try:
        if kind.startswith("mettler") or kind == "cas":
            scale = (CasScale if kind == "cas" else Mettler8217Scale)(
                link, stable_timeout=0.2, poll_interval=0.01
            )
            return scale.read_stable_weight()
        if kind.startswith("escpos"):
            return EscPosPrinter(link, letters={Decimal("23"): "A"}).status()
        printer = ThermalPrinter(link, till_code="T01")
        if kind == "thermal-status":
            return printer.status()
        if kind == "thermal-vat":
            return printer.vat_letters()
        printer.open_receipt()
        return None
    finally:
        link.close()


def _mutate_frames(plan: Plan, script: list[bytes]) -> list[bytes]:
    out = list(script)
    for _ in range(plan.between(1, 3)):
        kind = plan.pick(["mutate", "mutate", "random", "drop", "split", "noise"])
        i = plan.between(0, len(out) - 1) if out else 0
        if not out or kind == "random":
            out.insert(i, plan.blob())
        elif kind == "mutate":
            out[i] = _mutate_bytes(plan, out[i])
        elif kind == "drop":
            del out[i]
        elif kind == "split":
            cut = plan.between(0, len(out[i]))
            out[i : i + 1] = [out[i][:cut], out[i][cut:]]
        else:
            out[i] = plan.blob() + out[i] + plan.blob()
    return out


def _clear_device_error(exc: BaseException, kind: str) -> bool:
    if kind == "card":
        return isinstance(exc, SaleError) and "card" in str(exc)
    return isinstance(exc, TillsyncError) and kind in str(exc) + str(getattr(exc, "device", ""))


def fuzz_devices(tally: Tally, examples: int, seed: int) -> None:
    scripts = _device_scripts()
    for kind, script in scripts.items():  # the valid script is read without an error
        try:
            _device_call(kind, list(script))
        except Exception as exc:
            if not (kind == "mettler8217-status" and isinstance(exc, TillsyncError)):
                tally.violation("crashes", f"{kind}: a valid answer failed: {_describe(exc)}")

    def case(plan: Plan) -> None:
        kind = plan.pick(sorted(scripts))
        script = _mutate_frames(plan, scripts[kind])
        tally.cases += 1
        started = time.monotonic()
        try:
            _device_call(kind, script)
        except TillsyncError as exc:
            tally.refused += 1
            if not _clear_device_error(exc, kind):
                tally.violation("unclear_errors", f"{kind} {script!r}: {_describe(exc)}")
        except Exception as exc:
            tally.violation("crashes", f"{kind} {script!r}: {_describe(exc)}")
        if time.monotonic() - started > _HANG_S:
            tally.violation("crashes", f"{kind}: hung {time.monotonic() - started:.1f} s")

    _explore(case, examples, seed)


# -- 6. XML attacks -----------------------------------------------------------------------


class _Listener:
    """Counts connections to a loopback port (an external entity or DTD fetched)."""

    def __init__(self) -> None:
        self.sock = socket.create_server((LOCALHOST, 0))
        self.sock.settimeout(0.05)
        self.port = int(self.sock.getsockname()[1])
        self.hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def xml_attacks(
    marker_file: Path, listener_port: int, operation: str, body: str
) -> dict[str, bytes]:
    """Documents a parser must refuse: bombs, external entities and DTDs around ``body``
    (the inside of ``soap:Body``); ``&e;`` in the body is where the entity lands."""
    file_url = marker_file.as_uri()
    http_url = f"http://{LOCALHOST}:{listener_port}/x"
    laughs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    blob = "A" * 50_000
    envelope = (
        f'<soap:Envelope xmlns:soap="{SOAP_ENV}" xmlns:t="{NAMESPACE}">{{head}}'
        f"<soap:Body>{body}</soap:Body></soap:Envelope>"
    )

    def doc(dtd: str, entity: str, head: str = "") -> bytes:
        text = envelope.replace("{head}", head).replace("&e;", entity)
        return f'<?xml version="1.0"?>\n{dtd}\n{text}'.encode()

    head = wsse_header()
    attacks = {
        "billion_laughs": doc(f"<!DOCTYPE soap:Envelope [{laughs}]>", "&lol9;", head),
        "quadratic_blowup": doc(
            f'<!DOCTYPE soap:Envelope [<!ENTITY a "{blob}">]>', "&a;" * 2000, head
        ),
        "xxe_file": doc(f'<!DOCTYPE soap:Envelope [<!ENTITY x SYSTEM "{file_url}">]>', "&x;", head),
        "xxe_http": doc(f'<!DOCTYPE soap:Envelope [<!ENTITY x SYSTEM "{http_url}">]>', "&x;", head),
        "parameter_entity": doc(
            f'<!DOCTYPE soap:Envelope [<!ENTITY % p SYSTEM "{http_url}"> %p;]>', "x", head
        ),
        "external_dtd": doc(f'<!DOCTYPE soap:Envelope SYSTEM "{http_url}">', "x", head),
        "plain_dtd": doc("<!DOCTYPE soap:Envelope>", "x", head),
        "internal_entity": doc('<!DOCTYPE soap:Envelope [<!ENTITY e "x">]>', "&e;", head),
    }
    attacks["utf16_dtd"] = (
        attacks["xxe_file"]
        .decode()
        .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    ).encode("utf-16")
    attacks["xinclude"] = doc(
        "",
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{file_url}" parse="text"/>',
        head,
    )
    return attacks


_ATTACK_REQUESTS = {
    "Ping": "<t:Ping><t:tillId>&e;</t:tillId></t:Ping>",
    "GetMessages": f"<t:GetMessages><t:tillId>{TillId}</t:tillId><t:event>&e;</t:event></t:GetMessages>",
}
_ATTACK_REPLIES = {
    "Ping": "<t:PingResponse><t:serverTime>2026-11-21T09:00:00Z</t:serverTime>"
    "<t:version>&e;</t:version></t:PingResponse>",
    "GetMessages": "<t:GetMessagesResponse><t:messages><t:message><t:id>1</t:id><t:text>&e;</t:text>"
    "<t:createdAt>2026-11-21T09:00:00Z</t:createdAt></t:message></t:messages></t:GetMessagesResponse>",
    "GetCustomerOffers": "<t:GetCustomerOffersResponse><t:offers><t:offer><t:code>O1</t:code>"
    "<t:description>&e;</t:description><t:scope>all</t:scope><t:target>total</t:target>"
    "<t:kind>percent</t:kind><t:value>1.00</t:value></t:offer></t:offers></t:GetCustomerOffersResponse>",
    "GetTillConfig": "<t:GetTillConfigResponse><t:config>&e;</t:config></t:GetTillConfigResponse>",
}


@dataclass
class AttackOutcome:
    name: str
    side: str
    accepted: bool
    why: str


def xml_attack_outcomes(lab: SoapLab, folder: Path) -> list[AttackOutcome]:
    """Every attack against the gateway (as a request) and the till (as a reply)."""
    from connectors.soap.client import ErpClient
    from standalone_till.sync.outbox import Outbox, drain

    marker = f"xxe-marker-{time.time_ns()}"
    marker_file = folder / "xxe-secret.txt"
    marker_file.parent.mkdir(parents=True, exist_ok=True)
    marker_file.write_text(marker)
    listener = _Listener()
    server = ReplyServer()
    out: list[AttackOutcome] = []
    try:
        for operation, inner in _ATTACK_REQUESTS.items():
            for name, body in xml_attacks(marker_file, listener.port, operation, inner).items():
                out.append(_attack_gateway(lab, name, operation, body, marker, listener))
        with ErpClient(server.url, timeout=5, ping_timeout=2, lookup_timeout=2) as client:
            for operation, inner in {**_ATTACK_REPLIES, "SendTickets": ""}.items():
                if operation == "SendTickets":
                    pending = [t.ticket_id for t in Outbox(lab.till.db).next_batch(50)]
                    if not pending:
                        lab.sell(2)
                        pending = [t.ticket_id for t in Outbox(lab.till.db).next_batch(50)]
                    inner = (
                        "<t:SendTicketsResponse><t:results>"
                        + "".join(
                            f"<t:result><t:ticketId>{tid}</t:ticketId><t:status>accepted</t:status>"
                            "<t:reason>&e;</t:reason></t:result>"
                            for tid in pending
                        )
                        + "</t:results></t:SendTicketsResponse>"
                    )
                attacks = xml_attacks(marker_file, listener.port, operation, inner)
                for name, body in attacks.items():
                    body = body.replace(wsse_header().encode(), b"")
                    server.reply = (200, "text/xml; charset=utf-8", body)
                    before = lab.journal_state()
                    hits = listener.hits
                    started = time.monotonic()
                    try:
                        if operation == "SendTickets":
                            report = drain(Outbox(lab.till.db), _Recorder(client), TillId, 50)
                            result: object = report.error
                            accepted = report.error is None
                        else:
                            result = call_operation(client, operation)
                            accepted = True
                    except (ServerUnavailable, ServerFault) as exc:
                        result, accepted = exc, False
                    except Exception as exc:  # a crash is not an acceptance, but it is shown
                        result, accepted = exc, True
                    seconds = time.monotonic() - started
                    leaked = marker in repr(result) or listener.hits > hits
                    changed = lab.journal_state() != before
                    why = f"{type(result).__name__}, {seconds:.2f} s"
                    # XInclude is never processed: the element is plain data to the client.
                    refusable = name != "xinclude"
                    bad = leaked or seconds > _HANG_S
                    if refusable:
                        bad = bad or accepted or changed
                    out.append(AttackOutcome(name, f"till {operation}", bad, why))
    finally:
        server.close()
        listener.close()
    return out


def _attack_gateway(
    lab: SoapLab, name: str, operation: str, body: bytes, marker: str, listener: _Listener
) -> AttackOutcome:
    before = lab.gateway_digest()
    hits = listener.hits
    started = time.monotonic()
    try:
        reply = post(lab.gateway.url, body)
    except (OSError, http.client.HTTPException) as exc:
        return AttackOutcome(name, f"gateway {operation}", True, f"connection dropped: {exc}")
    seconds = time.monotonic() - started
    accepted = (
        reply.status == 200 or reply.status >= 500
        or marker.encode() in reply.body
        or listener.hits > hits
        or lab.gateway_digest() != before
        or seconds > _HANG_S
    )  # fmt: skip
    code = re.search(rb"<tns:code>(\w+)</tns:code>", reply.body)
    why = f"HTTP {reply.status} {code.group(1).decode() if code else ''}, {seconds:.2f} s"
    return AttackOutcome(name, f"gateway {operation}", accepted, why)


# -- the run ------------------------------------------------------------------------------


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


# Cases of each target: (quick run, long run).
_BUDGETS = {
    "exports": (40, 600),
    "config": (60, 1500),
    "gateway_requests": (60, 1500),
    "till_replies": (50, 1000),
    "devices": (80, 3000),
}


def run(*, quick: bool, seed: int, workdir: Path, examples: int | None = None) -> list[Figure]:
    """Fuzz every target; ``examples`` overrides the per-target count of cases."""
    workdir.mkdir(parents=True, exist_ok=True)
    counts = {
        name: examples if examples is not None else (q if quick else full)
        for name, (q, full) in _BUDGETS.items()
    }
    tallies = {
        name: Tally(name, minimum=max(1, int(n * 0.8)), stateful=name != "devices")
        for name, n in counts.items()
    }
    figures: list[Figure] = []
    started = time.monotonic()
    with debug_log(workdir / "logs" / "fuzz.log"), contextlib.ExitStack() as stack:
        exports = _ExportLab(workdir / "exports")
        stack.callback(exports.close)
        fuzz_exports(exports, tallies["exports"], counts["exports"], seed)
        fuzz_configs(workdir / "config", tallies["config"], counts["config"], seed + 1)
        soap = SoapLab(workdir / "soap")
        stack.callback(soap.close)
        fuzz_gateway_requests(
            soap, tallies["gateway_requests"], counts["gateway_requests"], seed + 2
        )
        fuzz_till_replies(soap, tallies["till_replies"], counts["till_replies"], seed + 3)
        fuzz_devices(tallies["devices"], counts["devices"], seed + 4)
        attacks = xml_attack_outcomes(soap, workdir / "xml")
    for tally in tallies.values():
        figures += tally.figures()
    accepted = [f"{a.name} at {a.side} ({a.why})" for a in attacks if a.accepted]
    figures.append(
        Figure(
            "fuzz.xml_attacks_accepted",
            len(accepted),
            0,
            note="; ".join(accepted[:3]) or f"{len(attacks)} attacks refused",
        )
    )
    figures.append(Figure("fuzz.xml_attacks.cases", len(attacks), 20, ">="))
    from fault_harness.security import scan_logs

    leaks = scan_logs(workdir)
    shown = "; ".join(f"{p.name}: {secret[:6]}..." for p, secret in leaks[:3])
    figures.append(Figure("fuzz.secret_leaks_in_logs", len(leaks), 0, note=shown))
    if not quick:
        from fault_harness import fuzz_atheris

        figures += fuzz_atheris.run_all(workdir / "atheris", seconds=60, seed=seed)
    log.info("fuzz run done in %.1f s", time.monotonic() - started)
    return figures
