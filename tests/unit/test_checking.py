"""The checker's own stages: evidence alignment, polarity, repetition, calibration, verdicts."""

from __future__ import annotations

import math

import pytest

from precis import Article, CheckerConfig, CheckReport, ConfigError, InputError, check, summarize
from precis.checking.alignment import SourceIndex, norm_words
from precis.checking.calibration import FEATURES, MODELS, LogisticModel
from precis.checking.polarity import negation_cues, polarity_flag
from precis.checking.repetition import repetition_flags
from precis.represent.tfidf import TfidfRepresenter

SOURCE = Article(
    id="wire",
    text=(
        "Russian and American diplomats met in Geneva on Monday for eight hours of talks.\n\n"
        "Russia demanded that NATO stop its eastward expansion. The United States rejected the demand "
        "as a non-starter. A U.S. bomber flew within 12 miles of the Russian border in November.\n\n"
        "Deputy Foreign Minister Sergei Ryabkov said the talks were difficult but useful."
    ),
)


def test_norm_words_splits_possessives_like_tokenized_text() -> None:
    assert norm_words("Tottenham's win") == norm_words("Tottenham 's win") == ["tottenham", "s", "win"]


def test_alignment_finds_the_closest_sentence_and_exact_span() -> None:
    index = SourceIndex.build([SOURCE], TfidfRepresenter())
    text = "The United States rejected the demand as a non-starter."
    al = index.align(text, index.representer.transform([text]))
    best = index.sentences[al.evidence[0]]
    assert best.text == text
    assert al.verbatim and al.exact is not None
    assert SOURCE.text[al.exact.start : al.exact.end] == text
    assert al.stems_any == al.bigrams_any == al.trigrams_any == 1.0


def test_alignment_measures_drop_for_invented_content() -> None:
    index = SourceIndex.build([SOURCE], TfidfRepresenter())
    text = "Chinese officials praised the harvest festival in Beijing."
    al = index.align(text, index.representer.transform([text]))
    assert not al.verbatim and al.exact is None
    assert al.bigrams_any == 0.0 and al.stems_any < 0.3


def test_negation_cues_and_polarity_flip() -> None:
    assert len(negation_cues("He did not go and won't, never.")) == 3
    flag = polarity_flag("The United States did not reject the demand.", "The United States rejected the demand.")
    assert flag is not None and flag.kind == "negation"
    assert "not" == "The United States did not reject the demand."[flag.start : flag.end]
    flag = polarity_flag("Russia accepts the plan.", "Russia does not accept the plan.")
    assert flag is not None and (flag.start, flag.end) == (0, len("Russia accepts the plan."))
    assert polarity_flag("No deal was reached.", "There was no deal.") is None


def test_repetition_flags_only_restatements() -> None:
    texts = [
        "Putin is cautious and calculating when it comes to the use of force.",
        "Talks resume in Geneva next week.",
        "Putin is careful, cautious and calculating about the use of force.",
        "Geneva hosts many talks.",
    ]
    rep = TfidfRepresenter().fit([*texts, "Russia massed troops near Ukraine.", "NATO rejected the demands."])
    flags = repetition_flags(texts, rep.transform(texts), threshold=0.5)
    assert [f is not None for f in flags] == [False, False, True, False]
    assert flags[2] is not None and flags[2].message == "restates sentence 1"


def test_logistic_model_is_monotone_in_support() -> None:
    model = MODELS["tfidf"]
    assert len(model.weights) == len(FEATURES)
    # support measures, then the combination measures, novel stems, flags and the length
    weak = [0.1, 0.1, 0.1, 0.2, 0.0, 0.0, 0.0, 0.1, 0.1, 0.0, 0.2, math.log1p(5), 0, 0, 0, 0, 0, math.log1p(10)]
    strong = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0, 0, 0, 0, 0, math.log1p(10)]
    assert 0.0 <= model.score(weak) < model.threshold <= model.score(strong) <= 1.0
    with pytest.raises(ValueError, match="weights"):
        LogisticModel(weights=(1.0,), intercept=0.0, threshold=0.5)


def test_features_take_a_model_probability_by_name_and_refuse_unknown_names() -> None:
    from precis.checking.alignment import Alignment
    from precis.checking.calibration import features

    al = Alignment(evidence=(), cos_best=0.5, stems_best=0.5, stems_top=0.5, stems_any=0.5,
                   bigrams_any=0.5, trigrams_any=0.5, verbatim=False)  # fmt: skip
    row = features(al, [], 10, extra={"novel": 2.0})
    assert len(row) == len(FEATURES) and row[FEATURES.index("novel")] == 2.0
    with pytest.raises(ValueError, match="add it to FEATURES"):
        features(al, [], 10, extra={"nli": 0.9})


def test_check_supports_a_verbatim_summary_with_exact_evidence() -> None:
    summary = (
        "The United States rejected the demand as a non-starter. Russia demanded that NATO stop its eastward expansion."
    )
    report = check(summary, SOURCE)
    assert report.verdict == "supported" and not report.flagged
    for sent in report.sentences:
        cite = sent.evidence[0]
        assert SOURCE.text[cite.start : cite.end] == sent.text
        assert summary[sent.start : sent.end] == sent.text


def test_check_flags_invented_attribution_number_and_negation() -> None:
    summary = (
        "Russian and American diplomats met in Geneva on Monday, says CNN's John Sutter. "
        "A U.S. bomber flew within 13 miles of the Russian border in November. "
        "The United States did not reject the demand as a non-starter."
    )
    report = check(summary, SOURCE)
    kinds = [{f.kind for f in s.flags} for s in report.sentences]
    assert "attribution" in kinds[0]
    assert "number" in kinds[1]
    assert "negation" in kinds[2]
    assert report.sentences[2].verdict == "contradicted"
    assert report.verdict == "contradicted"
    assert report.score == min(s.score for s in report.sentences)
    for sent in report.sentences:
        for flag in sent.flags:
            assert 0 <= flag.start <= flag.end <= len(sent.text)


def test_check_report_round_trips_through_json() -> None:
    report = check("Russia demanded that NATO stop its eastward expansion, and NATO and NATO agreed.", SOURCE)
    assert CheckReport.from_json(report.to_json()) == report
    assert report.to_dict()["schema"] == "precis.check/1"


def test_check_accepts_a_precis_summary_and_its_articles() -> None:
    summary = summarize(SOURCE, words=40)
    report = check(summary)
    assert report.verdict == "supported" and not report.flagged
    assert [a.id for a in report.articles] == ["wire"]


@pytest.mark.parametrize(
    ("summary", "sources", "message"),
    [
        ("   ", SOURCE, "summary is empty"),
        ("Talks were held.", [], "No sources"),
        ("Die Gespräche in Genf wurden am Montag ohne Ergebnis beendet und vertagt.", SOURCE, "English"),
        ("Talks opened in Geneva on Monday. " * 60, "Talks opened. Russia spoke.", "longer than its sources"),
    ],
)
def test_check_refuses_bad_input_with_a_clear_message(summary: str, sources: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check(summary, sources)  # type: ignore[arg-type]


def test_checker_config_validates_its_parameters() -> None:
    with pytest.raises(ConfigError, match="'threshold' parameter of CheckerConfig"):
        CheckerConfig(threshold=2.0)
    assert CheckerConfig().to_dict()["representation"] == "tfidf.v1"
