"""The sample exports and the ``erp-gateway`` command that writes them, run in this process
(the installed console script: tests/integration/erp_gateway/test_gateway_exports_cli.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from erp_gateway.cli import main
from erp_gateway.sample import write_sample_export
from ftp_import.format import ENTITIES, ENTITY_ORDER
from ftp_import.gtin import is_valid_gtin
from ftp_import.manifest import Manifest
from ftp_import.reader import iter_rows, list_exports, read_manifest

Table = dict[tuple[str, ...], list[str]]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Manifest]]:
    out = tmp_path_factory.mktemp("sample")
    return out, write_sample_export(out, items=2000, changes=3, seed=11)


def _rows(folder: Path, m: Manifest, entity: str) -> list[list[str]]:
    entry = m.file_for(entity)
    return [] if entry is None else list(iter_rows(folder / entry.name, entry, m.kind))


def _apply(folder: Path, manifests: list[Manifest]) -> dict[str, Table]:
    """What a till holds after applying the exports in order (checks every delete hits)."""
    tables: dict[str, Table] = {e: {} for e in ENTITY_ORDER}
    for m in manifests:
        for entity in ENTITY_ORDER:
            e = ENTITIES[entity]
            key_of = [e.columns.index(c) for c in e.key]
            for row in _rows(folder, m, entity):
                op, values = ("U", row) if m.kind == "full" else (row[0], row[1:])
                key = tuple(values[i] for i in key_of)
                if op == "D":
                    assert key in tables[entity], (m.sequence, entity, key)
                    del tables[entity][key]
                else:
                    tables[entity][key] = values
    return tables


def test_a_full_export_then_increments_on_a_base_chain(
    exports: tuple[Path, list[Manifest]],
) -> None:
    folder, manifests = exports
    assert [(m.sequence, m.kind, m.base_sequence) for m in manifests] == [
        (1, "full", None),
        (2, "incremental", 1),
        (3, "incremental", 2),
        (4, "incremental", 3),
    ]
    assert [read_manifest(folder / r.manifest_name) for r in list_exports(folder)] == manifests
    assert manifests[0].created_at == dt.datetime(2026, 1, 1, 0, 1, tzinfo=dt.UTC)
    full = manifests[0]
    assert full.file_for("items").rows == 2000  # type: ignore[union-attr]
    assert full.file_for("customers").rows == 40  # type: ignore[union-attr]


def test_increments_upsert_and_delete(exports: tuple[Path, list[Manifest]]) -> None:
    folder, manifests = exports
    for m in manifests[1:]:
        for entity in ("items", "prices", "barcodes"):
            ops = Counter(row[0] for row in _rows(folder, m, entity))
            assert ops["U"] > 0 and ops["D"] > 0, (m.sequence, entity, ops)
        assert _rows(folder, m, "customers") and _rows(folder, m, "cards")
        price_changes = [r for r in _rows(folder, m, "prices") if r[0] == "U"]
        assert len(price_changes) >= 2000 // 100


def test_applied_in_order_nothing_points_at_a_missing_item(
    exports: tuple[Path, list[Manifest]],
) -> None:
    folder, manifests = exports
    tables = _apply(folder, manifests)
    items = {k[0] for k in tables["items"]}
    customers = {k[0] for k in tables["customers"]}
    cards = {k[0] for k in tables["cards"]}
    assert len(items) > 2000  # new items outnumber the deleted ones
    assert {row[0] for row in tables["prices"].values()} == items  # every item has a price
    assert {row[1] for row in tables["barcodes"].values()} <= items
    assert {row[1] for row in tables["cards"].values() if row[1]} <= customers
    for offer in tables["offers"].values():
        assert offer[5] == "" or offer[5] in items
        assert offer[2] != "customer" or offer[3] in customers
        assert offer[2] != "card" or offer[3] in cards
    deleted = {row[1] for m in manifests[1:] for row in _rows(folder, m, "items") if row[0] == "D"}
    assert deleted and not deleted & items


def test_the_catalog_looks_like_a_shop(exports: tuple[Path, list[Manifest]]) -> None:
    folder, manifests = exports
    items = _rows(folder, manifests[0], "items")
    weighed = [r for r in items if r[3] == "weight"]
    alcohol = [r for r in items if r[4] == "1"]
    assert len(weighed) == 2000 // 20  # one in every 20 items
    assert 40 <= len(alcohol) <= 130 and {r[2] for r in alcohol} == {"20"}
    assert {r[2] for r in items} <= {"20", "10", "5.5", "0"}
    assert len({r[1] for r in items}) > 200
    prices = {r[0]: Decimal(r[2]) for r in _rows(folder, manifests[0], "prices") if not r[3]}
    assert all(Decimal("0.30") <= p <= Decimal("80.00") for p in prices.values())
    assert all(Decimal("5") <= prices[r[0]] <= Decimal("60") for r in alcohol)
    promos = [r for r in _rows(folder, manifests[0], "prices") if r[3]]
    assert promos and all(r[1] > "2026-01-01" and Decimal(r[2]) < prices[r[0]] for r in promos)
    offers = _rows(folder, manifests[0], "offers")
    assert {r[2] for r in offers} == {"all", "customer", "card"}
    assert {(r[4], r[6]) for r in offers if r[4] == "total"} == {
        ("total", "percent"),
        ("total", "amount"),
    }


def test_every_barcode_and_card_number_is_valid(exports: tuple[Path, list[Manifest]]) -> None:
    folder, manifests = exports
    tables = _apply(folder, manifests)
    sold_by = {k[0]: row[3] for k, row in tables["items"].items()}
    lengths = Counter()
    for m in manifests:
        for row in _rows(folder, m, "barcodes"):
            code = row[0] if m.kind == "full" else row[1]
            lengths[len(code)] += 1
            if len(code) == 5:
                assert code.isdigit()
            else:
                assert len(code) in (8, 13) and is_valid_gtin(code), code
    for (code,), row in tables["barcodes"].items():
        assert (len(code) == 5) == (sold_by[row[1]] == "weight")
    assert lengths[13] > lengths[8] > 0 and lengths[5] > 0
    for (number,) in tables["cards"]:
        assert len(number) == 13 and number.startswith("9") and is_valid_gtin(number)


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    a = write_sample_export(tmp_path / "a", items=300, changes=2, seed=5)
    b = write_sample_export(tmp_path / "b", items=300, changes=2, seed=5)
    c = write_sample_export(tmp_path / "c", items=300, changes=2, seed=6)
    assert a == b
    for m in a:
        for f in m.files:
            assert (tmp_path / "a" / f.name).read_bytes() == (tmp_path / "b" / f.name).read_bytes()
    assert a[0].file_for("items").sha256 != c[0].file_for("items").sha256  # type: ignore[union-attr]


def test_sample_export_refuses_bad_counts(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="items"):
        write_sample_export(tmp_path, items=0)
    with pytest.raises(ValueError, match="changes"):
        write_sample_export(tmp_path, items=5, changes=-1)


# --- the command ------------------------------------------------------------------------


def test_cli_writes_exports_and_reports_them(tmp_path: Path) -> None:
    out = tmp_path / "exports"
    result = CliRunner().invoke(
        main, ["sample-export", "--items", "60", "--out", str(out), "--changes", "2"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].split()[:2] == ["1", "full"]
    assert lines[2].split()[:2] == ["3", "incremental"]
    assert lines[3].startswith("wrote 3 exports")
    assert [r.sequence for r in list_exports(out)] == [1, 2, 3]
    full = read_manifest(out / "00000001-full.manifest.json")
    assert f"{sum(f.rows for f in full.files)} rows" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["sample-export", "--items", "0", "--out", "x"],
        ["sample-export", "--items", "many", "--out", "x"],
        ["sample-export", "--out", "x"],
        ["sample-export", "--items", "5", "--out", "x", "--changes", "-1"],
        ["no-such-command"],
        [],
    ],
)
def test_cli_usage_errors_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "Usage:" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "x").exists()


def test_cli_bad_input_is_one_error_line(tmp_path: Path) -> None:
    args = ["sample-export", "--items", "5", "--out", str(tmp_path)]
    assert CliRunner().invoke(main, args).exit_code == 0
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1
    assert again.stderr.startswith("error: ") and "already published" in again.stderr
    assert "Traceback" not in again.output


def test_cli_environment_errors_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = CliRunner().invoke(
        main, ["sample-export", "--items", "5", "--out", str(blocker / "x")]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


def _commands(group: click.Group) -> list[click.Command]:
    return [group, *group.commands.values()]


def test_every_command_and_option_has_help() -> None:
    for command in _commands(main):
        assert command.help, command.name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, (command.name, param.name)
        result = CliRunner().invoke(
            main, [*([command.name] if command is not main else []), "--help"]
        )
        assert result.exit_code == 0
