"""The project pages: the list answers "which system is missing where", the project page shows
each status with its reason and article, actions refuse in place, and the rate table counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import services
from wageguard.projects.models import Evidence, Project, ProjectSystem
from wageguard.projects.rules import Status, System

pytestmark = pytest.mark.django_db

GC_CODE = "91510107MA6CXY8K18"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


def register(user, n: int = 1, **over):
    return services.register(
        user,
        {
            "name": f"武侯安置房{n}期",
            "code": f"P5101072026{n:03d}",
            "site_address": "成都市武侯区人民南路四段 9 号",
            "developer_name": "成都城投置业有限公司",
            "general_contractor_name": f"四川华西{n}建工有限公司",
            "state": "construction",
            "started_on": "2026-01-10",
            **over,
        },
    ).project


def test_list_shows_each_systems_status_in_a_fixed_number_of_queries(
    client, inspector, query_baseline
):
    client.force_login(inspector)
    for n in range(1, 4):
        register(inspector, n)
    with query_baseline("projects.list_3_projects"):
        html = client.get(reverse("projects:list")).content.decode()
    assert html.count('data-project="') == 3
    assert html.count(f'data-system="{System.WAGE_ACCOUNT}" data-status="missing"') == 3
    for n in range(4, 12):
        register(inspector, n)
    with query_baseline("projects.list_11_projects"):
        html = client.get(reverse("projects:list")).content.decode()
    assert html.count('data-project="') == 11


def test_filter_by_a_missing_system(client, inspector):
    client.force_login(inspector)
    with_account = register(inspector, 1)
    register(inspector, 2)
    services.record_account(
        with_account,
        inspector,
        bank="成都银行",
        number="622848040256489",
        opened_on=dt.date(2026, 1, 20),
    )
    html = client.get(
        reverse("projects:list"), {"system": "account", "status": "gap"}
    ).content.decode()
    assert html.count('data-project="') == 1 and "华西2建工" in html
    html = client.get(reverse("projects:list"), {"q": "华西1建工"}).content.decode()
    assert html.count('data-project="') == 1


def test_registration_page_keeps_the_input_and_names_the_field(client, inspector):
    client.force_login(inspector)
    data = {
        "name": "新项目",
        "code": "NEW-1",
        "site_address": "某某工地",
        "department": "housing",
        "developer_name": "甲公司",
        "general_contractor_name": "乙公司",
        "funding": "private",
    }
    response = client.post(reverse("projects:new"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-field="site_address"' in html and 'value="某某工地"' in html
    assert not Project.objects.exists()
    data["site_address"] = "成都市武侯区人民南路四段 9 号"
    response = client.post(reverse("projects:new"), data)
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "projects:detail", args=[project.pk]
    )


def test_project_page_shows_status_reason_and_article(client, inspector):
    client.force_login(inspector)
    project = register(inspector)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert f'data-system="{System.WAGE_ACCOUNT}" data-status="{Status.MISSING}"' in html
    assert "《保障农民工工资支付条例》第二十六条" in html
    assert 'data-testid="form-account"' in html and 'data-testid="form-start"' not in html


def test_an_action_refused_in_place_then_done(client, inspector):
    client.force_login(inspector)
    project = register(inspector)
    url = reverse("projects:act", args=[project.pk, "deposit"])
    response = client.post(url, {"deposit-form": "exempt", "deposit-exemption_reason": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-field="exemption_reason"' in html and "act-deposit" in html
    response = client.post(
        url, {"deposit-form": "exempt", "deposit-exemption_reason": "合同额较小且上年度无拖欠"}
    )
    assert response.status_code == 302
    assert ProjectSystem.objects.get(project=project, system=System.DEPOSIT).status == Status.EXEMPT


def test_notice_board_photo_upload_moves_the_status_and_downloads(client, inspector):
    client.force_login(inspector)
    project = register(inspector)
    upload = SimpleUploadedFile("告示牌.html", PNG, content_type="text/html")
    response = client.post(
        reverse("projects:act", args=[project.pk, "evidence"]),
        {"evidence-system": "notice", "evidence-file": upload, "evidence-note": "大门口"},
    )
    assert response.status_code == 302
    assert (
        ProjectSystem.objects.get(project=project, system=System.NOTICE_BOARD).status
        == Status.IN_PLACE
    )
    evidence = Evidence.objects.get()
    download = client.get(reverse("projects:evidence", args=[project.pk, evidence.pk]))
    assert download["Content-Type"] == "image/png" and "filename" in download["Content-Disposition"]
    assert (
        ".png" in download["Content-Disposition"] and ".html" not in download["Content-Disposition"]
    )
    bad = client.post(
        reverse("projects:act", args=[project.pk, "evidence"]),
        {"evidence-system": "notice", "evidence-file": SimpleUploadedFile("x.png", b"<html>")},
    )
    assert bad.status_code == 422 and 'data-field="file"' in bad.content.decode()


def test_rates_count_projects_applying_every_system(client, inspector, make_user):
    done = register(inspector, 1, labour_officer="王五")
    register(inspector, 2)
    Project.objects.filter(pk=done.pk).update(applies_all=True)
    chengdu = make_user("chengdu-taskforce", Role.SUPERVISOR, "510100")
    client.force_login(chengdu)
    html = client.get(reverse("projects:rates")).content.decode()
    assert 'data-region="510107"' in html and "50.0%" in html


def test_a_liaison_reads_its_departments_projects_and_changes_nothing(client, inspector, make_user):
    housing = register(inspector, 1)
    transport = register(inspector, 2, department="transport")
    liaison = make_user("wh-housing", Role.LIAISON, "510107", kind="housing")
    client.force_login(liaison)
    html = client.get(reverse("projects:list")).content.decode()
    assert f'data-project="{housing.pk}"' in html and f'data-project="{transport.pk}"' not in html
    assert client.get(reverse("projects:detail", args=[transport.pk])).status_code == 404
    page = client.get(reverse("projects:detail", args=[housing.pk])).content.decode()
    assert 'data-testid="actions"' not in page
    assert client.post(reverse("projects:act", args=[housing.pk, "suspend"])).status_code == 403


def test_a_construction_clue_links_to_the_project_it_names(client, inspector):
    from tests import factories
    from wageguard.clues.models import Clue

    project = register(inspector, 1, general_contractor_credit_code=GC_CODE)
    other = register(inspector, 2)
    site = "成都市武侯区人民南路四段 9 号"
    by_code = factories.clue_intake(
        factories.clue_submission(
            employer_name="某劳务公司", employer_credit_code=GC_CODE, work_address=site
        )
    ).clue
    by_name = factories.clue_intake(
        factories.clue_submission(
            employer_name="不相干的公司", project_name="武侯安置房2期", work_address=site
        )
    ).clue
    unlinked = factories.clue_intake(factories.clue_submission(employer_name="不相干的公司")).clue
    assert (by_code.project_id, by_name.project_id, unlinked.project_id) == (
        project.pk,
        other.pk,
        None,
    )
    assert "信用代码" in by_code.project_match
    client.force_login(inspector)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert by_code.tracking_code in page and by_name.tracking_code not in page
    clue_page = client.get(reverse("clues:detail", args=[by_code.pk])).content.decode()
    assert 'data-testid="linked-project"' in clue_page and project.name in clue_page
    assert Clue.objects.filter(project=other).count() == 1


def test_the_province_sees_its_prefectures_on_a_map(client, inspector, make_user):
    import gzip
    import json

    register(inspector, 1)
    province = make_user("sc-taskforce", Role.TASKFORCE, "510000")
    client.force_login(province)
    html = client.get(reverse("projects:rates")).content.decode()
    assert 'data-testid="rates-map"' in html and 'id="rate-rows"' in html
    assert "vendor/echarts/echarts.min.js" in html
    rows = json.loads(
        html.split('id="rate-rows" type="application/json">')[1].split("</script>")[0]
    )
    assert {"code": "510100", "name": "成都市", "rate": "0.0", "total": 1, "applied": 0} in rows
    plain = client.get(reverse("regions:map", args=["51"]))
    geo = json.loads(plain.content)
    assert len(geo["features"]) == 21
    assert {f["properties"]["code"] for f in geo["features"]} >= {"510100", "513200"}
    zipped = client.get(reverse("regions:map", args=["51"]), HTTP_ACCEPT_ENCODING="gzip")
    assert (
        zipped["Content-Encoding"] == "gzip" and json.loads(gzip.decompress(zipped.content)) == geo
    )
    assert client.get(reverse("regions:map", args=["99"])).status_code == 404
    # A county's page has the table only.
    client.force_login(inspector)
    assert 'data-testid="rates-map"' not in client.get(reverse("projects:rates")).content.decode()
