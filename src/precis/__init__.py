"""precis: faithful, cited, non-redundant summaries of news.

Every summary sentence is a span of a source article, cited by article id and
character offsets; a fact several outlets carry is said once, citing each.

>>> import precis
>>> text = "Talks opened in Geneva on Monday. Russia demanded new limits on NATO."
>>> summary = precis.summarize(text, words=7)
>>> [(item.text, item.citations[0]) for item in summary.items]
[('Talks opened in Geneva on Monday.', Citation(article_id='1', start=0, end=33))]

Heavy parts load on first use: ``import precis`` pulls in neither
scikit-learn nor torch.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .config import CheckerConfig, SummarizerConfig
from .errors import (
    BlockedAddressError,
    ConfigError,
    FetchError,
    InputError,
    InputTooLargeError,
    MissingDependencyError,
    NotFittedError,
    PrecisError,
    VerificationError,
)
from .model import (
    Article,
    Budget,
    CheckReport,
    Citation,
    Conflict,
    Digest,
    Flag,
    Sentence,
    SentenceCheck,
    Summary,
    SummaryItem,
    Timeline,
)

if TYPE_CHECKING:
    from .checking import Checker, check
    from .readers import FieldMap, ReadResult, read_articles
    from .readers.fetching import Fetcher
    from .rendering import render, render_check, render_digest, render_timeline
    from .stories.copies import find_copies
    from .stories.digest import build_digest
    from .stories.grouping import group_stories
    from .stories.timeline import build_timeline
    from .stories.update import summarize_update
    from .summarizer.summarizer import Summarizer, summarize

__all__ = [
    "Article",
    "BlockedAddressError",
    "Budget",
    "CheckReport",
    "Checker",
    "CheckerConfig",
    "Citation",
    "ConfigError",
    "Conflict",
    "Digest",
    "FetchError",
    "Fetcher",
    "FieldMap",
    "Flag",
    "InputError",
    "InputTooLargeError",
    "MissingDependencyError",
    "NotFittedError",
    "PrecisError",
    "ReadResult",
    "Sentence",
    "SentenceCheck",
    "Summarizer",
    "SummarizerConfig",
    "Summary",
    "SummaryItem",
    "Timeline",
    "VerificationError",
    "__version__",
    "build_digest",
    "build_timeline",
    "check",
    "find_copies",
    "group_stories",
    "read_articles",
    "render",
    "render_check",
    "render_digest",
    "render_timeline",
    "summarize",
    "summarize_update",
]

_LAZY = {
    "Checker": "checking",
    "check": "checking",
    "Summarizer": "summarizer.summarizer",
    "summarize": "summarizer.summarizer",
    "read_articles": "readers",
    "FieldMap": "readers",
    "ReadResult": "readers",
    "Fetcher": "readers.fetching",
    "render": "rendering",
    "render_check": "rendering",
    "render_digest": "rendering",
    "render_timeline": "rendering",
    "build_digest": "stories.digest",
    "build_timeline": "stories.timeline",
    "find_copies": "stories.copies",
    "group_stories": "stories.grouping",
    "summarize_update": "stories.update",
}

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    """Load the heavier submodules on first access."""
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'precis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
