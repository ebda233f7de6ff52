"""Context safety in every mode (issue #15): no item is shown without the sentence it leans on.

The cases are the ones found by hand: each leaning sentence stays out of
its mode's output, or is shown with the sentence it leans on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.context_check import unsafe_items

import precis
from precis import Article, Summarizer
from precis.analysis.document import Document
from precis.analysis.leaning import leading_in, leads_in, lean_targets, leaning, leaning_rule, reaching_back

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = next((p / "shared" / "samples" for p in ROOT.parents if (p / "shared" / "samples").is_dir()), None)


@pytest.fixture(scope="module")
def geneva() -> list[Article]:
    return list(precis.read_articles([str(ROOT / "examples" / "geneva_talks.jsonl")]).articles)


@pytest.fixture(scope="module")
def folder() -> list[Article]:
    """``examples/`` as ``precis summarize examples/`` reads it (the French report is set apart)."""
    return [a for a in precis.read_articles([str(ROOT / "examples")]).articles if a.id != "bourse-fr"]


def _alone(text: str, items: list[precis.SummaryItem]) -> list[str]:
    """Items that show ``text`` without the sentence before it (an item that starts with it)."""
    return [i.text for i in items if i.text.lstrip().startswith(text)]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Russian diplomats deny the claim.", "denial"),
        ("She said the United States would not allow anyone to shut NATO's open door.", "pronoun"),
        ("He told delegates that the risk of war was greater.", "pronoun"),
        ("The session ran for roughly four hours.", "definite"),
        ("The pair had photographed restricted areas.", "definite"),
        ("The claim was denied.", "definite"),
        ("Officials declined to comment.", "denial"),
        ("Vardenia rejected the accusation.", "denial"),
        ("The Kremlin rejected the offer.", "denial"),
        ('"Talks will go on," she said.', "attribution"),
        ("Two council members voted against it, saying it cost too much.", "pointer"),
        ("But nothing was signed.", "connective"),
        ("Union leader Ana Roe said on Wednesday that the offer was an insult.", "reference"),
        ("The company said it was cooperating with investigators.", "definite"),
        ("The port authority has offered 7 percent.", "pointer"),
    ],
)
def test_context_safety_rule_names_the_leaning(text: str, rule: str) -> None:
    assert leaning_rule(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        "The session of the council ran for four hours.",
        "The talks in Geneva ended without a deal.",
        "The U.S. team was led by Wendy Sherman.",
        "Russia denied any plan to invade Ukraine.",
        "This week the talks resumed in Geneva.",
        "Unemployment rose to 7 percent.",
        "The company of actors said it would tour in May.",
        "Ms. Roe said that the offer of the city was generous.",
    ],
)
def test_context_safety_rule_leaves_standalone_sentences(text: str) -> None:
    assert leaning_rule(text) is None


def test_context_safety_definite_noun_named_just_before() -> None:
    texts = [
        "A magnitude 6.1 earthquake struck on Sunday.",
        "The quake was centred 10 km down.",
        "The bank opened at nine.",
    ]
    assert leaning(texts) == [1]
    # an article's opening "The talks..." has its headline for context
    assert leaning(["The talks opened in Geneva on Monday.", "The talks lasted eight hours."]) == [1]


# a small council report: the budget is named in the first sentence only
_BUDGET = [
    "The Marsh City Council approved a $3 billion budget on Tuesday.",
    "The plan adds 40 police officers.",
    "Council President Ida Vale said property taxes would stay flat.",
    "Two members voted against it.",
    "The budget takes effect on July 1.",
]


def test_context_safety_reference_further_back_is_never_paired() -> None:
    # "The plan" right after the sentence that introduces the budget leans on it (another word for it);
    # "The budget" three sentences later leans on the first sentence, which is not the one before it
    assert lean_targets(_BUDGET) == {1: 0, 3: 2, 4: 0}
    assert reaching_back(_BUDGET) == [4]
    # named by a longer phrase with "the" four sentences earlier: still an introduction
    quake = [
        "A strong earthquake struck on Sunday, the national seismology institute said.",
        "Homes were damaged in three villages.",
        "No deaths were reported.",
        "The institute recorded 40 aftershocks.",
    ]
    assert reaching_back(quake) == [3]
    # a word for something done that the sentence before does not name, and an earlier one does
    assert reaching_back(
        ["Talks on fish quotas began on Tuesday.", "Both sides want a deal.", "The talks end Friday."]
    ) == [2]
    doc = Document.of(Article("budget", " ".join(_BUDGET)))
    assert doc.leans_far == (False, False, False, False, True)
    assert doc.leans == (False, True, False, True, True)
    assert doc.antecedents == (None, None, None, None, 0)
    # a word for something said that no sentence names, after a sentence that introduces nothing
    assert lean_targets(["Ms. Vale spoke on Monday.", "Taxes stay flat.", "The offer was rejected."]) == {2: None}


@pytest.mark.parametrize("words", [10, 20, 30, 40, 60])
@pytest.mark.parametrize("outline", [False, True])
def test_context_safety_reaching_back_is_shown_only_after_what_it_leans_on(words: int, outline: bool) -> None:
    other = Article("other", "The Marsh City Council approved a budget of $3 billion on Tuesday. It starts on July 1.")
    articles = [Article("budget", " ".join(_BUDGET)), other]
    items = list(Summarizer().summarize(articles, words=words, outline=outline).items)
    assert items
    texts = [i.text for i in items]
    for k, text in enumerate(texts):
        if text.startswith("The budget takes effect"):  # never paired with "Two members voted against it."
            assert any(t.startswith(_BUDGET[0]) for t in texts[:k]), texts
    assert not unsafe_items(items, articles)


def test_context_safety_lead_in_leans_forward() -> None:
    assert leads_in("The week at a glance:") and leads_in('He said: "')
    assert not leads_in("The talks ended at 3 p.m.")
    assert leading_in(["The week at a glance:", "Talks on Monday."]) == [0]
    doc = Document.of(Article("x", "Talks went on.\n\nThe week at a glance:\n\n- Monday: talks in Geneva."))
    assert doc.leads_in == (False, True, False)


@pytest.mark.skipif(SAMPLES is None, reason="the shared samples are not next to the repository")
@pytest.mark.parametrize("words", [60, 80, 100, 120, 150, 200, 300])
def test_context_safety_denial_of_the_samples_is_not_alone(words: int) -> None:
    assert SAMPLES is not None
    arts = [Article(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("00[34]_*.txt"))]
    for order in (arts, arts[::-1]):
        items = list(Summarizer().summarize(order, words=words).items)
        assert not _alone("Russian diplomats deny the claim.", items)
        assert not unsafe_items(items, order)


def test_context_safety_digest_timeline_leaves_out_she_said(geneva: list[Article]) -> None:
    digest = precis.build_digest(geneva)
    for story in digest.stories:
        items = [i for e in story.timeline for i in e.items]
        assert not _alone("She said the United States would not allow", items)
        assert not unsafe_items(items, geneva)
        assert not unsafe_items([b.item for b in story.items], geneva)


@pytest.mark.parametrize("query", ["troops", None])
def test_context_safety_timeline_leaves_out_he_told(geneva: list[Article], query: str | None) -> None:
    for per_date in (1, 2, 3):
        items = [i for e in precis.build_timeline(geneva, query=query, per_date=per_date).entries for i in e.items]
        assert not _alone("He told delegates", items)
        assert not unsafe_items(items, geneva)


@pytest.mark.parametrize("words", [40, 60, 100, 150, 250])
def test_context_safety_update_never_ends_on_a_lead_in(geneva: list[Article], words: int) -> None:
    by_id = {a.id: a for a in geneva}
    new = [by_id["baltic-vienna"], by_id["continental-week"]]
    for seen in ([by_id["harbor-geneva"]], [by_id["harbor-geneva"], by_id["meridian-brussels"]]):
        items = list(precis.summarize_update(Summarizer(), new, seen, words=words).items)
        assert not [i for i in items if i.text.rstrip().endswith(":")]
        assert not unsafe_items(items, new)


@pytest.mark.parametrize("words", [60, 120, 200, 300])
@pytest.mark.parametrize("outline", [False, True])
def test_context_safety_summary_of_the_folder(folder: list[Article], words: int, outline: bool) -> None:
    items = list(Summarizer().summarize(folder, words=words, outline=outline).items)
    assert not _alone("The session ran for roughly four hours.", items)
    assert not unsafe_items(items, folder)


def test_context_safety_lead_in_is_shown_only_with_what_follows() -> None:
    text = (
        "Ministers met in Tallow Bay on Friday to sign a treaty on fishing limits.\n\n"
        "The week at a glance:\n\n"
        "They agreed on fishing limits for the next five years in the northern waters.\n\n"
        "Delegates from eleven countries signed the treaty after three days of talks in the bay."
    )
    for words in range(10, 80, 5):
        items = list(Summarizer().summarize(text, words=words).items)
        assert not [i for i in items if i.text.rstrip().endswith(":")]
        assert not unsafe_items(items, [Article("1", text)])


_SPEECH = (
    "The mayor spoke at the town hall on Monday.\n\n"
    "“We will rebuild every house. We will not wait for the insurers. The money is there. "
    "The crews are ready. Nobody will be left out,” she said. Work on the first street starts in May.\n\n"
    "Mr. Tal, a shop owner, said he would reopen on Friday: “My customers need bread.\n\n"
    "“They cannot wait either.”\n\n"
    "The river rose by two metres on Sunday and flooded three streets near the harbour."
)


def test_context_safety_long_quotation_is_shown_whole_or_not_at_all() -> None:
    doc = Document.of(Article("speech", _SPEECH))
    inside = [t for t, far in zip(doc.texts, doc.leans_far, strict=True) if far]
    # the five sentences of the long quotation, and the two paragraphs of the one that runs on
    assert inside[:5] == [
        "“We will rebuild every house.",
        "We will not wait for the insurers.",
        "The money is there.",
        "The crews are ready.",
        "Nobody will be left out,” she said.",
    ]
    assert inside[5:] == [
        "Mr. Tal, a shop owner, said he would reopen on Friday: “My customers need bread.",
        "“They cannot wait either.”",
    ]
    for words in (10, 20, 40, 80):
        for item in Summarizer().summarize([Article("speech", _SPEECH)], words=words).items:
            assert item.text.count("“") == item.text.count("”"), item.text


def test_context_safety_a_stray_quotation_mark_costs_at_most_its_paragraph() -> None:
    doc = Document.of(
        Article("stray", 'He measured a 12" pipe. It leaked on Monday.\n\nThe plant reopened on Tuesday.')
    )
    assert doc.leans_far == (True, True, False)


def test_context_safety_a_reference_is_looked_up_a_bounded_way_back() -> None:
    # "The ferry" twenty sentences after the ferry is introduced refers to the article's subject, which its
    # headline gives; the look-up stops there (and stays linear in the length of a long document)
    filler = [f"Crews checked berth number {n} on the east quay." for n in range(20)]
    texts = ["A ferry ran aground near Tessin on Sunday.", *filler, "The ferry was refloated on Monday."]
    assert len(texts) - 1 not in lean_targets(texts)
    near = ["A ferry ran aground near Tessin on Sunday.", *filler[:5], "The ferry was refloated on Monday."]
    assert lean_targets(near)[len(near) - 1] == 0
