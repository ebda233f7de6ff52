"""Checks that articles are something precis can summarize, with messages that say what to do.

Raises :class:`~precis.errors.InputError` naming the article for: empty or
blank text, text with no sentence punctuation, and text that does not look
like English (precis's segmenter, stemmer and stop words are English).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, repeat
from operator import not_

from ..errors import InputError
from ..model import Article

__all__ = ["check_article", "check_articles", "looks_english", "partition_articles"]

_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "as",
        "by",
        "it",
        "at",
        "from",
        "he",
        "his",
        "be",
        "are",
        "have",
        "has",
        "had",
        "said",
        "were",
        "not",
        "but",
        "an",
        "they",
        "this",
        "which",
        "will",
        "would",
        "their",
        "been",
        "who",
        "its",
        "or",
        "after",
        "more",
        "than",
        "she",
        "her",
        "we",
        "also",
    ]
)
# frequent function words of other Latin-script languages (de, fr, es, it, pt, nl)
_FOREIGN_FUNCTION_WORDS = frozenset(
    "der die das und ist nicht mit den dem ein eine auf für sich des le la les et est une des dans pour pas "
    "qui sur el los las y es en una del por con para que il di che non per het een van zijn niet ohne am".split()
)
_WORD = re.compile(r"[^\W\d_]+")
# Text is handled as UTF-8 bytes: its ASCII words (runs of a-z) are what split() leaves once
# every other ASCII byte is a space, and that is several times cheaper than the regex; the few
# pieces with non-ASCII bytes (bytes >= 0x80 are kept) are split by the regex.
_NOT_LETTER_TO_SPACE = bytes(c if 97 <= c <= 122 or c >= 128 else 32 for c in range(256))
# one look-up per word counts both: English function words in the low 32 bits, foreign ones above
_FUNCTION_WORD_COUNTS = {
    w.encode(): (w in _FUNCTION_WORDS) + ((w in _FOREIGN_FUNCTION_WORDS) << 32)
    for w in _FUNCTION_WORDS | _FOREIGN_FUNCTION_WORDS
}
_SENTENCE_END = re.compile(r"[.!?…]")


def _words(lowered: str) -> list[bytes]:
    """``_WORD.findall(lowered)``, UTF-8 encoded."""
    words = lowered.encode("utf-8", "surrogatepass").translate(_NOT_LETTER_TO_SPACE).split()
    if lowered.isascii():
        return words
    ascii_flags = list(map(bytes.isascii, words))
    out: list[bytes] = []
    done = 0
    for k in compress(range(len(words)), map(not_, ascii_flags)):
        out += words[done:k]
        piece = words[k].decode("utf-8", "surrogatepass")
        out += [w.encode("utf-8", "surrogatepass") for w in _WORD.findall(piece)]
        done = k + 1
    out += words[done:]
    return out


def looks_english(text: str) -> bool:
    """True when ``text`` reads as English: mostly Latin letters, common function words present.

    Examples
    --------
    >>> looks_english("The talks in Geneva ended without a deal on Monday.")
    True
    >>> looks_english("Die Gespräche in Genf endeten am Montag ohne Einigung.")
    False
    """
    lowered = text[:5_000].lower()
    words = _words(lowered)
    n_words = len(words)
    if not lowered.isascii() and sum(map(bytes.isascii, words)) < 0.7 * n_words:  # mostly another script
        return False
    counts = sum(map(_FUNCTION_WORD_COUNTS.get, words, repeat(0)))
    english, foreign = counts & 0xFFFFFFFF, counts >> 32
    if not n_words:
        return False
    if foreign >= 2 and foreign > english:
        return False
    # long enough to judge by how often English function words occur
    return n_words < 20 or english >= 0.08 * n_words


def check_article(article: Article, *, check_language: bool = True) -> None:
    """Raise :class:`InputError` when ``article`` cannot be summarized."""
    name = f"article {article.id!r}"
    text = article.text
    if not text or text.isspace():
        raise InputError(f"{name} is empty: give it some text to summarize.", source=article.id)
    if not _SENTENCE_END.search(text) and len(text.split()) > 40:
        raise InputError(
            f"{name} has no sentence punctuation (. ! ?), so it cannot be split into sentences; "
            "give precis running prose, not a word list or a transcript without punctuation.",
            source=article.id,
        )
    if check_language and not looks_english(text):
        raise InputError(
            f"{name} does not look like English; precis summarizes English news only "
            "(pass check_language=False, or --no-language-check on the CLI, to try anyway).",
            source=article.id,
        )


def check_articles(articles: Sequence[Article], *, check_language: bool = True) -> None:
    """Check every article, and that ids are unique."""
    if not articles:
        raise InputError("There is nothing to summarize: no article was given.")
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise InputError(
                f"Two articles share the id {article.id!r}; give each article its own id.", source=article.id
            )
        seen.add(article.id)
        check_article(article, check_language=check_language)


def partition_articles(
    articles: Sequence[Article], *, check_language: bool = True
) -> tuple[list[Article], list[InputError]]:
    """Split ``articles`` into those :func:`check_article` accepts and the errors of the rest."""
    good: list[Article] = []
    bad: list[InputError] = []
    for article in articles:
        try:
            check_article(article, check_language=check_language)
        except InputError as exc:
            bad.append(exc)
        else:
            good.append(article)
    return good, bad
