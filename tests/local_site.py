"""A small real HTTP server on 127.0.0.1 for tests that fetch URLs (no internet needed).

Use it through the ``local_site`` fixture of ``tests/conftest.py``::

    def test_reads_a_page(local_site):
        local_site.route("/a", body=b"<p>Hi</p>", content_type="text/html")
        local_site.redirect("/old", "/a")
        local_site.route("/flaky", replies=[Reply(status=503), Reply(status=503), Reply(body=b"ok")])
        local_site.route("/slow", body=b"late", delay=1.0)
        local_site.route("/huge", stream=50_000_000)        # chunked, no Content-Length
        local_site.route("/echo", handler=lambda req: Reply(body=req.headers["User-Agent"].encode()))
        url = local_site.url("/a")                            # http://127.0.0.1:<port>/a
        ...
        assert local_site.hits["/a"] == 1
        assert local_site.max_concurrent >= 2

Routes match the request path without its query string; an unknown path
answers 404. Every request is counted in ``hits`` (by path) and recorded in
``requests``; ``max_concurrent`` is the most requests that were being
handled at the same time. Handlers run in server threads, so keep them
simple; they see :class:`Request` and return a :class:`Reply`.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

__all__ = ["LocalSite", "Reply", "Request"]

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Reply:
    """What a route answers.

    ``stream`` > 0 sends that many more bytes after ``body``, with chunked
    transfer encoding and no Content-Length. ``delay`` waits before answering.
    ``content_type=None`` sends no Content-Type header.
    """

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    stream: int = 0


@dataclass(frozen=True)
class Request:
    """One request as a handler sees it; ``hit`` counts the requests to this path so far, from 1."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    hit: int


class LocalSite:
    """A threaded HTTP/1.1 server on 127.0.0.1 (a free port) whose routes the test defines."""

    def __init__(self) -> None:
        self._routes: dict[str, Callable[[Request], Reply]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._in_flight = 0
        self.hits: Counter[str] = Counter()
        self.requests: list[Request] = []
        self.max_concurrent = 0
        self._server = _Server(("127.0.0.1", 0), _handler_class(self))
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="local-site", daemon=True)
        self._thread.start()

    def route(
        self,
        path: str,
        *,
        body: bytes | str = b"",
        content_type: str | None = "text/html; charset=utf-8",
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
        stream: int = 0,
        replies: Sequence[Reply] | None = None,
        handler: Callable[[Request], Reply] | None = None,
    ) -> None:
        """Answer ``path`` with one fixed reply, or ``replies`` in turn (the last repeats), or ``handler(request)``."""
        if handler is None:
            if replies is None:
                data = body.encode("utf-8") if isinstance(body, str) else body
                replies = [Reply(status, data, content_type, dict(headers or {}), delay, stream)]
            fixed = list(replies)

            def handler(request: Request) -> Reply:
                return fixed[min(request.hit, len(fixed)) - 1]

        self._routes[path] = handler

    def redirect(self, path: str, location: str, *, status: int = 302) -> None:
        """Answer ``path`` with a redirect to ``location`` (a path, or any URL)."""
        self.route(path, status=status, content_type=None, headers={"Location": location})

    def url(self, path: str = "/", *, host: str = "127.0.0.1") -> str:
        """The address of ``path`` on this server; ``host`` may be a name a test resolver maps to 127.0.0.1."""
        return f"http://{host}:{self.port}{path}"

    def close(self) -> None:
        """Stop serving (delayed replies are cut short) and free the port."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalSite:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _answer(self, handler: BaseHTTPRequestHandler, *, head: bool) -> None:
        parts = urlsplit(handler.path)
        with self._lock:
            self.hits[parts.path] += 1
            request = Request(handler.command, parts.path, parts.query, dict(handler.headers), self.hits[parts.path])
            self.requests.append(request)
            self._in_flight += 1
            self.max_concurrent = max(self.max_concurrent, self._in_flight)
        try:
            route = self._routes.get(parts.path)
            reply = route(request) if route else Reply(404, b"not found", "text/plain")
            if reply.delay and self._stopping.wait(reply.delay):
                handler.close_connection = True
                return
            _write(handler, reply, head=head)
        except (ConnectionError, TimeoutError):  # the client gave up (size cap, timeout): nothing to tell it
            handler.close_connection = True
        finally:
            with self._lock:
                self._in_flight -= 1


def _write(handler: BaseHTTPRequestHandler, reply: Reply, *, head: bool) -> None:
    handler.send_response(reply.status)
    if reply.content_type is not None:
        handler.send_header("Content-Type", reply.content_type)
    for name, value in reply.headers.items():
        handler.send_header(name, value)
    if reply.stream:
        handler.send_header("Transfer-Encoding", "chunked")
    else:
        handler.send_header("Content-Length", str(len(reply.body)))
    handler.end_headers()
    if head:
        return
    if not reply.stream:
        handler.wfile.write(reply.body)
        return
    for piece in _pieces(reply.body, reply.stream):
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
    handler.wfile.write(b"0\r\n\r\n")


def _pieces(body: bytes, extra: int) -> Iterator[bytes]:
    if body:
        yield body
    filler = b"x" * _CHUNK
    while extra > 0:
        yield filler[: min(extra, _CHUNK)]
        extra -= _CHUNK


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


def _handler_class(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 10  # an idle keep-alive connection is dropped after this many seconds

        def do_GET(self) -> None:
            site._answer(self, head=False)

        def do_HEAD(self) -> None:
            site._answer(self, head=True)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler
