"""A quotation that runs over several sentences of a paragraph is one span: shown whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precis.analysis.segmenter import Segmenter, segment
from precis.model import Article
from precis.readers.pages import article_from_html

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"


def _texts(text: str, **options: int) -> list[str]:
    return [s.text for s in Segmenter(**options)(Article("a", text))]


@pytest.mark.parametrize(
    "quotation",
    [
        '"I am blown away by the size of this. I have lived here for thirty years," said Ada Chisholm.',
        "“I don’t expect anyone to hand me anything. I work two jobs,” said Lena Okafor.",
        '"Who decided this, and when? What did they look at? I need to know," Chisholm said.',
        'Varga said the agency would "look again at every number. Nothing is final until January."',
    ],
)
def test_segmenter_quotations_of_several_sentences_are_one_span(quotation: str) -> None:
    assert _texts(f"The hall was full on Tuesday. {quotation} The board meets on January 14.") == [
        "The hall was full on Tuesday.",
        quotation,
        "The board meets on January 14.",
    ]


def test_segmenter_quotations_of_tokenized_corpora_are_one_span() -> None:
    text = "`` We will not move . Not this year , '' the mayor said .\n\nThe board meets on January 14 ."
    assert _texts(text)[0] == "`` We will not move . Not this year , '' the mayor said ."


def test_segmenter_quotations_run_over_lines_but_not_past_a_blank_line() -> None:
    lines = (
        "Officials said the well was sealed .\n`` The well is almost dead .\nWe will not let them reopen it , '' "
        "Kendra Barkoff said .\nBut BP may want the oil beneath it ."
    )
    assert _texts(lines)[1] == "`` The well is almost dead .\nWe will not let them reopen it , '' Kendra Barkoff said ."
    assert len(_texts(lines.replace(".\nWe", ".\n\nWe"))) == 4


def test_segmenter_quotations_never_leave_an_open_quote_or_a_tail() -> None:
    article = article_from_html((PAGES / "quotes_town_hall.html").read_bytes(), id="q")
    for sentence in segment(article):
        assert sentence.text == article.text[sentence.start : sentence.end]
        assert sentence.text.count('"') % 2 == 0
        assert sentence.text.count("“") == sentence.text.count("”")
    texts = [s.text for s in segment(article)]
    assert '"Who decided this, and when? What did they look at? I need to know," Chisholm said.' in texts
    assert not any(t.startswith(("I need to know", "I have lived", "I work two jobs")) for t in texts)


def test_segmenter_quotations_longer_than_the_limit_or_left_open_keep_their_sentences() -> None:
    long = '"One. Two is here. Three is here. Four is here," she said. Then it ended.'
    assert len(_texts(long)) == 5
    assert _texts(long, max_quotation_sentences=4)[0] == '"One. Two is here. Three is here. Four is here," she said.'
    runs_on = 'He said: "We will rebuild the wall. It will take a year.\n\n"Then we reopen the basin."'
    assert len(_texts(runs_on)) == 3  # a quotation open at the end of its paragraph is not joined
    assert len(_texts('"One is here. Two is here," she said.', max_quotation_sentences=1)) == 2


def test_segmenter_quotations_a_quote_closed_in_its_sentence_changes_nothing() -> None:
    text = '"We are ready," she said. The work starts Monday. "It is late," he said.'
    assert _texts(text) == ['"We are ready," she said.', "The work starts Monday.", '"It is late," he said.']


_PIECE = ["The board met.", '"We agree.', 'It is late," he said.', "“Yes.", "No.”", "Then it rained.", "\n\n"]
_PIECES = st.lists(st.sampled_from([*_PIECE, '"Fine," she said.']), max_size=12)


@given(_PIECES)
def test_segmenter_quotations_only_join_whole_sentences(pieces: list[str]) -> None:
    text = " ".join(pieces)
    article = Article("a", text)
    joined = Segmenter()(article)
    apart = Segmenter(max_quotation_sentences=1)(article)
    for s in joined:
        assert s.text == text[s.start : s.end]
    assert [s.start for s in joined] == sorted({s.start for s in joined})
    # every span is a run of the unjoined spans: the same sentence edges, fewer of them
    assert {s.start for s in joined} <= {s.start for s in apart}
    assert {s.end for s in joined} <= {s.end for s in apart}
    assert sum(len(s.text.split()) for s in joined) == sum(len(s.text.split()) for s in apart)
