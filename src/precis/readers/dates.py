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
``03/04/2022`` that read both ways, dates without a day or a year, and zone
abbreviations it does not know (``IST`` is India, Israel or Ireland).

A value with a date but no time becomes a *naive midnight* datetime: no time
and no zone are invented. :func:`is_date_only` tells renderers so, and they
print such a value as a date. A value with a time and a known zone is
timezone-aware; a time without a zone stays naive.
"""

from __future__ import annotations

import re
import time
import warnings
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from ..errors import InputError

__all__ = ["ZONES", "is_date_only", "parse_date"]

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
_EXAMPLE = "use ISO 8601, e.g. 2022-01-10T18:30:00+01:00"
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")
_MERIDIEM = re.compile(r"\b([ap])\.\s?m\.", re.IGNORECASE)
# two defaults that differ in every field: a field the text leaves out differs between the two parses
_DEFAULTS = (datetime(2000, 1, 1, 0, 0, 0, 0), datetime(2001, 2, 2, 1, 1, 1, 1))


def parse_date(value: object, *, source: str) -> datetime | None:
    """The publication date in ``value``, or ``None`` when there is none.

    Parameters
    ----------
    value : object
        ``None``, ``""``, a ``datetime`` or ``date``, a ``time.struct_time``
        in UTC (as feedparser gives), or text: ISO 8601, RFC 822/2822, or a
        date as news sites print it.
    source : str
        Names the input in error messages (a path, an article id, a URL).

    Returns
    -------
    datetime or None
        Aware when the value has a time and a zone; naive midnight when it has
        a date only (see :func:`is_date_only`); ``None`` for ``None`` or ``""``.

    Raises
    ------
    InputError
        The value is not a date precis can read: a bare number, an ambiguous
        numeric date, a date without a day or year, an unknown zone
        abbreviation, or no date at all.

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
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    if _NUMBER.fullmatch(text):
        raise _error(source, value, "a bare number could be seconds or milliseconds since 1970")
    numeric = _NUMERIC_DATE.match(text)
    if numeric and numeric[1] != numeric[2] and int(numeric[1]) <= 12 and int(numeric[2]) <= 12:
        raise _error(source, value, "it reads as day/month and as month/day")
    return _parse_text(text, value, source)


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
        f"{source}: the date {str(value)!r} is not a date precis can read ({reason}{_EXAMPLE})", source=source
    )
