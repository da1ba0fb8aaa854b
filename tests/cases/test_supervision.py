"""Case deadlines are supervised like clues: a reminder when due soon, the prefecture when
overdue, the province 5 working days later; each step once per due date; the clue command runs
it too."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from wageguard.cases.models import EnforcementCase
from wageguard.cases.services import supervision
from wageguard.cases.services.investigation import assign_inspectors
from wageguard.clues.services.supervision import PROVINCE_AFTER_WORKDAYS
from wageguard.core.calendar import add_workdays
from wageguard.org.models import Notification
from wageguard.org.rules import Role

from .conftest import direct_case

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 10)  # a Wednesday


def test_due_soon_reminds_the_case_inspectors_once(inspector, colleague, make_user):
    bystander = make_user("wh-other", Role.INSPECTOR, "510107")
    case = direct_case(inspector, due_date=add_workdays(TODAY, 1).date)
    assign_inspectors(case, inspector, [inspector.pk, colleague.pk])
    direct_case(inspector, due_date=add_workdays(TODAY, 8).date)  # not yet due soon
    first = supervision.escalate(today=TODAY)
    again = supervision.escalate(today=TODAY)
    assert first.reminders == [case.number] and again.reminders == []
    assert Notification.objects.filter(user=colleague, text__contains=case.number).count() == 1
    assert not Notification.objects.filter(user=bystander).exists()
    assert case.history.filter(action="supervise", data__kind="reminder").count() == 1


def test_overdue_goes_to_the_prefecture_then_the_province(inspector, make_user):
    prefecture = make_user("cd-sup", Role.SUPERVISOR, "510100")
    province = make_user("sc-tf", Role.TASKFORCE, "510000")
    case = direct_case(inspector, due_date=TODAY - dt.timedelta(days=1))
    closed = direct_case(inspector, due_date=TODAY - dt.timedelta(days=1))
    EnforcementCase.objects.filter(pk=closed.pk).update(state="decided")  # no longer running
    report = supervision.escalate(today=TODAY, dry_run=True)
    assert report.to_prefecture == [case.number]
    assert not Notification.objects.filter(user=prefecture).exists()
    report = supervision.escalate(today=TODAY)
    assert report.to_prefecture == [case.number] and report.to_province == []
    assert Notification.objects.filter(user=prefecture, text__contains=case.number).exists()
    later = add_workdays(case.due_date, PROVINCE_AFTER_WORKDAYS).date
    report = supervision.escalate(today=later)
    assert report.to_prefecture == [] and report.to_province == [case.number]
    assert Notification.objects.filter(user=province).count() == 1


def test_the_clue_command_also_runs_cases():
    out = io.StringIO()
    call_command("clues", "escalate", "--dry-run", stdout=out)
    assert "[dry run] clues.escalate: reminders: 0" in out.getvalue()
    assert "[dry run] cases.escalate: reminders: 0" in out.getvalue()


def _late_cases(inspector, n: int, days: int = 30) -> list[EnforcementCase]:
    return [direct_case(inspector, due_date=TODAY - dt.timedelta(days=days)) for _ in range(n)]


def test_a_run_skips_in_sql_the_cases_with_nothing_left(inspector, make_user, query_baseline):
    """Cases the province already knows of cost no query per case on the next runs."""
    make_user("cd-sup", Role.SUPERVISOR, "510100")
    make_user("sc-tf", Role.TASKFORCE, "510000")
    cases = _late_cases(inspector, 3)
    report = supervision.escalate(today=TODAY)
    assert sorted(report.to_province) == sorted(c.number for c in cases)
    for case in EnforcementCase.objects.filter(pk__in=[c.pk for c in cases]):
        assert case.supervised_due == case.due_date and case.supervised_level == "province"
    with query_baseline("cases.escalate_three_known") as few:
        again = supervision.escalate(today=TODAY)
    assert again.to_prefecture == [] and again.to_province == []
    _late_cases(inspector, 4)
    supervision.escalate(today=TODAY)
    with query_baseline("cases.escalate_seven_known") as many:
        supervision.escalate(today=TODAY + dt.timedelta(days=7))
    assert len(many) == len(few)  # the same with more than twice the cases


def test_waiting_for_the_province_and_a_new_due_date(inspector, make_user):
    make_user("cd-sup", Role.SUPERVISOR, "510100")
    province = make_user("sc-tf", Role.TASKFORCE, "510000")
    case = direct_case(inspector, due_date=TODAY - dt.timedelta(days=1))
    supervision.escalate(today=TODAY)
    case.refresh_from_db()
    assert case.supervised_level == "city"  # the prefecture knows; the province not yet
    # Within 5 calendar days the case is not even read: nothing is due.
    assert supervision.escalate(today=TODAY + dt.timedelta(days=2)).to_province == []
    later = add_workdays(case.due_date, PROVINCE_AFTER_WORKDAYS).date
    assert supervision.escalate(today=later).to_province == [case.number]
    case.refresh_from_db()
    assert case.supervised_level == "province"
    # An extension (a new due date) starts the ladder again.
    EnforcementCase.objects.filter(pk=case.pk).update(due_date=later - dt.timedelta(days=1))
    case.refresh_from_db()
    assert supervision.escalate(today=later).to_prefecture == [case.number]
    assert Notification.objects.filter(user=province).count() == 1


def test_summary_missing_is_rebuilt_without_a_second_notice(inspector, make_user):
    """Cases escalated before the summary existed are read once more, notified never again."""
    prefecture = make_user("cd-sup", Role.SUPERVISOR, "510100")
    case = _late_cases(inspector, 1, days=1)[0]
    supervision.escalate(today=TODAY)
    EnforcementCase.objects.filter(pk=case.pk).update(supervised_due=None, supervised_level="")
    assert supervision.escalate(today=TODAY).to_prefecture == []
    assert Notification.objects.filter(user=prefecture).count() == 1
    case.refresh_from_db()
    assert case.supervised_due == case.due_date and case.supervised_level == "city"
