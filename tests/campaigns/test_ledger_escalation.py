"""Issue 12 item 3: open ledger items are supervised with reminders and escalation up the
hierarchy (campaigns.supervision, run as the `campaigns.ledger-escalate` job): the responsible
bureau is reminded before the due date; an overdue county item goes to the prefecture, then to
the province; each step writes the item's history and audit, raises its supervision level and
notifies; running again the same day does nothing new."""

import datetime as dt

import pytest

from wageguard.campaigns import services, supervision
from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.rules import REMINDER_WORKDAYS, SupervisionLevel
from wageguard.core import calendar, jobs
from wageguard.core.models import AuditEvent
from wageguard.inspections import services as inspections
from wageguard.org.models import Notification

from .conftest import call_data, png

pytestmark = pytest.mark.django_db


def workday(after: dt.date, n: int) -> dt.date:
    return calendar.add_workdays(after, n).date


def notified(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def steps(item) -> list[tuple[str, int | None]]:
    return [(h.action, h.data.get("level")) for h in item.history.order_by("at", "pk")]


def test_the_job_is_registered():
    assert "campaigns.ledger-escalate" in jobs.JOBS.names()


def test_the_bureau_is_reminded_once_before_the_due_date(people, item):
    early = supervision.escalate(today=item.due_date - dt.timedelta(days=20))
    assert early.reminders == []
    today = item.due_date
    assert calendar.workdays_between(today, item.due_date) <= REMINDER_WORKDAYS
    report = supervision.escalate(today=today)
    assert report.reminders == [str(item.pk)]
    item.refresh_from_db()
    assert item.reminded_due == item.due_date and item.supervision_level == 0
    assert steps(item)[-1] == ("remind", None)
    assert any(f"#{item.pk}" in t for t in notified(people["wuhou_inspector"]))
    assert any(f"#{item.pk}" in t for t in notified(people["wuhou_supervisor"]))
    assert not notified(people["chengdu_supervisor"])
    assert AuditEvent.objects.filter(action="ledger.remind").count() == 1
    # Twice on a day: nothing new.
    again = supervision.escalate(today=today)
    assert again.reminders == [] and again.to_prefecture == []
    assert len(notified(people["wuhou_inspector"])) == 1
    assert item.history.filter(action="remind").count() == 1


def test_an_overdue_county_item_goes_to_the_prefecture_then_the_province(people, item):
    first = workday(item.due_date, 1)
    report = supervision.escalate(today=first)
    assert report.to_prefecture == [str(item.pk)] and report.to_province == []
    item.refresh_from_db()
    assert item.supervision_level == SupervisionLevel.CITY
    assert steps(item)[-1] == ("escalate", SupervisionLevel.CITY)
    assert any(f"#{item.pk}" in t for t in notified(people["chengdu_supervisor"]))
    assert not notified(people["province_supervisor"])
    assert AuditEvent.objects.filter(action="ledger.escalate").count() == 1
    again = supervision.escalate(today=first)
    assert again.to_prefecture == [] and again.to_province == []
    assert len(notified(people["chengdu_supervisor"])) == 1

    fifth = workday(item.due_date, 5)
    report = supervision.escalate(today=fifth)
    assert report.to_province == [str(item.pk)] and report.to_prefecture == []
    item.refresh_from_db()
    assert item.supervision_level == SupervisionLevel.PROVINCE
    assert any(f"#{item.pk}" in t for t in notified(people["province_supervisor"]))
    assert any(f"#{item.pk}" in t for t in notified(people["province_taskforce"]))
    assert len(notified(people["chengdu_supervisor"])) == 1
    assert supervision.escalate(today=fifth).to_province == []
    assert supervision.escalate(today=workday(item.due_date, 9)).to_province == []
    assert [s for s in steps(item) if s[0] == "escalate"] == [
        ("escalate", SupervisionLevel.CITY),
        ("escalate", SupervisionLevel.PROVINCE),
    ]
    assert AuditEvent.objects.filter(action="ledger.escalate").count() == 2


def test_a_late_first_run_takes_every_step_up_to_the_province(people, item):
    report = supervision.escalate(today=workday(item.due_date, 6))
    assert report.to_prefecture == [str(item.pk)] and report.to_province == [str(item.pk)]
    item.refresh_from_db()
    assert item.supervision_level == SupervisionLevel.PROVINCE


def test_a_prefecture_item_goes_straight_to_the_province(people):
    chengdu = people["chengdu_supervisor"].agency
    check = inspections.record_check(people["province_taskforce"], **call_data(chengdu))
    item = check.ledger_item
    report = supervision.escalate(today=workday(item.due_date, 1))
    assert report.to_province == [str(item.pk)] and report.to_prefecture == []
    item.refresh_from_db()
    assert item.supervision_level == SupervisionLevel.PROVINCE


def test_a_prefecture_that_supervised_already_is_not_told_again(people, item):
    services.transition(people["chengdu_supervisor"], item, "supervise", "请尽快整改")
    assert supervision.escalate(today=workday(item.due_date, 1)).to_prefecture == []
    assert not notified(people["chengdu_supervisor"])
    assert supervision.escalate(today=workday(item.due_date, 5)).to_province == [str(item.pk)]


def test_items_rectified_or_closed_are_left_alone_and_a_dry_run_changes_nothing(people, item):
    late = workday(item.due_date, 6)
    dry = supervision.escalate(today=late, dry_run=True)
    assert dry.to_prefecture == [str(item.pk)] and dry.to_province == [str(item.pk)]
    item.refresh_from_db()
    assert item.supervision_level == 0 and not item.history.filter(action="escalate").exists()
    assert not Notification.objects.exists()
    services.add_evidence(people["wuhou_inspector"], item, file=png())
    services.transition(people["wuhou_inspector"], item, "rectify", "已整改")
    report = supervision.escalate(today=late)
    assert report.to_prefecture == [] and report.reminders == []
    assert LedgerItem.objects.get(pk=item.pk).supervision_level == 0


def test_the_item_page_shows_the_steps_in_words(client, people, item):
    supervision.escalate(today=item.due_date)
    supervision.escalate(today=workday(item.due_date, 1))
    client.force_login(people["wuhou_inspector"])
    body = client.get(f"/campaigns/ledger/{item.pk}/").content.decode()
    assert "到期提醒" in body and "逾期升级督办" in body
