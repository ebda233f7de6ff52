"""Named, versioned strategies: ``registry.selectors.get("mmr.v1")``.

Modelled on spaCy's ``registry``: an implementation registers itself under a
versioned name (``@registry.selectors.register("mmr.v1")``), and a config
names it. A changed behaviour gets a new version, so a saved config never
silently means something else. The built-in names are known here with the
module that registers each, and that module is imported on first look-up
(so ``import precis`` stays light and no layer below imports one above).

Registered selectors (see :class:`precis.summarizer.selection.Selector`):

- ``"mmr.v1"``: budgeted greedy maximal marginal relevance (:mod:`precis.summarizer.selection`)
- ``"coverage.v1"``: budgeted greedy concept coverage (:mod:`precis.summarizer.coverage`)
- ``"outline.v1"``: key sentences per section or block (:mod:`precis.summarizer.outline`)
- ``"datewise.v2"``: a timeline date's sentences, CentroidOpt (:mod:`precis.stories.datewise`)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any, Generic, TypeVar

from ..errors import ConfigError

__all__ = ["Registry", "registry"]

T = TypeVar("T")

_NAME = re.compile(r"^[a-z][a-z0-9_-]*\.v[1-9][0-9]*$")


class Registry(Generic[T]):
    """Strategies of one kind, by versioned name (``"name.vN"``).

    Parameters
    ----------
    kind : str
        What is registered, for messages ("selector").
    builtins : mapping of str to str
        Built-in names and the module that registers each (imported on first look-up).

    Examples
    --------
    >>> shapes = Registry[type]("shape")
    >>> @shapes.register("square.v1")
    ... class Square: ...
    >>> shapes.get("square.v1").__name__
    'Square'
    """

    def __init__(self, kind: str, *, builtins: Mapping[str, str] | None = None) -> None:
        self.kind = kind
        self._builtins = dict(builtins or {})
        self._entries: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        """A decorator that registers its object under ``name`` and returns it unchanged."""
        if not _NAME.match(name):
            raise ConfigError(f"A {self.kind} name must look like 'name.v1' (lower case, a version). Got {name!r}.")

        def add(obj: T) -> T:
            if self._entries.get(name, obj) is not obj:
                raise ConfigError(f"The {self.kind} {name!r} is registered already; give the new one a new version.")
            self._entries[name] = obj
            return obj

        return add

    def get(self, name: str) -> T:
        """The strategy registered as ``name``; ConfigError naming the known ones if there is none."""
        if name not in self._entries and name in self._builtins:
            import_module(self._builtins[name])  # registers it
        try:
            return self._entries[name]
        except KeyError:
            raise ConfigError(f"No {self.kind} is registered as {name!r}. Known: {', '.join(self.names())}.") from None

    def names(self) -> tuple[str, ...]:
        """Every name that :meth:`get` finds, sorted."""
        return tuple(sorted({*self._builtins, *self._entries}))

    def __contains__(self, name: object) -> bool:
        return name in self._entries or name in self._builtins


class registry:  # a namespace, spelled like spaCy's
    """The registries of precis, one per kind of strategy."""

    # selector classes (precis.summarizer.selection.Selector); typed there, where their inputs are known
    selectors: Registry[Any] = Registry(
        "selector",
        builtins={
            "mmr.v1": "precis.summarizer.selection",
            "coverage.v1": "precis.summarizer.coverage",
            "outline.v1": "precis.summarizer.outline",
            "datewise.v2": "precis.stories.datewise",
        },
    )
