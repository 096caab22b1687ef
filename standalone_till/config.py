"""Load, check, edit and import the till's TOML config file.

The keys, their rules and defaults are declared once in ``config_model``; this module
checks whole files against them, rewrites one key in place and installs imported files.
Every problem with the input is a ``ConfigError``; secrets never appear in messages.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from connectors.errors import ConfigError, Unavailable
from connectors.settings import (
    SECRET_MASK,
    CrossRule,
    FieldSpec,
    Invalid,
    Problem,
    Values,
    as_error,
    bad_value,
)
from standalone_till.config_model import (
    SCHEMA,
    SECTIONS,
    BarcodeSettings,
    DatabaseSettings,
    DeviceSettings,
    FtpSettings,
    TillConfig,
    TillSettings,
    TimingSettings,
    WebServiceSettings,
    field_specs,
    show,
)

__all__ = [
    "SECRET_MASK",
    "BarcodeSettings",
    "DatabaseSettings",
    "DeviceSettings",
    "FieldSpec",
    "FtpSettings",
    "ImportPlan",
    "Problem",
    "TillConfig",
    "TillSettings",
    "TimingSettings",
    "WebServiceSettings",
    "config_diff",
    "config_from_mapping",
    "field_specs",
    "find_problems",
    "import_config",
    "install_import",
    "is_secret",
    "load_config",
    "masked",
    "parse_cli_value",
    "plan_import",
    "render_config",
    "set_key",
    "validate_field",
    "write_default_config",
]

_BY_KEY = SCHEMA.by_key
log = logging.getLogger("tillsync.config")


# -- checking values ------------------------------------------------------------------


def _check_value(spec: FieldSpec, raw: object) -> object:
    """The checked value, or a ConfigError without a file name."""
    try:
        return spec.rule.check(raw)
    except Invalid as invalid:
        problem = bad_value(spec, raw, invalid)
        raise ConfigError(problem.message, key=problem.key) from None


def validate_field(dotted_key: str, raw: object) -> object:
    """Check one value as TOML would hold it; the GUI's per-field check."""
    return _check_value(SCHEMA.lookup(dotted_key), raw)


def is_secret(dotted_key: str) -> bool:
    """Whether the key holds a secret (to mask it when echoing a command)."""
    return SCHEMA.lookup(dotted_key).secret


def parse_cli_value(dotted_key: str, text: str) -> object:
    """Turn command-line text into the key's typed value, checked by the file's own rule.

    Numbers and booleans are read as TOML (``60``, ``true``/``false``); text is taken as
    written; a list is a TOML array (``["20", "21"]``) or items separated by commas
    (``20,21``). A value the file would refuse is refused with the same message.
    """
    spec = SCHEMA.lookup(dotted_key)
    return _check_value(spec, spec.rule.from_text(text))


# -- rules across keys: each sees only keys that passed their own check ---------------


def _postgresql_needs_url(v: Values) -> Problem | None:
    if v.get("database.engine") == "postgresql" and v.get("database.url") == "":
        return Problem(
            "database.url", 'database.url is required when database.engine is "postgresql"'
        )
    return None


def _mssql_needs_instance(v: Values) -> Problem | None:
    if v.get("database.engine") == "mssql" and v.get("database.instance") == "":
        return Problem(
            "database.instance", 'database.instance is required when database.engine is "mssql"'
        )
    return None


def _mssql_needs_login(v: Values) -> Problem | None:
    if v.get("database.engine") != "mssql" or v.get("database.trusted") is not False:
        return None
    if v.get("database.user") == "":
        return Problem(
            "database.user",
            'database.user is required when database.engine is "mssql" and database.trusted '
            "is false",
        )
    return None


def _sftp_needs_host_key(v: Values) -> Problem | None:
    host = v.get("ftp.host")
    if v.get("ftp.protocol") == "sftp" and host and v.get("ftp.known_host_key") == "":
        return Problem(
            "ftp.known_host_key",
            'ftp.known_host_key is required when ftp.protocol is "sftp" '
            "(host keys are never accepted unseen)",
        )
    return None


def _prefixes_apart(v: Values) -> Problem | None:
    weight, price = v.get("barcodes.weight_prefixes"), v.get("barcodes.price_prefixes")
    if not isinstance(weight, tuple) or not isinstance(price, tuple):
        return None
    both = sorted(set(weight) & set(price))
    if both:
        listed = ", ".join(show(p) for p in both)
        return Problem(
            "barcodes.price_prefixes",
            f"barcodes.weight_prefixes and barcodes.price_prefixes must not overlap, "
            f"both have {listed}",
        )
    return None


_CROSS_RULES: tuple[CrossRule, ...] = (
    _postgresql_needs_url,
    _mssql_needs_instance,
    _mssql_needs_login,
    _sftp_needs_host_key,
    _prefixes_apart,
)


def _check(data: Mapping[str, object]) -> tuple[dict[str, object], list[Problem]]:
    return SCHEMA.check(data, _CROSS_RULES)


def find_problems(data: Mapping[str, object]) -> list[Problem]:
    """Everything wrong with a config held as a mapping, in file order; [] if none."""
    return _check(data)[1]


def _build(values: Mapping[str, object], file: Path | None) -> TillConfig:
    return TillConfig(**SCHEMA.build(values), source=file.absolute() if file is not None else None)


def config_from_mapping(
    data: Mapping[str, object], source: str, *, file: Path | None = None
) -> TillConfig:
    """Check a whole config and build it; ``source`` names it in messages.

    ``file`` is where the config lives (or will live): relative paths count from its
    folder, or from the current directory without one.
    """
    values, problems = _check(data)
    if problems:
        raise as_error(problems, source)
    return _build(values, file)


# -- reading TOML ---------------------------------------------------------------------

_TOML_WHERE = re.compile(
    r"(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)", re.S
)


def _syntax_message(message: str, text: str) -> str:
    found = _TOML_WHERE.fullmatch(message)
    if found is None:
        return message
    if found["line"]:
        return f"line {found['line']}: {found['msg']} (column {found['col']})"
    return f"line {max(len(text.splitlines()), 1)}: {found['msg']} (at end of document)"


def _parse_toml(text: str, label: str) -> dict[str, object]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_syntax_message(str(exc), text), path=label) from exc
    except RecursionError:
        raise ConfigError("arrays or tables nested too deeply", path=label) from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError("config file not found", path=str(path)) from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ConfigError(f"cannot read the config file ({reason})", path=str(path)) from exc


def _decode(raw: bytes, label: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", path=label) from exc


def _holds_secret(data: Mapping[str, object]) -> list[str]:
    """The keys of ``data`` holding a secret: a password, or a URL with one inside."""
    found = []
    for spec in field_specs():
        table = data.get(spec.section)
        raw = table.get(spec.key) if isinstance(table, Mapping) else None
        if isinstance(raw, str) and raw and (spec.secret or spec.rule.redact(raw) != raw):
            found.append(spec.dotted_key)
    return found


def _tighten(path: Path, data: Mapping[str, object]) -> None:
    """A config file holding a secret that others may read (a copied sample) becomes
    0600, with a warning; one that cannot be changed is only warned about."""
    if os.name == "nt":
        return
    try:
        loose = stat.S_IMODE(path.stat().st_mode) & 0o077
    except OSError:
        return
    secrets = _holds_secret(data) if loose else []
    if not secrets:
        return
    was = f"{stat.S_IMODE(path.stat().st_mode):04o}"
    try:
        os.chmod(path, 0o600)
    except OSError as exc:
        log.warning(
            "%s holds secrets (%s) and other users may read it (mode %s); "
            "cannot make it 0600 (%s): do it by hand",
            path,
            ", ".join(secrets),
            was,
            exc.strerror or type(exc).__name__,
        )
        return
    log.warning(
        "%s holds secrets (%s) and other users could read it (mode %s): now 0600",
        path,
        ", ".join(secrets),
        was,
    )


def load_config(path: Path) -> TillConfig:
    """Read and check the config file; every problem is one ConfigError naming the file.

    A file holding a secret that other users may read is made 0600 first, with a warning.
    """
    label = str(path)
    data = _parse_toml(_decode(_read_bytes(path), label), label)
    _tighten(path, data)
    return config_from_mapping(data, label, file=path)


# -- writing files --------------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a directory; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        # Some file systems refuse to sync a directory; the file itself is already synced.
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _unavailable(path: Path, exc: OSError) -> Unavailable:
    reason = exc.strerror or type(exc).__name__
    return Unavailable(f"cannot write {path} ({reason})", target=str(path))


def _write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (mode 0600): readers see the old or the new file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _unavailable(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unavailable(path, exc) from exc
        raise
    _fsync_dir(path.parent)


def _write_new(path: Path, data: bytes) -> bool:
    """Create ``path`` (mode 0600) with ``data``; False if it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise _unavailable(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(path, 0o600)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise _unavailable(path, exc) from exc
    _fsync_dir(path.parent)
    return True


def _place(doc: tomlkit.TOMLDocument, spec: FieldSpec, value: object) -> bool:
    """Set the key in the parsed document; False if its section is not a table."""
    item = list(value) if isinstance(value, tuple) else value
    if spec.section not in doc:
        table = tomlkit.table()
        table[spec.key] = item
        doc[spec.section] = table
        return True
    section = doc[spec.section]
    if not isinstance(section, MutableMapping):
        return False
    section[spec.key] = item
    return True


def set_key(path: Path, dotted_key: str, text: str) -> TillConfig:
    """Set one key from command-line text, keeping the file's comments and layout.

    The value and the resulting whole config are checked first; on any error the file
    is unchanged. The file is replaced atomically and left with mode 0600.
    """
    label = str(path)
    try:
        spec = SCHEMA.lookup(dotted_key)
        value = parse_cli_value(dotted_key, text)
    except ConfigError as exc:
        raise ConfigError(str(exc), path=label, key=exc.key) from None
    original = _decode(_read_bytes(path), label)
    _parse_toml(original, label)  # report syntax errors the way load_config does
    doc = tomlkit.parse(original)
    if not _place(doc, spec, value):
        raise ConfigError(f"[{spec.section}] must be a section", path=label, key=spec.section)
    updated = tomlkit.dumps(doc)
    config = config_from_mapping(_parse_toml(updated, label), label, file=path)
    if getattr(getattr(config, spec.section), spec.key) != value:
        raise ConfigError(f"{dotted_key} cannot be set in place; edit the file", path=label)
    _write_atomic(path, updated.encode("utf-8"))
    return config


def _backup(dest: Path, now: datetime) -> Path:
    data = _read_bytes(dest)
    stamp = now.strftime("%Y%m%dT%H%M%S")
    for n in itertools.count(1):
        suffix = "" if n == 1 else f"-{n}"
        candidate = dest.with_name(f"{dest.name}.{stamp}{suffix}.bak")
        if _write_new(candidate, data):
            return candidate
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class ImportPlan:
    """A config offered for import, checked, and what installing it would change.

    ``raw`` is what will be installed: the offered file, with each secret it leaves
    empty (``kept``) set to the till's own value, so an import never wipes a password
    the server does not hand out. ``changes`` are (dotted key, now, after), secrets
    masked; every key when there is no valid config yet.
    """

    raw: bytes
    label: str
    config: TillConfig
    changes: list[tuple[str, str, str]]
    kept: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.label,
            "changes": [{"key": k, "before": b, "after": a} for k, b, a in self.changes],
            "kept_secrets": list(self.kept),
        }


def _local_secrets(dest: Path) -> dict[str, object]:
    """The non-empty secrets of the config at ``dest`` that pass their rule; {} if none.

    Read leniently: a file with other problems still lends its passwords to an import.
    """
    try:
        data = tomllib.loads(dest.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    found: dict[str, object] = {}
    for spec in field_specs():
        table = data.get(spec.section)
        raw = table.get(spec.key) if isinstance(table, Mapping) else None
        if spec.secret and raw:
            with contextlib.suppress(Invalid):
                found[spec.dotted_key] = spec.rule.check(raw)
    return found


def _keep_secrets(
    text: str, data: Mapping[str, object], local: Mapping[str, object]
) -> tuple[str, tuple[str, ...]]:
    """``text`` with each secret it leaves empty or out set to the local value."""
    kept = []
    empty = [
        key
        for key in local
        if _offered(data, _BY_KEY[key]) == ""  # left empty, or out
    ]
    if not empty:
        return text, ()
    try:
        doc = tomlkit.parse(text)
        for key in empty:
            if _place(doc, _BY_KEY[key], local[key]):
                kept.append(key)
        merged = tomlkit.dumps(doc)
    except TOMLKitError as exc:  # TOML that tomllib reads and tomlkit does not
        raise ConfigError(
            f"cannot put this till's {', '.join(empty)} into the imported file ({exc}); "
            "write them in it, or import it and set them again",
            key=empty[0],
        ) from exc
    return merged, tuple(kept)


def _offered(data: Mapping[str, object], spec: FieldSpec) -> object:
    table = data.get(spec.section)
    return table.get(spec.key, "") if isinstance(table, Mapping) else ""


def plan_import(
    source: Path | bytes,
    dest: Path,
    *,
    current: TillConfig | None = None,
    label: str | None = None,
) -> ImportPlan:
    """Check a config handed over by the server (bytes) or a file for installing at
    ``dest``; nothing is written. Relative paths count from ``dest``'s folder.

    ``current`` is the config now at ``dest`` (read from it when None and it is valid),
    to list what changes. A secret the offered file leaves empty keeps ``dest``'s value.
    """
    if label is None:
        label = "imported config" if isinstance(source, bytes) else str(source)
    raw = source if isinstance(source, bytes) else _read_bytes(source)
    text = _decode(raw, label)
    data = _parse_toml(text, label)
    config_from_mapping(data, label, file=dest)  # the offered file, as sent, must hold
    merged, kept = _keep_secrets(text, data, _local_secrets(dest)) if dest.exists() else (text, ())
    if kept:
        raw = merged.encode("utf-8")
    config = config_from_mapping(_parse_toml(merged, label), label, file=dest)
    if current is None and dest.exists():
        with contextlib.suppress(ConfigError):
            current = load_config(dest)
    if current is not None:
        changes = config_diff(current, config)
    else:
        changes = [
            (spec.dotted_key, "", show(spec.shown(_value(config, spec)), 200))
            for spec in field_specs()
        ]
    return ImportPlan(raw, label, config, changes, kept)


def install_import(plan: ImportPlan, dest: Path, *, now: datetime | None = None) -> Path | None:
    """Install a planned import as ``dest`` (mode 0600, atomically).

    The previous ``dest`` is kept next to it as ``<name>.<YYYYmmddTHHMMSS>.bak`` (mode
    0600), whose path is returned (None if there was none).
    """
    backup = _backup(dest, now or datetime.now()) if dest.exists() else None
    _write_atomic(dest, plan.raw)
    return backup


def import_config(source: Path | bytes, dest: Path, *, now: datetime | None = None) -> Path | None:
    """Check and install a config handed over by the server (or a file) as ``dest``.

    As ``plan_import`` then ``install_import``: refused, ``dest`` is untouched; a secret
    the import leaves empty keeps ``dest``'s value; the old file's backup path is returned.
    """
    return install_import(plan_import(source, dest), dest, now=now)


# -- showing --------------------------------------------------------------------------


def _value(config: TillConfig, spec: FieldSpec) -> object:
    return getattr(getattr(config, spec.section), spec.key)


def masked(config: TillConfig) -> dict[str, dict[str, object]]:
    """Every key by section, secrets as "********" when set: safe to print and log."""
    out: dict[str, dict[str, object]] = {name: {} for name in SECTIONS}
    for spec in field_specs():
        out[spec.section][spec.key] = spec.shown(_value(config, spec))
    return out


def config_diff(old: TillConfig, new: TillConfig) -> list[tuple[str, str, str]]:
    """(dotted key, old, new) for every key that differs, secrets masked."""
    rows = []
    for spec in field_specs():
        before, after = _value(old, spec), _value(new, spec)
        if before != after:
            rows.append(
                (spec.dotted_key, show(spec.shown(before), 200), show(spec.shown(after), 200))
            )
    return rows


_HEADER = """\
tillsync till configuration (TOML).
Change a key with `till config set section.key value` or edit this file by hand;
relative paths count from this file's folder. Keep it private: it holds passwords."""

_EXAMPLES: dict[str, str] = {
    "database": """\
Other engines (replace the matching keys above):
  SQL Server with a SQL login:
    engine = "mssql"
    instance = 'SHOP01\\SQLEXPRESS'
    name = "tillsync"
    user = "till"
    password = "..."
  SQL Server with Windows (integrated) authentication:
    engine = "mssql"
    instance = 'SHOP01\\SQLEXPRESS'
    trusted = true
  PostgreSQL:
    engine = "postgresql"
    url = "postgresql+psycopg://till@db.example.com:5432/tillsync"
    password = "..."
""",
    "ftp": """\
SFTP with a private key and the server's host key (never accepted unseen):
    protocol = "sftp"
    host = "files.example.com"
    key_file = "till_ed25519"
    known_host_key = "files.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA..."
""",
}


def _facts(spec: FieldSpec) -> str:
    limits = f"{spec.limits} {spec.unit}".rstrip()
    default = (
        "required" if spec.required and spec.default == "" else f"default {show(spec.default)}"
    )
    return ", ".join(["secret"] * spec.secret + [limits, default])


def _key_lines(spec: FieldSpec, value: object) -> list[str]:
    comment = f"# {spec.description} [{_facts(spec)}]"
    if len(comment) > 99:
        comment = f"# {spec.description}\n# [{_facts(spec)}]"
    item = tomlkit.item(list(value) if isinstance(value, tuple) else value)
    return [comment, f"{spec.key} = {item.as_string()}", ""]


def _comment_block(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]


def render_config(config: TillConfig, header: str = _HEADER) -> str:
    """The config as a commented TOML file: each key with its meaning, unit and default."""
    lines = _comment_block(header)
    for name, cls in SECTIONS.items():
        while lines and not lines[-1]:
            lines.pop()
        lines += ["", "", f"[{name}]", *_comment_block(cls.__doc__ or ""), ""]
        for spec in (s for s in field_specs() if s.section == name):
            lines += _key_lines(spec, _value(config, spec))
        if name in _EXAMPLES:
            lines += _comment_block(_EXAMPLES[name])
    return "\n".join(lines).rstrip("\n") + "\n"


def write_default_config(
    path: Path, store_id: str, till_id: str, *, overwrite: bool = False
) -> TillConfig:
    """Write a fresh commented config (mode 0600) from the defaults; never clobbers one."""
    label = str(path)
    if path.exists() and not overwrite:
        raise ConfigError("already exists; not overwriting it", path=label)
    data = {"till": {"store_id": store_id, "till_id": till_id}}
    config = config_from_mapping(data, label, file=path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unavailable(path, exc) from exc
    _write_atomic(path, render_config(config).encode("utf-8"))
    return config
