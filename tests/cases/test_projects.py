"""A case and its construction project (issue 11, the cases side): the link (inherited from a
clue, named by code when filing, changed on the case page), the cases and liability panels on
the project page, a warning turned into a case, and the official's finding of who answers for a
subcontractor's arrears (Decree 724 arts. 29, 30, 36)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.projects.test_warnings import register
from wageguard.cases.models import CaseHistory, CaseLiability, EnforcementCase
from wageguard.cases.panels import project_cases, project_liability
from wageguard.cases.services import file_from_clue, transition
from wageguard.cases.services.projects import link_project, record_liability
from wageguard.clues.models import Clue
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.parties.models import Enterprise
from wageguard.projects.models import Project, ProjectContractor
from wageguard.projects.warnings import services as warnings

from .conftest import direct_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def jinjiang(make_user):
    return make_user("jj-inspector", Role.INSPECTOR, "510104")


@pytest.fixture
def project(inspector) -> Project:
    return register(inspector)


def subcontract(project: Project, enterprise: Enterprise, role: str = "labour"):
    return ProjectContractor.objects.create(project=project, enterprise=enterprise, role=role)


@pytest.fixture
def sub_case(inspector, project):
    """A Wuhou case against 成都标记劳务有限公司, a labour subcontractor on the project, linked."""
    case = direct_case(inspector)
    subcontract(project, case.employer)
    return link_project(case, inspector, project_id=project.pk, note="现场核查")


# --- the link -------------------------------------------------------------------------------


def test_a_case_converted_from_a_clue_inherits_the_clues_project(inspector, verifying_clue):
    project = register(inspector)
    Clue.objects.filter(pk=verifying_clue.pk).update(project=project)
    verifying_clue.refresh_from_db()
    case = file_from_clue(verifying_clue, inspector)
    assert case.project_id == project.pk
    assert case.history.get(action="file").data["project"] == project.pk


def test_a_clue_whose_project_is_in_another_county_links_none(inspector, jinjiang, verifying_clue):
    elsewhere = register(jinjiang, code="5101042026001", region="510104")
    assert elsewhere.region_id == "510104"
    Clue.objects.filter(pk=verifying_clue.pk).update(project=elsewhere)
    verifying_clue.refresh_from_db()
    assert file_from_clue(verifying_clue, inspector).project_id is None


def test_filing_names_the_project_by_its_code_within_the_county(inspector, jinjiang, project):
    case = factories.case(inspector, project_code=project.code, project_name="")
    assert case.project_id == project.pk and case.project_name == project.name
    other = register(jinjiang, code="5101042026009", region="510104")
    with pytest.raises(ValidationError) as err:
        factories.case(inspector, project_code=other.code)
    assert "project_code" in err.value.message_dict


def test_linking_changing_and_removing_the_project(inspector, jinjiang, project):
    case = direct_case(inspector, project_name="")
    other = register(jinjiang, code="5101042026002", region="510104")
    with pytest.raises(ValidationError) as err:
        link_project(case, inspector, project_id=other.pk)
    assert "project_id" in err.value.message_dict
    case = link_project(case, inspector, project_id=project.pk, note="核对项目编码")
    assert case.project_id == project.pk and case.project_name == project.name
    with pytest.raises(ValidationError) as err:
        link_project(case, inspector, project_id=project.pk)
    assert "project_id" in err.value.message_dict
    second = register(inspector, code="5101072026777", name="武侯区第二安置房项目")
    case = link_project(case, inspector, project_id=second.pk)
    assert case.project_id == second.pk and case.project_name == project.name  # kept
    case = link_project(case, inspector, project_id=None, note="误关联")
    assert case.project_id is None
    rows = list(case.history.filter(action="link_project").values_list("data", flat=True))
    assert [r["project"] for r in rows] == [project.pk, second.pk, None]
    assert AuditEvent.objects.filter(action="case.link_project").count() == 3


def test_the_case_page_links_the_project_and_offers_only_its_countys_projects(
    client, inspector, jinjiang, project
):
    case = direct_case(inspector)
    register(jinjiang, code="5101042026003", region="510104", name="锦江区别处项目")
    client.force_login(inspector)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "未关联工程项目" in page and f"{project.name}（{project.code}）" in page
    assert "锦江区别处项目" not in page
    done = client.post(
        f"/cases/{case.pk}/act/link_project/", {"link_project-project_id": str(project.pk)}
    )
    assert done.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/projects/{project.pk}/"' in page and project.code in page


# --- the project page -----------------------------------------------------------------------


def test_the_project_page_lists_the_cases_of_the_project_and_its_units(
    client, inspector, project, sub_case
):
    gc_case = direct_case(inspector, employer_name="四川华西建工有限公司")
    elsewhere = direct_case(inspector, employer_name="毫不相干劳务有限公司")
    client.force_login(inspector)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    table = page.split('data-testid="project-cases"')[1].split("</table>")[0]
    shown = set(re.findall(r'data-case="(\d+)"', table))
    assert shown == {str(sub_case.pk), str(gc_case.pk)} and str(elsewhere.pk) not in shown
    assert sub_case.number in table and "已关联本项目" in table
    assert "25000.00 / 0.00" in table.replace(",", "")


def test_roles_that_may_not_see_cases_get_no_panel(make_user, project, sub_case):
    liaison = make_user("wh-housing", Role.LIAISON, "510107", kind="housing")
    assert project_cases(project, liaison) is None
    assert project_liability(project, liaison) is None
    taskforce = make_user("sc-taskforce", Role.TASKFORCE, "510000")
    assert project_cases(project, taskforce)["total"] == 1


def test_the_liability_panel_says_the_general_contractor_pays_first(
    client, inspector, project, sub_case
):
    client.force_login(inspector)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    panel = page.split('data-testid="project-liability"')[1].split("</section>")[0]
    assert f'data-liability-case="{sub_case.pk}"' in panel
    assert "四川华西建工有限公司" in panel and "先行清偿" in panel
    assert "第三十条第三款" in panel and "待承办人认定" in panel


def test_no_liability_panel_when_no_subcontractor_owes(inspector, project):
    direct_case(inspector, employer_name="四川华西建工有限公司")
    assert project_liability(project, inspector) is None


@pytest.mark.parametrize("n", [1, 5])
def test_the_panels_run_a_fixed_number_of_queries(inspector, project, query_baseline, n):
    for i in range(n):
        case = direct_case(inspector, employer_name=f"成都第{i}劳务有限公司")
        subcontract(project, case.employer)
        case = link_project(case, inspector, project_id=project.pk)
        record_liability(
            case,
            inspector,
            basis="724-30-3",
            liable_id=project.general_contractor_id,
            ordered=bool(i % 2),
            reason="分包单位无力支付",
        )
    project = Project.objects.select_related("general_contractor").get(pk=project.pk)
    with query_baseline("cases.project_panels"):
        cases = project_cases(project, inspector)
        liability = project_liability(project, inspector)
    assert cases["total"] == n and len(liability["cases"]) == n
    assert all(c.finding is not None for c in liability["cases"])


# --- the official's finding -----------------------------------------------------------------


def test_recording_that_the_general_contractor_is_ordered_to_pay_first(
    inspector, project, sub_case
):
    gc = project.general_contractor_id
    row = record_liability(
        sub_case, inspector, basis="724-30-3", liable_id=gc, ordered=True, reason="分包单位逃匿"
    )
    assert row.employer_role == "subcontractor" and row.liable_role == "general_contractor"
    assert sub_case.parties.filter(enterprise_id=gc, role="general_contractor").exists()
    history = CaseHistory.objects.get(case=sub_case, action="liability")
    assert history.data["ordered"] is True and history.note == "分包单位逃匿"
    assert AuditEvent.objects.filter(action="case.liability", reason="分包单位逃匿").exists()


def test_the_case_page_shows_the_finding_and_its_history_in_words(
    client, inspector, project, sub_case
):
    gc = project.general_contractor_id
    client.force_login(inspector)
    posted = client.post(
        f"/cases/{sub_case.pk}/act/liability/",
        {
            "liability-basis": "724-30-3",
            "liability-liable_id": str(gc),
            "liability-ordered": "1",
            "liability-reason": "分包单位负责人失联",
        },
    )
    assert posted.status_code == 302
    page = client.get(f"/cases/{sub_case.pk}/").content.decode()
    finding = page.split('data-testid="liability-finding"')[1].split("</div></div>")[0]
    assert "分包单位拖欠农民工工资" in finding and "责令清偿" in finding
    assert "四川华西建工有限公司（施工总承包单位）：责令其清偿" in page
    assert "关联工程项目（项目编码 5101072026001）" in page


@pytest.mark.parametrize(
    "data, field",
    [
        ({"basis": "724-30-4"}, "basis"),  # a registered subcontractor is no 转包 case
        ({"liable": "developer"}, "liable_id"),  # para. 3 names the general contractor
        ({"ordered": None}, "ordered"),  # the official decides; nothing is presumed
        ({"reason": ""}, "reason"),
        ({"liable": "outsider"}, "liable_id"),
    ],
)
def test_a_finding_that_does_not_fit_is_refused_naming_the_field(
    inspector, project, sub_case, data, field
):
    liable = {
        "developer": project.developer_id,
        "outsider": Enterprise.objects.create(name="外单位", name_norm="外单位").pk,
    }.get(data.pop("liable", ""), project.general_contractor_id)
    values = {"basis": "724-30-3", "ordered": False, "reason": "理由", **data}
    with pytest.raises(ValidationError) as err:
        record_liability(sub_case, inspector, liable_id=liable, **values)
    assert field in err.value.message_dict
    assert not CaseLiability.objects.exists()


def test_an_unregistered_employer_found_to_work_under_a_borrowed_name(inspector, project):
    sub = Enterprise.objects.create(name="四川被挂靠建设有限公司", name_norm="四川被挂靠建设")
    subcontract(project, sub, role="sub")
    case = direct_case(inspector, employer_name="张某某包工队")
    case = link_project(case, inspector, project_id=project.pk)
    row = record_liability(
        case, inspector, basis="724-36-2", liable_id=sub.pk, ordered=True, reason="挂靠"
    )
    assert row.employer_role == "none" and row.liable_role == "subcontractor"
    liability = project_liability(project, inspector)
    assert [c.pk for c in liability["cases"]] == [case.pk]
    assert liability["cases"][0].finding == row


def test_no_finding_without_a_project_or_after_closing(inspector, project, sub_case):
    unlinked = direct_case(inspector)
    with pytest.raises(ValidationError) as err:
        record_liability(
            unlinked,
            inspector,
            basis="724-30-3",
            liable_id=project.general_contractor_id,
            ordered=True,
            reason="x",
        )
    assert "basis" in err.value.message_dict
    EnforcementCase.objects.filter(pk=sub_case.pk).update(state="closed")
    sub_case.refresh_from_db()
    with pytest.raises(ValidationError):
        record_liability(
            sub_case,
            inspector,
            basis="724-30-3",
            liable_id=project.general_contractor_id,
            ordered=True,
            reason="x",
        )


# --- a warning turned into a case -----------------------------------------------------------


def test_turning_a_warning_into_a_case_files_it_through_the_case_service(inspector, project):
    warning = project.warnings.get(rule="account_missing")
    warning = warnings.transition(
        warning, "refer", inspector, note="现场核查确未开户", outcome="case"
    )
    case = EnforcementCase.objects.get(number=warning.outcome_ref)
    assert warning.state == "handled" and warning.outcome == "case"
    assert warning.outcome_url == f"/cases/{case.pk}/"
    assert case.project_id == project.pk and case.source == "warning"
    assert case.employer_id == project.general_contractor_id and case.region_id == "510107"
    assert warning.summary in case.facts and "现场核查确未开户" in case.facts
    assert "第二十六条" in case.facts  # the rule's article, cited from the table
    assert case.state == "filed" and case.due_date > case.filed_on
    assert case.history.get(action="file").data["warning"] == warning.pk
    assert AuditEvent.objects.filter(action="case.file", object_id=str(case.pk)).exists()


def test_a_warning_naming_a_subcontractor_is_a_case_against_it(inspector, project):
    sub = Enterprise.objects.create(name="成都某劳务有限公司", name_norm="成都某劳务")
    subcontract(project, sub)
    warning = project.warnings.get(rule="account_missing")
    warning.data = {**warning.data, "subcontractor_id": sub.pk}
    warning.save(update_fields=["data"])
    warning = warnings.transition(warning, "refer", inspector, note="", outcome="case")
    case = EnforcementCase.objects.get(number=warning.outcome_ref)
    assert case.employer_name == "成都某劳务有限公司"


def test_only_roles_that_may_file_get_the_case_outcome(client, make_user, project):
    from wageguard.projects.warnings.actions import available_actions

    warning = project.warnings.get(rule="account_missing")
    taskforce = make_user("sc-taskforce", Role.TASKFORCE, "510000")
    liaison = make_user("wh-housing", Role.LIAISON, "510107", kind="housing")
    for user in (taskforce, liaison):
        assert "to_case" not in {a.name for a in available_actions(warning, user)}
    with pytest.raises(PermissionDenied):
        warnings.transition(warning, "refer", liaison, note="x", outcome="case")
    assert not EnforcementCase.objects.exists()


def test_the_warning_page_posts_the_outcome_and_links_the_new_case(client, inspector, project):
    warning = project.warnings.get(rule="account_missing")
    client.force_login(inspector)
    page = client.get(f"/projects/warnings/{warning.pk}/").content.decode()
    assert 'data-testid="form-to_case"' in page
    done = client.post(
        f"/projects/warnings/{warning.pk}/act/to_case/", {"to_case-note": "已现场核实"}, follow=True
    )
    case = EnforcementCase.objects.get()
    assert done.status_code == 200 and f'href="/cases/{case.pk}/"' in done.content.decode()
    opened = client.get(f"/cases/{case.pk}/")
    text = opened.content.decode()
    assert opened.status_code == 200 and "工程项目预警" in text
    assert f'href="/projects/{project.pk}/"' in text and project.code in text
    # The project page's warning and its cases panel both lead to the case.
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert detail.count(f'href="/cases/{case.pk}/"') >= 2


def test_a_workflow_move_keeps_the_project(inspector, sub_case):
    case = transition(sub_case, "start_investigation", inspector)
    assert case.project_id == sub_case.project_id
