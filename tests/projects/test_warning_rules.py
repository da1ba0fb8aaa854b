"""The warning rules at their boundaries: the day before, on and after each window, and a
guarantee exactly one month from expiry. Pure: the rules take rows and facts, no database."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from wageguard.core.legal import article
from wageguard.projects.rules import AccountFacts, DepositFacts, DepositForm, ProjectFacts, State
from wageguard.projects.warnings import RULES, SIGNALS, Batch, Finding

D = dt.date


def run(code, facts, today, state=State.UNDER_CONSTRUCTION, cycle="month", **params):
    project = SimpleNamespace(pk=1, state=state, appropriation_cycle=cycle)
    definition = RULES.get(code)
    values = {**definition.defaults(), **params}
    return list(definition.run(Batch([project], {1: facts}, today), values))


def facts(**over):
    return ProjectFacts(state=State.UNDER_CONSTRUCTION, **over)


@pytest.mark.parametrize(
    ("today", "fires"), [(D(2026, 3, 30), False), (D(2026, 3, 31), False), (D(2026, 4, 1), True)]
)
def test_account_missing_fires_the_day_after_its_window(today, fires):
    f = facts(account_due_on=D(2026, 3, 31))
    assert bool(run("account_missing", f, today)) is fires


def test_account_opened_or_project_settled_is_no_warning():
    opened = facts(account_due_on=D(2026, 3, 31), account=AccountFacts(opened_on=D(2026, 3, 1)))
    assert run("account_missing", opened, D(2026, 5, 1)) == []
    late = facts(account_due_on=D(2026, 3, 31))
    assert run("account_missing", late, D(2026, 5, 1), state=State.SETTLED) == []


@pytest.mark.parametrize(
    ("today", "fires"), [(D(2026, 2, 27), False), (D(2026, 2, 28), False), (D(2026, 3, 2), True)]
)
def test_deposit_missing_after_its_window(today, fires):
    assert bool(run("deposit_missing", facts(deposit_due_on=D(2026, 2, 28)), today)) is fires


def guarantee(expires, **over):
    return DepositFacts(
        form=DepositForm.GUARANTEE, lodged_on=D(2025, 1, 1), expires_on=expires, **over
    )


@pytest.mark.parametrize(
    ("expires", "fires"),
    [(D(2026, 5, 14), True), (D(2026, 5, 15), True), (D(2026, 5, 16), False)],
)
def test_guarantee_expiring_exactly_one_month_out(expires, fires):
    f = facts(deposits=(guarantee(expires),))
    found = run("guarantee_expiring", f, D(2026, 4, 15))
    assert bool(found) is fires
    if fires:
        assert found[0].key == f"{expires:%Y-%m-%d}"


def test_guarantee_expiring_months_before_is_a_parameter():
    f = facts(deposits=(guarantee(D(2026, 6, 15)),))
    assert run("guarantee_expiring", f, D(2026, 4, 15)) == []
    assert run("guarantee_expiring", f, D(2026, 4, 15), months_before=2)


@pytest.mark.parametrize(
    ("today", "expiring", "expired"),
    [(D(2026, 5, 14), True, False), (D(2026, 5, 15), True, False), (D(2026, 5, 16), False, True)],
)
def test_guarantee_expired_the_day_after_its_last_day(today, expiring, expired):
    f = facts(deposits=(guarantee(D(2026, 5, 15)),))
    assert bool(run("guarantee_expiring", f, today)) is expiring
    assert bool(run("guarantee_expired", f, today)) is expired


def test_a_renewed_guarantee_ends_both_warnings():
    f = facts(deposits=(guarantee(D(2026, 5, 15)), guarantee(D(2027, 5, 15))))
    assert run("guarantee_expiring", f, D(2026, 5, 1)) == []
    assert run("guarantee_expired", f, D(2026, 6, 1)) == []


@pytest.mark.parametrize(
    ("today", "fires"), [(D(2026, 3, 7), False), (D(2026, 3, 8), False), (D(2026, 3, 9), True)]
)
def test_notice_board_missing_after_the_grace_days(today, fires):
    f = facts(started_on=D(2026, 3, 1))
    assert bool(run("notice_board_missing", f, today)) is fires
    with_photo = facts(started_on=D(2026, 3, 1), notice_board_photo=True)
    assert run("notice_board_missing", with_photo, D(2026, 4, 1)) == []
    assert run("notice_board_missing", f, D(2026, 4, 1), state=State.SUSPENDED) == []


@pytest.mark.parametrize(
    ("cycle", "fires"),
    [("month", False), ("half_month", False), ("quarter", True), ("milestone", True), ("", False)],
)
def test_appropriation_cycle_over_a_month(cycle, fires):
    assert bool(run("appropriation_cycle", facts(), D(2026, 4, 1), cycle=cycle)) is fires


def test_every_rule_cites_a_tabled_article_or_none():
    for definition in RULES:
        if definition.article:
            assert article(definition.article)
        for name, param in definition.params.items():
            assert param.low <= param.default <= param.high, (definition.code, name)


def test_parameters_are_checked_against_their_limits():
    definition = RULES.get("guarantee_expiring")
    assert definition.clean_parameters({"months_before": "2"}) == {"months_before": 2}
    with pytest.raises(ValidationError) as err:
        definition.clean_parameters({"months_before": 0})
    assert "months_before" in err.value.message_dict
    with pytest.raises(ValidationError):
        definition.clean_parameters({"months_before": "x"})
    with pytest.raises(ValidationError) as err:
        definition.clean_parameters({"monthss_before": 1})
    assert "parameters" in err.value.message_dict


def test_feed_rules_find_nothing_until_a_signal_is_registered():
    registered = SIGNALS._entries.pop("attendance_unpaid", None)  # the feeds' own, restored below
    try:
        assert run("attendance_unpaid", facts(), D(2026, 4, 1)) == []
        SIGNALS.register(
            "attendance_unpaid", lambda ids, today, p: [Finding(i, "x", "2026-02") for i in ids]
        )
        found = run("attendance_unpaid", facts(), D(2026, 4, 1))
    finally:
        SIGNALS._entries.pop("attendance_unpaid", None)
        if registered is not None:
            SIGNALS._entries["attendance_unpaid"] = registered
    assert found == [Finding(1, "x", "2026-02")]
