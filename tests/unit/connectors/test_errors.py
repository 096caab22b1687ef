"""The one exception tree: every exception of the product derives from ``TillsyncError``
and is drawn in the docstring of ``connectors.errors``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import connectors.errors
from connectors.errors import TillsyncError

PACKAGES = (
    "connectors",
    "ticket_contract",
    "ftp_import",
    "standalone_till",
    "erp_gateway",
    "admin_gui",
)
# Outside the tree on purpose, as the docstring of connectors.errors says why.
OUTSIDE = {"connectors.transfer.hostkeys.UnknownHostKey"}


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        path = importlib.import_module(package).__path__
        for info in pkgutil.walk_packages(path, f"{package}."):
            if ".migrations" not in info.name:
                names.append(info.name)
    return names


def _exceptions() -> dict[str, type[BaseException]]:
    found = {}
    for name in _modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == name
            ):
                found[f"{name}.{value.__qualname__}"] = value
    return found


EXCEPTIONS = _exceptions()
PUBLIC = {k: v for k, v in EXCEPTIONS.items() if not v.__name__.startswith("_")}


def test_the_product_defines_its_exceptions_in_the_tree() -> None:
    # A product module that cannot import would hide its exceptions: the walk saw them all.
    assert "connectors.soap.server.SoapFaultError" in PUBLIC
    assert "admin_gui.errors.Cancelled" in PUBLIC
    outside = sorted(
        name
        for name, cls in PUBLIC.items()
        if not issubclass(cls, TillsyncError) and name not in OUTSIDE
    )
    assert outside == [], f"derive these from connectors.errors.TillsyncError: {outside}"


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_each_exception_is_drawn_in_the_tree(name: str) -> None:
    doc = connectors.errors.__doc__ or ""
    short = name.rpartition(".")[2]
    assert re.search(rf"\b{short}\b", doc), (
        f"{name} is missing from the tree in connectors/errors.py"
    )
