"""Properties every deadline relies on, over library years, entered years and unknown years."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from wageguard.core.calendar import WorkingCalendar

# 2003 and 2027+ are unknown to the library (fallback); 2099 is "entered" below.
ENTERED = {
    2099: (
        [date(2099, 1, 1), date(2099, 1, 2), *(date(2099, 2, d) for d in range(10, 17))],
        [date(2099, 1, 3), date(2099, 2, 8)],
    )
}
CAL = WorkingCalendar(lambda: ENTERED)

days = st.dates(min_value=date(2003, 6, 1), max_value=date(2100, 6, 1))
counts = st.integers(min_value=0, max_value=400)
common = settings(max_examples=300, deadline=None)


@common
@given(days, counts, counts)
def test_additive(d, a, b):
    assert CAL.add_workdays(CAL.add_workdays(d, a).date, b).date == CAL.add_workdays(d, a + b).date


@common
@given(days, counts, counts)
def test_monotone_in_n(d, a, b):
    low, high = sorted((a, b))
    assert CAL.add_workdays(d, low).date <= CAL.add_workdays(d, high).date
    if low < high:
        assert CAL.add_workdays(d, low).date < CAL.add_workdays(d, high).date


@common
@given(days, st.integers(min_value=1, max_value=400))
def test_lands_on_a_working_day_after_the_start(d, n):
    due = CAL.add_workdays(d, n).date
    assert due > d
    assert CAL.is_workday(due).workday


@common
@given(days, counts)
def test_workdays_between_inverts_add(d, n):
    assert CAL.workdays_between(d, CAL.add_workdays(d, n).date) == n


@common
@given(days, days)
def test_workdays_between_is_antisymmetric_and_matches_day_by_day(a, b):
    if abs((b - a).days) > 800:
        b = date.fromordinal(a.toordinal() + (b - a).days % 800)
    low, high = sorted((a, b))
    by_day = sum(
        CAL.is_workday(date.fromordinal(o)).workday
        for o in range(low.toordinal() + 1, high.toordinal() + 1)
    )
    assert CAL.workdays_between(low, high) == by_day
    assert CAL.workdays_between(high, low) == -by_day


@common
@given(days, st.integers(min_value=1, max_value=400))
def test_provisional_exactly_when_an_unconfirmed_year_is_crossed(d, n):
    answer = CAL.add_workdays(d, n)
    assert answer.provisional == CAL.span_provisional(d, answer.date)
