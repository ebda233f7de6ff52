"""The fence (precis._fast): every private-API fast path agrees with its public reference, and none lives elsewhere."""

from __future__ import annotations

import ast
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from precis import _fast
from precis.analysis.segmenter import segment
from precis.model import Article

SRC = Path(__file__).resolve().parents[2] / "src" / "precis"

# sentence-like text: words, sentence ends, quotes, abbreviations, blank lines, non-ASCII letters and symbols,
# emoji, NUL, and lone surrogates (which JSON can carry and blingfire refuses)
_PIECES = st.sampled_from(
    [" ", "  ", ".", ". ", "? ", "! ", "\n", "\n\n", '"', "”", "Mr. ", "U.S. ", "Dec. 3", "...", "…", "\t",
     "é", "ß", "Zürich", "日本", "😀", "\u2028", "\x00", "\ud800", "\udfff", "A", "the", "Talks", "3.5"]
)  # fmt: skip
TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_fast_sentence_spans_agree_with_blingfire_public_api(text: str) -> None:
    assert _fast.sentence_spans(text) == _fast.sentence_spans_reference(text)


@pytest.mark.parametrize(
    "text",
    ["", "Hello there. How are you? Fine.", "Café été. Naïve 😀 ok. Yes", "A. \ud800 b. C.", "a\x00b. C d.", ".",
     "\xa0 ", "\xa0\xa0 ", " \xa0"],
)
def test_fast_sentence_spans_agree_on_edge_cases(text: str) -> None:
    assert _fast.sentence_spans(text) == _fast.sentence_spans_reference(text)


def test_fast_switch_runs_the_reference_paths_with_the_same_sentences(
    example_articles: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    reference = _fast.sentence_spans_reference

    def counting(text: str) -> list[tuple[int, int]]:
        calls.append(text)
        return reference(text)

    fast = [segment(a) for a in example_articles]
    monkeypatch.setattr(_fast, "enabled", False)
    monkeypatch.setattr(_fast, "sentence_spans_reference", counting)
    assert [segment(a) for a in example_articles] == fast
    assert calls  # the switch did reach the reference


def _stuck_in(seconds: float, limit: float) -> float:
    """Seconds until a thread stuck in a Python loop for ``seconds`` fails under ``limit``."""
    from precis.batch.deadline import RecordTimeout, time_limit

    took: list[float] = []

    def work() -> None:
        start = time.monotonic()
        try:
            with time_limit(limit):
                while time.monotonic() - start < seconds:
                    pass
        except RecordTimeout:
            took.append(time.monotonic() - start)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert took, "the record did not fail"
    return took[0]


def test_fast_raise_in_thread_stops_a_stuck_thread_and_the_reference_fails_it_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _stuck_in(5.0, 0.05) < 2.0
    monkeypatch.setattr(_fast, "enabled", False)
    assert _stuck_in(0.3, 0.05) >= 0.3
    assert _fast.raise_in_thread(threading.get_ident(), RuntimeError) is False


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12),
    st.integers(1, 30),
    st.floats(0, 1),
    st.integers(0, 2**32 - 1),
    st.sampled_from([1e-150, 1e-3, 1.0, 1e3, 1e150]),
)
def test_fast_tfidf_row_normaliser_is_sklearn_kernel_to_the_bit(
    rows: int, cols: int, density: float, seed: int, scale: float
) -> None:
    """The row normaliser left the private sklearn kernel for numpy: random sparse matrices, bit for bit."""
    from scipy.sparse import random as sparse_random
    from sklearn.preprocessing import normalize

    from precis.represent.tfidf import normalize_rows

    rng = np.random.default_rng(seed)
    x = sparse_random(rows, cols, density=density, format="csr", random_state=rng, dtype=np.float64)
    x.data *= scale * rng.uniform(-3, 3, size=x.data.shape)
    want = normalize(x, norm="l2")
    got = normalize_rows(x.copy())
    assert got.indptr.tolist() == want.indptr.tolist() and got.indices.tolist() == want.indices.tolist()
    assert got.data.tobytes() == want.data.tobytes()


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_fast_is_the_only_module_touching_private_apis() -> None:
    """No other module imports ctypes or a private module of another library (a ``_name`` past its top level)."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "_fast.py" and path.parent == SRC:
            continue
        for name in _imports(path):
            top, *rest = name.split(".")
            if top == "ctypes" or (top != "precis" and any(part.startswith("_") for part in rest)):
                offenders.append(f"{path.relative_to(SRC)}: {name}")
        text = path.read_text(encoding="utf-8")
        for private in ("transport._pool", "sparsefuncs_fast", "_sparsetools", "SetAsyncExc("):
            if private in text:
                offenders.append(f"{path.relative_to(SRC)}: {private}")
    assert offenders == []
