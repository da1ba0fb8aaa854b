"""The projects API: pushed by code (create or update), listed with each system's status."""

import pytest

from wageguard.org import services as org_services
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects.models import Project
from wageguard.projects.rules import System

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects"


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def bearer(user) -> dict:
    _token, key = org_services.create_token(None, user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def wuhou(make_user):
    return bearer(make_user("wuhou", Role.INSPECTOR, "510107"))


def body(**over) -> dict:
    return {
        "code": "HP-2026-0001",
        "name": "武侯区人民南路安置房项目",
        "site_address": "成都市武侯区人民南路四段 9 号",
        "developer_name": "成都城投置业有限公司",
        "general_contractor_name": "四川华西建工有限公司",
        "funding": "government",
        "contract_value": "128000000.00",
        "started_on": "2026-01-10",
        "state": "construction",
        **over,
    }


def post(client, headers, **over):
    return client.post(URL, body(**over), content_type="application/json", **headers)


def test_push_creates_then_updates_by_code(client, wuhou):
    first = post(client, wuhou)
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["region"] == "510107" and data["state"] == "construction"
    assert {s["system"] for s in data["systems"]} == set(System.values)
    account = next(s for s in data["systems"] if s["system"] == "account")
    assert account["status"] == "missing" and account["article"] == "724.26"
    again = post(client, wuhou, labour_officer="李四")
    assert again.status_code == 200 and again.json()["labour_officer"] == "李四"
    assert Project.objects.count() == 1


def test_bad_input_is_a_422_naming_the_field(client, wuhou):
    response = post(client, wuhou, site_address="某某工地")
    assert response.status_code == 422 and response.json()["field"] == "site_address"
    response = post(client, wuhou, labour_cost_share="150")
    assert response.status_code == 422 and response.json()["field"] == "labour_cost_share"
    assert not Project.objects.exists()


def test_list_filters_and_pages_in_fixed_queries(client, wuhou, make_user, query_baseline):
    for n in range(3):
        post(client, wuhou, code=f"HP-{n}", department="transport" if n == 2 else "housing")
    with query_baseline("projects.api_list_3"):
        page = client.get(URL, **wuhou).json()
    assert page["count"] == 3 and all(len(i["systems"]) == 6 for i in page["items"])
    transport = client.get(URL, {"department": "transport"}, **wuhou).json()
    assert [i["code"] for i in transport["items"]] == ["HP-2"]
    gaps = client.get(URL, {"system": "account", "status": "gap"}, **wuhou).json()
    assert gaps["count"] == 3
    other = bearer(make_user("jinjiang", Role.INSPECTOR, "510104"))
    assert client.get(URL, **other).json()["count"] == 0
    pid = page["items"][0]["id"]
    assert client.get(f"{URL}/{pid}", **other).status_code == 404
    assert post(client, other, code="HP-0").status_code == 403
