"""The fleet page in a real browser (Debian's headless chromium, driven by playwright with
``executable_path``: no browser is downloaded): a till's agent runs as its own process,
its tickets wait in its outbox; the agent is killed and the till's row turns unreachable,
its backlog still shown. Each wait is on the page's state (the page reloads itself).

Screenshots go to the test's folder, and to docs/screenshots/ with
TILLSYNC_WRITE_SCREENSHOTS=1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from gateway_fixture import make_gateway_config

from catalog_fixture import BREAD, write_catalog
from erp_gateway.server import GatewayServer
from integration.standalone_till.test_sync_gateway import till_config_for

CHROMIUM = Path("/usr/bin/chromium")
TILL = str(Path(sys.executable).parent / "till")
ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 60_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    if os.environ.get("TILLSYNC_WRITE_SCREENSHOTS"):
        return ROOT / "docs" / "screenshots"
    return tmp_path


@pytest.fixture
def agent_env(tmp_path: Path) -> Iterator[tuple[GatewayServer, dict[str, str]]]:
    cfg = make_gateway_config(
        tmp_path / "gateway", fleet={"unreachable_after": 4, "page_refresh": 1}
    )
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as gateway:
        config = till_config_for(
            tmp_path / "till",
            gateway.url,
            ping_timeout=2,
            timings__ping_interval=1,
            timings__ticket_sync_interval=3600,
        )
        env = {**os.environ, "TILLSYNC_CONFIG": str(config)}
        subprocess.run([TILL, "init"], check=True, capture_output=True, env=env)
        catalog = write_catalog(tmp_path / "exports")
        load = [TILL, "load-data", "--source", str(catalog)]
        subprocess.run(load, check=True, capture_output=True, env=env)
        yield gateway, env


def test_a_killed_agent_turns_its_row_unreachable_with_its_backlog(
    agent_env: tuple[GatewayServer, dict[str, str]], shots: Path
) -> None:
    from playwright.sync_api import sync_playwright

    gateway, env = agent_env
    base = gateway.url.rsplit("/soap", 1)[0]
    agent = subprocess.Popen(
        [TILL, "agent"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    try:
        assert agent.stderr is not None and "agent of till T01" in agent.stderr.readline()
        for _ in range(2):  # sold after the agent's first send: they wait for its timer
            subprocess.run([TILL, "sell", BREAD], check=True, capture_output=True, env=env)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
            )
            try:
                phone = browser.new_page(viewport={"width": 390, "height": 844})
                phone.goto(base + "/fleet")
                row = phone.locator('#till-T01[data-state="ok"][data-backlog="2"]')
                row.wait_for(timeout=WAIT_MS)
                phone.screenshot(path=str(shots / "fleet-phone.png"), full_page=True)

                agent.kill()
                agent.wait(15)
                gone = phone.locator('#till-T01[data-state="unreachable"][data-backlog="2"]')
                gone.wait_for(timeout=WAIT_MS)
                assert "unreachable" in gone.locator("td.needs").inner_text()
                assert gone.locator("td.backlog").inner_text().startswith("2 (")
                phone.screenshot(path=str(shots / "fleet-phone-unreachable.png"), full_page=True)

                wide = browser.new_page(viewport={"width": 1280, "height": 420})
                wide.goto(base + "/fleet")
                wide.locator('#till-T01[data-state="unreachable"]').wait_for(timeout=WAIT_MS)
                wide.screenshot(path=str(shots / "fleet.png"), full_page=True)
                wide.click("#till-T01 a")
                wide.locator('h1#till[data-state="unreachable"]').wait_for(timeout=WAIT_MS)
                assert "tickets waiting" in wide.content()
                wide.screenshot(path=str(shots / "fleet-till.png"), full_page=True)
            finally:
                browser.close()
    finally:
        if agent.poll() is None:
            agent.kill()
            agent.wait()
        agent.stderr.close()  # type: ignore[union-attr]
