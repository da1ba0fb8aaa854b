"""Recording checks, the ledger item a failed check opens, jurisdiction and the transition table."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wageguard.core import calendar
from wageguard.core.models import AuditEvent
from wageguard.inspections import rules, services
from wageguard.inspections.models import ChannelCheck, Finding
from wageguard.inspections.rules import FindingAction, FindingState

from .conftest import call_data

pytestmark = pytest.mark.django_db


def test_failed_call_opens_finding_due_ten_working_days_later_over_spring_festival(
    people, frozen_now
):
    # Friday 2025-01-24: 26 Jan (Sun) and 8 Feb (Sat) are make-up working days, 28 Jan - 4 Feb off.
    frozen_now(2025, 1, 24, 16, 30)
    checker = people["chengdu_supervisor"]
    wuhou = people["wuhou_inspector"].agency
    check = services.record_check(checker, **call_data(wuhou, notes="响铃 60 秒无人接听"))
    assert check.result == rules.CheckResult.FAILED and not check.passed
    assert check.region_id == "510107" and check.performed_by == checker
    finding = Finding.objects.get(channel_check=check)
    assert finding.agency == wuhou and finding.region_id == "510107"
    assert finding.state == FindingState.OPEN
    assert finding.due_date == dt.date(2025, 2, 13)
    assert finding.due_date == calendar.add_workdays(dt.date(2025, 1, 24), 10).date
    assert not finding.due_provisional
    assert "无人接听" in finding.description and "响铃 60 秒" in finding.description
    actions = list(
        AuditEvent.objects.filter(object_id__in=[str(check.pk), str(finding.pk)])
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["channel_check.create", "finding.open"]


def test_due_date_in_an_unknown_year_is_provisional(people, frozen_now):
    frozen_now(2100, 3, 1, 9, 0)
    check = services.record_check(
        people["chengdu_supervisor"], **call_data(people["wuhou_inspector"].agency)
    )
    assert check.finding.due_provisional


def test_answered_but_mishandled_fails_and_correct_handling_passes(people):
    checker, wuhou = people["chengdu_supervisor"], people["wuhou_inspector"].agency
    wrong = services.record_check(
        checker, **call_data(wuhou, answered=True, handled_correctly=False, response_seconds=12)
    )
    assert wrong.result == "failed" and wrong.finding.state == FindingState.OPEN
    assert "未正确处理" in wrong.finding.description
    right = services.record_check(
        checker,
        **call_data(
            wuhou,
            kind="undercover_visit",
            channel="window",
            contact="武侯区人社局一楼窗口",
            answered=True,
            handled_correctly=True,
        ),
    )
    assert right.result == "passed"
    assert not Finding.objects.filter(channel_check=right).exists()
    assert Finding.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"answered": True, "handled_correctly": None}, "handled_correctly"),
        ({"answered": False, "handled_correctly": True}, "handled_correctly"),
        ({"kind": "test_call", "channel": "window"}, "channel"),
        ({"kind": "nonsense"}, "kind"),
        ({"contact": "  "}, "contact"),
        ({"response_seconds": -1}, "response_seconds"),
        ({"performed_at": dt.datetime(2999, 1, 1, tzinfo=dt.UTC)}, "performed_at"),
    ],
)
def test_invalid_check_names_the_field_and_writes_nothing(people, overrides, field):
    with pytest.raises(ValidationError) as info:
        services.record_check(
            people["chengdu_supervisor"],
            **call_data(people["wuhou_inspector"].agency, **overrides),
        )
    assert field in info.value.message_dict
    assert not ChannelCheck.objects.exists() and not Finding.objects.exists()


def test_checker_only_checks_own_jurisdiction_and_below(people):
    wuhou = people["wuhou_inspector"].agency
    jinjiang = people["jinjiang_supervisor"].agency
    chengdu = people["chengdu_supervisor"].agency
    # A county cannot check its neighbour, nor the city above it.
    for target in (wuhou, chengdu):
        with pytest.raises(ValidationError) as info:
            services.record_check(people["jinjiang_supervisor"], **call_data(target))
        assert "agency" in info.value.message_dict
    # Another prefecture cannot check 成都市's counties.
    with pytest.raises(ValidationError):
        services.record_check(people["zigong_supervisor"], **call_data(wuhou))
    # The county may test its own line; the city its counties; the province everyone.
    services.record_check(people["jinjiang_supervisor"], **call_data(jinjiang))
    services.record_check(people["chengdu_supervisor"], **call_data(wuhou))
    services.record_check(people["province_taskforce"], **call_data(chengdu))
    assert ChannelCheck.objects.count() == 3


def test_roles_without_permission_cannot_record(people):
    with pytest.raises(PermissionDenied):
        services.record_check(
            people["chengdu_clerk"], **call_data(people["wuhou_inspector"].agency)
        )


def test_restrict_hides_other_counties_checks(people):
    services.record_check(
        people["chengdu_supervisor"], **call_data(people["wuhou_inspector"].agency)
    )
    assert not ChannelCheck.objects.restrict(people["jinjiang_supervisor"]).exists()
    assert not Finding.objects.restrict(people["jinjiang_supervisor"]).exists()
    assert not ChannelCheck.objects.restrict(people["zigong_supervisor"]).exists()
    for viewer in ("wuhou_inspector", "chengdu_supervisor", "province_taskforce"):
        assert ChannelCheck.objects.restrict(people[viewer]).count() == 1
        assert Finding.objects.restrict(people[viewer]).count() == 1


@pytest.fixture
def finding(people):
    check = services.record_check(
        people["chengdu_supervisor"], **call_data(people["wuhou_inspector"].agency)
    )
    return check.finding


def test_rectify_then_close_by_the_level_above(people, finding):
    wuhou = people["wuhou_inspector"]
    assert services.available_actions(wuhou, finding) == [FindingAction.RECTIFY]
    finding = services.report_rectification(wuhou, finding, "已安排专人值守 12333 热线")
    assert finding.state == FindingState.RECTIFIED and finding.rectified_by == wuhou
    # The checked bureau cannot sign off its own problem.
    with pytest.raises(PermissionDenied):
        services.close_finding(people["wuhou_supervisor"], finding, "自己销号")
    finding = services.close_finding(people["chengdu_supervisor"], finding, "复测已接通，同意销号")
    assert (
        finding.state == FindingState.CLOSED and finding.closed_by == people["chengdu_supervisor"]
    )
    assert finding.closed_at is not None
    events = AuditEvent.objects.filter(object_type="inspections.finding", object_id=str(finding.pk))
    assert list(events.order_by("seq").values_list("action", flat=True)) == [
        "finding.open",
        "finding.rectify",
        "finding.close",
    ]
    close = events.get(action="finding.close")
    assert close.before["state"] == "rectified" and close.after["state"] == "closed"
    assert close.reason == "复测已接通，同意销号"
    # Closed is final.
    for action in FindingAction.values:
        with pytest.raises((ValidationError, PermissionDenied)):
            services.transition(people["province_taskforce"], finding, action, "again")


def test_return_reopens_with_the_same_due_date(people, finding):
    due = finding.due_date
    finding = services.report_rectification(people["wuhou_inspector"], finding, "已整改")
    finding = services.return_finding(people["province_taskforce"], finding, "复测仍无人接听")
    assert finding.state == FindingState.OPEN and finding.due_date == due
    assert finding.close_note == "复测仍无人接听" and finding.closed_at is None


def test_transitions_outside_the_table_are_refused(people, finding):
    with pytest.raises(ValidationError) as info:
        services.close_finding(people["chengdu_supervisor"], finding, "直接销号")
    assert "state" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.report_rectification(people["wuhou_inspector"], finding, "   ")
    assert "note" in info.value.message_dict
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN


def test_other_jurisdictions_and_other_agencies_cannot_act(people, finding):
    # Only the checked agency rectifies: not its supervisor city, not a neighbour county.
    for who in ("chengdu_supervisor", "jinjiang_supervisor", "zigong_supervisor"):
        with pytest.raises(PermissionDenied):
            services.report_rectification(people[who], finding, "x")
    services.report_rectification(people["wuhou_inspector"], finding, "已整改")
    for who in ("jinjiang_supervisor", "zigong_supervisor", "chengdu_inspector"):
        with pytest.raises(PermissionDenied):
            services.close_finding(people[who], finding, "x")
    finding.refresh_from_db()
    assert finding.state == FindingState.RECTIFIED


def test_the_provincial_department_closes_its_own_item_with_another_person(people):
    province = people["province_taskforce"].agency
    check = services.record_check(people["province_taskforce"], **call_data(province))
    finding = services.report_rectification(people["province_supervisor"], check.finding, "已整改")
    with pytest.raises(PermissionDenied):
        services.close_finding(people["province_supervisor"], finding, "自己销号")
    finding = services.close_finding(people["province_taskforce"], finding, "同意销号")
    assert finding.state == FindingState.CLOSED


def test_transition_table_and_sla_rules():
    assert rules.next_state("open", "rectify") == "rectified"
    assert rules.next_state("rectified", "close") == "closed"
    assert rules.next_state("rectified", "return") == "open"
    assert rules.next_state("open", "close") is None
    assert rules.next_state("closed", "return") is None
    d = dt.date
    today, soon = d(2025, 3, 10), d(2025, 3, 12)
    assert rules.sla_status("open", d(2025, 3, 7), today, soon, None) == "overdue"
    assert rules.sla_status("open", d(2025, 3, 10), today, soon, None) == "due_soon"
    assert rules.sla_status("open", d(2025, 3, 12), today, soon, None) == "due_soon"
    assert rules.sla_status("open", d(2025, 3, 13), today, soon, None) == "on_time"
    assert rules.sla_status("closed", d(2025, 3, 7), today, soon, d(2025, 3, 8)) == "done_late"
    assert rules.sla_status("rectified", d(2025, 3, 7), today, soon, d(2025, 3, 7)) == (
        "done_on_time"
    )
    assert rules.pass_rate(0, 0) is None and rules.pass_rate(4, 1) == 75.0
