"""The JSON API: ``POST /v1/{summarize,check,digest,timeline}``, ``GET /healthz``, and the tracked stories.

Each endpoint validates its body (:mod:`.schemas`), checks the article
count and the options (:func:`.jobs.request_for`: the CLI's request and
validation), and hands the request to the worker pool; the event loop never does
the summarizing. The response body is the CLI's document for the same
request (``docs/json.md``). Inputs skipped because they could not be read
(a URL that answered 404, a feed entry without text) are listed, as the CLI
lists them on stderr, in the ``Precis-Skipped`` header: a JSON array of
``{"input", "reason"}``.

``GET /v1/stories``, ``GET /v1/stories/{id}`` and the page ``GET /stories``
read the store of ``precis track``, read only: ``ServerSettings.store``
(``precis serve --store``), else the one ``precis track`` uses by default
(``$PRECIS_STORE``, else ``$XDG_DATA_HOME/precis/store.db``).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from .._version import __version__
from ..errors import PrecisError
from .jobs import JobResult, request_for
from .pool import JobTimeout, PoolFull, WorkerCrashed
from .problems import PROBLEM_TYPE, Problem
from .schemas import CheckRequest, DigestRequest, SummarizeRequest, TimelineRequest
from .settings import ServerSettings

__all__ = ["router"]

_PROBLEM = {"description": "a problem document (RFC 9457)", "content": {PROBLEM_TYPE: {"schema": {"type": "object"}}}}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the CLI's JSON document (or text/Markdown when format says so)",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/plain": {"schema": {"type": "string"}},
            "text/markdown": {"schema": {"type": "string"}},
        },
    },
    **{code: _PROBLEM for code in (413, 422, 429, 500, 501, 504)},
}
_SKIPPED_SHOWN = 20

router = APIRouter()
_STORES: dict[str, Any] = {}  # one open store per location, shared by requests (read only)


def _skipped_header(skipped: tuple[tuple[str, str], ...]) -> dict[str, str]:
    if not skipped:
        return {}
    shown = [{"input": source[:300], "reason": reason[:300]} for source, reason in skipped[:_SKIPPED_SHOWN]]
    if len(skipped) > _SKIPPED_SHOWN:
        shown.append({"input": "...", "reason": f"{len(skipped) - _SKIPPED_SHOWN} more inputs were skipped"})
    return {"Precis-Skipped": json.dumps(shown, ensure_ascii=True)}


async def _run(request: Request, job: str, body: BaseModel) -> Response:
    settings: ServerSettings = request.app.state.settings
    articles = getattr(body, "articles", None) or getattr(body, "sources", None) or []
    if len(articles) > settings.max_articles:
        name = "articles" if hasattr(body, "articles") else "sources"
        raise Problem(
            422, "too-many-articles", "Too many articles",
            f"{len(articles)} articles were sent; this server takes at most {settings.max_articles} per request. "
            "Send them in smaller requests, or ask the operator to raise --max-articles.",
            field=name,
        )  # fmt: skip
    payload = body.model_dump()
    request_for(job, payload, settings)  # a bad option value is refused here, before any work is queued
    try:
        status, value = await request.app.state.pool.run(job, payload, timeout=settings.timeout)
    except PoolFull:
        raise Problem(
            429, "busy", "Server busy",
            "Every worker is busy and the queue is full; retry in a moment.", headers={"Retry-After": "1"},
        ) from None  # fmt: skip
    except JobTimeout:
        raise Problem(
            504, "timeout", "Request took too long",
            f"The request did not finish within this server's {settings.timeout:g}-second limit; send fewer or "
            "shorter articles, or ask the operator to raise --timeout.",
        ) from None  # fmt: skip
    except WorkerCrashed:
        raise Problem(500, "worker-crashed", "Internal error", "The worker running this request stopped.") from None
    if status == "error" and isinstance(value, PrecisError):
        raise value
    if status != "ok" or not isinstance(value, JobResult):
        raise Problem(500, "internal-error", "Internal error", "An unexpected error occurred; it has been logged.")
    return Response(
        value.body, media_type=value.media_type, headers={**value.headers, **_skipped_header(value.skipped)}
    )


@router.post("/v1/summarize", responses=_RESPONSES, response_class=Response, tags=["briefings"])
async def summarize(request: Request, body: SummarizeRequest) -> Response:
    """A cited summary of one article or many (``precis summarize``); ``outline`` for one point per section."""
    return await _run(request, "summarize", body)


@router.post("/v1/check", responses=_RESPONSES, response_class=Response, tags=["briefings"])
async def check(request: Request, body: CheckRequest) -> Response:
    """Audit a summary sentence by sentence against its sources (``precis check``)."""
    return await _run(request, "check", body)


@router.post("/v1/digest", responses=_RESPONSES, response_class=Response, tags=["briefings"])
async def digest(request: Request, body: DigestRequest) -> Response:
    """Group a mixed pile into stories, each briefed with its copies and corroboration (``precis digest``)."""
    return await _run(request, "digest", body)


@router.post("/v1/timeline", responses=_RESPONSES, response_class=Response, tags=["briefings"])
async def timeline(request: Request, body: TimelineRequest) -> Response:
    """Dated events with cited sentences (``precis timeline``)."""
    return await _run(request, "timeline", body)


@router.get("/healthz", tags=["service"])
async def healthz(request: Request) -> dict[str, Any]:
    """Liveness and capacity; answered on the event loop, so it stays fast while workers are busy."""
    settings: ServerSettings = request.app.state.settings
    return {
        "status": "ok",
        "version": __version__,
        "representation": "embeddings" if settings.embeddings else "tfidf",
        **request.app.state.pool.stats(),
        "limits": {
            "max_body": settings.max_body,
            "max_articles": settings.max_articles,
            "timeout": settings.timeout,
            "queue": settings.queue,
        },
    }


def _store(request: Request) -> Any:
    """The tracked-stories store, or ``None`` when there is none yet."""
    from ..store import StoreError, default_location
    from ..store.sql import SqlStore

    location = getattr(request.app.state, "store_location", None) or default_location()
    if location not in _STORES:
        try:
            _STORES[location] = SqlStore(location, create=False)
        except StoreError as exc:
            if "No store" in str(exc):
                return None
            raise Problem(500, "bad-store", "Store unusable", str(exc)) from None
    return _STORES[location]


@router.get("/v1/stories", tags=["stories"])
def tracked_stories(request: Request, limit: int = 50) -> dict[str, Any]:
    """The stories ``precis track`` follows, latest change first, each with its last briefing."""
    from ..store.views import story_list

    store = _store(request)
    return story_list(store, limit=max(1, min(limit, 500))) if store is not None else {"stories": []}


@router.get("/v1/stories/{story_id}", tags=["stories"])
def tracked_story(request: Request, story_id: str) -> dict[str, Any]:
    """One tracked story (``s3``): its articles and its last briefing; a merged story answers the one it joined."""
    from ..store.views import story_detail

    number = story_id.lower().removeprefix("s")
    store = _store(request)
    found = story_detail(store, int(number)) if store is not None and number.isdigit() else None
    if found is None:
        raise Problem(404, "no-story", "No such story", f"No tracked story {story_id!r}; see GET /v1/stories.")
    return found


@router.get("/stories", include_in_schema=False)
def tracked_page(request: Request) -> Response:
    """The page of tracked stories, latest change first, each with its briefing and clickable citations."""
    from ..store.views import stories_page

    page = stories_page(_store(request), css_href="/stories.css", home_href="/")
    return Response(page, media_type="text/html; charset=utf-8")


@router.get("/stories.css", include_in_schema=False)
def tracked_page_style() -> Response:
    """The style of the page of tracked stories (a file, since the content policy refuses inline styles)."""
    from ..store.briefing_render import CSS

    return Response(CSS, media_type="text/css; charset=utf-8")
