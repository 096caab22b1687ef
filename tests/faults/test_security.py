"""Security (a run of ``fault_harness.security``): host keys and certificates verified, the
hub's secret required, config files 0600, and no secret in any log."""

from __future__ import annotations

import base64
import warnings
from pathlib import Path

import certifi
import pytest
from urllib3.exceptions import InsecureRequestWarning

from connectors.errors import ServerUnavailable
from fault_harness import security
from fault_harness.credentials import HUB_SECRET, SFTP_PASSWORD, WSSE_PASSWORD, WSSE_USER
from fault_harness.report import Figure
from fault_harness.servers import FTP_PASSWORD
from ticket_contract.client import ErpClient

ALWAYS = (
    "security.ftps_wrong_certificate_accepted",
    "security.tls_wrong_certificate_accepted",
    "security.hub_without_secret_accepted",
    "security.config_files_not_0600",
    "security.secret_leaks_in_logs",
    "security.log_scan_finds_planted_leak",
)
SFTP = (
    "security.sftp_unknown_host_key_accepted",
    "security.sftp_changed_host_key_accepted",
    "security.sftp_password_sent_to_unverified_host",
)


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Figure]:
    workdir = tmp_path_factory.mktemp("security")
    return {f.name: f for f in security.run(quick=True, seed=0, workdir=workdir)}


@pytest.mark.parametrize("name", ALWAYS)
def test_the_security_figure_is_met(figures: dict[str, Figure], name: str) -> None:
    assert figures[name].met, f"{name} = {figures[name].value:g}: {figures[name].note}"


@pytest.mark.parametrize("name", SFTP)
def test_unknown_and_changed_sftp_host_keys_are_refused(
    figures: dict[str, Figure], name: str
) -> None:
    skipped = figures.get("security.sftp_checks_run")
    if skipped is not None:
        pytest.skip(f"no sshd here: {skipped.note}")
    assert figures[name].met, f"{name} = {figures[name].value:g}: {figures[name].note}"


# -- the log scan ---------------------------------------------------------------------------


def test_the_scan_finds_secrets_in_their_usual_disguises(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    basic = base64.b64encode(f"{WSSE_USER}:{WSSE_PASSWORD}".encode()).decode()
    (logs / "a.log").write_text(f"Authorization: Basic {basic}\n")
    (tmp_path / "b.log").write_text(f"url=ftp://till:{FTP_PASSWORD}@h\n")
    (tmp_path / "c.out").write_text(f"secret={HUB_SECRET.encode().hex()}\n")
    (tmp_path / "d.log").write_text("nothing here\n")
    found = {(p.name, s) for p, s in security.scan_logs(tmp_path)}
    assert found == {("a.log", WSSE_PASSWORD), ("b.log", FTP_PASSWORD), ("c.out", HUB_SECRET)}


def test_the_scan_leaves_config_files_alone(tmp_path: Path) -> None:
    (tmp_path / "till.toml").write_text(f'password = "{SFTP_PASSWORD}"\n')
    assert security.scan_logs(tmp_path) == []
    assert security.scan_self_test(tmp_path / "proof")


# -- TLS of the web service -------------------------------------------------------------------


def test_verify_tls_false_holds_even_with_a_ca_bundle_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: requests let REQUESTS_CA_BUNDLE override ``session.verify = False``, so
    ``webservice.verify_tls = false`` was ignored on machines with that variable set."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    monkeypatch.setenv("CURL_CA_BUNDLE", certifi.where())
    with security.tls_web_service(tmp_path) as url:
        with pytest.raises(ServerUnavailable, match="TLS"), ErpClient(url) as verified:
            verified.ping("T01")
        with warnings.catch_warnings(), ErpClient(url, verify_tls=False) as unverified:
            warnings.simplefilter("ignore", InsecureRequestWarning)
            assert unverified.ping("T01") is not None
