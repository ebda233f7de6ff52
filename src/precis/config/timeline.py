"""Timeline settings: how :func:`precis.stories.timeline.build_timeline` dates and summarizes a pile.

``TimelineConfig.to_dict()`` is the ``settings`` of a :class:`~precis.model.Timeline`
(``"method": "datewise.v2"`` first), and ``TimelineConfig.from_dict(timeline.settings)``
rebuilds the same timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal

from ..errors import ConfigError
from .validation import (
    Constraint,
    _any_number,
    _optional_date,
    _optional_str,
    _options,
    _validate,
    _whole,
    from_plain,
    to_plain,
)

__all__ = ["TimelineConfig"]

_VERSIONED = {"method": "v2"}  # the per-date choice is the selector "datewise.v2" (precis.config.registry)

# the order of the old checks of build_timeline first: the first bad one is named
_CONSTRAINTS: dict[str, Constraint] = {
    "dates": _whole(1, optional=True),
    "per_date": _whole(1),
    "max_dates": _whole(1),
    "lead": _whole(1),
    "method": _options("datewise"),
    "query": _optional_str(),
    "start": _optional_date(),
    "end": _optional_date(),
    "pub_weight": _any_number(),
    "topic_weight": _any_number(),
    "redundancy": _any_number(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineConfig:
    """How precis builds a timeline (the method is in :mod:`precis.stories.timeline`).

    Parameters
    ----------
    method : {"datewise"}, default="datewise"
        Dates first, then a summary per date (Ghalandari & Ifrim 2020); saved as ``"datewise.v2"``.
    dates : int or None, default=None
        How many dates; None chooses by the knee of the date scores.
    per_date : int, default=2
        Sentences per date.
    query : str or None, default=None
        Topic words; on-topic sentences are favoured. None uses the centroid.
    start, end : date or None, default=None
        Only dates in ``[start, end]`` are considered (saved as ISO strings).
    max_dates : int, default=30
        The most dates chosen automatically.
    lead : int, default=10
        How many first sentences of an article count for its publication date and the day before.
    pub_weight : float, default=1.0
        Weight of a publication against a mention.
    topic_weight : float, default=1.0
        Weight of the similarity to the topic.
    redundancy : float, default=0.5
        Cosine above which two sentences say the same.

    Examples
    --------
    >>> TimelineConfig(per_date=1).to_dict()["per_date"]
    1
    >>> TimelineConfig.from_dict(TimelineConfig(start=date(2024, 5, 1)).to_dict()).start
    datetime.date(2024, 5, 1)
    """

    method: Literal["datewise"] = "datewise"
    dates: int | None = None
    per_date: int = 2
    query: str | None = None
    start: date | None = None
    end: date | None = None
    max_dates: int = 30
    lead: int = 10
    pub_weight: float = 1.0
    topic_weight: float = 1.0
    redundancy: float = 0.5

    _constraints: ClassVar[Mapping[str, Constraint]] = _CONSTRAINTS

    def __post_init__(self) -> None:
        _validate(self, _CONSTRAINTS)

    @property
    def selector(self) -> str:
        """The registered name of the per-date sentence choice (``"datewise.v2"``)."""
        return f"{self.method}.{_VERSIONED['method']}"

    def to_dict(self) -> dict[str, Any]:
        """Plain dict: the method versioned (``"datewise.v2"``), dates as ISO strings."""
        return to_plain(self, _VERSIONED)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimelineConfig:
        """Inverse of :meth:`to_dict`; unknown keys are an error, versions are checked."""
        values = from_plain(cls, data, _VERSIONED)
        for key in ("start", "end"):
            if isinstance(values.get(key), str):
                values[key] = _iso_date(key, values[key])
        return cls(**values)


def _iso_date(key: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            f"The '{key}' parameter of TimelineConfig must be None or a date. Got {text!r} instead."
        ) from None
