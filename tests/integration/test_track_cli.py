"""``precis track`` end to end: the README's walk through the example days, URL sources against a real
local HTTP server (conditional requests, the private-address guard, failures named), and bad stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.local_site import LocalSite, Reply, Request

from precis.cli import main

pytest.importorskip("sqlalchemy")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title><link>https://ledger.example/</link>
<item><title>Ferry to Arle stops in November</title><link>https://ledger.example/ferry</link>
<pubDate>Mon, 10 Jan 2022 09:00:00 +0000</pubDate><description>The Sunday ferry to Arle will stop running in
November, the island council said on Monday. It blamed rising fuel costs and falling demand. Islanders said they
would petition the regional government to keep the service.</description></item></channel></rss>"""


def _track(store: Path, *args: str) -> int:
    return main(["track", "--store", str(store), *args])


def test_track_walks_the_example_days(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store.db"
    assert _track(store, "add", str(EXAMPLES / "geneva_talks.jsonl"), str(EXAMPLES / "track" / "day1")) == 0
    assert _track(store, "run") == 0
    assert "read 8 articles; 8 new" in capsys.readouterr().out
    assert _track(store, "brief", "--words", "40") == 0
    first = capsys.readouterr().out
    assert first.startswith("Briefing for default: 2 stories with news (first briefing)")
    for day in (2, 3):
        assert _track(store, "add", str(EXAMPLES / "track" / f"day{day}")) == 0
        assert _track(store, "run") == 0
    out = capsys.readouterr().out
    assert "skipped 8 same URL" in out and "1 merged" in out  # day 2's new story is day 3's evidence
    assert _track(store, "brief", "--format", "json", "--words", "60") == 0
    document = json.loads(capsys.readouterr().out)
    talks = next(p for p in document["stories"] if p["id"] == "s1")
    assert talks["mode"] == "update" and talks["seen"] >= 6
    assert any(k for i in talks["items"] for k in i["conflicts"]) or talks["items"]
    assert _track(store, "brief") == 0
    assert "0 stories with news" in capsys.readouterr().out
    assert _track(store, "brief", "--since", "2022-01-20", "--peek", "--format", "html", "-o",
                  str(tmp_path / "b.html")) == 0  # fmt: skip
    page = (tmp_path / "b.html").read_text()
    assert page.startswith("<!doctype html>") and 'class="cite" href="#s1-a' in page and "<script" not in page
    assert _track(store, "stories") == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("s1 ") and any("tram" in line for line in listed)
    assert _track(store, "show", "s3") == 0  # merged into s1
    captured = capsys.readouterr()
    assert "s3 was merged into s1" in captured.err and captured.out.startswith("s1 ")


def test_track_run_sends_conditional_requests(tmp_path: Path, local_site: LocalSite,
                                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    def feed(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == '"v1"':
            return Reply(status=304, content_type=None)
        return Reply(body=FEED.encode(), content_type="application/rss+xml",
                     headers={"ETag": '"v1"', "Last-Modified": "Mon, 10 Jan 2022 10:00:00 GMT"})  # fmt: skip

    local_site.route("/feed.xml", handler=feed)
    store = tmp_path / "store.db"
    assert _track(store, "add", local_site.url("/feed.xml")) == 0
    assert _track(store, "run", "--allow-private") == 0
    assert _track(store, "run", "--allow-private") == 0
    out = capsys.readouterr().out
    assert "read 1 articles; 1 new" in out and "read 0 articles; 0 new" in out and "not modified: 1 URL(s)" in out
    second = local_site.requests[-1]
    assert second.headers.get("If-None-Match") == '"v1"'
    assert second.headers.get("If-Modified-Since") == "Mon, 10 Jan 2022 10:00:00 GMT"


def test_track_run_names_every_failing_source(tmp_path: Path, local_site: LocalSite,
                                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    local_site.route("/gone", status=404, body="no")
    (tmp_path / "ok.txt").write_text("Floods closed the Marl bridge on Monday. Crews pumped water all night.")
    store = tmp_path / "store.db"
    assert _track(store, "add", str(tmp_path / "ok.txt"), local_site.url("/gone"), local_site.url("/private")) == 0
    assert _track(store, "run") == 1  # the guard is on: both URLs are on 127.0.0.1
    captured = capsys.readouterr()
    assert captured.err.count("precis: source failed:") == 2 and "refused" in captured.err
    assert "1 new" in captured.out
    assert _track(store, "run", "--allow-private") == 1
    assert "HTTP 404" in capsys.readouterr().err
    assert _track(store, "sources") == 0
    assert "failed: " in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_track_bad_store_is_a_clear_error(tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store.db"
    store.write_bytes(content)
    assert _track(store, "add", str(EXAMPLES / "geneva_talks.jsonl")) == 2
    err = capsys.readouterr().err
    assert err.startswith("precis: error: ") and "Traceback" not in err and "internal error" not in err
    assert store.read_bytes() == content


def test_track_needs_a_store_and_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _track(tmp_path / "none.db", "run") == 2
    assert "No store" in capsys.readouterr().err
    assert _track(tmp_path / "s.db", "add", str(tmp_path / "missing.xml")) == 2
    assert "does not exist" in capsys.readouterr().err
    assert _track(tmp_path / "s.db", "show", "s1") == 2
