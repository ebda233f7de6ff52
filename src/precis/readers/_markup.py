"""Markup helpers shared by the HTML and feed readers: sniffing the root element, and tree -> paragraphs.

:func:`root_tag` names the first element of a document after the XML
declaration, comments and a doctype, without parsing it (the sniffers use it
to tell an HTML page from a feed before any extra is imported).

:func:`drop_link_paragraphs` removes paragraphs that are only a link
("Read more: ...", "Continue reading"), which trafilatura keeps when they sit
inside an article body and feeds append to their summaries. A paragraph of
prose that holds links keeps them: "Smith declined to comment." with "Smith"
linked is article text.

:func:`keep_inline_text` makes the text of inline markup in a paragraph of
prose (links, ``<span>``, ``<em>``, ``<time>``...) plain text of that
paragraph before trafilatura sees the page. trafilatura prunes elements by
their class, id and style (``<span class="link">``, ``style="border..."``,
``class="tags"``, ``<time>``) and drops short paragraphs by link density;
inside a sentence each of those cut words out of it ("But they're especially
high for .").

:func:`visible_text` removes the invisible characters (soft hyphens,
zero-width spaces and joiners, word joiners, stray byte order marks) that
split words for every tokenizer and show inside words on a terminal.

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
from collections.abc import Iterator
from typing import Any

__all__ = ["drop_link_paragraphs", "keep_inline_text", "root_tag", "tree_text", "visible_text"]

# whitespace, BOMs, processing instructions, comments and a doctype, whose internal subset ("[...]") may hold ">"
_PROLOG = re.compile(
    r"(?:[\s\ufeff]+|<\?.*?\?>|<!--.*?-->|<!doctype(?:[^>\[]|\[(?:[^\]\"']|\"[^\"]*\"|'[^']*')*\])*>)*",
    re.IGNORECASE | re.DOTALL,
)
_START_TAG = re.compile(r"<([A-Za-z][\w.:-]*)([^<>]*)>?")

_LINK_LABEL_CHARS = 24  # "Read more:", "RELATED:", "Continue reading" and the spaces around them
_LABEL_MAX_WORDS = 6  # "Photo:", "Read more about the talks:"
_LABEL = re.compile(
    r"\W*(?:read|see|watch|listen|related|more|also|continue|click|recommended|subscribe|sign up|follow|"
    r"latest|trending|top stories|full (?:story|coverage)|photos?|video|source|via)\b",
    re.IGNORECASE,
)
_LABEL_STRIP = re.compile(r"[^\w]+")
_PROSE_MIN_WORDS = 3
_PROSE_BLOCKS = ("p", "li", "dd", "dt", "blockquote", "td", "th", "figcaption", "div", "h1", "h2", "h3", "h4",
                 "h5", "h6")  # fmt: skip
_INLINE = {
    "a", "span", "em", "strong", "b", "i", "u", "s", "time", "abbr", "acronym", "cite", "q", "mark", "small", "big",
    "sup", "sub", "font", "ins", "dfn", "var", "kbd", "code", "samp", "tt", "bdi", "bdo", "data", "nobr", "label",
}  # fmt: skip
_SCREEN_READER_CLASSES = {"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screenreader-only"}
_INVISIBLE_ANY = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# a letter or symbol of a script beyond Latin (Arabic, Devanagari, emoji...)
_OTHER_SCRIPT = "[^\\x00-\u024f\u2000-\u206f]"
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_LATIN_JOINERS = re.compile(f"(?<!{_OTHER_SCRIPT})[\u200c\u200d]+(?!{_OTHER_SCRIPT})")
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
    """Remove the ``<p>`` elements of an lxml.html tree that are only a link behind a short label ("Read more: ...").

    A paragraph goes when it has a link and the text outside its links is at
    most a short label: nothing but punctuation, a word such as "Read more",
    "Related" or "Watch", or a few words ending in ``:``. Prose that holds a
    link ("Smith declined to comment.") is never dropped.
    """
    for para in list(root.iter("p")):
        linked = [_words(a.text_content()) for a in para.iter("a")]
        if not any(linked):
            continue
        rest = _words(_unlinked_text(para))
        if len(rest) <= _LINK_LABEL_CHARS and _is_label(rest):
            para.drop_tree()


def keep_inline_text(root: Any) -> None:
    """Make the inline markup of every paragraph of prose in an lxml.html tree plain text, in place.

    A block (``<p>``, ``<li>``, ``<blockquote>``, a ``<div>`` with text of its
    own...) is prose when the text outside its links has at least three words
    and is not a label ("Read more:"). Its links, spans, emphasis, ``<time>``,
    ``<abbr>``... are unwrapped (their text stays where it was); hidden
    elements (``hidden``, ``aria-hidden="true"``, ``display: none``, screen
    reader only text) are removed, as a reader never sees them. Other blocks
    (link lists, "Related:" lines) are left for the extractor to judge.
    """
    for block in list(root.iter(*_PROSE_BLOCKS)):
        if block.getparent() is None and block is not root:
            continue  # removed with an earlier block
        if block.tag == "div" and not _own_text(block):
            continue  # a layout container: its paragraphs are blocks of their own
        rest = _words(_unlinked_text(block))
        if len(rest.split()) < _PROSE_MIN_WORDS or _is_label(rest):
            continue
        for el in list(_inline_descendants(block)):
            if el.getparent() is None:
                continue  # inside a hidden element removed just before
            if _hidden(el):
                el.drop_tree()  # keeps its tail
            else:
                el.drop_tag()  # keeps its text, children and tail


def visible_text(text: str) -> str:
    """``text`` without invisible format characters that would split its words.

    Soft hyphens (U+00AD), zero-width spaces (U+200B), word joiners (U+2060)
    and byte order marks (U+FEFF) are removed everywhere; zero-width
    non-joiners and joiners (U+200C, U+200D) unless they touch a character
    beyond Latin, since they shape Persian and Indic words and join emoji.
    None of them is visible, so nothing a reader sees changes; the offsets of
    the article's sentences are offsets into this text.

    >>> visible_text("Cus\u00adtomers queued\u200b for the\ufeff ferry")
    'Customers queued for the ferry'
    """
    if not _INVISIBLE_ANY.search(text):
        return text
    return _LATIN_JOINERS.sub("", _INVISIBLE.sub("", text))


def _words(text: str) -> str:
    """``text`` with white space collapsed."""
    return " ".join(text.split())


def _unlinked_text(el: Any) -> str:
    """The inline text of ``el`` outside its ``<a>`` elements (the tails of links count; nested blocks do not)."""
    parts: list[str] = [el.text or ""]
    for child in _inline_descendants(el):
        if not _linked(child, el):
            parts.append(child.text or "")
        if not _linked(child.getparent(), el):
            parts.append(child.tail or "")
    parts += [child.tail or "" for child in el if not _is_inline(child)]  # the text after a nested block
    return " ".join(parts)


def _linked(node: Any, block: Any) -> bool:
    """Whether ``node`` is an ``<a>`` or inside one, looking no further up than ``block``."""
    while node is not None and node is not block:
        if node.tag.lower() == "a":
            return True
        node = node.getparent()
    return False


def _inline_descendants(el: Any) -> Iterator[Any]:
    """The elements inside ``el`` reached through inline markup only: a nested list or paragraph is not entered."""
    for child in el:
        if _is_inline(child):
            yield child
            yield from _inline_descendants(child)


def _is_inline(el: Any) -> bool:
    """Whether ``el`` is an element of inline markup (a link, a span, emphasis...)."""
    return isinstance(el.tag, str) and el.tag.lower() in _INLINE


def _own_text(el: Any) -> bool:
    """Whether ``el`` holds text of its own: before, between or after its children, not only inside them."""
    if el.text and el.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in el)


def _is_label(rest: str) -> bool:
    """Whether the text beside a paragraph's links is only a label: punctuation, "Read more", "Related:"..."""
    words = _LABEL_STRIP.sub(" ", rest).split()
    if not words:
        return True
    return len(words) <= _LABEL_MAX_WORDS and (bool(_LABEL.match(rest)) or rest.rstrip().endswith((":", "|", "»")))


def _hidden(el: Any) -> bool:
    """Whether a reader never sees ``el``: hidden, aria-hidden, ``display: none`` or screen-reader-only text."""
    if el.get("hidden") is not None or str(el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = str(el.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return any(name in _SCREEN_READER_CLASSES for name in str(el.get("class") or "").lower().split())


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
