"""Grouping a mixed pile into stories: exact groups, boilerplate, unusable texts, scale, determinism."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precis.errors import ConfigError, InputError
from precis.model import Article
from precis.stories.grouping import Story, group_stories

_DAY0 = datetime(2026, 5, 4, 9, tzinfo=UTC)

# Three invented stories told by invented outlets, and two unrelated items.
_PILE = {
    "quarry-1": "A rockfall at the Stenholt quarry trapped four workers on Monday morning. Rescue teams "
    "reached the quarry floor by noon and freed all four workers, who were taken to hospital.",
    "quarry-2": "Four quarry workers were freed after a rockfall at Stenholt. The quarry owner said blasting "
    "had been suspended and that inspectors would examine the rock face.",
    "quarry-3": "Inspectors arrived at the Stenholt quarry a day after the rockfall. They said the blasting "
    "schedule and the rock face would be examined before workers return.",
    "quarry-4": "The union representing Stenholt quarry workers demanded a review of blasting rules after the "
    "rockfall that trapped four of its members.",
    "festival-1": "The Corran Bay kite festival drew a record crowd of 30,000 visitors this weekend. Kites "
    "shaped like whales and dragons filled the sky over the bay.",
    "festival-2": "Organisers of the Corran Bay kite festival said visitor numbers beat last year's record. "
    "A giant whale kite was the favourite of the crowd.",
    "festival-3": "Traffic jams stretched for miles as visitors left the Corran Bay kite festival on Sunday "
    "evening, and organisers promised more shuttle buses next year.",
    "vote-1": "Councillors in Wexmoor voted to close the town's last public swimming pool to save money. "
    "Swimmers protested outside the council chamber before the vote.",
    "vote-2": "Wexmoor swimmers vowed to fight the council's decision to close the swimming pool, and a "
    "petition gathered 5,000 signatures overnight.",
    "vote-3": "The Wexmoor council leader defended the pool closure, saying repairs to the swimming pool "
    "would cost more than the town could afford.",
    "recipe": "Slow-roasted tomatoes keep for a week in olive oil. Roast them at a low heat with garlic and thyme.",
    "museum": "A museum of antique typewriters opened in the old post office of Kelby. Its collection spans "
    "a century of office machines.",
}
_STORIES = [
    ("quarry-1", "quarry-2", "quarry-3", "quarry-4"),
    ("festival-1", "festival-2", "festival-3"),
    ("vote-1", "vote-2", "vote-3"),
]
_FOOTER = (
    "\n\nSign up for our morning newsletter and get the best stories in your inbox. "
    "We use cookies to improve your experience; read our cookie policy. "
    * 12
    + "\n\nCopyright 2026 The Harbour Post. All rights reserved. Follow us on every platform. Click here to share this."
)


def _articles(ids: list[str] | None = None) -> list[Article]:
    ids = ids if ids is not None else list(_PILE)
    return [Article(i, _PILE[i], published=_DAY0 + timedelta(hours=k)) for k, i in enumerate(ids)]


def _groups(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(s.ids) for s in stories}


def test_stories_groups_the_pile_exactly() -> None:
    stories = group_stories(_articles())
    assert _groups(stories) == {frozenset(s) for s in _STORIES} | {frozenset({"recipe"}), frozenset({"museum"})}
    assert [len(s) for s in stories] == [4, 3, 3, 1, 1]
    assert stories[0].ids == _STORIES[0]  # earliest published first
    assert all(s.reason is None for s in stories)


def test_stories_ordered_by_size_then_recency() -> None:
    stories = group_stories(_articles())
    # of the two stories of three, the vote story was published last
    assert [s.ids[0] for s in stories[1:3]] == ["vote-1", "festival-1"]
    assert stories[3].ids == ("museum",)


def test_stories_title_of_the_central_article_or_its_first_sentence() -> None:
    articles = _articles()
    articles[0] = Article("quarry-1", _PILE["quarry-1"], title="Rockfall at Stenholt quarry", published=_DAY0)
    stories = group_stories(articles)
    for story in stories:
        assert story.central in story.ids
        if story.title_citation is not None:
            source = next(a for a in articles if a.id == story.title_citation.article_id)
            assert source.text[story.title_citation.start : story.title_citation.end] == story.title
        else:
            assert story.title == next(a.title for a in articles if a.id == story.central)


def test_stories_boilerplate_heavy_article_joins_its_story() -> None:
    articles = _articles()
    noisy = Article("festival-4", "Subscribe now for full access.\n\n" + _PILE["festival-2"] + _FOOTER)
    stories = group_stories([*articles, noisy])
    assert frozenset({"festival-1", "festival-2", "festival-3", "festival-4"}) in _groups(stories)


def test_stories_unusable_articles_are_set_apart_with_a_reason() -> None:
    bad = [
        Article("empty", "   "),
        Article("german", "Die Gespräche in Genf endeten am Montag ohne Einigung, und die Delegationen reisten ab."),
    ]
    stories = group_stories([*_articles(), *bad])
    apart = {s.ids[0]: s.reason for s in stories if s.reason}
    assert set(apart) == {"empty", "german"}
    assert "empty" in (apart["empty"] or "") and "English" in (apart["german"] or "")
    assert sum(len(s) for s in stories) == len(_PILE) + 2  # nothing dropped


def test_stories_copies_are_marked_and_kept_together() -> None:
    articles = _articles()
    copy = Article("quarry-1-reprint", "From our partners.\n\n" + _PILE["quarry-1"])
    stories = group_stories([*articles, copy])
    quarry = next(s for s in stories if "quarry-1" in s.ids)
    assert "quarry-1-reprint" in quarry.ids
    assert [(g.original, [c.article_id for c in g.copies]) for g in quarry.copies] == [
        ("quarry-1", ["quarry-1-reprint"])
    ]


def test_stories_far_apart_in_time_are_not_merged() -> None:
    a = Article("a", _PILE["vote-1"], published=_DAY0)
    b = Article("b", _PILE["vote-2"], published=_DAY0 + timedelta(days=40))
    assert len(group_stories([a, b])) == 2
    assert len(group_stories([a, b], max_days=60)) == 1


def test_stories_duplicate_ids_rejected() -> None:
    with pytest.raises(InputError, match="share the id"):
        group_stories([Article("x", "One text."), Article("x", "Another text.")])


def test_stories_rejects_bad_option() -> None:
    with pytest.raises(ConfigError, match="'similarity' parameter of group_stories"):
        group_stories(_articles(), similarity=-1)


def test_stories_empty_pile() -> None:
    assert group_stories([]) == []


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_stories_input_order_does_not_change_groups(rng: random.Random) -> None:
    ids = list(_PILE)
    rng.shuffle(ids)
    assert _groups(group_stories(_articles(ids))) == _groups(group_stories(_articles()))


def test_stories_deterministic() -> None:
    assert group_stories(_articles()) == group_stories(_articles())


def test_stories_thousands_of_one_liners_run_fast() -> None:
    rng = random.Random(7)
    places = ["Arden", "Bexley", "Corfe", "Dunmore", "Elstow", "Fenwick", "Garth", "Hale"]
    things = ["bridge", "library", "market", "station", "school", "harbour", "park", "mill"]
    verbs = ["reopened", "closed", "flooded", "was sold", "was repaired", "won an award"]
    items = [
        Article(f"n{k}", f"The {rng.choice(places)} {rng.choice(things)} {rng.choice(verbs)} on day {k % 30}.")
        for k in range(3000)
    ]
    start = time.perf_counter()
    stories = group_stories(items)
    assert time.perf_counter() - start < 30
    assert sum(len(s) for s in stories) == len(items)


def test_stories_pages_of_web_notices_are_set_apart_not_grouped() -> None:
    notice = ("Tweet with a location: you can add location information to your tweets. "
              "You always have the option to delete your tweet location history. Learn more")  # fmt: skip
    pile = [Article(f"n{k}", notice, title=f"Page {k}") for k in range(3)]
    pile += [Article(k, v) for k, v in list(_PILE.items())[:3]]
    stories = group_stories(pile)
    apart = {s.ids[0]: s.reason for s in stories if s.reason}
    assert set(apart) == {"n0", "n1", "n2"}
    assert all(r and "web-page notices" in r for r in apart.values())


def test_stories_title_comes_from_a_report_not_a_copy_nor_a_caption() -> None:
    body = ("Floods closed the Marl bridge on Monday as the river rose. Crews pumped water from the road all night. "
            "Engineers said the bridge would stay shut until Thursday. Buses will take a detour through Wexmoor.")
    pile = [
        Article("wire", body, title="Floods close the Marl bridge", published=_DAY0),
        Article("reprint", body + " This story first appeared in the Marl Courier.", title="Reprint: bridge shut",
                published=_DAY0 + timedelta(hours=3)),
        Article("caption", "1 of 2. The Marl bridge was closed by floods on Monday as crews pumped the water away."),
    ]
    (story,) = group_stories([pile[1], pile[0], pile[2]])  # the copy first: it would be the most central
    assert story.central == "wire" and story.title == "Floods close the Marl bridge"
    (alone,) = group_stories([pile[2]])
    assert alone.title == "The Marl bridge was closed by floods on Monday as crews pumped the water away."
    assert alone.title_citation is not None and alone.title_citation.start == pile[2].text.index("The Marl")
