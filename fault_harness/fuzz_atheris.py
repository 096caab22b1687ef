"""Coverage-guided fuzzing with atheris, each target in a process of its own.

    python -m fault_harness.fuzz_atheris manifest|csv|soap --seconds 60 --workdir DIR

atheris takes the process over (libFuzzer's main loop, exit on the first crash), so
``run_all`` starts one subprocess per target, seeded with valid inputs, and reads
libFuzzer's final statistics. The targets:

* ``manifest``: the export manifest parser (``parse_manifest``);
* ``csv``: a gzip CSV data file through the till's row reader and row converters;
* ``soap``: the SOAP server's request handling (size, XML, DTD refusal, envelope,
  schema), through its WSGI entry with stub operations.

Only tillsync's own errors may come out; anything else, or an HTTP 500, is a crash and
libFuzzer writes the input under the work folder. Without atheris, ``run_all`` returns
no figure and says why in the log.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import logging
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from fault_harness import child_env
from fault_harness.report import Figure

log = logging.getLogger("tillsync.faults.atheris")

TARGETS = ("manifest", "csv", "soap")
_EXECUTED = re.compile(r"stat::number_of_executed_units:\s*(\d+)")
_SOAP_OPERATIONS = (
    "Ping", "SendTickets", "GetMessages", "AckMessages", "GetCustomerOffers", "GetTillConfig",
    "PushNotification",
)  # fmt: skip


def available() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


# -- the targets (run inside the atheris process) -----------------------------------------


def _manifest_target() -> Any:
    from connectors.errors import TillsyncError
    from ftp_import.manifest import parse_manifest

    def one(data: bytes) -> None:
        with contextlib.suppress(TillsyncError):
            parse_manifest(data, "fuzz.manifest.json")

    return one


def _csv_target(folder: Path) -> Any:
    import gzip

    from connectors.errors import TillsyncError
    from ftp_import.format import ENTITY_ORDER
    from ftp_import.manifest import ManifestFile
    from ftp_import.reader import iter_rows
    from standalone_till.rows import ROW_CONVERTERS

    path = folder / "fuzz.csv.gz"

    def one(data: bytes) -> None:
        if not data:
            return
        entity = ENTITY_ORDER[data[0] % len(ENTITY_ORDER)]
        kind = "full" if data[0] & 0x80 == 0 else "incremental"
        packed = gzip.compress(data[1:], mtime=0)
        path.write_bytes(packed)
        rows = data.count(b"\n") - 1
        entry = ManifestFile(entity, path.name, len(packed), max(rows, 0), _sha256(packed))
        try:
            if kind == "full":
                for _chunk in ROW_CONVERTERS[entity](iter_rows(path, entry, kind), path.name):
                    pass
            else:
                for _row in iter_rows(path, entry, kind):
                    pass
        except TillsyncError:
            pass

    return one


def _soap_target() -> Any:
    from lxml import etree

    from connectors.soap.server import Contract, SoapApp
    from ticket_contract import WSDL_PATH

    def handler(name: str) -> Any:
        def answer(request: Any) -> Any:
            return etree.Element(f"{{{etree.QName(request).namespace}}}{name}Response")

        return answer

    app = SoapApp(
        {op: handler(op) for op in _SOAP_OPERATIONS},
        max_request_bytes=1 << 20,
        contract=Contract.load(WSDL_PATH),
    )

    def one(data: bytes) -> None:
        environ = {
            "REQUEST_METHOD": "POST",
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            "wsgi.url_scheme": "http",
            "HTTP_HOST": "127.0.0.1",
            "PATH_INFO": "/soap",
        }
        statuses: list[str] = []
        b"".join(app(environ, lambda status, headers: statuses.append(status)))
        if statuses and statuses[0].startswith("5"):
            raise RuntimeError(f"HTTP {statuses[0]} for a request")

    return one


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- seeds --------------------------------------------------------------------------------


def write_seeds(target: str, corpus: Path) -> None:
    """Valid inputs of ``target`` for libFuzzer to start from."""
    import gzip

    from erp_gateway.sample import write_sample_export

    corpus.mkdir(parents=True, exist_ok=True)
    if target == "soap":
        from fault_harness.fuzz import request

        corpus.joinpath("ping").write_bytes(request("Ping", "<t:tillId>T01</t:tillId>", header=""))
        corpus.joinpath("messages").write_bytes(
            request("GetMessages", "<t:tillId>T01</t:tillId><t:event>day_open</t:event>")
        )
        return
    with tempfile.TemporaryDirectory() as tmp:
        exports = Path(tmp)
        write_sample_export(exports, items=5, changes=1, seed=3)
        for path in sorted(exports.iterdir()):
            if target == "manifest" and path.name.endswith(".manifest.json"):
                corpus.joinpath(path.name).write_bytes(path.read_bytes())
            elif target == "csv" and path.name.endswith(".csv.gz"):
                from ftp_import.format import ENTITY_ORDER

                entity = path.name.split(".")[1]
                flag = 0x80 if "incremental" in path.name else 0
                head = bytes([ENTITY_ORDER.index(entity) | flag])
                corpus.joinpath(path.name).write_bytes(head + gzip.decompress(path.read_bytes()))


# -- the parent side ------------------------------------------------------------------------


def run_one(target: str, *, seconds: int, seed: int, workdir: Path) -> list[Figure]:
    """One atheris run of ``seconds``; figures of executions and crashes."""
    folder = workdir / target
    corpus = folder / "corpus"
    write_seeds(target, corpus)
    command = [
        sys.executable, "-m", "fault_harness.fuzz_atheris", target,
        "--workdir", str(folder), "--", f"-max_total_time={seconds}", f"-seed={seed or 1}",
        "-print_final_stats=1", "-timeout=20", "-rss_limit_mb=3072",
        f"-artifact_prefix={folder}/", str(corpus),
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 120, check=False, env=child_env()
    )
    (folder / "atheris.log").write_text(done.stdout + done.stderr)
    found = _EXECUTED.findall(done.stderr)
    executions = int(found[-1]) if found else 0
    crashed = done.returncode != 0
    note = f"exit {done.returncode}"
    if crashed:
        tail = [ln for ln in done.stderr.splitlines() if ln.strip()][-3:]
        note = f"{note}: {' | '.join(tail)[:300]}"
    name = f"fuzz.atheris.{target}"
    return [
        Figure(f"{name}.executions", executions, 1000, ">=", note=f"{seconds} s"),
        Figure(f"{name}.crashes", int(crashed), 0, note=note),
    ]


def run_all(workdir: Path, *, seconds: int, seed: int) -> list[Figure]:
    """Every target for ``seconds`` each; [] when atheris is not installed."""
    if not available():
        log.warning("atheris is not installed: the coverage-guided runs are skipped")
        return []
    figures: list[Figure] = []
    for target in TARGETS:
        figures += run_one(target, seconds=seconds, seed=seed, workdir=workdir)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("--workdir", type=Path, required=True)
    argv = sys.argv[1:] if argv is None else argv
    ours, libfuzzer = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    args = parser.parse_args(ours)
    import atheris

    args.workdir.mkdir(parents=True, exist_ok=True)
    with atheris.instrument_imports(include=["ftp_import", "connectors", "standalone_till"]):
        if args.target == "manifest":
            one = _manifest_target()
        elif args.target == "csv":
            one = _csv_target(args.workdir)
        else:
            one = _soap_target()
    atheris.Setup([sys.argv[0], *libfuzzer], one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
