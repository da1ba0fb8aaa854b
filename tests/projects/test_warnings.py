"""Warnings in the database: the scan issues them after every assessment, a repeat updates the
open warning, deadlines in working days, the lifecycle table, scoping and rule precision."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wageguard.core import calendar
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import services
from wageguard.projects.models import Project, Warning, WarningRule, WarningState
from wageguard.projects.warnings import services as warnings
from wageguard.projects.warnings.services import Precision

pytestmark = pytest.mark.django_db
D = dt.date
S = WarningState


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


def register(user, code="5101072026001", **over):
    data = {
        "name": "武侯区人民南路安置房项目",
        "code": code,
        "site_address": "成都市武侯区人民南路四段 9 号",
        "developer_name": "成都城投置业有限公司",
        "general_contractor_name": "四川华西建工有限公司",
        "appropriation_cycle": "month",
        "contract_signed_on": "2026-01-05",
        "started_on": "2026-01-10",
        "state": "construction",
        **over,
    }
    return services.register(user, data).project


def test_registering_a_late_project_issues_its_warnings_with_a_workday_deadline(inspector):
    project = register(inspector)
    rules = set(project.warnings.values_list("rule", flat=True))
    assert {"account_missing", "deposit_missing", "notice_board_missing"} <= rules
    warning = project.warnings.get(rule="account_missing")
    assert warning.state == S.ISSUED and warning.level == "red"
    assert warning.region_id == "510107" and warning.department == "housing"
    assert warning.agency_id == project.agency_id and warning.article == "724.26"
    rule = WarningRule.objects.get(code="account_missing")
    assert warning.due_on == calendar.add_workdays(warning.issued_on, rule.deadline_workdays).date
    assert warning.history.get().action == "issue"


def test_a_repeat_updates_the_open_warning_once_a_day(inspector):
    project = register(inspector)
    count = Warning.objects.count()
    warnings.scan(Project.objects.all(), D(2027, 1, 4))
    warnings.scan(Project.objects.all(), D(2027, 1, 4))
    again = warnings.scan(Project.objects.all(), D(2027, 1, 5))
    assert Warning.objects.count() == count and again.issued == 0
    warning = project.warnings.get(rule="account_missing")
    assert warning.seen_count == 3 and warning.last_seen_on == D(2027, 1, 5)


def test_a_finding_after_its_warning_closed_opens_a_new_one(inspector):
    project = register(inspector)
    warning = project.warnings.get(rule="account_missing")
    warnings.transition(warning, "dismiss", inspector, note="账户已开设，系统未同步")
    warnings.scan(Project.objects.all(), D(2027, 1, 4))
    assert project.warnings.filter(rule="account_missing").count() == 2
    assert project.warnings.filter(rule="account_missing", state=S.ISSUED).count() == 1


def test_a_disabled_rule_issues_nothing(inspector):
    WarningRule.objects.filter(code="notice_board_missing").update(enabled=False)
    project = register(inspector)
    assert not project.warnings.filter(rule="notice_board_missing").exists()


def test_the_lifecycle_issued_to_closed_is_audited(inspector, make_user):
    warning = register(inspector).warnings.get(rule="account_missing")
    warning = warnings.transition(warning, "assign", inspector)
    assert warning.state == S.ASSIGNED and warning.assignee == inspector
    with pytest.raises(ValidationError) as err:
        warnings.transition(warning, "handle", inspector)
    assert "note" in err.value.message_dict
    warning = warnings.transition(warning, "handle", inspector, note="已责令开户")
    warning = warnings.transition(warning, "verify", inspector, note="")
    with pytest.raises(ValidationError):
        warnings.transition(warning, "close", inspector)
    warning = warnings.transition(warning, "close", inspector, note="已开户，核实无误")
    assert warning.state == S.CLOSED and warning.closed_on and warning.close_reason
    assert [h.action for h in warning.history.order_by("at", "pk")] == [
        "issue",
        "assign",
        "handle",
        "verify",
        "close",
    ]
    assert AuditEvent.objects.filter(action="warning.close", object_id=str(warning.pk)).exists()
    with pytest.raises(ValidationError) as err:
        warnings.transition(warning, "handle", inspector, note="again")
    assert "action" in err.value.message_dict


def test_the_table_offers_what_each_state_allows():
    allowed = warnings.WORKFLOW.allowed
    assert allowed(S.ISSUED) == ["assign", "handle", "refer", "dismiss"]
    assert allowed(S.HANDLED) == ["verify", "reject", "dismiss"]
    assert allowed(S.VERIFIED) == ["close"]
    assert allowed(S.CLOSED) == [] and allowed(S.DISMISSED) == []


def test_another_county_and_another_department_neither_see_nor_move(inspector, make_user):
    project = register(inspector)
    register(inspector, code="5101072026002", department="transport")
    warning = project.warnings.get(rule="account_missing")
    other = make_user("jinjiang", Role.INSPECTOR, "510104")
    assert not warnings.visible(other).exists()
    with pytest.raises(PermissionDenied):
        warnings.transition(warning, "assign", other)
    housing = make_user("wh-housing", Role.LIAISON, "510107", kind="housing")
    seen = warnings.visible(housing)
    assert seen.exists() and set(seen.values_list("department", flat=True)) == {"housing"}
    transport = make_user("wh-transport", Role.LIAISON, "510107", kind="transport")
    with pytest.raises(PermissionDenied):
        warnings.transition(warning, "handle", transport, note="已处理")
    with pytest.raises(PermissionDenied):
        warnings.transition(warning, "dismiss", housing, note="不是问题")
    assert warnings.transition(warning, "handle", housing, note="已督促开户").state == S.HANDLED


def test_precision_is_confirmed_over_decided(inspector):
    register(inspector)
    register(inspector, code="5101072026002")
    register(inspector, code="5101072026003")
    rows = list(Warning.objects.filter(rule="account_missing").order_by("pk"))
    for w in rows[:2]:
        w = warnings.transition(w, "handle", inspector, note="已处置")
        w = warnings.transition(w, "verify", inspector)
        warnings.transition(w, "close", inspector, note="已整改")
    warnings.transition(rows[2], "dismiss", inspector, note="数据错误")
    by_rule = {p.rule: p for p in warnings.precision_by_rule(Warning.objects.all())}
    assert by_rule["account_missing"] == Precision("account_missing", 3, 2, 1)
    assert by_rule["account_missing"].percent == 66.7
    assert by_rule["card_custody"].percent is None


def test_rule_settings_stay_within_limits_and_only_the_province_changes_them(make_user):
    row = warnings.rules_for_province()["guarantee_expiring"]
    county_admin = make_user("wh-admin", Role.ADMIN, "510107")
    with pytest.raises(PermissionDenied):
        warnings.change_rule(row, county_admin, {"parameters": {"months_before": 2}})
    admin = make_user("sc-admin", Role.ADMIN, "510000")
    with pytest.raises(ValidationError) as err:
        warnings.change_rule(row, admin, {"parameters": {"months_before": 4}})
    assert "months_before" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        warnings.change_rule(row, admin, {"deadline_workdays": 0})
    assert "deadline_workdays" in err.value.message_dict
    saved = warnings.change_rule(
        row, admin, {"parameters": {"months_before": 2}, "deadline_workdays": 8, "enabled": True}
    )
    assert saved.parameters == {"months_before": 2} and saved.deadline_workdays == 8
    assert AuditEvent.objects.filter(action="warning_rule.change").exists()


def test_the_nightly_job_scans(inspector):
    from wageguard.projects.jobs import scan_warnings

    register(inspector)
    Warning.objects.all().delete()
    lines = scan_warnings(False)
    assert "warnings issued" in lines[0] and Warning.objects.exists()


def test_turning_a_warning_into_a_clue_links_both_ways(inspector):
    from wageguard.clues.models import Clue

    warning = register(inspector).warnings.get(rule="account_missing")
    warning = warnings.transition(
        warning, "refer", inspector, note="现场核查发现未开户", outcome="clue"
    )
    assert warning.state == S.HANDLED and warning.outcome == "clue"
    clue = Clue.objects.get(tracking_code=warning.outcome_ref)
    assert clue.channel == "inspection" and clue.region_id == "510107"
    assert clue.project_name == "武侯区人民南路安置房项目"
    assert warning.outcome_url == f"/clues/{clue.pk}/"
    with pytest.raises(ValidationError) as err:
        other = warning.project.warnings.get(rule="deposit_missing")
        warnings.transition(other, "refer", inspector, note="x", outcome="nowhere")
    assert "outcome" in err.value.message_dict


def test_the_api_lists_and_moves_a_warning(client, inspector):
    project = register(inspector)
    client.force_login(inspector)
    page = client.get("/api/v1/warnings", {"level": "red", "project": project.pk}).json()
    assert page["count"] >= 1 and {i["level"] for i in page["items"]} == {"red"}
    item = next(i for i in page["items"] if i["rule"] == "account_missing")
    assert "assign" in item["actions"] and "to_clue" in item["actions"]
    url = f"/api/v1/warnings/{item['id']}/transitions"
    refused = client.post(url, {"action": "close", "note": "x"}, content_type="application/json")
    assert refused.status_code == 422
    empty = client.post(url, {"action": "dismiss"}, content_type="application/json")
    assert empty.status_code == 422 and "note" in empty.content.decode()
    moved = client.post(
        url, {"action": "dismiss", "note": "数据有误"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["state"] == "dismissed"
    assert client.get("/api/v1/warnings", {"state": "dismissed"}).json()["count"] == 1
