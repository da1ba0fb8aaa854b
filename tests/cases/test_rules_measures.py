"""Boundaries of the pure measure rules (cases.rules.preconditions): what must come before a
fine, a work stoppage and a decision, and until when the investigation may be extended."""

import datetime as dt

from wageguard.cases.rules.preconditions import (
    extension_problem,
    measure_problems,
    prerequisite_problem,
    statement_problem,
)

LAPSED_ORDER = ("order", "not_complied")


def test_decree_724_fines_and_stoppage_need_a_lapsed_order_to_correct():
    """Decree 724 arts. 54-57: "责令限期改正；逾期不改正的" -> fine, stoppage (arts. 55, 57)."""
    for key in ("724-54-unit", "724-54-person", "724-55", "724-56", "724-57"):
        assert "逾期不改正" in prerequisite_problem("penalty", [], key)
        assert prerequisite_problem("penalty", [("order", "issued")], key)
        assert prerequisite_problem("penalty", [("order", "complied")], key)
        # A lapsed handling decision is not an order to correct.
        assert prerequisite_problem("penalty", [("handling", "not_complied")], key)
        assert prerequisite_problem("penalty", [LAPSED_ORDER], key) is None
    for key in ("724-55", "724-57", ""):
        assert "责令停工" in prerequisite_problem("stoppage", [], key)
        assert prerequisite_problem("stoppage", [LAPSED_ORDER], key) is None


def test_obstruction_fine_is_exempt():
    """Decree 423 art. 30 punishes obstruction at once."""
    assert prerequisite_problem("penalty", [], "423-30") is None


def test_measure_problems_passes_the_penalty_key():
    heard = {"heard_on": [dt.date(2026, 6, 1)], "measures_on": []}
    found = measure_problems("penalty", inspectors=2, prior=[], penalty_key="724-56", **heard)
    assert len(found) == 1 and "第五十四条至第五十七条" in found[0]
    assert not measure_problems("penalty", inspectors=2, prior=[], penalty_key="423-30", **heard)


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
    for kind in ("handling", "penalty", "decide"):
        assert "第十九条" in statement_problem(kind, [], [])
        assert statement_problem(kind, [JUNE[0]], []) is None  # nothing issued yet
        stale = statement_problem(kind, [JUNE[8]], order)
        assert "2026-06-09" in stale and "2026-06-10" in stale and "第十九条" in stale
        assert statement_problem(kind, [JUNE[9]], order) is None
        assert statement_problem(kind, [JUNE[8], JUNE[19]], order) is None
    # Measures that are not decisions on the employer's rights need no hearing.
    for kind in ("order", "stoppage", "drawdown", "court"):
        assert statement_problem(kind, [], order) is None


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
