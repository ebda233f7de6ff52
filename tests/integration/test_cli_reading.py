"""``precis summarize`` and ``check`` on real inputs: pages and feeds over HTTP, corpora, legacy encodings.

Pages are served by a real HTTP server on 127.0.0.1 (``local_site``), so these
runs pass ``--allow-private``; the guard itself is tested without it.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.local_site import LocalSite

Run = Callable[..., subprocess.CompletedProcess[str]]
WEB = Path(__file__).resolve().parent.parent / "data" / "web"
PAGE = (WEB / "article_with_boilerplate.html").read_bytes()
PAGE_TWO = (WEB / "article_jsonld.html").read_bytes()
FURNITURE = ("Sign up", "newsletter", "cookies", "Related", "All rights reserved", "comment")


def _feed(site: LocalSite, *paths: str) -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>{site.url(p)}</link>"
        f"<pubDate>Thu, 0{i} Oct 2024 08:00:00 +0100</pubDate><dc:creator>Desk {i}</dc:creator></item>"
        for i, p in enumerate(paths, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Corrin Coast Wire</title><link>{site.url('/')}</link>{items}</channel></rss>"
    ).encode()


def test_cli_summarizes_a_web_page_as_its_body_alone_with_its_metadata(run: Run, local_site: LocalSite) -> None:
    local_site.route("/news/sea-wall", body=PAGE, content_type="text/html; charset=utf-8")
    proc = run("summarize", local_site.url("/news/sea-wall"), "--allow-private", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    (article,) = summary["articles"]
    assert article["outlet"] == "The Harbour Ledger"
    assert article["author"] == "Hannah Verity"
    assert article["published"].startswith("2024-10-03T18:30:00+01:00")
    assert article["url"].startswith("https://www.harbourledger.example/")  # the page's canonical URL
    assert not any(word.lower() in article["text"].lower() for word in FURNITURE)
    for item in summary["items"]:
        for cite in item["citations"]:
            assert article["text"][cite["start"] : cite["end"]] == item["text"]


def test_cli_refuses_a_private_address_unless_allowed(run: Run, local_site: LocalSite) -> None:
    local_site.route("/a", body=PAGE)
    proc = run("summarize", local_site.url("/a"))
    assert proc.returncode == 2
    assert "127.0.0.1" in proc.stderr and "--allow-private" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert local_site.hits["/a"] == 0


def test_cli_follows_a_feed_and_cites_outlets_and_dates(run: Run, local_site: LocalSite, tmp_path: Path) -> None:
    local_site.route("/p/one", body=PAGE)
    local_site.route("/p/two", body=PAGE_TWO, content_type="text/html; charset=windows-1252")
    local_site.route("/p/gone", status=404, body=b"not here")
    local_site.route("/feed", body=_feed(local_site, "/p/one", "/p/two", "/p/gone"), content_type="application/rss+xml")
    proc = run("summarize", local_site.url("/feed"), "--follow", "--allow-private", "--words", "120", "--format", "md")
    assert proc.returncode == 1, proc.stderr  # one entry failed, the others were summarized
    assert "/p/gone" in proc.stderr and "404" in proc.stderr
    sources = proc.stdout.split("**Sources**")[1]
    assert "The Harbour Ledger" in sources and "2024-10-03 18:30+01:00" in sources
    assert local_site.hits["/p/one"] == 1 and local_site.hits["/p/two"] == 1


def test_cli_feed_without_follow_uses_entry_text_and_fails_only_empty_entries(run: Run) -> None:
    proc = run("summarize", WEB / "feed_rss.xml", "--format", "json")
    assert proc.returncode == 1
    assert "crab-prices" in proc.stderr and "--follow" in proc.stderr
    outlets = {a["outlet"] for a in json.loads(proc.stdout)["articles"]}
    assert outlets == {"The Harbour Ledger"}


def test_cli_every_input_failing_exits_2_and_names_each(run: Run, local_site: LocalSite) -> None:
    local_site.route("/broken", status=500, body=b"oops")
    local_site.route("/picture", body=b"\x89PNG....", content_type="image/png")
    proc = run("summarize", local_site.url("/broken"), local_site.url("/picture"), "--allow-private")
    assert proc.returncode == 2
    assert "HTTP 500" in proc.stderr and "image/png" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_a_slow_page_times_out_as_one_failed_item(run: Run, local_site: LocalSite, tmp_path: Path) -> None:
    local_site.route("/slow", body=PAGE, delay=3.0)
    good = tmp_path / "good.html"
    good.write_bytes(PAGE)
    proc = run("summarize", local_site.url("/slow"), str(good), "--allow-private", "--timeout", "0.5")
    assert proc.returncode == 1
    assert "timed out" in proc.stderr
    assert "Saltgate" in proc.stdout


def test_cli_reads_csv_with_a_field_mapping(run: Run, tmp_path: Path) -> None:
    body = (
        "Eastmere's harbour board voted on Thursday to rebuild the sea wall at Saltgate Quay. "
        "The work will take fourteen months and cost £4.2 million. Businesses on the quay welcomed the decision."
    )
    rows = f'headline,body,when,site\n"Sea wall vote","{body}",3 October 2024,Coast Wire\n'
    (tmp_path / "export").write_text(rows, encoding="utf-8")  # no suffix: recognised by its header
    proc = run("summarize", "export", "--field", "text=body,date=when,outlet=site", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    (article,) = json.loads(proc.stdout)["articles"]
    assert (article["title"], article["outlet"]) == ("Sea wall vote", "Coast Wire")
    assert article["published"].startswith("2024-10-03")


def test_cli_reads_an_article_saved_in_windows_1252(run: Run, tmp_path: Path) -> None:
    text = (
        "The café on Quay Street reopened on Monday, three weeks after the storm surge flooded it. "
        "Its owner said the repairs had cost “far more than the insurance will pay”. "
        "Eleven other businesses on the waterfront are still closed."
    )
    (tmp_path / "cafe.txt").write_bytes(text.encode("cp1252"))
    proc = run("summarize", "cafe.txt", "--sentences", "2", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["articles"][0]["text"] == text


def test_cli_update_summarizes_only_what_is_new(run: Run, tmp_path: Path) -> None:
    (tmp_path / "monday.txt").write_text(
        "The harbour board met on Monday to discuss the damaged sea wall at Saltgate Quay. "
        "Engineers told the board that the storm had torn a forty-metre gap in the wall. "
        "Eleven businesses along the quay were flooded when the wall failed.\n",
        encoding="utf-8",
    )
    (tmp_path / "thursday.txt").write_text(
        "The harbour board met again on Thursday about the damaged sea wall at Saltgate Quay. "
        "Engineers told the board that the storm had torn a forty-metre gap in the wall. "
        "The board voted seven to two to rebuild the wall in granite at a cost of four million pounds. "
        "Work on the new granite wall will begin in March and take fourteen months.\n",
        encoding="utf-8",
    )
    options = ("--sentences", "2", "--format", "json")
    for args in (
        ("thursday.txt", "--seen", "monday.txt", *options),
        (*options, "--seen", "monday.txt", "--", "thursday.txt"),
    ):
        proc = run("update", *args)
        assert proc.returncode == 0, proc.stderr
        summary = json.loads(proc.stdout)
        assert summary["mode"] == "update"
        assert [a["id"] for a in summary["articles"]] == ["thursday"]
        assert not any("forty-metre" in item["text"] for item in summary["items"])
    proc = run("update", "thursday.txt", "--seen", "missing.txt")
    assert proc.returncode == 2 and "missing.txt" in proc.stderr
