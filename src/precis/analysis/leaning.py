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

A sentence *leads in* (leans forward) when it ends with ":": a list or a
quotation follows, and it means nothing without it.

Selection shows a leaning sentence with the one it leans on, or not at all;
text is never rewritten. ``bench/trust_audit.py`` applies an independent,
simpler rule list to precis's output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["leading_in", "leads_in", "leaning", "leaning_rule", "leans_on_previous"]

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
      | (?P<definite>the\s+(?:(?-i:[a-z][\w-]*)\s+)?(?:{_BACK_NOUNS})\b(?!-)(?!\s+(?:{_WHICH})\b))
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_DENIAL = re.compile(
    rf"\b(?:{_REPLY_VERBS})\s+(?:{_REPLY_OBJECTS})\b(?!\s+(?:{_WHICH})\b)(?!-)"
    r"|\b(?:declined|refused|declines|refuses)\s+to\s+(?:comment|respond|elaborate|say\s+more)\s*[.,;]?[\"”’']?\s*$"
    r"|\bwould\s+not\s+(?:comment|elaborate)\s*[.;]?[\"”’']?\s*$",
    re.IGNORECASE,
)
# "... voted against it." / "... said the pair had ...": an object that is only a pointer back
_POINTER = re.compile(
    r"\b(?:it|them)\s*[.!?][\"”’']?\s*$"
    r"|\bvoted\s+(?:for|against)\s+(?:it|them)\b"
    r"|\b(?:said|says|told|added|insisted|argued)\s+(?:that\s+)?the\s+(?:pair|two|trio|couple|latter|former)\b",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"(?:[,!?][\"”’']|,)\s*(?:he|she|they)\s+(?:said|says|added|adds|told|noted|argued|warned|explained|insisted"
    r"|replied|wrote|continued|recalled|stressed)\b",
    re.IGNORECASE,
)
# "The <common noun>": its noun is looked up in the sentences before (see :func:`leaning`)
_THE_NOUN = re.compile(
    rf"^[\"'“‘(\[]*[Tt]he\s+([a-z][\w-]*)(?:\s+(?!(?:{_WHICH})\b)([a-z][\w-]*))?\b(?!-)(?!\s+(?:{_WHICH})\b)"
)
# words that follow "The <noun>" as its verb, not as more of the noun
_VERBISH = frozenset(
    "said says told added was were is are has had have will would could can may might did does do not also "
    "took takes made makes came comes went goes".split()
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
    return None


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


_REFERRING = frozenset("the this that these those its his her their our your my".split())
_TOKEN = re.compile(r"[^\s\"“”‘’()\[\]]+")


def _names_before(text: str, before: Sequence[str]) -> bool:
    """Whether ``text`` opens "The <common noun>" and the sentences ``before`` introduce that noun: name it
    with no "the" (or "its", "their"...) in the three words before it ("A magnitude 6.1 earthquake", "a
    $2.1 billion budget", "St. Agnes Hospital", "Environmental groups"; not "told the board")."""
    match = _THE_NOUN.match(text.lstrip())
    if match is None or not before:
        return False
    nouns = tuple(w.lower() for w in match.groups() if w is not None and len(w) >= 3 and w.lower() not in _VERBISH)
    if not nouns:
        return False
    for sentence in before:
        words = [w.strip(".,;:!?'").lower().removesuffix("'s").removesuffix("’s") for w in _TOKEN.findall(sentence)]
        for j, word in enumerate(words):
            # the noun, its plural, or a longer word it ends ("earthquake" for "quake")
            if any(word.endswith(n) or word.endswith(n + "s") for n in nouns) and not _REFERRING.intersection(
                words[max(0, j - 3) : j]
            ):
                return True
    return False


def leaning(texts: Iterable[str]) -> list[int]:
    """The positions in ``texts`` (an article's sentences, in order) of those that lean on the sentence before.

    :func:`leans_on_previous`, and a sentence that opens "The <common noun>"
    when one of the two sentences before it introduces that noun ("A ferry
    sank on Sunday." then "The ferry had 118 passengers."). An article's first
    sentence leans only by ``lower-case``, ``connective``, ``pronoun`` or
    ``demonstrative``: "The talks opened in Geneva." opens many a report, and
    its headline says which talks.
    """
    texts = list(texts)
    out = []
    for k, text in enumerate(texts):
        rule = leaning_rule(text)
        if k == 0:  # an article's opening: only what cannot open anything (its title is its context)
            if rule in _OPENING_RULES:
                out.append(k)
        elif rule is not None or _names_before(text, texts[max(0, k - 2) : k]):
            out.append(k)
    return out


def leading_in(texts: Iterable[str]) -> list[int]:
    """The positions in ``texts`` of those that lead in to the sentence after them (:func:`leads_in`)."""
    return [k for k, text in enumerate(texts) if leads_in(text)]
