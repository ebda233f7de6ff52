"""``create_app(settings)``: the ASGI app of ``precis serve``, with its error table and middleware.

The app is an adapter. The work happens in worker processes
(:mod:`.pool`, :mod:`.jobs`) that load the models once, at start-up: the
lifespan starts them and waits until each is warm, so the server listens only
once it can answer. Errors become problem documents (:mod:`.problems`);
nothing ever answers with a traceback. Middleware, outermost first:
security headers, the Host allow-list, CORS (only when origins are configured),
the body cap, the JSON nesting limit. Connections get a deadline for their
headers and an idle timeout (:mod:`.connections`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

from .._optional import require

require("fastapi", extra="server", caller="precis serve")  # a missing extra names itself, before any import below
require("uvicorn", extra="server", caller="precis serve")

from fastapi import FastAPI, Request  # noqa: E402
from fastapi.exceptions import RequestValidationError  # noqa: E402
from fastapi.responses import JSONResponse  # noqa: E402
from starlette.exceptions import HTTPException  # noqa: E402

from .._version import __version__  # noqa: E402
from ..errors import PrecisError  # noqa: E402
from .api import router as api_router  # noqa: E402
from .connections import guarded_protocol  # noqa: E402
from .limits import BodyLimit, BodyTooLarge, HostAllowList, NestingLimit, SecurityHeaders, too_large  # noqa: E402
from .page import router as page_router  # noqa: E402
from .pool import WorkerPool  # noqa: E402
from .problems import PROBLEM_TYPE, Problem, problem_for  # noqa: E402
from .settings import ServerSettings  # noqa: E402

__all__ = ["create_app", "serve"]

log = logging.getLogger("precis.server")
_PARSE_FAILED = "There was an error parsing the body"  # FastAPI's 400 for a body json.loads could not take

_DESCRIPTION = """\
Faithful, extractive, cited news briefings. Every endpoint takes the options
of its CLI command as JSON and answers with the same JSON document as
`precis <command> --format json` (see docs/json.md). Articles are given as
text (with optional metadata), as a file's content (`document`), or as an
http(s) URL that the server fetches (private addresses are always refused).
Errors are `application/problem+json` documents (RFC 9457)."""


def _respond(problem: Problem) -> JSONResponse:
    return JSONResponse(problem.body(), status_code=problem.status, media_type=PROBLEM_TYPE, headers=problem.headers)


def _field(loc: tuple[int | str, ...]) -> str:
    """``("body", "articles", 2, "url")`` -> ``articles[2].url``."""
    out = ""
    for part in loc[1:] if loc and loc[0] == "body" else loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def _message(error: dict[str, Any]) -> dict[str, str]:
    if error.get("type") == "json_invalid":  # loc is ("body", position): say where, not a field
        where = error.get("loc", ("body", "?"))[-1]
        return {"field": "body", "message": f"not valid JSON at character {where}: {error.get('ctx', {}).get('error')}"}
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return {"field": _field(tuple(error.get("loc", ()))), "message": message}


def _validation_problem(exc: RequestValidationError) -> Problem:
    errors = [_message(e) for e in exc.errors()][:50]
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    return Problem(
        422, "invalid-request", "Invalid request",
        f"{first['field']}: {first['message']}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
        field=first["field"], errors=errors,
    )  # fmt: skip


def _install_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return _respond(exc)

    async def on_precis(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, PrecisError)
        problem = problem_for(exc)
        if problem.status >= 500:
            log.error("precis serve: %s: %s", type(exc).__name__, exc)
        return _respond(problem)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _respond(_validation_problem(exc))

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        if isinstance(exc, BodyTooLarge):
            return _respond(too_large(exc.limit))
        if exc.status_code == 400 and exc.detail == _PARSE_FAILED:  # a body the framework could not parse
            return _respond(Problem(
                422, "invalid-request", "Invalid request", "body: the request body could not be read as JSON",
                field="body", errors=[{"field": "body", "message": "the request body could not be read as JSON"}],
            ))  # fmt: skip
        phrase = HTTPStatus(exc.status_code).phrase
        slug = phrase.lower().replace(" ", "-")
        problem = Problem(exc.status_code, slug, phrase, str(exc.detail), headers=dict(exc.headers or {}))
        return _respond(problem)

    async def on_bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("precis serve: internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return _respond(
            Problem(500, "internal-error", "Internal error", "An unexpected error occurred; it has been logged.")
        )

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(PrecisError, on_precis)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_bug)


def create_app(settings: ServerSettings | None = None, *, pool: WorkerPool | None = None) -> FastAPI:
    """The ``precis serve`` app; its lifespan starts ``settings.workers`` warm worker processes.

    Parameters
    ----------
    settings : ServerSettings, optional
        Workers, limits, embeddings, CORS and the tracked store (default: ``ServerSettings()``).
    pool : WorkerPool, optional
        Workers already launched for these settings (``precis serve`` starts
        them before importing the web app); default: a new pool.

    Returns
    -------
    FastAPI
        Serve it with uvicorn (``precis serve`` does), one process: the
        parallelism is in the worker pool.
    """
    settings = settings or ServerSettings()
    pool = pool or WorkerPool(workers=settings.workers, queue=settings.queue, settings=settings.to_dict())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(
        title="precis",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.pool = pool
    app.state.store_location = settings.store  # None: the store precis track uses by default
    _install_handlers(app)
    app.include_router(api_router)
    app.include_router(page_router)
    app.add_middleware(NestingLimit)  # inside the body cap: only a capped body is held to be measured
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"], expose_headers=["Precis-Skipped", "Precis-Check-Fails"],
        )  # fmt: skip
    app.add_middleware(HostAllowList, names=settings.server_names)
    app.add_middleware(SecurityHeaders)
    return app


def serve(
    settings: ServerSettings,
    *,
    pool: WorkerPool | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    log_level: str = "info",
) -> None:
    """Run the app with uvicorn until interrupted (one process: the parallelism is in the worker pool).

    The server answers for ``host`` (when it is a name) besides ``settings.server_names``, IP addresses and
    ``localhost``; a connection gets ``settings.header_timeout`` seconds for each request's headers and may
    stay idle ``settings.idle_timeout`` seconds between requests.
    """
    import dataclasses

    import uvicorn

    settings = dataclasses.replace(settings, server_names=(*settings.server_names, host))
    config = uvicorn.Config(
        create_app(settings, pool=pool), host=host, port=port, log_level=log_level, lifespan="on",
        timeout_graceful_shutdown=10, server_header=False, http=guarded_protocol(settings.header_timeout),
        timeout_keep_alive=max(1, round(settings.idle_timeout)), h11_max_incomplete_event_size=64 * 1024,
    )  # fmt: skip
    uvicorn.Server(config).run()
