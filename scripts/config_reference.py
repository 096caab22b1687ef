"""Write docs/config-reference.md from the config models of the till and the gateway.

    .venv/bin/python scripts/config_reference.py           # rewrite the file
    .venv/bin/python scripts/config_reference.py --check   # exit 1 if it is out of date

Both configs declare their keys the same way (``connectors.settings``); one renderer
writes the tables of both from ``standalone_till.config_model.SCHEMA`` and
``erp_gateway.config.SCHEMA``: a key added to either model shows up here (and
``tests/test_docs.py`` fails until the file is regenerated).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from connectors.config_text import show
from connectors.settings import FieldSpec, Schema
from erp_gateway.config import SCHEMA as GATEWAY
from erp_gateway.config import SINK_SCHEMA as GATEWAY_SINKS
from standalone_till.config_model import SCHEMA as TILL

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "config-reference.md"
COMMAND = ".venv/bin/python scripts/config_reference.py"

_HEAD = f"""# Configuration reference

Every key of the till's config (`till.toml`) and of the gateway's (`gateway.toml`), with
its default, the values it accepts and what it means. This file is generated from the
config models (`standalone_till/config_model.py`, `erp_gateway/config.py`) by
`{COMMAND}`; do not edit it by hand. `tests/test_docs.py` fails when it is out of date.

Both files are TOML. A key left out takes its default; a relative path counts from the
config file's folder. An unknown section or key (with the known name it nearly matches),
or a value outside its limits, stops the program with a message naming the file and the
key (`till.toml: webservice.timeout must be 1..600 s, got 0`): every problem of the file,
one line each, at once. A secret's value is never shown.
"""

_TILL = """## The till: `till.toml`

Found at `--config PATH`, else `$TILLSYNC_CONFIG`, else `./till.toml`. `till init --store S
--till T` writes one with the defaults; `till config set KEY VALUE` changes one key with
the same rules (comments kept, mode 0600); `till config show` prints it with secrets
masked; `till config import FILE` or `--from-server` installs a whole file after checking
it and listing what changes, keeping each secret the file leaves empty. A commented
sample: `config_samples/till.toml`; a copy of it holding a secret that other users may
read is made 0600 by the first command that reads it.

The values are TOML's, with one grammar for the file and `till config set`: booleans are
`true` or `false` (not `yes`, `on` or `1`), numbers are written bare (`45`, not `"45"`),
text in quotes in the file, and lists as arrays (`["20", "21"]`). `till config set` takes
the same values, text without its quotes and a list also as `20,21`, and refuses what the
file refuses with the same message.
"""

_GATEWAY = """## The gateway: `gateway.toml`

Found at `--config FILE`, else `$ERP_GATEWAY_CONFIG`, else `./gateway.toml`. A commented
sample: `config_samples/gateway.toml`. Secrets (passwords, connection strings) are never
shown in messages.
"""

_SINKS = """The ERP feed's sinks: any number of `[erp_sink.NAME]` tables (NAME of letters,
digits, `_` and `-`), each with the keys below and its own cursor
([erp-integration.md](erp-integration.md)). A sql sink needs `url` or `odbc`, a files sink `target`,
an amqp sink an `amqp://` `url`.
"""

_TABLE = "| key | type | default | allowed values | meaning |\n|---|---|---|---|---|\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{text}`" if text else ""


def _row(spec: FieldSpec) -> str:
    limits = f"{spec.limits} {spec.unit}".strip()
    notes = [n for n in ("required" if spec.required else "", "secret" if spec.secret else "") if n]
    allowed = "; ".join([limits, *notes])
    default = show(spec.default, limit=200)
    return (
        f"| `{spec.key}` | {spec.type} | {_cell(_code(default))} | {_cell(allowed)} "
        f"| {_cell(spec.description)} |"
    )


def _sections(schema: Schema) -> list[str]:
    out = []
    for name, cls in schema.sections.items():
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        rows = "\n".join(_row(s) for s in schema.in_section(name))
        out.append(f"### `[{name}]`\n\n{doc}\n\n{_TABLE}{rows}\n")
    return out


def render() -> str:
    """The whole reference, as Markdown."""
    return "\n".join(
        [
            _HEAD,
            _TILL,
            *_sections(TILL),
            _GATEWAY,
            *_sections(GATEWAY),
            _SINKS,
            *_sections(GATEWAY_SINKS),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run {COMMAND}", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
