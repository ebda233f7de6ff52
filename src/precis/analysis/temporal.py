"""Date expressions in news sentences, resolved against the publication date.

:func:`find_dates` finds and resolves, in one pass of one compiled regular
expression (case-sensitive for month and weekday names, so that "may" and
"march" are verbs):

- explicit dates: ``January 10, 2022``, ``Jan. 10``, ``10 Jan 2022``,
  ``2022-01-10``, ``10th of January`` (day granularity); ``March 2021``,
  ``in March`` (month); ``in 2014``, ``since 2014`` (year);
- relative dates, which need the publication date: ``yesterday``, ``today``,
  ``tonight``, ``tomorrow``, ``last night``, ``this morning``; weekdays
  (``on Monday``, ``last Monday``, ``next Tuesday``); ``two days ago``,
  ``a week ago``; ``last week``, ``this month``, ``next year``.

Resolution rules (the usual ones for news, as in HeidelTime's news mode):

- a bare weekday is the most recent such day on or before the publication
  date ("Monday's talks" in a Tuesday paper: the day before), unless the
  mention speaks of the future: then it is the first such day on or after
  it ("talks resume on Wednesday" in a Tuesday paper: the next day). The
  tense is the mention's own, not the sentence's: that of the nearest cue
  before it in the sentence (a modal or ``would``, ``is due``, ``set to``...
  for the future; a present-tense event verb as news schedules with it,
  ``convenes``, ``resume``, ``reopen``; a past-tense verb), else of the
  nearest cue after it, else the past ("said after Monday's talks that the
  posts would stay" is last Monday). ``last`` is the most recent one
  strictly before, ``next`` the first one strictly after;
- a day or month without a year takes the year that puts it nearest the
  publication date, a date in the past counting as half as far as one in
  the future (the other way round in a sentence about the future): written
  on 10 January, ``Dec. 3`` is last December;
- a week, month or year is represented by its first day (a week starts on
  Monday), with its granularity.

Without a publication date, relative expressions and explicit dates without
a year are left out; dates with a year are still found. ``dateparser`` was
measured for this job and left out: it is two orders of magnitude slower
(``bench/timeline.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from ..lexicon.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS, month_number, weekday_number
from ..lexicon.quantities import CARDINALS

__all__ = ["DateMention", "Granularity", "find_dates"]

Granularity = Literal["day", "week", "month", "year"]

_AGO_WORDS = {"a": 1, "an": 1} | {w: n for w, n in CARDINALS.items() if 1 <= n <= 10}  # "two days ago"
_MONTH_NAMES = "|".join(MONTHS)
# abbreviations that are not whole names ("May" is), longest first ("Sept" before "Sep")
_MONTH_SHORT = "|".join(sorted((a for a in MONTH_ABBREVIATIONS if a not in MONTHS), key=len, reverse=True))


def _month(name: str) -> str:
    return rf"(?P<{name}>(?:{_MONTH_NAMES}|(?:{_MONTH_SHORT})(?![a-z])\.?))"


_YEAR = r"(?:19|20)\d\d(?!\d)"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?(?![\d:.,]\d)"
# Each branch's body is one named group (its span is the mention); prepositions sit outside it.
_PATTERN = re.compile(
    r"(?<![\w-])(?:"
    rf"(?P<iso>(?P<iso_y>{_YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)(?!\d))"
    rf"|(?P<mdy>{_month('mdy_m')}\s*(?P<mdy_d>{_DAY})(?:\s*,?\s*(?P<mdy_y>{_YEAR}))?)"
    rf"|(?P<dmy>(?P<dmy_d>{_DAY})\s+(?:of\s+)?{_month('dmy_m')}(?:\s*,?\s*(?P<dmy_y>{_YEAR}))?)"
    r"|(?:[Mm]id-|(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id)\s+)?"
    rf"(?P<my>{_month('my_m')}(?:\s*,?\s*(?P<my_y>{_YEAR}))?)"
    rf"|(?:[Mm]id-|(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Ee]arly|[Ll]ate|[Mm]id)\s+)(?P<year>{_YEAR})(?!\s*%|\s+percent)"
    r"|(?P<rel>(?i:yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)))"
    r"|(?P<wd>(?:(?P<wd_mod>[Ll]ast|[Nn]ext|[Tt]his)\s+)?"
    rf"(?P<wd_day>{'|'.join(WEEKDAYS)}))"
    rf"|(?P<ago>(?P<ago_n>\d{{1,2}}|(?i:an?|{'|'.join(w for w in _AGO_WORDS if len(w) > 2)}))\s+"
    r"(?P<ago_u>day|week|month|year)s?\s+ago)"
    r"|(?P<per>(?P<per_mod>[Ll]ast|[Tt]his|[Nn]ext)\s+(?P<per_u>week|month|year))"
    r")(?![\w-])"
)
# Tense cues, tried in this order at each place: a future (modal, "is due", "would"), a present-tense
# event verb as news schedules with it ("the council convenes on Thursday", "talks resume on Wednesday"),
# a past-tense verb. A mention takes the tense of the nearest cue before it in its sentence, else of
# the nearest after it ("On Thursday, the council met..."), else the past.
_CUES = re.compile(  # searched in the lower-cased sentence (4x faster than IGNORECASE); see _tense_cues
    r"(?<![a-z])(?=[a-z])(?:(?P<future>will|could|may|might|would|wo\s*n't|won't|shall|(?:is|are|was|were)\s+due"
    r"|scheduled|slated|expected\s+to|set\s+to|going\s+to|plans?\s+to|(?:is|are)\s+to|expects?|forecasts?"
    # an intention points ahead even when told in the past ("he hoped to sign a statement on Saturday")
    r"|(?:hope|aim|intend|plan|promise|vow|pledge)(?:s|d|ed|ing)?\s+to)"
    r"|(?P<scheduled>(?:convene|meet|begin|open|start|resume|hold|gather|arrive|travel|host|reconvene|reopen"
    r"|decide|close|take\s+place)s?|goes\s+ahead|go\s+ahead)"
    r"|(?P<past>was|were|had|did|said|told|met|held|began|spent|went|came|took|gave|made|hit|won|lost|saw|fell"
    r"|left|led|ran|rose|sank|struck|beat|broke|fought|agreed|freed)"
    r"|(?P<ed>[a-z]\w{2,}(?<!e)(?<!hundr)ed))\b"
)
# a word before a scheduling verb that makes it a noun ("the start on Sunday", "an open session", "3 starts")
# (verbs that are plural nouns as often, such as "votes", "visits" and "returns", are not cues)
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|this|that|our|your|last|next|first|final|second|whose)|'s|\d)\s+$",
    re.IGNORECASE,
)


def _tense_cues(text: str) -> list[tuple[int, int, bool]]:
    """The tense cues of ``text``: (start, end, is future) in text order."""
    cues: list[tuple[int, int, bool]] = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter that lower-cases to two ("İ"): keep the offsets
        lowered = "".join([c.lower()[0] for c in text])
    for m in _CUES.finditer(lowered):
        kind, start = m.lastgroup, m.start()
        if kind == "scheduled" and _NOUN_BEFORE.search(text, max(0, start - 12), start):
            continue
        if (kind == "ed" or m[0] == "may") and text[start].isupper():  # "United", "Reed"; "May" the month
            continue
        cues.append((start, m.end(), kind in ("future", "scheduled")))
    return cues


def _is_future(cues: list[tuple[int, int, bool]], start: int, end: int) -> bool:
    """Whether the mention at ``[start, end)`` speaks of the future: the nearest cue before it, else after."""
    before = [future for s, e, future in cues if e <= start]
    if before:
        return before[-1]
    after = [future for s, e, future in cues if s >= end]
    return after[0] if after else False


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a text and the date it stands for.

    Parameters
    ----------
    start, end : int
        Character span of the expression in the text searched
        (prepositions such as "on" and "in" left out).
    date : datetime.date
        The date, or the first day of the week, month or year meant.
    granularity : {"day", "week", "month", "year"}
        How precise the expression is.
    relative : bool
        True when resolving it needed the publication date.
    """

    start: int
    end: int
    date: date
    granularity: Granularity
    relative: bool


def find_dates(text: str, *, published: date | datetime | None = None) -> list[DateMention]:
    """The date expressions of ``text``, resolved against ``published``, in text order.

    Parameters
    ----------
    text : str
        A sentence (tense is judged over the whole text).
    published : date, datetime or None, default=None
        Publication date of the text; ``None`` leaves out the expressions
        that need it.

    Returns
    -------
    list of DateMention

    Examples
    --------
    >>> [(m.date.isoformat(), m.granularity) for m in find_dates(
    ...     "Talks began on Monday, after a call on Dec. 30, 2021.", published=date(2022, 1, 12))]
    [('2022-01-10', 'day'), ('2021-12-30', 'day')]
    """
    if isinstance(published, datetime):
        published = published.date()
    out: list[DateMention] = []
    cues: list[tuple[int, int, bool]] | None = None
    for match in _PATTERN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        start, end = match.span(kind)
        future = False
        if kind in ("wd", "mdy", "dmy", "my"):  # the kinds whose reading depends on tense
            cues = _tense_cues(text) if cues is None else cues
            future = _is_future(cues, start, end)
        resolved = _resolve(kind, match, published, future)
        if resolved is not None:
            out.append(DateMention(start, end, resolved[0], resolved[1], resolved[2]))
    return out


def _resolve(kind: str, m: re.Match[str], ref: date | None, future: bool) -> tuple[date, Granularity, bool] | None:
    """(date, granularity, relative) of one match, or None when it cannot be resolved."""
    try:
        if kind == "iso":
            return date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])), "day", False
        if kind in ("mdy", "dmy"):
            month = _month_of(m[f"{kind}_m"])
            day = int(re.sub(r"\D", "", m[f"{kind}_d"]))
            if m[f"{kind}_y"]:
                return date(int(m[f"{kind}_y"]), month, day), "day", False
            return _nearest_year(ref, month, day, future), "day", True
        if kind == "my":
            month = _month_of(m["my_m"])
            if m["my_y"]:
                return date(int(m["my_y"]), month, 1), "month", False
            if m.group(0) == m["my"]:  # a bare month name is no date ("in March" is)
                return None
            return _nearest_year(ref, month, 1, future), "month", True
        if kind == "year":
            return date(int(m["year"]), 1, 1), "year", False
    except ValueError:  # 31 February, month 13
        return None
    if ref is None:
        return None
    return _resolve_relative(kind, m, ref, future)


def _resolve_relative(kind: str, m: re.Match[str], ref: date, future: bool) -> tuple[date, Granularity, bool] | None:
    """Expressions that only the publication date resolves."""
    if kind == "rel":
        word = m["rel"].lower().split()[0]
        shift = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(word, 0)
        return ref + timedelta(days=shift), "day", True
    if kind == "wd":
        return _weekday(ref, _weekday_of(m["wd_day"]), (m["wd_mod"] or "").lower(), future), "day", True
    if kind == "ago":
        raw = m["ago_n"].lower()
        n = int(raw) if raw.isdigit() else _AGO_WORDS[raw]
        unit = m["ago_u"]
        if unit == "day":
            return ref - timedelta(days=n), "day", True
        if unit == "week":
            return _week_start(ref - timedelta(days=7 * n)), "week", True
        if unit == "month":
            return _add_months(ref, -n), "month", True
        return date(ref.year - n, 1, 1), "year", True
    if kind == "per":
        step = {"last": -1, "this": 0, "next": 1}[m["per_mod"].lower()]
        unit = m["per_u"]
        if unit == "week":
            return _week_start(ref) + timedelta(days=7 * step), "week", True
        if unit == "month":
            return _add_months(ref, step), "month", True
        return date(ref.year + step, 1, 1), "year", True
    return None


def _month_of(name: str) -> int:
    number = month_number(name)
    assert number is not None, name  # the pattern matches month names only
    return number


def _weekday_of(name: str) -> int:
    number = weekday_number(name)
    assert number is not None, name
    return number


def _weekday(ref: date, weekday: int, modifier: str, future: bool) -> date:
    """The weekday meant: last (strictly before), next (strictly after), else by tense."""
    back = (ref.weekday() - weekday) % 7  # days back to the most recent such day, 0 if today
    ahead = (weekday - ref.weekday()) % 7  # days on to the next one, 0 if today
    if modifier == "last":
        return ref - timedelta(days=back or 7)
    if modifier == "next":
        return ref + timedelta(days=ahead or 7)
    if future:  # "talks resume on Friday" in a Friday paper: today
        return ref + timedelta(days=ahead)
    return ref - timedelta(days=back)


def _nearest_year(ref: date | None, month: int, day: int, future: bool) -> date:
    """``month``/``day`` in the year putting it nearest ``ref``, the past (or future) weighing half."""
    if ref is None:
        raise ValueError("no publication date")
    best: tuple[float, date] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        days = (candidate - ref).days
        cost = abs(days) * (1.0 if (days <= 0) != future else 2.0)
        if best is None or cost < best[0]:
            best = (cost, candidate)
    if best is None:
        raise ValueError("no such day")
    return best[1]


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
