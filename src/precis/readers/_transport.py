"""The httpx transport of :class:`~precis.readers.fetching.Fetcher`: httpcore's pool with the guard's backend.

httpx's own ``HTTPTransport`` has no public way to give its connection pool a
network backend, so this transport is built on public API only: an
``httpx.BaseTransport`` that hands each request to an
``httpcore.ConnectionPool(network_backend=PinnedBackend(...))``. The backend
resolves the host once through the guard, which checks every address, and
dials a checked address; TLS then starts with the host name (SNI and the
certificate check use the name), and the Host header is the request's.
Requests, responses and httpcore's exceptions are translated as httpx's own
transport translates them. Imported only when a
:class:`~precis.readers.fetching.Fetcher` opens its client (``httpx`` and
``httpcore`` are the ``html`` extra).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from ._guard import Guard, Refused

__all__ = ["GuardedTransport", "PinnedBackend"]


# the roots of httpcore's public exceptions (each has a twin of the same name in httpx)
_CORE_ERRORS = (
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
)


@contextmanager
def _httpx_errors() -> Iterator[None]:
    """Re-raise an httpcore exception as the httpx exception of the same name (the most specific one)."""
    try:
        yield
    except _CORE_ERRORS as exc:
        raise _as_httpx(exc) from exc


def _as_httpx(exc: Exception) -> Exception:
    """``httpcore.ReadTimeout("x")`` -> ``httpx.ReadTimeout("x")``: the nearest class httpx also has."""
    for cls in type(exc).__mro__:
        twin = getattr(httpx, cls.__name__, None)
        if isinstance(twin, type) and issubclass(twin, httpx.TransportError):
            return twin(str(exc))
    return httpx.TransportError(str(exc))  # pragma: no cover (every httpcore error has a twin)


class PinnedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that dials only the addresses the guard has just checked."""

    def __init__(self, inner: httpcore.NetworkBackend, guard: Guard) -> None:
        self._inner, self._guard = inner, guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect to the first checked address of ``host`` that answers (TLS later uses ``host`` for SNI)."""
        last: Exception | None = None
        for address in self._guard.addresses(host, port):
            try:
                return self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        """Unix sockets are never used: refuse."""
        raise Refused(path, "a Unix socket")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _Body(httpx.SyncByteStream):
    """A response body from httpcore, its errors as httpx errors."""

    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport whose every connection goes through ``guard`` (see the module docstring).

    Parameters
    ----------
    guard : Guard
        Which hosts and addresses may be connected to.
    limits : httpx.Limits
        Connection pool limits.
    ssl_context : ssl.SSLContext
        Certificate checks for https.
    """

    def __init__(self, guard: Guard, *, limits: httpx.Limits, ssl_context: ssl.SSLContext) -> None:
        backend = PinnedBackend(httpcore.SyncBackend(), guard)
        self._connections = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the guarded pool; the body is left streaming."""
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = self._connections.handle_request(core_request)
        stream = response.stream
        assert isinstance(stream, Iterable)
        return httpx.Response(
            status_code=response.status, headers=response.headers, stream=_Body(stream), extensions=response.extensions
        )

    def close(self) -> None:
        """Close every pooled connection."""
        self._connections.close()
