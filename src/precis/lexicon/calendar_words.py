"""Names of months and weekdays, with the abbreviations news copy uses ("Jan.", "Sept.", "Thurs.").

Every module that reads dates or tells names from calendar words takes its words from here, so a
month spelled one way is read the same everywhere. The names are capitalised as written; the
lookups fold case.

Examples
--------
>>> month_number("Sept."), month_number("december"), weekday_number("Thurs")
(9, 12, 3)
>>> month_number("Mayor") is None
True
"""

from __future__ import annotations

__all__ = [
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "WEEKDAYS",
    "WEEKDAY_ABBREVIATIONS",
    "month_number",
    "weekday_number",
]

#: Month names, January first.
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: Abbreviated month names -> month number (1-12); "May" is its own abbreviation, "Sept" and "Sep" both occur.
MONTH_ABBREVIATIONS: dict[str, int] = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6,
    "Jul": 7, "Aug": 8, "Sept": 9, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
#: Weekday names, Monday first (as :meth:`datetime.date.weekday` counts).
WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Abbreviated weekday names -> weekday number (Monday is 0).
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "Mon": 0, "Tue": 1, "Tues": 1, "Wed": 2, "Thu": 3, "Thur": 3, "Thurs": 3, "Fri": 4, "Sat": 5, "Sun": 6,
}  # fmt: skip

_MONTH_LOOKUP = {m.lower(): i for i, m in enumerate(MONTHS, 1)} | {a.lower(): i for a, i in MONTH_ABBREVIATIONS.items()}
_WEEKDAY_LOOKUP = {d.lower(): i for i, d in enumerate(WEEKDAYS)} | {
    a.lower(): i for a, i in WEEKDAY_ABBREVIATIONS.items()
}


def month_number(name: str) -> int | None:
    """The month (1-12) a name or abbreviation stands for, case folded, a final period allowed; else None."""
    return _MONTH_LOOKUP.get(name.lower().removesuffix("."))


def weekday_number(name: str) -> int | None:
    """The weekday (Monday 0) a name or abbreviation stands for, case folded, a final period allowed; else None."""
    return _WEEKDAY_LOOKUP.get(name.lower().removesuffix("."))
