"""Tests for precis.readers.dates: the date forms of pages, feeds and JSONL, and what is refused."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precis.errors import InputError
from precis.readers.dates import ZONES, is_date_only, parse_date


def _zone(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


@pytest.mark.parametrize("value", [None, "", "   "])
def test_readers_dates_empty_is_none(value: object) -> None:
    assert parse_date(value, source="a1") is None


def test_readers_dates_datetime_passes_through() -> None:
    dt = datetime(2022, 1, 10, 18, 30, tzinfo=_zone(1))
    assert parse_date(dt, source="a1") is dt


def test_readers_dates_date_is_naive_midnight() -> None:
    assert parse_date(date(2022, 1, 10), source="a1") == datetime(2022, 1, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-01-10T18:30:00Z", datetime(2022, 1, 10, 18, 30, tzinfo=UTC)),
        ("2022-01-10T18:30:00+01:00", datetime(2022, 1, 10, 18, 30, tzinfo=_zone(1))),
        ("2022-01-10T18:30:00.250-05:30", datetime(2022, 1, 10, 18, 30, 0, 250000, tzinfo=_zone(-5.5))),
        ("2022-01-10 18:30", datetime(2022, 1, 10, 18, 30)),
        ("2022-01-10", datetime(2022, 1, 10)),
    ],
)
def test_readers_dates_iso_8601(text: str, expected: datetime) -> None:
    got = parse_date(text, source="a1")
    assert got == expected
    assert got is not None and got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 10 Jan 2022 18:30:00 GMT", datetime(2022, 1, 10, 18, 30, tzinfo=UTC)),
        ("Mon, 10 Jan 2022 18:30:00 +0100", datetime(2022, 1, 10, 18, 30, tzinfo=_zone(1))),
        ("Mon, 10 Jan 2022 18:30:00 EST", datetime(2022, 1, 10, 18, 30, tzinfo=_zone(-5))),
        ("10 Jan 2022 18:30:45 -0000", datetime(2022, 1, 10, 18, 30, 45, tzinfo=UTC)),
    ],
)
def test_readers_dates_rfc_822(text: str, expected: datetime) -> None:
    got = parse_date(text, source="a1")
    assert got == expected
    assert got is not None and got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan. 10, 2022 6:30 pm EST", datetime(2022, 1, 10, 18, 30, tzinfo=_zone(-5))),
        ("January 10, 2022 6:30 p.m. EDT", datetime(2022, 1, 10, 18, 30, tzinfo=_zone(-4))),
        ("Monday, January 10, 2022 at 9:05 a.m. PST", datetime(2022, 1, 10, 9, 5, tzinfo=_zone(-8))),
        ("10 January 2022, 18:30 CET", datetime(2022, 1, 10, 18, 30, tzinfo=_zone(1))),
        ("10 July 2022 18:30 CEST", datetime(2022, 7, 10, 18, 30, tzinfo=_zone(2))),
        ("10 Jan 2022 6 pm BST", datetime(2022, 1, 10, 18, 0, tzinfo=_zone(1))),
        ("10 Jan 2022 11:00 MSK", datetime(2022, 1, 10, 11, 0, tzinfo=_zone(3))),
        ("10 Jan 2022 11:00 CST", datetime(2022, 1, 10, 11, 0, tzinfo=_zone(-6))),
        ("10 Jan 2022 11:00 UTC", datetime(2022, 1, 10, 11, 0, tzinfo=UTC)),
    ],
)
def test_readers_dates_news_forms_with_named_zones(text: str, expected: datetime) -> None:
    got = parse_date(text, source="a1")
    assert got == expected
    assert got is not None and got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["10 January 2022", "January 10, 2022", "Jan. 10, 2022", "2022-01-10", "13/04/2022"])
def test_readers_dates_date_only_is_naive_midnight(text: str) -> None:
    got = parse_date(text, source="a1")
    assert got is not None
    assert got.tzinfo is None
    assert is_date_only(got)
    assert got.date() in (date(2022, 1, 10), date(2022, 4, 13))


def test_readers_dates_time_without_zone_stays_naive() -> None:
    assert parse_date("10 January 2022 18:30", source="a1") == datetime(2022, 1, 10, 18, 30)


def test_readers_dates_struct_time_is_aware_utc() -> None:
    parsed = time.strptime("2022-01-10 18:30:00", "%Y-%m-%d %H:%M:%S")
    got = parse_date(parsed, source="feed.xml")
    assert got == datetime(2022, 1, 10, 18, 30, tzinfo=UTC)
    assert got is not None and got.utcoffset() == timedelta(0)


def test_readers_dates_every_zone_name_is_read() -> None:
    for name, hours in ZONES.items():
        got = parse_date(f"10 Jan 2022 12:00 {name}", source="a1")
        assert got is not None and got.utcoffset() == timedelta(hours=hours), name


@pytest.mark.parametrize("value", [1641839400, 1641839400.5, "1641839400", "1641839400000", True])
def test_readers_dates_epoch_numbers_are_refused(value: object) -> None:
    with pytest.raises(InputError, match="bare number"):
        parse_date(value, source="a1")


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("hello", None),
        ("next Tuesday", None),
        ("January 2022", "lacks a day"),
        ("03/04/2022", "day/month and as month/day"),
        ("10 Jan 2022 18:30 IST", "time zone"),
        ("10 Jan 2022 18:30 XYZT", "time zone"),
        (b"2022-01-10", "bytes"),
        (["2022-01-10"], "list"),
    ],
)
def test_readers_dates_unreadable_raises_input_error_naming_source(value: object, why: str | None) -> None:
    with pytest.raises(InputError) as info:
        parse_date(value, source="story-7")
    message = str(info.value)
    assert message.startswith("story-7: the date ")
    assert "is not a date precis can read" in message
    assert "use ISO 8601, e.g. 2022-01-10T18:30:00+01:00" in message
    assert info.value.source == "story-7"
    if why:
        assert why in message


def test_readers_dates_is_date_only() -> None:
    assert is_date_only(datetime(2022, 1, 10))
    assert not is_date_only(datetime(2022, 1, 10, 0, 0, 1))
    assert not is_date_only(datetime(2022, 1, 10, tzinfo=UTC))
    assert not is_date_only(datetime(2022, 1, 10, 18, 30))


_OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))


@given(st.datetimes(timezones=_OFFSETS))
def test_readers_dates_iso_round_trip(dt: datetime) -> None:
    got = parse_date(dt.isoformat(), source="a1")
    assert got == dt
    assert got is not None and got.utcoffset() == dt.utcoffset()
