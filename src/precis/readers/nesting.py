"""JSON from untrusted hands: nesting limited *before* parsing, so no input can exhaust the stack.

``json.loads`` on ``[[[[...]]]]`` a few thousand levels deep raises
``RecursionError`` (not a ``ValueError``), and a structure just under the
interpreter's limit still breaks any recursive walk of it later. Real
articles, records, JSON-LD blocks and request bodies are a few levels deep,
so :func:`loads` refuses anything deeper than :data:`MAX_DEPTH` with an
:class:`~precis.errors.InputError` that says so, and turns any other failure
of the parser into one too.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from ..errors import InputError

__all__ = ["MAX_DEPTH", "depth", "loads", "too_deep"]

MAX_DEPTH = 64
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def depth(data: str | bytes) -> int:
    """How deeply the arrays and objects of JSON text ``data`` nest (brackets inside strings do not count)."""
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    opening = raw.count(b"[") + raw.count(b"{")
    if opening == 0:
        return 0
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(accumulate(1 if b in (0x5B, 0x7B) else -1 for b in brackets), default=0)


def too_deep(data: str | bytes, *, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text ``data`` nests deeper than ``limit`` (cheap when it has few brackets)."""
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    return depth(raw) > limit


def loads(data: str | bytes, *, where: str, limit: int = MAX_DEPTH) -> Any:
    """Parse JSON text ``data``; :class:`InputError` (naming ``where``) when it is not JSON or nests too deeply."""
    if too_deep(data, limit=limit):
        raise InputError(
            f"{where}: the JSON nests deeper than {limit} levels; precis refuses it (no article needs that many).",
            source=where,
        )
    try:
        return json.loads(data)
    except ValueError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.args[0]}).", source=where) from None
    except (RecursionError, MemoryError) as exc:  # not reached below the limit; kept as a last guard
        raise InputError(f"{where}: the JSON could not be parsed ({type(exc).__name__}).", source=where) from None
