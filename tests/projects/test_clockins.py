"""Clock-ins from the real-name system: each worker-day kept as its first and last clock-in, and
the month's attendance days counted from the days whose span reaches the province's minimum."""

import datetime as dt
from decimal import Decimal

import pytest

from wageguard.core.imports import Outcome
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import feeds
from wageguard.projects.models import Attendance, ClockDay, FeedSettings, MonthSummary

from .feeds_helpers import CODE, id_number, project, roster_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector(db, make_user):
    create_agencies("51")
    return make_user("wuhou", Role.INSPECTOR, "510107")


@pytest.fixture
def site(inspector):
    site = project(inspector)
    feeds.run("roster", inspector, list(enumerate([roster_row(1), roster_row(2)], start=2)))
    return site


def clock(serial: int, at: str) -> dict:
    return {"project_code": CODE, "name": f"工人{serial}", "id_number": id_number(serial), "at": at}


def run(user, rows):
    return feeds.run("clockins", user, list(enumerate(rows, start=2)))


def days_of(serial: int) -> int:
    return Attendance.objects.get(worker__name=f"工人{serial}", month=dt.date(2026, 3, 1)).days


def test_a_day_counts_when_its_first_and_last_clock_in_are_four_hours_apart(inspector, site):
    result = run(inspector, [
        clock(1, "2026-03-02 07:58"), clock(1, "2026-03-02 11:58"),  # exactly 4 h: counts
        clock(1, "2026-03-03 08:00"), clock(1, "2026-03-03 11:59"),  # 3 h 59 min: does not
        clock(1, "2026-03-04 08:00"),  # a single clock-in: does not
        clock(2, "2026-03-02 08:00"), clock(2, "2026-03-02 12:30"), clock(2, "2026-03-02 17:30"),
    ])  # fmt: skip
    assert result.errors == []
    assert result.counts[Outcome.CREATED] == 4  # worker-days, not clock-ins
    assert days_of(1) == 1 and days_of(2) == 1
    day = ClockDay.objects.get(worker__name="工人2")
    assert (day.first_minute, day.last_minute) == (8 * 60, 17 * 60 + 30)
    summary = MonthSummary.objects.get(project=site, month=dt.date(2026, 3, 1))
    assert summary.on_attendance == 2 and summary.worked_no_payroll == 2


def test_a_day_read_in_two_files_counts_once_and_the_same_file_twice_adds_nothing(inspector, site):
    morning = [clock(1, "2026-03-02 07:30")]
    evening = [clock(1, "2026-03-02 17:45")]
    run(inspector, morning)
    assert days_of(1) == 0
    second = run(inspector, evening)
    assert second.counts[Outcome.UPDATED] == 1 and days_of(1) == 1
    again = run(inspector, morning + evening)
    assert again.counts[Outcome.UNCHANGED] == 2 and again.counts[Outcome.UPDATED] == 0
    assert days_of(1) == 1 and ClockDay.objects.count() == 1


def test_the_province_sets_the_minimum_span(inspector, site):
    settings = FeedSettings.for_province()
    settings.clockin_min_hours = Decimal("8")
    settings.save()
    run(inspector, [clock(1, "2026-03-02 08:00"), clock(1, "2026-03-02 15:59")])
    assert days_of(1) == 0
    run(inspector, [clock(1, "2026-03-02 16:00")])
    assert days_of(1) == 1


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("", "请填写打卡时间"),
        ("2026-03-02 25:00", "打卡时间格式"),
        ("明天早上", "打卡时间格式"),
        ("2999-01-01 08:00", "打卡时间"),
    ],
)
def test_a_bad_clock_in_is_refused_naming_the_field(inspector, site, at, message):
    result = run(inspector, [clock(1, at), clock(2, "2026-03-02 08:00")])
    assert [(n, field) for n, field, _m in result.errors] == [(2, "at")]
    assert message in result.errors[0][2]
    assert ClockDay.objects.filter(worker__name="工人2").exists()


def test_a_clock_in_of_someone_off_the_roster_is_refused(inspector, site):
    result = run(inspector, [clock(3, "2026-03-02 08:00")])
    assert result.errors[0][1] == "id_number" and "不在项目" in result.errors[0][2]


def test_the_minimum_is_read_by_staff_and_set_by_the_province_administrator(
    client, inspector, make_user
):
    from wageguard.core.models import AuditEvent

    client.force_login(inspector)
    page = client.get("/projects/feeds/settings/")
    assert page.status_code == 200 and "有效出勤日" in page.content.decode()
    assert (
        'name="clockin_min_hours"' in page.content.decode() and "disabled" in page.content.decode()
    )
    assert client.post("/projects/feeds/settings/", {"clockin_min_hours": "6"}).status_code == 403
    admin = make_user("sc-admin", Role.ADMIN, "510000")
    client.force_login(admin)
    bad = client.post("/projects/feeds/settings/", {"clockin_min_hours": "17"})
    assert bad.status_code == 200 and "17" in bad.content.decode()  # refused, the input kept
    assert FeedSettings.for_province().clockin_min_hours == Decimal("4")
    done = client.post("/projects/feeds/settings/", {"clockin_min_hours": "6"})
    assert done.status_code == 302
    assert FeedSettings.objects.get().clockin_min_hours == Decimal("6")
    assert AuditEvent.objects.filter(action="feed_settings.update").exists()
