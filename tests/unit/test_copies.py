"""Copies of one report: reprints, trimmed reprints, rewrites; and different reports that are not copies."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precis.errors import ConfigError
from precis.model import Article
from precis.stories.copies import Copy, CopyGroups, compare, find_copies

# An invented event: the (invented) Harrow Vale reservoir dam shows cracks; two outlets report it.
_WIRE = [
    "Engineers found deep cracks in the Harrow Vale dam on Sunday and ordered the reservoir lowered at once.",
    "The cracks run along the eastern spillway, which was rebuilt in 2009 at a cost of 14 million pounds.",
    "About 1,200 residents of Lower Brindle were told to leave their homes before nightfall.",
    "The county council opened two schools as shelters and sent buses to the village square.",
    "Water company inspectors said the structure was not in immediate danger of collapse.",
    "Pumps brought in from three neighbouring counties will run through the night.",
    "The reservoir supplies drinking water to roughly 40,000 households across the valley.",
    "Officials expect the level to drop by two metres within forty-eight hours.",
    "An independent panel will review the 2009 repairs once the water has been drawn down.",
    "Residents may return when engineers declare the spillway stable, the council said.",
]
# A different report of the same event: its own facts, words and order.
_OTHER = [
    "Families from Lower Brindle spent Sunday night on camp beds in a school gymnasium.",
    "Many had packed in a hurry after police knocked on doors in the early evening.",
    "A farmer who has lived beside the Harrow Vale reservoir for sixty years said he had never seen the water so low.",
    "Volunteers handed out soup and blankets while children played football in the corridor.",
    "Some residents complained that warnings about the dam had been ignored for a decade.",
    "A local campaign group said it had written to the water company about leaks in 2019.",
    "The company declined to comment on the letters but promised a full investigation.",
    "Shops in the village stayed closed on Monday and the primary school cancelled lessons.",
]
_SYNONYMS = {
    "found": "discovered", "deep": "serious", "ordered": "instructed", "lowered": "drained",
    "residents": "inhabitants", "leave": "quit", "homes": "houses", "opened": "set up",
    "sent": "dispatched", "said": "stated", "structure": "dam wall", "immediate": "imminent",
    "brought": "shipped", "run": "operate", "supplies": "provides", "roughly": "about",
    "expect": "anticipate", "drop": "fall", "review": "examine", "return": "go back",
    "declare": "pronounce", "stable": "safe", "cost": "price", "shelters": "refuges",
}  # fmt: skip
_FOOTER = "Subscribe to our newsletter for the latest news in your inbox. All rights reserved."


def _text(sentences: list[str]) -> str:
    return "\n\n".join(" ".join(sentences[k : k + 2]) for k in range(0, len(sentences), 2))


def _reword(sentence: str) -> str:
    """Swap synonyms and move a trailing clause to the front, as a rewriting machine might."""
    out = re.sub(r"[A-Za-z]+", lambda m: _SYNONYMS.get(m.group(0), m.group(0)), sentence)
    head, sep, tail = out.rstrip(".").partition(", ")
    return f"{tail[0].upper()}{tail[1:]}, {head[0].lower()}{head[1:]}." if sep else out


def _pile() -> list[Article]:
    return [
        Article("wire", "HARROW VALE DAM\n\n" + _text(_WIRE), published=datetime(2026, 3, 1, 8, tzinfo=UTC)),
        Article("reprint", "From the Brindle Gazette desk\n\n" + _text(_WIRE) + "\n\n" + _FOOTER),
        Article("trimmed", _text(_WIRE[:6])),
        Article("reworded", _text([_reword(s) for k, s in enumerate(_WIRE) if k != 4])),
        Article("other", _text(_OTHER)),
    ]


def _kinds(groups: CopyGroups) -> dict[str, tuple[str, str]]:
    return {c.article_id: (g.original, c.kind) for g in groups for c in g.copies}


def test_copies_kinds_of_each_copy() -> None:
    kinds = _kinds(find_copies(_pile()))
    assert kinds == {
        "reprint": ("wire", "duplicate"),
        "trimmed": ("wire", "trimmed"),
        "reworded": ("wire", "reworded"),
    }


def test_copies_reworded_copy_shares_few_shingles() -> None:
    pile = _pile()
    result = compare(pile[0], pile[3])
    assert result.containment < 0.6  # the rewrite is not a near-duplicate in words...
    assert result.kind == "reworded"  # ...but the sentence alignment still finds it


def test_copies_different_reports_of_one_event_are_not_copies() -> None:
    pile = _pile()
    assert compare(pile[0], pile[4]).kind is None
    assert find_copies([pile[0], pile[4]]).groups == ()


def test_copies_excerpt_from_the_middle() -> None:
    groups = find_copies([Article("a", _text(_WIRE)), Article("b", _text(_WIRE[3:8]))])
    assert _kinds(groups) == {"b": ("a", "excerpt")}


def test_copies_original_is_earliest_then_longest() -> None:
    groups = find_copies([Article("trimmed", _text(_WIRE[:6])), Article("full", _text(_WIRE))])
    assert [g.original for g in groups] == ["full"]
    assert groups.original_of("trimmed") == "full"
    assert groups.original_of("full") == "full"
    assert groups.copy_of("full") is None
    assert isinstance(groups.copy_of("trimmed"), Copy)


def test_copies_exact_one_liners_and_empty_texts() -> None:
    items = [Article(f"n{k}", "Road closed near the mill.") for k in range(40)] + [Article("e", " ")]
    groups = find_copies(items)
    assert len(groups) == 1
    assert groups.groups[0].original == "n0"  # same length, no dates: the smallest id
    assert len(groups.groups[0].copies) == 39


def test_copies_deterministic() -> None:
    assert find_copies(_pile()) == find_copies(_pile())


@settings(max_examples=15, deadline=None)
@given(st.permutations(range(5)))
def test_copies_input_order_does_not_change_groups(order: list[int]) -> None:
    pile = _pile()
    shuffled = find_copies([pile[k] for k in order])
    assert {g.original: g.copies for g in shuffled} == {g.original: g.copies for g in find_copies(pile)}


@pytest.mark.parametrize("bad", [0, 1.5, True, "x"])
def test_copies_rejects_bad_threshold(bad: object) -> None:
    with pytest.raises(ConfigError, match="'threshold' parameter of find_copies"):
        find_copies(_pile(), threshold=bad)  # type: ignore[arg-type]
