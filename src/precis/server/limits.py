"""ASGI middleware for what every response needs: a request body cap and strict security headers.

:class:`BodyLimit` answers 413 (a problem document) as soon as a declared
``Content-Length`` is over the cap, and stops reading a body sent without one
once it passes the cap, so an oversized request is never held in memory.

:class:`SecurityHeaders` adds a Content-Security-Policy that allows only the
app's own scripts, styles and API (no inline script, no other origin), and
turns off MIME sniffing, framing and referrers. The Swagger page at ``/docs``
gets the same policy except that it may use inline styles, which Swagger UI
sets.

:class:`HostAllowList` answers 421 to a request whose ``Host`` is a name the
server was not told it has: a web page that rebinds its own domain name to
127.0.0.1 (DNS rebinding) cannot reach the API. IP addresses, ``localhost``
and the names given with ``--server-name`` are answered.

:class:`NestingLimit` answers 422 to a JSON body that nests deeper than any
request schema does, before the framework parses it (a deep body would
exhaust the parser's stack).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from ..errors import InputError
from ..readers.nesting import MAX_DEPTH, too_deep
from .problems import PROBLEM_TYPE, Problem

__all__ = ["CSP", "BodyLimit", "BodyTooLarge", "HostAllowList", "NestingLimit", "SecurityHeaders", "host_allowed"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def too_large(limit: int) -> Problem:
    """The 413 problem for a body over ``limit`` bytes."""
    return Problem(
        413, "body-too-large", "Request body too large",
        f"The request body is larger than this server's {limit:,}-byte limit; send fewer or shorter articles, "
        "or ask the operator to raise --max-body.",
    )  # fmt: skip


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a streamed body passes the cap; the app answers :func:`too_large`.

    An ``HTTPException``, so the framework's body parsing passes it on rather than calling it a parse error.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large(limit).detail)
        self.limit = limit


class BodyLimit:
    """Refuse request bodies over ``max_body`` bytes with 413."""

    def __init__(self, app: App, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _answer(send, too_large(self.max_body))
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        await self.app(scope, limited, send)


async def _answer(send: Send, problem: Problem) -> None:
    body = problem.encode()
    headers = [(b"content-type", PROBLEM_TYPE.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": problem.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add the Content-Security-Policy and hardening headers to every HTTP response."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = (_DOCS_CSP if scope.get("path", "").startswith("/docs") else CSP).encode()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"content-security-policy", csp), *_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def host_allowed(host: str, names: frozenset[str]) -> bool:
    """Whether a ``Host`` header value (``name``, ``name:port``, ``[::1]:port``) is one this server answers for."""
    import ipaddress

    value = host.strip().lower()
    if value.startswith("["):  # an IPv6 literal
        return "]" in value
    name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    name = name.rstrip(".")
    if "*" in names or name == "localhost" or name.endswith(".localhost") or name in names:
        return True
    try:
        ipaddress.ip_address(name)  # a client that names the address cannot be rebinding a domain name
    except ValueError:
        return False
    return True


class HostAllowList:
    """Refuse (421) requests whose ``Host`` names another server: the guard against DNS rebinding."""

    def __init__(self, app: App, *, names: tuple[str, ...]) -> None:
        self.app = app
        self.names = frozenset(n.strip().lower().rstrip(".") for n in names)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host")
        if host is not None and not host_allowed(host.decode("latin-1"), self.names):
            shown = host.decode("latin-1")[:100]
            await _answer(send, Problem(
                421, "unknown-host", "Misdirected request",
                f"This server does not answer for the host {shown!r}; its operator can add the name with "
                "--server-name.",
            ))  # fmt: skip
            return
        await self.app(scope, receive, send)


class NestingLimit:
    """Refuse (422) a JSON request body that nests deeper than the request schemas allow, before it is parsed."""

    def __init__(self, app: App, *, limit: int = MAX_DEPTH) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:  # the body is capped by BodyLimit, outside this middleware
            try:
                message = await receive()
            except BodyTooLarge as exc:  # raised here, outside the app's handlers: answer as they would
                await _answer(send, too_large(exc.limit))
                return
            if message["type"] != "http.request":
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        if too_deep(body, limit=self.limit):
            error = InputError(f"the JSON nests deeper than {self.limit} levels; no request needs that many")
            await _answer(send, Problem(
                422, "invalid-request", "Invalid request", f"body: {error}", field="body",
                errors=[{"field": "body", "message": str(error)}],
            ))  # fmt: skip
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send)


def _replay(messages: list[Message], then: Receive) -> Receive:
    """A ``receive`` that gives ``messages`` again, and after them what ``then`` receives (a disconnect)."""
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        return await then()

    return receive
