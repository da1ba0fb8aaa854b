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


def test_unknown_year_keeps_the_statutory_holidays_and_is_provisional(pure):
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D("2099-01-01"))
    # New Year's Day is statutory every year (放假办法 art. 2): off, though a Thursday.
    assert pure.is_workday(D("2099-01-01")) == DayAnswer(False, True)
    assert pure.is_workday(D("2099-01-02")) == DayAnswer(True, True)  # an ordinary Friday
    assert pure.is_workday(D("2099-01-03")) == DayAnswer(False, True)  # a Saturday
    assert pure.add_workdays(D("2099-01-02"), 1) == DateAnswer(D("2099-01-05"), True)
    assert pure.add_workdays(D("2098-12-31"), 1) == DateAnswer(D("2099-01-02"), True)
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
    assert cal.is_workday(D("2099-01-03")) == DayAnswer(False, True)


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


# --- years nobody published: the statutory holidays (《全国年节及纪念日放假办法》 art. 2) ---------

# The fallback's holidays for 2027, the first year after the installed library's data; lunar
# dates and Qingming as computed, the fixed ones as the text gives them.
HOLIDAYS_2027 = {
    "2027-01-01": "元旦",
    "2027-02-05": "春节",  # lunar New Year's Eve
    "2027-02-06": "春节",  # 1st of the first lunar month
    "2027-02-07": "春节",
    "2027-02-08": "春节",
    "2027-04-05": "清明节",
    "2027-05-01": "劳动节",
    "2027-05-02": "劳动节",
    "2027-06-09": "端午节",
    "2027-09-15": "中秋节",
    "2027-10-01": "国庆节",
    "2027-10-02": "国庆节",
    "2027-10-03": "国庆节",
}


def test_statutory_holidays_of_an_unpublished_year():
    assert not calendar.library_knows(2027), "the library now knows 2027: pick a later year"
    got = {h.day.isoformat(): h.name for h in calendar.statutory_holidays(2027)}
    assert got == HOLIDAYS_2027
    assert len(calendar.statutory_holidays(2030)) == 13  # 7 festivals, 13 days (art. 2)


@pytest.mark.parametrize("day", sorted(HOLIDAYS_2027))
def test_every_statutory_day_is_off_and_provisional_in_an_unpublished_year(pure, day):
    assert pure.is_workday(D(day)) == DayAnswer(False, True)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Mon 2027-02-01 + 4: Tue..Thu, Fri 02-05 is the eve: Mon 02-08 is the 3rd, so Tue 02-09.
        ("2027-02-01", 3, "2027-02-04"),
        ("2027-02-01", 4, "2027-02-09"),
        ("2027-02-01", 5, "2027-02-10"),
        # Thu 2027-09-30 + 1: Fri 10-01 is National Day, so Mon 10-04 (no make-up day guessed).
        ("2027-09-29", 1, "2027-09-30"),
        ("2027-09-30", 1, "2027-10-04"),
        ("2027-10-01", 1, "2027-10-04"),
        # Tue 2027-06-08 + 1: Wed 06-09 is Dragon Boat.
        ("2027-06-08", 1, "2027-06-10"),
        ("2027-09-14", 1, "2027-09-16"),  # Wed 09-15 is Mid-Autumn
        ("2027-04-02", 1, "2027-04-06"),  # Mon 04-05 is Qingming
    ],
)
def test_deadlines_in_an_unpublished_year_skip_the_statutory_holidays(pure, start, days, due):
    assert pure.add_workdays(D(start), days) == DateAnswer(D(due), True)


def test_the_fallback_invents_no_make_up_working_day(pure):
    table = pure.year(2027)
    weekends = [o for o in table.ordinals if date.fromordinal(o).weekday() >= 5]
    assert weekends == []
    weekdays = sum(1 for d in calendar._days_of(2027) if d.weekday() < 5)
    off_on_weekdays = sum(1 for d in HOLIDAYS_2027 if D(d).weekday() < 5)
    assert len(table.ordinals) == weekdays - off_on_weekdays


def test_two_festivals_on_one_day_are_one_day_off():
    # 1990: Mid-Autumn (15th of the 8th lunar month) fell on National Day's 10-03.
    days = [h for h in calendar.statutory_holidays(1990) if h.day == D("1990-10-03")]
    assert days == [calendar.Holiday(D("1990-10-03"), "中秋节、国庆节")]


def test_outside_the_lunar_tables_only_the_fixed_dates_are_known():
    names = {h.name for h in calendar.statutory_holidays(2150)}
    assert names == {"元旦", "劳动节", "国庆节"}


# Against the years the library knows (the State Council's notices): every statutory day the
# fallback computes is a day off there too, for the two years under the stored text (the 2024
# revision) in full, and back to 2008 for the days earlier notices also gave. Earlier notices
# gave New Year's Eve of the lunar calendar or 05-02 as a working day in some years (2012-2014,
# 2017, 2018, 2024): the stored text is the 2024 revision, so those two days are checked only
# from 2025.
@pytest.mark.parametrize("year", range(2008, 2027))
def test_the_computed_holidays_are_days_off_in_the_published_years(year):
    if not calendar.library_knows(year):
        pytest.skip(f"library lacks {year}")
    computed = calendar.statutory_holidays(year)
    eve = min(h.day for h in computed if h.name == "春节")
    checked = [h for h in computed if year >= 2025 or (h.day != eve and h.day != date(year, 5, 2))]
    worked = [h for h in checked if chinese_calendar.is_workday(h.day)]
    assert worked == [], f"{year}: the library has these as working days: {worked}"
    # and each is off in the calendar built from the library as well
    cal = WorkingCalendar()
    assert not any(cal.is_workday(h.day).workday for h in checked)


@pytest.mark.parametrize("year", [2025, 2026])
def test_spring_festival_and_qingming_match_the_library_names(year):
    for h in calendar.statutory_holidays(year):
        off, name = chinese_calendar.get_holiday_detail(h.day)
        assert off, h
        if h.name in {"春节", "清明节", "端午节", "劳动节", "国庆节", "元旦"}:
            assert name is not None, h
