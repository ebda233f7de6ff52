"""No word of an article is lost in reading: inline links and markup, link-only paragraphs, invisible characters.

The pages in ``tests/data/pages`` are written by us in the shape of real news
pages: names and phrases linked inside sentences (in ``<span class="link">``,
``<a class="link">``, a ``<span class="tags">``), emphasis and ``<time>``
inside paragraphs, links at the start and end of a paragraph, paragraphs that
are ``<div>`` elements, soft hyphens and zero-width characters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precis.readers._markup import drop_link_paragraphs, keep_inline_text, tree_text, visible_text
from precis.readers.feeds import parse_feed
from precis.readers.pages import article_from_html

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


def _page(name: str) -> str:
    return article_from_html((PAGES / name).read_bytes(), id=name).text


def test_readers_inline_linked_names_stay_in_their_sentences() -> None:
    text = _page("poll_inline_links.html")
    for sentence in (
        "But they're especially high for Dana Whitcombe.",
        "but has dropped in recent polls, notably among voters under 35.",
        "Elias Brandt, who directs the survey",  # a link at the start of a paragraph
        "between September 9 and September 13",  # <time> inside a sentence
        "plus or minus 3.1 percentage points.",  # a span with a border style
        "Whitcombe trails Oren Castellanos by nine points. Among those who named schools, she leads by four.",
        "his campaign manager, Priya Ndlovu, said",  # a span class="author-name" inside prose
        "hosted by Valley Evening News.",  # a link at the end of a paragraph
    ):
        assert sentence in text
    assert "  " not in text and " ." not in text and " ," not in text


def test_readers_inline_link_only_paragraphs_and_hidden_text_still_go() -> None:
    text = _page("poll_inline_links.html")
    for furniture in ("Read more", "Full coverage", "More from Politics", "running mate", "Opens in a new window"):
        assert furniture not in text


def test_readers_inline_div_paragraphs_with_links_are_kept_whole() -> None:
    paragraphs = _page("wire_div_paragraphs.html").split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[1].startswith("Coastal ISO said it might declare an energy emergency")
    assert paragraphs[2] == (
        "Officials at Harbor Power said they had brought two idle plants back online and bought power from Nevada "
        "and Oregon."
    )
    assert "Temperatures reached 112 degrees in Valley City on Monday" in paragraphs[4]
    assert "Outage map" not in "\n".join(paragraphs)


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="/b">Dana Whitcombe</a>',
        '<span class="link"><a href="/b">Dana Whitcombe</a></span>',
        '<span style="border-bottom:1px dotted">Dana Whitcombe</span>',
        '<span class="tags"><a href="/b">Dana Whitcombe</a></span>',
        '<span class="menu-item">Dana Whitcombe</span>',
        '<a style="overflow:hidden" href="/b">Dana Whitcombe</a>',
        '<em><a href="/b">Dana Whitcombe</a></em>',
        '<a href="/b"><strong><i>Dana</i> Whitcombe</strong></a>',
        '<time datetime="2024">Dana Whitcombe</time>',
        "<label>Dana Whitcombe</label>",
        '<span class="caption">Dana <b>Whitcombe</b></span>',
    ],
)
def test_readers_inline_markup_inside_a_sentence_keeps_its_words(markup: str) -> None:
    filler = (
        "<p>Support for the candidates varies widely by age group across the county this fall, pollsters said.</p>"
        "<p>The survey of likely voters was conducted by phone and online, with a margin of error of three points.</p>"
    )
    html = (
        f"<html><body><article><h1>Poll</h1>{filler}<p>Worries are especially high for {markup} in the county, "
        f"notably among younger voters who said they wanted change.</p>{filler}</article></body></html>"
    )
    assert "especially high for Dana Whitcombe in the county," in article_from_html(html, id="p").text


def _tree(fragment: str) -> object:
    import lxml.html

    return lxml.html.fragment_fromstring(fragment, create_parent="div")


@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        ('<p><a href="/s">Smith</a> declined to comment.</p>', True),
        ('<p><a href="/b">Joe Biden</a> won.</p>', True),
        ('<p>Turnout was high, said <a href="/c">the clerk</a>.</p>', True),
        ('<p><strong>Read more:</strong> <a href="/d">What to know about the debate</a></p>', False),
        ('<p><a href="/d">Continue reading</a></p>', False),
        ('<p>RELATED: <a href="/e">Poll shows a tight race</a></p>', False),
        ('<p>More from the desk: <a href="/f">Ferry</a> | <a href="/g">Tides</a></p>', False),
    ],
)
def test_readers_inline_drop_link_paragraphs_drops_only_link_lines(paragraph: str, kept: bool) -> None:
    root = _tree(paragraph)
    drop_link_paragraphs(root)
    assert bool(tree_text(root)) is kept


def test_readers_inline_keep_inline_text_unwraps_prose_and_drops_hidden_parts() -> None:
    root = _tree(
        '<p>Officials in <a class="share-link" href="/x"><span class="hidden">Marlow</span> County</a> said '
        '<span aria-hidden="true">icon</span>turnout <em>was</em> high.<span class="sr-only">(new window)</span></p>'
        '<ul><li><a href="/1">Ferry cut</a></li><li><a href="/2">Tides</a></li></ul>'
    )
    keep_inline_text(root)
    assert root.findall(".//p/*") == []  # type: ignore[attr-defined]
    assert len(root.findall(".//li/a")) == 2  # type: ignore[attr-defined]  # a link list is left to the extractor
    assert tree_text(root).split("\n\n")[0] == "Officials in Marlow County said turnout was high."


def test_readers_inline_keep_inline_text_does_not_enter_nested_link_lists() -> None:
    root = _tree(
        '<div>Crews worked through the night at the <a href="/q">quay</a>, the board said.'
        '<ul class="related"><li><a href="/1">Ferry cut</a></li><li><a href="/2">Tides</a></li></ul></div>'
    )
    keep_inline_text(root)
    assert len(root.findall(".//li/a")) == 2  # type: ignore[attr-defined]
    assert root.find(".//div/a") is None  # type: ignore[attr-defined]


def test_readers_inline_feed_entries_keep_short_paragraphs_that_open_with_a_link() -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Ferry</title>'
        "<link>https://wire.example/a</link><description><![CDATA[<p>The Sunday ferry will stop in November, the "
        'agency said.</p><p><a href="/s">Smith</a> declined to comment.</p><p><a href="/a">Continue reading</a></p>'
        "]]></description></item></channel></rss>"
    )
    (entry,) = parse_feed(feed, source="wire")
    assert entry.text.split("\n\n") == [
        "The Sunday ferry will stop in November, the agency said.",
        "Smith declined to comment.",
    ]


def test_readers_inline_soft_hyphens_and_zero_width_characters_are_not_in_the_text() -> None:
    text = _page("soft_hyphens.html")
    assert not set(INVISIBLE) & set(text)
    for word in ("Customers", "north-eastern", "unacceptable", "Belmont", "mother", "authority’s"):
        assert re.search(rf"(?<!\w){word}(?!\w)", text)


def test_readers_inline_visible_text_keeps_joiners_that_shape_other_scripts() -> None:
    assert visible_text("Cus\u00adtomers\u200b \ufeffqueued\u2060.") == "Customers queued."
    assert visible_text("man\u200dwoman") == "manwoman"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert visible_text(family) == family
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert visible_text(persian) == persian


@given(st.text(alphabet=st.sampled_from(list("ab ,.") + list(INVISIBLE)), max_size=40))
def test_readers_inline_visible_text_removes_every_invisible_character_between_latin_text(text: str) -> None:
    cleaned = visible_text(text)
    assert not set(INVISIBLE) & set(cleaned)
    assert cleaned == "".join(ch for ch in text if ch not in INVISIBLE)
    assert visible_text(cleaned) == cleaned
