"""The "open clue on the project" warning (DOMAIN section 3): the clues app answers the projects
rule through `projects.warnings.SIGNALS`, counting unresolved clues linked to each project in one
query, at its parameter (at, below, above), never counting the clue a warning of the project was
turned into."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from wageguard.clues.models import Clue
from wageguard.clues.project_signal import open_clues
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import services
from wageguard.projects.models import Warning
from wageguard.projects.warnings import services as warnings
from wageguard.projects.warnings.rules import SIGNALS
from wageguard.projects.warnings.services import scan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


def register(user, n: int = 1):
    return services.register(
        user,
        {
            "name": f"武侯区人民南路安置房{n}期",
            "code": f"P5101072026{n:03d}",
            "site_address": "成都市武侯区人民南路四段 9 号",
            "developer_name": "成都城投置业有限公司",
            "general_contractor_name": "四川华西建工有限公司",
            "state": "construction",
            "started_on": "2026-01-10",
        },
    ).project


def clue_on(project, state: str = "accepted") -> Clue:
    clue = factories.clue_intake().clue
    Clue.objects.filter(pk=clue.pk).update(project=project, state=state)
    return Clue.objects.get(pk=clue.pk)


def found(project, clues: int = 1):
    return list(open_clues([project.pk], timezone.localdate(), {"clues": clues}))


def test_the_clues_app_answers_the_projects_rule():
    assert SIGNALS.get("open_clue") is open_clues


def test_unresolved_clues_at_below_and_above_the_parameter(inspector):
    project = register(inspector)
    clue_on(project, "resolved")  # 已化解: waits for its reply only
    clue_on(project, "unsubstantiated")
    clue_on(project, "closed")
    assert found(project) == []  # below: no unresolved clue
    first = clue_on(project, "verifying")
    [finding] = found(project)  # at: one clue, one wanted
    assert finding.key == "" and finding.data == {
        "clues": 1,
        "since": timezone.localdate(first.received_at).isoformat(),
    }
    assert "张三" not in finding.summary and "13800138000" not in str(finding)
    assert found(project, clues=2) == []  # one below a province's two
    clue_on(project, "converted")
    assert found(project, clues=2)[0].data["clues"] == 2  # at two
    assert found(project, clues=1)[0].data["clues"] == 2  # above one


def test_the_scan_issues_an_orange_monitoring_warning(inspector):
    project = register(inspector)
    clue_on(project, "received")
    scan([project])
    warning = Warning.objects.get(project=project, rule="open_clue")
    assert warning.level == "orange" and warning.article == "" and warning.key == ""
    assert "1 条未化解的欠薪线索" in warning.summary


def test_a_clue_made_from_the_projects_warning_is_not_counted_again(inspector):
    project = register(inspector)
    warning = Warning.objects.get(project=project, rule="notice_board_missing")
    warnings.transition(warning, "refer", inspector, note="转线索核查", outcome="clue")
    warning.refresh_from_db()
    made = Clue.objects.get(tracking_code=warning.outcome_ref)
    Clue.objects.filter(pk=made.pk).update(project=project, state="accepted")
    assert found(project) == []
    clue_on(project)
    assert found(project)[0].data["clues"] == 1


def test_one_query_for_a_batch_of_projects(inspector):
    projects = [register(inspector, n) for n in range(1, 5)]
    for project in projects[:3]:
        clue_on(project)
    today = timezone.localdate() + dt.timedelta(days=1)
    with CaptureQueriesContext(connection) as queries:
        result = list(open_clues([p.pk for p in projects], today, {"clues": 1}))
    assert len(queries.captured_queries) == 1
    assert {f.project_id for f in result} == {p.pk for p in projects[:3]}
