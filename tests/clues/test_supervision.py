"""Reminders, overdue escalation up the chain, listed supervision, and the command's re-runs."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from tests import factories
from wageguard.clues.models import Clue, Supervision
from wageguard.clues.services import supervision
from wageguard.core.calendar import add_workdays
from wageguard.org.bootstrap import create_agencies
from wageguard.org.models import Notification
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 10)  # a Wednesday


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def clue_due(raw, due: dt.date) -> Clue:
    return factories.clue_due(raw(), due)


def test_due_soon_reminds_the_handler_once(raw, make_user):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    clue = clue_due(raw, add_workdays(TODAY, 1).date)
    clue_due(raw, add_workdays(TODAY, 8).date)  # not yet due soon
    first = supervision.escalate(today=TODAY)
    again = supervision.escalate(today=TODAY)
    assert first.reminders == [clue.tracking_code] and again.reminders == []
    assert (
        Notification.objects.filter(user=inspector, text__contains=clue.tracking_code).count() == 1
    )


def test_overdue_goes_to_the_prefecture_then_the_province(raw, make_user):
    county_leader = make_user("w-leader", Role.SUPERVISOR, "510107")
    prefecture = make_user("cd-sup", Role.SUPERVISOR, "510100")
    province = make_user("sc-tf", Role.TASKFORCE, "510000")
    clue = clue_due(raw, TODAY - dt.timedelta(days=1))
    report = supervision.escalate(today=TODAY)
    assert report.to_prefecture == [clue.tracking_code] and report.to_province == []
    assert Notification.objects.filter(user=prefecture).exists()
    assert not Notification.objects.filter(user=province).exists()
    assert Clue.objects.get(pk=clue.pk).escalation_level == "city"
    later = add_workdays(clue.due_date, supervision.PROVINCE_AFTER_WORKDAYS).date
    report = supervision.escalate(today=later)
    assert report.to_prefecture == [] and report.to_province == [clue.tracking_code]
    assert Notification.objects.filter(user=province).count() == 1
    assert not Notification.objects.filter(user=county_leader, text__contains="超期").exists()


def test_dry_run_changes_nothing(raw, make_user):
    make_user("cd-sup", Role.SUPERVISOR, "510100")
    clue_due(raw, TODAY - dt.timedelta(days=3))
    report = supervision.escalate(today=TODAY, dry_run=True)
    assert len(report.to_prefecture) == 1
    assert not Supervision.objects.filter(kind="escalation").exists()
    assert not Notification.objects.filter(text__contains="超期").exists()


def test_command_runs_and_reports():
    out = io.StringIO()
    call_command("clues", "escalate", "--dry-run", stdout=out)
    assert "[dry run] clues.escalate: reminders: 0" in out.getvalue()


def test_listed_supervision_by_the_prefecture_with_report_back(raw, make_user):
    prefecture = make_user("cd-sup", Role.SUPERVISOR, "510100")
    county = make_user("w-insp", Role.INSPECTOR, "510107")
    clue = factories.clue_intake(raw()).clue
    with pytest.raises(PermissionDenied):
        supervision.list_for_supervision(
            clue, make_user("w-leader", Role.SUPERVISOR, "510107"), "x"
        )
    row = supervision.list_for_supervision(clue, prefecture, "三日内查清并报告")
    assert row.kind == "listed" and row.due_date > clue.received_at.date()
    assert Notification.objects.filter(user=county, text__contains="挂牌督办").exists()
    supervision.report_back(row, county, "已约谈项目负责人，工资已支付")
    row.refresh_from_db()
    assert (
        row.reported_at
        and Notification.objects.filter(user=prefecture, text__contains="已报告").exists()
    )
