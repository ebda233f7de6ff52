"""The consistency model: does a short evidence window entail a summary sentence?

A small cross-encoder (all-MiniLM-L6-v2 fine-tuned on NLI and news pairs by
``training/consistency/train.py``), shipped inside precis as an int8 ONNX file
with its ``tokenizer.json`` and run with onnxruntime and the ``tokenizers``
package (``pip install 'precis[model]'``): no torch, nothing downloaded. The
model loads once per process, on first use (:func:`load_model`).

A summary sentence is scored the SummaC-ZS way, bounded by the checker's
alignment: a few evidence windows (the closest source sentences by the
checker's TF-IDF cosine, each with its neighbours) are paired with it, and its
score is the highest entailment probability over them (:func:`sentence_windows`).

Examples
--------
>>> from precis.checking.consistency import model_available, load_model
>>> if model_available():  # doctest: +SKIP
...     load_model().entailment([("Talks opened in Geneva on Monday.", "Talks opened on Monday.")])
array([0.98...], dtype=float32)
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .._optional import require
from ..errors import MissingDependencyError
from ..model import Sentence

__all__ = [
    "MODEL_DIR",
    "ConsistencyModel",
    "ModelInfo",
    "load_model",
    "model_available",
    "sentence_windows",
    "support_scores",
]

MODEL_DIR = Path(__file__).resolve().parent / "models" / "consistency"
WINDOW_WORDS = 80  # an evidence window is cut to about this many words (the model saw windows this long)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What ships beside the weights (``meta.json``).

    ``threshold`` is the verdict threshold of the score, ``blend`` the model's weight in that score
    (the rest is the checker's calibrated rule score; 1 is the model alone), ``windows`` and
    ``neighbours`` the evidence windows (see :func:`sentence_windows`).
    """

    name: str
    max_length: int
    threshold: float
    windows: int
    neighbours: int
    blend: float = 1.0

    @classmethod
    def read(cls, folder: Path) -> ModelInfo:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return cls(
            name=str(meta["name"]),
            max_length=int(meta["max_length"]),
            threshold=float(meta["threshold"]),
            windows=int(meta["windows"]),
            neighbours=int(meta["neighbours"]),
            blend=float(meta.get("blend", 1.0)),
        )


def model_available(folder: Path = MODEL_DIR) -> bool:
    """True when the ``[model]`` extra is installed and the model file ships with this precis."""
    if not (folder / "model.onnx").is_file():
        return False
    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "tokenizers"))


class ConsistencyModel:
    """Entailment probabilities of (premise, hypothesis) pairs, batched, inputs capped in length.

    Parameters
    ----------
    folder : Path
        Holds ``model.onnx``, ``tokenizer.json`` and ``meta.json``.
    threads : int or None, default=None
        onnxruntime intra-op threads; ``None`` reads ``PRECIS_MODEL_THREADS`` (default 1, so that
        each server or batch worker uses one core).
    """

    def __init__(self, folder: Path = MODEL_DIR, *, threads: int | None = None) -> None:
        ort = require("onnxruntime", extra="model", caller="ConsistencyModel")
        tokenizers = require("tokenizers", extra="model", caller="ConsistencyModel")
        self.info = ModelInfo.read(folder)
        options = ort.SessionOptions()
        n = threads if threads is not None else int(os.environ.get("PRECIS_MODEL_THREADS", "1"))
        options.intra_op_num_threads = max(1, n)
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(folder / "model.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        tok = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
        tok.enable_truncation(max_length=self.info.max_length, strategy="longest_first")  # never fails
        tok.no_padding()
        self._tokenizer: Any = tok

    def entailment(self, pairs: Sequence[tuple[str, str]], *, batch_size: int = 32) -> np.ndarray:
        """Probability that each premise supports its hypothesis (float32, one per pair)."""
        out = np.zeros(len(pairs), dtype=np.float32)
        if not pairs:
            return out
        encodings = self._tokenizer.encode_batch([(p, h) for p, h in pairs])
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")  # similar lengths pad less
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for r, i in enumerate(rows):
                e = encodings[i]
                n = len(e.ids)
                ids[r, :n], mask[r, :n], types[r, :n] = e.ids, e.attention_mask, e.type_ids
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            logits = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
            z = logits - logits.max(axis=1, keepdims=True)
            p = np.exp(z)
            out[rows] = (p[:, 1] / p.sum(axis=1)).astype(np.float32)
        return out


@lru_cache(maxsize=1)
def load_model() -> ConsistencyModel:
    """The shipped model, loaded once per process.

    Raises
    ------
    MissingDependencyError
        The ``[model]`` extra is not installed, or this precis ships without the model file.
    """
    if not (MODEL_DIR / "model.onnx").is_file():
        raise MissingDependencyError(f"The consistency model is not in this precis install ({MODEL_DIR}).")
    return ConsistencyModel()


def sentence_windows(
    evidence: Sequence[int], sources: Sequence[str], starts: Sequence[bool], *, windows: int, neighbours: int
) -> list[str]:
    """Evidence windows for one summary sentence.

    Parameters
    ----------
    evidence : sequence of int
        Indices of the closest source sentences, best first (the checker's alignment).
    sources : sequence of str
        Every source sentence, in order.
    starts : sequence of bool
        ``starts[i]`` is True when sentence ``i`` opens an article (windows never cross articles).
    windows : int
        How many of the closest sentences to centre a window on.
    neighbours : int
        Sentences taken on each side of the centre (0: the sentence alone), while the window stays
        under about 80 words.

    Returns
    -------
    list of str
        The windows, best evidence first, without duplicates.
    """
    out: list[str] = []
    for i in evidence[:windows]:
        lo, hi = i, i + 1
        for _ in range(neighbours):
            if lo > 0 and not starts[lo] and _words(sources, lo - 1, hi) <= WINDOW_WORDS:
                lo -= 1
            if hi < len(sources) and not starts[hi] and _words(sources, lo, hi + 1) <= WINDOW_WORDS:
                hi += 1
        text = " ".join(sources[lo:hi])
        if text not in out:
            out.append(text)
    return out


def _words(sources: Sequence[str], lo: int, hi: int) -> int:
    return sum(len(s.split()) for s in sources[lo:hi])


def support_scores(
    claims: Sequence[tuple[str, Sequence[int], bool]], sources: Sequence[Sentence], model: ConsistencyModel
) -> list[float]:
    """The model's support score of each summary sentence: its best entailment probability over its windows.

    Parameters
    ----------
    claims : sequence of (text, evidence, verbatim)
        Each summary sentence, the indices of its closest source sentences (best first) and whether it
        is verbatim in a source (then its score is 1 and the model is not asked).
    sources : sequence of Sentence
        The source sentences the evidence indices point into.
    model : ConsistencyModel

    Returns
    -------
    list of float
        One score per claim, in [0, 1]; 0 for a claim without evidence.
    """
    texts = [s.text for s in sources]
    starts = [i == 0 or sources[i].article_id != sources[i - 1].article_id for i in range(len(sources))]
    pairs: list[tuple[str, str]] = []
    owner: list[int] = []
    for k, (text, evidence, verbatim) in enumerate(claims):
        if verbatim:
            continue
        for window in sentence_windows(
            evidence, texts, starts, windows=model.info.windows, neighbours=model.info.neighbours
        ):
            pairs.append((window, text))
            owner.append(k)
    out = [1.0 if verbatim else 0.0 for _, _, verbatim in claims]
    for k, p in zip(owner, model.entailment(pairs).tolist(), strict=True):
        out[k] = max(out[k], float(p))
    return out
