"""Representers: TF-IDF always; the bundled embedding model under the ``model`` marker."""

from __future__ import annotations

import numpy as np
import pytest

from precis import ConfigError, NotFittedError, Summarizer, SummarizerConfig
from precis.analysis.tokens import stems, term_rows, words
from precis.represent import cosine, make_representer
from precis.represent.tfidf import TfidfRepresenter


def test_represent_tfidf_stems_and_drops_stop_words() -> None:
    assert stems("The negotiators were negotiating in Geneva") == ["negoti", "negoti", "geneva"]


def test_represent_tfidf_words_same_on_ascii_and_unicode_paths() -> None:
    assert words("Don't stop: O'Neil's 3.5% (x_y)") == ["don't", "stop", "o'neil's", "3", "5", "x", "y"]
    assert words("Don’t stop: O’Neil’s 3.5% (x_y) é") == ["don’t", "stop", "o’neil’s", "3", "5", "x", "y", "é"]
    assert stems("Don’t") == stems("Don't")


def test_represent_tfidf_term_rows_match_stems_per_text() -> None:
    texts = ["The negotiators met.", "", "of the and", "Talks in Zürich went on and on."]
    terms, rows = term_rows(texts)
    assert terms == [t for text in texts for t in stems(text)]
    assert rows.tolist() == [i for i, text in enumerate(texts) for _ in stems(text)]


def test_represent_tfidf_is_sklearn_tfidf_to_the_bit() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [
        "Russia massed troops near Ukraine, officials said.",
        "Troops, troops and more troops: Russia massed them by the border.",
        "of the and",
        "Snow fell in Oslo; the snow stayed in Oslo for a week.",
        "Zürich’s talks on Ukraine resumed.",
    ]
    other = ["Troops in Oslo", "", "unknown words only"]
    ref = TfidfVectorizer(analyzer=stems, sublinear_tf=True, norm="l2", dtype=np.float64)
    want, want_other = ref.fit_transform(texts).tocsr(), ref.transform(other).tocsr()
    rep = TfidfRepresenter()
    got, got_other = rep.fit_transform(texts), rep.transform(other)
    assert rep.vocabulary_ == ref.vocabulary_
    for a, b in ((got, want), (got_other, want_other)):
        assert a.shape == b.shape
        assert a.indptr.tolist() == b.indptr.tolist() and a.indices.tolist() == b.indices.tolist()
        assert a.data.tobytes() == b.data.tobytes()


def test_represent_tfidf_rows_are_unit_length_and_similar_texts_are_close() -> None:
    texts = ["Russia massed troops near Ukraine.", "Troops massed by Russia near Ukraine.", "Snow fell in Oslo."]
    x = TfidfRepresenter().fit(texts).transform(texts)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1))).ravel()
    assert np.allclose(norms, 1.0)
    sims = cosine(x, x)
    assert sims[0, 1] > 0.9 > 0.1 > sims[0, 2]


def test_represent_tfidf_must_be_fitted_and_survives_empty_vocabulary() -> None:
    with pytest.raises(NotFittedError, match="fit"):
        TfidfRepresenter().transform(["text"])
    x = TfidfRepresenter().fit(["the of and", "a an the"]).transform(["the of"])
    assert x.shape[0] == 1
    assert cosine(x, TfidfRepresenter().fit_transform(["the of and", "a an the"])).tolist() == [[1.0, 1.0]]


def test_represent_unknown_name_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="representation"):
        make_representer("bow")  # type: ignore[arg-type]


@pytest.mark.model
def test_represent_embeddings_bundled_model_offline(example_articles) -> None:  # type: ignore[no-untyped-def]
    rep = make_representer("embeddings").fit([])
    x = rep.transform(
        ["Russia massed troops near Ukraine.", "Moscow gathered soldiers by the Ukrainian border.", "Snow fell."]
    )
    assert x.shape == (3, 384)
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    sims = cosine(x, x)
    assert sims[0, 1] > sims[0, 2]
    summary = Summarizer(SummarizerConfig(representation="embeddings")).summarize(example_articles, words=120)
    assert summary.items and summary.settings["representation"] == "embeddings.v1"
    assert sum(len(i.text.split()) for i in summary.items) <= 120


@pytest.mark.model
def test_represent_embeddings_bad_model_path_is_a_config_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rep = make_representer("embeddings", model=str(tmp_path / "nothing-here"))
    with pytest.raises(ConfigError, match="could not be loaded offline"):
        rep.fit(["x"])


@pytest.mark.model
def test_represent_embeddings_loading_changes_no_environment() -> None:
    """The model loads from its folder with local_files_only, not by setting HF_HUB_OFFLINE for the process."""
    import os

    from precis.represent.embeddings import _load, _load_once, default_model_path

    before = dict(os.environ)
    _load_once.cache_clear()
    _load(default_model_path())
    assert dict(os.environ) == before
