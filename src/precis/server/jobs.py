"""The work behind each endpoint, as the CLI commands do it, on plain request dicts.

These functions run in the worker processes (:mod:`precis.server.worker`),
never on the event loop, and import no web framework. Each makes the body's
options into the task's request (:func:`request_for`: the same
:mod:`precis.app` request, validation and defaults as the CLI command; the
route also calls it, so a bad option is refused before any work is queued),
reads the request's articles (:mod:`precis.server.inputs`), runs the same
:mod:`precis.app` function as its CLI command, and renders with the same
renderer, so the body is byte for byte what ``precis <command> --format json``
prints for the same articles and options.

Inputs that could not be read are reported as the CLI reports them on stderr,
here as :attr:`JobResult.skipped`; a library :class:`~precis.errors.InputError`
about one article is raised again naming the request field it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import app
from ..app import CheckRequest, DigestRequest, Models, Request, SummarizeRequest, TimelineRequest
from ..errors import InputError
from ..model import SCHEMA, Summary
from ..readers import ReadFailure
from .inputs import Gathered, gather_articles

if TYPE_CHECKING:
    from ..readers.fetching import Fetcher
    from .settings import ServerSettings

__all__ = ["JOBS", "REQUESTS", "Engine", "JobResult", "request_for"]

_MEDIA = {"json": "application/json", "text": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8"}
REQUESTS: dict[str, type[Request]] = {
    "summarize": SummarizeRequest,
    "check": CheckRequest,
    "timeline": TimelineRequest,
    "digest": DigestRequest,
}


@dataclass(frozen=True, slots=True)
class JobResult:
    """A rendered result: the body, its media type, skipped inputs ``(input, reason)`` and extra headers."""

    body: str
    media_type: str
    skipped: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)


def request_for(job: str, body: Mapping[str, Any], settings: ServerSettings) -> Request:
    """The :mod:`precis.app` request of a body: its options by name; the operator's model when embeddings are used.

    ``embeddings`` unset takes the server's default; asked of a server started
    without them, it is refused.
    """
    cls = REQUESTS[job]
    values = {k: body[k] for k in cls.names() if k in body and k not in ("embeddings", "model")}
    if "embeddings" in cls.names():
        asked = body.get("embeddings")
        if asked and not settings.embeddings:
            raise InputError(
                "This server was started without --embeddings, so it cannot use sentence embeddings; "
                "leave 'embeddings' unset or false.",
                source="embeddings",
            )
        values["embeddings"] = settings.embeddings if asked is None else bool(asked)
        values["model"] = settings.model if values["embeddings"] else None
    return cls.from_dict(values)


class Engine(Models):
    """The models of one worker process, built once and reused by every request it serves."""

    def __init__(self, settings: ServerSettings) -> None:
        super().__init__()
        self.settings = settings

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


def _fielded(exc: InputError, got: Gathered) -> InputError:
    """``exc`` naming the request field of the article it is about."""
    return InputError(str(exc), source=got.field_of(exc.source))


def _reported(got: Gathered, skipped: tuple[InputError, ...]) -> None:
    """Articles the task skipped, listed with the inputs that could not be read (named by request field)."""
    got.failures.extend(ReadFailure(got.field_of(e.source) or str(e.source), str(e)) for e in skipped)


def summarize(engine: Engine, body: dict[str, Any]) -> JobResult:
    """``precis summarize`` (and ``--outline``, ``--verify``)."""
    from ..rendering.render import render

    request = request_for("summarize", body, engine.settings)
    assert isinstance(request, SummarizeRequest)
    got = engine.gather(body)
    try:
        outcome = app.summarize(request, got.articles, models=engine)
        if outcome.nothing:
            outcome.require()  # refused: the message names every article and why it was left out
    except InputError as exc:
        raise _fielded(exc, got) from None
    _reported(got, outcome.skipped)
    fmt = body.get("format", "json")
    return JobResult(render(outcome.require(), fmt), _MEDIA[fmt], _skipped(got.failures))


def _summary(raw: Any) -> str | Summary:
    """The body's ``summary``: text, or a precis JSON summary."""
    if not isinstance(raw, dict):
        return str(raw)
    if raw.get("schema") != SCHEMA:
        raise InputError(f"'summary' must be text or a {SCHEMA} JSON object.", source="summary")
    try:
        return Summary.from_dict(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"'summary' is not a valid {SCHEMA} object ({exc}).", source="summary") from None


def check(engine: Engine, body: dict[str, Any]) -> JobResult:
    """``precis check``: the summary is text or a precis JSON summary; sources default to what it cites."""
    from ..rendering.render import render_check

    request = request_for("check", body, engine.settings)
    assert isinstance(request, CheckRequest)
    summary = _summary(body["summary"])
    sources = None
    got = Gathered()
    if body.get("sources"):
        got = engine.gather(body, "sources")
        if got.failures:  # a check against part of its sources would mislead: refuse, as the CLI does
            first = got.failures[0]
            raise InputError(f"{first.source}: {first.reason}", source="sources")
        sources = got.articles
    elif not isinstance(summary, Summary):
        raise InputError("No sources given; pass the articles the summary claims to summarize in 'sources'.",
                         source="sources")  # fmt: skip
    try:
        outcome = app.check(request, summary, sources, models=engine)
    except InputError as exc:
        raise _fielded(exc, got) from None
    fmt = body.get("format", "json")
    headers = {"Precis-Check-Fails": "true" if outcome.fails else "false"} if request.fail_on else {}
    return JobResult(render_check(outcome.require(), fmt), _MEDIA[fmt], headers=headers)


def timeline(engine: Engine, body: dict[str, Any]) -> JobResult:
    """``precis timeline``."""
    from ..rendering.render import render_timeline

    request = request_for("timeline", body, engine.settings)
    assert isinstance(request, TimelineRequest)
    got = engine.gather(body)
    try:
        outcome = app.timeline(request, got.articles)
    except InputError as exc:
        raise _fielded(exc, got) from None
    _reported(got, outcome.skipped)
    fmt = body.get("format", "json")
    return JobResult(render_timeline(outcome.require(source="articles"), fmt), _MEDIA[fmt], _skipped(got.failures))


def digest(engine: Engine, body: dict[str, Any]) -> JobResult:
    """``precis digest``; articles it sets apart are listed as skipped, as the CLI lists them on stderr."""
    from ..rendering.render import render_digest

    request = request_for("digest", body, engine.settings)
    assert isinstance(request, DigestRequest)
    got = engine.gather(body)
    try:
        outcome = app.digest(request, got.articles)
    except InputError as exc:
        raise _fielded(exc, got) from None
    result = outcome.require(source="articles")
    apart = [ReadFailure(got.field_of(p.id) or p.id, p.reason or "set apart")
             for p in result.placements if p.role == "set apart"]  # fmt: skip
    fmt = body.get("format", "json")
    return JobResult(render_digest(result, fmt), _MEDIA[fmt], _skipped([*got.failures, *apart]))


JOBS: dict[str, Callable[[Engine, dict[str, Any]], JobResult]] = {
    "summarize": summarize,
    "check": check,
    "timeline": timeline,
    "digest": digest,
}
