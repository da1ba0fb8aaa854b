"""Registering projects, their workflow, the stored assessment and the rate the province reads."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import services
from wageguard.projects.models import Project, ProjectSystem
from wageguard.projects.rules import Action, DepositForm, State, Status, System

pytestmark = pytest.mark.django_db

GC_CODE = "91510100MA61XXXX0Y"


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def row(**over):
    return {
        "name": "武侯区人民南路安置房项目",
        "code": "5101072026001",
        "site_address": "成都市武侯区人民南路四段 9 号",
        "developer_name": "成都城投置业有限公司",
        "general_contractor_name": "四川华西建工有限公司",
        "funding": "government",
        "contract_value": "128000000",
        "labour_cost_share": "20",
        "appropriation_cycle": "month",
        "started_on": "2026-01-10",
        **over,
    }


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


def test_register_routes_the_site_to_its_county_and_audits(inspector):
    result = services.register(inspector, row())
    project = result.project
    assert result.created and project.region_id == "510107"
    assert project.agency.region_id == "510107" and project.agency.kind == "hrss"
    assert project.developer.name == "成都城投置业有限公司"
    assert AuditEvent.objects.filter(action="project.register", object_id=str(project.pk)).exists()
    assert ProjectSystem.objects.filter(project=project).count() == len(System)


def test_the_same_row_twice_changes_nothing_and_a_blank_erases_nothing(inspector):
    first = services.register(inspector, row()).project
    again = services.register(inspector, row())
    assert not again.created and again.changed == () and Project.objects.count() == 1
    later = services.register(inspector, row(labour_cost_share="", labour_officer="李四"))
    assert later.changed == ("labour_officer",)
    first.refresh_from_db()
    assert str(first.labour_cost_share) == "20.00" and first.labour_officer == "李四"


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"name": ""}, "name"),
        ({"site_address": "某某工地"}, "site_address"),
        ({"contract_value": "abc"}, "contract_value"),
        ({"labour_cost_share": "120"}, "labour_cost_share"),
        ({"started_on": "2026-13-01"}, "started_on"),
        ({"completed_on": "2025-01-01"}, "completed_on"),
        ({"department": "教育局"}, "department"),
        ({"general_contractor_credit_code": "123"}, "general_contractor_credit_code"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(inspector, over, field):
    with pytest.raises(ValidationError) as exc:
        services.register(inspector, row(**over))
    assert field in exc.value.message_dict
    assert not Project.objects.exists()


def test_another_county_may_neither_register_nor_take_over(inspector, make_user):
    other = make_user("jinjiang", Role.INSPECTOR, "510104")
    with pytest.raises(PermissionDenied):
        services.register(other, row())
    services.register(inspector, row())
    with pytest.raises(PermissionDenied):
        services.register(other, row())


def test_an_industry_department_sees_only_its_own_projects(inspector, make_user):
    housing = services.register(inspector, row()).project
    services.register(inspector, row(code="5101072026002", department="transport"))
    liaison = make_user("wh-housing", Role.LIAISON, "510107", kind="housing")
    assert list(Project.objects.restrict(liaison)) == [housing]
    assert Project.objects.restrict(inspector).count() == 2


def test_workflow_records_days_and_refuses_moves_the_table_lacks(inspector):
    project = services.register(inspector, row(started_on="")).project
    assert project.state == State.REGISTERED
    project = services.transition(project, Action.START, inspector, on=dt.date(2026, 2, 1))
    assert project.state == State.UNDER_CONSTRUCTION and project.started_on == dt.date(2026, 2, 1)
    with pytest.raises(ValidationError) as exc:
        services.transition(project, Action.SETTLE, inspector)
    assert "action" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.transition(project, Action.COMPLETE, inspector, on=dt.date(2026, 1, 1))


def test_recording_the_systems_moves_the_rate(inspector):
    project = services.register(inspector, row(state="construction")).project
    services.register(inspector, row(code="5101072026002", state="construction"))
    projects = Project.objects.restrict(inspector)
    assert services.rates_by(projects, "region")[0]["rate"] == 0
    services.record_account(
        project,
        inspector,
        bank="成都银行",
        number="6228480402564890018",
        opened_on=dt.date(2026, 1, 20),
    )
    services.record_deposit(
        project, inspector, form=DepositForm.EXEMPT, exemption_reason="上年度无拖欠且合同额较小"
    )
    statuses = dict(ProjectSystem.objects.filter(project=project).values_list("system", "status"))
    assert statuses[System.WAGE_ACCOUNT] == Status.IN_PLACE
    assert statuses[System.DEPOSIT] == Status.EXEMPT
    project.refresh_from_db()
    assert not project.applies_all  # no roster, no notice board, no payroll yet


def test_deposit_and_account_refusals_name_their_field(inspector):
    project = services.register(inspector, row(state="construction")).project
    cases = [
        (dict(form=DepositForm.EXEMPT), "exemption_reason"),
        (dict(form=DepositForm.GUARANTEE, lodged_on=dt.date(2026, 1, 5)), "expires_on"),
        (dict(form="gold"), "form"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.record_deposit(project, inspector, **data)
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.record_account(
            project, inspector, bank="成都银行", number="12ab", opened_on=dt.date(2026, 1, 1)
        )
    assert "number" in exc.value.message_dict


def test_the_deposit_window_counts_working_days_from_the_permit(inspector):
    # Permit on Friday 2026-09-25: 20 working days skip the National Day week (1-7 October, with
    # the make-up working days of 2026 as the calendar has them).
    from wageguard.core import calendar

    project = services.register(
        inspector,
        row(state="construction", permit_on="2026-09-25", contract_signed_on="2026-09-20"),
    ).project
    facts = services.facts_of(project)
    assert facts.deposit_due_on == calendar.add_workdays(dt.date(2026, 9, 25), 20).date
    assert facts.deposit_due_on > dt.date(2026, 10, 23)  # more than 20 calendar-weekday days
    assert facts.account_due_on == calendar.days_period_end(dt.date(2026, 9, 20), 30).date


def test_the_nightly_job_judges_on_todays_date(inspector):
    """A window that ends overnight moves the status with nobody touching the project."""
    from wageguard.projects.jobs import assess_all

    today = dt.date.today()
    project = services.register(
        inspector, row(state="construction", contract_signed_on=today.isoformat())
    ).project
    account = ProjectSystem.objects.get(project=project, system=System.WAGE_ACCOUNT)
    assert account.status == Status.NOT_DUE
    due = services.facts_of(project).account_due_on
    services.assess_many([project], due + dt.timedelta(days=1))
    account.refresh_from_db()
    assert account.status == Status.MISSING
    assert assess_all(dry_run=False) == ["projects assessed: 1"]
    account.refresh_from_db()
    assert account.status == Status.NOT_DUE  # judged again on today's date


def test_stored_reasons_are_in_the_records_language_whatever_the_users(inspector):
    """A change made from an English page still stores the Chinese reason the lists and
    exports print (the live project page translates its own)."""
    from django.utils import translation

    with translation.override("en"):
        project = services.register(inspector, row(state="construction")).project
    stored = ProjectSystem.objects.get(project=project, system=System.WAGE_ACCOUNT)
    assert stored.reason == "未按期开设农民工工资专用账户"
