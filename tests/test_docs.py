"""The documents in docs/ against the code: the config reference is regenerated, the SOAP
examples are validated and sent to a live gateway, the export format matches
``ftp_import.format``, and the commands, tests and files the docs name exist."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import shlex
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import click
import pytest
from gateway_fixture import make_gateway_config, post
from lxml import etree

from connectors.soap import SOAP_ENV
from connectors.soap.server import Contract
from erp_gateway import notices, offers, registry
from erp_gateway.cli import main as gateway_cli
from erp_gateway.server import GatewayServer
from ftp_import.format import (
    ENTITIES,
    FORMAT_NAME,
    KINDS,
    OPS,
    SCHEMA_VERSION,
    data_file_name,
    file_columns,
    manifest_name,
)
from ftp_import.manifest import Manifest, ManifestFile, dump_manifest, parse_manifest
from standalone_till.cli import cli as till_cli
from ticket_contract import NAMESPACE, WSDL_PATH

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
# The documents written with the code they describe: their commands must exist.
OWN_DOCS = (
    "README.md",
    "architecture.md",
    "operations.md",
    "soap-contract.md",
    "export-format.md",
    "config-reference.md",
)


def _doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^[ ]*```{language}\n(.*?)^[ ]*```", text, re.M | re.S)


# -- the config reference -------------------------------------------------------------


def _script(name: str) -> ModuleType:
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_config_reference_is_up_to_date() -> None:
    reference = _script("config_reference")
    assert _doc("config-reference.md") == reference.render(), (
        "docs/config-reference.md is out of date: run .venv/bin/python scripts/config_reference.py"
    )


# -- the SOAP contract ----------------------------------------------------------------


def _parse(text: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(text.encode("utf-8"), parser)


def _payload(root: etree._Element) -> etree._Element:
    assert root.tag == f"{{{SOAP_ENV}}}Envelope"
    body = root.find(f"{{{SOAP_ENV}}}Body")
    assert body is not None
    (payload,) = [el for el in body if isinstance(el.tag, str)]
    return payload


def _soap_examples() -> list[etree._Element]:
    return [_parse(block) for block in _blocks(_doc("soap-contract.md"), "xml")]


def _operations() -> list[str]:
    wsdl = etree.parse(str(WSDL_PATH))
    return [op.get("name", "") for op in wsdl.iterfind(f".//{{{WSDL_NS}}}portType/*")]


def _name(payload: etree._Element) -> str:
    return etree.QName(payload).localname


def test_every_soap_example_matches_the_schema() -> None:
    schema = etree.XMLSchema(Contract.load(WSDL_PATH).schema_doc)
    examples = _soap_examples()
    assert len(examples) >= 2 * len(_operations())
    for root in examples:
        payload = _payload(root)
        if payload.tag == f"{{{SOAP_ENV}}}Fault":
            detail = payload.find(f"detail/{{{NAMESPACE}}}FaultDetail")
            assert detail is not None, "a fault example without FaultDetail"
            payload = detail
        assert schema.validate(payload), f"{_name(payload)}: {schema.error_log}"


def test_every_operation_has_a_request_and_a_response_example() -> None:
    shown = {_name(_payload(root)) for root in _soap_examples()}
    for operation in _operations():
        assert operation in shown, f"no example request of {operation}"
        assert f"{operation}Response" in shown, f"no example response of {operation}"
        assert f"### {operation}" in _doc("soap-contract.md")


def _fault_codes() -> set[str]:
    codes: set[str] = set()
    sources = [ROOT / "connectors/soap/server.py", *ROOT.glob("erp_gateway/*.py")]
    sources += ROOT.glob("standalone_till/hub/*.py")
    for path in sources:
        text = path.read_text(encoding="utf-8")
        codes.update(re.findall(r'SoapFaultError\(\s*"(\w+)"', text))
        codes.update(re.findall(r'fault_code = "(\w+)"', text))
    return codes


def test_every_fault_code_is_documented() -> None:
    codes = _fault_codes()
    assert {"InvalidRequest", "UnknownTill", "PingDisabled", "NotAvailable"} <= codes
    doc = _doc("soap-contract.md")
    missing = sorted(c for c in codes if f"| `{c}` |" not in doc)
    assert not missing, f"fault codes missing from the table in docs/soap-contract.md: {missing}"


def _shape(payload: etree._Element) -> list[tuple[int, str]]:
    """The element names of a payload in document order, with their depth."""
    out = []
    for el in payload.iter():
        if isinstance(el.tag, str):
            depth = sum(1 for _ in el.iterancestors()) - sum(1 for _ in payload.iterancestors())
            out.append((depth, etree.QName(el).localname))
    return out


def _prepare(gateway: GatewayServer) -> None:
    """What the examples refer to: till T01 in store S001, message 1 for it, an offer."""
    db = gateway.db
    registry.declare_till(db, "S001", "T01", dt.datetime.now(dt.UTC))
    notices.push(db, "till", "T01", "Stocktake on Sunday: close at 18:00.")
    offer = offers.Offer(
        "COFFEE10",
        "10 % off ground coffee",
        "customer",
        "C0001",
        "item",
        "2001",
        "percent",
        Decimal("10.00"),
    )
    offers.replace_offers(db, [offer])


@pytest.fixture
def secured_gateway(tmp_path: Path) -> Iterator[GatewayServer]:
    cfg = make_gateway_config(tmp_path / "secured", security={"wsse_users": {"T01": "change-me"}})
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as server:
        yield server


def test_the_examples_are_answered_by_a_live_gateway(
    gateway: GatewayServer, secured_gateway: GatewayServer
) -> None:
    _prepare(gateway)
    texts = _blocks(_doc("soap-contract.md"), "xml")
    operations = set(_operations())
    sent = 0
    for i, text in enumerate(texts):
        payload = _payload(_parse(text))
        if _name(payload) not in operations:
            continue
        secured = _parse(text).find(f".//{{{WSSE_NS}}}Security") is not None
        reply = post((secured_gateway if secured else gateway).url, text.encode("utf-8"))
        assert reply.status == 200 and reply.fault_code is None, (
            f"example {_name(payload)} answered {reply.status}: {reply.body[:500]!r}"
        )
        sent += 1
        answer = _payload(reply.root)
        assert _name(answer) == f"{_name(payload)}Response"
        following = _payload(_parse(texts[i + 1])) if i + 1 < len(texts) else None
        if following is not None and _name(following) == _name(answer):
            assert _shape(answer) == _shape(following), f"{_name(answer)} differs from the doc"
    assert sent >= len(operations)


# -- the export format ----------------------------------------------------------------


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def _table(section: str) -> dict[str, list[str]]:
    """First cell (without backticks) -> the other cells, for each row of the tables."""
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip()[1:-1].split("|")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_export_format_lists_every_file_and_column() -> None:
    doc = _doc("export-format.md")
    for name, entity in ENTITIES.items():
        section = _section(doc, f"### {name}\n")
        for kind in KINDS:
            header = ",".join(file_columns(name, kind))
            label = "Full" if kind == "full" else "Incremental"
            assert f"{label} header: `{header}`" in section, f"{name}: {kind} header"
            assert data_file_name(12, "full", name) in doc
        rows = _table(section)
        assert list(rows) == list(entity.columns), f"{name}: columns of the table"
        for column, cells in rows.items():
            expected = "key" if column in entity.key else "yes" if column in entity.required else ""
            assert cells[0] == expected, f"{name}.{column}: required column says {cells[0]!r}"
    assert manifest_name(12, "full") in doc
    for value in (FORMAT_NAME, *KINDS):
        assert f'`"{value}"`' in doc
    assert f"`{SCHEMA_VERSION}`" in doc
    assert all(f"`{op}`" in doc for op in OPS)


def test_the_export_format_lists_every_manifest_field() -> None:
    manifest = Manifest(
        "incremental",
        2,
        1,
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        SCHEMA_VERSION,
        (ManifestFile("items", data_file_name(2, "incremental", "items"), 1, 1, "0" * 64),),
    )
    obj = json.loads(dump_manifest(manifest))
    rows = _table(_section(_doc("export-format.md"), "## The manifest"))
    fields = [*obj, *(f"files[].{key}" for key in obj["files"][0])]
    assert sorted(rows) == sorted(fields)


def test_the_manifest_examples_parse() -> None:
    examples = [b for b in _blocks(_doc("export-format.md"), "json") if FORMAT_NAME in b]
    assert examples
    for block in examples:
        parse_manifest(block.encode("utf-8"), "docs/export-format.md")


# -- names the docs give --------------------------------------------------------------


def test_every_test_the_docs_cite_exists() -> None:
    cited = 0
    for doc in DOCS.glob("*.md"):
        for path, name in re.findall(r"(tests/[\w/]+\.py)::(\w+)", doc.read_text("utf-8")):
            source = ROOT / path
            assert source.exists(), f"{doc.name}: {path} does not exist"
            assert f"def {name}(" in source.read_text("utf-8"), f"{doc.name}: {path}::{name}"
            cited += 1
    assert cited >= 7


def test_the_index_lists_every_document_and_the_picture_is_there() -> None:
    index = _doc("README.md")
    for doc in DOCS.glob("*.md"):
        if doc.name != "README.md":
            assert f"]({doc.name})" in index, f"docs/README.md does not list {doc.name}"
    assert (DOCS / "architecture.png").stat().st_size > 10_000
    assert "](architecture.png)" in _doc("architecture.md")


def _option(command: click.Command, token: str) -> click.Option | None:
    name = token.split("=", 1)[0]
    for param in command.params:
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def _check_command(line: str) -> None:
    words = shlex.split(line, comments=True)
    programs: dict[str, click.Command] = {"till": till_cli, "erp-gateway": gateway_cli}
    if not words or words[0] not in programs:
        return
    chain = [programs[words[0]]]
    rest = iter(words[1:])
    for word in rest:
        command = chain[-1]
        if word.startswith("-"):
            option = next((o for c in reversed(chain) if (o := _option(c, word))), None)
            assert option is not None, f"{line!r}: no option {word} of {command.name}"
            if not option.is_flag and "=" not in word:
                next(rest, None)
        elif isinstance(command, click.Group):
            assert word in command.commands, f"{line!r}: no command {word} in {command.name}"
            chain.append(command.commands[word])
        # else: an argument of the command


def test_every_command_in_the_docs_exists() -> None:
    checked = 0
    for name in OWN_DOCS:
        for block in _blocks(_doc(name), "sh"):
            for line in block.splitlines():
                if line.strip():
                    _check_command(line.strip())
                    checked += 1
    assert checked > 20
