"""Tests for precis.readers.pages: main text only, metadata, paragraphs, pages with no article, sniffing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precis import Article
from precis.analysis.segmenter import segment
from precis.errors import InputError
from precis.readers.pages import article_from_html, looks_like_html, outlet_from_url

WEB = Path(__file__).resolve().parents[1] / "data" / "web"
CANONICAL = "https://www.harbourledger.example/news/2024/oct/03/saltgate-sea-wall-rebuild"

# article_with_boilerplate.html: the body, in order, as it must come back
SALTGATE_BODY = [
    "Eastmere's harbour board voted 7 to 2 on Thursday evening to spend £4.2 million rebuilding the sea wall at "
    "Saltgate Quay, three weeks after a storm surge tore a 40-metre gap in it and flooded eleven businesses along "
    "the waterfront.",
    "The repair, which will replace the 1930s concrete with interlocking granite blocks, is expected to take "
    "fourteen months. Work is due to begin in January, once the end of the winter fishing season allows the inner "
    "basin to be partly drained.",
    '"We cannot keep patching a wall that was built for a different sea," said Mira Okonkwo, who chairs the board. '
    '"Every engineer we spoke to told us the same thing: the next surge will find the same weak points, and the one '
    'after that will find new ones."',
    "## Fishermen fear a long closure",
    "The decision was not welcomed by everyone. Alun Petch, whose family has landed crab at Saltgate for four "
    "generations, said the closure of the inner basin would force the port's 23 registered boats to unload at "
    "Corrin Point, a 90-minute round trip away.",
    '"Fourteen months is a whole season and then some," Mr Petch told the Ledger. "Some of the younger crews will '
    'not last that long. They have loans on their boats."',
    "Harbourmaster Tomas Reyes said the board had set aside £310,000 to subsidise fuel for boats using Corrin Point, "
    "and would keep two berths at the outer pier open for emergencies throughout the works.",
    "The storm on 14 September brought waves estimated at 6.5 metres against the quay. Water reached the first "
    "floors of the chandlery and the Lantern Café, and the town's lifeboat station was out of service for four days "
    "while its slipway was cleared of debris.",
    "Insurance will cover roughly £1.1 million of the cost, according to board papers. The remainder is to come "
    "from harbour reserves and a loan from the regional development fund, which the two dissenting members said "
    "would tie up the port's finances until 2031.",
    "A public meeting on the construction schedule will be held at the Eastmere Institute on 12 October at 7pm.",
]
# page furniture of the same fixture: none of it may reach the text
SALTGATE_FURNITURE = [
    "We use cookies", "Accept all", "Manage preferences",  # cookie banner
    "Home", "Tides & Weather", "Subscribe", "Log in",  # navigation
    "Share this article", "WhatsApp", "Copy link",  # share bars
    "Sign up for our newsletter", "morning briefing", "Sign me up",  # newsletter box
    "Advertisement", "20% off rope",  # ad slots
    "Related stories", "Storm surge floods Saltgate Quay", "Lantern Café owners vow", "plan for rising seas",
    "2 comments", "SaltyDog62", "crumbling since I was a boy", "Maureen from Corrin", "Nobody asked the people",
    "Join the discussion", "Post comment",  # comments
    "©", "All rights reserved", "Privacy policy", "Advertise with us", "company number",  # footer
    "Harbour Correspondent",  # byline
]  # fmt: skip
# the standfirst is article content the extractor may keep or leave out
SALTGATE_OPTIONAL = {"Harbour board approves granite wall after September surge"}


def _page(name: str) -> bytes:
    return (WEB / name).read_bytes()


@pytest.fixture(scope="module")
def saltgate() -> Article:
    return article_from_html(_page("article_with_boilerplate.html"), id="saltgate")


@pytest.fixture(scope="module")
def alder() -> Article:
    return article_from_html(_page("article_jsonld.html"), id="alder")


def _in_order(text: str, parts: list[str]) -> bool:
    pos = 0
    for part in parts:
        found = text.find(part, pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True


def test_readers_html_body_comes_back_whole_and_in_order(saltgate: Article) -> None:
    assert _in_order(saltgate.text, SALTGATE_BODY)


def test_readers_html_body_comes_back_alone(saltgate: Article) -> None:
    paragraphs = saltgate.text.split("\n\n")
    assert set(paragraphs) <= set(SALTGATE_BODY) | SALTGATE_OPTIONAL
    for furniture in SALTGATE_FURNITURE:
        assert furniture not in saltgate.text, furniture


def test_readers_html_title_is_not_repeated_in_the_text(saltgate: Article) -> None:
    assert saltgate.title is not None
    assert saltgate.title not in saltgate.text


def test_readers_html_metadata(saltgate: Article) -> None:
    assert saltgate.id == "saltgate"
    assert saltgate.title == "Saltgate sea wall to be rebuilt at a cost of £4.2m"
    assert saltgate.outlet == "The Harbour Ledger"
    assert saltgate.author == "Hannah Verity"
    assert saltgate.url == CANONICAL


def test_readers_html_published_keeps_time_and_offset(saltgate: Article) -> None:
    assert saltgate.published == datetime(2024, 10, 3, 18, 30, tzinfo=timezone(timedelta(hours=1)))
    assert saltgate.published is not None and saltgate.published.utcoffset() == timedelta(hours=1)


def test_readers_html_canonical_url_wins_over_the_given_one() -> None:
    article = article_from_html(_page("article_with_boilerplate.html"), id="a", url=CANONICAL + "?utm_source=rss")
    assert article.url == CANONICAL


def test_readers_html_relative_canonical_is_resolved_against_the_given_url() -> None:
    page = "<html><head><link rel='canonical' href='/news/ferry'></head><body>" + _PROSE + "</body></html>"
    article = article_from_html(page, id="a", url="https://www.harbourledger.example/news/ferry?ref=home")
    assert article.url == "https://www.harbourledger.example/news/ferry"


def test_readers_html_json_ld_page(alder: Article) -> None:
    assert alder.title == "Port Alder bans jet skis from inner harbor"
    assert alder.outlet == "Alder Bay Courier"
    assert alder.author == "Jo Tanaka"
    assert alder.url == "https://alderbaycourier.example/2024/06/12/jet-ski-ban/"
    assert alder.published == datetime(2024, 6, 12, 21, 15, tzinfo=timezone(timedelta(hours=-4)))
    assert alder.published is not None and alder.published.utcoffset() == timedelta(hours=-4)


def test_readers_html_json_ld_page_body_lists_and_headings(alder: Article) -> None:
    blocks = alder.text.split("\n\n")
    assert blocks[0].startswith("Personal watercraft will be banned from Port Alder’s inner harbor")
    assert "- a $500 fine and a 30-day launch ban for a second;" in blocks
    assert "### Renters welcome the change" in blocks
    assert "Bayside Paddle from the town’s dock" in alder.text  # a windows-1252 byte, decoded as declared
    assert blocks[-1].startswith("Jet ski owners will still be able to launch")
    for furniture in ("Read more", "Harbor patrol asks", "Support local journalism", "About Jo Tanaka",
                      "Most popular", "Previous:", "Tagged", "Get the Courier", "nonprofit newsroom"):  # fmt: skip
        assert furniture not in alder.text, furniture


def test_readers_html_outlet_falls_back_to_the_domain() -> None:
    article = article_from_html(_page("article_minimal.html"), id="m", url="https://www.harbourledger.example/n/1")
    assert article.outlet == "harbourledger.example"
    assert article.url == "https://www.harbourledger.example/n/1"
    assert (article.title, article.author, article.published) == (None, None, None)


def test_readers_html_no_url_no_outlet() -> None:
    article = article_from_html(_page("article_minimal.html"), id="m")
    assert (article.outlet, article.url) == (None, None)


def test_readers_html_paragraphs_are_separated_by_blank_lines() -> None:
    source = _page("article_minimal.html").decode("utf-8")
    expected = [line.removeprefix("<p>").removesuffix("</p>") for line in source.splitlines() if line]
    article = article_from_html(source, id="m")
    assert article.text.split("\n\n") == expected
    assert article.text == article.text.strip()
    assert "\n\n\n" not in article.text


def test_readers_html_segmenter_sees_paragraphs_and_headings(saltgate: Article) -> None:
    sentences = segment(saltgate)
    headings = [s.text for s in sentences if s.kind == "heading"]
    assert headings == ["Fishermen fear a long closure"]
    assert max(s.paragraph for s in sentences) == len(saltgate.text.split("\n\n")) - 1
    assert {s.section for s in sentences} == {0, 1}


def test_readers_html_front_page_raises_input_error_naming_the_id() -> None:
    with pytest.raises(InputError) as info:
        article_from_html(_page("front_page.html"), id="home")
    assert str(info.value) == (
        "home: no article text found in this HTML page (it may be a front page, a login wall or need JavaScript)"
    )
    assert info.value.source == "home"


@pytest.mark.parametrize(
    "page",
    [
        "",
        b"",
        "   \n ",
        "<html><body><h1>Saltgate sea wall</h1><p>Subscribe to read</p></body></html>",
        "<html><head><script>render()</script></head><body><div id='app'></div></body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    ],
)
def test_readers_html_pages_without_an_article_raise_input_error(page: str | bytes) -> None:
    with pytest.raises(InputError, match=r"^p1: no article text found"):
        article_from_html(page, id="p1")


def test_readers_html_malformed_page_does_not_crash() -> None:
    try:
        article = article_from_html(_page("malformed.html"), id="bad")
    except InputError as exc:
        assert exc.source == "bad"
    else:
        assert "The Corrin ferry will stop running on Sundays from November" in article.text
        assert "\x00" not in article.text


_PROSE = "<p>The Corrin ferry will stop running on Sundays from November, the operator said on Monday.</p>"


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        ("", '<article><time datetime="2024-10-03T18:30:00-04:00">3 Oct</time>' + _PROSE + "</article>", (18, -4)),
        ('<meta name="pubdate" content="2024-10-03T09:00:00Z">', _PROSE, (9, 0)),
        # an unreadable meta date is skipped, not fatal
        ('<meta property="article:published_time" content="yesterday">',
         '<article><time datetime="2024-10-03T18:30:00+01:00">x</time>' + _PROSE + "</article>", (18, 1)),
        # a date-only value yields to a timed one on the same day
        ('<meta name="date" content="2024-10-03">',
         '<article><time datetime="2024-10-03T07:15:00+01:00">x</time>' + _PROSE + "</article>", (7, 1)),
    ],
)  # fmt: skip
def test_readers_html_published_sources(head: str, body: str, expected: tuple[int, int]) -> None:
    page = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    published = article_from_html(page, id="p").published
    assert published is not None
    assert (published.hour, published.utcoffset()) == (expected[0], timedelta(hours=expected[1]))
    assert published.date() == datetime(2024, 10, 3).date()


def test_readers_html_date_only_page_gets_naive_midnight() -> None:
    page = f'<html><head><meta name="date" content="2024-10-03"></head><body>{_PROSE}</body></html>'
    assert article_from_html(page, id="p").published == datetime(2024, 10, 3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=600),
        st.text(max_size=600),
        st.lists(st.sampled_from(["<p>", "</p>", "<div", ">", "<b>", "</i>", "&amp", "<!--", "\x00", "Ferry", " "])
                 .map(str), max_size=80).map("".join),
    )
)  # fmt: skip
def test_readers_html_garbage_gives_an_article_or_input_error(page: str | bytes) -> None:
    try:
        article = article_from_html(page, id="g")
    except InputError as exc:
        assert exc.source == "g"
    else:
        assert article.text.strip()


@pytest.mark.parametrize(
    "name", ["article_with_boilerplate.html", "article_minimal.html", "front_page.html", "malformed.html",
             "article_jsonld.html"],
)  # fmt: skip
def test_readers_html_looks_like_html_fixtures(name: str) -> None:
    assert looks_like_html(_page(name).decode("utf-8", errors="replace"))


@pytest.mark.parametrize(
    "text",
    [
        "<div class='story'>A fragment</div>",
        "\ufeff  \n<!doctype html>\n<title>x</title>",
        '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>',
        "Saved page:\n<html><body><p>The council met.</p></body></html>",
        "The council met.<br>It voted.<br>It left.<p>More</p>",
    ],
)
def test_readers_html_looks_like_html_positives(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The harbour board met on Thursday. It voted 7 to 2 to rebuild the sea wall.\n\nWork begins in January.",
        "# Saltgate\n\nThe board voted. Someone pasted <p> into the minutes once.",
        "The harbour board met on Thursday.\n" * 40 + "A reader asked why the page said <p> and <div> and <b>.",
        json.dumps({"id": "a1", "text": "<p>The board met.</p><p>It voted.</p><p>It left.</p>"}) + "\n",
        '[{"text": "<p>x</p><p>y</p><p>z</p>"}]',
        "<Reuters> The harbour board met on Thursday.",
    ],
)
def test_readers_html_looks_like_html_negatives(text: str) -> None:
    assert not looks_like_html(text)


@pytest.mark.parametrize("name", ["feed_rss.xml", "feed_atom.xml", "feed_rdf.xml", "not_a_feed.xml"])
def test_readers_html_feeds_and_other_xml_are_not_html(name: str) -> None:
    assert not looks_like_html(_page(name).decode("utf-8"))


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.harbourledger.example/news/2024/oct/03/saltgate", "harbourledger.example"),
        ("https://news.harbourledger.example/x", "harbourledger.example"),
        ("https://news.bbc.co.uk/1/hi/world.stm", "bbc.co.uk"),
        ("https://edition.cnn.com/2024/01/10/world/story", "cnn.com"),
        ("www.theguardian.com/uk-news", "theguardian.com"),
        ("HTTPS://WWW.EXAMPLE.ORG./path", "example.org"),
        ("http://localhost:8000/article", None),
        ("http://127.0.0.1/article", None),
        ("http://[::1]:8080/article", None),
        ("not a url", None),
        ("", None),
    ],
)
def test_readers_html_outlet_from_url(url: str, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


def test_readers_html_import_loads_no_extra() -> None:
    code = (
        "import json, sys\n"
        "import precis.readers.pages, precis.readers.dates\n"
        "print(json.dumps(sorted(m for m in ('trafilatura', 'feedparser', 'lxml', 'htmldate', 'tld') "
        "if m in sys.modules)))\n"
    )
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


@pytest.mark.parametrize(
    ("encoding", "meta"),
    [("utf-8", "iso-8859-1"), ("cp1252", "windows-1252"), ("cp1252", "no-such-charset"), ("utf-8-sig", "")],
)
def test_readers_html_bytes_use_the_one_decoder(encoding: str, meta: str) -> None:
    # pages decode as every reader does (readers.decoding): a UTF-8 page under a stale iso-8859-1 <meta> is
    # read as UTF-8 (the old page decoder trusted the meta and gave "dÃ©clarÃ©" mojibake)
    prose = "<p>Le ministre a déclaré que les négociations avancent à Genève, où l'OTAN répondra bientôt.</p>"
    head = f'<meta charset="{meta}">' if meta else ""
    page = f"<html><head>{head}</head><body>{prose}</body></html>".encode(encoding)
    assert "Le ministre a déclaré que les négociations avancent à Genève" in article_from_html(page, id="p").text
