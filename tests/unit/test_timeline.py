"""build_timeline on small fictional coverage: dates, order, citations, options."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from precis import Article
from precis.errors import ConfigError
from precis.model import Budget, Sentence, Timeline
from precis.rendering.render import render_timeline
from precis.stories.datewise import DatePool, DatewiseSelector
from precis.stories.timeline import build_timeline

ARTICLES = [
    Article(
        "a1",
        "The Fenwick reservoir was closed on Thursday after tests found algae in the water supply. "
        "Residents of three villages were told to boil their tap water until further notice. "
        "The water board said engineers would inspect the intake pipes this week.",
        title="Reservoir closed",
        published=datetime(2023, 5, 12),
    ),
    Article(
        "a2",
        "Engineers began cleaning the intake pipes at the Fenwick reservoir on Monday morning. "
        "The reservoir had been closed on May 11 after algae were found in the water supply. "
        "A spokeswoman for the water board thanked residents of the villages for their patience.",
        published=datetime(2023, 5, 16),
    ),
    Article(
        "a3",
        "The boil-water notice for the three villages near the Fenwick reservoir was lifted on May 20, 2023. "
        "Engineers had cleaned the intake pipes at the reservoir on May 15 and tested the water twice. "
        "The water board said the reservoir would stay under watch for a month.",
        published=datetime(2023, 5, 21),
    ),
    Article(
        "u1",
        "Algae closed the Fenwick reservoir on May 11, 2023, and the three villages boiled their water. "
        "Anglers said on Sunday that the lake looked clear again after the cleaning of the pipes.",
    ),
]


def test_timeline_entries_are_chronological_and_dated() -> None:
    tl = build_timeline(ARTICLES, dates=2)  # the two most mentioned days
    assert tl.dates == (date(2023, 5, 11), date(2023, 5, 15))
    assert list(build_timeline(ARTICLES, dates=4).dates) == sorted(build_timeline(ARTICLES, dates=4).dates)


def test_timeline_citations_are_verbatim_spans() -> None:
    tl = build_timeline(ARTICLES, dates=3)
    by_id = {a.id: a for a in ARTICLES}
    assert tl.entries
    for entry in tl.entries:
        for item in entry.items:
            first = item.citations[0]
            assert by_id[first.article_id].text[first.start : first.end] == item.text
            for c in item.citations:
                assert 0 <= c.start < c.end <= len(by_id[c.article_id].text)


def test_timeline_lists_undated_articles_but_uses_their_explicit_dates() -> None:
    tl = build_timeline(ARTICLES, dates=3)
    assert tl.undated == ("u1",)
    only_undated = build_timeline([ARTICLES[3]])
    assert only_undated.dates == (date(2023, 5, 11),)


def test_timeline_honours_dates_and_per_date() -> None:
    one = build_timeline(ARTICLES, dates=1, per_date=1)
    assert len(one.entries) == 1
    assert one.dates == (date(2023, 5, 11),)  # the most mentioned day
    assert all(len(e.items) == 1 for e in one.entries)
    two = build_timeline(ARTICLES, dates=3, per_date=2)
    assert all(1 <= len(e.items) <= 2 for e in two.entries)
    assert any(len(e.items) == 2 for e in two.entries)


def test_timeline_chooses_the_number_of_dates_when_not_given() -> None:
    tl = build_timeline(ARTICLES)
    assert 1 <= len(tl.entries) <= 30
    assert date(2023, 5, 11) in tl.dates


def test_timeline_start_and_end_bound_the_dates() -> None:
    tl = build_timeline(ARTICLES, dates=5, start=date(2023, 5, 14), end=date(2023, 5, 16))
    assert tl.dates and all(date(2023, 5, 14) <= d <= date(2023, 5, 16) for d in tl.dates)


def test_timeline_is_deterministic_and_round_trips() -> None:
    first = build_timeline(ARTICLES, dates=3).to_json()
    assert build_timeline(list(reversed(ARTICLES)), dates=3).dates == build_timeline(ARTICLES, dates=3).dates
    assert build_timeline(ARTICLES, dates=3).to_json() == first
    tl = build_timeline(ARTICLES, dates=3)
    assert Timeline.from_dict(tl.to_dict()) == tl
    assert tl.to_dict()["schema"] == "precis.timeline/1"


def test_timeline_without_any_date_has_a_reason() -> None:
    tl = build_timeline("The lake was calm and the anglers were happy with their catch of the day.")
    assert tl.entries == ()
    assert tl.reason
    assert tl.undated == ("1",)
    assert render_timeline(tl).startswith("No timeline:")


def test_timeline_renders_headers_and_sources() -> None:
    tl = build_timeline(ARTICLES, dates=2, per_date=1)
    text = render_timeline(tl, "text")
    assert text.startswith("2023-05-11\n")
    assert "\nSources\n[1] " in text
    md = render_timeline(tl, "md")
    assert md.startswith("## 2023-05-11\n")
    assert "**Sources**" in md


@pytest.mark.parametrize("options", [{"dates": 0}, {"per_date": 0}, {"per_date": 1.5}, {"dates": True}])
def test_timeline_rejects_bad_options(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="build_timeline"):
        build_timeline(ARTICLES, **options)  # type: ignore[arg-type]


MILL = [
    Article(
        "m1",
        "Shareholders of the Orrin mill met in the town hall to discuss the annual accounts. "
        "The meeting lasted three hours and ended without a vote.",
        published=datetime(2023, 6, 1, 18),
    ),
    Article(
        "m2",
        "A fire destroyed the old Orrin mill overnight and its roof collapsed into the river. "
        "Nobody was hurt, the fire brigade said.",
        published=datetime(2023, 6, 2, 7),
    ),
]


def test_timeline_lead_sentences_also_stand_for_the_day_before() -> None:
    eve = build_timeline(MILL, start=date(2023, 6, 1), end=date(2023, 6, 1))
    assert eve.dates == (date(2023, 6, 1),)
    assert "m2" in {item.citations[0].article_id for item in eve.entries[0].items}  # the morning paper's report


def test_timeline_does_not_rank_the_mere_eve_of_a_publication() -> None:
    tl = build_timeline(MILL[1:], dates=5)
    assert tl.dates == (date(2023, 6, 2),)


def test_timeline_second_sentence_completes_the_date_rather_than_echoing_the_first() -> None:
    # terms (x, y): the date's centroid is halfway; "a" and "b" lean on x, "c" says y
    vectors = np.array([[1.0, 0.3], [1.0, 0.1], [0.0, 1.0]])
    x = csr_matrix(vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    sentences = [Sentence("a1", i, 0, len(t), t) for i, t in enumerate(["a x y", "b x", "c y"])]
    n = len(sentences)
    centroid = np.array([1.0, 1.0]) / np.sqrt(2)
    day = DatePool(articles=(), sentences=sentences, x=x, rows=np.arange(n), centroid=centroid, prior=np.zeros(n),
                   weight=np.ones(n), tie=np.arange(n), redundancy=0.99)  # fmt: skip
    picks = DatewiseSelector()(day, Budget("sentences", 2))
    assert [p.members for p in picks] == [(0,), (2,)]  # "b" scores higher alone than "c" but adds little to "a"
