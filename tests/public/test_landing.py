"""The public landing page: at the site root for anyone not signed in, every link answering."""

import re

import pytest
from django.urls import reverse

from wageguard.org.rules import Role
from wageguard.portal import landing

pytestmark = pytest.mark.django_db

LINKS = {
    "landing-report": "我要反映欠薪",
    "landing-track": "查询办理进度",
    "landing-12333": "拨打 12333",
    "landing-credit-list": "失信名单",
    "landing-publications": "重大违法行为公布",
    "landing-staff-login": "工作人员登录",
}


def hrefs(html: str) -> dict[str, str]:
    """data-testid -> href of the landing page's links."""
    found = {}
    for tag in re.findall(r"<a [^>]*>", html):
        testid = re.search(r'data-testid="([^"]+)"', tag)
        href = re.search(r'href="([^"]+)"', tag)
        if testid and href:
            found[testid.group(1)] = href.group(1)
    return found


@pytest.mark.parametrize("url", ["/", "/public/"])
def test_the_landing_page_is_public_and_says_what_to_do(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for label in LINKS.values():
        assert label in html
    assert 'href="tel:12333"' in html
    assert 'name="viewport"' in html
    assert "<script" not in html  # works without JavaScript: there is none
    assert 'data-testid="public-header"' in html


def test_every_landing_link_answers_anonymously(client):
    links = hrefs(client.get("/").content.decode())
    assert set(LINKS) <= set(links)
    assert links["landing-12333"] == "tel:12333"
    for testid, href in links.items():
        if href.startswith("tel:"):
            continue
        # /report/ redirects to the report's first step.
        assert client.get(href, follow=True).status_code == 200, (testid, href)


def test_staff_still_get_their_home_at_the_root(client, make_user):
    client.force_login(make_user("pub-home-inspector", Role.INSPECTOR, "510107"))
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="welcome"' in html and "landing-report" not in html
    # The landing page stays reachable for staff, to see or share it.
    assert "landing-report" in client.get("/public/").content.decode()
    assert reverse("home") == "/"


def test_login_redirects_to_the_staff_home(client, make_user):
    from wageguard.demo.province import demo_password

    user = make_user("pub-login-inspector", Role.INSPECTOR, "510107")
    user.set_password(demo_password())
    user.save()
    response = client.post(
        "/login/", {"username": user.username, "password": demo_password()}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert 'data-testid="welcome"' in response.content.decode()


def test_the_typical_cases_link_appears_once_its_page_exists(client):
    assert landing.optional_url("no-such-route") is None
    html = client.get("/").content.decode()
    assert hrefs(html)["landing-typical-cases"] == "/public/typical-cases/"
    assert "典型案例" in html


def test_the_landing_page_has_no_typical_cases_link_without_the_page(client, monkeypatch):
    monkeypatch.setattr(landing, "optional_url", lambda name: None)
    assert "landing-typical-cases" not in client.get("/").content.decode()
