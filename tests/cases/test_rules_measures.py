"""Boundaries of the pure measure rules (cases.rules.preconditions): what must come before a
fine, a work stoppage and a decision, and until when the investigation may be extended."""

import datetime as dt

from wageguard.cases.rules import VIOLATIONS
from wageguard.cases.rules.preconditions import (
    court_problem,
    court_window,
    extension_problem,
    hearing_problem,
    measure_problems,
    prerequisite_problem,
    statement_problem,
    violation_problem,
)

LAPSED_ORDER = ("order", "not_complied")


# A violation of each fine's article.
VIOLATION_OF = {
    "724-54-unit": "724-54-2",
    "724-54-person": "724-54-2",
    "724-55": "724-55-1",
    "724-56": "724-56-4",
    "724-57": "724-57-2",
}


def test_decree_724_fines_and_stoppage_need_a_lapsed_order_to_correct_that_violation():
    """Decree 724 arts. 54-57: "责令限期改正；逾期不改正的" -> fine, stoppage (arts. 55, 57):
    the order lapsed is the order to correct the same violation (article and item). An order
    to pay wages (Decree 423 art. 26, no violation named) does not count; neither does an order
    naming another item of the same article."""
    for key, violation in VIOLATION_OF.items():
        assert "逾期不改正" in prerequisite_problem("penalty", [], key, violation)
        assert prerequisite_problem("penalty", [("order", "issued", violation)], key, violation)
        assert prerequisite_problem("penalty", [("order", "complied", violation)], key, violation)
        # A lapsed handling decision is not an order to correct.
        handled = [("handling", "not_complied", violation)]
        assert prerequisite_problem("penalty", handled, key, violation)
        # A lapsed order to pay wages does not count (the old rule let it).
        assert prerequisite_problem("penalty", [LAPSED_ORDER], key, violation)
        assert prerequisite_problem("penalty", [("order", "not_complied", "")], key, violation)
        other = next(v for v in VIOLATIONS if v != violation and v[:6] == violation[:6])
        assert prerequisite_problem("penalty", [("order", "not_complied", other)], key, violation)
        lapsed = [("order", "not_complied", violation)]
        assert prerequisite_problem("penalty", lapsed, key, violation) is None
    for key, violation in (("724-55", "724-55-3"), ("724-57", "724-57-1")):
        problem = prerequisite_problem("stoppage", [LAPSED_ORDER], key, violation)
        assert "责令停工" in problem and "第五十" in problem
        lapsed = [("order", "not_complied", violation)]
        assert prerequisite_problem("stoppage", lapsed, key, violation) is None


def test_the_fine_names_a_violation_of_its_own_article():
    assert "请选择所处罚的违法行为" in violation_problem("penalty", "724-55", "")
    wrong = violation_problem("penalty", "724-55", "724-56-1")
    assert "第五十六条第（一）项" in wrong and "第五十五条" in wrong
    assert violation_problem("penalty", "724-55", "724-55-2") is None
    assert violation_problem("penalty", "423-30-1", "") is None  # not a correct-first fine


def test_decree_423_art_30_items():
    """Decree 423 art. 30: items (1) and (2) are fined at once; item (3), refusing to correct
    or to carry out a handling decision, after an order or a handling decision lapsed."""
    assert prerequisite_problem("penalty", [], "423-30-1") is None
    assert prerequisite_problem("penalty", [], "423-30-2") is None
    problem = prerequisite_problem("penalty", [], "423-30-3")
    assert "第三十条第（三）项" in problem
    assert prerequisite_problem("penalty", [("order", "issued")], "423-30-3")
    assert prerequisite_problem("penalty", [LAPSED_ORDER], "423-30-3") is None
    assert prerequisite_problem("penalty", [("handling", "not_complied")], "423-30-3") is None


def test_measure_problems_passes_the_penalty_key_and_violation():
    heard = {"heard_on": [dt.date(2026, 6, 1)], "measures_on": []}
    found = measure_problems(
        "penalty", inspectors=2, prior=[], penalty_key="724-56", violation="724-56-1", **heard
    )
    assert len(found) == 1 and "第五十六条" in found[0]
    assert not measure_problems("penalty", inspectors=2, prior=[], penalty_key="423-30-1", **heard)
    lapsed = [("order", "not_complied", "724-56-1")]
    assert not measure_problems(
        "penalty", inspectors=2, prior=lapsed, penalty_key="724-56", violation="724-56-1", **heard
    )


def test_extension_only_while_the_60_working_days_run():
    """Decree 423 art. 17: the due date is the last day an extension can be asked or approved."""
    due = dt.date(2026, 7, 24)
    assert extension_problem(due, due) is None
    assert extension_problem(due, dt.date(2026, 7, 1)) is None
    late = extension_problem(due, dt.date(2026, 7, 25))
    assert "2026-07-24" in late and "第十七条" in late


JUNE = [dt.date(2026, 6, d) for d in range(1, 31)]


def test_the_hearing_comes_after_the_latest_measure():
    """Decree 423 art. 19: a statement taken before the order does not cover a later penalty;
    one received on the day of the latest measure, or after it, does."""
    order = [("order", JUNE[9])]  # issued 06-10
    for kind in ("handling", "penalty", "stoppage", "decide"):
        assert "第十九条" in statement_problem(kind, [], [])
        assert statement_problem(kind, [JUNE[0]], []) is None  # nothing issued yet
        stale = statement_problem(kind, [JUNE[8]], order)
        assert "2026-06-09" in stale and "2026-06-10" in stale and "第十九条" in stale
        assert statement_problem(kind, [JUNE[9]], order) is None
        assert statement_problem(kind, [JUNE[8], JUNE[19]], order) is None
    # Measures that are not decisions on the employer's rights need no hearing.
    for kind in ("order", "drawdown", "reminder", "court"):
        assert statement_problem(kind, [], order) is None


def test_a_stoppage_is_heard_and_its_hearing_right_recorded():
    """A work stoppage is a penalty (Administrative Penalty Law art. 63 item 4): the employer
    is heard (Decree 423 art. 19) and told it may ask for a hearing within 5 days (art. 64);
    what happened (a hearing held, or none asked for) is recorded on or after the latest
    measure, never presumed. Fines and other measures do not need the hearing record here."""
    order = [("order", JUNE[9])]
    assert "第十九条" in statement_problem("stoppage", [JUNE[8]], order)
    assert statement_problem("stoppage", [JUNE[9]], order) is None
    problem = hearing_problem("stoppage", [], order)
    assert "第六十三条第（四）项" in problem and "第六十四条第（一）项" in problem
    assert hearing_problem("stoppage", [JUNE[8]], order)  # the day before the order
    assert hearing_problem("stoppage", [JUNE[9]], order) is None  # on
    assert hearing_problem("stoppage", [JUNE[10]], order) is None  # after
    for kind in ("penalty", "handling", "order", "court"):
        assert hearing_problem(kind, [], order) is None
    found = measure_problems(
        "stoppage",
        inspectors=2,
        heard_on=[JUNE[9]],
        measures_on=order,
        prior=[("order", "not_complied", "724-55-1")],
        penalty_key="724-55",
        violation="724-55-1",
        hearings_on=[],
    )
    assert len(found) == 1 and "听证" in found[0]


def test_the_latest_measure_by_date_not_by_entry():
    """A measure entered later but dated earlier does not move the hearing's bar back."""
    measures = [("order", JUNE[19]), ("stoppage", JUNE[4])]
    assert statement_problem("penalty", [JUNE[10]], measures)
    assert statement_problem("penalty", [JUNE[19]], measures) is None


def test_the_case_decision_after_a_heard_handling_decision():
    """The case's decision rests on the handling decision's (or penalty's) own hearing; after
    another measure it needs a new one."""
    handled = [("order", JUNE[0]), ("handling", JUNE[14])]
    assert statement_problem("decide", [JUNE[9]], handled) is None
    assert statement_problem("handling", [JUNE[9]], handled)  # a second one needs a hearing
    drawn = [*handled, ("drawdown", JUNE[19])]
    assert statement_problem("decide", [JUNE[9]], drawn)
    assert statement_problem("decide", [JUNE[19]], drawn) is None


def test_drawdown_at_most_the_outstanding_arrears():
    """Decree 724 art. 32: the deposit pays the wages still owed, nothing more."""
    from decimal import Decimal

    from wageguard.cases.rules.preconditions import drawdown_problem

    assert drawdown_problem(Decimal("25000.00"), Decimal("25000.00")) is None
    problem = drawdown_problem(Decimal("25000.01"), Decimal("25000.00"))
    assert "25,000.01" in problem and "25,000.00" in problem and "第三十二条" in problem


def test_drawdown_shares_add_up_to_the_cent():
    from decimal import Decimal as D

    from wageguard.cases.rules.preconditions import drawdown_shares

    owed = [D("25000"), D("5000")]
    assert drawdown_shares(owed, D("30000")) == owed  # everything owed: each in full
    assert drawdown_shares(owed, D("20000")) == [D("16666.67"), D("3333.33")]
    thirds = drawdown_shares([D("100"), D("100"), D("100")], D("100"))
    assert sorted(thirds) == [D("33.33"), D("33.33"), D("33.34")] and sum(thirds) == D("100")
    assert drawdown_shares([D("0"), D("50")], D("10")) == [D("0.00"), D("10.00")]


D = dt.date


def test_court_window_counts_the_litigation_period_the_reminder_and_three_months():
    """Served 2026-01-15: the 6 months to sue (Administrative Litigation Law art. 46; the 60
    days of review, Administrative Review Law art. 20, end earlier) run to 07-15; a reminder
    served 07-01 has its 10 days end 07-11, a Saturday, moved to Monday 07-13 (Civil Code art.
    203); the application may be made 07-16 to 10-15 (Administrative Enforcement Law arts.
    53, 54)."""
    window = court_window(D(2026, 1, 15), D(2026, 7, 1))
    assert (window.litigation_end, window.reminder_end) == (D(2026, 7, 15), D(2026, 7, 13))
    assert (window.first, window.last) == (D(2026, 7, 16), D(2026, 10, 15))
    served, reminded = D(2026, 1, 15), D(2026, 7, 1)
    # The litigation period: the day before its end, on it, after it.
    for day in (D(2026, 7, 14), D(2026, 7, 15)):
        problem = court_problem(day, served, reminded)
        assert "2026-07-15" in problem and "第四十六条" in problem and "第五十三条" in problem
    assert court_problem(D(2026, 7, 16), served, reminded) is None
    # The 3 months: the last day, and the day after.
    assert court_problem(D(2026, 10, 15), served, reminded) is None
    late = court_problem(D(2026, 10, 16), served, reminded)
    assert "2026-10-15" in late and "三个月" in late and "第五十三条" in late


def test_court_waits_ten_days_after_the_reminder_was_served():
    """A reminder served 07-10 (10 days end Monday 07-20): the day before, on, after."""
    served, reminded = D(2026, 1, 15), D(2026, 7, 10)
    assert court_window(served, reminded).first == D(2026, 7, 21)
    for day in (D(2026, 7, 19), D(2026, 7, 20)):
        problem = court_problem(day, served, reminded)
        assert "2026-07-10" in problem and "第五十四条" in problem
    assert court_problem(D(2026, 7, 21), served, reminded) is None


def test_court_needs_service_and_a_reminder():
    assert "送达日期" in court_problem(D(2026, 9, 1), None, D(2026, 7, 1))
    problem = court_problem(D(2026, 9, 1), D(2026, 1, 15), None)
    assert "催告" in problem and "第三十五条" in problem and "第五十四条" in problem
    window = court_window(D(2026, 1, 15), None)
    assert window.first is None and window.last == D(2026, 10, 15)


def test_a_litigation_period_ending_on_a_weekend_moves_to_the_next_working_day():
    """Served 2026-01-18: 6 months end on Saturday 07-18, moved to Monday 07-20 (Civil Code art.
    203); the application runs from 07-21 to 10-20."""
    window = court_window(D(2026, 1, 18), D(2026, 7, 1))
    assert window.litigation_end == D(2026, 7, 20)
    assert (window.first, window.last) == (D(2026, 7, 21), D(2026, 10, 20))
    assert court_problem(D(2026, 7, 20), D(2026, 1, 18), D(2026, 7, 1))
    assert court_problem(D(2026, 7, 21), D(2026, 1, 18), D(2026, 7, 1)) is None


def test_reminder_and_court_follow_a_lapsed_decision():
    for kind in ("reminder", "court"):
        assert prerequisite_problem(kind, [LAPSED_ORDER]) is not None
        assert "第四十二条" in prerequisite_problem(kind, [("handling", "issued")])
        assert prerequisite_problem(kind, [("handling", "not_complied")]) is None
        assert prerequisite_problem(kind, [("penalty", "not_complied")]) is None
