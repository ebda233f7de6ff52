"""The learned sentence scorer: its features, its scores, and when the pipeline uses it."""

from __future__ import annotations

import numpy as np
import pytest

from precis import Article, ConfigError, Summarizer, SummarizerConfig
from precis.represent import cosine
from precis.summarizer.learned_scoring import COEF, FEATURES, learned_scores, sentence_features
from precis.summarizer.prepared import Prepared
from precis.summarizer.scoring import centroid_scores

_TEXT = (
    "A cable ferry carrying forty-two passengers broke down on Lake Orvane on Tuesday morning. "
    "The vessel lost power shortly after it left the northern pier at Pellham. "
    "All 42 passengers were rescued by local fishing boats within two hours, officials said. "
    '"It was cold," one of them told reporters on the pier. '
    "Why does the winch keep failing? "
    "The mayor of Pellham promised a temporary bus service around the lake by Thursday."
)


def _features(prep: Prepared) -> np.ndarray:
    return sentence_features(
        x=prep.x,
        eligible=prep.eligible,
        article_pos=prep.article_pos,
        n_words=prep.n_words,
        texts=[s.text for s in prep.sentences],
        centrality=centroid_scores(prep.x, prep.eligible),
    )


def test_learned_scoring_coefficients_match_features() -> None:
    assert len(COEF) == len(FEATURES) == len(set(FEATURES))


def test_learned_scoring_features_shape_finite_and_meaning() -> None:
    prep = Summarizer(SummarizerConfig(scoring="heuristic")).prepare(_TEXT)
    f = _features(prep)
    assert f.shape == (len(prep.sentences), len(FEATURES))
    assert np.isfinite(f).all()
    col = {name: f[:, k] for k, name in enumerate(FEATURES)}
    assert col["is_first"].tolist() == [1, 0, 0, 0, 0, 0]
    assert col["lead_prior"][0] == 1.0 and np.all(np.diff(col["lead_prior"]) < 0)
    assert col["rel_position"][0] == 0.0 and col["rel_position"][-1] == 1.0
    assert np.allclose(col["lead_cos"], cosine(prep.x, prep.x[0:1]).ravel())
    assert col["digit"].tolist() == [0, 0, 1, 0, 0, 0]
    assert col["quote"].tolist() == [0, 0, 0, 1, 0, 0]
    assert col["attribution"].tolist() == [0, 0, 1, 1, 0, 0]
    assert col["question"].tolist() == [0, 0, 0, 0, 1, 0]


def test_learned_scoring_ranks_restart_in_each_article() -> None:
    texts = [_TEXT, _TEXT.replace("Pellham", "Orvik")]
    prep = Summarizer(SummarizerConfig(scoring="learned")).prepare(texts)
    f = _features(prep)
    first = f[:, FEATURES.index("is_first")]
    assert np.flatnonzero(first).tolist() == [0, 6]
    one = _features(Summarizer(SummarizerConfig(scoring="learned")).prepare(_TEXT))
    # each article's lead and positions are its own; the IDF (cosines) is fitted on both
    same = [k for k, name in enumerate(FEATURES) if not name.endswith("_cos")]
    assert np.allclose(f[:6, same], one[:, same])
    assert np.allclose(f[6:, same], one[:, same])


def test_learned_scoring_scores_are_deterministic_probabilities() -> None:
    prep = Summarizer().prepare(_TEXT)
    f = _features(prep)
    a, b = learned_scores(f), learned_scores(f.copy())
    assert np.array_equal(a, b)
    assert np.all((a > 0) & (a < 1))


def test_learned_scoring_prefers_the_lead_to_a_late_question_or_quote() -> None:
    scores = Summarizer().prepare(_TEXT).scores
    assert scores[0] > scores[3] and scores[0] > scores[4]
    assert scores[0] > scores[5]


@pytest.mark.parametrize(
    ("scoring", "n_articles", "learned"),
    [
        ("auto", 1, True),
        ("auto", 2, False),
        ("learned", 1, True),
        ("learned", 2, True),
        ("heuristic", 1, False),
        ("heuristic", 2, False),
    ],
)
def test_learned_scoring_is_used_as_configured(scoring: str, n_articles: int, learned: bool) -> None:
    source = [Article(str(k), _TEXT) for k in range(n_articles)]
    prep = Summarizer(SummarizerConfig(scoring=scoring)).prepare(source)  # type: ignore[arg-type]
    expected = np.where(prep.eligible, learned_scores(_features(prep)), 0.0)
    assert np.allclose(prep.scores, expected) is learned


def test_learned_scoring_auto_keeps_heuristic_with_a_query() -> None:
    auto = Summarizer().prepare(_TEXT, query="ferry winch")
    heuristic = Summarizer(SummarizerConfig(scoring="heuristic")).prepare(_TEXT, query="ferry winch")
    assert np.array_equal(auto.scores, heuristic.scores)


def test_learned_scoring_setting_is_validated_and_recorded() -> None:
    with pytest.raises(ConfigError, match="'scoring' parameter"):
        SummarizerConfig(scoring="neural")  # type: ignore[arg-type]
    summary = Summarizer().summarize(_TEXT, sentences=2)
    assert summary.settings["scoring"] == "auto.v1"
    assert SummarizerConfig.from_dict(summary.settings) == SummarizerConfig()
