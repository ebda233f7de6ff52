"""The data model: articles, sentence spans, citations, budgets, summaries and check reports.

Every object is a frozen, slotted dataclass. A :class:`Sentence` is a *span*
of its article: ``article.text[start:end] == sentence.text`` always holds, and
:meth:`Sentence.from_span` is the one constructor that checks it (only the
segmenter calls it). A :class:`Citation` is ``(article_id, start, end)``, so
every summary item, and every piece of evidence the checker shows, can be
traced back to the characters it came from.

Four JSON contracts live here: ``precis.summary/1``
(:meth:`Summary.to_dict`) and ``precis.check/1`` (:meth:`CheckReport.to_dict`),
documented in ``docs/json.md``, ``precis.timeline/1``
(:meth:`Timeline.to_dict`) and ``precis.digest/1`` (:meth:`Digest.to_dict`); each round-trips exactly. The model imports
nothing from the rest of the package except errors.
"""

from ._check import CHECK_SCHEMA, FLAG_KINDS, CheckReport, Flag, FlagKind, Note, SentenceCheck, Verdict
from ._digest import DIGEST_SCHEMA, BriefItem, Digest, Placement, StoryArticle, StoryBrief
from ._summary import (
    SCHEMA,
    Article,
    Budget,
    BudgetUnit,
    Citation,
    Conflict,
    ConflictKind,
    Sentence,
    SentenceKind,
    Source,
    Summary,
    SummaryItem,
    as_articles,
    count_words,
)
from ._timeline import TIMELINE_SCHEMA, Timeline, TimelineEntry

__all__ = [
    "CHECK_SCHEMA",
    "DIGEST_SCHEMA",
    "FLAG_KINDS",
    "SCHEMA",
    "TIMELINE_SCHEMA",
    "Article",
    "BriefItem",
    "Budget",
    "BudgetUnit",
    "CheckReport",
    "Citation",
    "Conflict",
    "ConflictKind",
    "Digest",
    "Flag",
    "FlagKind",
    "Note",
    "Placement",
    "Sentence",
    "SentenceCheck",
    "SentenceKind",
    "Source",
    "StoryArticle",
    "StoryBrief",
    "Summary",
    "SummaryItem",
    "Timeline",
    "TimelineEntry",
    "Verdict",
    "as_articles",
    "count_words",
]
