"""The fence: the one module of precis that calls another library's private API.

A private API (a module whose name starts with ``_``, a C entry point called
through :mod:`ctypes`, an attribute a library does not document) can move or
change in any release of that library. Each use is therefore kept here, next
to a *reference* implementation on public API that gives the same result, and
``tests/unit/test_fast.py`` checks that the two agree (property tests on random
inputs). A fast path stays only while it saves at least 5% of the whole
operation it serves, as measured by ``bench/fast_paths.py``
(``bench/results/fast_paths.md``); below that the public path is used and the
fast one removed.

The switch: set :data:`enabled` to ``False`` (tests do, with ``monkeypatch``), or
start the process with ``PRECIS_FAST_PATHS=0``, to run every reference path.
Outputs are the same either way.

What is fenced here:

- :func:`sentence_spans`: blingfire's C ``TextToSentencesWithOffsets`` through
  ctypes; the reference is blingfire's public ``text_to_sentences_and_offsets``,
  whose mapping of UTF-8 byte offsets to string offsets is a Python loop over
  every byte of the text.
- :func:`raise_in_thread`: CPython's ``PyThreadState_SetAsyncExc`` (a C API
  with no Python binding), which stops a record stuck past its time limit in
  any thread. This one is not a speed-up but a capability: the reference does
  nothing, so the block runs to its end and fails there (see
  :mod:`precis.batch.deadline`).

Removed after measurement, each saving under 5% of a summary: scipy's
``scipy.sparse._sparsetools.csr_matvec`` (precis now computes ``x @ v``), and
scikit-learn's ``sklearn.utils.sparsefuncs_fast.inplace_csr_row_normalize_l2``
(now :func:`precis.represent.tfidf.normalize_rows`, the same float operations
in numpy, since sklearn's public ``normalize`` validates its input at a cost
larger than the arithmetic on one article).
"""

from __future__ import annotations

import ctypes
import os
from functools import lru_cache
from typing import Any

import numpy as np

from ._optional import require

__all__ = ["enabled", "raise_in_thread", "raise_in_thread_reference", "sentence_spans", "sentence_spans_reference"]

#: Whether the fast paths run (``False``: every reference path runs instead).
enabled: bool = os.environ.get("PRECIS_FAST_PATHS", "1").strip() != "0"


# --- blingfire: sentence spans -------------------------------------------------------------------------------------


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """blingfire's sentence spans of ``text``, as ``(start, end)`` string offsets.

    The whole text is one span when blingfire cannot split it (it refuses text
    that is not valid UTF-8, such as a lone surrogate, which JSON can carry).
    The fast path calls blingfire's C entry point directly and maps byte offsets
    to string offsets with one numpy cumulative sum (none at all for ASCII).
    """
    if not enabled:
        return sentence_spans_reference(text)
    if not text:
        return []
    split = _text_to_sentences_with_offsets()
    # a lone surrogate is encoded (3 bytes, one lead byte) for blingfire to refuse, as the reference refuses it
    data = text.encode("utf-8", "surrogatepass")
    size = len(data) * 2 + 16
    # numpy buffers, filled by blingfire: ctypes.create_string_buffer makes a new array
    # type for every size, which cost a third of the call
    buffer = np.empty(size, dtype=np.uint8)
    starts = np.empty(size, dtype=np.int32)
    ends = np.empty(size, dtype=np.int32)
    n_out = split(data, len(data), buffer.ctypes.data, starts.ctypes.data, ends.ctypes.data, size)
    if n_out <= 0 or n_out > size or buffer[0] == 0:  # failed, or no sentence text (only spaces such as U+00A0)
        return [(0, len(text))]
    # one line per sentence, up to the first NUL (the end of the output string)
    count = buffer[:n_out].tobytes().split(b"\0", 1)[0].count(b"\n") + 1
    b_start = starts[:count]
    b_end = ends[:count]  # inclusive: the last byte
    if len(data) == len(text):  # ASCII: byte offsets are string offsets
        return list(zip(b_start.tolist(), (b_end + 1).tolist(), strict=True))
    is_char_start = (np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80
    chars_through = np.cumsum(is_char_start)  # characters in data[: i + 1]
    return list(zip((chars_through[b_start] - 1).tolist(), chars_through[b_end].tolist(), strict=True))


def sentence_spans_reference(text: str) -> list[tuple[int, int]]:
    """:func:`sentence_spans` through blingfire's public ``text_to_sentences_and_offsets``."""
    if not text:
        return []
    blingfire = require("blingfire", extra=None, caller="Segmenter")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # blingfire's wrapper cannot encode it; its C code refuses such text anyway
        return [(0, len(text))]
    sentences, spans = blingfire.text_to_sentences_and_offsets(text)
    # no sentence text (blingfire failed, or the text is only spaces such as U+00A0, where blingfire's
    # offsets point inside a character and its wrapper's mapping depends on where): the whole text
    return spans if sentences and spans else [(0, len(text))]


@lru_cache(maxsize=1)
def _text_to_sentences_with_offsets() -> Any:
    """blingfire's C ``TextToSentencesWithOffsets``, as a function object of our own with its
    argument types declared (so that calls pass plain ints; blingfire's own object is left as it is)."""
    lib = require("blingfire", extra=None, caller="Segmenter").blingfire
    split = lib["TextToSentencesWithOffsets"]  # item access makes a new function object
    split.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
    split.restype = ctypes.c_int
    return split


# --- CPython: an exception raised in another thread ----------------------------------------------------------------


def raise_in_thread(thread_id: int, exc: type[BaseException] | None) -> bool:
    """Raise ``exc`` in the thread ``thread_id`` at its next Python instruction (``None``: withdraw one
    raised there and not yet delivered). Returns whether the thread was interrupted; the reference
    path, and an unknown thread, interrupt nothing."""
    if not enabled:
        return raise_in_thread_reference(thread_id, exc)
    return bool(_set_async_exc()(thread_id, ctypes.py_object(exc) if exc is not None else ctypes.py_object()))


def raise_in_thread_reference(thread_id: int, exc: type[BaseException] | None) -> bool:
    """No Python API raises in another thread: interrupt nothing (the caller checks the time itself)."""
    return False


@lru_cache(maxsize=1)
def _set_async_exc() -> Any:
    """``PyThreadState_SetAsyncExc``, as a function object of our own with its argument types declared."""
    func = ctypes.pythonapi["PyThreadState_SetAsyncExc"]
    func.argtypes = (ctypes.c_ulong, ctypes.py_object)
    func.restype = ctypes.c_int
    return func
