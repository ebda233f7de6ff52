"""Does a sentence stand alone, or does it lean on the sentence before it (or after it)?

A sentence *leans back* when its meaning depends on the sentence before it:

- ``lower-case``: it opens in lower case (the tail of a quotation);
- ``connective``: it opens with a discourse connective ("But", "That is why");
- ``pronoun``: it opens with a pronoun whose referent is elsewhere ("He said",
  "They", "Both");
- ``demonstrative``: it opens with This/That/These/Those, unless a time word
  follows ("This week");
- ``definite``: it opens with "The" and a noun that points back ("The claim",
  "The session", "The pair", "The two"), with no "of/in/..." after it to say
  which; or with "The" and a common noun that one of the two sentences
  before it introduces ("The quake" after "A magnitude 6.1 earthquake
  struck", "The hospital" after "St. Agnes Hospital"); this one only in
  :func:`leaning`, which has those sentences;
- ``denial``: a bare reply or denial: it denies, rejects or disputes "the
  claim" (or "it", "this", the allegation, the report...), or declines to
  comment;
- ``attribution``: a quotation or clause attributed to a bare pronoun
  (``..." she said``, ``..., he said.``);
- ``pointer``: it ends on a bare "it" or "them" ("Two members voted against
  it."), or says what "the pair" or "the two" did.

- ``reference``: a reported clause whose subject points back to something said
  or offered before ("... said on Wednesday that the offer was an insult").

A leaning sentence leans on the sentence just before it, except in two cases,
where what it leans on is further back (:func:`reaching_back`): it opens "The
<noun>" and the nearest earlier sentence that names that noun is not the one
just before ("The institute recorded..." three sentences after "the national
seismology institute said"); or it points back with a noun of something said
or done ("The plan", "the offer") that the sentence before does not name
("The spending plan takes effect..." after a sentence about property taxes).
Such a sentence is never paired with the sentence before it: it is shown only
after the sentence it leans on has been shown (as another item), or not at all
when that sentence cannot be told.

A sentence that is part of a quotation running over several sentences, which
the segmenter did not keep as one span (more than three sentences, or going on
into the next paragraph), is never shown alone (:func:`in_quotations`): a
quotation is shown whole or not at all.

A sentence *leads in* (leans forward) when it ends with ":": a list or a
quotation follows, and it means nothing without it.

Selection shows a leaning sentence with the one it leans on, or not at all;
text is never rewritten. ``bench/trust_audit.py`` applies an independent,
simpler rule list to precis's output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .segmenter import quote_state

__all__ = [
    "in_quotations",
    "leading_in",
    "leads_in",
    "lean_targets",
    "leaning",
    "leaning_rule",
    "leans_on_previous",
    "reaching_back",
]

_CONNECTIVES = (
    r"but|and|or|nor|so|yet|however|still|also|moreover|furthermore|meanwhile|instead|nevertheless"
    r"|nonetheless|therefore|thus|hence|then|otherwise|besides|indeed|likewise|similarly|accordingly"
    r"|consequently|regardless|even so|in addition|as a result|that is why|this is why|that's why"
    r"|that’s why|for that reason|on the other hand|by contrast|in contrast|because of this|after that"
    r"|in that case|to that end|at the same time|in turn|not only that|what's more|what’s more|as such"
    r"|in response|by then|since then|until then|that is|in other words|for example|for instance"
)
_PRONOUNS = (
    r"he|she|they|it|his|her|hers|their|theirs|its|him|them|we|us|our|such|both|neither|either"
    r"|another|the latter|the former|the two|the same"
)
_DEMONSTRATIVES = r"this|that|these|those"
# "This week" or "That year" point to a time, not to an earlier sentence.
_TIME_WORDS = (
    r"week|weekend|year|month|morning|afternoon|evening|night|day|time|spring|summer|autumn|fall|winter"
    r"|season|decade|century|january|february|march|april|may|june|july|august|september|october"
    r"|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
# nouns that, after "the", name something said or done in an earlier sentence
_BACK_NOUNS = (
    r"claims?|allegations?|accusations?|charges?|remarks|comments|statement|announcement|move|decision"
    r"|proposal|session|incident|deal|agreement|pair|two|three|latter|former|same|trio|couple|offer|request"
    r"|demand|plan|idea|suggestion|report|reports|accounts?|findings|warning|threat|response|reply|denial"
    r"|episode|case|matter|issue|dispute|row|standoff|meeting|talks|visit|trip|call|vote|ruling|verdict"
    r"|attack|strike|bill|measure|change|changes|figure|figures|number|total|result|results|outcome"
)
# after "the <noun>": these words say which one, so the reference is not to an earlier sentence
_WHICH = r"of|in|at|on|between|with|by|for|from|to|over|about|that|which|who|whose|where|when"
_OPEN = r"^[\"'“‘(\[]*"
_REPLY_VERBS = (
    r"deny|denies|denied|denying|reject|rejects|rejected|dismiss|dismisses|dismissed|dispute|disputes|disputed"
    r"|contest|contests|contested|refute|refutes|refuted|confirm|confirms|confirmed|acknowledge|acknowledges"
    r"|acknowledged|welcomed|welcomes|condemned|condemns|criticized|criticised|called"
)
_REPLY_OBJECTS = (
    r"it|this|that|them|these|those|the\s+(?:claims?|allegations?|accusations?|charges?|reports?|accounts?"
    r"|suggestions?|idea|assertion|story|stories|move|decision|proposal|offer|plan|remarks|comments|statement"
    r"|request|demand|findings|warning|threat)"
)


def _by_first_letter(phrases: str) -> str:
    """The alternation ``phrases`` (``"but|by then|..."``) with phrases grouped by first letter, spaces as ``\\s+``.

    The same phrases, so a match test gives the same answer; the regex engine
    tries the first letter once per group instead of once per phrase (about
    twice as fast on a sentence that leans on nothing).
    """
    groups: dict[str, list[str]] = {}
    for phrase in phrases.split("|"):
        groups.setdefault(phrase[0], []).append(phrase[1:].replace(" ", r"\s+"))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


_CONNECTIVES = _by_first_letter(_CONNECTIVES)
_PRONOUNS = _by_first_letter(_PRONOUNS)
# a lower-case start (the tail of a quotation), or a connective, pronoun or demonstrative
_LEANS = re.compile(
    rf"""{_OPEN}(?:
        (?P<lower>(?-i:[a-z]))
      | (?P<connective>(?:{_CONNECTIVES})\b(?!-))
      | (?P<pronoun>(?:{_PRONOUNS})\b(?!-))
      | (?P<demonstrative>(?:{_DEMONSTRATIVES})\b(?!\s+(?:{_TIME_WORDS})\b))
      | (?P<definite>the\s+(?:(?-i:[a-z][\w-]*)\s+)?(?P<back>{_BACK_NOUNS})\b(?!-)(?!\s+(?:{_WHICH})\b))
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_DENIAL = re.compile(
    rf"\b(?:{_REPLY_VERBS})\s+(?:{_REPLY_OBJECTS})\b(?!\s+(?:{_WHICH})\b)(?!-)"
    r"|\b(?:declined|refused|declines|refuses)\s+to\s+(?:comment|respond|elaborate|say\s+more)\s*[.,;]?[\"”’']?\s*$"
    r"|\bwould\s+not\s+(?:comment|elaborate)\s*[.;]?[\"”’']?\s*$",
    re.IGNORECASE,
)
# things said, offered or decided: "the offer" as the subject of a reported clause points back to it
_SAID_NOUNS = (
    r"claims?|allegations?|accusations?|remarks|comments|statement|announcement|decision|proposal|offer|request"
    r"|demand|plan|idea|suggestion|findings|warning|threat|response|reply|denial|deal|agreement|ruling|verdict"
)
# "... said on Wednesday that the offer was an insult."
_REFERENCE = re.compile(
    r"\b(?:said|says|added|argued|insisted|warned|stressed|noted|told\s+\w+)\s+(?:on\s+\w+\s+)?(?:that\s+)?"
    rf"the\s+(?P<back>{_SAID_NOUNS})\b(?!-)(?!\s+(?:{_WHICH})\b)",
    re.IGNORECASE,
)
# "The two", "The pair": pronoun-like, they lean on the sentence before whatever it names
_PRONOUN_NOUNS = frozenset("pair two three latter former same trio couple".split())
# "... voted against it." / "... said the pair had ...": an object that is only a pointer back
_POINTER = re.compile(
    r"\b(?:it|them)\s*[.!?][\"”’']?\s*$"
    # "The port authority has offered 7 percent.": a bare share of something named before
    r"|\b(?:offered|offers|proposed|proposes|demanded|demands|sought|seeks|wants|wanted|accepted|rejected|agreed\s+to)"
    r"\s+(?:only\s+|just\s+)?(?:\d[\d.,]*|[a-z]+(?:-[a-z]+)?)\s*(?:percent|per\s+cent|%)\s*[.!?][\"”’']?\s*$"
    r"|\bvoted\s+(?:for|against)\s+(?:it|them)\b"
    r"|\b(?:said|says|told|added|insisted|argued)\s+(?:that\s+)?the\s+(?:pair|two|trio|couple|latter|former)\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"(?:[,!?][\"”’']|,)\s*(?:he|she|they)\s+(?:said|says|added|adds|told|noted|argued|warned|explained|insisted"
    r"|replied|wrote|continued|recalled|stressed)\b",
    re.IGNORECASE,
)
# "The company said ...": a speaker named before by name ("its operator, Varno Lake Lines")
_SPEAKER = re.compile(
    r"^[\"'“‘(\[]*[Tt]he\s+(?P<back>company|firm|carmaker|operator|airline|bank|ministry|agency|group|union"
    r"|department|institute|organi[sz]ation|committee|court|council|government|spokesman|spokeswoman|spokesperson"
    r"|official|officials|authorities|military|army|embassy|prosecutor|prosecutors|regulator|school|university"
    r"|hospital|club|team|party|newspaper|network|station)\s+(?:said|says|told|added|confirmed|announced|denied"
    r"|declined|refused|reported|stated)\b"
)
# "The <common noun>": its noun is looked up in the sentences before (see :func:`leaning`)
_THE_NOUN = re.compile(
    rf"^[\"'“‘(\[]*[Tt]he\s+([a-z][\w-]*)(?:\s+(?!(?:{_WHICH})\b)([a-z][\w-]*))?\b(?!-)(?!\s+(?:{_WHICH})\b)"
)
# words that follow "The <noun>" as its verb, not as more of the noun
_VERBISH = frozenset(
    "said says told added was were is are has had have will would could can may might did does do not also "
    "took takes made makes came comes went goes say tell think believe hope expect argue warn fear insist agree "
    "want need".split()
)
_OPENING_RULES = frozenset({"lower-case", "connective", "pronoun", "demonstrative"})
_LEAD_IN = re.compile(r":[\"”’'\s]*$")


def leaning_rule(text: str) -> str | None:
    """The rule by which ``text`` leans on the sentence before it (see the module docstring), or None.

    Examples
    --------
    >>> leaning_rule("Russian diplomats deny the claim.")
    'denial'
    >>> leaning_rule("The session ran for roughly four hours.")
    'definite'
    >>> leaning_rule("The session of the council ran for four hours.") is None
    True
    """
    text = text.lstrip()
    match = _LEANS.match(text)
    if match is not None:
        rule = match.lastgroup or "pronoun"
        return "lower-case" if rule == "lower" else rule
    if _DENIAL.search(text):
        return "denial"
    if _ATTRIBUTION.search(text):
        return "attribution"
    if _POINTER.search(text):
        return "pointer"
    if _REFERENCE.search(text):
        return "reference"
    if _SPEAKER.match(text):
        return "definite"
    return None


def _back_noun(text: str) -> str | None:
    """The noun by which ``text`` points back ("The plan ...", "... said that the offer ..."), if it is not
    pronoun-like ("The two"); None otherwise."""
    text = text.lstrip()
    match = _LEANS.match(text)
    if match is None or match.lastgroup != "definite":
        match = None if match is not None else (_REFERENCE.search(text) or _SPEAKER.match(text))
    if match is None:
        return None
    noun = match.group("back").lower()
    return None if noun in _PRONOUN_NOUNS else noun


def leans_on_previous(text: str) -> bool:
    """True when ``text`` cannot stand alone without the sentence before it.

    Examples
    --------
    >>> leans_on_previous("But all that was true in December.")
    True
    >>> leans_on_previous("He said the talks would go on.")
    True
    >>> leans_on_previous("This week the talks resumed in Geneva.")
    False
    >>> leans_on_previous("Heavy snow fell in Kyiv.")
    False
    """
    return leaning_rule(text) is not None


def leads_in(text: str) -> bool:
    """True when ``text`` ends with ":" (a list or quotation follows): it cannot stand without what follows.

    >>> leads_in("The week at a glance:"), leads_in("Talks ended at 3 p.m.")
    (True, False)
    """
    return _LEAD_IN.search(text) is not None


_INDEFINITE = re.compile(r"\b(?:a|an)\b")  # lower case: "A" opening a sentence is as likely a name's
_REFERRING = frozenset("the this that these those its his her their our your my".split())
_TOKEN = re.compile(r"[^\s\"“”‘’()\[\]]+")


def _the_nouns(text: str) -> tuple[str, ...]:
    """The noun phrase of an opening "The <common noun>": ("quake",) for "The quake was...", ("institute",)
    for "The institute recorded...", ("spending", "plan") for "The spending plan takes..."; () for none."""
    match = _THE_NOUN.match(text.lstrip())
    if match is None:
        return ()
    first, second = (w.lower() if w is not None else None for w in match.groups())
    assert first is not None
    if second is None or second in _VERBISH or second.endswith("ed"):
        return (first,) if len(first) >= 3 and first not in _VERBISH else ()
    return (first, second)


def _tokens(sentence: str) -> list[str]:
    """The lower-cased words of ``sentence`` as :func:`_introduces` reads them (no possessive, no punctuation)."""
    return [w.strip(".,;:!?'").lower().removesuffix("'s").removesuffix("’s") for w in _TOKEN.findall(sentence)]


def _introduces(words: Sequence[str], phrase: Sequence[str]) -> bool:
    """Whether a sentence of ``words`` (:func:`_tokens`) introduces the noun phrase ``phrase`` (of :func:`_the_nouns`).

    One noun: named (its plural, or a longer word it ends: "earthquake" for "quake") not right after "the",
    "its", "their"... ("A magnitude 6.1 earthquake", "a $2.1 billion budget", "St. Agnes Hospital", "the
    national seismology institute"; not "told the board"). Two words: the same two not right after "the"...,
    or the second (the head) with no such word in the three before it ("the harbour question" does not
    introduce "The quota question").
    """

    def named(word: str, noun: str) -> bool:
        return word.endswith(noun) or word.endswith(noun + "s")

    for j, word in enumerate(words):
        if len(phrase) == 1:
            if named(word, phrase[0]) and (j == 0 or words[j - 1] not in _REFERRING):
                return True
        elif named(word, phrase[1]):
            if j >= 1 and words[j - 1] == phrase[0] and (j == 1 or words[j - 2] not in _REFERRING):
                return True
            if not _REFERRING.intersection(words[max(0, j - 3) : j]):
                return True
    return False


def _names(words: Sequence[str], noun: str) -> bool:
    """Whether a sentence of ``words`` (:func:`_tokens`) names ``noun`` in any form ("offered" for "offer")."""
    stem = noun.removesuffix("s") if len(noun) > 4 else noun
    return any(w.startswith(stem) for w in words)


# how many sentences back a definite reference is looked up: one further back is the article's subject,
# which its headline gives (and the look-up stays linear in the length of an article)
_REACH = 15


class _Words:
    """Each sentence's :func:`_tokens`, made once and only when asked for."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._cache: dict[int, list[str]] = {}

    def __getitem__(self, j: int) -> list[str]:
        words = self._cache.get(j)
        if words is None:
            words = self._cache[j] = _tokens(self.texts[j])
        return words


def _target(texts: Sequence[str], words: _Words, k: int, rule: str | None) -> int | bool | None:
    """What sentence ``k`` leans on: the position of that sentence (``k - 1``, or an earlier one, at most
    ``_REACH`` back, that names what it refers to), ``None`` (it leans on something it does not name: only
    the sentence before could say what, and does not) or False (it stands alone)."""
    text = texts[k]
    if k == 0:  # an article's opening: only what cannot open anything (its title is its context)
        return k - 1 if rule in _OPENING_RULES else False
    earlier = range(k - 1, max(-1, k - 1 - _REACH), -1)
    if rule is not None:
        noun = _back_noun(text) if rule in ("definite", "reference") else None
        if noun is None or _names(words[k - 1], noun):
            return k - 1
        named = next((j for j in earlier if j < k - 1 and _names(words[j], noun)), None)
        if named is not None:
            return named
        # another word for something the sentence before introduces ("a budget ... The plan sets aside")
        return k - 1 if _INDEFINITE.search(texts[k - 1]) else None
    nouns = _the_nouns(text)
    if not nouns:
        return False
    # the nearest earlier sentence that introduces the noun
    return next((j for j in earlier if _introduces(words[j], nouns)), False)


def lean_targets(texts: Iterable[str]) -> dict[int, int | None]:
    """For each sentence of ``texts`` (an article's sentences, in order) that leans on an earlier one: the
    position of the sentence it leans on (the one just before it, or an earlier one that names what it
    refers to: "The institute recorded..." three sentences after "the national seismology institute said"),
    or None when that cannot be told (see the module docstring)."""
    texts = list(texts)
    words = _Words(texts)
    out: dict[int, int | None] = {}
    for k, text in enumerate(texts):
        target = _target(texts, words, k, leaning_rule(text))
        if target is not False:
            out[k] = None if target is None else int(target)
    return out


def leaning(texts: Iterable[str]) -> list[int]:
    """The positions in ``texts`` (an article's sentences, in order) of those that lean on an earlier sentence.

    :func:`leans_on_previous`, and a sentence that opens "The <common noun>"
    when an earlier sentence introduces that noun ("A ferry sank on Sunday."
    then "The ferry had 118 passengers."). An article's first sentence leans
    only by ``lower-case``, ``connective``, ``pronoun`` or ``demonstrative``:
    "The talks opened in Geneva." opens many a report, and its headline says
    which talks.
    """
    return sorted(lean_targets(texts))


def reaching_back(texts: Iterable[str]) -> list[int]:
    """The positions in ``texts`` of the leaning sentences whose referent is not in the sentence just before
    them (further back, or not named there): they cannot be shown as a pair with the sentence before."""
    return sorted(k for k, target in lean_targets(texts).items() if target != k - 1)


def leading_in(texts: Iterable[str]) -> list[int]:
    """The positions in ``texts`` of those that lead in to the sentence after them (:func:`leads_in`)."""
    return [k for k, text in enumerate(texts) if leads_in(text)]


_OPENS_QUOTE = re.compile(r"\s*(?:[“\"]|``)")


def in_quotations(texts: Sequence[str], paragraphs: Sequence[int]) -> list[int]:
    """The positions in ``texts`` (an article's sentences, in order; ``paragraphs`` their paragraph numbers) of
    the sentences inside a quotation that runs over more than one of them: a quotation is open where the
    sentence starts or where it ends. Each paragraph starts with no quotation open (a stray mark costs at most
    the rest of its paragraph); a quotation still open where its paragraph ends runs on (the convention for a
    quotation of several paragraphs)."""
    out = []
    depth, straight, last_paragraph = 0, False, None
    for k, (text, paragraph) in enumerate(zip(texts, paragraphs, strict=True)):
        open_before = depth > 0 or straight
        if paragraph != last_paragraph:
            # a paragraph that opens with a quotation mark after one that ended inside a quotation goes on with it
            open_before = open_before and _OPENS_QUOTE.match(text) is not None
            depth, straight, last_paragraph = 0, False, paragraph
        depth, straight = quote_state(text, depth, straight)
        if open_before or depth > 0 or straight:
            out.append(k)
    return out
