"""The application layer: requests (validation, defaults, round trips) and the rules every front end shares."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.crawl_pages import CRAWL, NOTICE

from precis import app
from precis.app import CheckRequest, DigestRequest, SummarizeRequest, TimelineRequest, UpdateRequest
from precis.errors import ConfigError, InputError, VerificationError
from precis.model import Article
from precis.readers.corpus import FieldMap, iter_jsonl

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REQUESTS = (SummarizeRequest, CheckRequest, DigestRequest, TimelineRequest, UpdateRequest)
GERMAN = "Die Gespräche in Genf endeten am Montag ohne Einigung, und die Minister reisten am Abend wieder ab. " * 2

_text = st.none() | st.text(alphabet=string.ascii_letters + " /.-", max_size=20)
_whole = st.integers(min_value=1, max_value=10**6)
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "words": st.none() | _whole,
    "chars": st.none() | _whole,
    "sentences": st.none() | _whole,
    "ratio": st.none() | st.floats(min_value=0.0, max_value=1.0, exclude_min=True),
    "outline": st.booleans(),
    "order": st.sampled_from(["chronological", "relevance", "document"]),
    "embeddings": st.booleans(),
    "model": _text,
    "check_language": st.booleans(),
    "verify": st.booleans(),
    "fail_on": st.sampled_from([None, "unsupported", "any"]),
    "scorer": st.sampled_from(["rules", "model", "auto"]),
    "stories": st.none() | _whole,
    "timeline_dates": st.integers(min_value=0, max_value=50),
    "dates": st.none() | _whole,
    "per_date": _whole,
    "query": _text,
}


@st.composite
def requests(draw: st.DrawFn) -> app.Request:
    cls = draw(st.sampled_from(REQUESTS))
    values = {name: draw(FIELDS[name]) for name in cls.names() if draw(st.booleans())}
    budgets = [n for n in app.BUDGETS if values.get(n) is not None]
    for extra in budgets[1:]:  # one budget at most
        values[extra] = None
    if cls is DigestRequest and values.get("words") is None:
        values.pop("words", None)
    return cls(**values)


@given(requests())
def test_app_request_round_trips_through_a_plain_json_dict(request: app.Request) -> None:
    data = request.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert type(request).from_dict(json.loads(json.dumps(data))) == request
    assert type(request).from_dict(data) == request
    assert hash(type(request).from_dict(data)) == hash(request)


def test_app_request_defaults_live_in_the_request() -> None:
    assert DigestRequest() == DigestRequest(words=80, stories=None, timeline_dates=4)
    assert TimelineRequest().per_date == 2
    assert app.default(DigestRequest, "timeline_dates") == 4
    assert SummarizeRequest().order == "chronological"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SummarizeRequest(words=0), "The 'words' parameter of SummarizeRequest must be None or a whole number"),
        (lambda: SummarizeRequest(ratio=1.5), "The 'ratio' parameter of SummarizeRequest must be None or a number in"),
        (lambda: SummarizeRequest(words=5, chars=9), "give one budget. Got words=5 and chars=9 instead."),
        (lambda: SummarizeRequest(order="newest"), "The 'order' parameter of SummarizeRequest must be one of"),
        (lambda: SummarizeRequest(words=True), "Got True instead."),
        (lambda: DigestRequest(timeline_dates=-1), "The 'timeline_dates' parameter of DigestRequest must be a whole"),
        (lambda: DigestRequest(words=None), "The 'words' parameter of DigestRequest"),
        (lambda: TimelineRequest(dates=0), "The 'dates' parameter of TimelineRequest"),
        (lambda: CheckRequest(fail_on="some"), "The 'fail_on' parameter of CheckRequest must be one of None"),
        (lambda: CheckRequest(scorer="bert"), "The 'scorer' parameter of CheckRequest must be one of 'rules'"),
        (lambda: UpdateRequest.from_dict({"wordz": 3}), "Unknown UpdateRequest parameter"),
        (lambda: DigestRequest.from_options({"order": "relevance"}), "Unknown DigestRequest parameter"),
    ],
)
def test_app_request_refuses_a_bad_option_in_sklearns_words(make: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        make()


def test_app_request_from_command_line_options() -> None:
    request = DigestRequest.from_options({"words": None, "stories": 2, "no_language_check": True, "embeddings": False})
    assert request == DigestRequest(stories=2, check_language=False)
    assert "no_language_check" in DigestRequest.flags() and "check_language" in DigestRequest.names()


def test_app_settings_a_model_means_embeddings() -> None:
    assert app.summarizer_config(SummarizeRequest()).representation == "tfidf"
    config = app.summarizer_config(SummarizeRequest(model="/models/mini", order="relevance"))
    assert (config.representation, config.model, config.order) == ("embeddings", "/models/mini", "relevance")
    assert app.checker_config(CheckRequest(embeddings=True)).representation == "embeddings"
    assert app.checker_config(CheckRequest(scorer="auto")).scorer == "auto"
    assert app.checker_config(CheckRequest()).scorer == "rules"
    assert app.summarizer_config(DigestRequest(check_language=False)).check_language is False


@pytest.fixture(scope="module")
def story() -> list[Article]:
    text = (EXAMPLES / "geneva_talks.jsonl").read_text(encoding="utf-8")
    out = []
    for item in iter_jsonl(text, name="geneva_talks.jsonl", fields=FieldMap()):
        assert not isinstance(item, InputError)
        out.append(item[0])
    return out


def test_app_skip_rule_skips_the_unusable_among_usable_and_keeps_all_otherwise(story: list[Article]) -> None:
    german = Article("de", GERMAN)
    kept, skipped = app.skip_unusable([*story, german], check_language=True)
    assert kept == story
    assert [e.source for e in skipped] == ["de"] and "English" in str(skipped[0])
    assert app.skip_unusable([german], check_language=True) == ([german], ())
    assert app.skip_unusable([*story, german], check_language=False) == ([*story, german], ())
    outcome = app.summarize(SummarizeRequest(words=40), [*story, german])
    assert [a.id for a in outcome.require().articles] == [a.id for a in story]
    assert [e.source for e in outcome.skipped] == ["de"]
    alone = app.summarize(SummarizeRequest(), [german])  # none usable: nothing to summarize, refused by require
    assert alone.nothing and [e.source for e in alone.skipped] == ["de"]
    with pytest.raises(InputError, match=r"Nothing to summarize: .*English") as caught:
        alone.require()
    assert caught.value.source == "de"


# written for these tests: one usable sentence (the crawl pages are in tests/crawl_pages.py)
ONE = "The ferry board met on Monday and agreed to add two evening crossings to the island from June."


def test_app_summarize_has_nothing_to_summarize_when_no_article_holds_two_sentences() -> None:
    articles = [Article("tw", NOTICE), Article("de", GERMAN), Article("one", ONE)]
    outcome = app.summarize(SummarizeRequest(words=50, order="relevance"), articles)
    assert outcome.nothing and outcome.result.items == () and outcome.result.articles == ()
    assert outcome.result.reason == (
        "Nothing to summarize: the 3 articles hold 1 sentence precis can summarize, "
        "and it needs at least two full sentences to choose from."
    )
    assert outcome.result.budget.to_dict() == {"unit": "words", "value": 50}
    assert outcome.result.settings == app.summarizer_config(SummarizeRequest(order="relevance")).to_dict()
    assert [e.source for e in outcome.skipped] == ["tw", "de", "one"]  # every article, in input order, with why
    tw, de, one = map(str, outcome.skipped)
    assert tw == (
        "article 'tw' has no sentence precis can summarize: of its 3, 2 are web-page notices "
        "and 1 is too short (under 5 words)."
    )
    assert "does not look like English" in de
    assert one == "article 'one' has 1 sentence precis can summarize, its only one."
    assert outcome.require(accept_nothing=True) is outcome.result
    with pytest.raises(InputError) as caught:  # a command refuses it, naming every article
        outcome.require()
    assert str(caught.value).startswith(outcome.result.reason or "")
    assert all(str(e) in str(caught.value) for e in outcome.skipped) and caught.value.source is None


def test_app_summarize_of_no_article_and_of_one_crawl_notice_is_nothing() -> None:
    none = app.summarize(SummarizeRequest(outline=True), [])
    assert none.nothing and none.skipped == () and none.result.mode == "outline"
    assert none.result.reason == "Nothing to summarize: no article with text was given."
    crawl = app.summarize(SummarizeRequest(), [Article("c", CRAWL)])
    assert crawl.nothing
    (why,) = map(str, crawl.skipped)
    assert why == "article 'c' has no sentence precis can summarize: of its 2, 2 are web-page notices."


def test_app_summarize_with_something_to_summarize_is_not_nothing(story: list[Article]) -> None:
    outcome = app.summarize(SummarizeRequest(words=40), [*story, Article("tw", NOTICE)])
    assert not outcome.nothing and outcome.problem is None and outcome.result.items
    with pytest.raises(InputError, match="share the id"):  # a genuine refusal is still raised
        app.summarize(SummarizeRequest(), [story[0], story[0]])


def test_app_verify_checks_the_summary_and_reports_clean(story: list[Article]) -> None:
    outcome = app.summarize(SummarizeRequest(words=60, verify=True), story)
    assert outcome.verification is not None and outcome.problem is None
    assert outcome.verification.verdict == "supported"
    assert outcome.require() is outcome.result


def test_app_outcome_require_raises_the_problem_naming_the_source() -> None:
    failing: app.Outcome[int] = app.Outcome(1, problem=InputError("No story: none"))
    with pytest.raises(InputError, match="No story") as caught:
        failing.require(source="articles")
    assert caught.value.source == "articles"
    with pytest.raises(VerificationError):
        app.Outcome(1, problem=VerificationError("bug")).require(source="x")


def test_app_refuses_a_timeline_without_dates_and_a_digest_without_stories() -> None:
    plain = Article("plain", "The lake was calm and the anglers were happy. Their catch was large and the sun warm.")
    outcome = app.timeline(TimelineRequest(), [plain])
    assert outcome.result.entries == ()
    with pytest.raises(InputError, match=r"No timeline: .* Give articles that name dates"):
        outcome.require()
    digest = app.digest(DigestRequest(), [Article("de", GERMAN)])
    with pytest.raises(InputError, match="No story: "):
        digest.require()
    assert digest.result.placements[0].role == "set apart"
    # nothing to brief: the same rule as nothing to summarize; every article is skipped, with why
    assert digest.nothing and [e.source for e in digest.skipped] == ["de"] and "English" in str(digest.skipped[0])
    assert digest.require(accept_nothing=True) is digest.result
    empty = app.digest(DigestRequest(), [])
    assert empty.nothing and empty.result.reason == "No article with text was given."
    assert not outcome.nothing  # a timeline without dates is refused, not "nothing"


def test_app_check_fails_by_its_policy(story: list[Article]) -> None:
    claim = "The talks in Geneva lasted for three weeks and ended with a treaty."
    assert app.check(CheckRequest(fail_on="unsupported"), claim, story).fails
    assert not app.check(CheckRequest(), claim, story).fails
