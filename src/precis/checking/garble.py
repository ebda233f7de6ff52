"""Garbled text: doubled words, glued words and tokenization debris in one sentence.

Machine summaries break text in a few recurring, cheap-to-see ways:

* **doubled** words or phrases: ``"the the"``, ``"NATO and NATO"``,
  ``"France, Germany and Germany"``, or a six-word phrase said twice in one
  sentence;
* **glued** words: ``"andLuhansk"`` (camel-case join), ``"almostno"`` (a
  lower-case token that is not a known word but splits into two that are),
  ``"Ukraine'sborder"`` (a word glued after a contraction), ``"talks.The"``;
* **debris** of tokenizers and decoders: a space before punctuation
  (``"Tottenham 's"``, ``"Luhansk ."``), PTB tokens (``-lrb-``, two backquotes),
  ``@-@``, ``"20 - year - old"``, doubled punctuation (``",,"``), HTML
  entities, mojibake (``"â€™"``), model tokens (``<unk>``) and a sentence that
  starts in mid-clause with a lower-case word.

Every candidate is checked against the sources: one whose text (the matched
span, grown to whole words at its edges) occurs verbatim in a source is not
flagged, so an extractive summary that faithfully copies a tokenized source
(``"Tottenham 's"``) gets no flag. Legitimate repetition ("again and again",
"had had", "Northern Ireland and Ireland", "war and war crimes") is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from operator import eq
from typing import NamedTuple

from ..model import Flag

__all__ = ["DEBRIS_PREFIX", "FUNCTION_WORDS", "garble_flags", "is_debris"]

#: About 300 common English function and short words, written for precis.
FUNCTION_WORDS: frozenset[str] = frozenset(
    """a about above across after again against ago ahead all almost alone along already also although always
    am among an and another any anybody anyone anything anyway anywhere are around as at away back be became
    because become been before behind being below beside besides between beyond both but by can cannot could
    did do does doing done down during each either else elsewhere enough even ever every everybody everyone
    everything everywhere except far few first for former from further get gets getting give given go goes
    going gone got had has have having he her here hers herself him himself his how however i if in including
    indeed inside instead into is it its itself just last least less like likely made make many may maybe me
    meanwhile might mine more moreover most mostly much must my myself near nearly neither never new next no
    nobody none nor not nothing now nowhere of off often old on once one only onto or other others otherwise
    our ours ourselves out over own per perhaps quite rather really said same say says see seem seemed seems
    several shall she should since so some somebody someone something sometimes somewhere soon still such
    than that the their theirs them themselves then there thereby therefore these they this those though
    through throughout thus to today together told too toward towards two under unless until up upon us very
    via was we well were what whatever when whenever where whereas wherever whether which while who whoever
    whole whom whose why will with within without would yes yet you your yours yourself three four five six
    seven eight nine ten hundred thousand million billion day days week weeks year years time times people
    man men woman women way part big small high low good great little right left top end take took come came
    saw know knew think thought want wanted use used find found tell ask asked work feel try leave call put
    mean keep let begin show hear play run move live believe hold bring happen write sit stand lose pay meet
    include continue set learn change lead understand watch follow stop create speak read allow add spend grow
    open walk win offer remember consider appear buy wait serve die send expect build stay fall cut reach kill
    remain suggest raise pass sell require report decide pull""".split()
)
# Real words that the glue rules below would otherwise split ("of"+"ten").
_COMPOUNDS = frozenset(
    """often theme thereof hereof whereof forthwith herewith therewith wherewith whichever somehow thereafter
    thereupon whereupon hereby herein therein wherein whereby tonight tomorrow nonetheless nevertheless
    hasten behave""".split()
)
_KNOWN = FUNCTION_WORDS | _COMPOUNDS
# Parts that almost never start (left) or end (right) a real English word, so a split on them is trusted.
_STRONG_LEFT = frozenset(
    """the and of that this which were has have had been would could should from their these those almost
    although because against among during between whether""".split()
)
_STRONG_RIGHT = frozenset(
    """the and no not of that this which were has have had been would could should from their with these those
    although because whether nothing during between""".split()
)
# Lower-case prefixes of real camel-case names (iPhone, eBay, deGrasse, vanHollen, macOS).
_NAME_PREFIXES = frozenset("i e d o de da di du la le van von mc mac al el bin ibn abu".split())
# Legitimate "X X" and "X and X" repetitions (lower-cased).
_DOUBLE_OK = frozenset(
    """had that her bye ha no yes very knock tut chop yo choo bling boo hush cha aye bang blah night well there now
    come many far really so do ho drip bam tick ding hip la walla bora pago sing duran baden sirhan mahi""".split()
)
_COORD_OK = frozenset(
    """again more less fewer over on round around through out up by ever better worse further farther neck such
    may might can could will would should must did does do is are was were has have time hours days weeks months
    years decades miles thousands millions billions hundreds dozens tons rows ages""".split()
)
_DOUBLE_AFTER = {
    "to": frozenset("have has had having need needs needed ought got going used want wants wanted able".split()),
    "is": frozenset("it that this what thing problem question point issue truth fact reason".split()),
}
_PARTICLES = frozenset("in on out up down off over back".split())
_CONJ = frozenset({"and", "or", "nor"})
_LINKS = _CONJ | {"after", "by", "upon"}
# Words that may follow the last item of a coordination ("France and France are ...", "oil and oil from ...").
_CLAUSE_WORDS = frozenset(
    """of in on at to for from with by about into over after before under between during against without through
    as than that which who whose where when and or but nor so is are was were be been has have had will would can
    could may might must should shall did do does said says told , . ; : ! ? ) -""".split()
)
_DETERMINERS = frozenset("the a an his her its their our my your this these those".split())
_MAX_ITEM = 4

_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*(?:(?<=\.[A-Za-z])\.)?|[^\w\s]")  # "U.S." is one token
_WORD = re.compile(r"[^\W_]+")
_CAMEL = re.compile(  # not a handle, hashtag or domain: "@JebBush", "#TheWho", "TheBlaze.com"
    r"(?<![\w'’.@#-])(?:([a-z]{2,})([A-Z][A-Za-z]+)|([A-Z][a-z]{2,})([A-Z][a-z]{2,}))\b(?!\.[A-Za-z])"
)
_LOWER_UPPER = re.compile(r"[a-z][A-Z]")
_CONTRACTION_GLUE = re.compile(r"\b[^\W\d_]+(['’](?:s|re|ve|ll|d|m)|n['’]t)([a-z]{2,})\b")
_DEBRIS = re.compile(
    r"(?P<space>(?<=[\w)\]\"'’”%]) (?:[.,;:!?](?![.\w]| \.)|[)\]]|['’](?:s|re|ve|ll|d|m)\b|n['’]t\b))"
    r"|(?P<open>[(\[] (?=\w))"
    r"|(?P<ptb>``|''|(?i:-[lr][rsc]b-))"
    r"|(?P<at>@ ?[-.,]? ?@)"
    r"|(?P<hyphen>\b\w+ - \w+ - \w+\b|\b\w+ - (?:year|month|week|day|hour|minute)s? - old\b)"
    r"|(?P<punct>,\s*[,.;:]|[;:]\s*[,.;:]|(?<!\.)(?<!\. )\.\s+\.(?!\s*\.)|(?<=[a-z])\.\.(?!\.)|,,)"
    r"|(?P<nospace>(?<=[a-z]{2})[.!?](?=[A-Z][a-z])|(?<=[a-z])[,;](?=[A-Za-z]))"
    r"|(?P<entity>&(?i:amp|quot|apos|lt|gt|nbsp|#\d{2,5}|#x[0-9a-fA-F]{2,4});)"
    r"|(?P<mojibake>â€[™œ\x9d“”˜¦¢]|Ã[\x80-\xbf©¨§¡³±¶¼]|Â[\xa0-\xbf]|\ufffd)"
    r"|(?P<token>(?i:<unk>|\[UNK\]|</?s>|<n>|<pad>|\[SEP\]|\[CLS\]|<mask>))"
)
# Cheap prefilters: every _DEBRIS match contains one of these (literal-led regexes and sets are fast in `re`).
_HINT_SPACE = re.compile(r" (?:[.,;:!?)\]'’]|n['’]t)")
_HINT_CHARS = frozenset("`@&âÃÂ\ufffd<[")
_HINT_SUBSTRINGS = ("( ", "''", "b-", "B-", " - ", "..", ". .")
_HINT_PUNCT = re.compile(r"[.!?,;:](?:(?<=[a-z][.!?,;])(?=[A-Za-z])|(?<=[,;:]) ?[,.;:])")
#: How the messages of tokenization debris begin (see :func:`is_debris`).
DEBRIS_PREFIX = "Tokenization debris"
_DEBRIS_MESSAGES = {
    "space": "Tokenization debris: a space before {m!r}",
    "open": "Tokenization debris: a space after {m!r}",
    **dict.fromkeys(("ptb", "at"), "Tokenization debris: the tokenizer symbol {m!r}"),
    "hyphen": "Tokenization debris: spaces around hyphens in {m!r}",
    "punct": "Doubled punctuation: {m!r}",
    "nospace": "A space is missing after {m!r}",
    "entity": "An HTML entity was left in the text: {m!r}",
    "mojibake": "Mis-decoded characters (mojibake): {m!r}",
    "token": "A model token was left in the text: {m!r}",
}
_LEADING_LOWER = re.compile(r"\s*[\"'‘“(]?([a-z]+)\b(?![.'’-]\w)")
_SENTENCE_START = r"(?:^|[.!?:;\n]\s*)(?:``|[\"'‘“(])?\s*{}"
_PHRASE = 6  # words in a phrase that must not occur twice in one sentence


class _Candidate(NamedTuple):
    """A possible flag and the text that, found verbatim in a source, clears it."""

    start: int
    end: int
    message: str
    context: str


class _Sentence:
    """One sentence, tokenized once; token offsets are computed only when a candidate needs them."""

    __slots__ = ("_spans", "low", "text", "toks")

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks: list[str] = _TOKEN.findall(text)
        self.low = [t.lower() for t in self.toks]
        self._spans: list[tuple[int, int]] | None = None

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets of tokens ``first`` to ``last`` (inclusive)."""
        if self._spans is None:
            self._spans = [m.span() for m in _TOKEN.finditer(self.text)]
        return self._spans[first][0], self._spans[last][1]


def garble_flags(
    text: str, *, vocabulary: Collection[str] = frozenset(), source_texts: Sequence[str] = ()
) -> list[Flag]:
    """Flags of kind 'garbled' in one sentence `text`, sorted by start.

    Parameters
    ----------
    text : str
        One sentence; flag offsets index it.
    vocabulary : collection of str
        Lower-cased words known to be real (the sources' words and the
        summary's other words); a set is fastest. The two parts of a glued
        word must be in it, in :data:`FUNCTION_WORDS` or among the sentence's
        other words. When ``source_texts`` are given, the glued token itself
        counts as a word only if a source has it, so a summary's own
        ``"almostno"`` cannot vouch for itself.
    source_texts : sequence of str
        The sources. A candidate whose text (the matched span grown to whole
        words) occurs verbatim in one is not flagged; two parts that occur
        side by side in a source make a glued word certain.

    Returns
    -------
    list of Flag
        One flag per problem, sorted by ``start``; empty for a clean sentence.

    Examples
    --------
    >>> [(f.start, f.end, f.message) for f in garble_flags("NATO and NATO met in Geneva.")]
    [(0, 13, '"NATO" is doubled: "NATO and NATO"')]
    >>> garble_flags("Tottenham 's coach left.", source_texts=["Tottenham 's coach left early ."])
    []
    """
    vocab = vocabulary if isinstance(vocabulary, AbstractSet) else frozenset(vocabulary)
    sources = tuple(source_texts)
    sent = _Sentence(text)
    found: dict[tuple[int, int], _Candidate] = {}
    for cand in _candidates(sent, vocab, sources):
        if (cand.start, cand.end) not in found and not any(cand.context in s for s in sources):
            found[cand.start, cand.end] = cand
    return [Flag("garbled", c.start, c.end, c.message) for c in _drop_nested(sorted(found.values()))]


def is_debris(flag: Flag) -> bool:
    """True for a flag of tokenization debris ("Tokenization debris: a space before '.'").

    Such debris says how a summary was produced, not what it claims, and it
    recurs on nearly every sentence of a tokenized summary: the checker reports
    it once for the summary (:mod:`.notes`) rather than on each sentence.
    """
    return flag.kind == "garbled" and flag.message.startswith(DEBRIS_PREFIX)


def _candidates(sent: _Sentence, vocab: AbstractSet[str], sources: tuple[str, ...]) -> Iterator[_Candidate]:
    """Every detector's candidates, in no particular order."""
    yield from _doubled(sent)
    yield from _coordinated(sent)
    yield from _repeated_phrase(sent)
    yield from _glued(sent, vocab, sources)
    yield from _debris(sent.text)
    yield from _lower_start(sent.text, sources)


def _drop_nested(cands: list[_Candidate]) -> list[_Candidate]:
    """Keep the outermost of nested candidates: one problem, one flag."""
    kept: list[_Candidate] = []
    for c in cands:
        if not any(k.start <= c.start and c.end <= k.end for k in kept):
            kept = [k for k in kept if not (c.start <= k.start and k.end <= c.end)] + [c]
    return sorted(kept)


def _grown(text: str, start: int, end: int) -> str:
    """``text[start:end]`` grown to whole words at both edges."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def _doubled(sent: _Sentence) -> Iterator[_Candidate]:
    """A word or phrase of up to four words said twice in a row: "the the", "in the in the"."""
    low, toks = sent.low, sent.toks
    for k in range(1, 5):
        eqs = list(map(eq, low, low[k:]))
        if True not in eqs:
            continue
        for i in (j for j, same in enumerate(eqs) if same):
            if not all(eqs[i : i + k]) or not all(t[0].isalpha() for t in low[i : i + k]) or len(eqs) < i + k:
                continue
            phrase = " ".join(toks[i : i + k])
            after = toks[i + 2 * k] if i + 2 * k < len(toks) else ""
            before = low[i - 1] if i > 0 else ""
            if k > 1 and not _LINKS.isdisjoint(low[i : i + k]):  # "cried and cried and", "row after row after"
                continue
            if (
                phrase.lower() in _DOUBLE_OK
                or (phrase.istitle() and after[:1].isupper())
                or _legit_double(phrase.lower(), before)
            ):
                continue
            start, end = sent.span(i, i + 2 * k - 1)
            span = sent.text[start:end]
            yield _Candidate(start, end, f'"{phrase}" is doubled: "{span}"', span)
            return


def _legit_double(word: str, before: str) -> bool:
    """True for "have to to", "what it is is", "break in in": a doubled word that grammar allows there."""
    if word in _PARTICLES:
        return before[:1].isalpha() and before not in FUNCTION_WORDS
    return before in _DOUBLE_AFTER.get(word, ())


def _is_name_part(tok: str) -> bool:
    """True for a capitalised word that is not a function word."""
    return tok[0].isupper() and tok.lower() not in FUNCTION_WORDS


def _is_content(tok: str) -> bool:
    """True for a lower-case word that is not a function word."""
    return tok[0].islower() and tok not in FUNCTION_WORDS


def _bounded(toks: list[str], lo: int, hi: int) -> bool:
    """True when ``toks[lo:hi]``, an item of a coordination, does not run on into a longer phrase."""
    before = toks[lo - 1] if lo > 0 else ","
    after = toks[hi] if hi < len(toks) else ","
    if toks[hi - 1][0].isupper():  # "Northern Ireland and Ireland", "New York and New York City"
        return not _is_name_part(before) and not _is_name_part(after)
    ends = after in _CLAUSE_WORDS or not after[0].isalpha()
    return not _is_name_part(before) and ends  # "U.S. citizens and citizens", "war and war crimes"


def _emphatic(word: str) -> bool:
    """Lower-case -er/-ed/-ing words repeat for emphasis: "bigger and bigger", "waited and waited"."""
    return word.islower() and word.endswith(("er", "ed", "ing"))


def _coordinated(sent: _Sentence) -> Iterator[_Candidate]:
    """ "X and X", "X or X" and lists that name an item twice ("France, Germany and France")."""
    for c in [i for i, t in enumerate(sent.low) if t in _CONJ and i > 0]:
        cand = _adjacent_repeat(sent, c) or _list_repeat(sent, c)
        if cand is not None:
            yield cand


def _adjacent_repeat(sent: _Sentence, c: int) -> _Candidate | None:
    """ "NATO and NATO", "the U.S. and the U.S.": the items on both sides of conjunction ``c`` are equal."""
    toks = sent.toks
    for n in range(1, _MAX_ITEM + 1):
        left, right = toks[max(c - n, 0) : c], toks[c + 1 : c + 1 + n]
        if len(left) < n or len(right) < n or not all(t[0].isalnum() for t in left + right):
            return None
        if left != right:
            continue
        word = " ".join(right)
        if (n == 1 and (word.lower() in _COORD_OK or word in FUNCTION_WORDS)) or _emphatic(right[0]):
            return None
        if not (_bounded(toks, c + 1, c + 1 + n) and _bounded(toks, c - n, c)):
            return None
        start, end = sent.span(c - n, c + n)
        span = sent.text[start:end]
        return _Candidate(start, end, f'"{word}" is doubled: "{span}"', span)
    return None


def _item_key(items: list[str]) -> tuple[str, ...]:
    """A list item as compared: case-sensitive ("Butcher" is not "butcher"), without a leading "the"."""
    return tuple(items[1:] if len(items) > 1 and items[0].lower() == "the" else items)


def _list_items(toks: list[str], c: int) -> list[tuple[int, int]]:
    """Token ranges of the comma-separated items before the conjunction at ``c`` (the first one cut short)."""
    items: list[tuple[int, int]] = []
    hi = c - 1 if toks[c - 1] == "," else c  # Oxford comma
    lo = hi
    while lo > 0:
        tok = toks[lo - 1]
        if tok == ",":
            if lo == hi:
                return []
            items.append((lo, hi))
            hi = lo = lo - 1
        elif tok[0].isalnum() and hi - lo < _MAX_ITEM and tok.lower() not in _CONJ:
            lo -= 1
        else:
            break
    if lo < hi:
        items.append((lo, hi))
    items.reverse()
    if any(toks[lo].lower() in FUNCTION_WORDS - _DETERMINERS for lo, _ in items[1:]):
        return []  # "success and stature, though success and stature": clauses, not a list
    return items


def _list_repeat(sent: _Sentence, c: int) -> _Candidate | None:
    """A list "A, B and A" whose last item repeats an earlier one (or two earlier items repeat)."""
    toks = sent.toks
    items = _list_items(toks, c)
    if len(items) < 2:
        return None
    end = c + 1
    while end < min(len(toks), c + 1 + _MAX_ITEM) and toks[end][0].isalnum():
        if end > c + 1 and (toks[end].lower() in FUNCTION_WORDS or toks[end][0].isupper() != toks[c + 1][0].isupper()):
            break
        end += 1
    if end > c + 1:
        items.append((c + 1, end))
    for j in range(2, len(items)):
        key = _item_key(toks[items[j][0] : items[j][1]])
        for i in range(j - 1):  # adjacent items are _adjacent_repeat's or _doubled's
            lo, hi = items[i]
            lo = max(lo, hi - len(key)) if i == 0 else lo  # "Leaders of France, ..."
            if key and _item_key(toks[lo:hi]) == key:
                start, stop = sent.span(lo, items[j][1] - 1)
                span = sent.text[start:stop]
                return _Candidate(start, stop, f'"{" ".join(key)}" is named twice in one list: "{span}"', span)
    return None


def _repeated_phrase(sent: _Sentence) -> Iterator[_Candidate]:
    """A phrase of six words, three of them content words, said twice in one sentence (a decoding loop)."""
    index = [i for i, t in enumerate(sent.low) if t[0].isalnum()]
    words = [sent.low[i] for i in index]
    if len(set(words)) > len(words) - _PHRASE:  # a repeated phrase repeats _PHRASE words
        return
    grams = list(zip(*(words[j:] for j in range(_PHRASE)), strict=False))
    if len(set(grams)) == len(grams):
        return
    seen: dict[tuple[str, ...], int] = {}
    for i, gram in enumerate(grams):
        first = seen.setdefault(gram, i)
        if first <= i - _PHRASE and sum(w not in FUNCTION_WORDS for w in gram) >= 3:
            start, end = sent.span(index[i], index[i + _PHRASE - 1])
            span = sent.text[start:end]
            yield _Candidate(start, end, f'"{span}" is repeated in the sentence', span)
            return


@lru_cache(maxsize=8)
def _lowered(sources: tuple[str, ...]) -> tuple[str, ...]:
    """The sources, lower-cased once per distinct set of sources."""
    return tuple(s.lower() for s in sources)


@lru_cache(maxsize=8)
def _source_words(sources: tuple[str, ...]) -> frozenset[str]:
    """The sources' lower-cased words, computed once per distinct set of sources."""
    return frozenset(w for s in _lowered(sources) for w in _WORD.findall(s))


def _attested(word: str, vocab: AbstractSet[str], sources: tuple[str, ...]) -> bool:
    """True when ``word`` (lower-case) is a known word: built in, or in the sources (else the vocabulary)."""
    return word in _KNOWN or (word in _source_words(sources) if sources else word in vocab)


def _known(part: str, vocab: AbstractSet[str], others: AbstractSet[str]) -> bool:
    """True when ``part`` is a word of the vocabulary, of the built-in list or of the sentence."""
    return part in _KNOWN or part in vocab or part in others


def _split(
    word: str, vocab: AbstractSet[str], others: AbstractSet[str], sources: tuple[str, ...], capital: bool
) -> tuple[str, str] | None:
    """The split of an unknown ``word`` into two known parts that most likely were glued, or None."""
    for i in range(1, len(word)):
        left, right = word[:i], word[i:]
        if not _known(left, vocab, others) or not _known(right, vocab, others):
            continue
        strong, other = (left, right) if left in _STRONG_LEFT else (right, left) if right in _STRONG_RIGHT else ("", "")
        short_ok = other in FUNCTION_WORDS or other is right  # "inthe", "wasnot"; not "photo" = "pho"+"to"
        if other and len(other) >= (2 if short_ok and not capital else 4) and len(strong) >= (3 if capital else 2):
            return left, right
        if min(len(left), len(right)) >= 3 and sources and any(f"{left} {right}" in s for s in _lowered(sources)):
            return left, right
    return None


def _glued(sent: _Sentence, vocab: AbstractSet[str], sources: tuple[str, ...]) -> Iterator[_Candidate]:
    """Words run together: camel-case joins, unknown tokens that split in two, glue after a contraction."""
    text = sent.text
    if _LOWER_UPPER.search(text):
        yield from _camel(text, vocab, sources)
    words = set(sent.low)
    tokens = {t.lower(): t for t in sent.toks if len(t) >= 5 and t.isalpha() and (t.islower() or t.istitle())}
    unknown = tokens.keys() - _KNOWN - (_source_words(sources) if sources else vocab) if tokens else ()
    for word in unknown:
        tok = tokens[word]
        parts = _split(word, vocab, words - {word}, sources, tok[0].isupper())
        if parts:
            msg = f'"{tok}" looks like two words run together: "{tok[: len(parts[0])]} {tok[len(parts[0]) :]}"'
            for m in re.finditer(rf"\b{tok}\b", text):
                yield _Candidate(m.start(), m.end(), msg, tok)
    if "'" in text or "’" in text:
        for m in _CONTRACTION_GLUE.finditer(text):
            tail = m.group(2)
            if _known(tail, vocab, words) and (len(tail) >= 3 or tail in FUNCTION_WORDS):
                head = m.group()[: m.start(2) - m.start()]
                msg = f'"{m.group()}" looks like two words run together: "{head} {tail}"'
                yield _Candidate(m.start(), m.end(), msg, m.group())


def _camel(text: str, vocab: AbstractSet[str], sources: tuple[str, ...]) -> Iterator[_Candidate]:
    """ "andLuhansk", "theKremlin", "RussiaUkraine"; not iPhone, eBay, YouTube, McDonald or DeSantis."""
    for m in _CAMEL.finditer(text):
        low, up = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        token = m.group()
        if low.lower() in _NAME_PREFIXES or _attested(token.lower(), vocab, sources):
            continue
        glue_word = low.lower() in _STRONG_LEFT | _CONJ or (m.group(1) is not None and low in FUNCTION_WORDS)
        both_known = len(low) >= 3 and low.lower() in vocab and up.lower() in vocab
        if glue_word or (both_known and FUNCTION_WORDS.isdisjoint((low.lower(), up.lower()))):
            yield _Candidate(m.start(), m.end(), f'"{token}" looks like two words run together: "{low} {up}"', token)


def _debris(text: str) -> Iterator[_Candidate]:
    """Tokenizer and decoder leftovers: spaced punctuation, PTB symbols, entities, mojibake, model tokens."""
    hinted = _HINT_SPACE.search(text) or not _HINT_CHARS.isdisjoint(text) or _HINT_PUNCT.search(text)
    if not hinted and not any(h in text for h in _HINT_SUBSTRINGS):
        return
    for m in _DEBRIS.finditer(text):
        kind = m.lastgroup or "punct"
        shown = m.group().strip() or m.group()
        yield _Candidate(m.start(), m.end(), _DEBRIS_MESSAGES[kind].format(m=shown), _grown(text, m.start(), m.end()))


def _lower_start(text: str, sources: tuple[str, ...]) -> Iterator[_Candidate]:
    """A sentence that starts with a lower-case word: a fragment cut from the middle of a sentence."""
    m = _LEADING_LOWER.match(text)
    if m is None or m.group(1) in _NAME_PREFIXES:
        return
    # the first three words, whatever spacing and punctuation a display form gave them ("cnn) --" / "cnn ) --")
    opening = r"\W+".join(map(re.escape, re.findall(r"\w+", text[m.start(1) :])[:3]))
    if sources and any(re.search(_SENTENCE_START.format(opening), s) for s in sources):
        return
    msg = f'The sentence starts in mid-clause: "{m.group(1)}" is lower-case'
    yield _Candidate(m.start(1), m.end(1), msg, "\x00")  # never found verbatim: the sources were checked above
