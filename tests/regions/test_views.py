"""The region browser and its address-routing test form."""

import pytest

pytestmark = pytest.mark.django_db


def test_login_required(client):
    for url in ("/regions/", "/regions/510100/", "/regions/510100/?address=郫县"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_provinces_with_the_configured_one_first(staff_client):
    page = staff_client.get("/regions/").content.decode()
    assert "四川省" in page and "/regions/510000/" in page and "北京市" in page
    assert page.index("四川省") < page.index("北京市")


def test_division_page_shows_breadcrumb_children_and_aliases(staff_client):
    page = staff_client.get("/regions/510117/").content.decode()
    assert "郫都区" in page and "/regions/510100/" in page and "/regions/510000/" in page
    assert "郫县" in page  # its former name
    city = staff_client.get("/regions/510100/").content.decode()
    assert "510107" in city and "武侯区" in city and "县级" in city


def test_unknown_division_is_404(staff_client):
    assert staff_client.get("/regions/999999/").status_code == 404


def test_route_form_shows_result(staff_client):
    page = staff_client.get("/regions/510000/", {"address": "凉山州会理县城关镇"}).content.decode()
    assert 'data-testid="route-result"' in page and "会理市" in page and "513402" in page
    city = staff_client.get("/regions/", {"address": "成都市高新区"}).content.decode()
    assert "510100" in city and "请人工核实" in city
    none = staff_client.get("/regions/", {"address": "不知道"}).content.decode()
    assert "未能从该地址识别出行政区划" in none


def test_route_form_htmx_returns_the_fragment(staff_client):
    response = staff_client.get("/regions/", {"address": "郫县"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "510117" in body


def test_route_form_rejects_bad_province(staff_client):
    page = staff_client.get("/regions/", {"address": "郫县", "province": "x"}).content.decode()
    assert 'data-field="province"' in page and "两位数字" in page
