"""One worker process: load the models once, then answer jobs from a pipe until told to stop.

The protocol is three messages. After start-up the worker sends
``("ready", None)`` once its :class:`~precis.server.jobs.Engine` has run a
small warm-up request (so the first real request pays no import or model
loading), or ``("failed", message)``. Then, for each ``(job, request)`` it
receives, it answers ``("ok", JobResult)``, ``("error", PrecisError)`` for a
refusal the client can fix, or ``("bug", "ExceptionName")`` after logging the
traceback to stderr. ``None`` stops it.
"""

from __future__ import annotations

import logging
import signal
import sys
import traceback
from typing import Any

from ..errors import PrecisError
from .jobs import JOBS, Engine
from .settings import ServerSettings

__all__ = ["run_worker", "warm_up"]

log = logging.getLogger("precis.server")

_WARM_UP = (
    "The harbour council met on Monday, January 10, 2022, to debate the new budget. "
    "Members approved a plan to repair the northern pier before the summer season. "
    "The mayor said the work would start in March and cost about two million euros."
)


def warm_up(engine: Engine) -> None:
    """Run each job once on a tiny article: imports, model loading and caches happen now, not per request."""
    article = {"text": _WARM_UP, "published": "2022-01-10"}
    JOBS["summarize"](engine, {"articles": [article], "words": 30})
    JOBS["check"](engine, {"summary": _WARM_UP.split(". ")[0] + ".", "sources": [article]})
    JOBS["timeline"](engine, {"articles": [article]})
    JOBS["digest"](engine, {"articles": [article, {**article, "id": "2"}], "words": 30})
    page = f"<html><head><title>Pier</title></head><body><article><p>{_WARM_UP}</p></article></body></html>"
    try:  # the HTML reader (trafilatura) is an extra: without it, pages are refused per request
        JOBS["summarize"](engine, {"articles": [{"document": page, "name": "warm-up.html"}], "words": 30})
    except PrecisError:
        log.info("precis serve: HTML pages cannot be read here (pip install 'precis[html]')")


def _answer(engine: Engine, job: str, request: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "ok", JOBS[job](engine, request)
    except PrecisError as exc:
        return "error", exc
    except Exception as exc:  # a bug: keep the traceback in the server log, never in the response
        traceback.print_exc(file=sys.stderr)
        return "bug", type(exc).__name__


def run_worker(conn: Any, settings: dict[str, Any]) -> None:
    """The worker's main loop (the target of a spawned process); ``conn`` is its end of the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle: it stops the workers
    try:
        tuples = {k: tuple(settings.get(k, ())) for k in ("cors_origins", "allowed_hosts")}
        engine = Engine(ServerSettings(**{**settings, **tuples}))
        warm_up(engine)
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        try:
            conn.send(_answer(engine, *message))
        except (BrokenPipeError, OSError):
            return
        except Exception:  # an error that does not pickle: say it was one, without the object
            conn.send(("bug", "UnpicklableError"))
