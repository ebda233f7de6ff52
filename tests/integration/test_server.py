"""``precis serve`` against a real uvicorn on 127.0.0.1: the API gives what the CLI gives.

Each response body must be byte for byte what ``precis <command> --format json``
prints for the same articles and options.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.server_process import ServerProcess

pytest.importorskip("fastapi", reason="the [server] extra is not installed")

Run = Callable[..., subprocess.CompletedProcess[str]]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def as_entries(path: Path) -> list[dict[str, Any]]:
    """The example JSONL as API article entries (text plus metadata)."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record["published"] = record.pop("date")
        entries.append(record)
    return entries


@pytest.fixture(scope="session")
def server() -> Iterator[ServerProcess]:
    with ServerProcess("--workers", "2", "--timeout", "60") as running:
        yield running


@pytest.fixture(scope="session")
def api(server: ServerProcess) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


@pytest.fixture
def story() -> list[dict[str, Any]]:
    return as_entries(EXAMPLES / "geneva_talks.jsonl")


def test_server_summarize_is_the_cli_json(api: httpx.Client, story: list[dict[str, Any]], run: Run) -> None:
    response = api.post("/v1/summarize", json={"articles": story, "words": 60})
    cli = run("summarize", EXAMPLES / "geneva_talks.jsonl", "--words", "60", "--format", "json")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    assert cli.returncode == 0, cli.stderr
    assert response.text == cli.stdout
    assert json.loads(response.text)["items"]


@pytest.mark.parametrize(
    ("options", "flags"),
    [
        ({"outline": True, "sentences": 4}, ["--outline", "--sentences", "4"]),
        (
            {"order": "relevance", "chars": 400, "format": "md"},
            ["--order", "relevance", "--chars", "400", "--format", "md"],
        ),
        ({"ratio": 0.1, "format": "text"}, ["--ratio", "0.1", "--format", "text"]),
    ],
)
def test_server_summarize_options_mirror_the_cli(
    api: httpx.Client, story: list[dict[str, Any]], run: Run, options: dict[str, Any], flags: list[str]
) -> None:
    response = api.post("/v1/summarize", json={"articles": story, **options})
    fmt = options.get("format", "json")
    cli = run(
        "summarize", EXAMPLES / "geneva_talks.jsonl", *flags, *([] if "format" in options else ["--format", "json"])
    )
    assert response.status_code == 200, response.text
    assert response.text == cli.stdout
    assert response.headers["content-type"].startswith({"json": "application/json", "md": "text/markdown",
                                                         "text": "text/plain"}[fmt])  # fmt: skip


def test_server_timeline_is_the_cli_json(api: httpx.Client, story: list[dict[str, Any]], run: Run) -> None:
    response = api.post("/v1/timeline", json={"articles": story, "per_date": 1})
    cli = run("timeline", EXAMPLES / "geneva_talks.jsonl", "--per-date", "1", "--format", "json")
    assert response.status_code == 200, response.text
    assert response.text == cli.stdout
    assert json.loads(response.text)["schema"] == "precis.timeline/1"


def test_server_digest_marks_copies_and_lists_set_apart(api: httpx.Client, story: list[dict[str, Any]]) -> None:
    german = {"id": "de-1", "text": "Die Gespräche in Genf endeten am Montag ohne Einigung; die Minister reisten ab."}
    response = api.post("/v1/digest", json={"articles": [*story, german], "words": 50, "timeline_dates": 2})
    assert response.status_code == 200, response.text
    digest = json.loads(response.text)
    assert digest["schema"] == "precis.digest/1"
    copies = [a for s in digest["stories"] for a in s["articles"] if a["copy_of"]]
    assert copies, "the reprint in the examples is a copy"
    skipped = json.loads(response.headers["precis-skipped"])
    assert skipped == [{"input": "articles[5]", "reason": skipped[0]["reason"]}]
    assert "English" in skipped[0]["reason"]


def test_server_digest_bytes_match_the_cli(api: httpx.Client, story: list[dict[str, Any]], run: Run) -> None:
    response = api.post("/v1/digest", json={"articles": story, "words": 50, "timeline_dates": 2})
    cli = run("digest", EXAMPLES / "geneva_talks.jsonl", "--words", "50", "--timeline-dates", "2", "--format", "json")
    assert response.status_code == 200, response.text
    assert cli.returncode == 0, cli.stderr
    assert response.text == cli.stdout


def test_server_check_is_the_cli_json(api: httpx.Client, story: list[dict[str, Any]], run: Run, tmp_path: Path) -> None:
    claim = "Wendy Sherman led the U.S. team in Geneva, says CNN's John Sutter. The talks lasted 13 hours."
    (tmp_path / "claim.txt").write_text(claim, encoding="utf-8")
    response = api.post("/v1/check", json={"summary": claim, "sources": story, "fail_on": "unsupported"})
    cli = run("check", "claim.txt", "--source", EXAMPLES / "geneva_talks.jsonl", "--format", "json")
    assert response.status_code == 200, response.text
    assert response.text == cli.stdout
    report = json.loads(response.text)
    assert report["verdict"] != "supported"
    assert response.headers["precis-check-fails"] == "true"


def test_server_checks_a_precis_summary_against_the_articles_it_cites(
    api: httpx.Client, story: list[dict[str, Any]]
) -> None:
    summary = api.post("/v1/summarize", json={"articles": story, "words": 80}).json()
    report = api.post("/v1/check", json={"summary": summary, "fail_on": "any"})
    assert report.status_code == 200, report.text
    assert report.json()["verdict"] == "supported"
    assert report.headers["precis-check-fails"] == "false"
    assert {a["id"] for a in report.json()["articles"]} == {a["id"] for a in summary["articles"]}


def test_server_reads_documents_like_files(api: httpx.Client) -> None:
    page = (
        "<html><head><title>Harbour vote</title><meta property='og:site_name' content='Bay Herald'></head><body>"
        "<article><h1>Harbour vote</h1><p>The harbour council approved the new pier budget on Monday night after "
        "a long debate about costs.</p><p>Members said the repairs would begin in March and finish before the "
        "summer season.</p></article></body></html>"
    )
    corpus = "\n".join(
        json.dumps({"id": f"wire-{i}", "body": f"Story {i}: the council met on Monday and approved the budget.",
                    "headline": f"Headline {i}"})
        for i in (1, 2)
    )  # fmt: skip
    response = api.post(
        "/v1/summarize",
        json={"articles": [{"document": page, "name": "bay/harbour.html"}, {"document": corpus, "name": "wire.jsonl"}]},
    )
    assert response.status_code == 200, response.text
    articles = {a["id"]: a for a in response.json()["articles"]}
    assert set(articles) == {"harbour", "wire-1", "wire-2"}
    assert articles["harbour"]["outlet"] == "Bay Herald"
    assert articles["wire-1"]["title"] == "Headline 1"
    assert "<p>" not in articles["harbour"]["text"]


def test_server_skipped_inputs_are_listed_in_a_header(api: httpx.Client, story: list[dict[str, Any]]) -> None:
    response = api.post(
        "/v1/summarize",
        json={"articles": [*story, {"document": json.dumps({"title": "no text here"}), "name": "x.jsonl"}]},
    )
    assert response.status_code == 200, response.text
    skipped = json.loads(response.headers["precis-skipped"])
    assert len(skipped) == 1
    assert skipped[0]["input"].startswith("articles[5]")
    assert len(response.json()["articles"]) == len(story)


def test_server_health_and_openapi(api: httpx.Client) -> None:
    health = api.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert health.json()["workers"] == 2
    schema = api.get("/openapi.json").json()
    assert {"/v1/summarize", "/v1/check", "/v1/digest", "/v1/timeline", "/healthz"} <= set(schema["paths"])
    docs = api.get("/docs")
    assert docs.status_code == 200
    assert "/docs/swagger-ui-bundle.js" in docs.text
    assert api.get("/docs/swagger-ui-bundle.js").status_code == 200


def test_server_page_and_assets_are_served_with_a_strict_policy(api: httpx.Client) -> None:
    page = api.get("/")
    assert page.status_code == 200
    assert '<script type="module" src="/static/app.js">' in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    for name in ("app.js", "views.js", "app.css"):
        assert api.get(f"/static/{name}").status_code == 200
    scripts = api.get("/static/views.js").text + api.get("/static/app.js").text
    for sink in (".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in scripts


@pytest.mark.parametrize(
    "path", ["/static/../app.py", "/static/%2e%2e%2fapp.py", "/static/index.html.bak", "/docs/index.j2"]
)
def test_server_serves_only_its_own_assets(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_server_cors_is_off_by_default(api: httpx.Client, story: list[dict[str, Any]]) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    preflight = api.options("/v1/summarize", headers={**origin, "Access-Control-Request-Method": "POST"})
    response = api.post("/v1/summarize", json={"articles": story}, headers=origin)
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in response.headers


def test_import_of_the_server_package_needs_no_web_framework() -> None:
    code = (
        "import sys, precis.server, precis.cli\n"
        "precis.cli.build_parser()\n"
        "print('fastapi' in sys.modules, 'uvicorn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["False", "False"]
