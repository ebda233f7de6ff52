"""Inputs read whole and once: ``--follow`` names every page it could not use; an article read twice is one source.

Pages are served by a real HTTP server on 127.0.0.1 (``local_site``), so these runs pass ``--allow-private``.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.local_site import LocalSite

from precis.readers import read_articles

Run = Callable[..., subprocess.CompletedProcess[str]]
PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
STORY = (
    "The harbour board voted on Thursday to rebuild the sea wall at Saltgate Quay after the September storm. "
    "Work on the new granite wall is due to begin in January and will take fourteen months. "
    "Fishermen said the closure would force their boats to unload at Corrin Point."
)


def _feed(site: LocalSite, links: list[str | None]) -> bytes:
    items = ""
    for i, path in enumerate(links, start=1):
        link = f"<link>{site.url(path)}</link>" if path else ""
        items += (
            f"<item><title>Story {i}</title>{link}<description>Ferry story {i}: the crossing to Corrin Island on "
            f"{['Monday', 'Tuesday', 'Friday', 'Sunday'][i % 4]} carried {10 * i} passengers, the agency said in a "
            "statement on its website.</description></item>"
        )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Wire</title><link>{site.url("/")}</link>'
        f"{items}</channel></rss>"
    ).encode()


def test_cli_inputs_follow_names_every_page_it_could_not_use(run: Run, local_site: LocalSite) -> None:
    local_site.route("/p/town-hall", body=(PAGES / "quotes_town_hall.html").read_bytes())
    local_site.route("/p/gone", status=404, body=b"not here")
    local_site.route("/p/wall", body=b"<html><body><h1>Subscribe</h1><p>Log in to read.</p></body></html>")
    feed = _feed(local_site, ["/p/town-hall", "/p/gone", "/p/wall", None])
    local_site.route("/feed", body=feed, content_type="application/rss+xml")
    proc = run("summarize", local_site.url("/feed"), "--follow", "--allow-private", "--format", "json")
    assert proc.returncode == 1, proc.stderr  # some entries failed, the others were summarized
    assert "/p/gone" in proc.stderr and "404" in proc.stderr
    assert "/p/wall" in proc.stderr and "no article text" in proc.stderr
    assert "entry 4" in proc.stderr and "no page to follow" in proc.stderr
    assert proc.stderr.count("the feed's own text for this entry was used") == 3
    ids = [a["id"] for a in json.loads(proc.stdout)["articles"]]
    assert ids[0] == "127.0.0.1/p/town-hall" and len(ids) == 4


def test_cli_inputs_follow_with_every_page_read_exits_0(run: Run, local_site: LocalSite) -> None:
    local_site.route("/p/town-hall", body=(PAGES / "quotes_town_hall.html").read_bytes())
    local_site.route("/p/poll", body=(PAGES / "poll_inline_links.html").read_bytes())
    local_site.route("/feed", body=_feed(local_site, ["/p/town-hall", "/p/poll"]), content_type="application/rss+xml")
    proc = run("summarize", local_site.url("/feed"), "--follow", "--allow-private", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


def _twice(folder: Path) -> None:
    (folder / "wall.txt").write_text(STORY + "\n", encoding="utf-8")
    record = {"id": "ledger-7", "text": STORY.replace(". ", ".\n\n", 1), "outlet": "Harbour Ledger", "title": "Wall"}
    (folder / "records.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


def test_cli_inputs_one_article_read_twice_is_one_source_with_both_ids(run: Run, tmp_path: Path) -> None:
    _twice(tmp_path)
    proc = run("summarize", ".", "--words", "40")
    assert proc.returncode == 0, proc.stderr
    sources = proc.stdout.split("Sources")[1].strip().splitlines()
    assert sources == [sources[0]] and sources[0].startswith("[1] Harbour Ledger")
    assert "id ledger-7" in sources[0] and "also read as wall" in sources[0]


def test_cli_inputs_read_articles_keeps_the_first_and_fills_its_metadata(tmp_path: Path) -> None:
    _twice(tmp_path)
    result = read_articles([str(tmp_path / "wall.txt"), str(tmp_path / "records.jsonl")])
    (article,) = result.articles
    assert (article.id, article.also_ids) == ("wall", ("ledger-7",))
    assert article.text == STORY + "\n"  # the first one's text: its offsets are the ones cited
    assert (article.outlet, article.title) == ("Harbour Ledger", "Wall")
    assert result.origins["ledger-7"].endswith("records.jsonl:1") and result.failures == []


def test_cli_inputs_invisible_characters_are_removed_when_reading(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Cus\u00adtomers queued\u200b at the\u2060 Belmont\ufeff depot.", encoding="utf-8")
    (article,) = read_articles([str(tmp_path / "a.txt")]).articles
    assert article.text == "Customers queued at the Belmont depot."
