"""``precis serve`` under hostile and heavy input: problem documents, limits, the worker pool, the URL guard.

Two real servers: ``server`` with roomy limits and two workers (the health
check must stay fast while one of them is busy), and ``tight`` with one
worker, no queue, a one-second time limit, a small body cap, CORS for one
origin and one trusted intranet host (127.0.0.1, where ``local_site`` runs).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.local_site import LocalSite, Reply
from tests.server_process import ServerProcess

pytest.importorskip("fastapi", reason="the [server] extra is not installed")

PROBLEM = "application/problem+json"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "geneva_talks"
TIGHT_BODY = 2_500_000


@pytest.fixture(scope="module")
def server() -> Iterator[ServerProcess]:
    with ServerProcess("--workers", "2", "--max-articles", "120") as running:
        yield running


@pytest.fixture(scope="module")
def tight() -> Iterator[ServerProcess]:
    args = ["--workers", "1", "--queue", "0", "--timeout", "1", "--max-body", str(TIGHT_BODY), "--max-articles",
            "3", "--cors-origin", "https://newsroom.example", "--allow-host", "127.0.0.1"]  # fmt: skip
    with ServerProcess(*args) as running:
        yield running


@pytest.fixture(scope="module")
def heavy_check() -> dict[str, Any]:
    """A check request that keeps a worker busy for a second or more (100 long sources)."""
    sentences = [
        s.strip() + "."
        for p in sorted(EXAMPLES.glob("*.txt"))
        for s in p.read_text(encoding="utf-8").replace("\n", " ").split(". ")
        if len(s) > 40
    ]
    rng = random.Random(7)

    def text(n: int) -> str:
        return " ".join(rng.choice(sentences).replace("NATO", f"NATO-{rng.randint(0, 999)}") for _ in range(n))

    return {"summary": text(60), "sources": [{"id": f"s{i}", "text": text(150)} for i in range(100)]}


def short() -> dict[str, Any]:
    text = (EXAMPLES / "harbor-geneva.txt").read_text(encoding="utf-8")
    return {"articles": [{"text": text, "id": "harbor"}], "words": 40}


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"] == f"urn:precis:problem:{slug}"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.text
    return body


def post(url: str, path: str, body: Any, **kwargs: Any) -> httpx.Response:
    return httpx.post(url + path, json=body, timeout=60, **kwargs)


# --- 422: the request names the field at fault ------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"articles": []}, "articles", "at least 1"),
        ({"articles": [{"url": "/etc/passwd"}]}, "articles[0]", "no local paths"),
        ({"articles": [{"url": "file:///etc/passwd"}]}, "articles[0]", "no local paths"),
        ({"articles": [{"text": "A note.", "path": "/etc/passwd"}]}, "articles[0].path", "not permitted"),
        ({"articles": [{"text": "A note."}], "allow_private": True}, "allow_private", "not permitted"),
        ({"articles": [{"text": "A note."}], "model": "/tmp/model"}, "model", "not permitted"),
        ({"articles": [{"text": "A note."}], "words": "many"}, "words", "integer"),
    ],
)
def test_server_invalid_request_names_the_field(server: ServerProcess, body: Any, field: str, words: str) -> None:
    problem = assert_problem(post(server.url, "/v1/summarize", body), 422, "invalid-request")
    assert problem["field"] == field
    assert words in problem["detail"]


def test_server_library_input_error_names_the_article_field(server: ServerProcess) -> None:
    german = "Die Gespräche in Genf endeten am Montag ohne Einigung, und die Minister reisten am Abend ab."
    english = (EXAMPLES / "harbor-geneva.txt").read_text(encoding="utf-8")
    body = {"articles": [{"text": german}, {"text": german, "id": "de-2"}]}
    problem = assert_problem(post(server.url, "/v1/summarize", body), 422, "invalid-input")
    assert problem["field"] == "articles[0]"
    assert "does not look like English" in problem["detail"]
    # one unusable article among good ones is skipped, as on the CLI
    mixed = post(server.url, "/v1/summarize", {"articles": [{"text": english}, {"text": german, "id": "de"}]})
    assert mixed.status_code == 200
    assert json.loads(mixed.headers["precis-skipped"])[0]["input"] == "articles[1]"


def test_server_malformed_json_is_a_problem(server: ServerProcess) -> None:
    response = httpx.post(server.url + "/v1/summarize", content=b'{"articles": [', timeout=30,
                          headers={"content-type": "application/json"})  # fmt: skip
    assert "not valid JSON" in assert_problem(response, 422, "invalid-request")["detail"]


def test_server_too_many_articles(tight: ServerProcess) -> None:
    body = {"articles": [{"text": f"Note {i} says the council met on Monday."} for i in range(4)]}
    problem = assert_problem(post(tight.url, "/v1/summarize", body), 422, "too-many-articles")
    assert problem["field"] == "articles"
    assert "at most 3" in problem["detail"]


def test_server_too_many_articles_inside_one_document(tight: ServerProcess) -> None:
    corpus = "\n".join(json.dumps({"text": f"Note {i} says the council met on Monday night."}) for i in range(5))
    problem = assert_problem(post(tight.url, "/v1/summarize", {"articles": [{"document": corpus}]}), 422,
                             "invalid-input")  # fmt: skip
    assert "5 articles" in problem["detail"]


# --- 413: the body cap, declared or streamed -----------------------------------------------------
def test_server_body_over_the_cap_is_413(tight: ServerProcess) -> None:
    big = {"articles": [{"text": "The council met. " * (TIGHT_BODY // 17 + 10)}]}
    problem = assert_problem(post(tight.url, "/v1/summarize", big), 413, "body-too-large")
    assert "2,500,000-byte limit" in problem["detail"]


def test_server_streamed_body_over_the_cap_is_413(tight: ServerProcess) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"articles": [{"text": "'
        for _ in range(TIGHT_BODY // 50_000 + 5):
            yield b"x" * 50_000
        yield b'"}]}'

    response = httpx.post(tight.url + "/v1/summarize", content=chunks(), timeout=30,
                          headers={"content-type": "application/json"})  # fmt: skip
    assert "chunked" in response.request.headers.get("transfer-encoding", "")
    assert_problem(response, 413, "body-too-large")


# --- the worker pool: 429, 504, a fast health check ---------------------------------------------
def test_server_health_stays_fast_while_a_big_request_runs(server: ServerProcess, heavy_check: dict[str, Any]) -> None:
    done = threading.Event()
    result: list[httpx.Response] = []

    def heavy() -> None:
        result.append(post(server.url, "/v1/check", heavy_check))
        done.set()

    threading.Thread(target=heavy).start()
    seen_busy, latencies = 0, []
    with httpx.Client(base_url=server.url, timeout=10) as client:
        while not done.is_set():
            began = time.perf_counter()
            health = client.get("/healthz").json()
            latencies.append(time.perf_counter() - began)
            seen_busy += health["admitted"] >= 1 and not done.is_set()
            time.sleep(0.02)
    assert done.wait(60)
    assert result[0].status_code == 200, result[0].text
    assert seen_busy >= 3, "the health check never ran while the big request did"
    assert max(latencies) < 0.5, latencies


def test_server_full_queue_is_429_then_a_timeout_is_504_and_the_worker_is_replaced(
    tight: ServerProcess, local_site: LocalSite
) -> None:
    local_site.route("/slow", replies=[Reply(body=b"<p>late</p>", delay=5.0)] * 2)
    first: list[httpx.Response] = []
    slow = {"articles": [{"url": local_site.url("/slow")}]}
    runner = threading.Thread(target=lambda: first.append(post(tight.url, "/v1/summarize", slow)))
    runner.start()
    deadline = time.monotonic() + 5
    while httpx.get(tight.url + "/healthz").json()["admitted"] < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    busy = post(tight.url, "/v1/summarize", short())
    runner.join(30)
    assert_problem(busy, 429, "busy")
    assert busy.headers["retry-after"] == "1"
    assert "1-second limit" in assert_problem(first[0], 504, "timeout")["detail"]
    # the worker that ran past its deadline was killed; a fresh one serves the next request
    deadline = time.monotonic() + 60
    while httpx.get(tight.url + "/healthz").json()["idle"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert post(tight.url, "/v1/summarize", short()).status_code == 200


# --- the URL guard: always on; only the operator's exact hosts pass ------------------------------
def test_server_refuses_private_addresses_and_clients_cannot_turn_the_guard_off(
    server: ServerProcess, local_site: LocalSite
) -> None:
    local_site.route("/page", body=b"<p>The council met on Monday and approved the budget.</p>")
    for url in (local_site.url("/page"), local_site.url("/page", host="localhost"), "http://169.254.169.254/latest"):
        problem = assert_problem(post(server.url, "/v1/summarize", {"articles": [{"url": url}]}), 422, "invalid-input")
        assert "refused" in problem["detail"]
        assert "this server never fetches them" in problem["detail"]
        assert "--allow-private" not in problem["detail"]
    for sneaky in ({"allow_private": True}, {"allowed_hosts": ["127.0.0.1"]}, {"fetcher": {"allow_private": True}}):
        body = {"articles": [{"url": local_site.url("/page")}], **sneaky}
        assert_problem(post(server.url, "/v1/summarize", body), 422, "invalid-request")
    assert local_site.hits["/page"] == 0


def test_server_fetches_an_operator_trusted_host_but_not_a_redirect_away(
    tight: ServerProcess, local_site: LocalSite
) -> None:
    page = (
        b"<html><head><title>Pier repairs approved</title></head><body><article><h1>Pier repairs approved</h1>"
        b"<p>The harbour council approved the repair of the northern pier on Monday night.</p>"
        b"<p>Work will start in March and should end before the summer season, members said.</p>"
        b"</article></body></html>"
    )
    local_site.route("/pier", body=page)
    local_site.redirect("/away", local_site.url("/pier", host="localhost"))
    ok = post(tight.url, "/v1/summarize", {"articles": [{"url": local_site.url("/pier")}], "words": 20})
    assert ok.status_code == 200, ok.text
    assert ok.json()["articles"][0]["title"] == "Pier repairs approved"
    refused = post(tight.url, "/v1/summarize", {"articles": [{"url": local_site.url("/away")}]})
    assert "localhost" in assert_problem(refused, 422, "invalid-input")["detail"]
    assert local_site.hits["/pier"] == 1


# --- CORS, unknown routes, internal errors ---------------------------------------------------------
def test_server_cors_allows_only_the_configured_origin(tight: ServerProcess) -> None:
    allowed = httpx.get(tight.url + "/healthz", headers={"Origin": "https://newsroom.example"})
    other = httpx.get(tight.url + "/healthz", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://newsroom.example"
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize(("method", "path", "status"), [("GET", "/v2/nothing", 404), ("GET", "/v1/summarize", 405)])
def test_server_unknown_routes_are_problems(server: ServerProcess, method: str, path: str, status: int) -> None:
    response = httpx.request(method, server.url + path, timeout=10)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
