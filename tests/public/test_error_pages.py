"""Error pages in Chinese wherever they are served (DEBUG off, as in production): the public
layout for visitors, the staff layout for staff, and the API keeps its JSON shape."""

import pytest
from django.test import Client, override_settings

from wageguard.org.rules import Role
from wageguard.portal import landing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_production_errors")]

ENGLISH = ("Not Found", "Server Error", "Bad Request", "Forbidden", "CSRF verification")


@pytest.fixture
def _production_errors():
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        yield


def chinese(html: str) -> None:
    assert 'data-testid="error-title"' in html
    for words in ENGLISH:
        assert words not in html, words


@pytest.mark.parametrize(
    "url", ["/no-such-page/", "/report/no-such-step/", "/public/publications/999999/"]
)
def test_a_missing_public_page_is_a_chinese_404_in_the_public_layout(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    chinese(html)
    assert "页面不存在" in html and 'data-testid="public-header"' in html
    assert 'href="/report/"' in html and 'href="tel:12333"' in html


def test_a_missing_staff_page_is_a_chinese_404_in_the_staff_layout(client, make_user):
    client.force_login(make_user("pub-404-inspector", Role.INSPECTOR, "510107"))
    response = client.get("/clues/999999999/")
    assert response.status_code == 404
    html = response.content.decode()
    chinese(html)
    assert "页面不存在" in html and "不在您的辖区内" in html
    assert 'data-testid="user-menu"' in html and 'data-testid="public-header"' not in html


def test_the_api_keeps_json_errors(client):
    response = client.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    response = client.get("/api/v1/public/publications", HTTP_HOST="evil.example")
    assert response.status_code == 400 and response.json()["code"] == "bad_request"


def test_a_failure_is_a_chinese_500(monkeypatch):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(landing, "public_links", broken)
    response = Client(raise_request_exception=False).get("/public/")
    assert response.status_code == 500
    html = response.content.decode()
    chinese(html)
    assert "服务器内部错误" in html and 'href="tel:12333"' in html and 'href="/"' in html


def test_a_bad_request_is_a_chinese_400():
    response = Client().get("/public/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    chinese(response.content.decode())
    assert "请求无效" in response.content.decode()


def test_a_refusal_is_a_chinese_403_in_the_staff_layout(client, make_user):
    client.force_login(make_user("pub-403-inspector", Role.INSPECTOR, "510107"))
    response = client.get("/agencies/new/")
    assert response.status_code == 403
    html = response.content.decode()
    chinese(html)
    assert "无权访问" in html and 'data-testid="user-menu"' in html


def test_an_expired_form_is_a_chinese_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/report/track/", {"code": "X", "secret": "Y"})
    assert response.status_code == 403
    html = response.content.decode()
    chinese(html)
    assert "页面已过期" in html
