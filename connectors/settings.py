"""Config keys declared once, for the till and the gateway alike.

Each key is a field of a frozen section dataclass, declared with ``setting()``: its
default, its ``Rule`` (type, limits, unit), its description and whether it is secret. A
``Schema`` of sections checks a whole TOML mapping against the declaration, collecting
every problem before failing; the loaders, ``till config set``, the admin GUI and the
generated reference docs read the same declaration. No I/O and no business rules here.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from connectors.config_text import did_you_mean, show
from connectors.errors import BadInput, ConfigError

T = TypeVar("T")

SECRET_MASK = "********"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URL_PASSWORD = re.compile(r"(//[^/@:\s]*:)[^@/\s]*@")


class Invalid(BadInput):
    """A raw value broke its field's rule; ``expect`` says what the field wants (the
    schema reports it as a ``ConfigError`` naming the key).

    ``at`` names the entry of a table value that broke it (``.till``), if one did."""

    def __init__(self, expect: str, *, missing: bool = False, at: str = "") -> None:
        super().__init__(expect)
        self.expect = expect
        self.missing = missing
        self.at = at


def toml_value(text: str) -> object:
    """``text`` read as the right-hand side of a TOML line (``60``, ``true``, ``["20"]``,
    ``"x"``); the text itself when it is not one TOML value."""
    try:
        parsed = tomllib.loads(f"v = {text}")
    except (tomllib.TOMLDecodeError, RecursionError):  # not TOML, or nested past reason
        return text
    return parsed["v"] if list(parsed) == ["v"] else text


# -- rules ----------------------------------------------------------------------------


class Rule(Protocol):
    """How one field parses, checks and describes its values."""

    kind: ClassVar[str]

    @property
    def limits(self) -> str: ...

    @property
    def unit(self) -> str: ...

    def check(self, raw: object) -> object: ...

    def from_text(self, text: str) -> object: ...

    def redact(self, value: str) -> str: ...


class _Plain:
    """Defaults shared by the rules: no unit, text taken as written, nothing to redact.

    ``from_text`` turns the VALUE of ``till config set`` into what the file would hold;
    ``check`` then applies the same rule to both. Text is taken as written (no quotes:
    quotes would be part of the value); numbers and true/false are read as TOML reads
    them; a list is a TOML array or its items separated by commas."""

    @property
    def unit(self) -> str:
        return ""

    def from_text(self, text: str) -> object:
        return text

    def redact(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class Text(_Plain):
    """One line of text, optionally matching ``pattern`` (described by ``expect``)."""

    kind: ClassVar[str] = "str"
    expect: str = ""
    pattern: str | None = None
    max_len: int = 255
    required: bool = False

    @property
    def limits(self) -> str:
        return self.expect or f"one line of at most {self.max_len} characters"

    def check(self, raw: object) -> object:
        if not isinstance(raw, str):
            raise Invalid("a string in quotes")
        if not raw:
            if self.required:
                raise Invalid(self.limits, missing=True)
            return raw
        too_long = len(raw) > self.max_len or _CONTROL.search(raw)
        if too_long or (self.pattern and not re.fullmatch(self.pattern, raw)):
            raise Invalid(self.limits)
        return raw


@dataclass(frozen=True)
class Url(Text):
    """A URL; a password inside it is masked wherever the value is shown."""

    def redact(self, value: str) -> str:
        return _URL_PASSWORD.sub(rf"\g<1>{SECRET_MASK}@", value)


@dataclass(frozen=True)
class FilePath(Text):
    """A file's path, kept as a ``Path``; empty (the default) is None."""

    def check(self, raw: object) -> object:
        if raw is None or isinstance(raw, Path):  # the declared default, or checked before
            return raw
        text = super().check(raw)
        return Path(str(text)) if text else None


@dataclass(frozen=True)
class Choice(_Plain):
    kind: ClassVar[str] = "str"
    options: tuple[str, ...] = ()

    @property
    def limits(self) -> str:
        return "one of " + ", ".join(json.dumps(o) for o in self.options)

    def check(self, raw: object) -> object:
        if raw not in self.options:
            raise Invalid(self.limits)
        return raw


@dataclass(frozen=True)
class Integer(_Plain):
    kind: ClassVar[str] = "int"
    lo: int = 0
    hi: int = 0
    unit_name: str = ""
    allowed: tuple[int, ...] = ()

    @property
    def unit(self) -> str:
        return self.unit_name

    @property
    def limits(self) -> str:
        if self.allowed:
            return "one of " + ", ".join(str(a) for a in self.allowed)
        return f"{self.lo}..{self.hi}"

    def _expect(self) -> str:
        return f"{self.limits} {self.unit}".rstrip()

    def check(self, raw: object) -> object:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise Invalid(self._expect())
        if not self.lo <= raw <= self.hi or (self.allowed and raw not in self.allowed):
            raise Invalid(self._expect())
        return raw

    def from_text(self, text: str) -> object:
        return toml_value(text)


@dataclass(frozen=True)
class Flag(_Plain):
    kind: ClassVar[str] = "bool"

    @property
    def limits(self) -> str:
        return "true or false"

    def check(self, raw: object) -> object:
        if not isinstance(raw, bool):
            raise Invalid(self.limits)
        return raw

    def from_text(self, text: str) -> object:
        return toml_value(text)


@dataclass(frozen=True)
class CodeList(_Plain):
    """A list of strings, each matching ``pattern`` (distinct if ``unique``); a tuple."""

    kind: ClassVar[str] = "list[str]"
    pattern: str = ""
    expect: str = ""
    unique: bool = True

    @property
    def limits(self) -> str:
        return self.expect

    def check(self, raw: object) -> object:
        if not isinstance(raw, list | tuple):
            raise Invalid(self.expect)
        items = tuple(raw)
        good = all(isinstance(i, str) and re.fullmatch(self.pattern, i) for i in items)
        if not good or (self.unique and len(set(items)) != len(items)):
            raise Invalid(self.expect)
        return items

    def from_text(self, text: str) -> object:
        """A TOML array (or quoted string, refused as in the file), else items a,b,c."""
        if text.lstrip()[:1] in ("[", '"', "'"):
            return toml_value(text)
        return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True)
class Table(_Plain):
    """A table of name = "text": names among ``names`` (any, if empty), each text
    matching ``value_pattern`` (described by ``value_expect``); kept as a dict."""

    kind: ClassVar[str] = "table"
    expect: str = ""
    value_pattern: str = "(?s).+"
    value_expect: str = ""
    names: tuple[str, ...] = ()
    names_are: str = "a name"

    @property
    def limits(self) -> str:
        return self.expect

    def check(self, raw: object) -> object:
        if not isinstance(raw, Mapping):
            raise Invalid(self.expect)
        for name, text in raw.items():
            if not name or (self.names and name not in self.names):
                known = f" ({', '.join(self.names)})" if self.names else ""
                raise Invalid(f"{self.names_are}{known}", at=f".{name}")
            if not isinstance(text, str) or not re.fullmatch(self.value_pattern, text):
                raise Invalid(self.value_expect, at=f".{name}")
        return dict(raw)


# -- declaring ------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """What a field declares besides its type and default."""

    rule: Rule
    description: str
    secret: bool = False


def _shown(rule: Rule, secret: bool, value: object) -> object:
    """A value as it may be displayed or logged: secrets masked, lists as lists."""
    if secret:
        return SECRET_MASK if value else ""
    if isinstance(value, str):
        return rule.redact(value)
    return list(value) if isinstance(value, tuple) else value


def setting(default: T, rule: Rule, description: str, *, secret: bool = False) -> T:
    """Declare one config key: its default, rule, description and secrecy."""
    meta = {"setting": Setting(rule, description, secret)}
    if isinstance(default, dict):  # a table: each config gets its own copy
        return field(default_factory=lambda: dict(default), metadata=meta)  # type: ignore[return-value]
    return field(default=default, metadata=meta)


class Section:
    """A config section whose repr masks secrets, so a logged config never leaks one."""

    def __repr__(self) -> str:
        parts = (
            f"{f.name}={_shown(*_declared(f), getattr(self, f.name))!r}"
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        )
        return f"{type(self).__name__}({', '.join(parts)})"


def _declared(f: dataclasses.Field[Any]) -> tuple[Rule, bool]:
    meta: Setting = f.metadata["setting"]
    return meta.rule, meta.secret


section = dataclass(frozen=True, repr=False)


@dataclass(frozen=True)
class FieldSpec:
    """One declared key, as the checks, the docs and the admin GUI see it."""

    section: str
    key: str
    type: str
    default: object
    limits: str
    unit: str
    description: str
    secret: bool
    required: bool
    rule: Rule = field(repr=False, compare=False)

    @property
    def dotted_key(self) -> str:
        return f"{self.section}.{self.key}"

    def shown(self, value: object) -> object:
        """The value as it may be displayed or logged: secrets masked, lists as lists."""
        return _shown(self.rule, self.secret, value)


def _spec(name: str, cls: type[Any], f: dataclasses.Field[Any]) -> FieldSpec:
    meta = f.metadata.get("setting")
    if not isinstance(meta, Setting) or not meta.description.strip():
        raise TypeError(f"{cls.__name__}.{f.name} must be declared with setting(..., description)")
    factory = f.default_factory
    default = factory() if factory is not dataclasses.MISSING else f.default
    return FieldSpec(
        section=name,
        key=f.name,
        type=meta.rule.kind,
        default=default,
        limits=meta.rule.limits,
        unit=meta.rule.unit,
        description=meta.description,
        secret=meta.secret,
        required=bool(getattr(meta.rule, "required", False)),
        rule=meta.rule,
    )


# -- checking -------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a config: the dotted key (or section) and what is wrong."""

    key: str
    message: str


Values = Mapping[str, object]
# A rule across keys: it sees only the keys that passed their own check.
CrossRule = Callable[[Values], Problem | None]


def bad_value(spec: FieldSpec, raw: object, invalid: Invalid) -> Problem:
    """What is wrong with ``raw`` as the value of ``spec``; a secret is never shown."""
    key = spec.dotted_key
    if invalid.missing:
        return Problem(key, f"{key} is required")
    wrong = f"{key}{invalid.at} must be {invalid.expect}"
    if spec.secret:
        return Problem(key, f"{wrong} (value not shown: it is a secret)")
    if invalid.at:
        return Problem(key, wrong)
    shown = spec.rule.redact(raw) if isinstance(raw, str) else raw
    return Problem(key, f"{wrong}, got {show(shown)}")


def as_error(problems: list[Problem], source: str) -> ConfigError:
    """One ConfigError listing every problem, a line each, each naming ``source``."""
    prefix = f"{source}: " if source else ""
    lines = [problems[0].message, *(prefix + p.message for p in problems[1:])]
    return ConfigError("\n".join(lines), path=source or None, key=problems[0].key)


class Schema:
    """The sections of one config file, each a ``section`` dataclass of ``setting`` keys."""

    def __init__(self, sections: Mapping[str, type[Any]]) -> None:
        self.sections = dict(sections)
        self.specs = tuple(
            _spec(name, cls, f)
            for name, cls in self.sections.items()
            for f in dataclasses.fields(cls)
        )
        self.by_key = {s.dotted_key: s for s in self.specs}

    def in_section(self, name: str) -> tuple[FieldSpec, ...]:
        return tuple(s for s in self.specs if s.section == name)

    def unknown(self, dotted: str) -> Problem:
        """What is wrong with a dotted key that is not declared."""
        name, _, key = dotted.partition(".")
        if not key:
            return Problem(dotted, f"unknown key {dotted} (keys are written section.key)")
        if name not in self.sections:
            return self._unknown_section(name)
        known = [s.key for s in self.in_section(name)]
        return Problem(dotted, f"unknown key {dotted}{did_you_mean(key, known)}")

    def lookup(self, dotted: str) -> FieldSpec:
        """The declared key, or a ConfigError naming what is unknown."""
        spec = self.by_key.get(dotted)
        if spec is None:
            problem = self.unknown(dotted)
            raise ConfigError(problem.message, key=problem.key)
        return spec

    def check(
        self, data: Mapping[str, object], rules: Iterable[CrossRule] = ()
    ) -> tuple[dict[str, object], list[Problem]]:
        """Every key's checked value (defaults for absent ones) and every problem: in
        file order, then required keys left out, then ``rules`` across keys."""
        values: dict[str, object] = {}
        problems: list[Problem] = []
        for name, table in data.items():
            problems += self._check_section(name, table, values)
        problems += self._check_absent(data, values)
        problems += [p for rule in rules if (p := rule(values)) is not None]
        return values, problems

    def build(self, values: Values) -> dict[str, Any]:
        """Each section's dataclass, by name, from checked values of every key."""
        return {
            name: cls(**{f.name: values[f"{name}.{f.name}"] for f in dataclasses.fields(cls)})
            for name, cls in self.sections.items()
        }

    def _unknown_section(self, name: str) -> Problem:
        return Problem(name, f"unknown section [{name}]{did_you_mean(name, self.sections)}")

    def _stray(self, name: str, value: object) -> Problem:
        """A top-level entry that is not a known section."""
        if isinstance(value, Mapping):
            return self._unknown_section(name)
        homes = [s.dotted_key for s in self.specs if s.key == name]
        hint = f" (did you mean {homes[0]}?)" if homes else ""
        return Problem(name, f"unknown key {name}{hint}")

    def _check_section(self, name: str, table: object, values: dict[str, object]) -> list[Problem]:
        if name not in self.sections:
            return [self._stray(name, table)]
        if not isinstance(table, Mapping):
            return [Problem(name, f"[{name}] must be a section, got {show(table)}")]
        problems = []
        for key, raw in table.items():
            spec = self.by_key.get(f"{name}.{key}")
            if spec is None:
                problems.append(self.unknown(f"{name}.{key}"))
                continue
            try:
                values[spec.dotted_key] = spec.rule.check(raw)
            except Invalid as invalid:
                problems.append(bad_value(spec, raw, invalid))
        return problems

    def _check_absent(self, data: Mapping[str, object], values: dict[str, object]) -> list[Problem]:
        """Absent keys take their default; a required key has none."""
        problems = []
        for spec in self.specs:
            table = data.get(spec.section)
            if isinstance(table, Mapping) and spec.key in table:
                continue
            try:
                values[spec.dotted_key] = spec.rule.check(spec.default)
            except Invalid as invalid:
                problems.append(bad_value(spec, spec.default, invalid))
        return problems
