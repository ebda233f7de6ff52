"""Sentence representations: the :class:`Representer` protocol and its factory.

A representer turns texts into an ``(n, d)`` matrix whose rows are L2-normal,
so that a dot product is the cosine similarity. It is fitted on the texts of
one input (``fit``) and then maps any text into that space (``transform``).
``redundancy`` is the cosine above which two sentences say the same thing in
that space; selection and corroboration use it as their default.

Fitting changes a representer, so nothing in precis fits one it was given:
each input is represented by a fresh :func:`clone` (scikit-learn's ``clone``
discipline), which is what lets one Summarizer serve many threads.

- ``"tfidf"``: :class:`~precis.represent.tfidf.TfidfRepresenter` (core, default)
- ``"embeddings"``: :class:`~precis.represent.embeddings.EmbeddingRepresenter`
  (``pip install 'precis[embeddings]'``)
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, Self, TypeAlias

import numpy as np

from ..errors import ConfigError

if TYPE_CHECKING:
    Matrix: TypeAlias = Any  # np.ndarray or a scipy.sparse matrix with unit-length rows

__all__ = ["Representer", "clone", "cosine", "make_representer", "matvec", "mean_row", "similarities"]


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


def clone(representer: Representer) -> Representer:
    """A new, unfitted representer with the same parameters as ``representer``, which is left as it is.

    As scikit-learn's ``clone``: a representer with ``get_params(deep=False)``
    (precis's own, and scikit-learn style ones) is built anew from its
    parameters, each cloned in turn; any other is deep-copied.

    Examples
    --------
    >>> from precis.represent.tfidf import TfidfRepresenter
    >>> rep = TfidfRepresenter(redundancy=0.6).fit(["Troops massed near the border."])
    >>> fresh = clone(rep)
    >>> fresh.redundancy, hasattr(fresh, "idf_"), hasattr(rep, "idf_")
    (0.6, False, True)
    """
    get_params = getattr(representer, "get_params", None)
    if not callable(get_params) or isinstance(representer, type):
        return copy.deepcopy(representer)
    params = {name: _clone_param(value) for name, value in get_params(deep=False).items()}
    new: Representer = type(representer)(**params)
    return new


def _clone_param(value: Any) -> Any:
    get_params = getattr(value, "get_params", None)
    if callable(get_params) and not isinstance(value, type):
        return clone(value)
    return copy.deepcopy(value)


def cosine(a: Matrix, b: Matrix) -> np.ndarray:
    """Dense ``a @ b.T`` for row-normalised matrices, sparse or dense."""
    if _is_csr(a) and _is_csr(b) and b.shape[0] == 1:
        return matvec(a, _dense_row(b, 0)).astype(np.float64, copy=False).reshape(-1, 1)
    out = a @ b.T
    if hasattr(out, "toarray"):
        out = out.toarray()
    return np.asarray(out, dtype=np.float64)


def similarities(x: Matrix, i: int) -> np.ndarray:
    """``cos(x_j, x_i)`` for every row ``j``: ``cosine(x, x[i : i + 1]).ravel()``, cheaper.

    For a CSR matrix the product is a sparse-matrix-dense-vector product,
    which adds the same terms in the same order as the sparse product it
    replaces (so the floats are the same), without its per-call overhead.
    """
    if _is_csr(x):
        return matvec(x, _dense_row(x, i)).astype(np.float64, copy=False)
    return cosine(x, x[i : i + 1]).ravel()


def matvec(x: Matrix, v: np.ndarray) -> np.ndarray:
    """``np.asarray(x @ v).ravel()``: for a CSR matrix, each row's products summed in stored order."""
    return np.asarray(x @ v).ravel()


def mean_row(x: Matrix, mask: np.ndarray) -> np.ndarray:
    """The mean of the rows of ``x`` where ``mask`` is true, as a dense vector.

    For a CSR matrix: scipy's ``x[mask].mean(axis=0)`` to the bit (each
    entry scaled by ``1 / rows``, then summed down each column in row order),
    in two numpy calls.
    """
    if not _is_csr(x):
        return np.asarray(x[mask].mean(axis=0)).ravel()
    picked = mask.repeat(x.indptr[1:] - x.indptr[:-1])
    weights = x.data[picked] * (1.0 / int(np.count_nonzero(mask)))
    return np.bincount(x.indices[picked], weights=weights, minlength=x.shape[1])


def _is_csr(x: Matrix) -> bool:
    return getattr(x, "format", None) == "csr"


def _dense_row(x: Matrix, i: int) -> np.ndarray:
    """Row ``i`` of a CSR matrix as a dense vector."""
    lo, hi = x.indptr[i], x.indptr[i + 1]
    out = np.zeros(x.shape[1], dtype=np.float64)
    out[x.indices[lo:hi]] = x.data[lo:hi]
    return out


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
