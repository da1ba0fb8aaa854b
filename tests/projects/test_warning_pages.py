"""The warning pages: the inbox (order, filters, constant queries), one warning and its actions,
the project page's section, per-rule precision and the province's rule settings."""

import pytest
from django.utils import timezone

from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects.models import Warning, WarningRule
from wageguard.projects.warnings import services as warnings

from .test_warnings import register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


def test_the_inbox_puts_overdue_and_red_first(client, inspector):
    register(inspector)
    yellow = Warning.objects.get(rule="notice_board_missing")
    yellow.due_on = timezone.localdate().replace(year=2020)
    yellow.save()
    client.force_login(inspector)
    page = client.get("/projects/warnings/").content.decode()
    order = [Warning.objects.get(pk=int(pk)).rule for pk in _rows(page)]
    assert order[0] == "notice_board_missing" and order[1] == "account_missing"
    red = client.get("/projects/warnings/", {"level": "red"}).content.decode()
    assert {Warning.objects.get(pk=int(pk)).level for pk in _rows(red)} == {"red"}
    overdue = client.get("/projects/warnings/", {"overdue": "yes"}).content.decode()
    assert _rows(overdue) == [str(yellow.pk)]


def _rows(page: str) -> list[str]:
    import re

    return re.findall(r'data-warning="(\d+)"', page)


@pytest.mark.parametrize("n", [1, 6])
def test_the_inbox_runs_a_fixed_number_of_queries(client, inspector, query_baseline, n):
    for i in range(n):
        register(inspector, code=f"51010720260{i:02d}")
    client.force_login(inspector)
    with query_baseline("projects.warning_inbox"):
        response = client.get("/projects/warnings/")
    assert response.status_code == 200 and len(_rows(response.content.decode())) >= n


def test_recording_the_handling_on_the_warning_page(client, inspector):
    project = register(inspector)
    warning = project.warnings.get(rule="account_missing")
    client.force_login(inspector)
    page = client.get(f"/projects/warnings/{warning.pk}/").content.decode()
    assert f"/projects/{project.pk}/" in page and 'data-testid="form-handle"' in page
    refused = client.post(f"/projects/warnings/{warning.pk}/act/handle/", {"handle-note": ""})
    assert refused.status_code == 422 and 'data-field="note"' in refused.content.decode()
    done = client.post(
        f"/projects/warnings/{warning.pk}/act/handle/", {"handle-note": "已责令开户"}
    )
    assert done.status_code == 302
    warning.refresh_from_db()
    assert warning.state == "handled"
    detail = client.get(f"/projects/{project.pk}/").content.decode()
    assert f'data-warning="{warning.pk}"' in detail


def test_a_liaison_sees_its_departments_warnings_only(client, inspector, make_user):
    register(inspector)
    register(inspector, code="5101072026002", department="transport")
    client.force_login(make_user("wh-transport", Role.LIAISON, "510107", kind="transport"))
    page = client.get("/projects/warnings/").content.decode()
    assert _rows(page)
    assert {Warning.objects.get(pk=int(pk)).department for pk in _rows(page)} == {"transport"}
    housing = Warning.objects.filter(department="housing").first()
    assert client.get(f"/projects/warnings/{housing.pk}/").status_code == 404


def test_precision_page(client, inspector):
    register(inspector)
    w = Warning.objects.get(rule="account_missing")
    warnings.transition(w, "dismiss", inspector, note="数据有误")
    client.force_login(inspector)
    page = client.get("/projects/warnings/rules/").content.decode()
    assert 'data-rule="account_missing"' in page and "0.0%" in page


def test_rule_settings_page_keeps_input_and_only_the_province_saves(client, make_user):
    county = make_user("wh-admin", Role.ADMIN, "510107")
    client.force_login(county)
    assert client.get("/projects/warnings/settings/").status_code == 200
    url = "/projects/warnings/settings/"
    data = {
        "rule": "guarantee_expiring",
        "guarantee_expiring-enabled": "on",
        "guarantee_expiring-level": "orange",
        "guarantee_expiring-deadline_workdays": "10",
        "guarantee_expiring-p_months_before": "9",
    }
    assert client.post(url, data).status_code == 403
    client.force_login(make_user("sc-admin", Role.ADMIN, "510000"))
    refused = client.post(url, data)
    assert refused.status_code == 422
    body = refused.content.decode()
    assert 'data-field="p_months_before"' in body and 'value="9"' in body
    ok = client.post(url, {**data, "guarantee_expiring-p_months_before": "2"})
    assert ok.status_code == 302
    assert WarningRule.objects.get(code="guarantee_expiring").parameters == {"months_before": 2}


def test_overdue_come_first_across_pages(client, inspector):
    from wageguard.projects.warnings.filters import filter_warnings, page

    for i in range(4):
        register(inspector, code=f"51010720261{i:02d}")
    every = list(Warning.objects.order_by("pk"))
    past = timezone.localdate().replace(year=2020)
    late = every[-3:]
    Warning.objects.filter(pk__in=[w.pk for w in late]).update(due_on=past)
    qs = filter_warnings(warnings.visible(inspector), {"state": "open"})
    whole = [w.pk for w in page(qs, 0, 100)]
    assert set(whole[:3]) == {w.pk for w in late} and len(whole) == len(every)
    pieces = [w.pk for s in range(0, len(every), 2) for w in page(qs, s, s + 2)]
    assert pieces == whole
