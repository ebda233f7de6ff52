"""Sentences that are not news: boilerplate lines, author bios, footers, web-page notices.

Web-page notices are what a crawler keeps of a page that had no article:
web-archive crawl notes ("These crawls are part of an effort to archive
pages..."), social-media location prompts, video-player and comment-box
messages, "enable JavaScript" notes.

They stay in the article (offsets never move) but are never selected.
:func:`boilerplate_reason` says why a sentence is passed over, or ``None``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from operator import le

from ..model import Sentence

__all__ = ["boilerplate_reason", "boilerplate_reasons", "cut_off", "display_text"]

_BOILERPLATE = re.compile(
    r"""\b(?:sign\s+up|subscribe|newsletter|click\s+here|download\s+(?:the\s+)?(?:pdf|app)
    |follow\s+us|all\s+rights\s+reserved|copyright|rush\s+transcript|read\s+more
    |share\s+this|this\s+(?:article|story)\s+(?:was|has\s+been)\s+(?:updated|corrected)
    |contributed\s+(?:to\s+)?this\s+report|in\s+your\s+inbox|our\s+(?:privacy|cookie)\s+policy
    |(?:was\s+)?(?:originally|first)\s+(?:published|appeared)\s+(?:in|on|by|at)|opinions\s+expressed\s+in)\b""",
    re.IGNORECASE | re.VERBOSE,
)
_NOTICE = re.compile(
    r"""\b(?:crawls?\s+(?:are|is|was|were)\s+(?:part\s+of|collections|run)|crawl\s+data|seed\s+for\s+(?:this\s+crawl|wide\d)
    |web\s+collections\s+curated|archive-it\s+service|wayback\s+machine|internet\s+archive
    |tweet\s+with\s+a\s+location|location\s+(?:information\s+)?to\s+your\s+tweets|(?:tweet\s+)?location\s+history
    |switch\s+location\s+on|media\s+playback\s+is\s+unsupported
    |video\s+has\s+been\s+rented|feature\s+is\s+not\s+available\s+right\s+now|try\s+again\s+later
    |transcript\s+could\s+not\s+be\s+loaded|next\s+to\s+all\s+of\s+your\s+comments
    |(?:enable|turn\s+on)\s+javascript|javascript\s+is\s+(?:disabled|turned\s+off))\b""",
    re.IGNORECASE | re.VERBOSE,
)
# One rare word of each notice phrase (the fast path below skips sentences with none of them)
_NOTICE_WORDS = ("crawl", "seed for", "curated", "archive", "wayback", "tweet", "location history",
                 "switch location", "playback", "rented", "right now", "try again", "could not be loaded",
                 "your comments", "javascript")  # fmt: skip
# The same phrases for lower-cased ASCII text: without the ignore-case flag, about three times faster.
_BOILERPLATE_ASCII = re.compile(_BOILERPLATE.pattern, re.VERBOSE)
_NOTICE_ASCII = re.compile(_NOTICE.pattern, re.VERBOSE)
# One word of each phrase above: ASCII text without any of them cannot match, and
# finding that out with substring tests is several times cheaper than the regex.
_BOILERPLATE_WORDS = (
    "sign", "subscribe", "newsletter", "click", "download", "follow", "reserved", "copyright", "transcript",
    "read", "share", "updated", "corrected", "contributed", "inbox", "policy", "originally", "first", "opinions",
)  # fmt: skip
_ALL_WORDS = _BOILERPLATE_WORDS + _NOTICE_WORDS
_END_MARKS = frozenset(".!?\"”'’)]…")
_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# words a sentence cannot end on: articles, conjunctions, subordinators, auxiliaries, possessives, subject pronouns
# and the prepositions that always want an object (not "on", "in", "up", "out": "the talks went on")
_CANNOT_END = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "for", "with", "from", "at", "by", "into", "onto",
    "upon", "as", "than", "that", "which", "who", "whom", "whose", "because", "although", "though", "if",
    "whether", "while", "when", "where", "has", "have", "had", "will", "would", "could", "should", "can", "may",
    "might", "must", "shall", "their", "its", "my", "our", "your", "she", "he", "they", "we", "i", *_COPULAS,
})  # fmt: skip
_PREPOSITIONS = frozenset({"on", "in", "at", "about", "over", "under", "after", "before", "near"})
_BIO = re.compile(
    r"""^(?:[A-Z][\w.'’-]+\s+){1,4}(?:is|was|covers|writes|reports)\b[^.]{0,160}?\b(?:
    correspondent|reporter|editor|writer|columnist|contributor|fellow|professor|author|analyst
    |journalist|producer|host|director\s+of|for\s+the\s+[A-Z]\w+)""",
    re.VERBOSE,
)


def boilerplate_reason(sentence: Sentence, *, last_paragraph: int) -> str | None:
    """Why ``sentence`` is boilerplate (``"boilerplate"``, ``"author bio"``), else ``None``.

    ``last_paragraph`` is the article's last paragraph number: author bios
    are looked for in the last two paragraphs only.
    """
    return _reason(sentence, last_paragraph, _ALL_WORDS)


def cut_off(sentence: Sentence, text: str) -> bool:
    """Whether the text stops in the middle of ``sentence``: it is the text's last, it has no end mark, and it
    ends on a word that cannot end a sentence ("When the mother returned, her daughter was on"), as a page or
    a corpus record cut at a length limit does. Such a fragment is never picked as a summary sentence (it may
    still be cited: its words are the article's)."""
    if text[sentence.end :].strip():
        return False
    words = [w.lower().strip(",;:-–—") for w in sentence.text.split()]
    if len(words) < 3 or sentence.text.rstrip()[-1:] in _END_MARKS:
        return False
    # "was on", "is in": a copula before a preposition wants what follows ("her daughter was on")
    return words[-1] in _CANNOT_END or (words[-1] in _PREPOSITIONS and words[-2] in _COPULAS)


def boilerplate_reasons(sentences: Sequence[Sentence], *, text: str) -> list[str | None]:
    """:func:`boilerplate_reason` of each sentence of one article whose text is ``text``.

    The same answers, found faster: a word of the boilerplate phrases that
    the article does not contain is not looked for in its sentences, and in
    ASCII text (where lower-casing keeps offsets) with the sentences in text
    order, as the segmenter gives them, only the sentences that hold one of
    the words, or that could be a bio, are tested at all.
    """
    if not sentences:
        return []
    last_paragraph = sentences[-1].paragraph
    if not text.isascii():
        return [_reason(s, last_paragraph, _ALL_WORDS) for s in sentences]
    lowered = text.lower()
    words = tuple(w for w in _ALL_WORDS if w in lowered)
    starts = [s.start for s in sentences]
    ends = [s.end for s in sentences]
    if not all(map(le, ends[:-1], starts[1:])):  # not disjoint spans in order: test every sentence
        return [_reason(s, last_paragraph, words) for s in sentences]
    tested = {k for k, s in enumerate(sentences) if s.paragraph >= last_paragraph - 1}
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            k = bisect_right(starts, at) - 1  # the one sentence that can hold this occurrence
            if k >= 0 and at + len(word) <= ends[k]:
                tested.add(k)
            at = lowered.find(word, at + 1)
    reasons: list[str | None] = [None] * len(sentences)
    for k in tested:
        reasons[k] = _reason(sentences[k], last_paragraph, words)
    return reasons


def _reason(sentence: Sentence, last_paragraph: int, words: tuple[str, ...]) -> str | None:
    if _has_boilerplate(sentence.text, words):
        return "boilerplate"
    if _has_notice(sentence.text, words):
        return "web-page notice"
    if sentence.paragraph >= last_paragraph - 1 and _BIO.match(sentence.text):
        return "author bio"
    return None


def _has_boilerplate(text: str, words: tuple[str, ...] = _ALL_WORDS) -> bool:
    """``_BOILERPLATE.search(text)``, skipped for ASCII text that has none of ``words`` (its phrases' words)."""
    if text.isascii():
        lowered = text.lower()
        return any(map(lowered.__contains__, words)) and _BOILERPLATE_ASCII.search(lowered) is not None
    return _BOILERPLATE.search(text) is not None


def _has_notice(text: str, words: tuple[str, ...] = _ALL_WORDS) -> bool:
    """``_NOTICE.search(text)``, skipped as :func:`_has_boilerplate` skips."""
    if text.isascii():
        lowered = text.lower()
        return any(map(lowered.__contains__, words)) and _NOTICE_ASCII.search(lowered) is not None
    return _NOTICE.search(text) is not None


_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_BRACKET_TOKEN = re.compile(r"-(?:L|R)(?:R|S|C)B-")
_QUOTES = re.compile(r"``\s*(.*?)\s*''|(?<!\S)\"\s+([^\"]*?)\s+\"(?!\w)")
_CLITIC = re.compile(r"\s+(n't|['’](?:s|re|ve|ll|d|m)\b)", re.IGNORECASE)
_SPACE_BEFORE = re.compile(r"\s+([.,;:!?%)\]}])")
_SPACE_AFTER = re.compile(r"([(\[{$])\s+")
_RUNS = re.compile(r"\s+")
# shown as nothing, but a terminal shows a soft hyphen inside its word ("Cus-tomers"); joiners shape emoji
_HIDDEN = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def display_text(text: str) -> str:
    """``text`` as a reader should see it: white space folded, tokenization debris undone, no soft hyphens.

    Only for display: summaries and citations keep the source's characters.
    Soft hyphens, zero-width spaces, word joiners and byte order marks are
    removed (the readers already remove them from what they read).

    >>> display_text("He said `` we do n't know '' -LRB- again -RRB- .")
    'He said "we don\\'t know" (again).'
    """
    if not text.isascii():
        text = text.translate(_HIDDEN)
    text = _RUNS.sub(" ", text).strip()
    if not any(mark in text for mark in (" '", " n't", " .", " ,", "``", "''", "-LRB-", "-RRB-", "( ", " )", '" ')):
        return text
    text = _BRACKET_TOKEN.sub(lambda m: _BRACKETS.get(m.group(0), m.group(0)), text)
    text = _QUOTES.sub(lambda m: f'"{m.group(1) if m.group(1) is not None else m.group(2)}"', text)
    text = _CLITIC.sub(r"\1", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    return _SPACE_AFTER.sub(r"\1", text)
