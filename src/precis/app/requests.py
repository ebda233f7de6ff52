"""What a front end asks for: one frozen, keyword-only request per task, validated here and nowhere else.

The CLI, the HTTP server and ``precis batch`` translate their inputs into
these requests; each request checks its options in ``__post_init__`` with the
one validator of :mod:`precis.config.settings` (sklearn's message template:
``The 'words' parameter of DigestRequest must be ... Got 0 instead.``), so a
bad option gets the same message from every front end. The defaults live here
too (a digest's 80 words per story and 4 timeline dates, a timeline's 2
sentences per date...): front ends leave an option out to get its default.

Every request is plain data: :meth:`to_dict` and :meth:`from_dict` round-trip
it through JSON, which is how ``precis batch`` sends it to its workers. The
option names are the server's JSON field names; the command line spells them
as flags (``--per-date``), and negates one: ``--no-language-check`` is
``check_language=False`` (:meth:`from_options` reads that spelling).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal, Self, TypeVar, get_args

from ..config.settings import Scorer
from ..config.validation import _options, _validate
from ..errors import ConfigError

__all__ = [
    "BUDGETS",
    "CheckRequest",
    "DigestRequest",
    "FailOn",
    "Order",
    "Request",
    "Scorer",
    "SummarizeRequest",
    "TimelineRequest",
    "UpdateRequest",
    "default",
]

Order = Literal["chronological", "relevance", "document"]
FailOn = Literal["unsupported", "any"]
BUDGETS = ("words", "chars", "sentences", "ratio")
# the command line's spelling of an option, where it is not the option's own name
_FLAGS = {"check_language": "no_language_check"}
_NEGATED = {flag: name for name, flag in _FLAGS.items()}

R = TypeVar("R", bound="Request")
Constraint = tuple[str, Any]


def _whole(least: int, *, optional: bool = False) -> Constraint:
    def check(v: Any) -> bool:
        return (optional and v is None) or (isinstance(v, int) and not isinstance(v, bool) and v >= least)

    return (("None or " if optional else "") + f"a whole number of at least {least}", check)


def _share(v: Any) -> bool:
    return v is None or (isinstance(v, int | float) and not isinstance(v, bool) and 0 < v <= 1)


_FLAG: Constraint = ("a bool", lambda v: isinstance(v, bool))
_TEXT: Constraint = ("None or a str", lambda v: v is None or isinstance(v, str))
_BUDGET: dict[str, Constraint] = {
    "words": _whole(1, optional=True),
    "chars": _whole(1, optional=True),
    "sentences": _whole(1, optional=True),
    "ratio": ("None or a number in (0, 1]", _share),
}
_MODEL: dict[str, Constraint] = {"embeddings": _FLAG, "model": _TEXT, "check_language": _FLAG}


class Request:
    """Behaviour shared by every request: validation, and plain-dict round trips."""

    __slots__ = ()
    _constraints: ClassVar[dict[str, Constraint]] = {}

    def __post_init__(self) -> None:
        _validate(self, self._constraints)
        given = [name for name in BUDGETS if name in self._constraints and getattr(self, name) is not None]
        if len(given) > 1:
            owner = type(self).__name__
            raise ConfigError(
                f"The {' and '.join(repr(n) for n in given)} parameters of {owner} exclude each other: give one "
                f"budget. Got {' and '.join(f'{n}={getattr(self, n)!r}' for n in given)} instead."
            )

    def to_dict(self) -> dict[str, Any]:
        """The options as a plain, JSON-able dict (every value is a scalar)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict`; a missing option takes its default, an unknown one is an error."""
        known = cls.names()
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ConfigError(
                f"Unknown {cls.__name__} parameter(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}."
            )
        return cls(**data)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The option names, in order."""
        return tuple(f.name for f in fields(cls))  # type: ignore[arg-type]

    @classmethod
    def flags(cls) -> tuple[str, ...]:
        """The option names as the command line spells them (``no_language_check``)."""
        return tuple(_FLAGS.get(name, name) for name in cls.names())

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> Self:
        """A request from command-line options (:meth:`flags`): ``None`` means the default.

        ``no_language_check=True`` is ``check_language=False``; names that are not
        among :meth:`flags` are an error, as in :meth:`from_dict`.
        """
        values: dict[str, Any] = {}
        for name, value in options.items():
            if value is None:
                continue
            if name in _NEGATED:
                values[_NEGATED[name]] = not value if isinstance(value, bool) else value
            else:
                values[name] = value
        return cls.from_dict(values)


def default(cls: type[Request], name: str) -> Any:
    """The default of option ``name`` of request class ``cls`` (for help texts and API schemas)."""
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name == name:
            return f.default
    raise KeyError(name)


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarizeRequest(Request):
    """A cited summary (or outline) of one article or one multi-article story.

    Parameters
    ----------
    words, chars, sentences, ratio : number or None, default=None
        The budget; at most one. None of them: 120 words (:meth:`precis.model.Budget.from_options`).
    outline : bool, default=False
        One key point per section or block, in article order.
    order : {"chronological", "relevance", "document"}, default="chronological"
        Order of the summary's items.
    embeddings : bool, default=False
        Sentence embeddings instead of TF-IDF (``pip install 'precis[embeddings]'``).
    model : str or None, default=None
        Embedding model folder or name; giving one means ``embeddings``.
    check_language : bool, default=True
        Refuse (or skip, among usable ones) articles that do not look English.
    verify : bool, default=False
        Check the summary against its sources; a flag on it is a bug in precis.
    """

    _constraints: ClassVar[dict[str, Constraint]] = {
        **_BUDGET, "outline": _FLAG, "order": _options("chronological", "relevance", "document"),
        **_MODEL, "verify": _FLAG,
    }  # fmt: skip

    words: int | None = None
    chars: int | None = None
    sentences: int | None = None
    ratio: float | None = None
    outline: bool = False
    order: Order = "chronological"
    embeddings: bool = False
    model: str | None = None
    check_language: bool = True
    verify: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRequest(Request):
    """An audit of a summary against its sources.

    Parameters
    ----------
    embeddings, model, check_language
        As for :class:`SummarizeRequest`; here they choose how evidence is found.
    fail_on : {"unsupported", "any"} or None, default=None
        The summary *fails* when a sentence is unsupported or contradicted
        (``"unsupported"``), or also on any flag (``"any"``); None: it never fails.
    scorer : {"rules", "model", "auto"}, default="rules"
        What scores support: the calibrated rules, those blended with the
        consistency model (``pip install 'precis[model]'``), or the model when
        it is installed (:attr:`precis.CheckerConfig.scorer`).
    """

    _constraints: ClassVar[dict[str, Constraint]] = {
        **_MODEL, "fail_on": _options(None, "unsupported", "any"), "scorer": _options(*get_args(Scorer)),
    }  # fmt: skip

    embeddings: bool = False
    model: str | None = None
    check_language: bool = True
    fail_on: FailOn | None = None
    scorer: Scorer = "rules"


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestRequest(Request):
    """Story briefings of a mixed pile of articles.

    Parameters
    ----------
    words : int, default=80
        Words per story summary.
    stories : int or None, default=None
        Brief only the N largest stories; None briefs all.
    timeline_dates : int, default=4
        At most N dates in each story's timeline; 0 for none.
    embeddings, model, check_language
        As for :class:`SummarizeRequest`; articles that do not look English are set apart.
    """

    _constraints: ClassVar[dict[str, Constraint]] = {
        "words": _whole(1), "stories": _whole(1, optional=True), "timeline_dates": _whole(0), **_MODEL,
    }  # fmt: skip

    words: int = 80
    stories: int | None = None
    timeline_dates: int = 4
    embeddings: bool = False
    model: str | None = None
    check_language: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineRequest(Request):
    """A dated timeline of the events many articles report.

    Parameters
    ----------
    dates : int or None, default=None
        Number of dates; None chooses from the input.
    per_date : int, default=2
        Sentences per date.
    query : str or None, default=None
        Topic words; on-topic sentences are favoured.
    """

    _constraints: ClassVar[dict[str, Constraint]] = {
        "dates": _whole(1, optional=True), "per_date": _whole(1), "query": _TEXT,
    }  # fmt: skip

    dates: int | None = None
    per_date: int = 2
    query: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateRequest(Request):
    """What new articles add to those the reader has seen.

    Parameters
    ----------
    words, chars, sentences, ratio : number or None, default=None
        The budget, as for :class:`SummarizeRequest` (``ratio`` of the new articles' words).
    query : str or None, default=None
        What the reader wants to know; sentences close to it score higher.
    check_language : bool, default=True
        Refuse articles that do not look English.
    """

    _constraints: ClassVar[dict[str, Constraint]] = {**_BUDGET, "query": _TEXT, "check_language": _FLAG}

    words: int | None = None
    chars: int | None = None
    sentences: int | None = None
    ratio: float | None = None
    query: str | None = None
    check_language: bool = True
