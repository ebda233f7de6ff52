"""Fetcher over real HTTP against the local_site server: the guard, redirects, retries, limits, fetch_many."""

from __future__ import annotations

import ipaddress
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import TypedDict

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.local_site import LocalSite, Reply, Request

from precis.errors import BlockedAddressError, ConfigError, FetchError, InputError
from precis.readers._guard import address_problem
from precis.readers.fetching import USER_AGENT, Fetcher, Page, is_url


class _Options(TypedDict):
    backoff: float
    timeout: float


FAST: _Options = {"backoff": 0.001, "timeout": 5.0}  # retries without waiting; a generous timeout for a busy machine


def table(names: Mapping[str, list[str]]) -> Callable[[str, int], list[str]]:
    """A resolver hook answering from ``names``; any other name does not exist."""

    def resolve(host: str, port: int) -> list[str]:
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(names[host])

    return resolve


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits between retries, recorded instead of slept (local_site waits with Event.wait, not sleep)."""
    waited: list[float] = []
    monkeypatch.setattr(time, "sleep", waited.append)
    return waited


# ---- reading pages --------------------------------------------------------------------------------------------


def test_fetching_reads_a_page_from_an_allowed_host(local_site: LocalSite) -> None:
    local_site.route("/a", body=b"<p>Ferry stalls</p>", content_type="text/html; charset=ISO-8859-1")
    with Fetcher(allowed_hosts={"127.0.0.1"}, **FAST) as fetcher:
        page = fetcher.fetch(local_site.url("/a"))
    assert page == Page(
        local_site.url("/a"), local_site.url("/a"), 200, "text/html", "iso-8859-1", b"<p>Ferry stalls</p>"
    )
    assert local_site.requests[0].headers["User-Agent"] == USER_AGENT
    assert "text/html" in local_site.requests[0].headers["Accept"]


def test_fetching_allow_private_turns_the_guard_off(local_site: LocalSite) -> None:
    local_site.route("/feed", body=b"<rss/>", content_type="application/rss+xml")
    with Fetcher(allow_private=True, **FAST) as fetcher:
        assert fetcher.fetch(local_site.url("/feed")).content_type == "application/rss+xml"


def test_fetching_accepts_a_page_without_content_type(local_site: LocalSite) -> None:
    local_site.route("/raw", body=b"plain words", content_type=None)
    with Fetcher(allow_private=True, **FAST) as fetcher:
        page = fetcher.fetch(local_site.url("/raw"))
    assert (page.content_type, page.charset, page.body) == (None, None, b"plain words")


def test_fetching_refuses_an_image_naming_its_type(local_site: LocalSite) -> None:
    local_site.route("/y.png", body=b"\x89PNG", content_type="image/png")
    with Fetcher(allow_private=True, **FAST) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(local_site.url("/y.png"))
    assert str(caught.value).startswith(f"{local_site.url('/y.png')} is image/png, not a web page or feed")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a", "http://", "example.org/news", "https:///a"]
)
def test_fetching_refuses_invalid_urls_naming_them(url: str) -> None:
    with Fetcher() as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert not isinstance(caught.value, BlockedAddressError)
    assert url in str(caught.value) and caught.value.source == url
    assert not is_url(url)


def test_fetching_is_url_accepts_http_and_https_only() -> None:
    assert is_url("http://example.org") and is_url("HTTPS://example.org/a?b=c")
    assert not is_url("mailto:desk@example.org") and not is_url(" https://example.org")


# ---- redirects ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_fetching_follows_redirects_and_reports_the_final_url(local_site: LocalSite, status: int) -> None:
    local_site.redirect("/old", "/news/older", status=status)
    local_site.redirect("/news/older", "story")  # relative to /news/
    local_site.route("/news/story", body=b"<p>here</p>")
    with Fetcher(allow_private=True, **FAST) as fetcher:
        page = fetcher.fetch(local_site.url("/old"))
    assert (page.url, page.final_url, page.body) == (
        local_site.url("/old"),
        local_site.url("/news/story"),
        b"<p>here</p>",
    )


def test_fetching_refuses_a_redirect_loop(local_site: LocalSite) -> None:
    local_site.redirect("/loop", "/loop")
    with Fetcher(allow_private=True, **FAST) as fetcher, pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.fetch(local_site.url("/loop"))
    assert local_site.hits["/loop"] == 6  # the request and five redirects


def test_fetching_stops_after_max_redirects(local_site: LocalSite) -> None:
    for hop in range(1, 4):
        local_site.redirect(f"/{hop}", f"/{hop + 1}")
    local_site.route("/4", body=b"too far")
    with Fetcher(allow_private=True, max_redirects=2, **FAST) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(local_site.url("/1"))
    assert str(caught.value).startswith(f"{local_site.url('/1')}: more than 2 redirects")
    assert local_site.hits["/3"] == 1 and local_site.hits["/4"] == 0


def test_fetching_refuses_a_redirect_to_another_scheme(local_site: LocalSite) -> None:
    local_site.redirect("/a", "file:///etc/passwd")
    with Fetcher(allow_private=True, **FAST) as fetcher, pytest.raises(FetchError, match="not an http"):
        fetcher.fetch(local_site.url("/a"))


def test_fetching_keeps_cookies_for_one_fetch_only(local_site: LocalSite) -> None:
    local_site.route(
        "/gate", status=302, content_type=None, headers={"Location": "/in", "Set-Cookie": "seen=1; Path=/"}
    )
    local_site.route("/in", handler=lambda req: Reply(body=req.headers.get("Cookie", "none").encode()))
    with Fetcher(allow_private=True, **FAST) as fetcher:
        assert fetcher.fetch(local_site.url("/gate")).body == b"seen=1"
        assert fetcher.fetch(local_site.url("/in")).body == b"none"


# ---- the private-address guard --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "[::1]", "169.254.169.254", "0.0.0.0", "metadata.google.internal"]
)
def test_fetching_guard_refuses_private_hosts_by_default(local_site: LocalSite, host: str) -> None:
    url = local_site.url("/a", host=host)
    with Fetcher(**FAST) as fetcher, pytest.raises(BlockedAddressError) as caught:
        fetcher.fetch(url)
    assert str(caught.value).startswith(f"{url}: refused") and "allowed_hosts" in str(caught.value)
    assert isinstance(caught.value, InputError) and local_site.hits["/a"] == 0


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "127.1", "0177.0.0.1", "[::ffff:7f00:1]", "localhost."])
def test_fetching_guard_sees_through_other_spellings_of_loopback(local_site: LocalSite, host: str) -> None:
    """With the system resolver: blocked, or refused as not a URL or not a host; never connected to."""
    local_site.route("/a", body=b"secret")
    with Fetcher(retries=0, timeout=2.0) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(local_site.url("/a", host=host))
    message = str(caught.value)
    assert isinstance(caught.value, BlockedAddressError) or "not a valid URL" in message or "could not find" in message
    assert local_site.hits["/a"] == 0


@pytest.mark.parametrize(
    "addresses",
    [
        *(["10.1.2.3"], ["192.168.0.10"], ["fd00::1"], ["::ffff:127.0.0.1"], ["169.254.169.254"], ["100.64.0.1"]),
        ["93.184.216.34", "10.0.0.1"],  # only one of several addresses is private
        ["2606:4700::1111", "127.0.0.1"],
    ],
)
def test_fetching_guard_checks_every_resolved_address(addresses: list[str]) -> None:
    with Fetcher(resolver=table({"news.test": addresses}), **FAST) as fetcher, pytest.raises(BlockedAddressError) as c:
        fetcher.fetch("http://news.test/story")
    assert f"news.test resolves to {addresses[-1]}" in str(c.value)


@pytest.mark.parametrize(("target", "names"), [("127.0.0.1", {}), ("internal.test", {"internal.test": ["10.0.0.7"]})])
def test_fetching_guard_checks_every_redirect_hop(
    local_site: LocalSite, target: str, names: dict[str, list[str]]
) -> None:
    local_site.redirect("/go", local_site.url("/secret", host=target))
    local_site.route("/secret", body=b"keys")
    resolver = table({"outlet.test": ["127.0.0.1"], **names})
    url = local_site.url("/go", host="outlet.test")
    with Fetcher(allowed_hosts={"outlet.test"}, resolver=resolver, **FAST) as fetcher:
        with pytest.raises(BlockedAddressError) as caught:
            fetcher.fetch(url)
    assert str(caught.value).startswith(f"{url}: refused: it redirects to {local_site.url('/secret', host=target)}")
    assert (local_site.hits["/go"], local_site.hits["/secret"]) == (1, 0)


def test_fetching_connects_to_the_address_the_resolver_gave(local_site: LocalSite) -> None:
    local_site.route("/a", body=b"reached")
    with Fetcher(allowed_hosts={"outlet.test"}, resolver=table({"outlet.test": ["127.0.0.1"]}), **FAST) as fetcher:
        page = fetcher.fetch(local_site.url("/a", host="outlet.test"))
    assert page.body == b"reached" and page.final_url == local_site.url("/a", host="outlet.test")
    assert local_site.requests[0].headers["Host"] == f"outlet.test:{local_site.port}"


def test_fetching_resolves_once_per_connection_so_a_rebinding_answer_is_never_dialled(local_site: LocalSite) -> None:
    """A second lookup would get 10.255.255.1 (nothing listens there): only the first, checked answer is used."""
    answers = iter([["127.0.0.1"]])
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers, ["10.255.255.1"])

    local_site.route("/a", body=b"pinned")
    with Fetcher(allowed_hosts={"outlet.test"}, resolver=rebinding, retries=0, timeout=1.0) as fetcher:
        assert fetcher.fetch(local_site.url("/a", host="outlet.test")).body == b"pinned"
    assert calls == ["outlet.test"]


def test_fetching_allowed_hosts_are_exact(local_site: LocalSite) -> None:
    local_site.route("/", body=b"home")
    resolver = table({"outlet.test": ["127.0.0.1"], "www.outlet.test": ["127.0.0.1"]})
    with Fetcher(allowed_hosts={"OUTLET.test."}, resolver=resolver, **FAST) as fetcher:
        assert fetcher.fetch(local_site.url("/", host="outlet.test")).body == b"home"
        with pytest.raises(BlockedAddressError, match=r"www\.outlet\.test resolves to 127\.0\.0\.1"):
            fetcher.fetch(local_site.url("/", host="www.outlet.test"))


# ---- errors and retries ---------------------------------------------------------------------------------------


def test_fetching_404_is_an_error_and_not_retried(local_site: LocalSite, sleeps: list[float]) -> None:
    with Fetcher(allow_private=True, **FAST) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(local_site.url("/missing"))
    assert str(caught.value).startswith(f"{local_site.url('/missing')}: HTTP 404 Not Found")
    assert local_site.hits["/missing"] == 1 and sleeps == []


def test_fetching_retries_503_with_exponential_backoff(local_site: LocalSite, sleeps: list[float]) -> None:
    local_site.route("/busy", replies=[Reply(status=503), Reply(status=503), Reply(body=b"at last")])
    with Fetcher(allow_private=True, backoff=0.25) as fetcher:
        assert fetcher.fetch(local_site.url("/busy")).body == b"at last"
    assert local_site.hits["/busy"] == 3 and sleeps == [0.25, 0.5]


def test_fetching_gives_up_after_the_last_retry(local_site: LocalSite, sleeps: list[float]) -> None:
    local_site.route("/down", status=502)
    with (
        Fetcher(allow_private=True, retries=1, **FAST) as fetcher,
        pytest.raises(FetchError, match="HTTP 502 Bad Gateway"),
    ):
        fetcher.fetch(local_site.url("/down"))
    assert local_site.hits["/down"] == 2


@pytest.mark.parametrize(("header", "waited"), [("0", 0.0), ("120", 2.5), ("soon", 0.001)])
def test_fetching_429_honours_a_numeric_retry_after(
    local_site: LocalSite, sleeps: list[float], header: str, waited: float
) -> None:
    local_site.route("/rate", replies=[Reply(status=429, headers={"Retry-After": header}), Reply(body=b"ok")])
    with Fetcher(allow_private=True, max_retry_after=2.5, **FAST) as fetcher:
        assert fetcher.fetch(local_site.url("/rate")).body == b"ok"
    assert local_site.hits["/rate"] == 2 and sleeps == [waited]


def test_fetching_times_out_on_a_slow_server(local_site: LocalSite) -> None:
    local_site.route("/slow", body=b"late", delay=5.0)
    with Fetcher(allow_private=True, timeout=0.3, retries=0) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(local_site.url("/slow"))
    assert str(caught.value).startswith(f"{local_site.url('/slow')}: timed out after 0.3 s")


def test_fetching_retries_a_refused_connection(sleeps: list[float]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed on leaving: nothing listens there
    with (
        Fetcher(allow_private=True, retries=1, **FAST) as fetcher,
        pytest.raises(FetchError, match="could not connect"),
    ):
        fetcher.fetch(f"http://127.0.0.1:{port}/")
    assert sleeps == [0.001]


def test_fetching_names_a_host_that_does_not_resolve(sleeps: list[float]) -> None:
    with Fetcher(resolver=table({}), **FAST) as fetcher, pytest.raises(FetchError, match="could not find the host"):
        fetcher.fetch("https://nowhere.test/")
    assert sleeps == []


def test_fetching_refuses_a_content_length_over_the_cap(local_site: LocalSite) -> None:
    local_site.route("/big", body=b"x" * 2000)
    with Fetcher(allow_private=True, max_bytes=1000, **FAST) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(local_site.url("/big"))
    assert str(caught.value) == (
        f"{local_site.url('/big')}: the body is larger than the 1,000-byte limit; raise it to read the page "
        "(--max-bytes on the command line, max_bytes= in Python)."
    )


def test_fetching_stops_a_streamed_body_at_the_cap(local_site: LocalSite) -> None:
    local_site.route("/endless", body=b"<p>", stream=200_000_000)  # chunked, no Content-Length
    with Fetcher(allow_private=True, max_bytes=100_000, **FAST) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(local_site.url("/endless"))
    assert "larger than the 100,000-byte limit" in str(caught.value)


@pytest.mark.parametrize(
    "options",
    [{"timeout": 0}, {"allowed_hosts": "intranet"}, {"concurrency": 0}, {"retries": -1}, {"backoff": float("inf")}],
)
def test_fetching_rejects_bad_parameters(options: dict[str, object]) -> None:
    name = next(iter(options))
    with pytest.raises(ConfigError, match=f"The '{name}' parameter of Fetcher must be"):
        Fetcher(**options)  # type: ignore[arg-type]


# ---- fetch_many -----------------------------------------------------------------------------------------------


def test_fetching_many_keeps_order_returns_errors_in_place_and_overlaps(local_site: LocalSite) -> None:
    both_in = threading.Barrier(2, timeout=5)  # passes only if the two requests are in flight at once

    def together(request: Request) -> Reply:
        both_in.wait()
        return Reply(body=request.path.encode(), delay=0.05)

    local_site.route("/one", handler=together)
    local_site.route("/two", handler=together)
    urls = [local_site.url("/one"), local_site.url("/gone"), "ftp://example.org/", local_site.url("/two")]
    with Fetcher(allowed_hosts={"127.0.0.1"}, concurrency=4, **FAST) as fetcher:
        results = fetcher.fetch_many(urls)
    assert [r.body if isinstance(r, Page) else type(r) for r in results] == [b"/one", FetchError, FetchError, b"/two"]
    assert [r.url if isinstance(r, Page) else r.source for r in results] == urls
    assert local_site.max_concurrent >= 2
    assert Fetcher().fetch_many([]) == []


# ---- the address classifier and the lazy import ---------------------------------------------------------------


def _addresses_in(network: str) -> st.SearchStrategy[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    net = ipaddress.ip_network(network)
    first, last = int(net.network_address), int(net.broadcast_address)
    return st.integers(first, last).map(ipaddress.ip_address)


@given(st.one_of(*map(_addresses_in, ["127.0.0.0/8", "10.0.0.0/8", "169.254.0.0/16", "fc00::/7", "100.64.0.0/10"])))
def test_fetching_classifier_refuses_every_private_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    assert address_problem(ip) is not None
    if isinstance(ip, ipaddress.IPv4Address):
        assert address_problem(ipaddress.IPv6Address(f"::ffff:{ip}")) is not None
        assert address_problem(ipaddress.IPv6Address(f"64:ff9b::{ip}")) is not None


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "2a00:1450:4001::200e", "::ffff:93.184.216.34"]
)
def test_fetching_classifier_accepts_public_addresses(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("address", ["224.0.0.1", "ff02::1", "fec0::1", "2002:7f00:1::", "fd00:ec2::254", "::"])
def test_fetching_classifier_refuses_special_addresses(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is not None


def test_fetching_import_does_not_load_httpx() -> None:
    code = (
        "import json, sys\nimport precis.readers.fetching\n"
        "print(json.dumps([m for m in ('httpx', 'httpcore') if m in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
