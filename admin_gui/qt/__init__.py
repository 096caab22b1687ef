"""Every Qt import of the admin GUI goes through this package (``core``, ``gui``,
``widgets``), so the binding is named in one place and can be swapped or pinned here."""

from typing import TypeVar

_T = TypeVar("_T")


def present(part: _T | None) -> _T:
    """A part Qt's type hints call optional that a built widget always has (a table's
    header, a view's selection model, a dialog's standard button): None here is a bug."""
    if part is None:
        raise AssertionError("a Qt widget lacks a part it was built with")
    return part
