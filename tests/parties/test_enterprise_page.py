"""The enterprise page: one company's history across clues, cases, credit listings and projects,
each part limited to the viewer's jurisdiction by the app that owns it."""

import pytest
from django.urls import reverse

from tests import factories
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.parties.models import Enterprise
from wageguard.projects import services as projects
from wageguard.projects.models import OPEN_STATES, Warning

pytestmark = pytest.mark.django_db

NAME = "四川鑫达建筑工程有限公司"


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def history(make_user):
    """武侯区: a clue naming the company, a case against it and a project it builds."""
    inspector = make_user("wuhou", Role.INSPECTOR, "510107")
    clue = factories.clue_intake(factories.clue_submission(employer_name=NAME)).clue
    case = factories.case(inspector, NAME, [factories.worker("王五", "25000", 4)])
    project = projects.register(
        inspector,
        {
            "name": "武侯安置房",
            "code": "P-1",
            "site_address": "成都市武侯区人民南路四段 9 号",
            "developer_name": "成都城投置业有限公司",
            "general_contractor_name": NAME,
            "contract_signed_on": "2026-01-05",
            "started_on": "2026-01-10",
            "state": "construction",
        },
    ).project
    return inspector, clue, case, project


def test_the_county_sees_every_part_of_the_history(client, history, query_baseline):
    inspector, clue, case, project = history
    enterprise = project.general_contractor
    assert case.parties.filter(enterprise=enterprise).exists()
    client.force_login(inspector)
    with query_baseline("parties.enterprise_page"):
        html = client.get(reverse("parties:enterprise", args=[enterprise.pk])).content.decode()
    assert NAME in html
    for marker in (clue.tracking_code, case.number, project.name):
        assert marker in html
    assert 'data-testid="enterprise-listings"' in html
    warnings = Warning.objects.filter(project=project, state__in=OPEN_STATES)
    assert warnings.exists()  # a new project with none of its systems yet is warned
    assert f'data-testid="enterprise-warning-count">{warnings.count()}<' in html
    for warning in warnings:
        assert f'data-warning="{warning.pk}"' in html


def test_another_county_sees_the_company_but_none_of_its_history(client, history, make_user):
    _inspector, clue, case, project = history
    other = make_user("jinjiang", Role.SUPERVISOR, "510104")
    client.force_login(other)
    html = client.get(
        reverse("parties:enterprise", args=[project.general_contractor_id])
    ).content.decode()
    assert NAME in html
    for marker in (clue.tracking_code, case.number, project.name):
        assert marker not in html
    assert Warning.objects.filter(project=project).exists()
    for panel in ("clue", "case", "listing", "project", "warning"):
        assert f'data-testid="enterprise-{panel}-count">0<' in html


def test_a_role_no_app_shows_anything_to_is_refused(client, history, make_user):
    admin = make_user("wuhou-admin", Role.ADMIN, "510107")
    client.force_login(admin)
    enterprise = Enterprise.objects.get(name=NAME)
    assert client.get(reverse("parties:enterprise", args=[enterprise.pk])).status_code == 403


def test_the_project_page_links_to_its_companies(client, history):
    inspector, _clue, _case, project = history
    client.force_login(inspector)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert reverse("parties:enterprise", args=[project.general_contractor_id]) in html
