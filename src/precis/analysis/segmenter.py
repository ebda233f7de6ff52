"""Article -> sentence spans, with paragraph, section, heading and bullet structure.

The only module that makes :class:`~precis.model.Sentence` objects. It works
in three steps, every one of which keeps character offsets into the
article's original text:

1. **Blocks.** The text is cut into lines. A blank line, a heading, a bullet
   item or a line that ends a sentence closes a paragraph; any other line
   break is a soft wrap inside a paragraph. A *heading* is a short line
   (at most 12 words) with no closing punctuation, in capitals or Title Case,
   or a Markdown ``#`` line;
   each heading starts a new section. A *bullet* is a line opening with
   ``-``, ``*``, ``•``, ``–`` or ``1.``/``1)``; its marker is left out of the span.
2. **Sentences.** Each paragraph is split by blingfire, chosen by
   measurement (``bench/segmenters.py``, ``docs/benchmarks.md``).
3. **Repairs.** Splits blingfire makes after abbreviations that never end a
   news sentence are undone: titles before names (``Mr.``, ``Gen.``),
   months and ``No.`` before a number (``Dec. 3``, ``No. 2``), initials
   (``Sergey V. Lavrov``), and a lower-case continuation after ``?``, ``!``,
   an ellipsis or an abbreviation (``"Why?" he asked.``, ``U.S. officials``).
   A plain ``word.`` followed by a lower-case word is left split, so that
   lower-cased corpora still segment. blingfire's missed split before a
   title (``...the same line. Mr. Stoltenberg``) is made.
4. **Quotations.** A quotation that runs over several sentences
   (``"I am blown away by the size of this. I have lived here for thirty
   years," she said.``) becomes one span, from the sentence that opens it to
   the one that closes it, when it has at most ``max_quotation_sentences``
   sentences: shown whole or not at all, never cut open after its first
   sentence or shown as a tail (``I need to know," Chisholm said.``). It may
   run over the sentences of a paragraph or over lines with no blank line
   between them (texts with a sentence per line), never past a blank line,
   a heading or a bullet. Curly double quotes and ``` `` ''`` pairs nest; a
   straight ``"`` toggles. A longer quotation, or one still open where its
   paragraph ends (the convention for quotes that run on), keeps its
   sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from .. import _fast
from ..model import Article, Sentence, SentenceKind

__all__ = ["Segmenter", "segment"]

_TITLES = (
    "Mr|Mrs|Ms|Messrs|Dr|Gen|Gens|Sen|Sens|Rep|Reps|Gov|Govs|Lt|Col|Maj|Sgt|Capt|Cmdr|Cpl|Adm"
    "|Prof|Rev|Hon|Pres|Supt|Insp|Det|Atty|Amb|Sec|Brig|Fr|Sr|Sra|Mme|St|Mt|Ft|Gov"
)
# A split after one of these is undone whatever follows.
_NEVER_FINAL = re.compile(rf"(?:^|[\s(\"'“‘])(?:{_TITLES})\.$")
# A split after one of these is undone when a number follows.
_BEFORE_NUMBER = re.compile(
    r"(?:^|[\s(])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Vol|Art|Fig|pp?|Ch|Sec|Op)\.$"
)
# A lone initial ("Sergey V.") before a capitalised word.
_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.$")
# blingfire sometimes keeps "line. Mr." together: split before a title that
# follows a sentence end (a word ending in two lower-case letters, or a digit,
# then . ! or ?), but not inside "Lt. Col.". Group 1 is the gap to cut. The
# pattern opens with the punctuation itself (not a look-behind) so that the
# regex engine skips to candidate positions instead of trying every one.
_SPLIT_BEFORE_TITLE = re.compile(rf"[.!?](?:(?<=[a-z][a-z][.!?])|(?<=[0-9][.!?]))[\"”’']?(\s+)(?=(?:{_TITLES})\.\s)")
# a lower-case start that is not a brand name ("eBay", "iPhone")
_STARTS_LOWER = re.compile(r"^[\"'“‘(\[]?[a-z](?![a-z]*[A-Z])")
# ... after which a lower-case continuation belongs to the same sentence
_CONTINUES = re.compile(
    r"(?:[?!][\"'“”‘’)\]]*|(?:\.\.\.|…)[\"'“”‘’]*|(?<!\w)(?:[A-Za-z]{1,2}\.)+|(?<!\w)(?:etc|approx|[A-Z][a-z]{1,4})\.)$"
)
_STARTS_DIGIT = re.compile(r"^[\"'“‘(\[$€£]*\d")
_STARTS_UPPER_WORD = re.compile(r"^[A-Z][a-z]")

# The longest text each end-anchored pattern above can match: only that tail is searched.
_TAIL = {_NEVER_FINAL: 8, _BEFORE_NUMBER: 6, _INITIAL: 3}

# double quotation marks: an opening, a closing, or a straight one that toggles (single quotes are apostrophes too)
_QUOTE_MARK = re.compile(r"[“”\"]|``|''")


def quote_state(piece: str, depth: int, straight: bool) -> tuple[int, bool]:
    """The open curly (or ```` `` ````) quotations and whether a straight one is open, after ``piece``."""
    for mark in _QUOTE_MARK.findall(piece):
        if mark in ("“", "``"):
            depth += 1
        elif mark in ("”", "''"):
            depth = max(0, depth - 1)
        else:
            straight = not straight
    return depth, straight


_BLANK_LINE = re.compile(r"\n[ \t]*\n")

Span = tuple[int, int, int, int, SentenceKind]  # start, end, paragraph, section, kind


def _join_quotations(text: str, spans: list[Span], most: int, limit: int) -> list[Span]:
    """``spans`` with each quotation of 2 to ``most`` sentences (``limit`` chars at most) as one span.

    A quotation may run over sentences of one block, or of running-text lines
    with no blank line between them (texts with a sentence per line); never
    across a blank line, a heading or a bullet item.
    """
    out: list[Span] = []
    group: list[Span] = []  # the sentences of the open quotation so far
    depth, straight, spilled = 0, False, False  # spilled: the open quotation is too long to be one span
    for span in spans:
        a, b, _, _, kind = span
        if (group or spilled) and not _continues(text, out[-1] if spilled else group[-1], span):
            out.extend(group)  # the quotation ran on past its paragraph: its sentences stay apart
            group, spilled = [], False
        if not group and not spilled:
            depth, straight = 0, False  # no quotation open: this sentence starts afresh
        depth, straight = quote_state(text[a:b], depth, straight)
        is_open = (depth > 0 or straight) and kind != "heading"
        if spilled or (not group and not is_open):
            out.append(span)
            spilled = spilled and is_open
            continue
        group.append(span)
        if is_open and len(group) <= most:
            continue
        if not is_open and 1 < len(group) <= most and b - group[0][0] <= limit:
            out.append((group[0][0], b, *group[0][2:]))
        else:
            out.extend(group)
            spilled = is_open
        group = []
    out.extend(group)  # open at the end of the text: a quotation that runs on, or a stray mark
    return out


def _continues(text: str, last: Span, span: Span) -> bool:
    """Whether a quotation open at the end of ``last`` may go on in ``span``: the same block, or the next line."""
    if last[2] == span[2]:
        return True
    return last[4] == span[4] == "text" and not _BLANK_LINE.search(text, last[1], span[0])


_BULLET = re.compile(r"^[ \t]*(?:[-*•–—▪►]|\d{1,3}[.)])[ \t]+(?=\S)")
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(?=\S)")
_SENTENCE_END_CHARS = frozenset(".!?…:;,\"”’')]")  # a line ending in one of these closes its paragraph
# the first character of a line that can be a bullet or a Markdown heading (or a digit: str.isdecimal)
_MARKER_START = frozenset(" \t-*•–—▪►#")


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _ends_sentence(stripped):
        return False
    if _MD_HEADING.match(line):
        return True
    words = stripped.split()
    if len(words) > 12 or not any(ch.isalpha() for ch in stripped):
        return False
    if stripped.upper() == stripped:
        return True
    # Title Case: most words capitalised ("Why the Talks Failed")
    capitalised = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return capitalised >= 0.6 * len(words)


def _blocks(text: str) -> list[tuple[int, int, SentenceKind]]:
    """Paragraph, heading and bullet spans of ``text`` (content only, no markers), with their kinds."""
    blocks: list[tuple[int, int, SentenceKind]] = []
    extendable = False  # whether the next line may continue the last block (a soft wrap inside a sentence)
    end = -1
    for body in text.split("\n"):
        start, end = end + 1, end + 1 + len(body)
        if not body or body.isspace():
            extendable = False
            continue
        ends = body.rstrip()[-1] in _SENTENCE_END_CHARS
        bullet = heading = None
        if body[0] in _MARKER_START or body[0].isdecimal():
            bullet, heading = _BULLET.match(body), _MD_HEADING.match(body)
        # (a line that ends a sentence is no heading: _is_heading would say so)
        if bullet or ((heading or (not ends and _is_heading(body))) and not extendable):
            offset = (bullet or heading).end() if (bullet or heading) else 0  # type: ignore[union-attr]
            kind: SentenceKind = "bullet" if bullet else "heading"
            blocks.append((start + offset, end, kind))
            extendable = kind == "bullet" and not ends
            continue
        if extendable:
            blocks[-1] = (blocks[-1][0], end, blocks[-1][2])
        else:
            blocks.append((start, end, "text"))
        extendable = not ends
    return blocks


def _ends_sentence(line: str) -> bool:
    """True when ``line``'s last non-space character is sentence-closing punctuation."""
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in _SENTENCE_END_CHARS


def _ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern.search(text)`` for a ``$``-anchored pattern, trying only the tail it can match."""
    return pattern.search(text, max(0, len(text) - _TAIL[pattern])) is not None


def _should_join(left: str, right: str) -> bool:
    """True when blingfire's split between ``left`` and ``right`` is wrong."""
    left = left.rstrip()
    right = right.lstrip()
    if _ends_with(_NEVER_FINAL, left) or (_STARTS_LOWER.match(right) and _CONTINUES.search(left)):
        return True
    if _STARTS_DIGIT.match(right) and _ends_with(_BEFORE_NUMBER, left):  # the rarer test first
        return True
    return bool(_ends_with(_INITIAL, left) and _STARTS_UPPER_WORD.match(right) and len(left) > 2)


def _title_pieces(text: str, start: int, b: int, a: int) -> list[tuple[int, int]]:
    """``text[a:b]`` cut before each title that follows a sentence end, in a block that starts at ``start``."""
    chunk = text[start:b]  # the pattern's look-behind sees no further back than the block start
    pieces = []
    a -= start
    # from a - 1: the punctuation that opens a match may sit just before the piece
    for m in _SPLIT_BEFORE_TITLE.finditer(chunk, max(0, a - 1), b - start):
        pieces.append((start + a, start + m.start(1)))
        a = m.end(1)
    pieces.append((start + a, b))
    return pieces


class Segmenter:
    """Split articles into sentence spans for English news.

    Parameters
    ----------
    max_sentence_chars : int, default=2000
        A "sentence" longer than this (a text without punctuation, a table
        dump) is cut at the last space before the limit, so that no span is
        unbounded.
    max_quotation_sentences : int, default=3
        A quotation of up to this many sentences in one paragraph is one span.

    Examples
    --------
    >>> from precis.model import Article
    >>> art = Article("a", "Mr. Biden spoke on Dec. 3 at 3 p.m. to the U.S. press. It was brief.")
    >>> [s.text for s in Segmenter()(art)]
    ['Mr. Biden spoke on Dec. 3 at 3 p.m. to the U.S. press.', 'It was brief.']
    """

    def __init__(self, *, max_sentence_chars: int = 2000, max_quotation_sentences: int = 3) -> None:
        self.max_sentence_chars = max_sentence_chars
        self.max_quotation_sentences = max_quotation_sentences

    def __call__(self, article: Article) -> list[Sentence]:
        """The sentences of ``article``, in order, indexed from 0."""
        text = article.text
        found: list[Span] = []
        paragraph = -1
        section = 0
        raw = _fast.sentence_spans(text)
        # where a split before a title can fall: _split looks for one only in the pieces that hold such a place
        # (not after a title itself: "Col. Gen. Alexander Fomin" is one name)
        titles = [
            m.start()
            for m in _SPLIT_BEFORE_TITLE.finditer(text)
            if not _NEVER_FINAL.search(text[max(0, m.start() - _TAIL[_NEVER_FINAL]) : m.start() + 1])
        ]
        k, n_raw = 0, len(raw)
        for start, end, kind in _blocks(text):
            paragraph += 1
            if kind == "heading":
                if found:
                    section += 1
                spans = [(start, end)]
            else:
                # blingfire's spans of the whole text, cut at this block's edges
                while k < n_raw and raw[k][1] <= start:
                    k += 1
                j = k
                while j < n_raw and raw[j][0] < end:
                    j += 1
                inside = raw[k:j]
                if inside:
                    if inside[0][0] < start:
                        inside[0] = (start, inside[0][1])
                    if inside[-1][1] > end:
                        inside[-1] = (inside[-1][0], end)
                spans = self._split(text, start, inside or [(start, end)], titles)
            found += ((a, b, paragraph, section, kind) for a, b in spans)
        if self.max_quotation_sentences > 1 and len(found) > 1:
            found = _join_quotations(text, found, self.max_quotation_sentences, self.max_sentence_chars)
        return [Sentence.from_span(article, k, *span) for k, span in enumerate(found)]

    def _split(self, text: str, start: int, offsets: list[tuple[int, int]], titles: list[int]) -> list[tuple[int, int]]:
        """Repair blingfire's ``offsets`` inside the block that starts at ``start``, and strip them.

        ``titles`` are the sorted offsets in ``text`` where ``_SPLIT_BEFORE_TITLE``
        matches: a match inside a piece is a match in the whole text at the same
        place (the pattern sees no more of the piece than of the text), so a piece
        without one of them in its range has none.
        """
        if len(offsets) > 1:
            merged = [offsets[0]]
            for a, b in offsets[1:]:
                if _should_join(text[merged[-1][0] : merged[-1][1]], text[a:b]):
                    merged[-1] = (merged[-1][0], b)
                else:
                    merged.append((a, b))
            offsets = merged
        spans: list[tuple[int, int]] = []
        limit = self.max_sentence_chars
        for a, b in offsets:
            # from a - 1: the punctuation that opens a match may sit just before the piece
            at = bisect_left(titles, a - 1 if a > start else start)
            pieces = _title_pieces(text, start, b, a) if at < len(titles) and titles[at] < b else ((a, b),)
            for p, q in pieces:
                for lo, hi in self._cap(text, p, q) if q - p > limit else ((p, q),):
                    piece = text[lo:hi]
                    body = piece.strip()  # the same whitespace as str.isspace
                    if body:
                        lo += len(piece) - len(piece.lstrip())
                        spans.append((lo, lo + len(body)))
        return spans

    def _cap(self, text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
        limit = self.max_sentence_chars
        while b - a > limit:
            cut = text.rfind(" ", a + 1, a + limit)
            cut = cut if cut > a else a + limit
            yield a, cut
            a = cut
        yield a, b


def segment(article: Article) -> list[Sentence]:
    """The sentences of ``article`` with the default :class:`Segmenter`."""
    return Segmenter()(article)
