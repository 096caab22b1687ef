"""The till config: defaults, rules and their messages, in-place edits, imports."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.errors import ConfigError
from connectors.settings import Integer, Schema, Section, section, setting
from erp_gateway.config import SCHEMA as GATEWAY_SCHEMA
from standalone_till.config import (
    SECRET_MASK,
    TillConfig,
    config_diff,
    config_from_mapping,
    field_specs,
    find_problems,
    import_config,
    is_secret,
    load_config,
    masked,
    parse_cli_value,
    set_key,
    validate_field,
    write_default_config,
)
from standalone_till.config_model import SCHEMA as TILL_SCHEMA

SAMPLE = Path(__file__).resolve().parents[3] / "config_samples" / "till.toml"
MINIMAL = '[till]\nstore_id = "S1"\ntill_id = "T1"\n'
POSIX = os.name != "nt"


def write(folder: Path, body: str, name: str = "till.toml") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def error_of(body: str, folder: Path) -> ConfigError:
    """The ConfigError load_config raises for ``body``, the file named "till.toml"."""
    write(folder, body)
    with pytest.raises(ConfigError) as caught:
        load_config(Path("till.toml"))
    return caught.value


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- defaults and the declaration -----------------------------------------------------


def test_absent_keys_take_their_declared_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    for spec in field_specs():
        if spec.dotted_key not in ("till.store_id", "till.till_id"):
            assert getattr(getattr(config, spec.section), spec.key) == spec.default
    assert config.webservice.timeout == 60
    assert config.barcodes.weight_prefixes == ("20", "21", "22", "23", "24")
    assert config.source == tmp_path / "till.toml"


def test_relative_paths_count_from_the_config_folder(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert config.database_path == tmp_path / "till.db"
    assert config.staging_path == tmp_path / "staging"
    absolute = tmp_path / "elsewhere" / "x.db"
    assert config.resolve(str(absolute)) == absolute


def test_without_a_file_relative_paths_count_from_the_cwd(in_tmp: Path) -> None:
    config = config_from_mapping({"till": {"store_id": "S", "till_id": "T"}}, "gui")
    assert config.source is None
    assert config.database_path == in_tmp / "till.db"


@pytest.mark.parametrize(("protocol", "port", "effective"), [
    ("ftp", 0, 21), ("ftps", 0, 21), ("sftp", 0, 22), ("ftp", 2121, 2121),
])  # fmt: skip
def test_effective_port(protocol: str, port: int, effective: int) -> None:
    data = {"till": {"store_id": "S", "till_id": "T"}, "ftp": {"protocol": protocol, "port": port}}
    assert config_from_mapping(data, "x").ftp.effective_port == effective


def test_every_field_is_declared_with_type_default_and_description() -> None:
    specs = field_specs()
    assert len({s.dotted_key for s in specs}) == len(specs)
    for spec in specs:
        assert spec.type in ("str", "int", "bool", "list[str]")
        assert spec.description and spec.limits
    assert {s.dotted_key for s in specs if s.secret} == {
        "database.password",
        "webservice.password",
        "ftp.password",
        "local_server.secret",
    }
    timeout = next(s for s in specs if s.dotted_key == "webservice.timeout")
    assert (timeout.default, timeout.limits, timeout.unit) == (60, "1..600", "s")


@pytest.mark.parametrize("schema", [TILL_SCHEMA, GATEWAY_SCHEMA], ids=["till", "gateway"])
def test_every_key_of_both_configs_declares_its_rule_description_and_a_valid_default(
    schema: Schema,
) -> None:
    assert len(schema.by_key) == len(schema.specs)
    for spec in schema.specs:
        assert spec.type in ("str", "int", "bool", "list[str]", "table"), spec.dotted_key
        assert spec.description and spec.limits, spec.dotted_key
        if not spec.required:
            spec.rule.check(spec.default)  # raises Invalid for a default its rule refuses
    for name, cls in schema.sections.items():
        assert (cls.__doc__ or "").strip(), f"[{name}] has no description"


def test_a_key_without_a_description_cannot_be_declared() -> None:
    """What replaces a test that every key has a description: a section with a key
    declared without one (or not declared with setting()) is refused when its schema is
    made, so no config can ship such a key."""

    @section
    class Undescribed(Section):
        """A section with a key that says nothing."""

        port: int = setting(1, Integer(1, 2), " ")

    @section
    class Undeclared(Section):
        """A section with a plain field."""

        port: int = 1

    for cls in (Undescribed, Undeclared):
        with pytest.raises(TypeError, match=rf"{cls.__name__}\.port must be declared with"):
            Schema({"x": cls})


def test_both_configs_check_the_same_way() -> None:
    """One checker: the gateway's unknown keys and the till's get the same hints."""
    data = {"servce": {}, "service": {"prot": 1}, "port": 1}
    assert [p.message for p in GATEWAY_SCHEMA.check(data)[1]] == [
        "unknown section [servce] (did you mean service?)",
        "unknown key service.prot (did you mean port?)",
        "unknown key port (did you mean service.port?)",
    ]
    data = {"tll": {}, "till": {"stor_id": "S"}, "timeout": 1}
    assert [p.message for p in TILL_SCHEMA.check(data)[1]][:3] == [
        "unknown section [tll] (did you mean till?)",
        "unknown key till.stor_id (did you mean store_id?)",
        "unknown key timeout (did you mean webservice.timeout?)",
    ]


# -- messages -------------------------------------------------------------------------

TIMINGS_DRIP_YES = '[timings]\ndrip = "yes"\n'


@pytest.mark.parametrize(("body", "message", "key"), [
    ("[webservice]\ntimeout = 0\n", "webservice.timeout must be 1..600 s, got 0",
     "webservice.timeout"),
    ('[till]\ntill_id = "T1"\n', "till.store_id is required", "till.store_id"),
    ("[webservice]\ntimout = 5\n", "unknown key webservice.timout (did you mean timeout?)",
     "webservice.timout"),
    ("[webservices]\ntimeout = 5\n",
     "unknown section [webservices] (did you mean webservice?)", "webservices"),
    (TIMINGS_DRIP_YES, 'timings.drip must be true or false, got "yes"', "timings.drip"),
])  # fmt: skip
def test_message_names_file_and_dotted_key(in_tmp: Path, body: str, message: str, key: str) -> None:
    if "store_id" not in body and "till_id" not in body:
        body = MINIMAL + body
    error = error_of(body, in_tmp)
    assert str(error) == f"till.toml: {message}"
    assert (error.path, error.key) == ("till.toml", key)


def test_all_problems_are_reported_together(in_tmp: Path) -> None:
    body = (
        '[till]\ntill_id = "T1"\n'
        "[webservice]\ntimeout = 0\ntimout = 5\n"
        '[timings]\ndrip = "yes"\n'
        "[webservices]\n"
    )
    error = error_of(body, in_tmp)
    assert str(error).splitlines() == [
        "till.toml: webservice.timeout must be 1..600 s, got 0",
        "till.toml: unknown key webservice.timout (did you mean timeout?)",
        'till.toml: timings.drip must be true or false, got "yes"',
        "till.toml: unknown section [webservices] (did you mean webservice?)",
        "till.toml: till.store_id is required",
    ]
    assert error.key == "webservice.timeout"


def test_toml_syntax_error_names_the_line(in_tmp: Path) -> None:
    error = error_of('[till]\nstore_id = "S1"\ntill_id = "T1"\nlanguage = fr\n', in_tmp)
    assert str(error).startswith("till.toml: line 4: Invalid value")
    assert isinstance(error.__cause__, tomllib.TOMLDecodeError)


def test_unterminated_string_at_end_of_file_names_the_last_line(in_tmp: Path) -> None:
    error = error_of('[till]\nstore_id = "S1', in_tmp)
    assert str(error).startswith("till.toml: line 2: Unterminated string")


def test_missing_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match=r"nope\.toml: config file not found") as caught:
        load_config(missing)
    assert caught.value.path == str(missing)


def test_a_folder_is_not_a_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the config file"):
        load_config(tmp_path)


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "till.toml"
    path.write_bytes(MINIMAL.encode() + b'[devices]\nprinter_port = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_config(path)


def test_top_level_key_suggests_its_section(in_tmp: Path) -> None:
    error = error_of(MINIMAL.replace("[till]\n", 'currency = "EUR"\n[till]\n'), in_tmp)
    assert str(error) == "till.toml: unknown key currency (did you mean till.currency?)"


FIELD_RULES = [
    (
        '[till]\nstore_id = "a b"',
        'till.store_id must be 1..32 characters of A-Z, a-z, 0-9, _ and -, got "a b"',
    ),
    ("[till]\nstore_id = 12", "till.store_id must be a string in quotes, got 12"),
    ('[till]\nstore_id = ""', "till.store_id is required"),
    ('[till]\ncurrency = "eur"', 'till.currency must be 3 capital letters (ISO 4217), got "eur"'),
    ('[till]\nlanguage = "de"', 'till.language must be one of "en", "fr", "ru", "pl", got "de"'),
    (
        '[database]\nengine = "mysql"',
        'database.engine must be one of "sqlite", "mssql", "postgresql", got "mysql"',
    ),
    (
        '[database]\nurl = "mysql://h/db"',
        'database.url must be a URL starting with "postgresql" (postgresql+psycopg://...)'
        ', got "mysql://h/db"',
    ),
    (
        '[webservice]\nurl = "ftp://h/soap"',
        'webservice.url must be an http:// or https:// URL, or empty, got "ftp://h/soap"',
    ),
    ("[webservice]\ntimeout = 601", "webservice.timeout must be 1..600 s, got 601"),
    ("[webservice]\ntimeout = 1.5", "webservice.timeout must be 1..600 s, got 1.5"),
    ("[webservice]\ntimeout = true", "webservice.timeout must be 1..600 s, got true"),
    ('[webservice]\ntimeout = "60"', 'webservice.timeout must be 1..600 s, got "60"'),
    ("[webservice]\nping_timeout = 61", "webservice.ping_timeout must be 1..60 s, got 61"),
    ("[webservice]\nlookup_timeout = 0", "webservice.lookup_timeout must be 1..30 s, got 0"),
    ("[webservice]\nbatch_size = 1001", "webservice.batch_size must be 1..1000 tickets, got 1001"),
    ("[webservice]\nverify_tls = 1", "webservice.verify_tls must be true or false, got 1"),
    ("[ftp]\nport = 65536", "ftp.port must be 0..65535, got 65536"),
    (
        '[ftp]\nremote_dir = "exports"',
        'ftp.remote_dir must be a path starting with "/", got "exports"',
    ),
    ('[ftp]\nhost = "a host"', 'ftp.host must be a host name or IP address, got "a host"'),
    (
        '[ftp]\nknown_host_key = "ssh-ed25519 not base64!"',
        'ftp.known_host_key must be a host key line ("ssh-ed25519 AAAA...")'
        " or a known_hosts file path"
        ', got "ssh-ed25519 not base64!"',
    ),
    (
        "[timings]\nticket_sync_interval = 0",
        "timings.ticket_sync_interval must be 1..86400 s, got 0",
    ),
    ("[timings]\nerror_holdoff = -1", "timings.error_holdoff must be 0..86400 s, got -1"),
    ("[timings]\nping_interval = 3601", "timings.ping_interval must be 1..3600 s, got 3601"),
    (
        "[timings]\nchanges_interval = 86401",
        "timings.changes_interval must be 0..86400 s, got 86401",
    ),
    (
        '[barcodes]\ninstore_pattern = "IIPIIIIVVVVVC"',
        "barcodes.instore_pattern must be 13 letters of P, I, V, C,"
        ' starting with "PP", ending with "C"'
        ', got "IIPIIIIVVVVVC"',
    ),
    (
        '[barcodes]\ninstore_pattern = "PPIIIIIVVVVV"',
        "barcodes.instore_pattern must be 13 letters of P, I, V, C,"
        ' starting with "PP", ending with "C"'
        ', got "PPIIIIIVVVVV"',
    ),
    (
        '[barcodes]\nweight_prefixes = ["19"]',
        'barcodes.weight_prefixes must be a list of distinct 2-digit strings 20..29, got ["19"]',
    ),
    (
        "[barcodes]\nweight_prefixes = [20]",
        "barcodes.weight_prefixes must be a list of distinct 2-digit strings 20..29, got [20]",
    ),
    (
        '[barcodes]\nprice_prefixes = ["25", "25"]',
        "barcodes.price_prefixes must be a list of distinct 2-digit strings 20..29"
        ', got ["25", "25"]',
    ),
    (
        '[devices]\nscale_protocol = "dibal"',
        'devices.scale_protocol must be one of "none", "mettler8217", "cas", got "dibal"',
    ),
    (
        "[devices]\nscale_baudrate = 9601",
        "devices.scale_baudrate must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600,"
        " 115200 baud"
        ", got 9601",
    ),
    (
        '[devices]\nprinter_port = "a\\nb"',
        'devices.printer_port must be one line of at most 128 characters, got "a\\nb"',
    ),
    ('webservice = "x"', '[webservice] must be a section, got "x"'),
]


@pytest.mark.parametrize(("extra", "message"), FIELD_RULES)
def test_field_rules(in_tmp: Path, extra: str, message: str) -> None:
    if extra.startswith("[till]"):
        ids = [f'{key} = "X"' for key in ("store_id", "till_id") if key not in extra]
        body = "\n".join([extra, *ids, ""])
    elif extra.startswith("["):
        body = f"{MINIMAL}{extra}\n"
    else:  # a top-level key, before any section
        body = f"{extra}\n{MINIMAL}"
    assert str(error_of(body, in_tmp)) == f"till.toml: {message}"


CROSS_RULES = [
    (
        '[database]\nengine = "postgresql"',
        'database.url is required when database.engine is "postgresql"',
    ),
    (
        '[database]\nengine = "mssql"\nuser = "sa"',
        'database.instance is required when database.engine is "mssql"',
    ),
    (
        '[database]\nengine = "mssql"\ninstance = "SHOP01\\\\SQLEXPRESS"',
        'database.user is required when database.engine is "mssql" and database.trusted is false',
    ),
    (
        '[ftp]\nprotocol = "sftp"\nhost = "127.0.0.1"',
        'ftp.known_host_key is required when ftp.protocol is "sftp"'
        " (host keys are never accepted unseen)",
    ),
    (
        '[barcodes]\nweight_prefixes = ["20", "25"]',
        'barcodes.weight_prefixes and barcodes.price_prefixes must not overlap, both have "25"',
    ),
]


@pytest.mark.parametrize(("extra", "message"), CROSS_RULES)
def test_rules_across_keys(in_tmp: Path, extra: str, message: str) -> None:
    assert str(error_of(f"{MINIMAL}{extra}\n", in_tmp)) == f"till.toml: {message}"


@pytest.mark.parametrize("extra", [
    '[database]\nengine = "postgresql"\nurl = "postgresql+psycopg://till@127.0.0.1/tillsync"',
    '[database]\nengine = "mssql"\ninstance = \'SHOP01\\SQLEXPRESS\'\ntrusted = true',
    '[database]\nengine = "mssql"\ninstance = "SHOP01"\nuser = "sa"\npassword = "pw"',
    '[ftp]\nprotocol = "sftp"\nhost = "h"\nknown_host_key = "[h]:22 ssh-ed25519 AAAAC3Nz"',
    '[ftp]\nprotocol = "sftp"\nhost = "h"\nknown_host_key = "C:\\\\keys\\\\ssh-known\\\\hosts"',
    '[ftp]\nprotocol = "sftp"',
    '[barcodes]\nweight_prefixes = ["20"]\nprice_prefixes = []',
])  # fmt: skip
def test_valid_setups_load(tmp_path: Path, extra: str) -> None:
    load_config(write(tmp_path, f"{MINIMAL}{extra}\n"))


def test_cross_rules_stay_quiet_about_keys_already_wrong(in_tmp: Path) -> None:
    error = error_of(f'{MINIMAL}[database]\nengine = "postgresql"\nurl = "mysql://x"\n', in_tmp)
    assert len(str(error).splitlines()) == 1


def test_find_problems_lists_every_problem() -> None:
    data = {"till": {"store_id": "S"}, "webservice": {"timeout": 0}}
    assert [p.key for p in find_problems(data)] == ["webservice.timeout", "till.till_id"]
    assert find_problems({"till": {"store_id": "S", "till_id": "T"}}) == []


def test_config_from_mapping_names_its_source() -> None:
    with pytest.raises(ConfigError, match=r"^server file: till\.store_id is required"):
        config_from_mapping({}, "server file")


# -- one field at a time --------------------------------------------------------------


def test_validate_field() -> None:
    assert validate_field("webservice.timeout", 30) == 30
    assert validate_field("barcodes.weight_prefixes", ["21"]) == ("21",)
    with pytest.raises(ConfigError) as caught:
        validate_field("webservice.timeout", 0)
    assert str(caught.value) == "webservice.timeout must be 1..600 s, got 0"
    assert caught.value.key == "webservice.timeout"
    with pytest.raises(ConfigError, match=r"^unknown key ftp\.hots \(did you mean host\?\)$"):
        validate_field("ftp.hots", "x")
    with pytest.raises(ConfigError, match=r"^unknown section \[web\]$"):
        validate_field("web.url", "x")
    with pytest.raises(ConfigError, match=r"^unknown key ftp \(keys are written section\.key\)$"):
        validate_field("ftp", "x")
    assert is_secret("ftp.password")
    assert not is_secret("ftp.user")


@pytest.mark.parametrize(("key", "text", "value"), [
    ("webservice.timeout", " 45 ", 45), ("webservice.timeout", "1_0", 10),
    ("timings.drip", "true", True), ("timings.drip", "false", False),
    ("barcodes.weight_prefixes", "20, 21,22", ("20", "21", "22")),
    ("barcodes.weight_prefixes", '["20", "21"]', ("20", "21")),
    ("barcodes.weight_prefixes", "['20']", ("20",)),
    ("barcodes.price_prefixes", "", ()), ("barcodes.price_prefixes", "[]", ()),
    ("database.instance", "SHOP01\\SQLEXPRESS", "SHOP01\\SQLEXPRESS"),
    ("till.store_id", "123", "123"), ("till.store_id", "true", "true"),
    ("webservice.password", '"quoted"', '"quoted"'),
])  # fmt: skip
def test_parse_cli_value(key: str, text: str, value: object) -> None:
    assert parse_cli_value(key, text) == value


@pytest.mark.parametrize(("key", "text", "message"), [
    ("webservice.timeout", "abc", 'webservice.timeout must be 1..600 s, got "abc"'),
    ("webservice.timeout", "0", "webservice.timeout must be 1..600 s, got 0"),
    ("webservice.timeout", '"45"', 'webservice.timeout must be 1..600 s, got "45"'),
    ("webservice.timeout", "4.5", "webservice.timeout must be 1..600 s, got 4.5"),
    ("timings.drip", "maybe", 'timings.drip must be true or false, got "maybe"'),
    ("timings.drip", "yes", 'timings.drip must be true or false, got "yes"'),
    ("timings.drip", "1", "timings.drip must be true or false, got 1"),
    ("timings.drip", "True", 'timings.drip must be true or false, got "True"'),
    ("barcodes.weight_prefixes", "20,30",
     'barcodes.weight_prefixes must be a list of distinct 2-digit strings 20..29'
     ', got ["20", "30"]'),
    ("barcodes.weight_prefixes", '["20", 21]',
     'barcodes.weight_prefixes must be a list of distinct 2-digit strings 20..29'
     ', got ["20", 21]'),
    ("barcodes.weight_prefixes", '["20"',
     'barcodes.weight_prefixes must be a list of distinct 2-digit strings 20..29'
     ', got "[\\"20\\""'),
])  # fmt: skip
def test_parse_cli_value_refuses(key: str, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_cli_value(key, text)
    assert str(caught.value) == message


# One grammar: VALUE of `till config set` written as the file would hold it is taken or
# refused as the file is, with the same message; booleans are true/false in both.
@pytest.mark.parametrize(("key", "toml"), [
    ("timings.drip", "true"), ("timings.drip", "false"), ("timings.drip", '"yes"'),
    ("timings.drip", "1"), ("timings.drip", '"true"'),
    ("webservice.timeout", "45"), ("webservice.timeout", '"45"'), ("webservice.timeout", "4.5"),
    ("webservice.timeout", "0"),
    ("barcodes.weight_prefixes", '["20", "21"]'), ("barcodes.weight_prefixes", '["20", 21]'),
    ("barcodes.weight_prefixes", '"20,21"'), ("barcodes.weight_prefixes", "[]"),
    ("barcodes.weight_prefixes", '["20", "30"]'),
])  # fmt: skip
def test_config_set_and_the_file_take_the_same_values(tmp_path: Path, key: str, toml: str) -> None:
    section, name = key.split(".")
    in_file = write(tmp_path, f"{MINIMAL}[{section}]\n{name} = {toml}\n", "file.toml")
    by_set = write(tmp_path, MINIMAL, "set.toml")
    outcomes = []
    for attempt in (lambda: load_config(in_file), lambda: set_key(by_set, key, toml)):
        try:
            config = attempt()
        except ConfigError as exc:
            outcomes.append(str(exc).split(": ", 1)[1])
        else:
            outcomes.append(getattr(getattr(config, section), name))
    assert outcomes[0] == outcomes[1]
    # The plain forms mean the same: 20,21 for a list, unquoted text for a string.
    if toml == '"yes"':
        with pytest.raises(ConfigError) as plain:
            set_key(by_set, key, "yes")
        assert str(plain.value).split(": ", 1)[1] == outcomes[0]


# -- secrets --------------------------------------------------------------------------

SECRET = "Hunter2-" + "z" * 300  # too long: refused, and must not be echoed


@pytest.mark.parametrize("key", ["database.password", "webservice.password", "ftp.password"])
def test_a_refused_secret_is_never_echoed(tmp_path: Path, key: str) -> None:
    section, name = key.split(".")
    path = write(tmp_path, f'{MINIMAL}[{section}]\n{name} = "{SECRET}"\n')
    with pytest.raises(ConfigError) as loaded:
        load_config(path)
    with pytest.raises(ConfigError) as checked:
        validate_field(key, "Hunter2\nx")
    with pytest.raises(ConfigError) as set_:
        set_key(write(tmp_path, MINIMAL, "other.toml"), key, SECRET)
    for caught in (loaded, checked, set_):
        assert "Hunter2" not in str(caught.value)
        assert f"{key} must be" in str(caught.value)
        assert "value not shown" in str(caught.value)


def test_a_password_inside_a_url_is_never_echoed(in_tmp: Path) -> None:
    error = error_of(f'{MINIMAL}[database]\nurl = "mysql://till:Hunter2@h/db"\n', in_tmp)
    assert "Hunter2" not in str(error)
    assert f"mysql://till:{SECRET_MASK}@h/db" in str(error)


def test_masked_hides_every_secret(tmp_path: Path) -> None:
    body = (
        f'{MINIMAL}[database]\nengine = "postgresql"\n'
        'url = "postgresql+psycopg://till:Hunter2@127.0.0.1/db"\npassword = "Hunter2"\n'
        '[webservice]\npassword = "Hunter2"\n'
    )
    config = load_config(write(tmp_path, body))
    shown = masked(config)
    assert "Hunter2" not in repr(shown)
    assert "Hunter2" not in repr(config)
    assert shown["database"]["password"] == SECRET_MASK
    assert shown["webservice"]["password"] == SECRET_MASK
    assert shown["ftp"]["password"] == ""
    assert shown["database"]["url"] == f"postgresql+psycopg://till:{SECRET_MASK}@127.0.0.1/db"
    assert shown["webservice"]["timeout"] == 60
    assert shown["barcodes"]["weight_prefixes"] == ["20", "21", "22", "23", "24"]
    assert set(shown) == {
        "till",
        "database",
        "webservice",
        "ftp",
        "timings",
        "barcodes",
        "devices",
        "local_server",
        "cashiers",
        "cash",
        "signing",
    }
    assert sum(len(keys) for keys in shown.values()) == len(field_specs())


# -- set_key --------------------------------------------------------------------------


def test_set_key_keeps_comments_and_layout(tmp_path: Path) -> None:
    body = (
        "# my till\n[till]\n"
        'store_id = "S1"  # the shop\n'
        'till_id = "T1"\n\n'
        "[webservice]\n# slow network here\ntimeout = 60\n"
    )
    path = write(tmp_path, body)
    config = set_key(path, "webservice.timeout", "120")
    assert config.webservice.timeout == 120
    assert path.read_text() == body.replace("timeout = 60", "timeout = 120")
    assert load_config(path).webservice.timeout == 120
    if POSIX:
        assert mode(path) == 0o600


def test_set_key_adds_a_missing_section_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, "# keep me\n" + MINIMAL)
    set_key(path, "ftp.host", "127.0.0.1")
    set_key(path, "till.currency", "PLN")
    set_key(path, "barcodes.price_prefixes", "28,29")
    set_key(path, "database.instance", "SHOP01\\SQLEXPRESS")
    config = load_config(path)
    assert config.ftp.host == "127.0.0.1"
    assert config.till.currency == "PLN"
    assert config.barcodes.price_prefixes == ("28", "29")
    assert config.database.instance == "SHOP01\\SQLEXPRESS"
    assert path.read_text().startswith("# keep me\n")


@pytest.mark.parametrize(("key", "text", "message"), [
    ("webservice.timeout", "0", "webservice.timeout must be 1..600 s, got 0"),
    ("webservice.timout", "5", "unknown key webservice.timout (did you mean timeout?)"),
    ("database.engine", "postgresql",
     'database.url is required when database.engine is "postgresql"'),
    ("barcodes.weight_prefixes", "24,25",
     "barcodes.weight_prefixes and barcodes.price_prefixes must not overlap"),
])  # fmt: skip
def test_set_key_refused_leaves_the_file_unchanged(
    in_tmp: Path, key: str, text: str, message: str
) -> None:
    path = write(in_tmp, "# mine\n" + MINIMAL + "[webservice]\ntimeout = 60\n")
    before = path.read_bytes()
    with pytest.raises(ConfigError) as caught:
        set_key(Path("till.toml"), key, text)
    assert str(caught.value).startswith(f"till.toml: {message}")
    assert path.read_bytes() == before
    assert sorted(p.name for p in in_tmp.iterdir()) == ["till.toml"]


def test_set_key_on_a_broken_file_reports_the_syntax_error(in_tmp: Path) -> None:
    write(in_tmp, "[till\n")
    with pytest.raises(ConfigError, match=r"^till\.toml: line 1: "):
        set_key(Path("till.toml"), "till.store_id", "S1")
    write(in_tmp, 'webservice = "x"\n' + MINIMAL)
    with pytest.raises(ConfigError, match=r"^till\.toml: \[webservice\] must be a section$"):
        set_key(Path("till.toml"), "webservice.timeout", "5")


def test_set_key_fixes_a_bad_value_and_keeps_dotted_and_inline_layouts(tmp_path: Path) -> None:
    body = "webservice = {timeout = 0}\n" + "ftp.port = 21  # ours\n" + MINIMAL
    path = write(tmp_path, body)
    set_key(path, "webservice.timeout", "30")
    set_key(path, "ftp.port", "2121")
    assert path.read_text() == body.replace("= 0}", "= 30}").replace("= 21 ", "= 2121 ")


def _int_field_and_value() -> st.SearchStrategy[tuple[str, int]]:
    def values(key: str) -> st.SearchStrategy[tuple[str, int]]:
        rule = next(s.rule for s in field_specs() if s.dotted_key == key)
        assert isinstance(rule, Integer)
        ints = st.sampled_from(rule.allowed) if rule.allowed else st.integers(rule.lo, rule.hi)
        return st.tuples(st.just(key), ints)

    keys = [s.dotted_key for s in field_specs() if s.type == "int"]
    return st.sampled_from(keys).flatmap(values)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pair=_int_field_and_value())
def test_int_fields_round_trip_through_set_key(tmp_path: Path, pair: tuple[str, int]) -> None:
    key, value = pair
    path = tmp_path / "till.toml"
    if not path.exists():
        write_default_config(path, "S1", "T1")
    set_key(path, key, str(value))
    section, name = key.split(".")
    assert getattr(getattr(load_config(path), section), name) == value


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.integers().filter(lambda v: not 1 <= v <= 600))
def test_out_of_range_timeouts_never_reach_the_file(tmp_path: Path, value: int) -> None:
    path = tmp_path / "till.toml"
    if not path.exists():
        write_default_config(path, "S1", "T1")
    before = path.read_bytes()
    with pytest.raises(
        ConfigError, match=re.escape(f"webservice.timeout must be 1..600 s, got {value}") + "$"
    ):
        set_key(path, "webservice.timeout", str(value))
    assert path.read_bytes() == before


# -- import ---------------------------------------------------------------------------

NOW = datetime(2026, 11, 21, 10, 15, 0)


def test_import_keeps_a_backup_and_installs_the_new_file(tmp_path: Path) -> None:
    dest = write(tmp_path, MINIMAL)
    incoming = write(tmp_path, MINIMAL + "[webservice]\ntimeout = 90\n", "from_server.toml")
    backup = import_config(incoming, dest, now=NOW)
    assert backup == tmp_path / "till.toml.20261121T101500.bak"
    assert backup.read_text() == MINIMAL
    assert dest.read_bytes() == incoming.read_bytes()
    assert load_config(dest).webservice.timeout == 90
    if POSIX:
        assert mode(dest) == 0o600
        assert mode(backup) == 0o600
    second = import_config(incoming, dest, now=NOW)
    assert second == tmp_path / "till.toml.20261121T101500-2.bak"
    assert backup.read_text() == MINIMAL


def test_import_without_a_previous_file(tmp_path: Path) -> None:
    dest = tmp_path / "till.toml"
    assert import_config(MINIMAL.encode(), dest) is None
    assert load_config(dest).till.store_id == "S1"


def test_an_invalid_import_leaves_dest_untouched(tmp_path: Path) -> None:
    dest = write(tmp_path, MINIMAL)
    before = dest.read_bytes()
    with pytest.raises(ConfigError) as caught:
        import_config(b'[till]\nstore_id = "S1"\n[webservice]\ntimeout = 0\n', dest)
    assert str(caught.value).splitlines() == [
        "imported config: webservice.timeout must be 1..600 s, got 0",
        "imported config: till.till_id is required",
    ]
    with pytest.raises(ConfigError, match=r"^imported config: line 1: "):
        import_config(b"[till", dest)
    assert dest.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["till.toml"]


def test_imported_relative_paths_count_from_dest(tmp_path: Path) -> None:
    (tmp_path / "server").mkdir()
    (tmp_path / "till").mkdir()
    incoming = write(tmp_path / "server", MINIMAL + '[database]\npath = "data/till.db"\n')
    dest = tmp_path / "till" / "till.toml"
    import_config(incoming, dest)
    assert load_config(dest).database_path == tmp_path / "till" / "data" / "till.db"


def test_config_diff_previews_an_import_with_secrets_masked() -> None:
    base = {"till": {"store_id": "S1", "till_id": "T1"}}
    old = config_from_mapping(base, "old")
    new = config_from_mapping(
        {
            **base,
            "webservice": {"timeout": 90, "password": "Hunter2"},
            "barcodes": {"price_prefixes": ["29"]},
        },
        "new",
    )
    assert config_diff(old, new) == [
        ("webservice.password", '""', f'"{SECRET_MASK}"'),
        ("webservice.timeout", "60", "90"),
        ("barcodes.price_prefixes", '["25", "26", "27", "28", "29"]', '["29"]'),
    ]
    assert config_diff(new, new) == []


# -- fresh file and sample ------------------------------------------------------------


def test_write_default_config(tmp_path: Path) -> None:
    path = tmp_path / "till.toml"
    config = write_default_config(path, "S1", "T1")
    assert load_config(path) == config
    text = path.read_text()
    for spec in field_specs():
        assert spec.description in text
    if POSIX:
        assert mode(path) == 0o600
    with pytest.raises(ConfigError, match="already exists"):
        write_default_config(path, "S2", "T2")
    with pytest.raises(ConfigError, match=r"till\.store_id must be"):
        write_default_config(tmp_path / "new.toml", "bad id", "T1")
    assert not (tmp_path / "new.toml").exists()


def test_the_sample_loads_as_it_is() -> None:
    config = load_config(SAMPLE)
    assert isinstance(config, TillConfig)
    assert config.database.engine == "sqlite"
    assert config.database_path == SAMPLE.parent / "till.db"
    assert config.webservice.url == "http://127.0.0.1:8080/soap"
    assert (config.ftp.host, config.ftp.effective_port, config.ftp.remote_dir) == (
        "127.0.0.1",
        2121,
        "/exports",
    )


def test_the_sample_shows_every_declared_key() -> None:
    data = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))
    missing = [s.dotted_key for s in field_specs() if s.key not in data.get(s.section, {})]
    assert missing == []
    text = SAMPLE.read_text(encoding="utf-8")
    for example in ('engine = "mssql"', "trusted = true", 'engine = "postgresql"'):
        assert f"#     {example}" in text


# -- a config file others may read ----------------------------------------------------


@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_a_readable_config_holding_a_secret_is_made_0600_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    copied = write(tmp_path, SAMPLE.read_text().replace('password = ""', 'password = "Hunter2"', 1))
    copied.chmod(0o644)  # cp of the sample under umask 022
    with caplog.at_level("WARNING", logger="tillsync.config"):
        load_config(copied)
    assert mode(copied) == 0o600
    [record] = [r for r in caplog.records if r.name == "tillsync.config"]
    assert str(copied) in record.getMessage() and "0644" in record.getMessage()
    assert "database.password" in record.getMessage() and "now 0600" in record.getMessage()
    assert "Hunter2" not in caplog.text

    caplog.clear()
    load_config(copied)  # already private: nothing to say
    assert not [r for r in caplog.records if r.name == "tillsync.config"]
    without = write(tmp_path, SAMPLE.read_text(), "plain.toml")
    without.chmod(0o644)
    load_config(without)  # no secret in it: left as it is
    assert mode(without) == 0o644
    in_url = write(
        tmp_path,
        f'{MINIMAL}[database]\nengine = "postgresql"\n'
        'url = "postgresql+psycopg://till:Hunter2@127.0.0.1/db"\n',
        "url.toml",
    )
    in_url.chmod(0o640)
    load_config(in_url)
    assert mode(in_url) == 0o600


def test_deeply_nested_values_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^timings\.drip must be true or false, got "):
        parse_cli_value("timings.drip", "[" * 100_000)
    path = write(tmp_path, f"{MINIMAL}[timings]\ndrip = {'[' * 100_000}\n")
    with pytest.raises(ConfigError, match=r"nested too deeply"):
        load_config(path)
