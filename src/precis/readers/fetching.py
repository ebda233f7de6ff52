"""Fetching web pages and feeds over HTTP(S), refusing private addresses.

:class:`Fetcher` wraps one ``httpx.Client`` (the ``html`` extra) with what a
news reader needs: timeouts, a size cap, a content-type check, a clear
User-Agent, retries with backoff for busy servers, and an SSRF guard, since
the URLs may come from feeds or from users of an HTTP API.

The guard (on unless ``allow_private=True``) refuses loopback, private,
link-local, multicast, reserved, unspecified, shared (100.64/10) and
site-local addresses, their IPv4-mapped, NAT64 and 6to4 forms, cloud metadata
endpoints, and private-use host names (``localhost``, ``*.internal``...).
``allowed_hosts`` exempts exactly the hosts named, not the hosts they
redirect to.

How the guard closes DNS rebinding: the check is made where the connection
is made. The client's transport (:class:`~precis.readers._transport.GuardedTransport`,
on public httpx and httpcore API) gives its connection pool a network backend
(:class:`~precis.readers._transport.PinnedBackend`) whose ``connect_tcp(host,
port)`` resolves ``host`` once (with ``resolver``), refuses the connection if
*any* resolved address is blocked, and then dials the checked IP addresses
themselves; nothing resolves the name a second time. httpcore then starts TLS
on that socket with ``server_hostname=host``, so SNI, certificate checks and
the Host header still use the name. A name that answers a public address to
the check and a private one to the connection therefore gains nothing.
Redirects are followed here, not by httpx, so every hop is checked before it
is requested; and since httpcore pools connections by (scheme, host, port),
a connection to an allowed host is never reused for another host. Proxies
from the environment are not used: a proxy would resolve names out of the
guard's reach.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._optional import require
from .._version import __version__
from ..config.settings import _validate
from ..errors import BlockedAddressError, FetchError
from ._guard import Guard, Refused, Unresolvable, normal_host, system_resolver

if TYPE_CHECKING:
    import httpx

__all__ = ["ACCEPTED_TYPES", "USER_AGENT", "Fetcher", "Page", "is_url"]

USER_AGENT = f"precis/{__version__} (news summarizer; +https://pypi.org/project/precis/)"
ACCEPTED_TYPES = frozenset(
    "text/html application/xhtml+xml application/rss+xml application/atom+xml application/rdf+xml application/xml "
    "text/xml text/plain text/csv application/json application/x-ndjson application/jsonl application/feed+json".split()
)
_ACCEPT = ", ".join(sorted(ACCEPTED_TYPES)) + ", */*;q=0.1"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def is_url(value: str) -> bool:
    """Whether ``value`` is an ``http://`` or ``https://`` URL with a host.

    Examples
    --------
    >>> is_url("https://example.org/news"), is_url("ftp://example.org/"), is_url("news.txt")
    (True, False, False)
    """
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and value == value.strip()
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched page: where it was asked for, where it ended, and its bytes.

    ``content_type`` is the media type in lower case without parameters
    (``None`` when the server sent none); ``charset`` is its ``charset``
    parameter, in lower case, if any. ``etag`` and ``last_modified`` are the
    validators the server sent, for a later conditional request; ``status`` is
    304 (and ``body`` empty) when a conditional request found nothing new.
    """

    url: str
    final_url: str
    status: int
    content_type: str | None
    charset: str | None
    body: bytes = field(repr=False)
    etag: str | None = None
    last_modified: str | None = None


def _retry_after(value: str | None, cap: float) -> float | None:
    """A numeric Retry-After header in seconds, capped; None when absent or not a number of seconds."""
    if value is None or not re.fullmatch(r"[0-9]{1,9}", value.strip()):
        return None
    return min(float(value), cap)


def _status_hint(status: int) -> str:
    if status in (401, 403, 451):
        return "the site refuses to serve precis; save the page from a browser and give precis the file"
    if status == 429 or status >= 500:
        return "the site is busy or failing; try again later"
    return "check the address"


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    """``text/html; charset=UTF-8`` -> ``("text/html", "utf-8")``."""
    if not header or not header.strip():
        return None, None
    media, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower() or None, charset


def _number(lo: float, *, whole: bool = False, above: bool = False) -> tuple[str, Any]:
    """A constraint for ``_validate``: a finite (whole) number at least (or above) ``lo``."""
    kind = int if whole else int | float

    def check(v: Any) -> bool:
        return isinstance(v, kind) and not isinstance(v, bool) and math.isfinite(v) and (v > lo if above else v >= lo)

    return f"{'a whole number' if whole else 'a number'} {'>' if above else '>='} {lo:g}", check


_CONSTRAINTS: dict[str, tuple[str, Any]] = {
    "timeout": _number(0, above=True),
    "max_bytes": _number(1, whole=True),
    "max_redirects": _number(0, whole=True),
    "retries": _number(0, whole=True),
    "backoff": _number(0),
    "max_retry_after": _number(0),
    "concurrency": _number(1, whole=True),
    "allow_private": ("a bool", lambda v: isinstance(v, bool)),
    "allowed_hosts": (
        "a collection of host names (not one str)",
        lambda v: isinstance(v, Collection) and not isinstance(v, str) and all(isinstance(h, str) for h in v),
    ),
    "resolver": ("None or a callable", lambda v: v is None or callable(v)),
    "user_agent": ("a non-empty str", lambda v: isinstance(v, str) and bool(v.strip())),
}


class Fetcher:
    """Fetch web pages and feeds over HTTP(S), refusing private addresses by default.

    Parameters
    ----------
    timeout : float, default=15.0
        Seconds allowed to connect, for each read, and for the whole body.
    max_bytes : int, default=10_000_000
        Largest body accepted (after decompression).
    max_redirects : int, default=5
        Redirects followed before giving up; every hop is checked by the guard.
    retries : int, default=2
        Extra attempts after a 429, 500, 502, 503 or 504 answer, a timeout or a
        failed connection; other errors are not retried.
    backoff : float, default=0.5
        Wait before retry ``n`` (from 0): ``backoff * 2**n`` seconds, unless
        the server sent a numeric ``Retry-After``.
    max_retry_after : float, default=30.0
        Longest ``Retry-After`` honoured; longer ones are cut to this.
    concurrency : int, default=8
        Most requests in flight at once (:meth:`fetch_many`, and the pool).
    allow_private : bool, default=False
        Turn the private-address guard off (trusted, internal use only).
    allowed_hosts : collection of str, default=()
        Host names or literal IPs that may be private (e.g. an intranet
        host); international names in their ASCII (``xn--``) form. Only
        these exact hosts: where they redirect is still checked.
    resolver : callable (host, port) -> list of IP strings, optional
        Replaces DNS (default: :func:`socket.getaddrinfo`) both for the
        check and for the connection.
    user_agent : str, default=USER_AGENT
        The ``User-Agent`` header sent.

    Notes
    -----
    One Fetcher may be shared by threads; it holds one connection pool.
    Cookies a site sets are kept only for the redirects of one fetch.

    Raises
    ------
    ConfigError
        A parameter is outside its allowed values.
    MissingDependencyError
        httpx is not installed (``pip install 'precis[html]'``).

    Examples
    --------
    >>> with Fetcher(timeout=10) as fetcher:  # doctest: +SKIP
    ...     page = fetcher.fetch("https://example.org/news/1")
    """

    def __init__(
        self,
        *,
        timeout: float = 15.0,
        max_bytes: int = 10_000_000,
        max_redirects: int = 5,
        retries: int = 2,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        concurrency: int = 8,
        allow_private: bool = False,
        allowed_hosts: Collection[str] = (),
        resolver: Callable[[str, int], list[str]] | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.concurrency = concurrency
        self.allow_private = allow_private
        self.allowed_hosts = allowed_hosts
        self.resolver = resolver
        self.user_agent = user_agent
        _validate(self, _CONSTRAINTS)
        self._hx: ModuleType = require("httpx", extra="html", caller="Fetcher")
        require("httpcore", extra="html", caller="Fetcher")  # (the transport needs it: say so now)
        hosts = frozenset(normal_host(h) for h in allowed_hosts)
        self._guard = Guard(allow_private, hosts, resolver or system_resolver)
        self._lock = threading.Lock()
        self._client: httpx.Client | None = None

    def fetch(self, url: str, *, headers: Mapping[str, str] | None = None) -> Page:
        """Fetch one URL, following redirects, and return its page.

        ``headers`` are sent with each hop (e.g. ``If-None-Match`` and
        ``If-Modified-Since`` for a conditional request, which may answer a
        page of status 304 and no body).

        Raises
        ------
        BlockedAddressError
            The URL, or a redirect from it, leads to a private address.
        FetchError
            The URL is not http(s), the server answered with an error, timed
            out or could not be reached, the body is too large, or it is
            not a web page or feed. The message names the URL.
        """
        client = self._open()
        cookies = self._hx.Cookies()  # kept for this fetch's redirects only, never shared between fetches
        target = self._target(url, url)
        seen, looped = {str(target)}, False
        for hop in range(self.max_redirects + 1):
            response = self._send(client, url, target, cookies, redirected=hop > 0, headers=headers)
            try:
                if response.status_code not in _REDIRECTS or "location" not in response.headers:
                    return self._page(url, response, conditional=bool(headers))
            except self._hx.HTTPError as exc:
                raise self._transport_error(url, exc) from None
            finally:
                response.close()
            if hop == self.max_redirects:
                break
            target = self._target(url, response.headers["location"], base=target)
            looped = str(target) in seen
            seen.add(str(target))
        loop = " (a redirect loop)" if looped else ""
        raise FetchError(
            f"{url}: more than {self.max_redirects} redirects{loop}; open it in a browser to see where it leads.",
            source=url,
        )

    def fetch_many(self, urls: Sequence[str]) -> list[Page | FetchError]:
        """Fetch several URLs, up to ``concurrency`` at once.

        Returns
        -------
        list of Page or FetchError
            One item per URL, in input order; a URL that failed gives its
            :class:`~precis.errors.FetchError` instead of a page.
        """
        urls = list(urls)
        if not urls:
            return []
        self._open()

        def one(url: str) -> Page | FetchError:
            try:
                return self.fetch(url)
            except FetchError as exc:
                return exc

        with ThreadPoolExecutor(min(self.concurrency, len(urls)), thread_name_prefix="precis-fetch") as pool:
            return list(pool.map(one, urls))

    def close(self) -> None:
        """Close the connections; a later fetch opens new ones."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _open(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                self._client = self._new_client()
            return self._client

    def _new_client(self) -> httpx.Client:
        """An httpx client whose connections all go through the guard (see the module docstring)."""
        from ._transport import GuardedTransport  # (imports httpx and httpcore: only once a fetch is made)

        hx = self._hx
        limits = hx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency)
        transport = GuardedTransport(self._guard, limits=limits, ssl_context=hx.create_ssl_context())
        client: httpx.Client = hx.Client(
            transport=transport,
            timeout=hx.Timeout(self.timeout),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.user_agent, "Accept": _ACCEPT},
            cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])),  # the client itself keeps no cookies
        )
        return client

    def _target(self, url: str, hop: str, *, base: httpx.URL | None = None) -> httpx.URL:
        """The URL to request next, checked: http(s), with a host the guard does not refuse by name."""
        hx = self._hx
        try:
            target: httpx.URL = hx.URL(hop) if base is None else base.join(hop)
        except (hx.InvalidURL, TypeError, ValueError) as exc:
            where = f"{url}: the redirect to {hop!r}" if base is not None else url
            raise FetchError(f"{where} is not a valid URL ({exc}); check the address.", source=url) from None
        if target.scheme not in ("http", "https") or not target.host:
            if base is not None:
                msg = f"{url}: redirects to {target}, which is not an http(s) URL; precis does not follow it."
            else:
                msg = f"{url} is not an http:// or https:// URL with a host; precis fetches web pages and feeds only."
            raise FetchError(msg, source=url)
        try:
            self._guard.check_host(target.raw_host.decode("ascii"))
        except Refused as exc:
            raise self._blocked(url, exc, redirect=None if base is None else str(target)) from None
        return target

    def _send(
        self, client: httpx.Client, url: str, target: httpx.URL, cookies: httpx.Cookies, *, redirected: bool,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:  # fmt: skip
        """One hop's response (headers only, body still streaming), retried when the server or network is busy."""
        hx = self._hx
        retryable = (hx.TimeoutException, hx.NetworkError, hx.RemoteProtocolError)
        for attempt in range(self.retries + 1):
            request = client.build_request("GET", target, headers=headers)
            cookies.set_cookie_header(request)
            try:
                response: httpx.Response = client.send(request, stream=True)
            except Refused as exc:
                raise self._blocked(url, exc, redirect=str(target) if redirected else None) from None
            except Unresolvable as exc:
                raise FetchError(f"{url}: {exc}; check the address.", source=url) from None
            except hx.TransportError as exc:
                if attempt == self.retries or not isinstance(exc, retryable):
                    raise self._transport_error(url, exc) from None
                delay = self.backoff * 2**attempt
            else:
                cookies.extract_cookies(response)
                if response.status_code not in _RETRY_STATUSES or attempt == self.retries:
                    return response
                retry_after = _retry_after(response.headers.get("retry-after"), self.max_retry_after)
                delay = self.backoff * 2**attempt if retry_after is None else retry_after
                response.close()
            time.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _page(self, url: str, response: httpx.Response, *, conditional: bool = False) -> Page:
        """Check the status, type and size of a final response and read its body."""
        status = response.status_code
        etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
        if status == 304 and conditional:
            return Page(url, str(response.url), status, None, None, b"", etag, modified)
        if not 200 <= status < 300:
            where = "" if str(response.url) == url else f" (at {response.url})"
            raise FetchError(
                f"{url}: HTTP {status} {response.reason_phrase}{where}; {_status_hint(status)}.", source=url
            )
        media, charset = _media_type(response.headers.get("content-type"))
        if media is not None and media not in ACCEPTED_TYPES:
            raise FetchError(
                f"{url} is {media}, not a web page or feed; give precis the address of an article or a feed.",
                source=url,
            )
        length = response.headers.get("content-length", "").strip()
        if length.isdigit() and int(length) > self.max_bytes:
            raise self._too_large(url)
        deadline = time.monotonic() + self.timeout
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self.max_bytes:
                raise self._too_large(url)
            if time.monotonic() > deadline:
                raise self._transport_error(url, self._hx.ReadTimeout("the body took too long"))
        return Page(
            url=url, final_url=str(response.url), status=status, content_type=media, charset=charset, body=bytes(body),
            etag=etag, last_modified=modified,
        )  # fmt: skip

    def _too_large(self, url: str) -> FetchError:
        return FetchError(
            f"{url}: the body is larger than the {self.max_bytes:,}-byte limit; raise it to read the page "
            "(--max-bytes on the command line, max_bytes= in Python).",
            source=url,
        )

    def _blocked(self, url: str, refused: Refused, *, redirect: str | None) -> BlockedAddressError:
        where = f"it redirects to {redirect}, and " if redirect else ""
        return BlockedAddressError(
            f"{url}: refused: {where}{refused.detail}. precis does not fetch private, loopback, link-local or "
            "cloud metadata addresses; if you trust this host, pass --allow-private on the command line "
            f"(in Python: allowed_hosts={{{refused.host!r}}} or allow_private=True).",
            source=url,
        )

    def _transport_error(self, url: str, exc: Exception) -> FetchError:
        hx = self._hx
        if isinstance(exc, hx.TimeoutException):
            detail = f"timed out after {self.timeout:g} s; the site is slow or not answering: try again later"
        elif isinstance(exc, hx.ConnectError):
            detail = f"could not connect ({exc}); check the address and your network"
        elif isinstance(exc, hx.DecodingError):
            detail = f"the response could not be decoded ({exc})"
        else:
            detail = f"the connection failed ({exc or type(exc).__name__}); try again later"
        return FetchError(f"{url}: {detail}.", source=url)
