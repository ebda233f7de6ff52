"""The tracked stories on a real ``precis serve --store``: the API and the page read the store while a run writes;
a store that is missing, not SQLite, another program's or corrupt stops the server before it starts."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.integration.test_batch_cli import article_records, precis_env
from tests.server_process import ServerProcess

from precis.cli import main
from precis.readers import read_articles

pytest.importorskip("fastapi", reason="the [server] extra is not installed")
pytest.importorskip("sqlalchemy")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store that followed the example days 0-3 and briefed the default reader after each."""
    path = tmp_path_factory.mktemp("track-store") / "store.db"
    days = [EXAMPLES / "geneva_talks.jsonl", *(EXAMPLES / "track" / f"day{d}" for d in (1, 2, 3))]
    for day in days:
        assert main(["track", "--store", str(path), "add", str(day)]) == 0
        assert main(["track", "--store", str(path), "run"]) == 0
        # -o to a file of ours: never to os.devnull, which an atomic replace would turn into a regular file
        out = str(path.parent / "brief.txt")
        assert main(["track", "--store", str(path), "brief", "--words", "50", "-o", out]) == 0
    return path


@pytest.fixture(scope="module")
def api(store: Path) -> Iterator[httpx.Client]:
    old = os.environ.get("PRECIS_STORE")
    os.environ["PRECIS_STORE"] = str(store.parent / "not-this.db")  # --store wins over the default store
    try:
        with ServerProcess("--workers", "1", "--store", str(store)) as server, \
                httpx.Client(base_url=server.url, timeout=60) as client:  # fmt: skip
            yield client
    finally:
        if old is None:
            os.environ.pop("PRECIS_STORE", None)
        else:
            os.environ["PRECIS_STORE"] = old


def test_track_server_lists_stories_latest_change_first(api: httpx.Client) -> None:
    listed = api.get("/v1/stories").json()["stories"]
    assert [s["id"] for s in listed] == ["s1", "s2"]  # s3 was merged into s1 by day 3
    assert [s["updated_run"] for s in listed] == sorted((s["updated_run"] for s in listed), reverse=True)
    talks = listed[0]["briefing"]
    assert talks["id"] == "s1" and talks["mode"] == "update" and talks["items"]
    one = api.get("/v1/stories/s3").json()  # a merged story answers the one it joined
    assert one["id"] == "s1" and len(one["articles"]) == one["size"]
    missing = api.get("/v1/stories/s99")
    assert missing.status_code == 404 and missing.json()["detail"].startswith("No tracked story")


def test_track_server_page_has_clickable_citations(api: httpx.Client) -> None:
    page = api.get("/stories")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<link rel="stylesheet" href="/stories.css">' in page.text and "<style>" not in page.text
    assert page.text.index('id="s1"') < page.text.index('id="s2"')
    assert 'class="cite" href="#s1-a' in page.text and 'id="s1-a' in page.text
    assert api.get("/stories.css").headers["content-type"].startswith("text/css")


def test_track_server_pages_link_to_each_other(api: httpx.Client) -> None:
    assert '<a id="stories-link" href="/stories">' in api.get("/").text
    assert '<a id="home" href="/">' in api.get("/stories").text


def _serve(store: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "precis", "serve", "--port", "0", "--workers", "1", "--store", store],
                          env=precis_env(), capture_output=True, text=True, timeout=120)  # fmt: skip


def test_track_server_refuses_a_store_track_would_refuse(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my notes, not a database\n")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    before = other.read_bytes()
    missing = tmp_path / "none.db"
    for path, says in [(notes, "is not a precis store"), (other, "database of another program|tables of another"),
                       (missing, "No store at")]:  # fmt: skip
        served = _serve(str(path))
        tracked = subprocess.run([sys.executable, "-m", "precis", "track", "--store", str(path), "stories"],
                                 env=precis_env(), capture_output=True, text=True, timeout=120)  # fmt: skip
        assert served.returncode == tracked.returncode == 2, served.stderr
        assert served.stderr == tracked.stderr and re.search(says, served.stderr), served.stderr
        assert "Traceback" not in served.stderr and "Uvicorn running" not in served.stderr
    assert notes.read_bytes() == b"my notes, not a database\n" and other.read_bytes() == before
    assert not missing.exists()


def test_track_server_reads_while_a_run_writes(api: httpx.Client, store: Path, tmp_path: Path) -> None:
    articles = read_articles([str(EXAMPLES / "geneva_talks.jsonl")]).articles
    source = tmp_path / "more.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in article_records(articles, 120)) + "\n", encoding="utf-8")
    assert main(["track", "--store", str(store), "add", str(source)]) == 0
    run = subprocess.Popen([sys.executable, "-m", "precis", "track", "--store", str(store), "run", "--batch-size",
                            "10"], env=precis_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    answers = []
    while run.poll() is None:
        answers.append(api.get("/v1/stories").status_code)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert answers and set(answers) == {200}
    assert sum(s["size"] for s in api.get("/v1/stories").json()["stories"]) >= 120
