"""Running a request: the product rules every front end shares, one function per task.

Each function takes a validated request (:mod:`.requests`) and the articles a
front end has read, calls the library, and returns an :class:`Outcome`: the
result, the articles it skipped (to report), and, when the result is not one
to show, the error to refuse with (:meth:`Outcome.require`). Front ends report
what they like (skipped inputs, undated articles, a failed self-check), then
call ``require``; the rules and the messages are the same everywhere:

- **skip rule** (:func:`skip_unusable`): an article that cannot be used (no
  text, no sentence, not English) among usable ones is skipped and reported;
  when none is usable, all are kept, and the task refuses (a timeline naming
  the first) or has nothing to do:
- **nothing to do**: when no article can be used, or those that can hold
  fewer than two sentences to choose from (crawl notices, login walls), the
  input has nothing to summarize (:mod:`.nothing`); a digest whose every
  article is set apart has nothing to brief. The outcome is then the empty
  result with its reason, every article in ``skipped`` with why, and
  :attr:`Outcome.nothing` set: a command or a server request refuses it
  (:meth:`Outcome.require`), ``precis batch`` writes it as the record's row
  (``require(accept_nothing=True)``);
- **verify**: ``SummarizeRequest(verify=True)`` checks precis's own summary
  with the checker; any flag or unsupported sentence is a bug in precis;
- **no story / no timeline**: a digest without a story or a timeline without
  an entry is refused with the library's reason and what to do;
- **options -> settings**: :func:`summarizer_config` and :func:`checker_config`
  are the one place a request's options become a library configuration
  (a model implies embeddings).

The mapping from a request to its library call is one private function per
task (``_summarize``, ``_digest``, ``_timeline``, ``_update``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

from ..config import CheckerConfig, DigestConfig, SummarizerConfig, TimelineConfig
from ..errors import InputError, PrecisError, VerificationError
from .models import Models
from .nothing import NO_TEXT, nothing_to_summarize
from .requests import CheckRequest, DigestRequest, SummarizeRequest, TimelineRequest, UpdateRequest

if TYPE_CHECKING:
    from ..model import Article, CheckReport, Digest, Source, Summary, Timeline
    from ..summarizer.summarizer import Summarizer

__all__ = [
    "NO_TIMELINE_ADVICE",
    "VERIFIER",
    "Outcome",
    "check",
    "checker_config",
    "digest",
    "skip_unusable",
    "summarize",
    "summarizer_config",
    "timeline",
    "update",
]

T = TypeVar("T")
Progress = Callable[[int, int], None]

VERIFIER = CheckerConfig(check_language=False)  # the summary's own sources were already checked
NO_TIMELINE_ADVICE = (
    "Give articles that name dates (January 10, 2022) or that carry a publication date "
    "(a date field in JSONL, CSV or a server request; a dated page or feed)."
)
_VERIFY_FAILED = (
    "The checker flagged precis's own extractive summary. This is a bug in precis; please report it with the input."
)


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    """What running a request gave.

    Attributes
    ----------
    result : Summary, CheckReport, Digest or Timeline
        The task's result (possibly empty, with its reason).
    skipped : tuple of InputError
        Articles skipped by the skip rule; ``source`` is the article id.
    problem : PrecisError or None
        The error to refuse with instead of showing ``result`` (no story, no
        timeline, a failed self-check); raised by :meth:`require`.
    verification : CheckReport or None
        The self-check of a summary made with ``verify``.
    fails : bool
        Whether a check report fails its request's ``fail_on`` policy.
    nothing : bool
        The input held nothing to work on: ``result`` is empty and says why,
        ``skipped`` names every article, ``problem`` is the refusal.
    """

    result: T
    skipped: tuple[InputError, ...] = ()
    problem: PrecisError | None = None
    verification: CheckReport | None = None
    fails: bool = False
    nothing: bool = False

    def require(self, *, source: str | None = None, accept_nothing: bool = False) -> T:
        """The result, or raise :attr:`problem` (an input problem names ``source`` when given);
        ``accept_nothing`` returns an empty result with nothing to work on (:attr:`nothing`) instead."""
        if self.nothing and accept_nothing:
            return self.result
        if isinstance(self.problem, InputError) and source is not None:
            raise InputError(str(self.problem), source=source)
        if self.problem is not None:
            raise self.problem
        return self.result


def skip_unusable(articles: Sequence[Article], *, check_language: bool) -> tuple[list[Article], tuple[InputError, ...]]:
    """The skip rule: ``(kept, skipped)``. Unusable articles among usable ones are skipped; when none is
    usable, all are kept (and the task refuses, or has nothing to summarize: :func:`summarize`)."""
    from ..analysis.language import partition_articles

    good, unusable = partition_articles(articles, check_language=check_language)
    if unusable and good:
        return good, tuple(unusable)
    return list(articles), ()


def _representation(embeddings: bool, model: str | None) -> Literal["tfidf", "embeddings"]:
    return "embeddings" if (embeddings or model) else "tfidf"


def summarizer_config(request: SummarizeRequest | DigestRequest | UpdateRequest) -> SummarizerConfig:
    """The summarizer settings a request asks for."""
    if isinstance(request, UpdateRequest):
        return SummarizerConfig(check_language=request.check_language)
    return SummarizerConfig(
        representation=_representation(request.embeddings, request.model),
        model=request.model,
        order=request.order if isinstance(request, SummarizeRequest) else "chronological",
        check_language=request.check_language,
    )


def checker_config(request: CheckRequest) -> CheckerConfig:
    """The checker settings a request asks for."""
    return CheckerConfig(
        representation=_representation(request.embeddings, request.model),
        model=request.model,
        check_language=request.check_language,
        scorer=request.scorer,
    )


def _summarize(summarizer: Summarizer, request: SummarizeRequest, articles: Sequence[Article]) -> Summary:
    return summarizer.summarize(articles, words=request.words, chars=request.chars, sentences=request.sentences,
                                ratio=request.ratio, outline=request.outline)  # fmt: skip


def _nothing(request: SummarizeRequest, articles: Sequence[Article]) -> Outcome[Summary] | None:
    """The outcome of ``articles`` with nothing to summarize (:mod:`.nothing`), or None when they have something."""
    from ..model import Budget, Summary

    config = summarizer_config(request)
    found = nothing_to_summarize(articles, check_language=request.check_language, min_words=config.min_words)
    if found is None:
        return None
    budget = Budget.from_options(words=request.words, chars=request.chars, sentences=request.sentences,
                                 ratio=request.ratio)  # fmt: skip
    summary = Summary(items=(), articles=(), budget=budget, mode="outline" if request.outline else "summary",
                      settings=config.to_dict(), reason=found.reason)  # fmt: skip
    refusal = InputError(" ".join([found.reason, *map(str, found.left_out)]), source=found.source)
    return Outcome(summary, found.left_out, refusal, nothing=True)


def summarize(
    request: SummarizeRequest, articles: Sequence[Article], *, models: Models | None = None
) -> Outcome[Summary]:
    """A summary of ``articles`` (one story), after the skip rule; with ``verify``, self-checked. With nothing
    to summarize, the empty summary that says why (:attr:`Outcome.nothing`)."""
    models = models or Models()
    kept, skipped = skip_unusable(articles, check_language=request.check_language)
    try:
        summary = _summarize(models.summarizer(summarizer_config(request)), request, kept)
    except InputError:  # the summarizer refused: for want of sentences (nothing to summarize), or else
        nothing = _nothing(request, articles)
        if nothing is None:
            raise
        return nothing
    if not (request.verify and summary.items):
        return Outcome(summary, skipped)
    report = models.checker(VERIFIER).check(summary)
    clean = report.verdict == "supported" and not report.flagged
    return Outcome(summary, skipped, None if clean else VerificationError(_VERIFY_FAILED), verification=report)


def check(
    request: CheckRequest, summary: str | Summary, sources: Source | None, *, models: Models | None = None
) -> Outcome[CheckReport]:
    """The audit of ``summary`` against ``sources`` (None: the articles a precis summary carries)."""
    report = (models or Models()).checker(checker_config(request)).check(summary, sources)
    fails = request.fail_on is not None and (
        report.verdict != "supported" or (request.fail_on == "any" and bool(report.flagged))
    )
    return Outcome(report, fails=fails)


def _digest_config(request: DigestRequest) -> DigestConfig:
    return DigestConfig(words=request.words, stories=request.stories, timeline_dates=request.timeline_dates,
                        summarizer=summarizer_config(request))  # fmt: skip


def _digest(request: DigestRequest, articles: Sequence[Article], progress: Progress | None) -> Digest:
    from ..stories.digest import build_digest

    return build_digest(articles, config=_digest_config(request), progress=progress)


def digest(request: DigestRequest, articles: Sequence[Article], *, progress: Progress | None = None) -> Outcome[Digest]:
    """Story briefings of a pile; articles set apart are ``skipped`` (and in the digest's ``placements``), with
    their reasons. When no story could be made, the pile has nothing to brief (:attr:`Outcome.nothing`)."""
    if not articles:
        from ..model import Digest

        empty = Digest((), (), (), _digest_config(request).to_dict(), NO_TEXT)
        return Outcome(empty, problem=InputError(f"No story: {empty.reason}"), nothing=True)
    result = _digest(request, articles, progress)
    apart = tuple(InputError(p.reason or "set apart", source=p.id) for p in result.placements if p.role == "set apart")
    if result.stories:
        return Outcome(result, apart)
    return Outcome(result, apart, InputError(f"No story: {result.reason}"), nothing=True)


def _timeline(request: TimelineRequest, articles: Sequence[Article]) -> Timeline:
    from ..stories.timeline import build_timeline

    config = TimelineConfig(dates=request.dates, per_date=request.per_date, query=request.query)
    return build_timeline(articles, config=config)


def timeline(request: TimelineRequest, articles: Sequence[Article]) -> Outcome[Timeline]:
    """A timeline of ``articles``, after the skip rule (no language check: dates are what matter);
    refused when no sentence could be dated."""
    kept, skipped = skip_unusable(articles, check_language=False)
    result = _timeline(request, kept)
    problem = None if result.entries else InputError(f"No timeline: {result.reason} {NO_TIMELINE_ADVICE}")
    return Outcome(result, skipped, problem)


def _update(summarizer: Summarizer, request: UpdateRequest, new: Sequence[Article], seen: Sequence[Article]) -> Summary:
    from ..stories.update import summarize_update

    return summarize_update(summarizer, new, seen, words=request.words, chars=request.chars,
                            sentences=request.sentences, ratio=request.ratio, query=request.query)  # fmt: skip


def update(
    request: UpdateRequest, new: Sequence[Article], seen: Sequence[Article], *, models: Models | None = None
) -> Outcome[Summary]:
    """What ``new`` adds to ``seen``, every item cited to a new article."""
    summarizer = (models or Models()).summarizer(summarizer_config(request))
    return Outcome(_update(summarizer, request, new, seen))
