"""按月足额发放 (issue 13, the dispatch KPI `wages_paid_monthly_rate`): the reconciliation counts,
per project-month, the workers with attendance not paid in full from the account by the end of
the next month; the list of project-months due filters by division, due day and paid or not."""

import datetime as dt
from decimal import Decimal

import pytest

from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import reconcile
from wageguard.projects.models import Attendance, MonthSummary, Payment, PayrollLine, RosterWorker

from .feeds_helpers import project, roster_row
from .test_feeds import numbered

pytestmark = pytest.mark.django_db

JAN = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


def _worker_month(site, worker, days, net, payments):
    if days is not None:
        Attendance.objects.create(project=site, worker_id=worker, month=JAN, days=days)
    if net is not None:
        PayrollLine.objects.create(
            project=site, worker_id=worker, month=JAN, gross=net, net=net, channel="account"
        )
    for n, (day, amount) in enumerate(payments):
        Payment.objects.create(
            project=site, worker_id=worker, month=JAN, paid_on=day, amount=Decimal(amount),
            reference=f"R{worker}-{n}", card_hash=f"h{worker}", card_last4="0000",
        )  # fmt: skip


def test_the_due_day_is_the_end_of_the_next_month():
    assert reconcile.due_on(dt.date(2026, 1, 1)) == dt.date(2026, 2, 28)
    assert reconcile.due_on(dt.date(2026, 11, 1)) == dt.date(2026, 12, 31)
    assert reconcile.due_on(dt.date(2026, 12, 1)) == dt.date(2027, 1, 31)


def test_a_worker_paid_late_or_short_is_not_paid_on_time(inspector):
    from wageguard.projects import feeds

    site = project(inspector)
    feeds.run("roster", inspector, numbered([roster_row(s) for s in range(1, 6)]))
    w = dict(RosterWorker.objects.filter(project=site).values_list("name", "pk"))
    feb, last_day, march = dt.date(2026, 2, 5), dt.date(2026, 2, 28), dt.date(2026, 3, 1)
    _worker_month(site, w["工人1"], 22, "5000.00", [(feb, "5000.00")])  # on time
    _worker_month(site, w["工人2"], 22, "5000.00", [(last_day, "3000"), (feb, "2000")])  # on time
    _worker_month(site, w["工人3"], 22, "5000.00", [(feb, "4000"), (march, "1000")])  # late
    _worker_month(site, w["工人4"], 22, "5000.00", [])  # unpaid
    _worker_month(site, w["工人5"], None, "5000.00", [(march, "5000")])  # no attendance
    reconcile.summarise([(site.pk, JAN)])
    row = MonthSummary.objects.get(project=site, month=JAN)
    assert row.due_on == last_day
    assert row.on_attendance == 4 and row.not_paid_on_time == 2
    assert not row.paid_monthly
    Payment.objects.filter(worker_id__in=[w["工人3"], w["工人4"]]).delete()
    Attendance.objects.filter(worker_id__in=[w["工人3"], w["工人4"]]).delete()
    reconcile.summarise([(site.pk, JAN)])
    row.refresh_from_db()
    assert row.not_paid_on_time == 0 and row.paid_monthly


@pytest.fixture
def months(inspector, make_user):
    """武侯区: January paid monthly, February not; 锦江区: January not; a month without
    attendance (not due)."""
    wuhou = project(inspector)
    jinjiang = project(
        make_user("jinjiang", Role.INSPECTOR, "510104"), "5101042026001", "成都市锦江区红星路 1 号"
    )
    feb = dt.date(2026, 2, 1)
    for site, month, workers, unpaid in (
        (wuhou, JAN, 4, 0),
        (wuhou, feb, 4, 1),
        (jinjiang, JAN, 3, 3),
        (jinjiang, feb, 0, 0),
    ):
        MonthSummary.objects.create(
            project=site,
            month=month,
            due_on=reconcile.due_on(month),
            on_attendance=workers,
            not_paid_on_time=unpaid,
        )
    return wuhou, jinjiang


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, 3),
        ({"region": "510107"}, 2),
        ({"region": "510000"}, 3),
        ({"paid": "yes"}, 1),
        ({"paid": "no"}, 2),
        ({"due_from": "2026-03-01"}, 1),
        ({"due_to": "2026-02-28", "paid": "no"}, 1),
    ],
)
def test_the_list_and_its_api_filter_alike(client, make_user, months, query, expected):
    client.force_login(make_user("chengdu", Role.SUPERVISOR, "510100"))
    body = client.get("/api/v1/projects/payroll-months", query).json()
    assert body["count"] == expected
    page = client.get("/projects/payroll/", query)
    assert page.status_code == 200 and page.context["total"] == expected


def test_another_jurisdiction_sees_none_and_bad_input_is_named(client, make_user, months):
    client.force_login(make_user("zigong", Role.SUPERVISOR, "510300"))
    assert client.get("/api/v1/projects/payroll-months").json()["count"] == 0
    bad = client.get("/api/v1/projects/payroll-months", {"paid": "maybe"})
    assert bad.status_code == 422 and bad.json()["field"] == "paid"
    page = client.get("/projects/payroll/", {"due_from": "2026-13-01"})
    assert page.status_code == 200 and 'data-testid="filter-error"' in page.content.decode()
