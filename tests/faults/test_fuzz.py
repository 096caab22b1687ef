"""Bad input, fuzzed (a quick run of ``fault_harness.fuzz``): no crash, no partial apply,
a clear error each time; XML bombs, external entities and DTDs refused on both ends."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.errors import ConfigError, ExportError, ServerUnavailable
from erp_gateway.sample import write_sample_export
from erp_gateway.server import GatewayServer
from fault_harness import fuzz, fuzz_atheris
from fault_harness.credentials import WSSE_PASSWORD
from fault_harness.report import Figure
from ftp_import.manifest import parse_manifest
from ticket_contract.client import ErpClient
from ticket_contract.wire import parse_datetime

SEED = int(os.environ.get("TILLSYNC_FUZZ_SEED", "20261121"))
TARGETS = ("exports", "config", "gateway_requests", "till_replies", "devices")


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Figure]:
    workdir = tmp_path_factory.mktemp("fuzz")
    return {f.name: f for f in fuzz.run(quick=True, seed=SEED, workdir=workdir)}


@pytest.mark.parametrize("target", TARGETS)
def test_every_bad_input_is_refused_cleanly(figures: dict[str, Figure], target: str) -> None:
    for kind in ("cases", "crashes", "partial_applies", "unclear_errors"):
        figure = figures[f"fuzz.{target}.{kind}"]
        assert figure.met, f"{figure.name} = {figure.value:g} (seed {SEED}): {figure.note}"


def test_xml_bombs_entities_and_dtds_are_refused_on_both_ends(figures: dict[str, Figure]) -> None:
    accepted = figures["fuzz.xml_attacks_accepted"]
    assert accepted.met, accepted.note
    assert figures["fuzz.xml_attacks.cases"].met


def test_no_secret_reaches_the_debug_logs_of_the_run(figures: dict[str, Figure]) -> None:
    leaks = figures["fuzz.secret_leaks_in_logs"]
    assert leaks.met, leaks.note


def test_the_atheris_runs_belong_to_the_long_run_only(figures: dict[str, Figure]) -> None:
    assert not any(name.startswith("fuzz.atheris.") for name in figures)


# -- the harness's own judgement ----------------------------------------------------------


def test_a_500_a_missing_fault_code_and_plain_text_are_violations() -> None:
    fault = fuzz.soap._fault("InvalidRequest", "bad")
    assert fuzz.soap._reply_problem(fuzz.HttpReply(400, fault)) is None
    assert fuzz.soap._reply_problem(fuzz.HttpReply(500, fault))[0] == "crashes"
    no_code = fault.replace(b"<t:code>InvalidRequest</t:code>", b"")
    assert fuzz.soap._reply_problem(fuzz.HttpReply(400, no_code))[0] == "unclear_errors"
    assert fuzz.soap._reply_problem(fuzz.HttpReply(400, b"Bad Request"))[0] == "unclear_errors"
    assert fuzz.soap._reply_problem(fuzz.HttpReply(200, fault))[0] == "unclear_errors"


def test_an_error_is_clear_only_with_our_type_and_its_place() -> None:
    assert fuzz.exports._clear_export_error(ExportError("bad price", file="x.csv.gz", line=3))
    assert not fuzz.exports._clear_export_error(ExportError("bad price"))
    assert not fuzz.exports._clear_export_error(ValueError("x.csv.gz: bad price"))
    label = "/etc/till.toml"
    assert fuzz.configs._config_error_is_clear(
        ConfigError("bad", path=label, key="ftp.port"), label
    )
    assert not fuzz.configs._config_error_is_clear(ConfigError("bad", path=label), label)
    leaking = ConfigError(f"ftp.password {WSSE_PASSWORD!r} is wrong", path=label, key="ftp")
    assert not fuzz.configs._config_error_is_clear(leaking, label)


def test_a_tally_counts_each_violation_and_fails_its_figure() -> None:
    tally = fuzz.Tally("t", minimum=2)
    tally.cases = 3
    tally.violation("crashes", "one")
    tally.violation("crashes", "two")
    shown = {f.name: f for f in tally.figures()}
    assert shown["fuzz.t.cases"].met and not shown["fuzz.t.crashes"].met
    assert shown["fuzz.t.crashes"].value == 2 and "one" in shown["fuzz.t.crashes"].note


def test_the_scripted_port_drives_the_real_drivers() -> None:
    scripts = fuzz.devices._device_scripts()
    assert fuzz.devices._device_call("mettler8217", list(scripts["mettler8217"])) == Decimal(
        "1.234"
    )
    assert fuzz.devices._device_call("cas", list(scripts["cas"])) == Decimal("0.500")
    assert (
        fuzz.devices._device_call("thermal-vat", list(scripts["thermal-vat"]))[Decimal("23")] == "A"
    )
    with pytest.raises(Exception, match="no answer"):
        fuzz.devices._device_call("mettler8217", [])


@pytest.mark.skipif(not fuzz_atheris.available(), reason="atheris is not installed")
def test_an_atheris_run_reports_its_executions(tmp_path: Path) -> None:
    shown = {
        f.name: f for f in fuzz_atheris.run_one("manifest", seconds=2, seed=1, workdir=tmp_path)
    }
    assert shown["fuzz.atheris.manifest.crashes"].met, shown["fuzz.atheris.manifest.crashes"].note
    assert shown["fuzz.atheris.manifest.executions"].value > 0


# -- regressions: bugs the fuzzer found -------------------------------------------------------


def _manifest(tmp_path: Path) -> dict[str, object]:
    write_sample_export(tmp_path, items=3)
    return json.loads((tmp_path / "00000001-full.manifest.json").read_bytes())


def test_a_manifest_entity_that_is_not_text_is_an_export_error(tmp_path: Path) -> None:
    doc = _manifest(tmp_path)
    doc["files"][0]["entity"] = {"items": 1}  # was: TypeError, unhashable type: 'dict'
    with pytest.raises(ExportError, match=r"files\[0\]\.entity"):
        parse_manifest(json.dumps(doc).encode(), "m.json")


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_time_out_of_range_in_utc_is_bad_input_everywhere(
    tmp_path: Path, gateway: GatewayServer, when: str
) -> None:
    doc = _manifest(tmp_path)
    doc["created_at"] = when  # was: OverflowError out of the manifest parser
    with pytest.raises(ExportError, match="created_at"):
        parse_manifest(json.dumps(doc).encode(), "m.json")
    with pytest.raises(ValueError, match="validUntil"):
        parse_datetime(when, "validUntil")
    push = fuzz.request(
        "PushNotification",
        f"<t:target>all</t:target><t:text>x</t:text><t:validUntil>{when}</t:validUntil>",
        header="",
    )
    reply = fuzz.post(gateway.url, push)  # was: HTTP 500, Internal
    assert reply.status == 400 and b"InvalidRequest" in reply.body
    server = fuzz.ReplyServer()
    try:
        ping = fuzz.till_replies([], [])["Ping"].replace(b"2026-11-21T09:00:00Z", when.encode())
        server.reply = (200, "text/xml", ping)
        with ErpClient(server.url, ping_timeout=2) as client, pytest.raises(ServerUnavailable):
            client.ping("T01")  # was: OverflowError out of the client
    finally:
        server.close()
