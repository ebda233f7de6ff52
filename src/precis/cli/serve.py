"""``precis serve``: parse options, start the HTTP API and web page (the ``[server]`` extra)."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from .._optional import require
from ..errors import ConfigError
from .arguments import number, positive_int

__all__ = ["add_parser", "run"]

HELP = """\
Serve the HTTP API (POST /v1/summarize, /v1/check, /v1/timeline, /v1/digest;
GET /v1/stories, /healthz; OpenAPI at /docs), the briefing web page at /
and the stories of a 'precis track' store at /stories (--store). The
work runs in --workers worker processes, each loading the models once
at start-up; the server listens once all are ready. Requests beyond the
workers and --queue get 429, bodies over --max-body 413, requests over
--timeout 504 (the worker is stopped and replaced). URLs in requests are
always fetched with the private-address guard on. Needs
pip install 'precis[server]'."""


def _size(text: str) -> int:
    from ..server.settings import parse_size

    try:
        return parse_size(text)
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub: Any, name: str) -> None:
    """Register the command."""
    from ..server.settings import DEFAULT_MAX_BODY, default_workers

    p = sub.add_parser(name, help="HTTP API and web page", description=HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=positive_int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument(
        "--workers",
        type=positive_int,
        default=default_workers(),
        help=f"worker processes doing the summarizing, each with its own models (default {default_workers()}: "
        "one per CPU, at most 4)",
    )
    p.add_argument("--queue", type=positive_int, default=8, help="requests that may wait for a worker (default 8)")
    p.add_argument("--embeddings", action="store_true", help="load sentence embeddings at start-up and use them")
    p.add_argument("--model", help="embedding model folder (implies --embeddings)")
    p.add_argument(
        "--max-body", type=_size, default=DEFAULT_MAX_BODY, help="largest request body, e.g. 5MB (default 5MB)"
    )
    p.add_argument("--max-articles", type=positive_int, default=100, help="most articles per request (default 100)")
    p.add_argument("--timeout", type=number, default=60.0, help="seconds a request may take (default 60)")
    p.add_argument("--fetch-timeout", type=number, default=15.0, help="seconds to wait for a URL (default 15)")
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="allow browser requests from this origin, e.g. https://news.example (repeatable; default: CORS off)",
    )
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="an intranet host (exact name or IP) that URLs in requests may reach although it is private "
        "(repeatable; every other private address is refused, and clients cannot change this)",
    )
    p.add_argument(
        "--server-name",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name clients use to reach this server (repeatable; IP addresses, localhost and --host are "
        "always answered; requests naming any other host get 421, which stops DNS rebinding; '*' allows any)",
    )
    p.add_argument(
        "--header-timeout",
        type=number,
        default=10.0,
        help="seconds a client has to send a request's headers (default 10)",
    )
    p.add_argument(
        "--idle-timeout", type=number, default=5.0, help="seconds a kept-alive connection may stay idle (default 5)"
    )
    p.add_argument(
        "--store",
        metavar="PATH|URL",
        help="the 'precis track' store whose stories /stories and /v1/stories show: an SQLite file or a "
        "postgresql:// URL, checked at start-up (default: the store 'precis track' uses, $PRECIS_STORE, else "
        "$XDG_DATA_HOME/precis/store.db)",
    )
    p.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info")


def _check_store(location: str) -> None:
    """Open the named store once, before any worker starts: a missing, corrupt or foreign one stops here
    with the error 'precis track' gives (a StoreError), and is never changed."""
    require("sqlalchemy", extra="track", caller="precis serve --store")
    from ..store.sql import SqlStore

    SqlStore(location, create=False).close()


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code when the server stops."""
    from ..server.settings import ServerSettings

    if args.store is not None:
        _check_store(args.store)

    settings = ServerSettings(
        workers=args.workers,
        queue=args.queue,
        max_body=args.max_body,
        max_articles=args.max_articles,
        timeout=args.timeout,
        fetch_timeout=args.fetch_timeout,
        embeddings=bool(args.embeddings or args.model),
        model=args.model,
        cors_origins=tuple(args.cors_origin),
        allowed_hosts=tuple(args.allow_host),
        server_names=tuple(args.server_name),
        header_timeout=args.header_timeout,
        idle_timeout=args.idle_timeout,
        store=args.store,
    )
    from ..server.pool import WorkerPool

    pool = WorkerPool(workers=settings.workers, queue=settings.queue, settings=settings.to_dict())
    pool.launch()  # the workers warm up while the web app is imported
    try:
        from ..server.app import serve  # needs the [server] extra: MissingDependencyError names it
    except BaseException:
        asyncio.run(pool.close())
        raise
    serve(settings, pool=pool, host=args.host, port=args.port, log_level=args.log_level)
    return 0
