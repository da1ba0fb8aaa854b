"""Coordination's services: the reply deadline in working days, the assign -> answer ->
accept / return workflow with refusals naming the field, overdue, reminders and escalation to
the bureau above the assigning one (once per deadline), and the leading group kept by the
division's HRSS bureau."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests import factories
from wageguard.campaigns import services as ledger
from wageguard.campaigns.coordination import rules, services
from wageguard.campaigns.coordination.filters import filter_assignments
from wageguard.campaigns.coordination.models import Assignment, AssignmentStep, GroupContact
from wageguard.campaigns.coordination.rules import Action, AssignmentState
from wageguard.core import calendar
from wageguard.core.models import AuditEvent
from wageguard.org.models import Notification
from wageguard.org.rules import Role

from .conftest import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept(make_user):
    """The department users and HRSS leaders the workflow needs, by short name."""
    return {
        "leader": make_user("wh-lead", Role.SUPERVISOR, "510107"),
        "inspector": make_user("wh-insp", Role.INSPECTOR, "510107"),
        "housing": make_user("wh-housing", Role.DEPARTMENT, "510107", kind="housing"),
        "transport": make_user("wh-transport", Role.DEPARTMENT, "510107", kind="transport"),
        "chengdu": make_user("cd-sup", Role.SUPERVISOR, "510100"),
        "province": make_user("sc-tf", Role.TASKFORCE, "510000"),
        "jinjiang": make_user("jj-sup", Role.SUPERVISOR, "510104"),
    }


def _errors(info) -> dict:
    return info.value.message_dict


def test_the_reply_deadline_counts_working_days_and_is_stored(dept, frozen_now):
    # Monday 29 September 2025, just before the National Day holiday (1-8 October).
    frozen_now(2025, 9, 29, 10, 0)
    a = factories.assignment(dept["leader"], workdays=10)
    expected = calendar.add_workdays(dt.date(2025, 9, 29), 10)
    assert a.due_date == expected.date and a.due_provisional == expected.provisional
    # Eight holiday days are skipped: more than ten calendar days, beyond the holiday.
    assert a.due_date > dt.date(2025, 10, 13)
    assert a.workdays == 10 and a.region_id == "510107"
    assert a.assigned_by_agency == dept["leader"].agency
    # Stored once: changing the province's default later moves nothing already assigned.
    row = services.settings_row()
    row.reply_workdays = 3
    row.save()
    a.refresh_from_db()
    assert a.due_date == expected.date
    assert factories.assignment(dept["leader"]).workdays == 3


def test_assigning_is_refused_naming_the_field(dept, make_user):
    leader = dept["leader"]
    cases = [
        ({"agency": factories.agency("510107", "hrss")}, "agency"),
        ({"agency": factories.agency("510104", "housing")}, "agency"),
        ({"agency": factories.agency("510100", "housing")}, "agency"),
        ({"workdays": 0}, "workdays"),
        ({"workdays": 61}, "workdays"),
        ({"subject": "  "}, "subject"),
        ({"details": ""}, "details"),
        ({"project": 999999}, "project"),
        ({"enterprise": 999999}, "enterprise"),
    ]
    for over, field in cases:
        with pytest.raises(ValidationError) as info:
            factories.assignment(leader, **over)
        assert field in _errors(info), (over, _errors(info))
    # A ledger item of another county is not the leader's to link.
    other = make_user("jj-insp", Role.INSPECTOR, "510104")
    item = ledger.open_item(other, source="other", agency=other.agency, description="锦江问题")
    with pytest.raises(ValidationError) as info:
        factories.assignment(leader, ledger_item=item)
    assert "ledger_item" in _errors(info)
    # Only an HRSS bureau's leaders assign: not an inspector, not a department.
    with pytest.raises(PermissionDenied):
        factories.assignment(dept["inspector"])
    with pytest.raises(PermissionDenied):
        services.assign(dept["housing"], agency=dept["transport"].agency, subject="x", details="x")
    assert not Assignment.objects.exists()


def test_answer_return_answer_accept_with_history_audit_and_notices(dept):
    leader, housing = dept["leader"], dept["housing"]
    a = factories.assignment(leader)
    assert Notification.objects.filter(user=housing).count() == 1
    assert services.available_actions(housing, a) == [Action.ANSWER]
    assert services.available_actions(leader, a) == []
    # Another department of the same county cannot answer for housing.
    with pytest.raises(PermissionDenied):
        services.transition(dept["transport"], a, "answer", "越权答复")
    with pytest.raises(ValidationError) as info:
        services.transition(housing, a, "answer", "  ")
    assert "note" in _errors(info)
    a = services.transition(housing, a, "answer", "已约谈建设单位", [png("约谈记录.png")])
    assert a.state == AssignmentState.ANSWERED and a.answered_by == housing
    assert a.files.count() == 1
    assert Notification.objects.filter(user=leader).count() == 1
    # The department cannot accept its own answer; the bureau must say why it returns one.
    with pytest.raises(PermissionDenied):
        services.transition(housing, a, "accept", "")
    with pytest.raises(ValidationError) as info:
        services.transition(leader, a, "return", "")
    assert "note" in _errors(info)
    due = a.due_date
    a = services.transition(leader, a, "return", "请补充约谈笔录")
    assert a.state == AssignmentState.ASSIGNED and a.due_date == due
    assert a.decision_note == "请补充约谈笔录"
    # Accepting what is not answered is refused naming the action.
    with pytest.raises(ValidationError) as info:
        services.transition(leader, a, "accept", "")
    assert "action" in _errors(info)
    a = services.transition(housing, a, "answer", "已补充约谈笔录")
    a = services.transition(leader, a, "accept", "")
    assert a.state == AssignmentState.ACCEPTED and services.available_actions(leader, a) == []
    assert list(a.history.order_by("at", "pk").values_list("action", flat=True)) == [
        "assign",
        "answer",
        "return",
        "answer",
        "accept",
    ]
    events = AuditEvent.objects.filter(object_type="campaigns.assignment", object_id=str(a.pk))
    assert list(events.order_by("seq").values_list("action", flat=True)) == [
        "assignment.assign",
        "assignment.answer",
        "assignment.return",
        "assignment.answer",
        "assignment.accept",
    ]


def test_a_bad_file_refuses_the_answer_and_keeps_nothing(dept):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = factories.assignment(dept["leader"])
    fake = SimpleUploadedFile("答复.pdf", b"<html>x</html>", content_type="application/pdf")
    with pytest.raises(ValidationError) as info:
        services.transition(dept["housing"], a, "answer", "已办理", [fake])
    assert "files" in _errors(info)
    a.refresh_from_db()
    assert a.state == AssignmentState.ASSIGNED and not a.files.exists() and not a.reply


def test_overdue_is_waiting_past_the_deadline(dept):
    today = timezone.localdate()
    late = factories.assignment(dept["leader"])
    answered = factories.assignment(dept["leader"])
    fresh = factories.assignment(dept["leader"], kind="transport")
    Assignment.objects.filter(pk__in=[late.pk, answered.pk]).update(
        due_date=today - dt.timedelta(days=1)
    )
    services.transition(dept["housing"], answered, "answer", "已办理")
    late.refresh_from_db()
    assert rules.is_overdue(late.state, late.due_date, today)
    assert not rules.is_overdue(AssignmentState.ANSWERED, late.due_date, today)
    qs = Assignment.objects.all()
    assert set(filter_assignments(qs, {"overdue": True}, today)) == {late}
    assert set(filter_assignments(qs, {"overdue": False}, today)) == {answered, fresh}
    assert set(filter_assignments(qs, {"state": "answered"}, today)) == {answered}
    assert set(filter_assignments(qs, {"agency": fresh.agency_id}, today)) == {fresh}
    answered.refresh_from_db()
    soon = today + dt.timedelta(days=3)
    assert rules.sla_status(answered.state, answered.due_date, today, soon, today) == (
        rules.Sla.ANSWERED_LATE
    )


def test_reminders_and_escalation_happen_once_per_deadline(dept):
    leader, chengdu = dept["leader"], dept["chengdu"]
    today = timezone.localdate()
    late = factories.assignment(leader, subject="逾期事项")
    soon = factories.assignment(leader, kind="transport", subject="将到期事项")
    later = factories.assignment(leader, workdays=20)
    Assignment.objects.filter(pk=late.pk).update(due_date=today - dt.timedelta(days=2))
    Assignment.objects.filter(pk=soon.pk).update(due_date=today)
    dry = services.remind_and_escalate(dry_run=True)
    assert dry.reminders == [soon.pk] and dry.escalations == [late.pk]
    assert not AssignmentStep.objects.exists()
    first = services.remind_and_escalate()
    assert first.reminders == [soon.pk] and first.escalations == [late.pk]
    late.refresh_from_db()
    # Escalated to the bureau above the assigning one (成都市), visibly and with a notice.
    assert late.escalated_to == chengdu.agency
    step = late.steps.get()
    assert step.kind == "escalation" and step.to_agency == chengdu.agency
    assert Notification.objects.filter(user=chengdu, text__contains="逾期事项").count() == 1
    assert Notification.objects.filter(user=dept["transport"], text__contains="将到期").exists()
    # Again the same day, and the next: nothing new.
    again = services.remind_and_escalate()
    tomorrow = services.remind_and_escalate(today + dt.timedelta(days=1))
    assert again.reminders == again.escalations == tomorrow.reminders == []
    # The next day only the one that fell due today is new: it is escalated in its turn.
    assert tomorrow.escalations == [soon.pk]
    assert AssignmentStep.objects.count() == 3
    assert Notification.objects.filter(user=chengdu, text__contains="逾期事项").count() == 1
    assert not later.steps.exists()
    assert AuditEvent.objects.filter(action="assignment.escalation").count() == 2


def test_at_the_top_escalation_goes_to_the_assigning_departments_leaders(dept):
    a = factories.assignment(dept["province"])
    Assignment.objects.filter(pk=a.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    services.remind_and_escalate()
    a.refresh_from_db()
    assert a.escalated_to == dept["province"].agency


def test_the_leading_group_is_kept_by_its_divisions_hrss_bureau(dept):
    leader = dept["leader"]
    wuhou = leader.agency.region
    member = services.add_member(
        leader, wuhou, agency=factories.agency("510107", "housing"), role="deputy", duties="住建"
    )
    contact = services.add_contact(
        leader, wuhou, member=member, name="王建国", post="副局长", phone="13900001111"
    )
    assert member.group.office == leader.agency and "武侯区" in member.group.name
    # Stored encrypted, read back plain; the audit trail keeps no number.
    assert GroupContact.objects.get().phone == "13900001111"
    assert "13900001111" not in str(AuditEvent.objects.filter(action="group.contact_add").values())
    with pytest.raises(ValidationError) as info:
        services.add_member(leader, wuhou, agency=member.agency, role="member")
    assert "agency" in _errors(info)
    with pytest.raises(ValidationError) as info:
        services.add_member(
            leader, wuhou, agency=factories.agency("510104", "water"), role="member"
        )
    assert "agency" in _errors(info)
    with pytest.raises(ValidationError) as info:
        services.add_contact(leader, wuhou, member=member, name="李", post="科长", phone="abc")
    assert "phone" in _errors(info)
    # Not the inspector, not the city above, not a department.
    for other in (dept["inspector"], dept["chengdu"], dept["housing"]):
        with pytest.raises(PermissionDenied):
            services.add_contact(other, wuhou, member=member, name="x", post="x", phone="1390000")
    services.remove_contact(leader, wuhou, contact=contact)
    services.remove_member(leader, wuhou, member=member)
    assert not member.group.members.exists()


def test_one_registry_feeds_the_forms_the_api_and_the_history():
    from wageguard.campaigns.coordination.actions import ACTIONS, HISTORY_LABELS
    from wageguard.campaigns.coordination.api import AssignmentTransitionIn

    assert list(ACTIONS) == list(Action.values) == [a for _s, a in rules.TRANSITIONS]
    schema = AssignmentTransitionIn.model_json_schema()
    assert schema["properties"]["action"]["enum"] == list(ACTIONS)
    for action in ACTIONS.values():
        # Field names are the service's keyword names.
        assert set(action.form.base_fields) <= {"note", "files"}, action.name
    assert set(HISTORY_LABELS) == {"assign", *ACTIONS, "reminder", "escalation"}
