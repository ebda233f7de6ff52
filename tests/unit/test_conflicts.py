"""Conflicts: another outlet's figure, date or name for what an item says, shown and cited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from precis import summarize
from precis.analysis.segmenter import segment
from precis.lexicon.quantities import normalise_number
from precis.model import Article, Budget, Conflict, Summary, SummaryItem
from precis.rendering.render import render
from precis.summarizer.conflicts import Reported, conflict_between, number_conflict, quantities


def _first(article: Article):  # type: ignore[no-untyped-def]
    return segment(article)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They talked for about eight hours.", [("8", {"hour"})]),
        ("Some 175,000 Russian troops are massed.", [("175000", {"troop"})]),  # the head of "Russian troops"
        ("One of the rescued dogs was treated.", []),  # "one" is no count here
        ("A 9-year-old girl and 3 friends.", [("3", {"friend"})]),  # an age is an attribute
        ("Ninety-two percent of owners agreed.", [("92", {"percent"})]),
        ("She left nearly five years ago with a hundred people.", []),  # "years ago" is a date
        ("Losses reached 1.5 million dollars.", [("1500000", {"dollar"})]),
        ("Turnout rose to 62% this year.", [("62", {"percent"})]),
        ("The vote was held on Jan. 10, 2022 at 3 p.m.", []),  # a date, a year and a clock time: no count
        ("In 2016 the wall was promised.", []),
        ("The score was 3.", []),  # nothing counted: no unit
    ],
)
def test_quantities_find_counts_and_what_they_count(text: str, expected: list[tuple[str, set[str]]]) -> None:
    assert [(q.value, set(q.unit)) for q in quantities(text)] == expected


def test_normalise_number_makes_one_spelling() -> None:
    assert {normalise_number(t) for t in ("eight", "8", "8.0", "8.00")} == {"8"}
    assert normalise_number("100,000") == normalise_number("100000") == "100000"
    assert normalise_number("2.5 million") == "2500000"


def _pair(a: str, b: str, *, close: bool = False) -> tuple[str, str, str] | None:
    x, y = Article("x", a), Article("y", b)
    return conflict_between(_first(x), x, _first(y), y, close=close)


def test_different_counts_of_the_same_thing_conflict() -> None:
    assert _pair(
        "Western officials say Russia has about 100,000 troops near the border.",
        "Kyiv says some 175,000 Russian troops are near the border.",
    ) == ("number", "about 100,000 troops", "some 175,000 Russian troops")


def test_the_same_count_said_differently_is_no_conflict() -> None:
    assert _pair("The talks lasted eight hours.", "The talks lasted 8 hours in all.") is None
    assert _pair("The talks lasted eight hours.", "They went on for about 8 hours.") is None


def test_counts_of_different_things_do_not_conflict() -> None:
    assert _pair("Crews rescued 12 people from the river.", "The river rose 3 metres overnight.") is None
    # heads too generic to be the same count: a marriage of 10 years and a sentence of nine years
    assert _pair("His wife of 10 years was kidnapped in the plot.",
                 "He was sentenced to nine years in jail for the kidnapping plot.") is None  # fmt: skip
    assert _pair("Three people familiar with the plan said so.", "Two people briefed on the plan agreed.") is None


def test_another_day_for_a_near_restatement_is_a_date_conflict() -> None:
    day = datetime(2022, 1, 12, 9, tzinfo=UTC)
    x = Article("x", "The council will vote on the budget on Jan. 14.", published=day)
    y = Article("y", "The council will vote on the budget on Jan. 17.", published=day)
    assert conflict_between(_first(x), x, _first(y), y, close=True) == ("date", "Jan. 14", "Jan. 17")
    assert conflict_between(_first(x), x, _first(y), y, close=False) is None  # only near restatements


def test_relative_and_explicit_dates_of_one_day_agree() -> None:
    x = Article("x", "The council will vote on the budget on Friday.", published=datetime(2022, 1, 12, tzinfo=UTC))
    y = Article("y", "The council will vote on the budget on Jan. 14.", published=datetime(2022, 1, 13, tzinfo=UTC))
    assert conflict_between(_first(x), x, _first(y), y, close=True) is None


def test_another_name_for_a_near_restatement_is_a_name_conflict() -> None:
    found = _pair("The delegation was led by Deputy Minister Sergei Ryabkov.",
                  "The delegation was led by Deputy Minister Alexander Grushko.", close=True)  # fmt: skip
    assert found == ("name", "Sergei Ryabkov", "Alexander Grushko")


_TROOPS = [
    Article("wire", "Talks in Geneva ended without a deal on Monday. Western officials estimate that Russia has "
            "massed about 100,000 troops near the Ukrainian border. Diplomats will meet again next week."),
    Article("daily", "Ukraine's defence ministry said on Monday that about 175,000 Russian troops were massed "
            "near its border. The Geneva talks ended without a deal."),
]  # fmt: skip


def test_summary_items_show_the_other_figure_cited() -> None:
    summary = summarize(_TROOPS, sentences=3)
    troops = [i for i in summary.items if "troops" in i.text]
    assert troops and all(i.conflicts for i in troops)
    for item in troops:
        for conflict in item.conflicts:
            other = summary.article(conflict.citation.article_id)
            cited = other.text[conflict.citation.start : conflict.citation.end]
            assert conflict.kind == "number" and conflict.other in cited and conflict.said in item.text
            assert conflict.citation.article_id != item.citations[0].article_id
    assert Summary.from_json(summary.to_json()) == summary
    text = render(summary, "text")
    assert 'but [' in text and '"about 175,000 Russian troops"' in text and '"about 100,000 troops"' in text


def test_an_agreeing_figure_is_corroboration_not_conflict() -> None:
    pile = [
        Article("a", "Floods forced about 1,200 residents of Harrow Vale from their homes on Tuesday."),
        Article("b", "About 1,200 residents of Harrow Vale were forced from their homes by floods on Tuesday."),
    ]
    item = summarize(pile, sentences=1).items[0]
    assert not item.conflicts and {c.article_id for c in item.citations} == {"a", "b"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("More than 900,000 signatures were collected.", "In all 900,938 valid signatures were collected."),
        ("At least 276 dogs were rescued from the house.", "Officers rescued more than 200 dogs from the house."),
        ("Google shares gained 4 % in late trading.", "Google shares gained 4.1 percent in late trading."),
        ("Up to 30 flights were cancelled.", "In all 24 flights were cancelled."),
    ],
)
def test_figures_within_a_stated_bound_or_rounding_agree(a: str, b: str) -> None:
    assert _pair(a, b) is None and _pair(b, a) is None


def test_an_approximate_figure_far_off_still_conflicts() -> None:
    assert _pair("About 100,000 troops are near the border.", "Roughly 127,000 troops are near the border.") == (
        "number", "About 100,000 troops", "Roughly 127,000 troops")  # fmt: skip


def test_shares_are_compared_only_in_near_restatements() -> None:
    a, b = "Around 90 percent of humans are right-handed.", "Around ten percent of people are left-handed."
    assert _pair(a, b) is None  # different groups, not two figures for one share
    assert _pair("Turnout was 62 percent in the city.", "Turnout was 58 percent in the city.", close=True) == (
        "number", "62 percent", "58 percent")  # fmt: skip


# a vague amount is a weak figure: its article's exact figure for the same thing stands for it
_VAGUE = [
    Article("lead", "Talks in Geneva ended on Monday without a deal, as tens of thousands of Russian soldiers "
            "stayed massed near the Ukrainian border. Western officials say Russia has massed about 100,000 "
            "troops near the border. Diplomats will meet again next week."),
    Article("other", "Ukraine's defence ministry said on Monday that roughly 127,000 Russian troops were massed "
            "near the Ukrainian border, as talks in Geneva ended without a deal."),
]  # fmt: skip


def _conflicts_of(items: Sequence[SummaryItem], phrase: str) -> list[Conflict]:
    return [k for i in items if phrase in i.text for k in i.conflicts]


def test_a_vague_amount_is_compared_by_the_exact_figure_its_article_gives() -> None:
    lead, other = _VAGUE
    found = number_conflict(Reported.of(_first(lead), lead), Reported.of(_first(other), other))
    assert found is not None and (found.said, found.other) == ("about 100,000 troops", "roughly 127,000 Russian troops")
    assert found.said_at is not None and found.other_at is None
    assert lead.text[found.said_at.start : found.said_at.end].startswith("Western officials say")
    conflict = Conflict("number", found.said, found.other, _first(other).citation, found.said_at)
    assert Conflict.from_dict(conflict.to_dict()) == conflict
    assert "said_citation" not in replace(conflict, said_citation=None).to_dict()  # as before when not set
    item = SummaryItem(_first(lead).text, 1.0, (_first(lead).citation,), 1, (conflict,))
    text = render(Summary((item,), (lead, other), Budget("sentences", 1)), "text")
    assert 'not "about 100,000 troops" (the figure [1] gives)' in text and "[1] lead (chars 0-129; 130-207)" in text


def test_the_other_outlet_is_shown_by_its_exact_figure_where_it_says_it() -> None:
    summary = summarize(_VAGUE, sentences=3)
    [conflict] = _conflicts_of(summary.items, "127,000")
    assert conflict.other == "about 100,000 troops" and conflict.said_citation is None
    cited = _VAGUE[0].text[conflict.citation.start : conflict.citation.end]
    assert cited.startswith("Western officials say")  # not the lead, whose "tens of thousands" is vaguer


def test_a_vague_amount_whose_exact_figure_agrees_is_no_conflict() -> None:
    x = Article("x", "Tens of thousands of Russian troops stayed near the border on Monday. Officials said some "
                "95,000 troops were massed there on Monday.")  # fmt: skip
    y = Article("y", "About 95,000 Russian troops stayed massed near the border on Monday, officials said.")
    assert not _conflicts_of(summarize([x, y], sentences=2).items, "ens of thousands")
    # with no exact figure in its article, a vague amount still disagrees with a figure for the very same thing
    assert _pair("Tens of thousands of Russian troops are near the border.",
                 "Some 127,000 Russian troops are near the border.") is not None  # fmt: skip


def test_soldiers_and_troops_are_one_quantity() -> None:
    assert _pair("About 100,000 Russian soldiers are near the border.",
                 "Roughly 127,000 Russian troops are near the border.") == (
        "number", "About 100,000 Russian soldiers", "Roughly 127,000 Russian troops")  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b"),
    [  # counts over two periods are two quantities
        ("The river rose 40 centimetres in only three hours.",
         "Over the next six hours, the river rose 90 centimetres."),
        ("Over 60 aftershocks have shaken the region since the quake struck.",
         "Some 27 aftershocks have shaken the region in the past several hours."),
        ("Nearly 800 people have been killed by the rebels in three decades of violence.",
         "The rebels have killed 12 people since their truce ended."),
    ],
)  # fmt: skip
def test_counts_over_two_periods_do_not_conflict(a: str, b: str) -> None:
    assert _pair(a, b) is None and _pair(b, a) is None


def _dated_pair(a: str, b: str) -> tuple[str, str, str] | None:
    when = datetime(1999, 8, 29, 12, tzinfo=UTC)  # a Sunday
    x, y = Article("x", a, published=when), Article("y", b, published=when)
    return conflict_between(_first(x), x, _first(y), y, close=False)


def test_a_running_total_and_one_days_count_do_not_conflict() -> None:
    total = "More than 60 aftershocks of magnitude 4.0 or more have been recorded since the quake struck the coast in the early hours of August 17."  # noqa: E501
    day = "Five aftershocks, between 4.3 and 4.6 in magnitude, shook the disaster zone Friday."
    assert _dated_pair(total, day) is None and _dated_pair(day, total) is None
    # two running totals, or two counts of one day, are still compared
    assert _dated_pair(total.replace("More than 60", "Some 90"), total.replace("More than 60", "Some 40"))
    assert _dated_pair(day, day.replace("Five", "Nine"))


def test_a_lead_and_a_deficit_do_not_conflict_but_two_leads_do() -> None:
    lead = "As of Wednesday, the senator was ahead by six points among likely voters."
    deficit = "But the senator is losing the south, among likely voters, by 22 points."
    assert _pair(lead, deficit) is None and _pair(deficit, lead) is None
    assert _pair(lead, "As of Wednesday, the senator was ahead by nine points among likely voters.")
    # a change is not a margin: a rise and a fall to two levels still disagree
    assert _pair("The jobless rate rose to 8 percent in March.", "The jobless rate fell to 7.5 percent in March.")


def test_an_article_that_gives_both_figures_is_not_at_odds_with_either() -> None:
    first = "As of Wednesday, the senator was ahead by six points among likely voters."
    theirs = "The tracking poll shows the senator ahead by seven points among likely voters."
    assert _pair(first, theirs)  # alone, six and seven points disagree
    both = first + " His lead grew to seven points among likely voters when the poll was updated on Thursday."
    assert _pair(both, theirs) is None  # the item's own article gives seven points too: a later reading
    assert _pair(theirs, both) is None


def test_counts_over_one_period_still_conflict_and_a_period_is_no_period_of_itself() -> None:
    assert _pair("The institute recorded 40 aftershocks in the first six hours.",
                 "The institute recorded 55 aftershocks in the first six hours.") is not None  # fmt: skip
    assert _pair("The plane fell 1,100 feet in only 14 seconds.", "The plane fell 1,100 feet in only 19 seconds.") == (
        "number", "14 seconds", "19 seconds")  # fmt: skip


def test_a_count_the_sentence_goes_on_to_add_to_is_a_part() -> None:
    assert _pair("The gunman killed two people outside the centre and then a third at a nearby home.",
                 "The gunman killed three people at the centre and a nearby home.") is None  # fmt: skip
    assert _pair("The gunman killed two people outside the centre.",
                 "The gunman killed three people outside the centre.")  # fmt: skip


def test_two_reports_each_of_its_own_day_are_two_events() -> None:
    x = Article("x", "The following are the main items in the city's newspapers on Tuesday.",
                published=datetime(1999, 2, 2, 9, tzinfo=UTC))  # fmt: skip
    y = Article("y", "The following are the main items in the city's newspapers on Friday.",
                published=datetime(1999, 8, 13, 9, tzinfo=UTC))  # fmt: skip
    assert conflict_between(_first(x), x, _first(y), y, close=True) is None
    # but one article's day against another day of the other's report is a disagreement
    z = Article("z", "The following are the main items in the city's newspapers on Monday.",
                published=datetime(1999, 2, 2, 9, tzinfo=UTC))  # fmt: skip
    assert conflict_between(_first(x), x, _first(z), z, close=True) == ("date", "Tuesday", "Monday")
