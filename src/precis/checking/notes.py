"""Findings about a whole summary: recurring tokenization debris, and the sources its ``Sources`` block names.

A tokenized machine summary ("... the border .") has a space before nearly
every period. Flagged on every sentence, that debris would bury the findings
that matter (an invented name, a changed figure), so :func:`summary_notes`
takes every tokenization-debris flag (:func:`~.garble.is_debris`) off its
sentence and reports each kind once, with how many times and in which
sentences it occurs. Other garble flags (doubled and glued words, mojibake)
stay on their sentences: they change what a sentence says.

When the summary is precis's own output and names its sources
(:mod:`.markup`), a numbered source that is not among the sources given is
noted: the check cannot vouch for what only that source says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ..model import Article, Note, SentenceCheck
from .garble import is_debris
from .markup import Markup

__all__ = ["summary_notes"]


def _debris(checks: Sequence[SentenceCheck]) -> tuple[list[SentenceCheck], list[Note]]:
    """The sentences without their debris flags, and one note per debris message."""
    where: dict[str, list[int]] = {}
    out = []
    for n, check in enumerate(checks, start=1):
        kept = tuple(f for f in check.flags if not is_debris(f))
        for flag in check.flags:
            if is_debris(flag):
                where.setdefault(flag.message, []).append(n)
        out.append(check if len(kept) == len(check.flags) else dataclasses.replace(check, flags=kept))
    notes = []
    for message, numbers in sorted(where.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        sentences = tuple(dict.fromkeys(numbers))
        times = f"{len(numbers)} time{'s' * (len(numbers) != 1)}"
        text = f"{message}, {times} in {len(sentences)} of {len(checks)} sentences"
        notes.append(Note(kind="debris", message=text, count=len(numbers), sentences=sentences))
    return out, notes


def _sources(markup: Markup, articles: Sequence[Article]) -> list[Note]:
    """A note for each numbered source of the summary's ``Sources`` block that is not among ``articles``."""
    ids = {a.id for a in articles}
    notes = []
    for entry in markup.sources:
        if entry.article_id not in ids:
            shown = entry.description if len(entry.description) <= 80 else entry.description[:79] + "…"
            message = f"[{entry.number}] {shown} is cited by the summary but is not among the sources given"
            notes.append(Note(kind="sources", message=message))
    return notes


def summary_notes(
    checks: Sequence[SentenceCheck], markup: Markup, articles: Sequence[Article]
) -> tuple[list[SentenceCheck], list[Note]]:
    """The sentence checks with debris moved out, and the notes about the whole summary.

    Examples
    --------
    >>> from precis.model import Flag
    >>> flag = Flag("garbled", 11, 13, "Tokenization debris: a space before '.'")
    >>> checks = [SentenceCheck("Talks ended .", 0, 13, "supported", 0.9, flags=(flag,))]
    >>> kept, notes = summary_notes(checks, Markup(text="Talks ended ."), [])
    >>> kept[0].flags, notes[0].message
    ((), "Tokenization debris: a space before '.', 1 time in 1 of 1 sentences")
    """
    kept, notes = _debris(checks)
    return kept, [*notes, *_sources(markup, articles)]
