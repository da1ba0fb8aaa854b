"""Working days across Spring Festival and National Day, entered years, unknown years.

Facts are those of chinese_calendar (State Council notices); each test first checks the library
still says so, so a data change shows up as a clear failure here, not as a wrong deadline.
"""

from datetime import date

import chinese_calendar
import pytest

from wageguard.core import calendar, services
from wageguard.core.calendar import DateAnswer, DayAnswer, Source, WorkingCalendar

D = date.fromisoformat


@pytest.fixture
def pure() -> WorkingCalendar:
    """The library and the fallback only: no database."""
    return WorkingCalendar()


def _library_says(day: str, workday: bool) -> None:
    assert chinese_calendar.is_workday(D(day)) is workday, f"chinese_calendar changed for {day}"


SPRING_2025_OFF = [f"2025-01-{d}" for d in range(28, 32)] + [f"2025-02-0{d}" for d in range(1, 5)]
SPRING_2026_OFF = [f"2026-02-{d}" for d in range(15, 24)]
NATIONAL_2025_OFF = [f"2025-10-0{d}" for d in range(1, 9)]
NATIONAL_2026_OFF = [f"2026-10-0{d}" for d in range(1, 8)]
MAKEUP = ["2025-01-26", "2025-02-08", "2025-09-28", "2025-10-11", "2026-02-14", "2026-02-28",
          "2026-09-20", "2026-10-10", "2026-01-04"]  # fmt: skip


ALL_OFF = SPRING_2025_OFF + SPRING_2026_OFF + NATIONAL_2025_OFF + NATIONAL_2026_OFF


@pytest.mark.parametrize("day", ALL_OFF)
def test_official_holidays_are_not_working_days(pure, day):
    _library_says(day, False)
    assert pure.is_workday(D(day)) == DayAnswer(False, False)


@pytest.mark.parametrize("day", MAKEUP)
def test_make_up_weekend_days_are_working_days(pure, day):
    assert D(day).weekday() >= 5
    _library_says(day, True)
    assert pure.is_workday(D(day)) == DayAnswer(True, False)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Spring Festival 2025: Sun 01-26 worked, 01-28..02-04 off, Sat 02-08 worked.
        ("2025-01-24", 1, "2025-01-26"),
        ("2025-01-24", 2, "2025-01-27"),
        ("2025-01-24", 3, "2025-02-05"),
        ("2025-01-24", 6, "2025-02-08"),
        ("2025-01-27", 5, "2025-02-10"),
        ("2025-01-28", 1, "2025-02-05"),  # received on a holiday: the count starts after it
        # Spring Festival 2026: Sat 02-14 worked, 02-15..02-23 off, Sat 02-28 worked.
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-13", 2, "2026-02-24"),
        ("2026-02-24", 4, "2026-02-28"),
        ("2026-02-12", 10, "2026-03-04"),
        # National Day 2025: Sun 09-28 worked, 10-01..10-08 off, Sat 10-11 worked.
        ("2025-09-26", 1, "2025-09-28"),
        ("2025-09-26", 4, "2025-10-09"),
        ("2025-09-30", 3, "2025-10-11"),
        # National Day 2026: Sun 09-20 worked, 10-01..10-07 off, Sat 10-10 worked.
        ("2026-09-18", 1, "2026-09-20"),
        ("2026-09-30", 1, "2026-10-08"),
        ("2026-09-30", 3, "2026-10-10"),
        # Across New Year: 2026-01-01..03 off, Sun 01-04 worked.
        ("2025-12-31", 1, "2026-01-04"),
        ("2025-12-30", 2, "2026-01-04"),
        # A 60-working-day investigation filed before Spring Festival 2025.
        ("2025-01-02", 60, "2025-04-02"),
    ],
)
def test_add_workdays_fixed_cases(pure, start, days, due):
    expected = D(due)
    assert calendar.WorkingCalendar().add_workdays(D(start), days) == DateAnswer(expected, False)
    assert pure.workdays_between(D(start), expected) == days
    # The same number with the library asked day by day: the fast tables agree with it.
    count, day = 0, D(start)
    while count < days:
        day = date.fromordinal(day.toordinal() + 1)
        count += chinese_calendar.is_workday(day)
    assert day == expected


def test_zero_days_is_the_start_and_negative_is_refused(pure):
    assert pure.add_workdays(D("2025-01-28"), 0) == DateAnswer(D("2025-01-28"), False)
    assert pure.workdays_between(D("2025-01-28"), D("2025-01-28")) == 0
    with pytest.raises(ValueError):
        pure.add_workdays(D("2025-01-28"), -1)


def test_workdays_between_counts_the_end_not_the_start_and_is_antisymmetric(pure):
    # (01-26, 02-05] holds 01-27 and 02-05; the worked Sunday 01-26 itself is the start.
    assert pure.workdays_between(D("2025-01-26"), D("2025-02-05")) == 2
    assert pure.workdays_between(D("2025-02-05"), D("2025-01-26")) == -2
    assert pure.workdays_between(D("2024-12-31"), D("2026-12-31")) == sum(
        len(pure.year(y).ordinals) for y in (2025, 2026)
    )


def test_unknown_year_falls_back_to_monday_friday_and_is_provisional(pure):
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D("2099-01-01"))
    assert pure.is_workday(D("2099-01-01")) == DayAnswer(True, True)  # a Thursday
    assert pure.is_workday(D("2099-01-03")) == DayAnswer(False, True)  # a Saturday
    assert pure.add_workdays(D("2099-01-02"), 1) == DateAnswer(D("2099-01-05"), True)
    assert pure.year(2099).source == Source.FALLBACK
    assert pure.year(1990).source == Source.FALLBACK


def test_a_deadline_crossing_into_an_unknown_year_is_provisional(pure):
    last_known = max(y for y in range(2020, 2100) if calendar.library_knows(y))
    start = date(last_known, 12, 20)
    near = pure.add_workdays(start, 3)
    assert near.date.year == last_known and not near.provisional
    far = pure.add_workdays(start, 30)
    assert far.date.year == last_known + 1 and far.provisional
    # Starting on 12-31, nothing of the known year is consulted, the unknown one is.
    assert pure.add_workdays(date(last_known, 12, 31), 1).provisional
    assert pure.span_provisional(start, far.date) and not pure.span_provisional(start, near.date)


def test_far_dates_never_raise_except_past_the_calendar_end(pure):
    assert pure.add_workdays(D("9999-12-01"), 5).provisional
    with pytest.raises(OverflowError):
        pure.add_workdays(D("9999-12-30"), 10)


def test_entered_years_come_from_the_loader_and_are_rechecked():
    entered = {2099: ([D("2099-01-01"), D("2099-01-02")], [D("2099-01-03")])}
    cal = WorkingCalendar(lambda: dict(entered), recheck_seconds=0)
    assert cal.is_workday(D("2099-01-01")) == DayAnswer(False, False)
    assert cal.is_workday(D("2099-01-03")) == DayAnswer(True, False)
    assert cal.add_workdays(D("2098-12-31"), 1) == DateAnswer(D("2099-01-03"), False)
    entered.clear()  # another process deleted it: the next question sees that
    assert cal.is_workday(D("2099-01-01")) == DayAnswer(True, True)


@pytest.mark.django_db
def test_entered_year_overrides_library_and_fallback(make_user):
    admin = make_user("cal-admin", "admin", "510000")
    assert calendar.is_workday(D("2099-02-02")) == DayAnswer(True, True)
    services.save_holiday_year(
        admin, year=2099, holidays=[D("2099-02-02"), D("2099-02-03")], makeups=[D("2099-02-07")]
    )
    assert calendar.year_source(2099) == Source.ENTERED
    assert calendar.is_workday(D("2099-02-02")) == DayAnswer(False, False)
    assert calendar.is_workday(D("2099-02-07")) == DayAnswer(True, False)
    assert calendar.add_workdays(D("2099-02-01"), 1) == DateAnswer(D("2099-02-04"), False)
    # A year the library knows can be corrected too: the entry replaces it entirely.
    assert not calendar.is_workday(D("2025-01-28")).workday
    services.save_holiday_year(admin, year=2025, holidays=[], makeups=[])
    assert calendar.is_workday(D("2025-01-28")) == DayAnswer(True, False)
    assert not calendar.is_workday(D("2025-01-26")).workday
    services.delete_holiday_year(admin, 2025)
    assert calendar.year_source(2025) == Source.LIBRARY
    assert not calendar.is_workday(D("2025-01-28")).workday


def test_library_year_lists_official_holidays_and_make_up_days():
    holidays, makeups = calendar.library_year(2026)
    assert [d.isoformat() for d in makeups] == [
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"
    ]  # fmt: skip
    assert {D(d) for d in SPRING_2026_OFF + NATIONAL_2026_OFF} <= set(holidays)
    assert D("2026-03-07") not in holidays  # an ordinary Saturday is no official holiday
    assert calendar.library_year(2099) is None
