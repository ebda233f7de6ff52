"""Bytes -> text, in whatever encoding a news file or page was saved in.

The order of evidence, strongest first:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. valid UTF-8 (by far the most common encoding; a legacy encoding almost
   never happens to be valid UTF-8 by accident);
3. the charset the server declared (``Content-Type: text/html; charset=...``)
   and then the one the document declares (``<meta charset>``, ``<?xml
   encoding?>``), when Python knows the codec and it decodes the bytes;
4. Windows-1252, the web's default for undeclared legacy pages, when it
   reads the bytes as mostly-ASCII Latin text (as English and Western
   European news is); short texts fool statistical detectors (a cp1252 café
   story came back as Baltic cp775);
5. detection with ``charset-normalizer`` (cp1251, Shift-JIS, ...).

Declarations come after UTF-8 validity, against the browsers' order (BOM > HTTP
header > ``<meta>``): a server or template that says ``iso-8859-1`` over a
UTF-8 body is a common misconfiguration, while a legacy-encoded news text
is almost never valid UTF-8, so valid UTF-8 is the stronger evidence. Among
declarations the browsers' order holds: when the HTTP header and the
document disagree, the header wins if it decodes the bytes. Every reader
uses this one decoder, web pages (:mod:`precis.readers.pages`) included.

Text that is mostly UTF-8 with a few stray bytes (a file pasted together
from two sources) keeps its UTF-8 and shows each bad byte as U+FFFD rather
than being re-read as cp1252 mojibake. A file with NUL bytes that is not
UTF-16/32 is binary and refused; so is data no encoding explains. No byte
ever raises :class:`UnicodeDecodeError` out of this module.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

__all__ = ["decode"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_STRAY_SHARE = 0.002  # at most 1 undecodable byte in 500 for "UTF-8 with stray bytes"


def _codec(name: str | None) -> str | None:
    """Python's name for the codec ``name``, or None when it is unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _try(data: bytes, codec: str | None) -> str | None:
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with U+FFFD for stray bytes, if it has real UTF-8 and only a few bad bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    has_multibyte = any(b >= 0xC2 for b in data) and len(text) < len(data) - bad
    if has_multibyte and bad <= max(1, int(len(data) * _STRAY_SHARE)):
        return text
    return None


def _western(data: bytes) -> str | None:
    """``data`` as Windows-1252 if that gives Latin text with few non-ASCII letters, else None."""
    text = _try(data, "cp1252")
    if text is None:
        return None
    letters = [c for c in text if c.isalpha()]
    foreign = sum(1 for c in letters if not c.isascii())
    return text if letters and foreign <= 0.15 * len(letters) else None


def _detected(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    return _try(data, _codec(best.encoding))


def decode(data: bytes, *, name: str, declared: str | None = None) -> str:
    """Decode ``data`` (the contents of ``name``), guessing the encoding as the module docstring says.

    Parameters
    ----------
    data : bytes
        The raw contents.
    name : str
        The file, URL or ``<stdin>``: named in error messages.
    declared : str, optional
        The charset a server declared for it, if any.

    Raises
    ------
    InputError
        The data is binary, or no encoding explains it.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try(data, codec)
            if text is not None:
                return text
    if b"\x00" not in data[:8192]:
        text = _try(data, "utf-8")
        if text is not None:
            return text
        in_document = _DECLARED.search(data[:4096])
        for candidate in (declared, in_document.group(1).decode("ascii") if in_document else None):
            text = _try(data, _codec(candidate))
            if text is not None:
                return text
        text = _mostly_utf8(data) or _western(data)
        if text is not None:
            return text
    text = _detected(data)
    if text is None or (text.count("\x00") > len(text) // 100):
        raise InputError(
            f"{name} is not text in any encoding precis can recognise (binary data, or an unknown encoding); "
            "give a text, HTML, feed, JSONL or CSV file, or convert it to UTF-8 first "
            "(e.g. `iconv -f <encoding> -t utf-8`).",
            source=name,
        )
    return text
