"""Importing a config (a file, or the server's through GetTillConfig): the till's own
secrets survive a file that leaves them empty, the changes are shown with secrets masked,
a terminal is asked before installing, a script is not, and --json lists what changed.
Against a real gateway and a real FTP server on 127.0.0.1, `till` run as a real process
where a terminal is needed."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from gateway_fixture import make_gateway_config
from transfer_servers import FtpServer

from catalog_fixture import BREAD, write_catalog
from erp_gateway.registry import declare_till
from erp_gateway.server import GatewayServer
from standalone_till.cli import main
from standalone_till.config import (
    SECRET_MASK,
    import_config,
    install_import,
    load_config,
    plan_import,
    set_key,
    write_default_config,
)

TILL = str(Path(sys.executable).parent / "till")
MINIMAL = '[till]\nstore_id = "S1"\ntill_id = "T1"\n'
POSIX = os.name != "nt"


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(capsys: pytest.CaptureFixture[str], *args: str, config: Path, check: int = 0) -> Ran:
    """`till ARGS...` through its entry point, input not a terminal (as in a script)."""
    code = main(["--config", str(config), *args])
    out, err = capsys.readouterr()
    assert code == check, (code, out, err)
    return Ran(code, out, err)


def on_a_terminal(*args: str, config: Path, answer: str | None) -> subprocess.CompletedProcess[str]:
    """`till ARGS...` as a process whose input is a terminal (a pty) typed ``answer`` into."""
    master, slave = os.openpty()
    try:
        env = {**os.environ, "TILLSYNC_CONFIG": str(config)}
        proc = subprocess.Popen(
            [TILL, *args], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=env,
        )  # fmt: skip
        os.close(slave)
        slave = -1
        if answer is not None:
            os.write(master, answer.encode() + b"\n")  # the terminal holds it until read
        out, err = proc.communicate(timeout=120)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)


def till_file(folder: Path, **keys: str) -> Path:
    """A till config in ``folder``; ``keys`` like ftp__password="x"."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "till.toml"
    write_default_config(path, "S1", "T1")
    for key, value in keys.items():
        set_key(path, key.replace("__", "."), value)
    return path


# -- the library ----------------------------------------------------------------------


def test_a_secret_the_import_leaves_empty_keeps_the_tills_own(tmp_path: Path) -> None:
    dest = till_file(
        tmp_path / "till", ftp__password="ftp-Hunter2", webservice__password="ws-Hunter2"
    )
    offered = (
        MINIMAL + "[ftp]\n# handed out by head office\n"
        'host = "files.example.com"\npassword = ""\n'
        '[webservice]\ntimeout = 45\n[local_server]\nsecret = "a new shared secret 123"\n'
    ).encode()
    plan = plan_import(offered, dest)
    assert plan.kept == ("webservice.password", "ftp.password")
    assert ("ftp.host", '""', '"files.example.com"') in plan.changes
    assert ("local_server.secret", '""', f'"{SECRET_MASK}"') in plan.changes
    assert not any(key.endswith(".password") for key, _, _ in plan.changes)
    assert "Hunter2" not in json.dumps(plan.as_dict()) + repr(plan.config)
    assert load_config(dest).webservice.timeout == 60  # planning writes nothing

    install_import(plan, dest)
    cfg = load_config(dest)
    assert (cfg.ftp.password, cfg.webservice.password) == ("ftp-Hunter2", "ws-Hunter2")
    assert cfg.ftp.host == "files.example.com" and cfg.webservice.timeout == 45
    assert cfg.local_server.secret == "a new shared secret 123"
    assert "# handed out by head office" in dest.read_text()
    if POSIX:
        assert os.stat(dest).st_mode & 0o777 == 0o600


def test_a_secret_the_import_sends_replaces_the_tills_own(tmp_path: Path) -> None:
    dest = till_file(tmp_path, ftp__password="old-Hunter2")
    offered = MINIMAL + '[ftp]\npassword = "new-Hunter2"\n'
    plan = plan_import(offered.encode(), dest)
    assert plan.kept == ()
    assert plan.changes == [("ftp.password", f'"{SECRET_MASK}"', f'"{SECRET_MASK}"')]
    assert plan.raw == offered.encode()  # nothing kept: installed byte for byte
    import_config(offered.encode(), dest)
    assert load_config(dest).ftp.password == "new-Hunter2"


def test_a_broken_config_still_lends_its_secret_to_the_import(tmp_path: Path) -> None:
    dest = tmp_path / "till.toml"
    dest.write_text(MINIMAL + '[ftp]\npassword = "Hunter2"\n[webservice]\ntimeout = 0\n')
    plan = plan_import(MINIMAL.encode(), dest)
    assert plan.kept == ("ftp.password",)
    assert ("webservice.timeout", "", "60") in plan.changes  # no valid config: every key
    import_config(MINIMAL.encode(), dest)
    assert load_config(dest).ftp.password == "Hunter2"


# -- `till config import`, against the gateway and the FTP server ---------------------


@pytest.fixture
def handing_out(tmp_path: Path, ftp_server: FtpServer) -> Iterator[GatewayServer]:
    """A gateway whose till configs name the FTP server and its user but no password,
    as the sample gateway.toml does (ftp_password = "")."""
    cfg = make_gateway_config(
        tmp_path / "gateway",
        till_config={
            "ftp_protocol": "ftp",
            "ftp_host": ftp_server.host,
            "ftp_port": ftp_server.port,
            "ftp_remote_dir": "/",
            "ftp_user": ftp_server.user,
            "ftp_password": "",
        },
    )
    with GatewayServer(cfg).start(host="127.0.0.1", port=0) as server:
        declare_till(server.db, "S1", "T1", dt.datetime.now(dt.UTC))
        yield server


def test_import_from_the_server_keeps_the_ftp_password_and_load_data_works(
    tmp_path: Path,
    handing_out: GatewayServer,
    ftp_server: FtpServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_catalog(ftp_server.home)
    config = till_file(
        tmp_path / "till", webservice__url=handing_out.url, ftp__password=ftp_server.password
    )
    run(capsys, "init", config=config)
    done = json.loads(
        run(capsys, "config", "import", "--from-server", "--json", config=config).stdout
    )
    assert done["installed"] is True and done["kept_secrets"] == ["ftp.password"]
    changed = {c["key"]: (c["before"], c["after"]) for c in done["changes"]}
    assert changed["ftp.host"] == ('""', json.dumps(ftp_server.host))
    assert changed["ftp.port"] == ("0", str(ftp_server.port))
    assert "ftp.password" not in changed
    assert done["backup"] and Path(done["backup"]).exists()
    assert ftp_server.password not in json.dumps(done)
    assert load_config(config).ftp.password == ftp_server.password

    loaded = json.loads(run(capsys, "load-data", "--json", config=config).stdout)
    assert loaded["kind"] == "full" and loaded["rows"] > 0


# -- asking on a terminal, not in a script ---------------------------------------------


@pytest.fixture
def offered(tmp_path: Path) -> tuple[Path, Path]:
    """A till config with a password, and a file changing its timeout and password."""
    config = till_file(tmp_path / "till", webservice__password="old-Hunter2")
    before = config.read_text()
    handed = tmp_path / "handed.toml"
    handed.write_text(
        before.replace("timeout = 60", "timeout = 45").replace(
            'password = "old-Hunter2"', 'password = "new-Hunter2"'
        )
    )
    return config, handed


def test_on_a_terminal_the_import_shows_the_changes_and_asks(offered: tuple[Path, Path]) -> None:
    config, handed = offered
    before = config.read_bytes()
    declined = on_a_terminal("config", "import", str(handed), config=config, answer="n")
    assert declined.returncode == 1, declined
    assert "webservice.timeout: 60 -> 45" in declined.stdout
    assert f'webservice.password: "{SECRET_MASK}" -> "{SECRET_MASK}"' in declined.stdout
    assert "Hunter2" not in declined.stdout + declined.stderr
    assert "Install it" in declined.stderr and "not installed" in declined.stdout
    assert config.read_bytes() == before
    assert list(config.parent.glob("*.bak")) == []

    accepted = on_a_terminal("config", "import", str(handed), config=config, answer="y")
    assert accepted.returncode == 0, accepted
    assert "config installed" in accepted.stdout
    assert load_config(config).webservice.password == "new-Hunter2"


def test_yes_installs_without_asking_on_a_terminal(offered: tuple[Path, Path]) -> None:
    config, handed = offered
    done = on_a_terminal("config", "import", str(handed), "--yes", config=config, answer=None)
    assert done.returncode == 0, done
    assert "Install it" not in done.stderr
    assert load_config(config).webservice.timeout == 45


def test_a_script_installs_without_asking(
    offered: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config, handed = offered
    out = run(capsys, "config", "import", str(handed), config=config).stdout
    assert "webservice.timeout: 60 -> 45" in out and "config installed" in out
    assert load_config(config).webservice.timeout == 45


# -- the other commands of this area ----------------------------------------------------


def test_sell_on_an_empty_catalog_says_to_load_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = till_file(tmp_path)
    run(capsys, "init", config=config)
    refused = run(capsys, "sell", BREAD, config=config, check=2)
    assert "catalog is empty" in refused.stderr and "till load-data" in refused.stderr


def test_messages_says_when_there_is_nothing_new(
    tmp_path: Path, gateway: GatewayServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = till_file(tmp_path, webservice__url=gateway.url)
    run(capsys, "init", config=config)
    declare_till(gateway.db, "S1", "T1", dt.datetime.now(dt.UTC))
    assert run(capsys, "messages", config=config).stdout == "no new messages\n"
    assert run(capsys, "messages", "--all", config=config).stdout == "no messages\n"
    assert json.loads(run(capsys, "messages", "--json", config=config).stdout)["messages"] == []
