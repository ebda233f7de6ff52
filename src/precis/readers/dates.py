"""Publication dates as web pages, feeds and JSONL write them -> ``datetime``.

:func:`parse_date` reads, in this order:

- ``None`` and ``""``: no date (``None``);
- a ``datetime`` as is, a ``date`` as naive midnight;
- a ``time.struct_time`` (feedparser's ``*_parsed`` fields, which are UTC) as
  an aware UTC datetime;
- ISO 8601 text (``2022-01-10``, ``2022-01-10T18:30:00Z``, with any offset);
- RFC 822/2822 text (``Mon, 10 Jan 2022 18:30:00 GMT``) and the forms news
  sites print (``10 January 2022``, ``Jan. 10, 2022 6:30 pm EST``), read
  by python-dateutil with the common US and European zone abbreviations
  (:data:`ZONES`) mapped to their offsets.

What it will not guess, it refuses with an :class:`~precis.errors.InputError`:
bare numbers (seconds or milliseconds since 1970?), numeric dates such as
``03/04/2022`` that read both ways, days that do not exist (``1998-14-06``,
``1999-02-30``), dates without a day or a year, and zone abbreviations it
does not know (``IST`` is India, Israel or Ireland).

**A corpus's convention.** One file usually writes all its dates one way.
:meth:`DateConvention.learn` reads that way off the file's unambiguous
numeric dates: when some read only as month first (``10/22/1998``) and none
only as day first, ``09/04/1998`` is read month first (and the other way
round); when a file's ``YYYY-NN-NN`` dates read only as year-day-month
(``1998-14-06``) and never only as year-month-day, its ``1998-01-06`` is the
1st of June. Evidence both ways (or none) leaves the ambiguous dates refused.
Readers of corpora (:mod:`.corpus`) pass the convention to
:func:`parse_date`, and read an article whose date is still refused as
undated, with one warning per input.

A value with a date but no time becomes a *naive midnight* datetime: no time
and no zone are invented. :func:`is_date_only` tells renderers so, and they
print such a value as a date. A value with a time and a known zone is
timezone-aware; a time without a zone stays naive.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from ..errors import InputError

__all__ = ["ZONES", "DateConvention", "is_date_only", "parse_date"]

#: Zone abbreviations read in dates, as hours east of UTC. North American and
#: European names only: the same letters mean other zones elsewhere (CST is
#: also China), and news in English uses these ones most.
ZONES: dict[str, float] = {
    "UTC": 0,
    "UT": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}

_TZINFOS = {name: int(hours * 3600) for name, hours in ZONES.items()}
#: The advice that ends every message about a date precis cannot read.
DATE_ADVICE = "use ISO 8601, e.g. 2022-01-10T18:30:00+01:00"
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?")
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})([/.-]\d{2,4})\b")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_MERIDIEM = re.compile(r"\b([ap])\.\s?m\.", re.IGNORECASE)
# two defaults that differ in every field: a field the text leaves out differs between the two parses
_DEFAULTS = (datetime(2000, 1, 1, 0, 0, 0, 0), datetime(2001, 2, 2, 1, 1, 1, 1))


@dataclass(frozen=True, slots=True)
class DateConvention:
    """How one corpus writes its numeric dates, learned from the ones that read only one way.

    Parameters
    ----------
    day_first : bool or None, default=None
        ``A/B/YYYY`` is day/month (True), month/day (False), or not known
        (None: an ambiguous one is refused).
    year_day_month : bool or None, default=None
        ``YYYY-A-B`` is year-day-month (True: the file's dates of that shape
        read only that way), ISO 8601's year-month-day (False, and None when
        not known).

    Examples
    --------
    >>> DateConvention.learn(["10/22/1998 13:00:00", "09/04/1998 11:19:00", None])
    DateConvention(day_first=False, year_day_month=None)
    >>> parse_date("09/04/1998 11:19:00", source="a1", convention=DateConvention(day_first=False))
    datetime.datetime(1998, 9, 4, 11, 19)
    """

    day_first: bool | None = None
    year_day_month: bool | None = None

    @classmethod
    def learn(cls, values: Iterable[object], *, fallback: DateConvention | None = None) -> DateConvention:
        """The convention that the numeric dates among ``values`` show (other values are passed over);
        where they show none, ``fallback``'s (a story's own articles first, then its file)."""
        evidence = {"dm": False, "md": False, "ydm": False, "ymd": False}
        for value in values:
            if not isinstance(value, str):
                continue
            text = value.strip()
            numeric = _NUMERIC_DATE.match(text)
            if numeric:
                first, second = int(numeric[1]), int(numeric[3])
                evidence["dm"] |= 12 < first <= 31 and 1 <= second <= 12
                evidence["md"] |= 12 < second <= 31 and 1 <= first <= 12
                continue
            iso = _YEAR_FIRST.match(text)
            if iso:
                first, second = int(iso[2]), int(iso[3])
                evidence["ydm"] |= 12 < first <= 31 and 1 <= second <= 12
                evidence["ymd"] |= 12 < second <= 31 and 1 <= first <= 12
        fallback = fallback or cls()
        return cls(
            day_first=_order(evidence["dm"], evidence["md"], fallback.day_first),
            year_day_month=_order(evidence["ydm"], evidence["ymd"], fallback.year_day_month),
        )

    def to_dict(self) -> dict[str, bool | None]:
        """As plain data (a batch worker's spec)."""
        return {"day_first": self.day_first, "year_day_month": self.year_day_month}


def _order(this_way: bool, other_way: bool, fallback: bool | None) -> bool | None:
    """True when the dates read only this way, False only the other, None both ways; else ``fallback``."""
    if this_way or other_way:
        return None if this_way and other_way else this_way
    return fallback


def parse_date(value: object, *, source: str, convention: DateConvention | None = None) -> datetime | None:
    """The publication date in ``value``, or ``None`` when there is none.

    Parameters
    ----------
    value : object
        ``None``, ``""``, a ``datetime`` or ``date``, a ``time.struct_time``
        in UTC (as feedparser gives), or text: ISO 8601, RFC 822/2822, or a
        date as news sites print it.
    source : str
        Names the input in error messages (a path, an article id, a URL).
    convention : DateConvention or None, default=None
        How the value's corpus writes numeric dates (see :meth:`DateConvention.learn`);
        None refuses a date that reads both ways.

    Returns
    -------
    datetime or None
        Aware when the value has a time and a zone; naive midnight when it has
        a date only (see :func:`is_date_only`); ``None`` for ``None`` or ``""``.

    Raises
    ------
    InputError
        The value is not a date precis can read: a bare number, an ambiguous
        numeric date, a day that does not exist, a date without a day or
        year, an unknown zone abbreviation, or no date at all.

    Examples
    --------
    >>> parse_date("2022-01-10T18:30:00Z", source="a1")
    datetime.datetime(2022, 1, 10, 18, 30, tzinfo=datetime.timezone.utc)
    >>> parse_date("Jan. 10, 2022 6:30 pm EST", source="a1").isoformat()
    '2022-01-10T18:30:00-05:00'
    >>> parse_date("10 January 2022", source="a1")
    datetime.datetime(2022, 1, 10, 0, 0)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, time.struct_time):
        return _from_struct_time(value, source)
    if isinstance(value, bool) or isinstance(value, int | float):
        raise _error(source, value, "a bare number could be seconds or milliseconds since 1970")
    if not isinstance(value, str):
        raise _error(source, value, f"a {type(value).__name__} is not a date")
    text = " ".join(value.split())
    if not text:
        return None
    convention = convention or DateConvention()
    if convention.year_day_month and _YEAR_FIRST.match(text):  # this corpus's "1998-14-06": the 14th of June
        text = _YEAR_FIRST.sub(r"\1-\3-\2", text, count=1)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    if _NUMBER.fullmatch(text):
        raise _error(source, value, "a bare number could be seconds or milliseconds since 1970")
    impossible = _impossible(text)
    if impossible:
        raise _error(source, value, impossible)
    numeric = _NUMERIC_DATE.match(text)
    if numeric and numeric[1] != numeric[3] and int(numeric[1]) <= 12 and int(numeric[3]) <= 12:
        if convention.day_first is None:
            raise _error(source, value, "it reads as day/month and as month/day")
        if convention.day_first:  # dateutil reads month first: swap to the corpus's order
            text = _NUMERIC_DATE.sub(r"\3\2\1\4", text, count=1)
    return _parse_text(text, value, source)


def _impossible(text: str) -> str | None:
    """Why a numeric date names no day of the calendar (``1998-14-06``, ``1999-02-30``), or None."""
    iso = _YEAR_FIRST.match(text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
        if not 1 <= month <= 12:
            return f"{month:02d} is not a month (ISO 8601 puts the month before the day)"
        return None if _valid(year, month, day) else "it is not a day of the calendar"
    numeric = _NUMERIC_DATE.match(text)
    if not numeric or len(numeric[4]) != 5:  # only "A/B/YYYY": a two-digit year is dateutil's to read
        return None
    first, second, year = int(numeric[1]), int(numeric[3]), int(numeric[4][1:])
    if _valid(year, first, second) or _valid(year, second, first):
        return None
    return "it is not a day of the calendar, month first or day first"


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def is_date_only(dt: datetime) -> bool:
    """Whether ``dt`` stands for a day rather than a moment (naive midnight).

    Parameters
    ----------
    dt : datetime
        A value from :func:`parse_date`.

    Returns
    -------
    bool
        True for a naive datetime at exactly midnight, which renderers
        should print as a date only.

    Examples
    --------
    >>> is_date_only(datetime(2022, 1, 10))
    True
    >>> is_date_only(datetime(2022, 1, 10, tzinfo=UTC))
    False
    """
    return dt.tzinfo is None and dt.time() == datetime.min.time()


def _from_struct_time(value: time.struct_time, source: str) -> datetime:
    """A UTC ``struct_time`` (feedparser's ``*_parsed``) as an aware datetime."""
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except ValueError:
        raise _error(source, time.strftime("%Y-%m-%d %H:%M:%S", value), "it is out of range") from None


def _parse_text(text: str, original: str, source: str) -> datetime:
    """Read a free-form date with dateutil; refuse partial dates and unknown zones."""
    from dateutil import parser as dateparser  # light; a core dependency

    text = _MERIDIEM.sub(r"\1m", text)
    try:
        with warnings.catch_warnings():
            # an unknown zone name warns and comes back naive: refuse it rather than drop the zone
            warnings.simplefilter("error", dateparser.UnknownTimezoneWarning)
            parsed: list[datetime] = [dateparser.parse(text, default=d, tzinfos=_TZINFOS) for d in _DEFAULTS]
    except dateparser.UnknownTimezoneWarning:
        raise _error(source, original, "its time zone is not one precis knows") from None
    except (ValueError, OverflowError):
        raise _error(source, original) from None
    first, second = parsed
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        raise _error(source, original, "it lacks a day, a month or a year")
    if first.hour != second.hour:
        return datetime(first.year, first.month, first.day)  # a date only: no invented time or zone
    # "6 pm" gives no minutes, "6:30 pm" no seconds: what the text leaves out is zero
    given = [a if a == b else 0 for a, b in zip(_clock(first), _clock(second), strict=True)]
    result = first.replace(minute=given[0], second=given[1], microsecond=given[2])
    return result.replace(tzinfo=_stdlib_zone(result.tzinfo, original, source))


def _clock(dt: datetime) -> tuple[int, int, int]:
    """The parts of a time below the hour."""
    return dt.minute, dt.second, dt.microsecond


def _stdlib_zone(tz: tzinfo | None, original: str, source: str) -> tzinfo | None:
    """dateutil's zone as a fixed ``datetime.timezone``; the local zone is not a zone precis knows."""
    if tz is None:
        return None
    from dateutil.tz import tzlocal

    if isinstance(tz, tzlocal):  # dateutil matched the machine's own zone name: depends on the machine
        raise _error(source, original, "its time zone is not one precis knows")
    offset = tz.utcoffset(None)
    if offset is None:
        raise _error(source, original, "its time zone is not one precis knows")
    return UTC if offset == timedelta(0) else timezone(offset)


def _error(source: str, value: object, why: str | None = None) -> InputError:
    """The one message for a date precis cannot read, with the reason when there is one."""
    reason = f"{why}; " if why else ""
    return InputError(
        f"{source}: the date {str(value)!r} is not a date precis can read ({reason}{DATE_ADVICE})", source=source
    )
