"""Audit a summary, sentence by sentence, against its sources (see :mod:`.checker`).

The submodules are independent stages; :class:`Checker` loads on first access.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checker import Checker, check

__all__ = ["Checker", "check"]


def __getattr__(name: str) -> Any:
    """Load the checker on first access, so the stages import on their own."""
    if name in __all__:
        return getattr(import_module(".checker", __name__), name)
    raise AttributeError(f"module 'precis.checking' has no attribute {name!r}")
