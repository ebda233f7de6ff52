"""Names, attributions, figures and quotations in a summary sentence, checked against the sources.

Rules and ``re`` only, cheap enough for every sentence ``precis check`` audits
(rates on ``faithfulness_dev``: ``bench/mentions_rates.py``).

* **entities**: runs of capitalised words ("Carnegie Moscow Center", "U.S.").
  Supported when each word occurs in the sources, ignoring case and
  possessives, allowing aliases and demonyms ("U.S." / "United States",
  "Russian" / "Russia"), so partial names ("Putin") pass. A sentence with no
  capital after its first word is lower-cased text, where no entity is found.
* **attributions**: named sources of reported speech ("says CNN's John
  Sutter", "David Frum writes", "according to Reuters"), checked like names.
* **numbers**: digits, money, percentages, number words, ordinals and dates,
  normalised ("100,000" = "100k", "twelve" = "12", "5 billion" = "5bn",
  "Dec. 3" = "3 December"); a figure absent from the sources whose unit the
  sources use is reported with the source figure ("13 miles" vs "12 miles"),
  and so is the top of a range that the sources give only in other units
  ("five to seven minutes" where they say "five minutes" and "seven years").
* **quotes** of three words or more must be verbatim in one source, ignoring
  case, punctuation, quote characters and tokenisation spaces ("Tottenham 's").

Offsets of every :class:`~precis.model.Flag` index the sentence text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..lexicon.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from ..lexicon.quantities import (
    CARDINALS,
    DOZEN,
    HUNDRED,
    ORDINALS,
    SCALE_ABBREVIATIONS,
    SCALE_LETTERS,
    SCALES,
    TENS,
)
from ..lexicon.stopwords import STOP_WORDS
from ..model import Flag

__all__ = ["SourceFacts", "mention_counts", "mention_flags"]

_UNITS = list(CARDINALS)
_TENS = list(TENS)
_WORD_VALUES = CARDINALS | TENS | {DOZEN: 12, HUNDRED: 100} | {w: 10**p for w, p in SCALES.items()} | ORDINALS
_SCALE = {HUNDRED: 2} | SCALES | SCALE_ABBREVIATIONS | SCALE_LETTERS
_MONTH_WORDS = {m.lower() for m in MONTHS} | {a.lower() for a in MONTH_ABBREVIATIONS}
_MONTH_RE = "(?:" + "|".join(sorted(_MONTH_WORDS, key=lambda w: (-len(w), w))) + ")"
# "may" is a verb and a name ("Theresa May") more often than a month standing alone
_CALENDAR = [*(d.lower() for d in WEEKDAYS), *(m.lower() for m in MONTHS if m != "May")]
# Capitalised words that are not names when they stand alone.
_NOT_NAMES = frozenset([*_CALENDAR, *"i ok oh click".split(), *_WORD_VALUES])
_COMMON = STOP_WORDS | _NOT_NAMES
# Titles: part of a name's span, but not required to occur in the sources.
_TITLES = frozenset(
    "mr mrs ms dr sir dame lord lady prof gen sen rep gov lt col capt sgt president prime minister chancellor"
    " secretary senator governor mayor king queen prince princess pope judge chief general captain coach"
    " manager boss officer detective inspector sergeant st jr sr".split()
)
# Words that join two capitalised words into one name ("Bank of England", "Jaco van Zyl").
_CONNECTORS = r"(?:of|de|van|von|der|den|del|da|du|la|le|al|bin|for|the)"
# Names that stand for one another; "_" joins the words of a multi-word name.
_ALIAS_GROUPS = (
    "us usa america american americans united_states; uk britain british britons united_kingdom great_britain;"
    " england english englishman; scotland scottish scots scot; wales welsh; ireland irish; france french;"
    " netherlands holland dutch; switzerland swiss; china chinese; japan japanese; spain spanish; turkey turkish;"
    " greece greek; philippines filipino; un united_nations; eu european_union"
)
_ALIASES = {
    name: tuple(n.replace("_", " ") for n in group.split())
    for group in _ALIAS_GROUPS.split(";")
    for name in group.split()
}
_DEMONYM_SUFFIXES = (("ians", "ia"), ("ian", "ia"), ("ian", "y"), ("ans", "a"), ("an", "a"), ("i", ""), ("n", ""))

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_GLUE = re.compile(r"\s+(?=n't\b|'(?:s|re|ve|ll|d|m)\b)")
_CAP = r"(?<![\w&'’.-])(?:[A-Z](?:\.[A-Z])+\.?|[A-Z](?:[\w&-]|['’](?=\w))*)"
_RUN = rf"{_CAP}(?:\s+(?:{_CONNECTORS}\s+)*{_CAP})*"
_ENTITY = re.compile(_RUN)
_ATTRIBUTEE = rf"(?:{_RUN}(?:['’]s?\s+{_RUN})?)"
_SAY = r"(?:says|said|writes|wrote|reports|reported|argues|argued|told|tells|notes|noted|claims|claimed|warns|warned"
_SAY += r"|adds|added|explains|explained|insists|insisted|believes)"
_ATTRIBUTION = re.compile(
    rf"(?:{_SAY}|[Aa]ccording\s+to)\s+(?P<after>{_ATTRIBUTEE})|(?P<before>{_ATTRIBUTEE})\s+{_SAY}\b"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”‘(]|``|--|—)\s*(?:``|[\"“‘'(])?\s*$")
_POSSESSIVE = re.compile(r"['’]s?$")
_NUMBER_WORD = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?P<date>\b{_MONTH_RE}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!,\d|\.\d)|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"{_MONTH_RE}\b)"
    r"|(?P<digits>(?<![\w.,])(?:[$£€]\s?)?(?:\d+(?:,\s?\d{3}(?!\d))*(?:\.\d+)?|\.\d+)(?:%|[a-z]{1,3})?(?![a-z\d]))"
    rf"|(?P<words>\b(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS[1:10])}))?\b|\b(?:{_NUMBER_WORD})\b)"
    r"|(?P<code>\b[a-z]+\d[a-z\d]*\b)"
)
_MULTIPLIER = re.compile(rf"[\s-]*(?P<mult>{'|'.join([HUNDRED, *SCALES, *SCALE_ABBREVIATIONS])})\b")
_UNIT = re.compile(r"[\s-]+(?:more\s+|extra\s+|of\s+)?(?P<unit>[a-z]{2,}(?:-old)?)\b")
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_NOT_UNITS = frozenset(["", "%", "st", "nd", "rd", "th", "s", "am", "pm"])
_PTB_BRACKET = re.compile(r"-[lr][rsc]b-")
_ELLIPSIS = re.compile(r"\.\.\.|…|\[.*?\]")
_DIGITS = re.compile(r"\d+")
_NAME_TOKEN = re.compile(r"[^\W_]+(?:[.'’&_-][^\W_]+)*")
_RANGE_BEFORE = re.compile(rf"(?:\d|\b(?:{_NUMBER_WORD}))\s*(?:to|-|–|or)\s*$")
_QUOTE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|``(.+?)\\?'\\?'|‘(.+?)’(?!\w)|(?<!\w)`(.+?)'(?!\w)")


def _word_stream(text: str) -> str:
    """Lower-cased words joined by spaces, quotes straightened, tokenisation spaces (" 's") removed, padded."""
    text = _GLUE.sub("", text.lower().replace("\\'", "'").replace("’", "'").replace("‘", "'"))
    # research corpora's bracket tokens are brackets ("-LRB- Egyptian President -RRB-" as shown "(Egyptian President)")
    text = _PTB_BRACKET.sub(" ", text)
    return " " + " ".join(_WORD.findall(text)) + " "


def _key(token: str) -> str:
    """Lookup form of a name token: lower case, no possessive, dots or apostrophes."""
    token = token.lower().replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    return token.replace(".", "").replace("'", "")


def _lower(text: str) -> str:
    """``text.lower()`` with the same length as ``text`` (so offsets carry over)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


def _value(number: str, scale: int = 0) -> str:
    """Canonical decimal string of ``number`` times ``10**scale``."""
    try:
        value = Decimal(number.replace(",", "").replace(" ", "")).scaleb(scale)
    except InvalidOperation:
        return number
    return format(value.normalize(), "f")


@dataclass(frozen=True, slots=True)
class _Number:
    """One figure in a text: its span, the end of its unit word, comparable value(s) and unit."""

    start: int
    end: int
    unit_end: int
    values: tuple[str, ...]
    unit: str
    small: bool


def _base(kind: str, surface: str) -> tuple[str, int, str]:
    """(digits, power of ten, unit) of a figure such as "$5.2bn", "1990s", "50kg", "twenty-five"."""
    if kind == "words":
        return str(sum(_WORD_VALUES[p] for p in re.split(r"[- ]", surface))), 0, ""
    token = surface.lstrip("$£€ ")
    digits = token.rstrip("%abcdefghijklmnopqrstuvwxyz")
    suffix = token[len(digits) :]
    return digits, _SCALE.get(suffix, 0), "" if suffix in _SCALE or suffix in _NOT_UNITS else suffix


def _numbers(text: str) -> Iterator[_Number]:
    """Figures in ``text`` with their values and units."""
    low, done = _lower(text), 0
    for match in _NUMBER.finditer(low):
        start, end, kind = match.start(), match.end(), match.lastgroup or ""
        if start < done:
            continue
        surface = match.group()
        if kind == "date":
            day = re.search(r"\d+", surface)
            month = re.search(r"(?<![a-z])[a-z]{3}", re.sub(r"\d+(?:st|nd|rd|th)?|\bof\b", "", surface))
            if day and month:
                yield _Number(start, end, end, (f"{month.group()}-{int(day.group())}",), "", False)
            continue
        if kind == "code":
            yield _Number(start, end, end, (surface,), "", False)
            continue
        base, scale, word = _base(kind, surface)
        mult = _MULTIPLIER.match(low, end)
        if mult and not scale:
            scale, end = _SCALE[mult.group("mult")], mult.end()
        unit = None if word or _YEAR.fullmatch(surface) else _UNIT.match(low, end)
        if unit:
            word = unit.group("unit").removesuffix("s")
            word = "" if word in STOP_WORDS or word in _WORD_VALUES or word in _NOT_UNITS else word
        done = unit.end() if unit and word else end
        values = (_value(base, scale), _value(base)) if scale else (_value(base),)
        small = kind == "words" and surface in ("one", "first", "zero", "hundred", "thousand")
        yield _Number(start, end, done, values, word, small)


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What the sources contain, indexed once per check for fast lookups.

    Attributes
    ----------
    streams : tuple of str
        Each source as lower-cased words joined by spaces (for quotations).
    names : frozenset of str
        Every source word in lookup form (no case, possessive, dots or
        apostrophes), with the parts of hyphenated words.
    sorted_names : tuple of str
        ``names`` sorted, to find words that start with a name ("Russians").
    numbers : frozenset of str
        Every normalised figure, date key ("dec-3") and alphanumeric code.
    units : dict of str to str
        Unit word -> the first source phrase giving a figure in that unit.
    measured : frozenset of (str, str)
        Every (value, unit) pair of the sources' figures with a unit.

    Examples
    --------
    >>> facts = SourceFacts.from_texts(["The walkers covered 12 miles with Vladimir Putin."])
    >>> [f.message for f in mention_flags("Putin walked 13 miles with John Sutter.", facts)]
    ['"13 miles": the sources say "12 miles"', '"John Sutter" does not appear in the sources']
    """

    streams: tuple[str, ...]
    names: frozenset[str]
    sorted_names: tuple[str, ...]
    numbers: frozenset[str]
    units: dict[str, str]
    measured: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> SourceFacts:
        """Index the source texts ``texts``."""
        names: set[str] = set()
        numbers: set[str] = set()
        units: dict[str, str] = {}
        measured: set[tuple[str, str]] = set()
        for text in texts:
            for token in set(_NAME_TOKEN.findall(_GLUE.sub("", text))):  # "I 've" is the name token "I've"
                key = _key(token)
                names.add(key)
                names.update(re.split(r"[-&]", key) if "-" in key or "&" in key else ())
                if "." in token:
                    names.update(_key(part) for part in token.split("."))
            for number in _numbers(text):
                numbers.update(number.values)
                if number.unit and number.unit not in units:
                    units[number.unit] = text[number.start : number.unit_end]
                measured.update((v, number.unit) for v in number.values if number.unit)
            numbers.update(str(int(digits)) for digits in _DIGITS.findall(text))
        streams = tuple(_word_stream(t) for t in texts)
        return cls(streams, frozenset(names), tuple(sorted(names)), frozenset(numbers), units, frozenset(measured))

    def has_phrase(self, phrase: str) -> bool:
        """True when one source contains the words of ``phrase`` in a row."""
        needle = _word_stream(phrase)
        return needle.strip() == "" or any(needle in stream for stream in self.streams)

    def _starts(self, prefix: str) -> bool:
        """True when a source word starts with ``prefix`` (four letters or more)."""
        i = bisect_left(self.sorted_names, prefix)
        return len(prefix) >= 4 and i < len(self.sorted_names) and self.sorted_names[i].startswith(prefix)

    def has_name(self, token: str) -> bool:
        """True when the sources contain the name word ``token`` or a variant of it."""
        key = _key(token)
        if key in self.names or key in _TITLES or not key or self._starts(key):
            return True
        if any(a in self.names if " " not in a else self.has_phrase(a) for a in _ALIASES.get(key, ())):
            return True
        if key.endswith("s") and key[:-1] in self.names:
            return True
        if "-" in key and all(self.has_name(part) for part in key.split("-") if part):
            return True
        return any(key.endswith(s) and key[: len(key) - len(s)] + r in self.names for s, r in _DEMONYM_SUFFIXES)


def _cased(text: str) -> bool:
    """True when capitals in ``text`` carry information (some after the first word, not all capitals)."""
    text = text.replace("UNK", "")
    upper, first = sum(c.isupper() for c in text), re.search(r"[A-Za-z]", text)
    return first is not None and upper > text[first.start()].isupper() and 2 * upper < sum(map(str.isalpha, text))


def _trim(text: str, start: int, end: int, *, lone: bool = False) -> tuple[int, int]:
    """Shrink a name span: leading common words, a lone sentence-initial word (unless ``lone``), final period."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    while words and (_key(text[words[0][0] : words[0][1]]) in _COMMON or text[words[0][0]].islower()):
        words = words[1:]
    # a lone word at a sentence start is a name only if it looks like one wherever it stands ("NATO", "McIlroy")
    if len(words) == 1 and not lone and sum(c.isupper() for c in text[words[0][0] : words[0][1]]) < 2:
        if _SENTENCE_START.search(text, 0, words[0][0]) is not None:
            words = []
    if not words:
        return start, start
    start, end = words[0][0], words[-1][1]
    if text[end - 1] == "." and not re.search(r"(?:[A-Z]\.){2,}$", text[start:end]):
        end -= 1
    possessive = _POSSESSIVE.search(text, start, end)
    return start, possessive.start() if possessive else end


def _entities(text: str) -> Iterator[tuple[int, int]]:
    """Spans of candidate names in a cased sentence."""
    for match in _ENTITY.finditer(text):
        start, end = _trim(text, match.start(), match.end())
        span = text[start:end]
        if end > start and "UNK" not in span and not (" " not in span and _key(span) in _NOT_NAMES | _TITLES):
            yield start, end


def _missing(span: str, facts: SourceFacts) -> bool:
    """True when a word of the name ``span`` (other than connectors) is absent from the sources."""
    words = [w for w in re.split(r"\s+", span) if not re.fullmatch(_CONNECTORS, w)]
    return not all(facts.has_name(w) for w in words)


def _attributions(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the named sources of reported speech."""
    for match in _ATTRIBUTION.finditer(text):
        group = "after" if match.group("after") else "before"
        start, end = _trim(text, match.start(group), match.end(group), lone=True)
        if end > start and _key(text[start:end]) not in _NOT_NAMES | _TITLES:
            yield start, end


def _quotes(text: str) -> Iterator[tuple[int, int]]:
    """Spans of quotations of three words or more (the text inside the quote marks)."""
    for match in _QUOTE.finditer(text):
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        if len(_WORD.findall(match.group(group))) >= 3:
            yield match.start(group), match.end(group)


def _number_flag(text: str, number: _Number, facts: SourceFacts) -> Flag | None:
    """A flag when the figure ``number`` is absent from the sources, or tops a range they give otherwise.

    "five to seven minutes" against sources that say "five minutes" (and "seven
    years" elsewhere): seven occurs, but never in minutes, while the sources
    do give a figure in minutes; that is a changed figure. The rule holds for
    the top of a range only: applied to every figure it also flags a rewording
    ("two of the men" for "two men"), and costs accuracy on faithfulness_dev.
    """
    start, end = number.start, number.unit_end
    if any(v in facts.numbers for v in number.values) or (number.small and not number.unit):
        unit = number.unit
        if number.small or unit not in facts.units or any((v, unit) in facts.measured for v in number.values):
            return None
        if _RANGE_BEFORE.search(_lower(text), 0, start) is None:  # only the top of a range ("five to seven minutes")
            return None
        return Flag("number", start, end, f'"{text[start:end]}": the sources say "{facts.units[unit]}"')
    if number.unit in facts.units:
        return Flag("number", start, end, f'"{text[start:end]}": the sources say "{facts.units[number.unit]}"')
    return Flag("number", start, end, f'"{text[start:end]}" does not appear in the sources')


def _all_flags(text: str, facts: SourceFacts) -> tuple[list[Flag], dict[str, int]]:
    """Flags and counts of every mention in ``text``."""
    flags: list[Flag] = []
    counts = dict.fromkeys(("entities", "attributions", "numbers", "quotes"), 0)
    cased = _cased(text)
    said = list(_attributions(text)) if cased else []
    for start, end in said:
        counts["attributions"] += 1
        if _missing(text[start:end], facts):
            flags.append(Flag("attribution", start, end, f'"{text[start:end]}" is not named in the sources'))
    for start, end in _entities(text) if cased else ():
        counts["entities"] += 1
        if not any(start < e and s < end for s, e in said) and _missing(text[start:end], facts):
            flags.append(Flag("entity", start, end, f'"{text[start:end]}" does not appear in the sources'))
    for number in _numbers(text):
        counts["numbers"] += 1
        flag = _number_flag(text, number, facts)
        flags.extend([flag] if flag else [])
    for start, end in _quotes(text):
        counts["quotes"] += 1
        if not all(facts.has_phrase(part) for part in _ELLIPSIS.split(text[start:end])):
            flags.append(Flag("quote", start, end, "quotation not found verbatim in any source"))
    flags.sort(key=lambda f: (f.start, f.end, f.kind))
    return flags, counts


def mention_flags(text: str, facts: SourceFacts) -> list[Flag]:
    """Flags of kinds entity, attribution, number and quote for one summary sentence, sorted by start.

    Parameters
    ----------
    text : str
        One summary sentence.
    facts : SourceFacts
        The indexed sources (:meth:`SourceFacts.from_texts`).

    Returns
    -------
    list of Flag
        One flag per unsupported mention; offsets index ``text``.

    Examples
    --------
    >>> facts = SourceFacts.from_texts(['Mr. Lavrov said talks were "tied up in endless discussions."'])
    >>> [f.kind for f in mention_flags('Lavrov said talks were "tied up for ever", writes David Frum.', facts)]
    ['quote', 'attribution']
    """
    return _all_flags(text, facts)[0]


def mention_counts(text: str, facts: SourceFacts) -> dict[str, int]:
    """How many entities, attributions, numbers and quotes the sentence has, and how many are novel.

    Keys are ``entities``, ``attributions``, ``numbers``, ``quotes`` (mentions
    found) and the same names with a ``novel_`` prefix (mentions flagged):
    features for a learned scorer.

    Examples
    --------
    >>> facts = SourceFacts.from_texts(["Twelve people met Joe Biden."])
    >>> counts = mention_counts("12 people met Joe Biden and Boris Johnson.", facts)
    >>> counts["entities"], counts["novel_entities"], counts["numbers"], counts["novel_numbers"]
    (2, 1, 1, 0)
    """
    flags, counts = _all_flags(text, facts)
    plural = {"entity": "entities", "attribution": "attributions", "number": "numbers", "quote": "quotes"}
    counts |= {"novel_" + name: 0 for name in plural.values()}
    for flag in flags:
        counts["novel_" + plural[flag.kind]] += 1
    return counts
