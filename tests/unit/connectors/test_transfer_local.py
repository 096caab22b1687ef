"""The transfer interface on a local folder, URLs, and fetching verified exports (no network)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from connectors.errors import ChecksumError, ConfigError, ExportError, TransferError
from connectors.transfer import (
    LocalFolder,
    RemoteFile,
    Transfer,
    open_url,
    parse_url,
    part_path,
    redact_url,
)
from ftp_import.fetch import (
    fetch_exports,
    fetch_increments_after,
    fetch_newest_full,
    list_remote_exports,
)
from ftp_import.reader import ExportRef, export_ref, file_mismatch, read_manifest


@pytest.fixture
def exports(tmp_path: Path, published_exports: Path) -> Path:
    folder = tmp_path / "server"
    shutil.copytree(published_exports, folder)
    return folder


class Counting(LocalFolder):
    """A LocalFolder that records what it downloads (path, offset it resumed at)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.fetched: list[tuple[str, int]] = []

    def download(self, remote_path: str, local_path: Path, **kw: object) -> None:
        start = part_path(local_path).stat().st_size if part_path(local_path).exists() else 0
        self.fetched.append((Path(remote_path).name, start))
        super().download(remote_path, local_path, **kw)  # type: ignore[arg-type]


def test_local_folder_is_a_transfer(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"abc")
    (tmp_path / "sub").mkdir()
    with LocalFolder(tmp_path) as t:
        assert isinstance(t, Transfer)
        assert t.list("/") == [RemoteFile("a.bin", 3)]
        t.mkdirs("/out/x")
        t.upload(tmp_path / "a.bin", "/out/x/b.bin")
        assert sorted(p.name for p in (tmp_path / "out" / "x").iterdir()) == ["b.bin"]
        t.rename("/out/x/b.bin", "out/x/c.bin")
        t.download("/out/x/c.bin", tmp_path / "got" / "c.bin", expected_size=3)
        assert (tmp_path / "got" / "c.bin").read_bytes() == b"abc"
        t.delete("/out/x/c.bin")
        assert t.list("/out/x") == []


def test_local_download_resumes_from_part(tmp_path: Path) -> None:
    data = bytes(range(256)) * 400
    (tmp_path / "big.bin").write_bytes(data)
    target = tmp_path / "staging" / "big.bin"
    target.parent.mkdir()
    part_path(target).write_bytes(data[:1000])
    calls: list[tuple[int, int]] = []
    LocalFolder(tmp_path).download("big.bin", target, progress=lambda d, n: calls.append((d, n)))
    assert target.read_bytes() == data
    assert not part_path(target).exists()
    assert calls[0] == (1000, len(data))
    assert calls[-1] == (len(data), len(data))


def test_local_errors_name_the_path(tmp_path: Path) -> None:
    t = LocalFolder(tmp_path)
    with pytest.raises(TransferError, match=r"/nope\.bin: file not found") as err:
        t.download("/nope.bin", tmp_path / "x")
    assert err.value.server == tmp_path.resolve().as_uri()
    with pytest.raises(TransferError, match="folder not found"):
        t.list("/missing")
    with pytest.raises(TransferError, match="leaves the folder"):
        t.download("../etc/passwd", tmp_path / "x")


def test_download_refuses_a_size_other_than_expected(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"abcd")
    with pytest.raises(ChecksumError, match="the server has 4 bytes, expected 5"):
        LocalFolder(tmp_path).download("a.bin", tmp_path / "b.bin", expected_size=5)


# -- URLs ----------------------------------------------------------------------------------


def test_parse_url_and_hide_the_password() -> None:
    url = parse_url("sftp://till:p%40ss@files.example.com:2222/~/exports")
    assert (url.protocol, url.host, url.port, url.user, url.password, url.path) == (
        "sftp",
        "files.example.com",
        2222,
        "till",
        "p@ss",
        "exports",
    )
    assert "p@ss" not in str(url) and "p%40ss" not in str(url) and "p@ss" not in repr(url)
    assert str(url) == "sftp://till:***@files.example.com:2222/~/exports"
    assert parse_url("ftps://h/x").port == 21
    assert parse_url("ftp://u@h").path == "/"
    assert redact_url("ftp://u:secret@h:21/x") == "ftp://u:***@h:21/x"
    assert redact_url("ftp://u@h/x") == "ftp://u@h/x"
    assert redact_url("C:\\exports") == "C:\\exports"


def test_bad_urls_are_config_errors_without_the_password() -> None:
    with pytest.raises(ConfigError, match="unsupported scheme") as err:
        parse_url("http://u:secret@h/")
    assert "secret" not in str(err.value)
    with pytest.raises(ConfigError, match="bad port") as err:
        parse_url("ftp://u:secret@h:99999/")
    assert "secret" not in str(err.value)


def test_open_url_on_a_folder(tmp_path: Path) -> None:
    for location in (str(tmp_path), tmp_path.as_uri()):
        transfer, remote_dir = open_url(location)
        assert isinstance(transfer, LocalFolder) and remote_dir == "/"
        assert transfer.root == tmp_path.resolve()


# -- fetching exports ----------------------------------------------------------------------


def test_export_names() -> None:
    assert export_ref("00000012-full.manifest.json") == ExportRef(
        12, "full", "00000012-full.manifest.json"
    )
    for name in (
        ".00000012-full.manifest.json.part",
        "00000012-full.manifest.json.tmp",
        "00000012-full.items.csv.gz",
        "00000000-full.manifest.json",
        "00000012-other.manifest.json",
        "12-full.manifest.json",
    ):
        assert export_ref(name) is None


def test_fetch_newest_full_verifies_every_file(exports: Path, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    (exports / ".00000004-full.manifest.json.part").write_text("{}")  # publishing in progress
    seen: list[tuple[str, int, int]] = []
    path = fetch_newest_full(LocalFolder(exports), "/", staging, progress=lambda *a: seen.append(a))
    assert path == staging / "00000001-full.manifest.json"
    manifest = read_manifest(path)
    for entry in manifest.files:
        assert file_mismatch(staging / entry.name, entry) is None
    assert not list(staging.glob("*.part"))
    assert {name for name, _, _ in seen} == {path.name, *(f.name for f in manifest.files)}


def test_fetch_nothing_published(tmp_path: Path) -> None:
    assert fetch_newest_full(LocalFolder(tmp_path), "/", tmp_path / "staging") is None


def test_fetch_increments_in_order_and_only_what_is_new(exports: Path, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    source = Counting(exports)
    assert [r.sequence for r in list_remote_exports(source, "/")] == [1, 2, 3]
    paths = fetch_increments_after(source, "/", staging, after_sequence=1)
    assert [p.name for p in paths] == [
        "00000002-incremental.manifest.json",
        "00000003-incremental.manifest.json",
    ]
    assert len(source.fetched) == 5  # two manifests, three data files
    source.fetched.clear()
    assert fetch_increments_after(source, "/", staging, after_sequence=1) == paths
    assert source.fetched == []  # staged and verified already
    assert fetch_increments_after(source, "/", staging, after_sequence=3) == []


def test_fetch_with_a_custom_choice(exports: Path, tmp_path: Path) -> None:
    paths = fetch_exports(
        LocalFolder(exports), "/", tmp_path / "s", lambda refs: [r for r in refs if r.sequence == 2]
    )
    assert [p.name for p in paths] == ["00000002-incremental.manifest.json"]


def test_damaged_part_is_fetched_again_from_zero(exports: Path, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    name = "00000001-full.items.csv.gz"
    good = (exports / name).read_bytes()
    part_path(staging / name).write_bytes(b"\0" * len(good))  # a complete but damaged part
    source = Counting(exports)
    fetch_newest_full(source, "/", staging)
    assert (staging / name).read_bytes() == good
    assert [f for f in source.fetched if f[0] == name] == [(name, len(good)), (name, 0)]


def test_damaged_on_the_server_twice_is_a_checksum_error(exports: Path, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    name = "00000001-full.prices.csv.gz"
    data = bytearray((exports / name).read_bytes())
    data[100] ^= 0xFF
    (exports / name).write_bytes(bytes(data))
    source = Counting(exports)
    with pytest.raises(ChecksumError, match="fetched twice") as err:
        fetch_newest_full(source, "/", staging)
    assert err.value.file == name
    assert [f for f in source.fetched if f[0] == name] == [(name, 0), (name, 0)]
    assert not (staging / name).exists() and not part_path(staging / name).exists()


def test_a_staged_manifest_of_another_size_is_fetched_again(exports: Path, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "00000002-incremental.manifest.json").write_text("{}")
    source = Counting(exports)
    fetch_increments_after(source, "/", staging, after_sequence=1)
    assert ("00000002-incremental.manifest.json", 0) in source.fetched


def test_a_manifest_not_matching_its_name_is_refused(exports: Path, tmp_path: Path) -> None:
    shutil.copy(
        exports / "00000002-incremental.manifest.json",
        exports / "00000007-incremental.manifest.json",
    )
    with pytest.raises(ExportError, match="holds export 2"):
        fetch_increments_after(LocalFolder(exports), "/", tmp_path / "s", after_sequence=5)
    assert not (tmp_path / "s" / "00000007-incremental.manifest.json").exists()
