"""Sentence representations: the :class:`Representer` protocol and its factory.

A representer turns texts into an ``(n, d)`` matrix whose rows are L2-normal,
so that a dot product is the cosine similarity. It is fitted on the texts of
one input (``fit``) and then maps any text into that space (``transform``).
``redundancy`` is the cosine above which two sentences say the same thing in
that space; selection and corroboration use it as their default.

- ``"tfidf"``: :class:`~precis.represent.tfidf.TfidfRepresenter` (core, default)
- ``"embeddings"``: :class:`~precis.represent.embeddings.EmbeddingRepresenter`
  (``pip install 'precis[embeddings]'``)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, Self, TypeAlias

import numpy as np

from ..errors import ConfigError

if TYPE_CHECKING:
    Matrix: TypeAlias = Any  # np.ndarray or a scipy.sparse matrix with unit-length rows

__all__ = ["Representer", "cosine", "make_representer"]


class Representer(Protocol):
    """What selection needs from a representation."""

    redundancy: float

    def fit(self, texts: Sequence[str]) -> Self:
        """Learn what the representation needs from the texts of one input."""
        ...

    def transform(self, texts: Sequence[str]) -> Matrix:
        """Rows of unit length, one per text (all-zero for a text with no content)."""
        ...

    def fit_transform(self, texts: Sequence[str]) -> Matrix:
        """``fit(texts).transform(texts)``, in one pass where the backend allows."""
        ...


def cosine(a: Matrix, b: Matrix) -> np.ndarray:
    """Dense ``a @ b.T`` for row-normalised matrices, sparse or dense."""
    out = a @ b.T
    if hasattr(out, "toarray"):
        out = out.toarray()
    return np.asarray(out, dtype=np.float64)


def make_representer(name: Literal["tfidf", "embeddings"], *, model: str | None = None) -> Representer:
    """The representer registered under ``name``."""
    if name == "tfidf":
        from .tfidf import TfidfRepresenter

        return TfidfRepresenter()
    if name == "embeddings":
        from .embeddings import EmbeddingRepresenter

        return EmbeddingRepresenter(model=model)
    raise ConfigError(
        f"The 'representation' parameter of Summarizer must be 'tfidf' or 'embeddings'. Got {name!r} instead."
    )
