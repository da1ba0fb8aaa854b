"""Working-day calendar for legal deadlines (DESIGN: Deadlines).

A day is a working day when it is Monday-Friday and not an official holiday, or when it is a
make-up working day (调休上班) on a weekend. Where each year's facts come from, in order:

1. a `HolidayYear` an administrator entered (it wins, so a late State Council notice or a
   library mistake can be corrected without a release);
2. the `chinese_calendar` package;
3. nothing entered or published: the statutory holidays of 《全国年节及纪念日放假办法》 art. 2
   (`statutory_holidays`: the fixed dates, and the lunar ones and Qingming computed), no make-up
   working days (the State Council's notice decides those), and every answer that depends on that
   year is marked provisional.

Counting rule: `add_workdays(d, n)` is the n-th working day *after* d; d itself never counts, so
a clue received on a Saturday with a 5-working-day limit is due on the following Friday, just as
one received on the Friday before would be due on the next Friday. `add_workdays(d, 0)` is d.
`workdays_between(a, b)` counts working days in (a, b], so it inverts `add_workdays`.

Deadlines are computed for millions of rows, so each year is turned once into a sorted tuple of
working-day ordinals and every question is a bisect on it; nothing calls the library per day.
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

import chinese_calendar
from lunardate import LunarDate

logger = logging.getLogger(__name__)

MAX_ADD_DAYS = 3650
# Other processes (gunicorn workers) learn about an entered year within this many seconds.
RECHECK_SECONDS = 60.0


class Source:
    ENTERED = "entered"
    LIBRARY = "library"
    FALLBACK = "fallback"


class CalendarRangeError(OverflowError):
    """A date the calendar cannot reach (before year 1 or after 9999). Input is held to plausible
    ranges by `core.dates` long before this; this keeps a slip that got past them a clear error
    rather than a bare OverflowError from datetime."""


def _shift(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise CalendarRangeError(f"{day.isoformat()} {days:+d} days is outside 0001-9999") from None


class DayAnswer(NamedTuple):
    workday: bool
    provisional: bool


class DateAnswer(NamedTuple):
    date: date
    provisional: bool


@dataclass(frozen=True)
class YearCalendar:
    """One year's working days as ordinals: membership and rank are both O(log n)."""

    year: int
    source: str
    ordinals: tuple[int, ...]
    ordinal_set: frozenset[int]

    @property
    def provisional(self) -> bool:
        return self.source == Source.FALLBACK

    @property
    def first_ordinal(self) -> int:
        return date(self.year, 1, 1).toordinal()

    @property
    def last_ordinal(self) -> int:
        return date(self.year, 12, 31).toordinal()


def _ordinals_of(year: int) -> range:
    return range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1)


def _days_of(year: int) -> Iterable[date]:
    return (date.fromordinal(o) for o in _ordinals_of(year))


def build_year(
    year: int, source: str, holidays: Iterable[date], makeups: Iterable[date]
) -> YearCalendar:
    """Working days of `year`: weekdays minus holidays plus make-up days."""
    off = {d.toordinal() for d in holidays}
    on = {d.toordinal() for d in makeups}
    # Ordinal 1 (0001-01-01) was a Monday, so (o - 1) % 7 is the weekday, 0 = Monday.
    ordinals = tuple(o for o in _ordinals_of(year) if o in on or (o not in off and (o - 1) % 7 < 5))
    return YearCalendar(year, source, ordinals, frozenset(ordinals))


def library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    except (ValueError, OverflowError, KeyError):
        return False
    return True


def library_year(year: int) -> tuple[list[date], list[date]] | None:
    """(holidays, make-up working days) of `year` as the library has them, or None if unknown."""
    if not library_knows(year):
        return None
    holidays: list[date] = []
    makeups: list[date] = []
    try:
        for day in _days_of(year):
            off, name = chinese_calendar.get_holiday_detail(day)
            if off and name is not None:
                holidays.append(day)
            elif not off and day.weekday() >= 5:
                makeups.append(day)
    except NotImplementedError:
        return None
    return holidays, makeups


class Holiday(NamedTuple):
    day: date
    name: str  # the festival as 《全国年节及纪念日放假办法》 art. 2 names it


# Lunar dates come from `lunardate` (already used for the Spring Festival urgency rule; pure
# Python, tables for 1900-2099), the Qingming solar term from `chinese_calendar.get_solar_terms`
# (the library that supplies the published years; 1900-2100). Outside those ranges only the
# fixed-date holidays are known.
LUNAR_YEARS = range(1900, 2100)


def _lunar(year: int, month: int, day: int) -> date | None:
    if year not in LUNAR_YEARS:
        return None
    return LunarDate(year, month, day).to_solar_date()


def _qingming(year: int) -> date | None:
    try:
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    except (NotImplementedError, ValueError):
        return None
    return next((day for day, name in terms if name == "清明"), None)


def statutory_holidays(year: int) -> list[Holiday]:
    """The days every citizen has off in `year` under 《全国年节及纪念日放假办法》 art. 2 (the
    2024 revision, docs/legal-sources.md §18): New Year's Day (01-01); Spring Festival, 4 days
    (lunar New Year's Eve and the 1st-3rd of the first lunar month); Qingming (the solar term's
    day); Labour Day (05-01, 05-02); Dragon Boat (5th of the 5th lunar month); Mid-Autumn (15th of
    the 8th lunar month); National Day (10-01 to 10-03). Sorted by date.

    Only what art. 2 fixes: the substitute day off for a holiday on a weekend and the make-up
    working days of a long holiday are set by each year's State Council notice (the same
    Measures leave them to it), so they are not guessed here."""
    days = [Holiday(date(year, 1, 1), "元旦")]
    new_year = _lunar(year, 1, 1)
    if new_year is not None:
        days += [Holiday(new_year + timedelta(days=i), "春节") for i in range(-1, 3)]
    qingming = _qingming(year)
    if qingming is not None:
        days.append(Holiday(qingming, "清明节"))
    days += [Holiday(date(year, 5, 1), "劳动节"), Holiday(date(year, 5, 2), "劳动节")]
    for month, day, name in ((5, 5, "端午节"), (8, 15, "中秋节")):
        found = _lunar(year, month, day)
        if found is not None:
            days.append(Holiday(found, name))
    days += [Holiday(date(year, 10, d), "国庆节") for d in (1, 2, 3)]
    # Two festivals may share a day (Mid-Autumn on 10-01 to 10-03): one day off, both names.
    merged: dict[date, str] = {}
    for h in days:
        if h.day.year == year:
            merged[h.day] = f"{merged[h.day]}、{h.name}" if h.day in merged else h.name
    return [Holiday(day, name) for day, name in sorted(merged.items())]


def fallback_year(year: int) -> YearCalendar:
    """A year nobody published: the statutory holidays off, no make-up days, provisional."""
    return build_year(year, Source.FALLBACK, (h.day for h in statutory_holidays(year)), ())


EnteredLoader = Callable[[], dict[int, tuple[list[date], list[date]]]]


class WorkingCalendar:
    """Year tables built on demand and cached until `invalidate()`.

    `entered` returns every administrator-entered year as {year: (holidays, makeups)}; the default
    calendar reads the `HolidayYear` table, tests may pass a plain function.
    """

    def __init__(self, entered: EnteredLoader | None = None, recheck_seconds: float | None = None):
        self._entered_loader = entered or (lambda: {})
        self._recheck = recheck_seconds
        self._lock = threading.Lock()
        self._years: dict[int, YearCalendar] = {}
        self._entered: dict[int, tuple[list[date], list[date]]] | None = None
        self._checked_at = 0.0

    # -- cache -------------------------------------------------------------------------------

    def invalidate(self, year: int | None = None) -> None:
        """Forget cached years (all, or one): called when a HolidayYear is saved or deleted."""
        with self._lock:
            self._entered = None
            if year is None:
                self._years.clear()
            else:
                self._years.pop(year, None)

    def _entered_years(self) -> dict[int, tuple[list[date], list[date]]]:
        now = time.monotonic()
        entered = self._entered
        fresh_enough = self._recheck is None or now - self._checked_at < self._recheck
        if entered is not None and fresh_enough:
            return entered
        fresh = self._entered_loader()
        with self._lock:
            if entered is not None and fresh != entered:
                # Another process entered or changed a year: rebuild everything derived from it.
                self._years.clear()
            self._entered = fresh
            self._checked_at = now
        return fresh

    def year(self, year: int) -> YearCalendar:
        entered = self._entered_years()
        cached = self._years.get(year)
        if cached is not None:
            return cached
        if year in entered:
            holidays, makeups = entered[year]
            table = build_year(year, Source.ENTERED, holidays, makeups)
        else:
            known = library_year(year)
            if known is None:
                table = fallback_year(year)
            else:
                table = build_year(year, Source.LIBRARY, *known)
        with self._lock:
            self._years[year] = table
        return table

    # -- questions ---------------------------------------------------------------------------

    def is_workday(self, day: date) -> DayAnswer:
        table = self.year(day.year)
        return DayAnswer(day.toordinal() in table.ordinal_set, table.provisional)

    def add_workdays(self, start: date, days: int) -> DateAnswer:
        """The `days`-th working day after `start`; provisional if any year it crossed is unknown.

        Negative counts are refused rather than guessed at: "5 working days before" has two
        reasonable meanings, and a deadline rule must choose one explicitly.
        """
        if days < 0:
            raise ValueError("days must be zero or positive")
        if days == 0:
            return DateAnswer(start, False)
        position = start.toordinal()
        year = start.year
        provisional = False
        remaining = days
        while True:
            if year > date.max.year:
                raise CalendarRangeError("deadline beyond the last representable date")
            table = self.year(year)
            if position < table.last_ordinal and table.provisional:
                provisional = True
            index = bisect_right(table.ordinals, position)
            available = len(table.ordinals) - index
            if remaining <= available:
                found = date.fromordinal(table.ordinals[index + remaining - 1])
                return DateAnswer(found, provisional)
            remaining -= available
            year += 1
            position = table.last_ordinal

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.workdays_between(end, start)
        if start.year == end.year:
            table = self.year(start.year)
            return bisect_right(table.ordinals, end.toordinal()) - bisect_right(
                table.ordinals, start.toordinal()
            )
        first = self.year(start.year)
        count = len(first.ordinals) - bisect_right(first.ordinals, start.toordinal())
        for year in range(start.year + 1, end.year):
            count += len(self.year(year).ordinals)
        last = self.year(end.year)
        return count + bisect_right(last.ordinals, end.toordinal())

    def span_provisional(self, start: date, end: date) -> bool:
        """Whether a count over (start, end] rests on a year nobody has confirmed."""
        low, high = min(start, end), max(start, end)
        if low == high:
            return False
        low = _shift(low, 1)
        return any(self.year(y).provisional for y in range(low.year, high.year + 1))


def _entered_from_database() -> dict[int, tuple[list[date], list[date]]]:
    from django.db import DatabaseError

    from .models import HolidayYear

    try:
        rows = list(HolidayYear.objects.all())
    except DatabaseError:
        # Before `migrate` (or with the database briefly away) the library and the fallback
        # still answer; the next recheck picks the entered years up.
        logger.warning("holiday years unavailable; using the library calendar only", exc_info=True)
        return {}
    return {row.year: (row.holiday_dates(), row.makeup_dates()) for row in rows}


default_calendar = WorkingCalendar(_entered_from_database, recheck_seconds=RECHECK_SECONDS)


def is_workday(day: date) -> DayAnswer:
    return default_calendar.is_workday(day)


def add_workdays(start: date, days: int) -> DateAnswer:
    return default_calendar.add_workdays(start, days)


def workdays_between(start: date, end: date) -> int:
    return default_calendar.workdays_between(start, end)


def span_provisional(start: date, end: date) -> bool:
    return default_calendar.span_provisional(start, end)


def year_source(year: int) -> str:
    return default_calendar.year(year).source


def invalidate(year: int | None = None) -> None:
    default_calendar.invalidate(year)


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later (earlier when negative), or that month's last day
    when there is none (Civil Code art. 202): 08-31 plus 6 months is 02-28 (02-29 in a leap
    year). Calendar months, not working days: the credit list's term and waits and the months a
    worker went unpaid are counted in them."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not date.min.year <= year <= date.max.year:
        raise CalendarRangeError(f"{day.isoformat()} {months:+d} months is outside 0001-9999")
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def days_period_end(start: date, days: int) -> DateAnswer:
    """The last day of a period of `days` calendar days that starts on `start` (a fine paid
    within 15 days of receiving the decision, 10 days after a reminder was served): the first
    day does not count (Civil Code art. 201), and a last day that is not a working day moves to
    the next working day (Civil Code art. 203: 法定休假日 takes in weekends and holidays, while
    a make-up working day counts as a working day). Provisional when the last day's year is."""
    end = _shift(start, days)
    answer = default_calendar.is_workday(end)
    if answer.workday:
        return DateAnswer(end, answer.provisional)
    moved = default_calendar.add_workdays(end, 1)
    return DateAnswer(moved.date, moved.provisional or answer.provisional)
