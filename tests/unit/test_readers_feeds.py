"""Tests for precis.readers.feeds: RSS 2.0, RSS 1.0 (RDF) and Atom entries, entry articles, --follow metadata."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from precis import Article
from precis.errors import InputError
from precis.readers.feeds import FeedEntry, entry_article, looks_like_feed, parse_feed, with_feed_metadata

WEB = Path(__file__).resolve().parents[1] / "data" / "web"
BST = timezone(timedelta(hours=1))
EDT = timezone(timedelta(hours=-4))


def _data(name: str) -> bytes:
    return (WEB / name).read_bytes()


@pytest.fixture(scope="module")
def rss() -> list[FeedEntry]:
    return parse_feed(_data("feed_rss.xml"), source="feed_rss.xml")


@pytest.fixture(scope="module")
def atom() -> list[FeedEntry]:
    return parse_feed(_data("feed_atom.xml"), source="feed_atom.xml")


def _entry(**changes: object) -> FeedEntry:
    fields: dict[str, object] = {
        "link": "https://www.harbourledger.example/news/2024/oct/03/saltgate-sea-wall-rebuild",
        "title": "Saltgate sea wall to be rebuilt",
        "author": "Hannah Verity",
        "published": datetime(2024, 10, 3, 18, 30, tzinfo=BST),
        "text": "The harbour board voted 7 to 2 to rebuild the sea wall.",
        "outlet": "The Harbour Ledger",
        "entry_id": "ledger-0042",
    }
    fields.update(changes)
    return FeedEntry(**fields)  # type: ignore[arg-type]


def test_readers_feeds_rss_entries_in_feed_order(rss: list[FeedEntry]) -> None:
    assert [e.title for e in rss] == [
        "Saltgate sea wall to be rebuilt at a cost of £4.2m",
        "Lifeboat station back in service after slipway is cleared",
        "Crab prices rise as boats prepare to move to Corrin Point",
    ]
    assert [e.entry_id for e in rss] == [
        "ledger-2024-10-03-0042",
        "https://www.harbourledger.example/news/2024/oct/02/lifeboat-back-in-service",
        "ledger-2024-10-01-0017",
    ]
    assert rss[2].link == "https://www.harbourledger.example/business/2024/oct/01/crab-prices"


def test_readers_feeds_rss_metadata(rss: list[FeedEntry]) -> None:
    assert {e.outlet for e in rss} == {"The Harbour Ledger"}
    assert [e.author for e in rss] == ["Hannah Verity", "Sam Ortiz", "Hannah Verity"]  # dc:creator; email (Name)
    assert rss[0].published == datetime(2024, 10, 3, 18, 30, tzinfo=BST)
    assert rss[0].published is not None and rss[0].published.utcoffset() == timedelta(hours=1)  # the feed's own zone
    assert rss[1].published == datetime(2024, 10, 2, 9, 15, tzinfo=UTC)


def test_readers_feeds_rss_html_is_stripped_into_paragraphs(rss: list[FeedEntry]) -> None:
    assert rss[0].text == (
        "Eastmere's harbour board voted 7 to 2 on Thursday evening to spend £4.2 million rebuilding the sea wall "
        "at Saltgate Quay.\n\n"
        '"We cannot keep patching a wall that was built for a different sea," said Mira Okonkwo, who chairs the board.'
    )
    text = rss[1].text
    assert text.startswith("The Eastmere lifeboat returned to service on Wednesday morning")
    assert "\n\nStation manager Priya Lanyon said 31 of the station's 34 volunteers had helped clear the ramp." in text
    for markup in ("<", ">", "trackTeaser", "slipway.jpg", "Continue reading", "&hellip;"):
        assert markup not in text, markup


def test_readers_feeds_entry_without_description_has_empty_text(rss: list[FeedEntry]) -> None:
    assert rss[2].text == ""


def test_readers_feeds_atom_entries(atom: list[FeedEntry]) -> None:
    first, second = atom
    assert (first.title, first.author, first.outlet) == (
        "Port Alder bans jet skis from inner harbor",
        "Jo Tanaka",
        "Alder Bay Courier",
    )
    assert first.link == "https://alderbaycourier.example/2024/06/12/jet-ski-ban/"
    assert first.entry_id == "https://alderbaycourier.example/?p=5521"
    assert first.published == datetime(2024, 6, 12, 21, 15, tzinfo=EDT)  # published, not updated
    assert first.published is not None and first.published.utcoffset() == timedelta(hours=-4)
    assert second.author == "Marcus Bell"
    assert second.published == datetime(2024, 6, 13, 6, 0, tzinfo=EDT)


def test_readers_feeds_atom_content_wins_over_summary(atom: list[FeedEntry]) -> None:
    blocks = atom[0].text.split("\n\n")
    assert blocks[0] == (
        "Personal watercraft will be banned from Port Alder’s inner harbor starting July 1 after the town council "
        "voted 5–0 on Wednesday night."
    )
    assert "- a $250 fine for a first offense;" in blocks
    assert "### Renters welcome the change" in blocks
    assert "no-wake zone" not in atom[0].text  # the summary's words
    assert atom[1].text.endswith("The club raised $38,000 for the show, twice what it cost five years ago.")


def test_readers_feeds_rdf_entries() -> None:
    entries = parse_feed(_data("feed_rdf.xml"), source="feed_rdf.xml")
    assert [e.title for e in entries] == [
        "Winter ferry timetable cuts Sunday crossings",
        "Lantern Café owners vow to reopen by Christmas",
    ]
    assert entries[0].author == "Sam Ortiz"
    assert entries[0].outlet == "The Harbour Ledger: Business"
    assert entries[0].published == datetime(2024, 9, 29, 16, 0, tzinfo=BST)
    assert entries[0].text.startswith("The Corrin ferry will stop running on Sundays from November.")
    assert entries[1].link == "https://www.harbourledger.example/business/2024/sep/22/lantern-cafe-reopens"


def test_readers_feeds_str_and_bytes_read_alike() -> None:
    data = _data("feed_rss.xml")
    assert parse_feed(data.decode("utf-8"), source="s") == parse_feed(data, source="b")


def test_readers_feeds_str_with_another_declared_encoding_is_read_as_decoded() -> None:
    feed = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Café Ledger</title>'
        "<item><title>Café reopens</title><description>The Lantern Café reopened on Friday.</description></item>"
        "</channel></rss>"
    )
    (entry,) = parse_feed(feed, source="s")
    assert (entry.outlet, entry.title, entry.text) == (
        "Café Ledger",
        "Café reopens",
        "The Lantern Café reopened on Friday.",
    )
    (from_bytes,) = parse_feed(feed.encode("iso-8859-1"), source="b")
    assert from_bytes == entry


def test_readers_feeds_outlet_falls_back_to_the_feed_link_domain() -> None:
    feed = (
        '<rss version="2.0"><channel><link>https://www.harbourledger.example/news</link>'
        "<item><title>A</title><description>The board met.</description></item></channel></rss>"
    )
    assert parse_feed(feed, source="s")[0].outlet == "harbourledger.example"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("not_a_feed.xml", _data("not_a_feed.xml")),
        ("front_page.html", _data("front_page.html")),
        ("plain.txt", b"The harbour board met on Thursday."),
        ("empty", b""),
        ("truncated.xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>The Harbour Ledger</title><it'),
        ("url", "https://www.harbourledger.example/news/rss"),  # never fetched
        ("path", str(WEB / "feed_rss.xml")),  # never opened
    ],
)
def test_readers_feeds_invalid_feed_raises_input_error(name: str, data: bytes | str) -> None:
    with pytest.raises(InputError) as info:
        parse_feed(data, source=name)
    assert str(info.value).startswith(f"{name}: this is not an RSS, RDF or Atom feed precis can read")
    assert info.value.source == name


def test_readers_feeds_feed_without_entries_raises_input_error() -> None:
    feed = '<rss version="2.0"><channel><title>The Harbour Ledger</title></channel></rss>'
    with pytest.raises(InputError, match=r"^empty\.xml: the feed has no entries"):
        parse_feed(feed, source="empty.xml")


def test_readers_feeds_slightly_broken_feed_with_entries_is_read() -> None:
    feed = (
        '<rss version="2.0"><channel><title>Ledger</title><item><title>Ferry &nbsp; cut</title>'
        "<description>The Sunday ferry will stop in November.</description></item></channel></rss>"
    )
    (entry,) = parse_feed(feed, source="s")
    assert (entry.title, entry.text) == ("Ferry cut", "The Sunday ferry will stop in November.")


def test_readers_feeds_entry_article(rss: list[FeedEntry]) -> None:
    article = entry_article(rss[0], id="ledger:1")
    assert article == Article(
        id="ledger:1",
        text=rss[0].text,
        title="Saltgate sea wall to be rebuilt at a cost of £4.2m",
        outlet="The Harbour Ledger",
        url="https://www.harbourledger.example/news/2024/oct/03/saltgate-sea-wall-rebuild",
        author="Hannah Verity",
        published=datetime(2024, 10, 3, 18, 30, tzinfo=BST),
    )


@pytest.mark.parametrize("text", ["", "  \n\n "])
def test_readers_feeds_entry_without_text_raises_input_error(rss: list[FeedEntry], text: str) -> None:
    entry = _entry(text=text, link=rss[2].link)
    with pytest.raises(InputError) as info:
        entry_article(entry, id="ledger:3")
    assert str(info.value).startswith("ledger:3: this entry has no text; use --follow to fetch its page")
    assert rss[2].link is not None and rss[2].link in str(info.value)
    assert info.value.source == "ledger:3"


def test_readers_feeds_entry_without_text_from_the_fixture(rss: list[FeedEntry]) -> None:
    with pytest.raises(InputError, match="use --follow"):
        entry_article(rss[2], id="ledger:3")


def test_readers_feeds_with_feed_metadata_page_values_win() -> None:
    page = Article(
        id="p",
        text="The page's own text.",
        title="Page title",
        outlet="Page outlet",
        url="https://www.harbourledger.example/page",
        author="Page Author",
        published=datetime(2024, 10, 4, 8, 0, tzinfo=UTC),
    )
    assert with_feed_metadata(page, _entry()) == page


def test_readers_feeds_with_feed_metadata_fills_what_the_page_lacked() -> None:
    page = Article(id="p", text="The page's own text.", url="https://www.harbourledger.example/page")
    entry = _entry()
    merged = with_feed_metadata(page, entry)
    assert (merged.id, merged.text, merged.url) == (
        "p",
        "The page's own text.",
        "https://www.harbourledger.example/page",
    )
    assert (merged.title, merged.author, merged.outlet, merged.published) == (
        entry.title,
        entry.author,
        entry.outlet,
        entry.published,
    )


def test_readers_feeds_with_feed_metadata_url_falls_back_to_the_link() -> None:
    merged = with_feed_metadata(Article(id="p", text="Text."), _entry())
    assert merged.url == _entry().link


def test_readers_feeds_with_feed_metadata_date_only_page_takes_the_entry_time_on_the_same_day() -> None:
    page = Article(id="p", text="Text.", published=datetime(2024, 10, 3))
    assert with_feed_metadata(page, _entry()).published == datetime(2024, 10, 3, 18, 30, tzinfo=BST)
    other_day = Article(id="p", text="Text.", published=datetime(2024, 10, 2))
    assert with_feed_metadata(other_day, _entry()).published == datetime(2024, 10, 2)


@pytest.mark.parametrize("name", ["feed_rss.xml", "feed_atom.xml", "feed_rdf.xml"])
def test_readers_feeds_looks_like_feed_fixtures(name: str) -> None:
    assert looks_like_feed(_data(name).decode("utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        '<rss version="2.0"><channel/></rss>',
        '\ufeff<?xml version="1.0"?>\n<!-- generated -->\n<rss version="0.91">',
        '<feed\n  xml:lang="en"\n  xmlns="http://www.w3.org/2005/Atom">',
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    ],
)
def test_readers_feeds_looks_like_feed_positives(text: str) -> None:
    assert looks_like_feed(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The harbour board publishes an RSS feed at <rss> and an Atom <feed>.",
        "<feed><entry>not Atom: no namespace</entry></feed>",
        '{"text": "<rss version=\\"2.0\\">"}',
        _data("front_page.html").decode("utf-8"),
        _data("article_with_boilerplate.html").decode("utf-8"),
        _data("article_minimal.html").decode("utf-8"),
        _data("not_a_feed.xml").decode("utf-8"),
    ],
)
def test_readers_feeds_looks_like_feed_negatives(text: str) -> None:
    assert not looks_like_feed(text)


def test_readers_feeds_import_loads_no_extra() -> None:
    code = (
        "import json, sys\n"
        "import precis.readers.feeds\n"
        "print(json.dumps(sorted(m for m in ('trafilatura', 'feedparser', 'lxml', 'tld') if m in sys.modules)))\n"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
