"""Saving the form, and reading a config file to import, through the config library.

Save goes through ``set_key`` for each changed key, which keeps the file's comments and
layout and checks the whole config after each key. The keys are set on a private copy
beside the file, then the copy replaces the file in one rename: the file is never seen
half saved, and is left with mode 0600 (``set_key`` writes it so).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from admin_gui.settings.values import texts_of_config
from connectors.errors import ConfigError, Unavailable
from standalone_till.config import (
    TillConfig,
    is_secret,
    load_config,
    set_key,
    write_default_config,
)
from standalone_till.signing import record_config_change
from standalone_till.sync.uplink import fetch_till_config

log = logging.getLogger("tillsync.gui")


def save_changes(path: Path, changes: Mapping[str, str]) -> TillConfig:
    """Set every changed key (dotted key -> text) and return the config as saved.

    Keys are set in rounds: one refused only because another key has not changed yet
    (engine before its instance...) is tried again after the others.
    """
    if not changes:
        return load_config(path)
    before = config_or_none(path)
    copy = _private_copy(path)
    try:
        _set_all(copy, dict(changes), path)
        os.replace(copy, path)
    except BaseException:
        copy.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    log.info("config saved: %s", ", ".join(changes))
    shown = {k: "********" if is_secret(k) else v for k, v in changes.items()}
    journal_change(path, shown, before)
    return load_config(path)


def config_or_none(path: Path) -> TillConfig | None:
    try:
        return load_config(path)
    except ConfigError:
        return None


def journal_change(
    path: Path, changes: Mapping[str, str], before: TillConfig | None = None
) -> None:
    """A saved or imported change as a signed audit event in the till's journal (once
    the till has one), signed by the key in force ``before`` it; the config stays saved
    when the journal cannot be written."""
    if not changes:
        return
    now = dt.datetime.now(dt.UTC)
    try:
        record_config_change(load_config(path), dict(changes), now, before)
    except Unavailable as exc:
        log.warning("config change not journaled: %s", exc)


def create(path: Path, texts: Mapping[str, str]) -> dict[str, str]:
    """Write a new commented config for the store and till on screen; its fields' texts."""
    config = write_default_config(path, texts["till.store_id"], texts["till.till_id"])
    log.info("config created: %s", path)
    return texts_of_config(config)


def _private_copy(path: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".saving", dir=path.parent)
        with os.fdopen(fd, "wb") as out, path.open("rb") as src:
            shutil.copyfileobj(src, out)
    except OSError as exc:
        raise Unavailable(
            f"cannot write beside {path} ({exc.strerror or exc})", target=str(path)
        ) from exc
    return Path(name)


def _set_all(copy: Path, pending: dict[str, str], path: Path) -> None:
    while pending:
        refused: dict[str, ConfigError] = {}
        for key, text in pending.items():
            try:
                set_key(copy, key, text)
            except ConfigError as exc:
                refused[key] = exc
        if len(refused) == len(pending):  # no key went in this round: give up
            key, first = next(iter(refused.items()))
            message = str(first).replace(str(copy), str(path)).removeprefix(f"{path}: ")
            raise ConfigError(message, path=str(path), key=first.key or key) from first
        pending = {key: pending[key] for key in refused}


def _sync_folder(folder: Path) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# -- importing ------------------------------------------------------------------------


def read_file(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read ({exc.strerror or exc})", path=str(source)) from exc


def from_server(current: TillConfig) -> bytes:
    """The config the server hands out for this till (GetTillConfig)."""
    return fetch_till_config(current)
