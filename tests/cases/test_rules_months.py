"""Boundaries of rules.months_unpaid: "拖欠……三个月以上" (法释〔2013〕3号第三条) counts whole
months elapsed on day-level dates, and the months named on a clue's month-level period."""

import datetime as dt

import pytest

from wageguard.cases.rules import months_unpaid

D = dt.date


@pytest.mark.parametrize(
    "start, end, months",
    [
        (D(2026, 5, 31), D(2026, 7, 1), 1),  # a month and a day
        (D(2026, 5, 1), D(2026, 7, 30), 2),  # one day short of 3
        (D(2026, 5, 1), D(2026, 7, 31), 3),  # exactly three full months
        (D(2026, 5, 15), D(2026, 8, 14), 3),
        (D(2026, 5, 15), D(2026, 8, 13), 2),
        # 01-31 + 1 month is 02-28 (Civil Code art. 202: no 02-31), so the month that starts on
        # 01-31 is complete with 02-27.
        (D(2026, 1, 31), D(2026, 2, 26), 0),
        (D(2026, 1, 31), D(2026, 2, 27), 1),
        (D(2025, 11, 30), D(2026, 2, 26), 2),
        (D(2025, 11, 30), D(2026, 2, 27), 3),
        (D(2026, 5, 1), D(2026, 5, 1), 0),
        (D(2026, 5, 2), D(2026, 5, 1), 0),  # backwards
        (None, D(2026, 5, 1), 0),
        (D(2026, 5, 1), None, 0),
    ],
)
def test_whole_months_on_day_level_dates(start, end, months):
    assert months_unpaid(start, end) == months


@pytest.mark.parametrize(
    "start, end, months",
    [
        (D(2026, 5, 1), D(2026, 8, 1), 4),  # 2026-05 .. 2026-08 from a clue
        (D(2026, 5, 1), D(2026, 5, 1), 1),
        (D(2025, 12, 1), D(2026, 2, 1), 3),
        (D(2026, 8, 1), D(2026, 5, 1), 0),
    ],
)
def test_months_named_on_month_level_periods(start, end, months):
    assert months_unpaid(start, end, by_month=True) == months
