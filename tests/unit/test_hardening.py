"""Regression tests for issue #16 (hardening), in process: one input never stops a run, feeds are sniffed
through their prolog, long feeds render briefly, names cannot forge output, messages say what happened.

The numbers in the test names are the issue's findings (1 nesting, 2 DOCTYPE feeds, 4 quadratic feeds,
6 messages); the CLI's exit codes (3, 6) and the server (7) are tested in ``tests/integration``.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from precis.batch.inputs import Chunk
from precis.batch.records import parse_record
from precis.batch.tasks import make_spec, run_chunk
from precis.config.settings import SummarizerConfig
from precis.errors import InputError
from precis.readers import read_articles
from precis.readers._markup import root_tag
from precis.readers.dispatch import sniff
from precis.rendering.render import render
from precis.summarizer.summarizer import Summarizer

pytest.importorskip("feedparser", reason="the [html] extra is not installed")

GOOD = (
    "The harbour board met on Monday to discuss the new ferry timetable for the summer. "
    "Members agreed to add two evening crossings from the first of June, the chair said. "
    "The change will cost the board about 40,000 pounds a year, according to its own figures.\n"
)
STORY = "<p>" + GOOD.strip() + "</p>"


def _deep(n: int) -> str:
    return "[" * n + "]" * n


def _page(head: str = "", depth_: int = 0) -> str:
    return (
        f"<html><head><title>Ferry</title>{head}</head><body>" + "<div>" * depth_
        + f"<article>{STORY * 3}</article>" + "</div>" * depth_ + "</body></html>"
    )  # fmt: skip


# 1. deeply nested JSON ---------------------------------------------------------------------------------------------


def test_hardening_1_nesting_is_measured_without_parsing_and_ignores_brackets_in_strings() -> None:
    from precis.readers.nesting import MAX_DEPTH, depth, loads, too_deep

    assert depth('{"a": [1, {"b": "[[[[[[[["}]}') == 3
    assert not too_deep('{"text": "' + "[" * 10_000 + '"}')
    assert too_deep(_deep(MAX_DEPTH + 1)) and not too_deep(_deep(MAX_DEPTH))
    with pytest.raises(InputError, match=r"x\.json: the JSON nests deeper than 64 levels"):
        loads(_deep(100_000), where="x.json")


def test_hardening_1_a_deep_jsonl_or_json_file_fails_alone_and_the_good_input_is_read(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "n.jsonl").write_text(_deep(100_000) + "\n", encoding="utf-8")
    other = GOOD.replace("ferry", "bus")  # not the same text as ok.txt, which would be read as one source
    (tmp_path / "m.jsonl").write_text(json.dumps({"text": other}) + '\n{"text": ' + _deep(5_000) + "}\n")
    result = read_articles([str(tmp_path / n) for n in ("ok.txt", "n.jsonl", "m.jsonl")])
    assert [a.id for a in result.articles] == ["ok", f"{tmp_path / 'm.jsonl'}:1"]
    assert {f.source for f in result.failures} == {str(tmp_path / "n.jsonl"), f"{tmp_path / 'm.jsonl'}:2"}
    assert all("nests deeper than 64 levels" in f.reason for f in result.failures)


def test_hardening_1_a_page_with_hostile_json_ld_is_still_read(tmp_path: Path) -> None:
    script = f'<script type="application/ld+json">{_deep(1_200)}</script>'
    (tmp_path / "page.html").write_text(_page(head=script), encoding="utf-8")
    result = read_articles([str(tmp_path / "page.html")])
    assert not result.failures
    assert "evening crossings" in result.articles[0].text


def test_hardening_1_a_deep_batch_record_is_one_error_row_not_a_poisoned_run() -> None:
    with pytest.raises(InputError, match="nests deeper"):
        parse_record(b'{"text": ' + _deep(5_000).encode() + b"}", line=4)
    spec = make_spec("summarize", {"sentences": 1}, max_record_bytes=10_000_000)
    good = json.dumps({"id": "g", "text": GOOD}).encode()
    result = run_chunk(spec, Chunk(0, [(1, good), (2, b'{"docs": ' + _deep(5_000).encode() + b"}"), (3, good)]))
    assert [r[1] for r in result.rows] == [1, 3]
    assert [(e[1], e[2]) for e in result.errors] == [(2, "json")]
    assert "nests deeper" in result.errors[0][3]


# 2. feeds with a DOCTYPE, BOMs, comments and processing instructions -----------------------------------------------

RSS_ITEMS = "".join(
    f"<item><title>Story {i}</title><link>https://ledger.example/{i}</link>"
    f"<pubDate>Mon, 0{i} Nov 2025 09:00:00 GMT</pubDate><description>{GOOD.strip()} Entry {i}.</description></item>"
    for i in (1, 2)
)
PROLOGS = {
    "internal subset": '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY nbsp "&#160;"> <!ENTITY gt2 ">">]>\n',
    "bom and comment": "\ufeff\ufeff<!-- made by hand > -->\n",
    "pi and doctype": '<?xml version="1.0"?><?xml-stylesheet href="a.xsl"?>\n<!DOCTYPE rss SYSTEM "rss.dtd">',
}


@pytest.mark.parametrize("prolog", PROLOGS.values(), ids=PROLOGS.keys())
def test_hardening_2_an_rss_feed_is_sniffed_through_its_prolog(prolog: str, tmp_path: Path) -> None:
    text = prolog + f'<rss version="2.0"><channel><title>Ledger</title>{RSS_ITEMS}</channel></rss>'
    assert sniff(text) == "feed"
    (tmp_path / "feed.xml").write_text(text, encoding="utf-8")
    result = read_articles([str(tmp_path / "feed.xml")])
    assert [a.title for a in result.articles] == ["Story 1", "Story 2"]
    assert not result.articles[0].text.startswith("]")


def test_hardening_2_an_atom_feed_with_a_doctype_is_a_feed_not_raw_xml(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE feed [\n<!ENTITY copy "&#169;">\n]>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title><id>urn:f</id>'
        "<updated>2025-11-03T09:00:00Z</updated><entry><title>Ferry</title><id>urn:a</id>"
        f"<updated>2025-11-03T09:00:00Z</updated><summary>{GOOD.strip()}</summary></entry></feed>"
    )
    assert root_tag(text) == ("feed", ' xmlns="http://www.w3.org/2005/Atom"')
    (tmp_path / "atom.xml").write_text(text, encoding="utf-8")
    article = read_articles([str(tmp_path / "atom.xml")]).articles[0]
    assert article.title == "Ferry" and "<" not in article.text


# 4. long feeds ------------------------------------------------------------------------------------------------------

TEMPLATES = (
    "The city council approved a budget of {a} million dollars for the new harbour bridge on Monday.",
    "The ferry service will run {c} crossings a day from the first of June, the operator announced.",
    "Officials said repairs to the old bridge would take {d} weeks and cost {a} million dollars.",
)


def _similar_feed(n: int) -> str:
    rng = random.Random(3)
    items = []
    for i in range(n):
        values = {"a": rng.randint(10, 99), "c": rng.randint(2, 30), "d": rng.randint(2, 40)}
        text = " ".join(t.format(**values) for t in rng.sample(TEMPLATES, 2))
        items.append(f"<item><title>Entry {i}</title><link>https://news{i % 40}.example/{i}</link>"
                     f"<description>{text}</description></item>")  # fmt: skip
    return f'<rss version="2.0"><channel><title>Wire</title>{"".join(items)}</channel></rss>'


def test_hardening_4_a_long_feeds_conflicts_are_summarized_not_listed_by_the_hundred(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text(_similar_feed(600), encoding="utf-8")
    result = read_articles([str(tmp_path / "feed.xml")])
    summary = Summarizer().summarize(result.articles, words=120)
    assert sum(len(item.conflicts) for item in summary.items) > 50  # the JSON keeps every conflict
    started = time.perf_counter()
    text = render(summary, "text")
    assert time.perf_counter() - started < 2.0
    lines = text.splitlines()
    assert sum(1 for line in lines if line.startswith("    but [")) <= 5 * len(summary.items)
    assert any("more source(s) say otherwise" in line for line in lines)
    assert len(lines) < 250


# 6. messages and small surprises ------------------------------------------------------------------------------------


def test_hardening_6_function_words_only_does_not_ask_for_a_bigger_budget() -> None:
    summary = Summarizer(SummarizerConfig(check_language=False)).summarize("a. " * 3000, words=5000)
    assert not summary.items
    assert summary.reason is not None and "raise the budget" not in summary.reason


def test_hardening_6_html_nested_deeper_than_255_elements_is_read(tmp_path: Path) -> None:
    (tmp_path / "deep.html").write_text(_page(depth_=400), encoding="utf-8")
    result = read_articles([str(tmp_path / "deep.html")])
    assert not result.failures, result.failures
    assert "evening crossings" in result.articles[0].text


def test_hardening_6_names_in_the_sources_line_are_escaped(tmp_path: Path) -> None:
    name = "evil\n[9] forged\u202eafter"
    (tmp_path / f"{name}.txt").write_text(GOOD, encoding="utf-8")
    summary = Summarizer().summarize(read_articles([str(tmp_path / f"{name}.txt")]).articles, sentences=1)
    sources = render(summary, "text").split("Sources\n", 1)[1]
    assert "\\n[9] forged\\u202eafter" in sources
    assert "\u202e" not in sources and len(sources.strip().splitlines()) == 1


def test_hardening_6_a_followed_entry_refused_by_the_guard_is_named(tmp_path: Path) -> None:
    feed = (
        '<rss version="2.0"><channel><title>Ledger</title><item><title>Ferry</title>'
        f"<link>http://127.0.0.1:9/private</link><description>{GOOD.strip()}</description></item></channel></rss>"
    )
    (tmp_path / "feed.xml").write_text(feed, encoding="utf-8")
    result = read_articles([str(tmp_path / "feed.xml")], follow=True)
    assert [a.title for a in result.articles] == ["Ferry"]  # the teaser is still used...
    assert [f.source for f in result.failures] == ["http://127.0.0.1:9/private"]  # ...and the refusal is named
    assert "feed's own text" in result.failures[0].reason


def test_hardening_6_an_input_holding_no_records_is_named_not_silently_empty(tmp_path: Path) -> None:
    (tmp_path / "header.csv").write_text("text,title\n", encoding="utf-8")
    (tmp_path / "empty.json").write_text("[]", encoding="utf-8")
    result = read_articles([str(tmp_path / "header.csv"), str(tmp_path / "empty.json")])
    assert not result.articles
    assert [f.source for f in result.failures] == [str(tmp_path / "header.csv"), str(tmp_path / "empty.json")]
    assert all("holds no records" in f.reason for f in result.failures)
