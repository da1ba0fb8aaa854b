"""The warning signals added for DOMAIN section 3's remaining triggers, at their parameters (at,
just below, just above): one worker paid over ¥300,000 in a year, departed workers without a
settlement confirmation, and the dedicated account's balance short of the month's payroll or
empty while workers are on attendance. Rows are written with the ORM, so the signals are tested
on what the feeds store, not on how they parse."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.projects.feeds_helpers import id_number, project
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import signals
from wageguard.projects.models import (
    AccountBalance,
    MonthSummary,
    Payment,
    PayrollLine,
    RosterWorker,
    Warning,
    WarningRule,
)
from wageguard.projects.warnings import services as warnings
from wageguard.projects.warnings.rules import LOCAL_PRACTICE, RULES
from wageguard.projects.warnings.services import scan

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 6, 15)


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


@pytest.fixture
def site(inspector):
    return project(inspector, code="5101072026101")


def worker(site, serial: int, **over) -> RosterWorker:
    return RosterWorker.objects.create(
        project=site, name=f"工人{serial}", id_number=id_number(serial), **over
    )


def pay(site, person: RosterWorker, month: D, amount: str, n: int = 0) -> Payment:
    return Payment.objects.create(
        project=site,
        worker=person,
        month=month,
        paid_on=month + dt.timedelta(days=40),
        amount=Decimal(amount),
        reference=f"R{person.pk}-{month:%Y%m}-{n}",
        card_hash=f"hash{person.pk}",
        card_last4=f"{person.pk:04d}",
    )


def found(signal, site, today=TODAY, **params):
    return list(signal([site.pk], today, params))


def issued(site, today=TODAY) -> dict[str, Warning]:
    scan([site], today)
    return {w.rule: w for w in Warning.objects.filter(project=site)}


# --- One worker paid over ¥300,000 in a year ----------------------------------------------


def test_a_year_over_three_hundred_thousand_is_a_front_account(site):
    at, above, below = (worker(site, s) for s in (1, 2, 3))
    # Last year's twelve months at ¥25,000 (never over ¥50,000 in a month), give or take a fen.
    for month in range(1, 13):
        last = month == 12
        pay(site, at, D(2025, month, 1), "25000.00")
        pay(site, above, D(2025, month, 1), "25000.01" if last else "25000.00")
        pay(site, below, D(2025, month, 1), "24999.99" if last else "25000.00")
    [finding] = found(signals.front_account_yearly, site, yearly_yuan=300000)
    assert finding.key == f"2025-{above.pk}"
    assert finding.data == {"year": 2025, "total": "300000.01"}
    assert id_number(2) not in str(finding) and "300,000.01" in finding.summary
    # A province may set the amount lower: all three are over ¥250,000.
    assert len(found(signals.front_account_yearly, site, yearly_yuan=250000)) == 3
    # No month over ¥50,000: the monthly rule stays quiet, the yearly one is red.
    assert found(signals.front_account, site, D(2026, 1, 15), monthly_yuan=50000) == []
    warning = issued(site)["front_account_yearly"]
    assert warning.level == "red" and warning.article == "" and warning.key == finding.key


def test_last_year_counts_until_it_is_two_years_ago(site):
    person = worker(site, 1)
    pay(site, person, D(2025, 12, 1), "300000.01")
    [finding] = found(signals.front_account_yearly, site, D(2026, 1, 5), yearly_yuan=300000)
    assert finding.key == f"2025-{person.pk}"
    assert found(signals.front_account_yearly, site, D(2027, 1, 5), yearly_yuan=300000) == []


# --- Departed workers without settlement confirmation --------------------------------------


def test_departed_workers_unsettled_after_the_grace_days(site):
    worker(site, 1, entered_on=D(2026, 3, 1), left_on=TODAY - dt.timedelta(days=15))
    worker(site, 2, left_on=TODAY - dt.timedelta(days=14))
    worker(site, 3, left_on=D(2026, 1, 31), settlement_confirmed=True)
    worker(site, 4)  # still on site
    # On the last day of the grace (left 15 days ago, 15 days' grace): not yet.
    assert found(signals.departed_unsettled, site, grace_days=15) == []
    # The day after it: one worker.
    [finding] = found(signals.departed_unsettled, site, TODAY + dt.timedelta(days=1), grace_days=15)
    assert finding.key == "" and finding.data["workers"] == 1
    assert finding.data["earliest"] == (TODAY - dt.timedelta(days=15)).isoformat()
    # A shorter grace reaches the worker who left 14 days ago too; the settled one never.
    [both] = found(signals.departed_unsettled, site, grace_days=13)
    assert both.data["workers"] == 2 and "工人" not in both.summary


def test_departed_unsettled_is_an_orange_provincial_monitoring_rule(site):
    worker(site, 1, left_on=TODAY - dt.timedelta(days=30))
    warning = issued(site)["departed_unsettled"]
    assert warning.level == "orange" and warning.article == ""
    assert warning.data == {"workers": 1, "earliest": "2026-05-16"}
    definition = RULES.get("departed_unsettled")
    assert definition.article == "" and str(LOCAL_PRACTICE) == "本省监测规则（非法定条文）"
    # Settling it (the roster's confirmation) ends the finding: the next scan finds nothing.
    RosterWorker.objects.update(settlement_confirmed=True)
    assert found(signals.departed_unsettled, site, grace_days=15) == []


# --- The dedicated account's balance -------------------------------------------------------


def payroll(site, month: D, *nets: str) -> None:
    for serial, net in enumerate(nets, start=1):
        person = RosterWorker.objects.filter(project=site, name=f"工人{serial}").first()
        person = person or worker(site, serial)
        PayrollLine.objects.create(
            project=site, worker=person, month=month, gross=net, net=net, signed=True
        )


def balance(site, on: D, amount: str) -> None:
    AccountBalance.objects.update_or_create(
        project=site, on=on, defaults={"balance": Decimal(amount)}
    )


def test_a_balance_below_the_months_payroll(site):
    payroll(site, D(2026, 5, 1), "6000.00", "4000.00")  # ¥10,000 to pay in June
    payroll(site, D(2026, 4, 1), "1000.00")  # an older, smaller month is not the measure
    balance(site, D(2026, 6, 10), "10000.00")
    assert found(signals.balance_short, site, cover_percent=100) == []  # at
    balance(site, D(2026, 6, 10), "10000.01")
    assert found(signals.balance_short, site, cover_percent=100) == []  # above
    balance(site, D(2026, 6, 10), "9999.99")
    [finding] = found(signals.balance_short, site, cover_percent=100)  # below
    assert finding.data == {
        "on": "2026-06-10",
        "balance": "9999.99",
        "month": "2026-05",
        "payroll": "10000.00",
    }
    # A province asking for one and a half months' cover finds ¥10,000.01 short too.
    balance(site, D(2026, 6, 10), "10000.01")
    assert found(signals.balance_short, site, cover_percent=150)
    # The latest report is the one judged: a later, larger balance ends the finding.
    balance(site, D(2026, 6, 12), "20000.00")
    assert found(signals.balance_short, site, cover_percent=150) == []


def test_a_stale_balance_or_an_old_payroll_says_nothing(site):
    payroll(site, D(2026, 5, 1), "10000.00")
    balance(site, TODAY - dt.timedelta(days=31), "0.00")
    assert found(signals.balance_short, site, cover_percent=100) == []
    balance(site, TODAY - dt.timedelta(days=30), "0.00")
    assert found(signals.balance_short, site, cover_percent=100)
    # Payroll three months back is no measure of next month's wages.
    assert found(signals.balance_short, site, D(2026, 8, 1), cover_percent=100) == []


def test_an_empty_account_while_workers_are_on_attendance_is_red(site):
    MonthSummary.objects.create(project=site, month=D(2026, 5, 1), on_attendance=8)
    balance(site, D(2026, 6, 14), "0.01")
    assert found(signals.balance_empty, site) == []
    balance(site, D(2026, 6, 14), "0.00")
    [finding] = found(signals.balance_empty, site)
    assert finding.data == {"on": "2026-06-14", "balance": "0.00", "attended": 8}
    # Attendance of the month before last no longer counts.
    assert found(signals.balance_empty, site, D(2026, 7, 15)) == []
    warning = issued(site)["balance_empty"]
    assert warning.level == "red" and warning.article == "724.29"
    rule = WarningRule.objects.get(code="balance_empty")
    assert rule.parameters == {}


def test_the_new_parameters_keep_to_their_limits(inspector):
    rows = warnings.rules_for_province()
    for code, name, low, high in (
        ("front_account_yearly", "yearly_yuan", 100000, 1000000),
        ("departed_unsettled", "grace_days", 0, 60),
        ("balance_short", "cover_percent", 50, 300),
        ("open_clue", "clues", 1, 10),
    ):
        definition = RULES.get(code)
        assert definition.clean_parameters({name: low}) == {name: low}
        assert definition.clean_parameters({name: high}) == {name: high}
        for bad in (low - 1, high + 1):
            with pytest.raises(ValidationError, match=name):
                definition.clean_parameters({name: bad})
        assert code in rows
