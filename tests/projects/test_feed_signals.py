"""The warning rules that read the monthly feeds (projects.signals), at their limits: a month's
pay is judged once the following month has ended; card custody, front accounts, missing payroll
sheets and pay below the minimum wage each raise their rule's warning through the real scan."""

import datetime as dt

import pytest

from tests.projects.feeds_helpers import CODE, id_number, project, roster_row
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import feeds, signals
from wageguard.projects.models import Warning
from wageguard.projects.warnings.services import scan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


@pytest.fixture
def site(inspector):
    return project(inspector)


def numbered(rows):
    return list(enumerate(rows, start=2))


def month_of(user, serials, month="2026-01", paid=None, card=None, net="6000", payroll=True):
    rows = {"attendance": [], "payroll": [], "payments": []}
    for s in serials:
        base = {"project_code": CODE, "id_number": id_number(s), "month": month}
        rows["attendance"].append({**base, "days": "22"})
        if payroll:
            rows["payroll"].append({**base, "gross": net, "net": net, "signed": "是"})
        amount = (paid or {}).get(s, net)
        if amount:
            rows["payments"].append({
                **base, "paid_on": "2026-02-10", "amount": amount, "reference": f"R{month}{s}",
                "card": card or f"62220212{s:08d}",
            })  # fmt: skip
    for kind, data in rows.items():
        if data:
            assert feeds.run(kind, user, numbered(data)).errors == []


def found(signal, site, today, **params):
    return list(signal([site.pk], today, params))


def warnings_of(site):
    """What the real scan issued (importing feeds assesses the project, which scans it today)."""
    scan([site])
    return {w.rule: w for w in Warning.objects.filter(project=site)}


def test_a_month_unpaid_is_red_once_the_following_month_has_ended(inspector, site):
    feeds.run("roster", inspector, numbered([roster_row(s) for s in (1, 2)]))
    month_of(inspector, (1, 2), paid={1: "", 2: ""})
    assert signals.due_window(dt.date(2026, 2, 28))[1] == dt.date(2025, 12, 1)
    assert found(signals.attendance_unpaid, site, dt.date(2026, 2, 28)) == []
    [finding] = found(signals.attendance_unpaid, site, dt.date(2026, 3, 1))
    assert finding.key == "2026-01" and finding.data["attended"] == 2
    warning = warnings_of(site)["attendance_unpaid"]
    assert warning.level == "red" and "2026-01" in warning.summary


def test_fewer_paid_than_attended_is_orange(inspector, site):
    feeds.run("roster", inspector, numbered([roster_row(s) for s in (1, 2, 3)]))
    month_of(inspector, (1, 2, 3), paid={3: ""})
    assert found(signals.attendance_unpaid, site, dt.date(2026, 3, 1)) == []
    [finding] = found(signals.fewer_paid, site, dt.date(2026, 3, 1))
    assert finding.data == {"month": "2026-01", "attended": 3, "paid": 2}
    assert "fewer_paid" in warnings_of(site)


def test_one_card_behind_two_workers_is_card_custody(inspector, site):
    feeds.run("roster", inspector, numbered([roster_row(s) for s in (1, 2)]))
    month_of(inspector, (1, 2), card="6222021299999999")
    assert found(signals.card_custody, site, dt.date(2026, 3, 1), workers=3) == []
    [finding] = found(signals.card_custody, site, dt.date(2026, 3, 1), workers=2)
    assert "9999" in finding.summary and "6222021299999999" not in str(finding)
    assert "card_custody" in warnings_of(site)


def test_over_fifty_thousand_in_a_month_is_a_front_account(inspector, site):
    feeds.run("roster", inspector, numbered([roster_row(1), roster_row(2)]))
    month_of(inspector, (1,), net="50000.00")
    assert found(signals.front_account, site, dt.date(2026, 4, 1), monthly_yuan=50000) == []
    month_of(inspector, (2,), month="2026-02", net="50000.01")
    [finding] = found(signals.front_account, site, dt.date(2026, 4, 1), monthly_yuan=50000)
    assert finding.key.startswith("2026-02-") and id_number(2) not in str(finding)
    assert "front_account" in warnings_of(site)


def test_no_payroll_sheet_after_the_grace_days_and_low_pay(inspector, site):
    feeds.run("roster", inspector, numbered([roster_row(s) for s in (1, 2)]))
    month_of(inspector, (1, 2), month="2026-02", payroll=False, paid={1: "", 2: ""})
    # February's sheet is due 15 days into March.
    assert found(signals.payroll_not_uploaded, site, dt.date(2026, 3, 15), grace_days=15) == []
    assert found(signals.payroll_not_uploaded, site, dt.date(2026, 3, 16), grace_days=15)
    month_of(inspector, (1, 2), month="2026-01", net="2000")
    assert found(signals.below_minimum_wage, site, dt.date(2026, 3, 1), minimum_yuan=2000) == []
    [low] = found(signals.below_minimum_wage, site, dt.date(2026, 3, 1), minimum_yuan=2100)
    assert low.key == "2026-01"
    assert {"payroll_not_uploaded", "below_minimum_wage"} <= set(warnings_of(site))
