"""Boundaries of the pure measure rules (cases.rules): what must come before a fine, a work
stoppage and a decision, and until when the investigation may be extended."""

import datetime as dt

from wageguard.cases.rules import extension_problem, measure_problems, prerequisite_problem

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
    found = measure_problems(
        "penalty", inspectors=2, statement_recorded=True, prior=[], penalty_key="724-56"
    )
    assert len(found) == 1 and "第五十四条至第五十七条" in found[0]
    assert not measure_problems(
        "penalty", inspectors=2, statement_recorded=True, prior=[], penalty_key="423-30"
    )


def test_extension_only_while_the_60_working_days_run():
    """Decree 423 art. 17: the due date is the last day an extension can be asked or approved."""
    due = dt.date(2026, 7, 24)
    assert extension_problem(due, due) is None
    assert extension_problem(due, dt.date(2026, 7, 1)) is None
    late = extension_problem(due, dt.date(2026, 7, 25))
    assert "2026-07-24" in late and "第十七条" in late
