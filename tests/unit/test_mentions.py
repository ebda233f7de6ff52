"""Tests for precis.checking.mentions: names, attributions, figures and quotations against sources."""

from __future__ import annotations

import gzip
import itertools
import json
import random
from pathlib import Path

import pytest

from precis.analysis.segmenter import segment
from precis.checking.mentions import SourceFacts, mention_counts, mention_flags
from precis.model import Article

SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLES = SHARED / "samples"
CNN = SHARED / "data" / "cnn_stories.jsonl.gz"

SOURCE = (
    "Russian President Vladimir Putin spoke with President Joe Biden on Dec. 3. "
    "NATO's chief said the United States and Britain had sent 100,000 troops on a 12-mile march. "
    "Officials expect the talks to cost $5bn, twelve diplomats said. "
    'Sergey V. Lavrov said the West keeps proposals "tied up in endless discussions."'
)


@pytest.fixture(scope="module")
def facts() -> SourceFacts:
    return SourceFacts.from_texts([SOURCE])


def _flagged(text: str, facts: SourceFacts) -> list[tuple[str, str]]:
    return [(flag.kind, text[flag.start : flag.end]) for flag in mention_flags(text, facts)]


# --- entities --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Putin and Biden spoke again.",  # partial names
        "The talks worried NATO's allies.",  # possessive
        "The U.S. and the UK sent troops.",  # U.S. / United States, UK / Britain
        "The US sent troops.",
        "American and British troops marched.",  # demonyms of the sources' places
        "Russia sent a diplomat.",  # "Russian" in the sources
        "On Monday in January the talks resumed.",  # days and months are not names
        "Officials said nothing new.",  # sentence-initial ordinary word
    ],
)
def test_mentions_entity_supported_variants(sentence: str, facts: SourceFacts) -> None:
    assert _flagged(sentence, facts) == []


def test_mentions_entity_absent_name_is_flagged(facts: SourceFacts) -> None:
    text = "Putin later met Boris Johnson in the Carnegie Moscow Center."
    flags = mention_flags(text, facts)
    assert [(f.kind, text[f.start : f.end]) for f in flags] == [
        ("entity", "Boris Johnson"),
        ("entity", "Carnegie Moscow Center"),
    ]
    assert flags[0].message == '"Boris Johnson" does not appear in the sources'


def test_mentions_entity_lower_case_text_gives_no_entity_flags(facts: SourceFacts) -> None:
    assert _flagged("putin later met boris johnson in london.", facts) == []


def test_mentions_entity_model_unk_tokens_are_not_names(facts: SourceFacts) -> None:
    assert _flagged("putin met UNK UNK in the city.", facts) == []


# --- attributions ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "attributee"),
    [
        ("Putin has the upper hand, says CNN's John Sutter.", "CNN's John Sutter"),
        ("Putin has the upper hand, writes David Frum.", "David Frum"),
        ("According to Jane Doe, Putin has the upper hand.", "Jane Doe"),
        ("Putin has the upper hand, Jane Doe told reporters.", "Jane Doe"),
        ("Frum said Putin has the upper hand.", "Frum"),
    ],
)
def test_mentions_attribution_unnamed_source_is_flagged(sentence: str, attributee: str, facts: SourceFacts) -> None:
    assert _flagged(sentence, facts) == [("attribution", attributee)]


@pytest.mark.parametrize(
    "sentence",
    ["Putin wants results, Lavrov said.", "Putin wants results, says Sergey Lavrov.", "Putin spoke, Biden said."],
)
def test_mentions_attribution_named_source_is_supported(sentence: str, facts: SourceFacts) -> None:
    assert _flagged(sentence, facts) == []


def test_mentions_attribution_flags_sample_summary_against_its_sources() -> None:
    if not SAMPLES.is_dir():
        pytest.skip("shared samples not available")
    texts = [next(SAMPLES.glob(f"{n}_*.txt")).read_text(encoding="utf-8") for n in ("003", "004")]
    sample_facts = SourceFacts.from_texts(texts)
    first = (
        "Russian President Vladimir Putin is acting as if he has the upper hand in this standoff, "
        "says CNN's John Sutter ."
    )
    second = "Putin's actions in Chechnya, Crimea, and Syria are proof of that, writes David Frum ."
    assert ("attribution", "CNN's John Sutter") in _flagged(first, sample_facts)
    assert ("attribution", "David Frum") in _flagged(second, sample_facts)
    assert not any(kind == "entity" for kind, _ in _flagged(first, sample_facts))


# --- numbers ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "They sent 100000 troops.",
        "They sent 100k troops.",
        "Twelve diplomats spoke.",
        "12 diplomats spoke.",
        "The talks cost $5 billion.",
        "The talks cost 5 billion dollars.",
        "They spoke on December 3.",
        "They spoke on 3 December.",
        "A dozen diplomats spoke.",
        "One of the diplomats spoke.",  # a lone "one" is not a figure worth checking
    ],
)
def test_mentions_number_equal_values_are_supported(sentence: str, facts: SourceFacts) -> None:
    assert _flagged(sentence, facts) == []


def test_mentions_number_names_the_source_value_in_the_same_unit() -> None:
    facts = SourceFacts.from_texts(["The hikers covered 12 miles before dark."])
    text = "The hikers covered 13 miles before dark."
    flags = mention_flags(text, facts)
    assert [(f.kind, text[f.start : f.end], f.message) for f in flags] == [
        ("number", "13 miles", '"13 miles": the sources say "12 miles"')
    ]


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("It took eight to nine minutes.", "eight"),
        ("It rose 40% last year.", "40%"),
        ("They spoke on Dec. 4.", "Dec. 4"),
        ("It happened in 2019.", "2019"),
    ],
)
def test_mentions_number_absent_value_is_flagged(sentence: str, figure: str, facts: SourceFacts) -> None:
    assert ("number", figure) in _flagged(sentence, facts)


# --- quotes ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        'Lavrov said proposals were "tied up in endless discussions".',
        "Lavrov said proposals were ``tied up in endless discussions ''.",  # tokenized quote marks
        "Lavrov said proposals were “Tied up in endless ... discussions”.",  # case, curly quotes, ellipsis
        'Lavrov called it "endless".',  # fewer than three words: not checked
    ],
)
def test_mentions_quote_verbatim_is_supported(sentence: str, facts: SourceFacts) -> None:
    assert _flagged(sentence, facts) == []


def test_mentions_quote_of_a_tokenized_source_reads_its_brackets_as_brackets() -> None:
    # a research corpus writes brackets as PTB tokens; precis shows them as brackets
    ptb = SourceFacts.from_texts(["`` I think -LRB- Egyptian President -RRB- Hosni Mubarak must go . ''"])
    assert _flagged('"I think (Egyptian President) Hosni Mubarak must go."', ptb) == []
    assert _flagged('"I think (Egyptian President) Hosni Mubarak must stay."', ptb) == [
        ("quote", "I think (Egyptian President) Hosni Mubarak must stay.")
    ]


def test_mentions_quote_altered_is_flagged(facts: SourceFacts) -> None:
    text = 'Lavrov said proposals were "tied up in pointless discussions".'
    flags = mention_flags(text, facts)
    assert [(f.kind, text[f.start : f.end], f.message) for f in flags] == [
        ("quote", "tied up in pointless discussions", "quotation not found verbatim in any source")
    ]


# --- together --------------------------------------------------------------------------------------------------------


def test_mentions_flags_are_sorted_and_inside_the_sentence(facts: SourceFacts) -> None:
    text = 'Boris Johnson sent 7 ships and "a fleet of boats", writes David Frum.'
    flags = mention_flags(text, facts)
    assert [f.kind for f in flags] == ["entity", "number", "quote", "attribution"]
    assert [f.start for f in flags] == sorted(f.start for f in flags)
    assert all(0 <= f.start < f.end <= len(text) for f in flags)


def test_mentions_counts_report_found_and_novel_mentions(facts: SourceFacts) -> None:
    counts = mention_counts("Putin met Boris Johnson and 12 diplomats, says David Frum.", facts)
    assert counts == {
        "entities": 2,
        "attributions": 1,
        "numbers": 1,
        "quotes": 0,
        "novel_entities": 1,
        "novel_attributions": 1,
        "novel_numbers": 0,
        "novel_quotes": 0,
    }


def _cnn_sentences(n_articles: int, n_sentences: int) -> list[tuple[str, str]]:
    with gzip.open(CNN, "rt", encoding="utf-8") as lines:
        texts = [json.loads(line)["docs"][0]["text"] for line in itertools.islice(lines, n_articles)]
    pairs = [(s.text, text) for text in texts for s in segment(Article("a", text))]
    return random.Random(0).sample(pairs, n_sentences)


def test_mentions_sentence_copied_from_its_source_is_never_flagged() -> None:
    if not CNN.is_file():
        pytest.skip("shared CNN data not available")
    flagged = []
    for sentence, source in _cnn_sentences(40, 300):
        flags = mention_flags(sentence, SourceFacts.from_texts([source]))
        flagged.extend((sentence, f.kind, sentence[f.start : f.end]) for f in flags)
    assert flagged == []


def test_mentions_figure_the_sources_give_only_in_other_units_is_a_changed_figure() -> None:
    facts = SourceFacts.from_texts(["Orders reach Moscow in five minutes. Fighting lasted seven years; 7 people died."])
    assert [f.message for f in mention_flags("Missiles reach Moscow in five to seven minutes.", facts)] == [
        '"seven minutes": the sources say "five minutes"'
    ]
    assert mention_flags("Seven people died in seven years of fighting.", facts) == []  # same figure, same unit
    assert mention_flags("It took five minutes and cost nothing.", facts) == []
