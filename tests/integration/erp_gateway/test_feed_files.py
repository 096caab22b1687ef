"""The files sink: batches as JSON Lines or CSV with a manifest (sequence, counts,
SHA-256), published to a folder and to FTP by the exports' transfer, never rewritten."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from feed_documents import send_documents, send_other_kinds
from gateway_fixture import make_gateway_config
from transfer_servers import FtpServer

from erp_gateway.config import GatewayConfig
from erp_gateway.feed import rounds
from erp_gateway.server import GatewayServer


def _manifests(folder: Path) -> list[dict[str, Any]]:
    return [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.feed-manifest.json"))
    ]


def _checked(folder: Path, manifest: dict[str, Any]) -> None:
    for f in manifest["files"]:
        data = (folder / f["name"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (f["size"], f["sha256"])


@pytest.fixture
def gateway_with(tmp_path: Path) -> Iterator[Any]:
    servers: list[GatewayServer] = []

    def start(sink: dict[str, object]) -> tuple[GatewayServer, GatewayConfig]:
        cfg = make_gateway_config(tmp_path / "gw", erp_sink={"files": sink})
        server = GatewayServer(cfg).start(host="127.0.0.1", port=0)
        servers.append(server)
        return server, cfg

    yield start
    for s in servers:
        s.stop()


def test_json_lines_batches_in_a_folder(gateway_with: Any, tmp_path: Path) -> None:
    out = tmp_path / "feed-out"
    server, cfg = gateway_with({"kind": "files", "target": str(out), "batch_size": 10})
    send_documents(server.url, 20)
    send_other_kinds(server.url)
    first = rounds.run_round(cfg, server.db, "files")
    assert (first.delivered, first.position) == (26, 26)
    manifests = _manifests(out)
    assert [(m["sequence"], m["after"], m["last"], m["documents"]) for m in manifests] == [
        (1, 0, 10, 10),
        (2, 10, 20, 10),
        (3, 20, 26, 6),
    ]
    assert manifests[2]["counts"] == {"cash_movement": 2, "closure": 1, "finding": 2, "ticket": 1}
    docs = []
    for m in manifests:
        _checked(out, m)
        [f] = m["files"]
        lines = (out / f["name"]).read_text(encoding="utf-8").splitlines()
        assert len(lines) == f["rows"] == m["documents"]
        docs += [json.loads(line) for line in lines]
    assert [d["feed_seq"] for d in docs] == list(range(1, 27))
    assert len({d["id"] for d in docs}) == 26
    sale = next(d for d in docs if d["id"] == "t-2")
    assert sale["kind"] == "ticket" and sale["record"]["lines"][0]["item_code"] == "A1"
    assert isinstance(sale["record"]["total"], str)  # money as decimal text, never a float
    written = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    # Nothing new: no batch; a rewind is a new manifest, and the batches before it stay.
    assert rounds.run_round(cfg, server.db, "files").delivered == 0
    assert rounds.rewind(cfg, server.db, "files", 20) == 20
    again = rounds.run_round(cfg, server.db, "files")
    assert (again.delivered, again.position) == (6, 26)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.name in written} == written
    tail = _manifests(out)[3:]
    assert [(m["sequence"], m["after"], m["last"], m["documents"]) for m in tail] == [
        (4, 26, 20, 0),
        (5, 20, 26, 6),
    ]
    assert rounds.status(cfg, server.db, "files").behind == 0


def test_csv_batches_over_ftp(gateway_with: Any, ftp_server: FtpServer) -> None:
    target = (
        f"ftp://{ftp_server.user}:{ftp_server.password}@{ftp_server.host}:{ftp_server.port}/erp"
    )
    server, cfg = gateway_with({"kind": "files", "target": target, "format": "csv"})
    send_documents(server.url, 6)
    send_other_kinds(server.url)
    assert rounds.run_round(cfg, server.db, "files").delivered == 12
    remote = ftp_server.home / "erp"
    [m] = _manifests(remote)
    _checked(remote, m)
    names = sorted(f["name"] for f in m["files"])
    assert names == [
        "00000001.cash_movements.csv",
        "00000001.closures.csv",
        "00000001.findings.csv",
        "00000001.ticket_lines.csv",
        "00000001.ticket_payments.csv",
        "00000001.ticket_vat.csv",
        "00000001.tickets.csv",
    ]
    with open(remote / "00000001.tickets.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 7 and rows[0]["feed_seq"] == "1"
    assert rows[0]["received_at"].endswith("Z")
    assert not list(remote.glob("*.tmp*")) and not list(remote.glob(".*"))
