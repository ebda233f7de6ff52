"""The work behind each endpoint, as the CLI commands do it, on plain request dicts.

These functions run in the worker processes (:mod:`precis.server.worker`),
never on the event loop, and import no web framework. Each reads the
request's articles (:mod:`precis.server.inputs`), calls the same library
functions as its CLI command, and renders with the same renderer, so the body
is byte for byte what ``precis <command> --format json`` prints for the same
articles and options.

Inputs that could not be read are reported as the CLI reports them on stderr,
here as :attr:`JobResult.skipped`; a library :class:`~precis.errors.InputError`
about one article is raised again naming the request field it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..analysis.language import partition_articles
from ..config.settings import CheckerConfig, SummarizerConfig
from ..errors import InputError, VerificationError
from ..model import SCHEMA, Summary
from ..readers import ReadFailure
from .inputs import Gathered, gather_articles

if TYPE_CHECKING:
    from ..checking import Checker
    from ..readers.fetching import Fetcher
    from ..summarizer.summarizer import Summarizer
    from .settings import ServerSettings

__all__ = ["JOBS", "Engine", "JobResult"]

_MEDIA = {"json": "application/json", "text": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8"}


@dataclass(frozen=True, slots=True)
class JobResult:
    """A rendered result: the body, its media type, skipped inputs ``(input, reason)`` and extra headers."""

    body: str
    media_type: str
    skipped: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)


class Engine:
    """The models of one worker process, built once and reused by every request it serves."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._summarizers: dict[SummarizerConfig, Summarizer] = {}
        self._checkers: dict[CheckerConfig, Checker] = {}

    def representation(self, embeddings: bool | None) -> str:
        """``embeddings`` as asked, else the server's default; refused when the model was not loaded."""
        if embeddings and not self.settings.embeddings:
            raise InputError(
                "This server was started without --embeddings, so it cannot use sentence embeddings; "
                "leave 'embeddings' unset or false.",
                source="embeddings",
            )
        use = self.settings.embeddings if embeddings is None else embeddings
        return "embeddings" if use else "tfidf"

    def summarizer(self, config: SummarizerConfig) -> Summarizer:
        """The one Summarizer for ``config`` in this process."""
        from ..summarizer.summarizer import Summarizer

        if config not in self._summarizers:
            self._summarizers[config] = Summarizer(config)
        return self._summarizers[config]

    def checker(self, config: CheckerConfig) -> Checker:
        """The one Checker for ``config`` in this process."""
        from ..checking import Checker

        if config not in self._checkers:
            self._checkers[config] = Checker(config)
        return self._checkers[config]

    @contextmanager
    def fetcher(self, entries: list[dict[str, Any]], follow: bool) -> Iterator[Fetcher | None]:
        """A Fetcher with the private-address guard on, when the entries need one."""
        if not follow and not any(e.get("url") and not e.get("text") and not e.get("document") for e in entries):
            yield None
            return
        from ..readers.fetching import Fetcher

        s = self.settings
        guarded = Fetcher(
            timeout=s.fetch_timeout, max_bytes=s.max_fetch_bytes, allow_private=False, allowed_hosts=s.allowed_hosts
        )
        with guarded as fetcher:
            yield fetcher

    def gather(self, request: dict[str, Any], name: str = "articles") -> Gathered:
        """The request's articles, read; refused (as the CLI refuses) when none could be."""
        entries = list(request.get(name) or [])
        with self.fetcher(entries, bool(request.get("follow"))) as fetcher:
            got = gather_articles(
                entries, name=name, fields=request.get("fields"), follow=bool(request.get("follow")), fetcher=fetcher
            )
        limit = self.settings.max_articles
        if len(got.articles) > limit:  # a feed or a corpus document can hold many articles
            raise InputError(
                f"The inputs hold {len(got.articles)} articles; this server takes at most {limit} per request. "
                "Send fewer, or ask the operator to raise --max-articles.",
                source=name,
            )
        if not got.articles:
            if len(got.failures) == 1:
                raise InputError(got.failures[0].reason, source=name)
            raise InputError(
                f"None of the {len(got.failures)} inputs could be read: "
                + "; ".join(f"{f.source}: {f.reason}" for f in got.failures[:5]),
                source=name,
            )
        return got


def _skipped(failures: list[ReadFailure]) -> tuple[tuple[str, str], ...]:
    return tuple((f.source, f.reason) for f in failures)


def _usable(got: Gathered, *, check_language: bool) -> list[Any]:
    """As ``precis summarize``: an unusable article among good ones is skipped; if all are unusable, refuse."""
    articles, unusable = partition_articles(got.articles, check_language=check_language)
    if unusable and articles:
        got.failures.extend(ReadFailure(got.field_of(e.source) or str(e.source), str(e)) for e in unusable)
        return articles
    return list(got.articles)


def _fielded(exc: InputError, got: Gathered) -> InputError:
    """``exc`` naming the request field of the article it is about."""
    return InputError(str(exc), source=got.field_of(exc.source))


def summarize(engine: Engine, request: dict[str, Any]) -> JobResult:
    """``precis summarize`` (and ``--outline``, ``--verify``)."""
    from ..rendering.render import render

    config = SummarizerConfig(
        representation=engine.representation(request.get("embeddings")),  # type: ignore[arg-type]
        model=engine.settings.model,
        order=request.get("order", "chronological"),
        check_language=request.get("check_language", True),
    )
    got = engine.gather(request)
    articles = _usable(got, check_language=config.check_language)
    try:
        summary = engine.summarizer(config).summarize(
            articles,
            words=request.get("words"),
            chars=request.get("chars"),
            sentences=request.get("sentences"),
            ratio=request.get("ratio"),
            outline=bool(request.get("outline")),
        )
    except InputError as exc:
        raise _fielded(exc, got) from None
    if request.get("verify"):
        _verify(engine, summary)
    fmt = request.get("format", "json")
    return JobResult(render(summary, fmt), _MEDIA[fmt], _skipped(got.failures))


def _verify(engine: Engine, summary: Summary) -> None:
    """As ``summarize --verify``: any flag on precis's own summary is a bug (500)."""
    if not summary.items:
        return
    report = engine.checker(CheckerConfig(check_language=False)).check(summary)
    if report.verdict != "supported" or report.flagged:
        raise VerificationError(
            "The checker flagged precis's own extractive summary. This is a bug in precis; please report it "
            "with the input."
        )


def check(engine: Engine, request: dict[str, Any]) -> JobResult:
    """``precis check``: the summary is text or a precis JSON summary; sources default to what it cites."""
    from ..rendering.render import render_check

    raw = request["summary"]
    summary: str | Summary = raw
    if isinstance(raw, dict):
        if raw.get("schema") != SCHEMA:
            raise InputError(f"'summary' must be text or a {SCHEMA} JSON object.", source="summary")
        try:
            summary = Summary.from_dict(raw)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"'summary' is not a valid {SCHEMA} object ({exc}).", source="summary") from None
    sources = None
    got = Gathered()
    if request.get("sources"):
        got = engine.gather(request, "sources")
        if got.failures:  # a check against part of its sources would mislead: refuse, as the CLI does
            first = got.failures[0]
            raise InputError(f"{first.source}: {first.reason}", source="sources")
        sources = got.articles
    elif not isinstance(summary, Summary):
        raise InputError("No sources given; pass the articles the summary claims to summarize in 'sources'.",
                         source="sources")  # fmt: skip
    config = CheckerConfig(
        representation=engine.representation(request.get("embeddings")),  # type: ignore[arg-type]
        model=engine.settings.model,
        check_language=request.get("check_language", True),
    )
    try:
        report = engine.checker(config).check(summary, sources)
    except InputError as exc:
        raise _fielded(exc, got) from None
    fail_on = request.get("fail_on")
    fails = fail_on is not None and (report.verdict != "supported" or (fail_on == "any" and report.flagged))
    fmt = request.get("format", "json")
    headers = {"Precis-Check-Fails": "true" if fails else "false"} if fail_on else {}
    return JobResult(render_check(report, fmt), _MEDIA[fmt], headers=headers)


def timeline(engine: Engine, request: dict[str, Any]) -> JobResult:
    """``precis timeline``."""
    from ..rendering.render import render_timeline
    from ..stories.timeline import build_timeline

    got = engine.gather(request)
    articles, unusable = partition_articles(got.articles, check_language=False)
    got.failures.extend(ReadFailure(got.field_of(e.source) or str(e.source), str(e)) for e in unusable)
    if not articles:
        raise InputError("None of the articles has usable text.", source="articles")
    try:
        result = build_timeline(articles, dates=request.get("dates"), per_date=request.get("per_date", 2),
                                query=request.get("query"))  # fmt: skip
    except InputError as exc:
        raise _fielded(exc, got) from None
    if not result.entries:
        raise InputError(
            f"No timeline: {result.reason} Give articles that name dates (January 10, 2022) or that carry a "
            "publication date ('published').",
            source="articles",
        )
    fmt = request.get("format", "json")
    return JobResult(render_timeline(result, fmt), _MEDIA[fmt], _skipped(got.failures))


def digest(engine: Engine, request: dict[str, Any]) -> JobResult:
    """``precis digest``; articles it sets apart are listed as skipped, as the CLI lists them on stderr."""
    from ..rendering.render import render_digest
    from ..stories.digest import build_digest

    got = engine.gather(request)
    config = SummarizerConfig(
        representation=engine.representation(request.get("embeddings")),  # type: ignore[arg-type]
        model=engine.settings.model,
        check_language=request.get("check_language", True),
    )
    try:
        result = build_digest(got.articles, words=request.get("words", 80), stories=request.get("stories"),
                              timeline_dates=request.get("timeline_dates", 4), config=config)  # fmt: skip
    except InputError as exc:
        raise _fielded(exc, got) from None
    if not result.stories:
        raise InputError(f"No story: {result.reason}", source="articles")
    apart = [ReadFailure(got.field_of(p.id) or p.id, p.reason or "set apart")
             for p in result.placements if p.role == "set apart"]  # fmt: skip
    fmt = request.get("format", "json")
    return JobResult(render_digest(result, fmt), _MEDIA[fmt], _skipped([*got.failures, *apart]))


JOBS: dict[str, Callable[[Engine, dict[str, Any]], JobResult]] = {
    "summarize": summarize,
    "check": check,
    "timeline": timeline,
    "digest": digest,
}
