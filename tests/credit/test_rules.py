"""Order 45 rules at their boundaries: eligibility, the 3-year term, 6-month early removal and the
configurable working-day limits across National Day."""

import datetime as dt
from decimal import Decimal

import pytest

from wageguard.cases.rules import Answer
from wageguard.credit import rules
from wageguard.credit.rules import Eligibility

D = dt.date


def test_threshold_answers_are_the_cases_apps():
    assert (rules.MEETS, rules.DOES_NOT_MEET, rules.DEPENDS) == (
        Answer.MEETS,
        Answer.DOES_NOT_MEET,
        Answer.DEPENDS,
    )


@pytest.mark.parametrize(
    ("missed", "amount", "mass", "expected"),
    [
        (True, "meets", False, Eligibility.ELIGIBLE),
        (True, "depends_on_provincial_figure", False, Eligibility.DEPENDS),
        (True, "does_not_meet", False, Eligibility.NOT_ELIGIBLE),
        (True, "does_not_meet", True, Eligibility.ELIGIBLE),
        (True, "depends_on_provincial_figure", True, Eligibility.ELIGIBLE),
        (False, "meets", False, Eligibility.NOT_ELIGIBLE),
        (False, "meets", True, Eligibility.NOT_ELIGIBLE),
        (False, "depends_on_provincial_figure", False, Eligibility.NOT_ELIGIBLE),
    ],
)
def test_eligibility(missed, amount, mass, expected):
    result = rules.eligibility(missed, amount, mass)
    assert result.answer == expected
    assert "第五条" in result.reasons[0]
    assert result.reasons[-1].startswith("结论")


def test_eligibility_explains_each_condition():
    result = rules.eligibility(False, "meets", True)
    text = "\n".join(result.reasons)
    assert "未经责令限期支付" in text
    assert "达到认定拒不支付劳动报酬罪" in text
    assert "群体性事件" in text


@pytest.mark.parametrize(
    ("listed_on", "last_day", "expires_on"),
    [
        # Civil Code arts. 201-202: the decision day is not counted, the term ends on the
        # corresponding day (or the month's last day) and the unit is off the list the day after.
        (D(2026, 11, 29), D(2029, 11, 29), D(2029, 11, 30)),
        (D(2026, 10, 15), D(2029, 10, 15), D(2029, 10, 16)),
        (D(2028, 2, 29), D(2031, 2, 28), D(2031, 3, 1)),  # no 02-29 in 2031
        (D(2028, 3, 1), D(2031, 3, 1), D(2031, 3, 2)),
        (D(2028, 2, 28), D(2031, 2, 28), D(2031, 3, 1)),
        (D(2025, 2, 28), D(2028, 2, 28), D(2028, 2, 29)),  # ends before the leap day
        (D(2026, 12, 31), D(2029, 12, 31), D(2030, 1, 1)),
        (D(2027, 1, 1), D(2030, 1, 1), D(2030, 1, 2)),
    ],
)
def test_three_year_term(listed_on, last_day, expires_on):
    span = rules.term(listed_on)
    assert (span.last_day, span.expires_on) == (last_day, expires_on)
    assert rules.is_current("listed", span.expires_on, last_day)
    assert not rules.is_current("listed", span.expires_on, expires_on)
    assert not rules.is_current("removed", span.expires_on, last_day)
    assert rules.is_current("removal_requested", span.expires_on, listed_on)


@pytest.mark.parametrize(
    ("corrected", "first_day"),
    [
        (D(2026, 3, 15), D(2026, 9, 16)),
        (D(2026, 8, 31), D(2027, 3, 1)),  # 6 months end on 02-28 (no 02-31)
        (D(2027, 8, 31), D(2028, 3, 1)),  # leap year: end on 02-29
        (D(2026, 8, 30), D(2027, 3, 1)),
        (D(2026, 8, 28), D(2027, 3, 1)),
        (D(2026, 8, 27), D(2027, 2, 28)),
    ],
)
def test_six_months_since_correction(corrected, first_day):
    assert rules.removal_allowed_from(corrected) == first_day
    before = rules.early_removal(True, corrected, True, first_day - dt.timedelta(days=1))
    assert not before.allowed
    assert any("未满 6 个月" in r for r in before.reasons)
    assert rules.early_removal(True, corrected, True, first_day).allowed


def test_early_removal_needs_all_three():
    today = D(2027, 6, 1)
    assert rules.early_removal(True, D(2026, 1, 1), True, today).allowed
    no_pay = rules.early_removal(False, D(2026, 1, 1), True, today)
    assert not no_pay.allowed and "尚未足额支付" in "".join(no_pay.reasons)
    no_promise = rules.early_removal(True, D(2026, 1, 1), False, today)
    assert not no_promise.allowed and "未作出书面信用承诺" in no_promise.reasons
    no_date = rules.early_removal(True, None, True, today)
    assert not no_date.allowed


@pytest.mark.django_db
def test_fixed_limits_across_national_day():
    # Notice served Wednesday 2026-09-30; 10-01..07 are holidays, Saturday 10-10 is a make-up
    # working day: the 5 working days to object are 10-08, 10-09, 10-10, 10-12, 10-13 (art. 6).
    due = rules.objection_due(D(2026, 9, 30))
    assert due == (D(2026, 10, 13), False)
    assert rules.objection_check_due(D(2026, 9, 30)).date == D(2026, 10, 13)
    # The decision within 20 working days of the order's deadline (art. 8): 09-16 .. 10-19;
    # +20 with the head's approval: .. 11-16.
    assert rules.decision_due(D(2026, 9, 15)).date == D(2026, 10, 19)
    assert rules.decision_due(D(2026, 9, 15), extended=True).date == D(2026, 11, 16)
    # An application decided within 15 working days of receipt (art. 14).
    assert rules.removal_review_due(D(2026, 9, 30)).date == D(2026, 10, 27)


def test_add_months_clamps_to_month_end():
    assert rules.add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert rules.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert rules.add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_watch_reasons():
    criteria = rules.WatchCriteria(Decimal("100000"), 10, 2, 12)
    assert rules.watch_reasons(Decimal("99999.99"), 9, 1, criteria) == []
    assert len(rules.watch_reasons(Decimal("100000"), 10, 2, criteria)) == 3
    only_repeat = rules.watch_reasons(Decimal(0), 0, 2, criteria)
    assert only_repeat == ["12 个月内被立案 2 次，达到关注标准 2 次"]


def test_workflow_table():
    assert rules.next_state("proposed", "notify") == "notified"
    assert rules.next_state("proposed", "decide") is None
    assert rules.next_state("notified", "decide") == "listed"
    assert rules.next_state("listed", "approve_removal") is None
    assert rules.next_state("removal_requested", "refuse_removal") == "listed"
    assert "expire" not in rules.allowed_actions("listed")
    assert set(rules.PERMISSION) == set(rules.Action.values)


def _line(owed: str, recovered: str, on: dt.date | None) -> rules.PaidLine:
    return rules.PaidLine(Decimal(owed), Decimal(recovered), on)


def test_correction_is_read_from_the_worker_lines():
    """Order 45 art. 14: corrected = every line paid; the correction day is the last payment,
    not before the missed order's deadline."""
    deadline = D(2026, 9, 15)
    paid = rules.correction(
        [
            _line("1000", "1000", D(2026, 9, 20)),
            _line("500", "500", D(2026, 10, 2)),
            _line("0", "0", None),
        ],
        deadline,
    )
    assert (paid.paid, paid.corrected_on, paid.problems) == (True, D(2026, 10, 2), {})
    short = rules.correction([_line("1000", "999.99", D(2026, 9, 20))], deadline)
    assert not short.paid and short.outstanding == Decimal("0.01")
    assert list(short.problems) == ["arrears_paid"]
    on_deadline = rules.correction([_line("1000", "1000", deadline)], deadline)
    assert on_deadline.problems == {} and on_deadline.corrected_on == deadline
    early = rules.correction([_line("1000", "1000", D(2026, 9, 14))], deadline)
    assert list(early.problems) == ["corrected_on"]
    undated = rules.correction([_line("1000", "1000", None)], deadline)
    assert undated.paid and list(undated.problems) == ["corrected_on"]
    assert list(rules.correction([], deadline).problems) == ["arrears_paid"]
