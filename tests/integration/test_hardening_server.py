"""Regression tests for issue #16 on a real ``precis serve``: a hostile client cannot hold connections open,
rebind a domain name onto the server, or get anything but 422 for a malformed body (finding 7); a hostile page
or number among good input is one failure, not a 500 (findings 1 and 3)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from tests.server_process import ServerProcess

pytest.importorskip("fastapi", reason="the [server] extra is not installed")

GOOD = (
    "The harbour board met on Monday to discuss the new ferry timetable for the summer. "
    "Members agreed to add two evening crossings from the first of June, the chair said. "
    "The change will cost the board about 40,000 pounds a year, according to its own figures."
)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    args = ["--workers", "1", "--header-timeout", "1", "--idle-timeout", "1", "--server-name", "briefs.example"]
    with ServerProcess(*args) as running:
        yield running


def _closed_within(server: ServerProcess, sent: bytes, seconds: float) -> float:
    """Send ``sent`` and wait: how long until the server closes the connection."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=seconds + 5) as sock:
        sock.sendall(sent)
        began = time.perf_counter()
        while sock.recv(4096):
            pass
        return time.perf_counter() - began


def test_hardening_7_a_silent_connection_is_closed(server: ServerProcess) -> None:
    assert _closed_within(server, b"", 1.0) < 4.0


def test_hardening_7_a_connection_stuck_in_its_headers_is_closed(server: ServerProcess) -> None:
    assert _closed_within(server, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", 1.0) < 4.0


def test_hardening_7_a_foreign_host_name_is_refused_and_known_ones_answered(server: ServerProcess) -> None:
    url = server.url + "/healthz"
    refused = httpx.get(url, headers={"Host": "evil.example"})
    assert refused.status_code == 421
    assert refused.json()["type"] == "urn:precis:problem:unknown-host"
    for host in ("127.0.0.1", "localhost:8000", "briefs.example", "[::1]:80"):
        assert httpx.get(url, headers={"Host": host}).status_code == 200, host


@pytest.mark.parametrize(
    "body",
    [
        b'{"articles": [{"text": ' + b"[" * 5_000 + b"]" * 5_000 + b"}]}",
        b'{"articles": [{"text": "\xff\xfe"}]}',
        b"[" * 100_000,
    ],
    ids=["deep", "not utf-8", "deep and unclosed"],
)
def test_hardening_7_every_malformed_body_is_422(server: ServerProcess, body: bytes) -> None:
    response = httpx.post(server.url + "/v1/summarize", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_hardening_3_a_number_of_400_digits_is_422_not_500(server: ServerProcess) -> None:
    body = {"articles": [{"text": GOOD}], "words": int("9" * 400)}
    response = httpx.post(server.url + "/v1/summarize", json=body, timeout=60)
    assert response.status_code == 422, response.text


def test_hardening_1_a_page_with_deep_json_ld_does_not_lose_the_good_article(server: ServerProcess) -> None:
    page = (
        '<html><head><script type="application/ld+json">' + "[" * 1_200 + "]" * 1_200 + "</script></head>"
        f"<body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>"
    )
    body = {"articles": [{"document": page, "name": "page.html"}, {"text": GOOD, "id": "plain"}], "sentences": 2}
    response = httpx.post(server.url + "/v1/summarize", json=body, timeout=60)
    assert response.status_code == 200, response.text
    assert len(response.json()["articles"]) == 2
