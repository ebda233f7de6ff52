"""The checker's report: a verdict, a score, evidence and flags for every summary sentence.

``CheckReport.to_dict`` is the JSON contract ``precis.check/1`` (documented in
``docs/json.md``); ``CheckReport.from_dict(r.to_dict()) == r`` for every
report. Offsets: a :class:`SentenceCheck`'s ``start``/``end`` index the checked
summary text; a :class:`Flag`'s ``start``/``end`` index the sentence's own text;
evidence :class:`Citation` offsets index the cited source article.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from ..errors import InputError
from ._summary import Article, Citation, check_schema

__all__ = ["CHECK_SCHEMA", "CheckReport", "Flag", "FlagKind", "Note", "SentenceCheck", "Verdict"]

CHECK_SCHEMA = "precis.check/1"

Verdict = Literal["supported", "unsupported", "contradicted"]
FlagKind = Literal["entity", "attribution", "number", "quote", "negation", "repetition", "garbled"]
FLAG_KINDS: tuple[str, ...] = get_args(FlagKind)
_VERDICTS: tuple[str, ...] = get_args(Verdict)


@dataclass(frozen=True, slots=True)
class Flag:
    """One specific problem, at ``text[start:end]`` of its sentence.

    ``kind`` is one of ``entity`` (a name the sources do not have),
    ``attribution`` (words credited to someone the sources do not name),
    ``number`` (a figure, date or quantity absent from the sources or
    different from them), ``quote`` (a quotation not verbatim in a source),
    ``negation`` (the opposite polarity of the best evidence), ``repetition``
    (restates an earlier summary sentence) or ``garbled`` (doubled words,
    glued words, tokenization debris).
    """

    kind: FlagKind
    start: int
    end: int
    message: str

    def __post_init__(self) -> None:
        if self.kind not in FLAG_KINDS:
            raise InputError(f"Unknown flag kind {self.kind!r}; expected one of {', '.join(FLAG_KINDS)}.")
        if not 0 <= self.start <= self.end:
            raise InputError(f"Flag offsets must satisfy 0 <= start <= end. Got {self.start}, {self.end} instead.")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"kind": self.kind, "start": self.start, "end": self.end, "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Flag:
        """Inverse of :meth:`to_dict`."""
        return cls(kind=data["kind"], start=int(data["start"]), end=int(data["end"]), message=str(data["message"]))


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    """The audit of one summary sentence.

    ``score`` is the estimated probability, in [0, 1], that the sources
    support the sentence; ``evidence`` are the source spans closest to it,
    best first (empty when nothing in the sources comes close).
    """

    text: str
    start: int
    end: int
    verdict: Verdict
    score: float
    evidence: tuple[Citation, ...] = ()
    flags: tuple[Flag, ...] = ()

    def __post_init__(self) -> None:
        if self.verdict not in _VERDICTS:
            raise InputError(f"Unknown verdict {self.verdict!r}; expected one of {', '.join(_VERDICTS)}.")
        if not 0.0 <= self.score <= 1.0:
            raise InputError(f"A sentence score must be in [0, 1]. Got {self.score} instead.")
        for flag in self.flags:
            if flag.end > len(self.text):
                raise InputError(f"Flag {flag.kind!r} ends at {flag.end}, past the sentence ({len(self.text)} chars).")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "verdict": self.verdict,
            "score": self.score,
            "evidence": [c.to_dict() for c in self.evidence],
            "flags": [f.to_dict() for f in self.flags],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SentenceCheck:
        """Inverse of :meth:`to_dict`."""
        return cls(
            text=data["text"],
            start=int(data["start"]),
            end=int(data["end"]),
            verdict=data["verdict"],
            score=float(data["score"]),
            evidence=tuple(Citation.from_dict(c) for c in data.get("evidence", ())),
            flags=tuple(Flag.from_dict(f) for f in data.get("flags", ())),
        )


@dataclass(frozen=True, slots=True)
class Note:
    """A finding about the whole summary rather than one sentence.

    ``kind`` is ``debris`` (tokenization debris such as a space before a
    period, counted once for the summary instead of flagged on every
    sentence) or ``sources`` (about the summary's own ``Sources`` block).
    ``count`` is how many times it occurs and ``sentences`` the numbers (from
    1) of the sentences where it does.
    """

    kind: str
    message: str
    count: int = 1
    sentences: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"kind": self.kind, "message": self.message, "count": self.count, "sentences": list(self.sentences)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Note:
        """Inverse of :meth:`to_dict`."""
        return cls(
            kind=str(data["kind"]),
            message=str(data["message"]),
            count=int(data.get("count", 1)),
            sentences=tuple(int(n) for n in data.get("sentences", ())),
        )


@dataclass(frozen=True, slots=True)
class CheckReport:
    """A summary audited against its sources, sentence by sentence.

    ``verdict`` is ``contradicted`` if any sentence is, else ``unsupported``
    if any sentence is, else ``supported``. ``score`` is the lowest sentence
    score: one unsupported sentence makes the summary as doubtful as that
    sentence (a summary is only as trustworthy as its weakest statement).
    ``flags`` counts every flag by kind; ``notes`` are findings about the
    whole summary (:class:`Note`).
    """

    summary: str
    sentences: tuple[SentenceCheck, ...]
    verdict: Verdict
    score: float
    articles: tuple[Article, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()

    @property
    def flags(self) -> dict[str, int]:
        """How many flags of each kind, over all sentences."""
        counts: dict[str, int] = {}
        for sent in self.sentences:
            for flag in sent.flags:
                counts[flag.kind] = counts.get(flag.kind, 0) + 1
        return counts

    @property
    def flagged(self) -> bool:
        """True when any sentence has a flag."""
        return any(sent.flags for sent in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract ``precis.check/1``."""
        return {
            "schema": CHECK_SCHEMA,
            "verdict": self.verdict,
            "score": self.score,
            "flags": self.flags,
            "summary": self.summary,
            "sentences": [s.to_dict() for s in self.sentences],
            "articles": [a.to_dict() for a in self.articles],
            "settings": dict(self.settings),
            "notes": [n.to_dict() for n in self.notes],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckReport:
        """Inverse of :meth:`to_dict`; rejects other schema versions."""
        check_schema(data, CHECK_SCHEMA)
        return cls(
            summary=data["summary"],
            sentences=tuple(SentenceCheck.from_dict(s) for s in data["sentences"]),
            verdict=data["verdict"],
            score=float(data["score"]),
            articles=tuple(Article.from_dict(a) for a in data["articles"]),
            settings=dict(data.get("settings") or {}),
            notes=tuple(Note.from_dict(n) for n in data.get("notes", ())),
        )

    @classmethod
    def from_json(cls, text: str) -> CheckReport:
        """Inverse of :meth:`to_json`."""
        return cls.from_dict(json.loads(text))
