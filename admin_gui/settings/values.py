"""Between the config file and the form: every field as text, and back, checked by the
config's own rules (``parse_cli_value``, ``find_problems``). No rule lives here."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from connectors.errors import ConfigError
from standalone_till.config import (
    FieldSpec,
    TillConfig,
    config_from_mapping,
    field_specs,
    find_problems,
    parse_cli_value,
)

Texts = dict[str, str]  # dotted key -> the text shown in its field


def as_text(value: object) -> str:
    """A value as its field shows it, and as ``till config set`` would take it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def parse(spec: FieldSpec, text: str) -> object:
    """The typed value of a field; an empty number field means its default (60 s...)."""
    if spec.type == "int" and not text.strip():
        return spec.default
    return parse_cli_value(spec.dotted_key, text)


def read_mapping(path: Path) -> dict[str, object]:
    """The file as TOML holds it, checked or not (the form shows what is wrong)."""
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError as exc:
        raise ConfigError("config file not found", path=str(path)) from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read the config file: {exc}", path=str(path)) from exc


def texts_of(mapping: Mapping[str, object]) -> Texts:
    """Every field's text: the file's value, or the default when the file has none."""
    texts: Texts = {}
    for spec in field_specs():
        table = mapping.get(spec.section)
        value = table.get(spec.key, spec.default) if isinstance(table, Mapping) else spec.default
        texts[spec.dotted_key] = as_text(value)
    return texts


def texts_of_config(config: TillConfig) -> Texts:
    return {
        s.dotted_key: as_text(getattr(getattr(config, s.section), s.key)) for s in field_specs()
    }


def check(texts: Mapping[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """(typed values, problems by key): each field by its rule, then the rules across keys."""
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for spec in field_specs():
        try:
            values[spec.dotted_key] = parse(spec, texts.get(spec.dotted_key, ""))
        except ConfigError as exc:
            problems[spec.dotted_key] = str(exc)
    for problem in find_problems(as_mapping(values)):
        problems.setdefault(problem.key, problem.message)
    return values, problems


def as_mapping(values: Mapping[str, object]) -> dict[str, dict[str, object]]:
    mapping: dict[str, dict[str, object]] = {}
    for key, value in values.items():
        section, _, name = key.partition(".")
        mapping.setdefault(section, {})[name] = list(value) if isinstance(value, tuple) else value
    return mapping


def config_of(texts: Mapping[str, str], file: Path) -> TillConfig:
    """The config the form describes (for a connection test before saving)."""
    values, problems = check(texts)
    if problems:
        key, message = next(iter(problems.items()))
        raise ConfigError(f"fix the settings first: {message}", key=key)
    return config_from_mapping(as_mapping(values), "the settings on screen", file=file)


def changes(before: Mapping[str, str], after: Mapping[str, str]) -> Texts:
    """What to save: each field whose value differs from the file's, as canonical text
    (an emptied number field saves its default). Call with a form that passed ``check``."""
    out: Texts = {}
    for spec in field_specs():
        key = spec.dotted_key
        text = as_text(parse(spec, after.get(key, "")))
        if text != before.get(key):
            out[key] = text
    return out
