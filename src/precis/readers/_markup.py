"""Markup helpers shared by the HTML and feed readers: sniffing the root element, and tree -> paragraphs.

:func:`root_tag` names the first element of a document after the XML
declaration, comments and a doctype, without parsing it (the sniffers use it
to tell an HTML page from a feed before any extra is imported).

:func:`drop_link_paragraphs` removes paragraphs that are only a link
("Read more: ...", "Continue reading"), which trafilatura keeps when they sit
inside an article body and feeds append to their summaries.

:func:`tree_text` turns a parsed tree into plain text the segmenter can read:
one paragraph per block, blank lines between paragraphs, headings as
Markdown ``#`` lines and list items as ``- `` lines, inline markup dropped
and whitespace collapsed inside each line. It reads both HTML
(``p``, ``h2``, ``li``, ``br``...) and the XML trafilatura extracts into
(``p``, ``head``, ``item``, ``lb``...), so web pages and feed entries come out
alike.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["drop_link_paragraphs", "root_tag", "tree_text"]

# whitespace, BOMs, processing instructions, comments and a doctype, whose internal subset ("[...]") may hold ">"
_PROLOG = re.compile(
    r"(?:[\s\ufeff]+|<\?.*?\?>|<!--.*?-->|<!doctype(?:[^>\[]|\[(?:[^\]\"']|\"[^\"]*\"|'[^']*')*\])*>)*",
    re.IGNORECASE | re.DOTALL,
)
_START_TAG = re.compile(r"<([A-Za-z][\w.:-]*)([^<>]*)>?")

_LINK_LABEL_CHARS = 24  # "Read more:", "RELATED:", "Continue reading" and the spaces around them
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_ITEMS = {"li", "item", "dt", "dd"}
_ROWS = {"tr", "row"}
_CELLS = {"td", "th", "cell"}
_BREAKS = {"br", "lb"}
_SKIP = {"title", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "button", "form"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote", "quote", "pre",
    "code", "figure", "figcaption", "table", "thead", "tbody", "tfoot", "caption", "ul", "ol", "list", "dl",
    "address", "hr", "center", "details", "summary", "body", "html", "note",
}  # fmt: skip


def root_tag(text: str, *, within: int = 65536) -> tuple[str, str] | None:
    """The name (lower case) and attribute text of the first element in ``text[:within]``.

    The XML declaration, processing instructions, comments, a doctype (with
    its internal subset), byte order marks and whitespace before it are
    skipped; ``None`` when the text does not open with an element.
    """
    head = text[:within].lstrip("\ufeff")
    prolog = _PROLOG.match(head)
    start = prolog.end() if prolog else 0
    match = _START_TAG.match(head, start)
    if match is None:
        return None
    return match[1].lower(), match[2]


def drop_link_paragraphs(root: Any) -> None:
    """Remove the ``<p>`` elements of an lxml.html tree that are only a link behind a short label ("Read more: ...")."""
    for para in list(root.iter("p")):
        text = " ".join(para.text_content().split())
        linked = sum(len(" ".join(a.text_content().split())) for a in para.iter("a"))
        if text and linked and len(text) - linked <= _LINK_LABEL_CHARS:
            para.drop_tree()


def tree_text(root: Any) -> str:
    """The text of an lxml element as paragraphs separated by blank lines."""
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return "\n\n".join(walker.blocks)


class _Walker:
    """Collects the inline text of the current block and closes it at each block boundary."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.prefix = ""
        self.first_cell = True

    def flush(self) -> None:
        """Close the current block: collapse whitespace per line, drop it when empty."""
        lines = (" ".join(line.split()) for line in "".join(self.current).split("\n"))
        text = "\n".join(line for line in lines if line)
        self.current = []
        if not text:
            return
        if self.prefix.startswith("#"):
            text = " ".join(text.split())  # a heading is one line
        self.blocks.append(self.prefix + text)
        self.prefix = ""

    def add(self, text: str) -> None:
        """Add source text; its line breaks are only whitespace (``<br>`` makes a line break)."""
        self.current.append(text.replace("\r", " ").replace("\n", " "))

    def walk(self, el: Any) -> None:
        """Add ``el``, its children and its tail."""
        tag = el.tag.lower().rsplit("}", 1)[-1] if isinstance(el.tag, str) else None
        if tag is None or tag in _SKIP:
            pass  # comments, processing instructions and non-text elements: only the tail counts
        elif tag in _BREAKS:
            self.current.append("\n")
        elif tag in _CELLS:
            if not self.first_cell:
                self.current.append(" | ")
            self.first_cell = False
            self._children(el)
        elif tag in _HEADINGS or tag == "head" or tag in _ITEMS or tag in _ROWS or tag in _BLOCKS:
            self.flush()
            own = _prefix(tag, el)
            if own:  # a block without a marker (a <p> in an <li>) keeps the marker pending from outside
                self.prefix = own
            self.first_cell = True
            self._children(el)
            self.flush()
            if own and self.prefix == own:  # an empty heading or item: its marker must not leak
                self.prefix = ""
        else:
            self._children(el)  # inline markup: a, b, em, span, hi, ref...
        if el.tail:
            self.add(el.tail)

    def _children(self, el: Any) -> None:
        """Add the text of ``el`` and of its children."""
        if el.text:
            self.add(el.text)
        for child in el:
            self.walk(child)


def _prefix(tag: str, el: Any) -> str:
    """The Markdown marker a block opens with: ``## `` for headings, ``- `` for list items."""
    if tag in _ITEMS:
        return "- "
    if tag == "head":  # trafilatura's heading, with the original level in rend="h2"
        level = _HEADINGS.get(str(el.get("rend") or "").lower(), 2)
        return "#" * level + " "
    if tag in _HEADINGS:
        return "#" * _HEADINGS[tag] + " "
    return ""
