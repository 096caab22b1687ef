"""The ``[erp_sink.NAME]`` tables of gateway.toml: declared once, checked with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.errors import ConfigError
from erp_gateway.config import config_from_mapping


def _load(tmp_path: Path, sinks: object) -> object:
    return config_from_mapping({"erp_sink": sinks}, folder=tmp_path, source="gateway.toml")


def test_each_sink_is_read_with_its_defaults(tmp_path: Path) -> None:
    cfg = _load(
        tmp_path,
        {
            "erp": {"kind": "sql", "url": "postgresql+psycopg://erp:pw@db/erp"},
            "files": {"kind": "files", "target": "sftp://feed@host/in", "format": "csv"},
            "bus": {"kind": "amqp", "url": "amqp://guest:guest@127.0.0.1:5672/"},
        },
    )
    sinks = cfg.erp_sinks  # type: ignore[attr-defined]
    assert list(sinks) == ["erp", "files", "bus"]
    assert sinks["erp"].table_prefix == "tillsync_" and sinks["erp"].batch_size == 1000
    assert sinks["files"].format == "csv"
    assert sinks["bus"].exchange == "tillsync.feed"
    assert "pw" not in repr(sinks["erp"])


def test_no_sink_is_fine(tmp_path: Path) -> None:
    cfg = config_from_mapping({}, folder=tmp_path, source="gateway.toml")
    assert cfg.erp_sinks == {}


def test_every_problem_is_named_by_sink_and_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        _load(
            tmp_path,
            {
                "a": {"kind": "kafka"},
                "b": {"kind": "sql"},
                "c": {"kind": "files", "format": "xml"},
                "d": {"kind": "amqp", "url": "http://x", "batch_size": 0},
                "e": {"url": "amqp://x"},
                "f": {"kind": "files", "tagret": "/tmp"},
                "bad name": {"kind": "files"},
            },
        )
    lines = str(err.value).splitlines()
    assert lines == [
        'gateway.toml: erp_sink.a.kind must be one of "sql", "files", "amqp", got "kafka"',
        "gateway.toml: erp_sink.b: a sql sink needs url or odbc (one of them)",
        'gateway.toml: erp_sink.c.format must be one of "jsonl", "csv", got "xml"',
        "gateway.toml: erp_sink.d.batch_size must be 1..100000, got 0",
        "gateway.toml: erp_sink.e.kind is required",
        "gateway.toml: unknown key erp_sink.f.tagret (did you mean target?)",
        "gateway.toml: erp_sink.f: a files sink needs target",
        "gateway.toml: erp_sink.bad name must be a table [erp_sink.NAME], NAME of letters, "
        "digits, _ and -",
    ]


def test_secrets_of_a_sink_are_never_shown(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, {"erp": {"kind": "sql", "odbc": "PWD=s3cret\n"}})
    assert "s3cret" not in str(err.value) and "erp_sink.erp.odbc" in str(err.value)
