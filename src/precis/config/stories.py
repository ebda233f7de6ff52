"""Settings of the story features: copies, grouping, digest and update summaries.

Each is a frozen, keyword-only object validated by the one validator
(:mod:`precis.config.validation`) and saved as a plain dict whose method is
versioned (``"method": "digest.v1"``). ``DigestConfig.to_dict()`` is the
``settings`` of a :class:`~precis.model.Digest`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from .settings import SummarizerConfig
from .validation import Constraint, _any_number, _boolean, _options, _real, _validate, _whole, from_plain, to_plain

__all__ = ["CopiesConfig", "DigestConfig", "GroupingConfig", "UpdateConfig"]


def _unit_share() -> Constraint:
    return ("a number in (0, 1]", lambda v: _real(v) and 0 < v <= 1)


def _non_negative() -> Constraint:
    return ("a non-negative number", lambda v: _real(v) and v >= 0)


_COPIES_VERSIONED = {"method": "v1"}
_COPIES_CONSTRAINTS: dict[str, Constraint] = {
    "threshold": _unit_share(),
    "sentence_similarity": _unit_share(),
    "bands": _whole(1),
    "rows": _whole(1),
    "method": _options("aligned"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class CopiesConfig:
    """How :func:`precis.stories.copies.find_copies` finds copies of one report.

    Parameters
    ----------
    method : {"aligned"}, default="aligned"
        MinHash candidates verified by in-order sentence alignment; saved as ``"aligned.v1"``.
    threshold : float, default=0.6
        Share of the shorter article's sentences that must have an in-order
        counterpart in the other for the two to be copies.
    sentence_similarity : float, default=0.5
        TF-IDF cosine from which two sentences are counterparts.
    bands, rows : int, default=40, 3
        LSH banding of ``bands * rows`` MinHash values.
    """

    method: Literal["aligned"] = "aligned"
    threshold: float = 0.6
    sentence_similarity: float = 0.5
    bands: int = 40
    rows: int = 3

    _constraints: ClassVar[Mapping[str, Constraint]] = _COPIES_CONSTRAINTS

    def __post_init__(self) -> None:
        _validate(self, _COPIES_CONSTRAINTS)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with the method versioned (``"aligned.v1"``)."""
        return to_plain(self, _COPIES_VERSIONED)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CopiesConfig:
        """Inverse of :meth:`to_dict`; unknown keys are an error, versions are checked."""
        return cls(**from_plain(cls, data, _COPIES_VERSIONED))


_GROUPING_VERSIONED = {"method": "v1"}
# the order of the old checks of group_stories: the first bad one is named
_GROUPING_CONSTRAINTS: dict[str, Constraint] = {
    "similarity": _non_negative(),
    "cohesion": _non_negative(),
    "max_days": _non_negative(),
    "far_similarity": _non_negative(),
    "neighbours": _non_negative(),
    "top_terms": _non_negative(),
    "lead_sentences": _non_negative(),
    "check_language": _boolean(),
    "method": _options("average-link"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupingConfig:
    """How :func:`precis.stories.grouping.group_stories` groups a pile into stories.

    Parameters
    ----------
    method : {"average-link"}, default="average-link"
        Links from the strongest down, joined while the average link holds; saved as ``"average-link.v1"``.
    similarity : float, default=0.12
        Least TF-IDF cosine of a link between two articles.
    cohesion : float, default=0.15
        Least mean cosine over all pairs across two clusters for them to join.
    neighbours : int, default=10
        Candidate links kept per article.
    top_terms : int, default=30
        Terms per article used to find neighbours.
    lead_sentences : int, default=8
        Sentences of each article, after its title, that represent it.
    max_days, far_similarity : float, default=7.0, 0.5
        Clusters published more than ``max_days`` apart join only by a link of at least ``far_similarity``.
    check_language : bool, default=True
        Set apart articles that do not look like English.
    """

    method: Literal["average-link"] = "average-link"
    similarity: float = 0.12
    cohesion: float = 0.15
    neighbours: int = 10
    top_terms: int = 30
    lead_sentences: int = 8
    max_days: float = 7.0
    far_similarity: float = 0.5
    check_language: bool = True

    _constraints: ClassVar[Mapping[str, Constraint]] = _GROUPING_CONSTRAINTS

    def __post_init__(self) -> None:
        _validate(self, _GROUPING_CONSTRAINTS)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with the method versioned (``"average-link.v1"``)."""
        return to_plain(self, _GROUPING_VERSIONED)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupingConfig:
        """Inverse of :meth:`to_dict`; unknown keys are an error, versions are checked."""
        return cls(**from_plain(cls, data, _GROUPING_VERSIONED))


_DIGEST_VERSIONED = {"method": "v1"}
# the order of the old checks of build_digest: the first bad one is named
_DIGEST_CONSTRAINTS: dict[str, Constraint] = {
    "words": _whole(1, text="an int of at least 1"),
    "stories": _whole(1, text="an int of at least 1", optional=True),
    "timeline_dates": _whole(0, text="an int of at least 0"),
    "method": _options("digest"),
    "summarizer": ("a SummarizerConfig", lambda v: isinstance(v, SummarizerConfig)),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestConfig:
    """How :func:`precis.stories.digest.build_digest` briefs a pile.

    Parameters
    ----------
    method : {"digest"}, default="digest"
        Group into stories, then brief each; saved as ``"digest.v1"``.
    words : int, default=80
        Words of each story's summary.
    stories : int or None, default=None
        Brief only the first ``stories`` stories; None briefs every story.
    timeline_dates : int, default=4
        The most dates in a story's timeline (0: no timelines).
    summarizer : SummarizerConfig, default=SummarizerConfig()
        How summaries are made; its ``check_language`` also sets apart articles that do not look English.

    Examples
    --------
    >>> DigestConfig.from_dict({"words": 60, "summarizer": {"selection": "coverage.v1"}}).summarizer.selection
    'coverage'
    """

    method: Literal["digest"] = "digest"
    words: int = 80
    stories: int | None = None
    timeline_dates: int = 4
    summarizer: SummarizerConfig = field(default_factory=SummarizerConfig)

    _constraints: ClassVar[Mapping[str, Constraint]] = _DIGEST_CONSTRAINTS

    def __post_init__(self) -> None:
        _validate(self, _DIGEST_CONSTRAINTS)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict: the method versioned (``"digest.v1"``), the summarizer's settings nested."""
        return to_plain(self, _DIGEST_VERSIONED)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DigestConfig:
        """Inverse of :meth:`to_dict`; unknown keys are an error, versions are checked."""
        values = from_plain(cls, data, _DIGEST_VERSIONED)
        if isinstance(values.get("summarizer"), Mapping):
            values["summarizer"] = SummarizerConfig.from_dict(values["summarizer"])
        return cls(**values)


_UPDATE_VERSIONED = {"method": "v1"}
_UPDATE_CONSTRAINTS: dict[str, Constraint] = {
    "restated": _any_number(),
    "contrast_weight": _any_number(),
    "method": _options("contrast"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateConfig:
    """How :func:`precis.stories.update.summarize_update` tells what is new (the summarizer's config does the rest).

    Parameters
    ----------
    method : {"contrast"}, default="contrast"
        Drop restatements, lift what the seen articles do not cover; saved as ``"contrast.v1"``.
    restated : float, default=0.85
        A new sentence this close (cosine) to a seen one is never selected.
    contrast_weight : float, default=0.5
        Weight of the what-is-new direction in each sentence's score.
    """

    method: Literal["contrast"] = "contrast"
    restated: float = 0.85
    contrast_weight: float = 0.5

    _constraints: ClassVar[Mapping[str, Constraint]] = _UPDATE_CONSTRAINTS

    def __post_init__(self) -> None:
        _validate(self, _UPDATE_CONSTRAINTS)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with the method versioned (``"contrast.v1"``)."""
        return to_plain(self, _UPDATE_VERSIONED)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UpdateConfig:
        """Inverse of :meth:`to_dict`; unknown keys are an error, versions are checked."""
        return cls(**from_plain(cls, data, _UPDATE_VERSIONED))
