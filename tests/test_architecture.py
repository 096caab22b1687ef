"""The dependency direction of DESIGN.md 2, read from the source with ``ast``.

    admin_gui -> standalone_till -> {ticket_contract, ftp_import} -> connectors
    erp_gateway -> {ticket_contract, ftp_import} -> connectors

Every import counts: lazy ones inside functions too, relative ones, and
``importlib.import_module`` of a constant name. The installed product (the packages of
pyproject's ``packages.find``) never imports the development tools (fault harness,
benchmarks, scripts, tests and their helpers) and holds none of them. No two product
packages import each other, nor two subpackages of one product package.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from setuptools import find_packages

ROOT = Path(__file__).resolve().parent.parent

#: What each product package may import besides itself; any other arrow between them goes
#: against the direction. An arrow may skip a level (the till uses connectors directly).
ALLOWED: dict[str, frozenset[str]] = {
    "connectors": frozenset(),
    "ftp_import": frozenset({"connectors"}),
    "ticket_contract": frozenset({"connectors"}),
    "standalone_till": frozenset({"ticket_contract", "ftp_import", "connectors"}),
    "erp_gateway": frozenset({"ticket_contract", "ftp_import", "connectors"}),
    "admin_gui": frozenset({"standalone_till", "ticket_contract", "ftp_import", "connectors"}),
}
PRODUCT = frozenset(ALLOWED)
#: Development tools: in the repository, never in the installed product.
DEV_FOLDERS = ("fault_harness", "bench", "scripts", "tests")


@dataclass(frozen=True)
class Arrow:
    """One import: ``module`` (in file ``source``, at ``line``) imports ``target``."""

    source: Path
    line: int
    module: str
    target: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.module} imports {self.target}"


def top(dotted: str) -> str:
    return dotted.split(".")[0]


def python_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0].startswith(".") or parts[0] in {"build", "dist"}:
            continue
        if any(p.endswith(".egg-info") or p == "__pycache__" for p in parts):
            continue
        yield path


def module_name(rel: Path) -> str:
    parts = rel.with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _from_base(rel: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = list(rel.parent.parts)
    if node.level > 1:
        package = package[: -(node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def _dynamic_import(node: ast.Call) -> str | None:
    """The constant name given to ``importlib.import_module`` or ``__import__``."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in {"import_module", "__import__"} or not node.args:
        return None
    first = node.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None


def arrows(path: Path, root: Path) -> Iterator[Arrow]:
    """Every import in ``path``, wherever it stands in the file."""
    rel = path.relative_to(root)
    module = module_name(rel)

    def is_module(dotted: str) -> bool:
        base = root.joinpath(*dotted.split("."))
        return base.is_dir() or base.with_suffix(".py").is_file()

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(rel))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _from_base(rel, node)
            # ``from pkg import sub`` points at the submodule when there is one.
            targets = [
                f"{base}.{a.name}" if is_module(f"{base}.{a.name}") else base for a in node.names
            ]
        elif isinstance(node, ast.Call) and (name := _dynamic_import(node)) is not None:
            targets = [name]
        for target in targets:
            yield Arrow(rel, node.lineno, module, target)


def all_arrows(root: Path) -> list[Arrow]:
    return [a for path in python_files(root) for a in arrows(path, root)]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of nodes that reach each other (strongly connected, more than one node)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan; the graphs here are a few dozen nodes deep
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = stack[stack.index(node) :]
            del stack[stack.index(node) :]
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


Unit = Callable[[str], str | None]


def cycles_between(found: list[Arrow], unit: Unit) -> list[str]:
    """Each circle between the units (``unit`` maps a module to its unit, or None to leave it
    out), with the imports that close it."""
    edges: dict[str, set[str]] = {}
    for a in found:
        source, target = unit(a.module), unit(a.target)
        if source is not None and target is not None and source != target:
            edges.setdefault(source, set()).add(target)
    reports = []
    for group in cycles(edges):
        evidence = sorted(
            {
                f"  {a}"
                for a in found
                if unit(a.module) in group
                and unit(a.target) in group
                and unit(a.module) != unit(a.target)
            }
        )
        reports.append(" <-> ".join(group) + "\n" + "\n".join(evidence))
    return reports


def product_package(dotted: str) -> str | None:
    return top(dotted) if top(dotted) in PRODUCT else None


def subpackage_of(package: str, root: Path) -> Unit:
    subs = {p.name for p in (root / package).iterdir() if (p / "__init__.py").is_file()}

    def unit(dotted: str) -> str | None:
        parts = dotted.split(".")
        return (
            ".".join(parts[:2]) if parts[0] == package and parts[1:2] and parts[1] in subs else None
        )

    return unit


def dev_names(root: Path) -> set[str]:
    """Top-level names only the development tools provide: their folders, and the modules in
    them that become importable when a folder is on ``sys.path`` (tests/, bench/)."""
    names = set(DEV_FOLDERS)
    for folder in DEV_FOLDERS:
        for path in (root / folder).glob("*"):
            if path.suffix == ".py" or (path / "__init__.py").is_file():
                names.add(path.stem)
    return names - {"__init__"}


ARROWS = all_arrows(ROOT)
PRODUCT_ARROWS = [a for a in ARROWS if top(a.module) in PRODUCT]


def test_the_product_imports_only_downwards() -> None:
    against = sorted(
        {
            str(a)
            for a in PRODUCT_ARROWS
            if top(a.target) in PRODUCT
            and top(a.target) != top(a.module)
            and top(a.target) not in ALLOWED[top(a.module)]
        }
    )
    assert against == [], "imports against DESIGN.md 2's direction:\n" + "\n".join(against)


def test_the_product_imports_no_development_tool() -> None:
    dev = dev_names(ROOT)
    found = sorted({str(a) for a in PRODUCT_ARROWS if top(a.target) in dev})
    assert found == [], "the installed product imports test or harness code:\n" + "\n".join(found)


def test_no_cycle_between_the_product_packages() -> None:
    found = cycles_between(ARROWS, product_package)
    assert found == [], "packages importing each other:\n" + "\n".join(found)


@pytest.mark.parametrize("package", sorted(PRODUCT))
def test_no_cycle_between_subpackages(package: str) -> None:
    if not (ROOT / package).is_dir():
        pytest.skip(f"no {package} package in this tree")
    found = cycles_between(ARROWS, subpackage_of(package, ROOT))
    assert found == [], f"subpackages of {package} importing each other:\n" + "\n".join(found)


def test_the_wheel_holds_the_product_only() -> None:
    """pyproject's ``packages.find`` picks every product package and none of the tools."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find = pyproject["tool"]["setuptools"]["packages"]["find"]
    packages = find_packages(
        str(ROOT), include=find.get("include", ["*"]), exclude=find.get("exclude", ())
    )
    held = {top(p) for p in packages}
    assert held <= PRODUCT, f"the wheel would hold {sorted(held - PRODUCT)}"
    present = {name for name in PRODUCT if (ROOT / name / "__init__.py").is_file()}
    assert held == present, f"the wheel would miss {sorted(present - held)}"


# -- the checks themselves, on a small tree that breaks every rule -------------------------

_BAD_TREE = {
    "connectors/__init__.py": "",
    "connectors/fetch.py": "def f():\n    from ftp_import import reader\n",
    "ftp_import/__init__.py": "",
    "ftp_import/reader.py": "import connectors.fetch\n",
    "standalone_till/__init__.py": "",
    "standalone_till/sync/__init__.py": "from ..hub import link\n",
    "standalone_till/hub/__init__.py": "",
    "standalone_till/hub/link.py": (
        "import importlib\n\ndef g():\n    importlib.import_module('standalone_till.sync')\n"
    ),
    "standalone_till/demo.py": "from fault_harness.servers import free_port\n",
    "tests/transfer_servers.py": "",
}


@pytest.fixture
def bad_tree(tmp_path: Path) -> list[Arrow]:
    for name, text in _BAD_TREE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return all_arrows(tmp_path)


def test_lazy_relative_and_dynamic_imports_are_read(bad_tree: list[Arrow]) -> None:
    seen = {(a.module, a.target) for a in bad_tree}
    assert ("connectors.fetch", "ftp_import.reader") in seen  # lazy, ``from pkg import sub``
    assert ("standalone_till.sync", "standalone_till.hub.link") in seen  # relative
    assert ("standalone_till.hub.link", "standalone_till.sync") in seen  # import_module


def test_circles_are_found_with_the_imports_that_close_them(bad_tree: list[Arrow]) -> None:
    [between_packages] = cycles_between(bad_tree, product_package)
    assert between_packages.startswith("connectors <-> ftp_import\n")
    assert "connectors/fetch.py:2: connectors.fetch imports ftp_import.reader" in between_packages
    [subs] = cycles_between(bad_tree, subpackage_of("standalone_till", ROOT))
    assert subs.startswith("standalone_till.hub <-> standalone_till.sync\n")
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}}) == []


def test_a_tool_imported_by_the_product_is_named(bad_tree: list[Arrow], tmp_path: Path) -> None:
    dev = dev_names(tmp_path)
    assert {"tests", "fault_harness", "transfer_servers"} <= dev
    found = [str(a) for a in bad_tree if top(a.module) in PRODUCT and top(a.target) in dev]
    assert found == [
        "standalone_till/demo.py:1: standalone_till.demo imports fault_harness.servers"
    ]
