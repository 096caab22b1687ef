"""Fuzz target 2: till and gateway config files, read and written by the real code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from connectors.errors import (
    ConfigError,
    TillsyncError,
)
from fault_harness.credentials import HUB_SECRET, WSSE_PASSWORD, WSSE_USER
from fault_harness.fuzz.common import (
    Plan,
    StoreId,
    Tally,
    TillId,
    _describe,
    _explore,
    _has_secret,
    _mutate_bytes,
)
from fault_harness.servers import FTP_PASSWORD

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
