"""A data file damaged on its way is reported as damaged, naming its checksum, never as
bad data of the ERP: whatever byte is changed, wherever a row then fails, the load
refuses the file because it does not match its manifest, and applies nothing."""

from __future__ import annotations

import logging
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.errors import ChecksumError, ExportError
from connectors.transfer import LocalFolder
from ftp_import.fetch import fetch_newest_full
from ftp_import.reader import list_exports, read_manifest
from standalone_till.config import load_config
from standalone_till.service import Till

OFFSETS_PER_FILE = 12
SEED = 20260601


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Full export 1 and increment 2 of a small catalog (read-only: copy to alter)."""
    from erp_gateway.sample import write_sample_export

    out = tmp_path_factory.mktemp("small")
    write_sample_export(out, items=150, changes=1, seed=3)
    return out


@pytest.fixture
def till(sqlite_config: Path) -> Iterator[Till]:
    t = Till(load_config(sqlite_config))
    t.init()
    yield t
    t.close()


def _flipped(path: Path, offset: int, mask: int) -> bytes:
    """Change the byte at ``offset`` of ``path``; the original bytes, to put back."""
    original = path.read_bytes()
    data = bytearray(original)
    data[offset] ^= mask
    path.write_bytes(bytes(data))
    return original


def _offsets(rng: random.Random, size: int) -> list[int]:
    """The gzip header, the trailer, and seeded offsets in between."""
    inside = rng.sample(range(10, size - 8), min(OFFSETS_PER_FILE, size - 18))
    return [3, *inside, size - 6]


def _refused(till: Till, load: str, folder: Path, name: str) -> ExportError:
    with pytest.raises(ExportError) as err:
        if load == "full":
            till.load_data(folder)
        else:
            till.load_changes(folder)
    return err.value


def test_a_byte_changed_anywhere_in_any_data_file_names_the_checksum(
    till: Till, small_export: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    shutil.copytree(small_export, folder)
    manifests = [read_manifest(folder / ref.manifest_name) for ref in list_exports(folder)]
    till.load_data(folder / "00000001-full.manifest.json")
    state, counts = till.catalog_state(), till.catalog.counts()
    rng = random.Random(SEED)
    cases = 0
    for manifest in manifests:
        load = "full" if manifest.kind == "full" else "changes"
        for entry in manifest.files:
            path = folder / entry.name
            for offset in _offsets(rng, entry.size):
                original = _flipped(path, offset, rng.randrange(1, 256))
                try:
                    error = _refused(till, load, folder, entry.name)
                finally:
                    path.write_bytes(original)
                case = f"{entry.name} at byte {offset}: {error}"
                assert isinstance(error, ChecksumError), case
                assert error.file == entry.name, case
                assert "does not match the manifest: sha256: expected" in str(error), case
                assert "in transfer" not in str(error), case  # a folder read in place
                assert till.catalog_state() == state and till.catalog.counts() == counts, case
                cases += 1
    assert cases >= 100


def test_a_row_failing_in_a_file_that_matches_its_manifest_is_the_row_error(
    till: Till, tmp_path: Path
) -> None:
    """Only a file that matches its manifest is the publisher's: its row error stands."""
    from ftp_import.writer import ExportWriter

    out = tmp_path / "x"
    out.mkdir()
    with ExportWriter(out, 1, "full") as w:
        w.write_rows("items", [("I1", "Bread", "5.5", "unit", "0", "1")])
        w.write_rows("barcodes", [("4006381333931", "I1"), ("3544220774141", "I1")])
    with pytest.raises(ExportError) as err:
        till.load_data(out)
    assert not isinstance(err.value, ChecksumError)
    assert str(err.value) == (
        "00000001-full.barcodes.csv.gz, line 3: check digit of 3544220774141 should be 5"
    )


def test_a_file_damaged_on_the_server_is_named_once_in_each_message(
    small_export: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = tmp_path / "server"
    shutil.copytree(small_export, server)
    name = "00000001-full.items.csv.gz"
    _flipped(server / name, 200, 0x04)
    with (
        caplog.at_level(logging.WARNING, logger="tillsync.transfer"),
        pytest.raises(ChecksumError) as err,
    ):
        fetch_newest_full(LocalFolder(server), "/", tmp_path / "staging")
    message = str(err.value)
    assert message.startswith(f"{name}: fetched twice and still does not match the manifest: ")
    assert message.count(name) == 1 and message.count("does not match the manifest") == 1
    assert "sha256: expected" in message
    (warning,) = [r.getMessage() for r in caplog.records if name in r.getMessage()]
    assert warning.startswith(f"{name}: does not match the manifest: sha256: expected")
    assert warning.endswith("; fetching it again from the start")
    assert warning.count(name) == 1 and warning.count("does not match the manifest") == 1
