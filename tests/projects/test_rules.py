"""The core-system rules at their limits: each status from the facts on either side of a line."""

import datetime as dt

import pytest

from wageguard.core.legal import cite
from wageguard.projects import rules
from wageguard.projects.rules import (
    AccountFacts,
    DepositFacts,
    DepositForm,
    PayrollMonth,
    ProjectFacts,
    State,
    Status,
    System,
)

TODAY = dt.date(2026, 6, 15)
RUNNING = dict(state=State.UNDER_CONSTRUCTION, started_on=dt.date(2026, 1, 10))


def by_system(facts: ProjectFacts, today: dt.date = TODAY) -> dict[str, rules.Assessment]:
    return {a.system: a for a in rules.assess(facts, today)}


def test_a_registered_project_owes_nothing_yet():
    result = by_system(ProjectFacts(state=State.REGISTERED))
    assert {a.status for a in result.values()} == {Status.NOT_DUE}
    assert not rules.applies_all(list(result.values()))


def test_every_status_cites_a_tabled_article():
    for facts in (ProjectFacts(**RUNNING), ProjectFacts(state=State.REGISTERED)):
        for assessment in rules.assess(facts, TODAY):
            assert assessment.citation == cite(assessment.article)  # raises on an untabled key


def test_wage_account_missing_on_a_running_site_and_in_place_once_opened():
    assert by_system(ProjectFacts(**RUNNING))[System.WAGE_ACCOUNT].status == Status.MISSING
    opened = ProjectFacts(**RUNNING, account=AccountFacts(opened_on=dt.date(2026, 1, 20)))
    assert by_system(opened)[System.WAGE_ACCOUNT].status == Status.IN_PLACE


def test_an_appropriation_cycle_over_a_month_breaks_art_24():
    account = AccountFacts(opened_on=dt.date(2026, 1, 20))
    for cycle, status in (
        (rules.AppropriationCycle.MONTH, Status.IN_PLACE),
        (rules.AppropriationCycle.HALF_MONTH, Status.IN_PLACE),
        (rules.AppropriationCycle.QUARTER, Status.PARTIAL),
        (rules.AppropriationCycle.MILESTONE, Status.PARTIAL),
    ):
        facts = ProjectFacts(**RUNNING, account=account, appropriation_cycle=cycle)
        result = by_system(facts)[System.WAGE_ACCOUNT]
        assert result.status == status, cycle
        if status == Status.PARTIAL:
            assert result.article == "724.24"


@pytest.mark.parametrize(
    ("closed_after_notice_days", "status"), [(29, Status.PARTIAL), (30, Status.IN_PLACE)]
)
def test_closing_the_account_needs_completion_and_30_days_notice(closed_after_notice_days, status):
    completed = dt.date(2026, 3, 1)
    notice = dt.date(2026, 3, 2)
    facts = ProjectFacts(
        state=State.COMPLETED,
        started_on=dt.date(2025, 1, 1),
        completed_on=completed,
        account=AccountFacts(
            opened_on=dt.date(2025, 1, 5),
            notice_started_on=notice,
            closed_on=notice + dt.timedelta(days=closed_after_notice_days),
        ),
    )
    result = by_system(facts)[System.WAGE_ACCOUNT]
    assert result.status == status and result.article == "724.27"


def test_closing_the_account_of_a_running_site_is_missing():
    facts = ProjectFacts(
        **RUNNING, account=AccountFacts(opened_on=dt.date(2026, 1, 20), closed_on=TODAY)
    )
    assert by_system(facts)[System.WAGE_ACCOUNT].status == Status.MISSING


def test_real_name_needs_a_roster_a_labour_officer_and_contracts():
    assert by_system(ProjectFacts(**RUNNING))[System.REAL_NAME].status == Status.MISSING
    partial = ProjectFacts(**RUNNING, roster_size=10, roster_with_contract=9, labour_officer="王")
    result = by_system(partial)[System.REAL_NAME]
    assert result.status == Status.PARTIAL and "1 名" in result.reason
    no_officer = ProjectFacts(**RUNNING, roster_size=10, roster_with_contract=10)
    assert "劳资专管员" in by_system(no_officer)[System.REAL_NAME].reason
    full = ProjectFacts(**RUNNING, roster_size=10, roster_with_contract=10, labour_officer="王")
    assert by_system(full)[System.REAL_NAME].status == Status.IN_PLACE


def test_deposit_guarantee_counts_until_its_last_day():
    guarantee = DepositFacts(
        form=DepositForm.GUARANTEE, lodged_on=dt.date(2026, 1, 5), expires_on=TODAY
    )
    facts = ProjectFacts(**RUNNING, deposits=(guarantee,))
    assert by_system(facts, TODAY)[System.DEPOSIT].status == Status.IN_PLACE
    after = by_system(facts, TODAY + dt.timedelta(days=1))[System.DEPOSIT]
    assert after.status == Status.MISSING and "过期" in after.reason


def test_an_exemption_counts_only_with_the_reason_the_official_recorded():
    silent = ProjectFacts(**RUNNING, deposits=(DepositFacts(form=DepositForm.EXEMPT),))
    assert by_system(silent)[System.DEPOSIT].status == Status.PARTIAL
    reasoned = ProjectFacts(
        **RUNNING,
        deposits=(DepositFacts(form=DepositForm.EXEMPT, exemption_reason="合同额不足三百万元"),),
    )
    result = by_system(reasoned)[System.DEPOSIT]
    assert result.status == Status.EXEMPT and result.applied


def test_a_released_deposit_no_longer_counts():
    released = DepositFacts(
        form=DepositForm.CASH, lodged_on=dt.date(2026, 1, 5), released_on=dt.date(2026, 5, 1)
    )
    facts = ProjectFacts(**RUNNING, deposits=(released,))
    assert by_system(facts)[System.DEPOSIT].status == Status.MISSING


def test_a_months_pay_is_due_once_the_next_month_has_ended():
    facts = ProjectFacts(state=State.UNDER_CONSTRUCTION, started_on=dt.date(2026, 4, 20))
    # On 31 May, April's pay is not yet judged; on 1 June it is.
    assert rules.due_months(facts, dt.date(2026, 5, 31)) == []
    assert rules.due_months(facts, dt.date(2026, 6, 1)) == [dt.date(2026, 4, 1)]
    assert rules.due_months(facts, dt.date(2026, 7, 1)) == [
        dt.date(2026, 4, 1),
        dt.date(2026, 5, 1),
    ]


def test_contractor_payroll_judged_on_the_months_due():
    due = [dt.date(2026, m, 1) for m in (1, 2, 3, 4)]
    paid = tuple(PayrollMonth(m, 20, 20, 20) for m in due)
    facts = ProjectFacts(**RUNNING, months=paid)
    assert by_system(facts)[System.CONTRACTOR_PAYROLL].status == Status.IN_PLACE
    short = (*paid[:3], PayrollMonth(due[3], 20, 20, 19))
    result = by_system(ProjectFacts(**RUNNING, months=short))[System.CONTRACTOR_PAYROLL]
    assert result.status == Status.PARTIAL and "2026-04" in result.reason
    nothing = by_system(ProjectFacts(**RUNNING))[System.CONTRACTOR_PAYROLL]
    assert nothing.status == Status.UNKNOWN


def test_ledger_needs_a_payroll_sheet_for_every_month_worked():
    due = [dt.date(2026, m, 1) for m in (1, 2, 3, 4)]
    full = tuple(PayrollMonth(m, 20, 20, 20) for m in due)
    assert by_system(ProjectFacts(**RUNNING, months=full))[System.LEDGER].status == Status.IN_PLACE
    gap = (*full[:3], PayrollMonth(due[3], 20, 0, 0))
    assert by_system(ProjectFacts(**RUNNING, months=gap))[System.LEDGER].status == Status.PARTIAL


def test_notice_board_needs_its_photo_on_a_running_site():
    assert by_system(ProjectFacts(**RUNNING))[System.NOTICE_BOARD].status == Status.MISSING
    photo = ProjectFacts(**RUNNING, notice_board_photo=True)
    assert by_system(photo)[System.NOTICE_BOARD].status == Status.IN_PLACE


def test_rate_is_a_percentage_with_one_decimal_or_none():
    assert rules.rate(0, 0) is None
    assert str(rules.rate(2, 3)) == "66.7"
    assert str(rules.rate(3, 3)) == "100.0"


@pytest.mark.parametrize(
    ("today", "status"),
    [(dt.date(2026, 2, 9), Status.NOT_DUE), (dt.date(2026, 2, 10), Status.MISSING)],
)
def test_the_account_window_ends_on_its_last_day(today, status):
    facts = ProjectFacts(**RUNNING, account_due_on=dt.date(2026, 2, 9))
    assert by_system(facts, today)[System.WAGE_ACCOUNT].status == status


@pytest.mark.parametrize(
    ("today", "status"),
    [(dt.date(2026, 2, 9), Status.NOT_DUE), (dt.date(2026, 2, 10), Status.MISSING)],
)
def test_the_deposit_window_ends_on_its_last_day(today, status):
    facts = ProjectFacts(**RUNNING, deposit_due_on=dt.date(2026, 2, 9))
    result = by_system(facts, today)[System.DEPOSIT]
    assert result.status == status and result.article == "R65.8"
