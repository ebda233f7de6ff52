"""Nothing to summarize: why each article of an input gives precis no sentence to choose from.

An input has nothing to summarize when none of its articles can be used (empty,
no sentence punctuation, not English) or when those that can hold fewer than
two sentences the summarizer may choose (news: not boilerplate, not a web-page
notice, not a heading, at least ``min_words`` words). Archives of crawled pages
are full of such inputs (a crawl notice, a login wall, a "tweet with a
location" banner). :func:`nothing_to_summarize` says so, naming every article
and why it was left out; :mod:`.tasks` makes it the task's result (an empty
summary with this reason) and the one-shot front ends' refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..analysis.document import Document
from ..analysis.language import check_article
from ..errors import InputError
from ..model import Article

__all__ = ["LEAST_SENTENCES", "NO_TEXT", "Nothing", "nothing_to_summarize", "summarizable"]

LEAST_SENTENCES = 2  # Summarizer.prepare refuses an input with fewer sentences to choose from
NO_TEXT = "No article with text was given."  # all were empty (a reader left them out), or none was given
_NUMBERS = {2: "two", 3: "three"}
# what a sentence that cannot be chosen is, by boilerplate reason (singular, plural)
_KINDS = {
    "boilerplate": ("boilerplate", "boilerplate"),
    "web-page notice": ("a web-page notice", "web-page notices"),
    "author bio": ("an author bio", "author bios"),
    "cut off": ("cut off where the text stops", "cut off where the text stops"),
    "heading": ("a heading", "headings"),
}


class Nothing(NamedTuple):
    """Why an input has nothing to summarize."""

    reason: str  # "Nothing to summarize: ..."
    left_out: tuple[InputError, ...]  # every article, in input order, with why
    source: str | None  # the article to name: the only one, or the first when none could be used at all


def summarizable(article: Article, *, min_words: int) -> int:
    """How many sentences of ``article`` the summarizer may choose."""
    return sum(Document.of(article).eligible(min_words))


def _passed_over(article: Article, *, min_words: int) -> dict[str, int]:
    """The sentences the summarizer may not choose, counted by why (in order of first appearance)."""
    doc = Document.of(article)
    counts: dict[str, int] = {}
    for sentence, reason, ok in zip(doc.sentences, doc.reasons, doc.eligible(min_words), strict=True):
        if ok:
            continue
        if reason is None:  # not boilerplate: a heading, too short, or else the fragment the text stops in
            short = doc.word_counts[sentence.index] < min_words
            reason = "heading" if sentence.kind == "heading" else "short" if short else "cut off"
        counts[reason] = counts.get(reason, 0) + 1
    return counts


def _kind(why: str, count: int, *, min_words: int) -> str:
    if why == "short":
        return f"too short (under {min_words} words)"
    one, many = _KINDS.get(why, (why, why))
    return one if count == 1 else many


def _explained(article: Article, *, min_words: int) -> InputError:
    """Why a usable ``article`` gives (almost) nothing to choose from: its sentences, counted by kind."""
    n = len(Document.of(article).sentences)
    k = summarizable(article, min_words=min_words)
    parts = [
        f"{c} {'is' if c == 1 else 'are'} {_kind(why, c, min_words=min_words)}"
        for why, c in _passed_over(article, min_words=min_words).items()
    ]
    has = f"article {article.id!r} has {k or 'no'} sentence{'s' if k > 1 else ''} precis can summarize"
    if n == 0:
        return InputError(f"article {article.id!r} has no sentence.", source=article.id)
    if not parts:  # every sentence can be chosen: too few of them
        return InputError(f"{has}, {'its only one' if n == 1 else f'of its {n}'}.", source=article.id)
    listed = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    if n == 1:
        return InputError(f"{has}: its one sentence{listed.removeprefix('1')}.", source=article.id)
    return InputError(f"{has}: of its {n}, {listed}.", source=article.id)


def _problem(article: Article, *, check_language: bool) -> InputError | None:
    try:
        check_article(article, check_language=check_language)
    except InputError as exc:
        return exc
    return None


def nothing_to_summarize(articles: Sequence[Article], *, check_language: bool, min_words: int) -> Nothing | None:
    """Why ``articles`` give nothing to summarize, or None when they give something.

    The reason starts "Nothing to summarize:" and says how many sentences the
    articles hold; every article is left out, with why (the skip rule's
    message for an article that cannot be used, else what its sentences are).
    """
    if not articles:
        return Nothing(f"Nothing to summarize: {NO_TEXT[0].lower()}{NO_TEXT[1:]}", (), None)
    problems = [_problem(a, check_language=check_language) for a in articles]
    total = sum(summarizable(a, min_words=min_words) for a, p in zip(articles, problems, strict=True) if p is None)
    if total >= LEAST_SENTENCES:
        return None
    left_out = tuple(
        p if p is not None else _explained(a, min_words=min_words) for a, p in zip(articles, problems, strict=True)
    )
    holds = "the article holds" if len(articles) == 1 else f"the {len(articles)} articles hold"
    reason = (
        f"Nothing to summarize: {holds} {total or 'no'} sentence precis can summarize, "
        f"and it needs at least {_NUMBERS.get(LEAST_SENTENCES, LEAST_SENTENCES)} full sentences to choose from."
    )
    alone = len(articles) == 1 or all(p is not None for p in problems)
    return Nothing(reason, left_out, articles[0].id if alone else None)
