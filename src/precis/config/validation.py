"""The one validator of every config, its constraint helpers, and the dict form of configs.

A constraint is ``(text, check)``: ``check(value)`` is true for an allowed
value, and ``text`` completes sklearn's message template, "The 'x' parameter
of Y must be <text>. Got <value> instead." A config's constraints are checked
in their order, so the first bad parameter is the one named.

Configs turn into plain dicts (:func:`to_plain`) whose strategy fields carry
a version (``"selection": "mmr.v1"``), and back (:func:`from_plain`), which
refuses unknown keys and versions this precis does not have.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, fields
from datetime import date
from typing import Any, ClassVar, Protocol, TypeVar

from ..errors import ConfigError

__all__ = ["Constraint", "from_plain", "resolve", "to_plain"]

Constraint = tuple[str, Callable[[Any], bool]]


class _Configured(Protocol):
    """A config class: its constraints, in the order they are checked."""

    _constraints: ClassVar[Mapping[str, Constraint]]


C = TypeVar("C", bound=_Configured)


def _options(*allowed: object) -> Constraint:
    return ("one of " + ", ".join(repr(a) for a in allowed), lambda v: v in allowed)


def _real(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _number(lo: float, hi: float) -> Constraint:
    return (f"a number in [{lo}, {hi}]", lambda v: _real(v) and lo <= v <= hi)


def _optional_number(lo: float, hi: float) -> Constraint:
    text, check = _number(lo, hi)
    return (f"None or {text}", lambda v: v is None or check(v))


def _any_number() -> Constraint:
    return ("a number", _real)


def _whole(lo: int, *, text: str | None = None, optional: bool = False) -> Constraint:
    """An int (not a bool) of at least ``lo``; ``optional`` also allows None (``text`` words the message)."""
    return (
        text or f"a whole number of at least {lo}",
        lambda v: (optional and v is None) or (isinstance(v, int) and not isinstance(v, bool) and v >= lo),
    )


def _boolean() -> Constraint:
    return ("a bool", lambda v: isinstance(v, bool))


def _optional_str() -> Constraint:
    return ("None or a str", lambda v: v is None or isinstance(v, str))


def _optional_date() -> Constraint:
    return ("None or a date", lambda v: v is None or isinstance(v, date))


def _check(values: Mapping[str, Any], constraints: Mapping[str, Constraint], owner: str, *, cli: bool = False) -> None:
    """Raise ConfigError for the first value outside its constraint; ``cli`` also names the CLI flag."""
    for name, (text, check) in constraints.items():
        if name not in values:
            continue
        value = values[name]
        if not check(value):
            where = f"{owner} (--{name.replace('_', '-')} on the CLI)" if cli else owner
            raise ConfigError(f"The '{name}' parameter of {where} must be {text}. Got {value!r} instead.")


def _validate(config: object, constraints: Mapping[str, Constraint]) -> None:
    """Raise ConfigError, in sklearn's template, for the first parameter outside its constraint."""
    _check({name: getattr(config, name) for name in constraints}, constraints, type(config).__name__)


def resolve(
    cls: type[C],
    config: C | None,
    values: Mapping[str, Any],
    *,
    owner: str,
    cli: bool = False,
) -> C:
    """The config a function runs with: ``config``, or one made of the function's keyword arguments ``values``.

    ``cls._constraints`` check the keyword arguments, which are named as parameters of ``owner`` (the function);
    keyword arguments moved off their defaults together with ``config`` are an
    error, since it would be unclear which one holds.
    """
    if config is None:
        _check(values, cls._constraints, owner, cli=cli)
        return cls(**values)
    if not isinstance(config, cls):
        raise ConfigError(
            f"The 'config' parameter of {owner} must be a {cls.__name__} or None. Got {config!r} instead."
        )
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}  # type: ignore[arg-type]
    moved = [name for name, value in values.items() if name in defaults and value != defaults[name]]
    if moved:
        raise ConfigError(
            f"Give {owner} its settings either in config= or as keyword arguments, not both; "
            f"got config= and {', '.join(moved)}."
        )
    return config


def to_plain(config: object, versions: Mapping[str, str]) -> dict[str, Any]:
    """A config's fields as a plain dict: strategies versioned (``"mmr.v1"``), dates ISO, nested configs as dicts."""
    out: dict[str, Any] = {}
    for f in fields(config):  # type: ignore[arg-type]
        value = getattr(config, f.name)
        if f.name in versions:
            value = f"{value}.{versions[f.name]}"
        elif isinstance(value, date):
            value = value.isoformat()
        elif hasattr(value, "to_dict"):
            value = value.to_dict()
        out[f.name] = value
    return out


def from_plain(cls: type[Any], data: Mapping[str, Any], versions: Mapping[str, str]) -> dict[str, Any]:
    """The keyword arguments of ``cls`` in ``data`` (see :func:`to_plain`); unknown keys and versions are errors."""
    known = [f.name for f in fields(cls)]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(
            f"Unknown {cls.__name__} parameter(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}."
        )
    values = dict(data)
    for key, version in versions.items():
        if key in values and isinstance(values[key], str) and "." in values[key]:
            name, _, got = values[key].partition(".")
            if got != version:
                raise ConfigError(
                    f"The '{key}' strategy {values[key]!r} is not known; this precis has {name}.{version}."
                )
            values[key] = name
    return values
