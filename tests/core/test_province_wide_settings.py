"""Settings that hold for the whole province (its configurable limits and the working-day
calendar) are changed by a province administrator only (issue 10, finding 3): a county
administrator who saved a holiday year moved every deadline in the province. The walker finds
every settings route, so a new one cannot be left out."""

import datetime as dt

import pytest
from django.urls import get_resolver, reverse

from tests import factories
from wageguard.core.models import AuditEvent, HolidayYear
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

PROVINCE_WIDE = {
    "holiday-years",
    "clue-settings",
    "cases:threshold-settings",
    "credit:settings",
    "publication:settings",
    "projects:warning-settings",
    "projects:feed-settings",
    "projects:deposit-settings",
    "campaigns:assignment-settings",
}


def _names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_the_walker_knows_every_settings_route():
    found = {n for n in _names(get_resolver()) if "settings" in n or "holiday" in n}
    assert found == PROVINCE_WIDE


@pytest.fixture
def admins():
    create_agencies("51")
    return {
        "county": factories.user("county-admin", Role.ADMIN, "510107"),
        "city": factories.user("city-admin", Role.ADMIN, "510100"),
        "province": factories.user("prov-admin", Role.ADMIN, "510000"),
    }


@pytest.mark.parametrize("name", sorted(PROVINCE_WIDE))
@pytest.mark.parametrize("level", ["county", "city"])
def test_a_city_or_county_administrator_cannot_change_it(client, admins, name, level):
    client.force_login(admins[level])
    audited = AuditEvent.objects.count()
    response = client.post(reverse(name), {"year": "2031", "holidays": "2031-01-01"})
    assert response.status_code == 403
    assert AuditEvent.objects.count() == audited
    assert client.get(reverse(name)).status_code == 200  # still readable


@pytest.mark.parametrize("name", sorted(PROVINCE_WIDE))
def test_a_province_administrator_may(client, admins, name):
    client.force_login(admins["province"])
    response = client.post(reverse(name), {})
    assert response.status_code in (200, 302)  # the form answers (errors in place), no refusal


def test_a_county_administrator_cannot_save_or_delete_a_holiday_year(client, admins):
    HolidayYear.objects.create(year=2031, holidays=["2031-01-01"], makeup_workdays=[])
    client.force_login(admins["county"])
    page = client.get(reverse("holiday-years"))
    assert "只能由省级管理员" in page.content.decode()
    assert 'name="delete"' not in page.content.decode()
    assert client.post(reverse("holiday-years"), {"delete": "2031"}).status_code == 403
    assert HolidayYear.objects.filter(year=2031).exists()


def test_a_province_administrator_saves_a_holiday_year(client, admins):
    client.force_login(admins["province"])
    response = client.post(
        reverse("holiday-years"),
        {"year": "2031", "holidays": "2031-01-01", "makeup_workdays": "", "note": ""},
    )
    assert response.status_code == 302
    assert HolidayYear.objects.get(year=2031).holidays == [dt.date(2031, 1, 1).isoformat()]
