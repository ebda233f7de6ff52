"""The check report a person can use: precis's own output read back, debris as one note, quoted evidence."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from precis import Checker, Summarizer
from precis.checking.markup import read_markup
from precis.model import Article, CheckReport
from precis.rendering.render import render, render_check

GENEVA = Article(
    id="harbor-geneva",
    outlet="Harbor Daily Wire",
    text=(
        "American and Russian diplomats spent about eight hours behind closed doors in Geneva on Monday. "
        "The U.S. team was led by Wendy Sherman, while Sergei Ryabkov headed the Russian side. "
        "Russia wants a halt to NATO's eastward expansion, which Washington calls a non-starter."
    ),
)
BRUSSELS = Article(
    id="meridian-brussels",
    text=(
        "Senior Russian officials met the ambassadors of all 30 NATO members on Wednesday in Brussels. "
        "The meeting ended with the two sides still far apart, officials said."
    ),
)


def _summary_text(fmt: str) -> tuple[str, list[Article]]:
    summary = Summarizer().summarize([GENEVA, BRUSSELS], words=60)
    return render(summary, fmt), list(summary.articles)  # type: ignore[arg-type]


def test_read_markup_blanks_markers_and_sources_block_keeping_length() -> None:
    text, articles = _summary_text("text")
    markup = read_markup(text, frozenset(a.id for a in articles))
    assert markup.precis and len(markup.text) == len(text)
    assert "Sources" not in markup.text and "[1]" not in markup.text
    assert {e.article_id for e in markup.sources} <= {a.id for a in articles}


@given(st.text(alphabet=st.sampled_from("ab .[]1\n-Sources*:"), max_size=80))
def test_read_markup_never_changes_length_or_newlines(text: str) -> None:
    out = read_markup(text).text
    assert len(out) == len(text)
    kept = {i for i, c in enumerate(text) if c == "\n"}
    added = {i for i, c in enumerate(out) if c == "\n"} - kept
    assert kept <= {i for i, c in enumerate(out) if c == "\n"}
    # the only newline added is the last character of a citation marker that ends a line of precis's output
    assert all(text[i] == "]" and i + 1 in kept for i in added)


def test_check_of_precis_text_ends_an_item_at_its_markers_without_a_full_stop() -> None:
    # a source's cut-off sentence (no full stop) is one item; the next item is another sentence
    source = Article("wire", "No one disputes the first three paintings\n\nSeveral other paintings were looted in 1942.")  # noqa: E501
    text = (
        "No one disputes the first three paintings [1]\n"
        "Several other paintings were looted in 1942. [1]\n\nSources\n[1] wire (chars 0-42; 44-89)\n"
    )
    report = Checker().check(text, [source])
    assert [s.text for s in report.sentences] == [
        "No one disputes the first three paintings",
        "Several other paintings were looted in 1942.",
    ]
    assert report.verdict == "supported" and not report.flagged, render_check(report)


def test_check_of_precis_text_and_markdown_is_clean_with_offsets_into_the_original() -> None:
    for fmt in ("text", "md"):
        text, articles = _summary_text(fmt)
        report = Checker().check(text, articles)
        assert report.verdict == "supported" and not report.flagged and not report.notes, render_check(report)
        for sent in report.sentences:
            assert text[sent.start : sent.end] == sent.text
            assert "[" not in sent.text and "chars" not in sent.text


def test_check_notes_a_cited_source_that_was_not_given() -> None:
    text, _ = _summary_text("text")
    assert "[2] meridian-brussels" in text
    report = Checker().check(text, [GENEVA])
    assert any(n.kind == "sources" and "meridian-brussels" in n.message for n in report.notes)


def test_tokenization_debris_is_one_summary_note_not_a_flag_per_sentence() -> None:
    summary = "Diplomats spent eight hours in Geneva on Monday .\nThe meeting in Brussels ended far apart .\n"
    report = Checker().check(summary, [GENEVA, BRUSSELS])
    assert not any(f.kind == "garbled" for s in report.sentences for f in s.flags)
    (note,) = [n for n in report.notes if n.kind == "debris"]
    assert note.count == 2 and note.sentences == (1, 2)
    assert "a space before '.'" in note.message
    again = CheckReport.from_json(report.to_json())
    assert again == report and json.loads(report.to_json())["notes"][0]["count"] == 2


def test_glued_words_stay_flagged_on_their_sentence() -> None:
    report = Checker().check("There is almostno support for Sergei Ryabkov in Geneva .", [GENEVA])
    assert any("run together" in f.message for f in report.sentences[0].flags)


def test_render_check_quotes_the_evidence_with_its_outlet() -> None:
    report = Checker().check("Diplomats spent about eight hours in Geneva on Monday.", [GENEVA, BRUSSELS])
    text = render_check(report, "text")
    assert "“American and Russian diplomats spent about eight hours" in text
    assert "(Harbor Daily Wire, id harbor-geneva)" in text
    assert "chars" not in text
    md = render_check(report, "md")
    assert "*Harbor Daily Wire, id harbor-geneva*" in md
    assert json.loads(render_check(report, "json"))["sentences"][0]["evidence"][0]["article_id"] == "harbor-geneva"


def test_source_option_is_repeatable() -> None:
    from precis.cli import build_parser

    args = build_parser().parse_args(["check", "s.txt", "--source", "a.txt", "--source", "b.txt", "c.txt"])
    assert args.source == ["a.txt", "b.txt", "c.txt"]


def test_read_markup_blanks_conflict_notes_bullets_and_outlet_counts() -> None:
    text = (
        "- Diplomats talked for about eight hours in Geneva. [1][2]\n"
        '  - *but* [3] says "roughly four hours", not "about eight hours"\n'
        "  - *but* 2 more source(s) say otherwise (--format json lists them all)\n"
        "\n**Sources**\n\n1. Harbor Daily Wire, id harbor-geneva (chars 0-95)\n2. wire-b (chars 0-9)\n"
        "3. Meridian, *Talks*, 2022-01-12, <https://m.example/talks>, id meridian-brussels (chars 5-60)\n"
    )
    markup = read_markup(text, frozenset({"harbor-geneva", "wire-b", "meridian-brussels"}))
    assert markup.text.split() == ["Diplomats", "talked", "for", "about", "eight", "hours", "in", "Geneva."]
    assert [e.article_id for e in markup.sources] == ["harbor-geneva", "wire-b", "meridian-brussels"]
    plain = "Talks [1] went on, and 3 [sic] delegates left."  # not precis output: only trailing markers go
    assert read_markup(plain).text == plain


def test_a_sentence_word_for_word_in_a_source_is_never_a_polarity_flip() -> None:
    source = Article(
        id="apw",
        text="Netanyahu has not confirmed the reports. ``Israel did not act against Cyprus and did not act "
        "on Cypriot soil on behalf of Turkey.''",
    )
    report = Checker().check(
        '"Israel did not act against Cyprus and did not act on Cypriot soil on behalf of Turkey."', source
    )
    assert report.verdict == "supported" and not report.flagged, render_check(report)
