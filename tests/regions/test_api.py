"""/api/v1/regions: shapes, errors in the one JSON form, authentication, and the OpenAPI record."""

import pytest

from wageguard.regions.api import MAX_BATCH

pytestmark = pytest.mark.django_db

KEYS = {"code", "name", "level", "parent"}


def test_anonymous_requests_are_refused(client):
    for response in (
        client.get("/api/v1/regions/510107"),
        client.get("/api/v1/regions/510100/children"),
        client.post(
            "/api/v1/regions/route", {"addresses": ["郫县"]}, content_type="application/json"
        ),
    ):
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"


def test_detail(staff_client):
    body = staff_client.get("/api/v1/regions/510107").json()
    assert body == {"code": "510107", "name": "武侯区", "level": "county", "parent": "510100"}
    province = staff_client.get("/api/v1/regions/510000").json()
    assert province == {"code": "510000", "name": "四川省", "level": "province", "parent": None}


def test_children(staff_client):
    items = staff_client.get("/api/v1/regions/510100/children").json()
    assert len(items) == 20 and all(set(i) == KEYS for i in items)
    assert {"code": "510117", "name": "郫都区", "level": "county", "parent": "510100"} in items
    assert [i["code"] for i in items] == sorted(i["code"] for i in items)
    prefectures = staff_client.get("/api/v1/regions/510000/children").json()
    assert len(prefectures) == 21 and {i["level"] for i in prefectures} == {"city"}
    beijing = staff_client.get("/api/v1/regions/110000/children").json()
    assert {"code": "110105", "name": "朝阳区", "level": "county", "parent": "110000"} in beijing
    assert staff_client.get("/api/v1/regions/510107/children").json() == []


@pytest.mark.parametrize("url", ["/api/v1/regions/999999", "/api/v1/regions/abc/children"])
def test_unknown_code_is_404_json(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "行政区划不存在", "field": "code"}


def test_route_keeps_order_and_shape(staff_client):
    addresses = ["凉山州会理县", "北京市朝阳区", "乱码", "成都市高新区", "郫县"]
    response = staff_client.post(
        "/api/v1/regions/route", {"addresses": addresses}, content_type="application/json"
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["address"] for r in results] == addresses
    assert [r["code"] for r in results] == ["513402", "110105", None, "510100", "510117"]
    assert results[0] == {
        "address": "凉山州会理县",
        "code": "513402",
        "name": "会理市",
        "level": "county",
        "confidence": 0.95,
    }
    assert results[2] == {
        "address": "乱码",
        "code": None,
        "name": None,
        "level": None,
        "confidence": 0.0,
    }


def test_route_province_hint(staff_client):
    def first(province):
        body = {"addresses": ["江北区"], "province": province}
        response = staff_client.post("/api/v1/regions/route", body, content_type="application/json")
        return response.json()["results"][0]["code"]

    assert (first("50"), first("33")) == ("500157", "330205")


def test_route_batch_cap_names_the_field(staff_client):
    body = {"addresses": ["郫县"] * (MAX_BATCH + 1)}
    response = staff_client.post("/api/v1/regions/route", body, content_type="application/json")
    assert response.status_code == 422
    error = response.json()
    assert error["field"] == "addresses" and str(MAX_BATCH) in error["message"]
    body = {"addresses": ["郫县"] * MAX_BATCH}
    response = staff_client.post("/api/v1/regions/route", body, content_type="application/json")
    assert response.status_code == 200 and len(response.json()["results"]) == MAX_BATCH


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"addresses": ["成都" * 300]}, "addresses"),
        ({"addresses": "郫县"}, "addresses"),
        ({}, "addresses"),
        ({"addresses": ["郫县"], "province": "5"}, "province"),
    ],
)
def test_route_bad_input_is_422_naming_the_field(staff_client, body, field):
    response = staff_client.post("/api/v1/regions/route", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_bearer_token_works(staff):
    from django.test import Client

    from wageguard.org import services

    _token, key = services.create_token(None, staff, "regions-test")
    response = Client().get("/api/v1/regions/510107", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["name"] == "武侯区"


def test_openapi_documents_the_routes(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/regions/{code}", "/api/v1/regions/{code}/children"} <= set(spec["paths"])
    route = spec["paths"]["/api/v1/regions/route"]["post"]
    assert route["security"]
    schemas = spec["components"]["schemas"]
    addresses = schemas["RouteIn"]["properties"]["addresses"]
    assert addresses["maxItems"] == MAX_BATCH and addresses["description"]
    assert schemas["RouteResultOut"]["properties"]["confidence"]["description"]
    assert schemas["RegionOut"]["properties"]["parent"]["description"]
