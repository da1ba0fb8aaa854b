"""Pages (list with filters, record form, ledger with SLA, actions), the overview's counts and its
constant query count, and the API under /api/v1/channel-checks."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wageguard.campaigns.models import LedgerItem
from wageguard.inspections import overview, services
from wageguard.inspections.models import ChannelCheck
from wageguard.org import services as org_services
from wageguard.org.bootstrap import ensure_agency
from wageguard.org.rules import Role
from wageguard.regions.models import Region

from .conftest import call_data

pytestmark = pytest.mark.django_db


def _form(agency, **overrides) -> dict:
    data = {
        "agency": agency.pk,
        "kind": "test_call",
        "channel": "hotline_12333",
        "performed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "contact": "028-12333",
        "answered": "0",
        "handled_correctly": "",
        "response_seconds": "",
        "notes": "无人接听",
    }
    data.update(overrides)
    return data


def test_record_form_offers_only_the_jurisdiction_and_records_a_failed_check(client, people):
    client.force_login(people["chengdu_supervisor"])
    page = client.get(reverse("inspections:check-create")).content.decode()
    assert "武侯区人力资源和社会保障局" in page and "锦江区人力资源和社会保障局" in page
    assert "自贡市" not in page
    assert "10 个工作日" in page  # the configurable limit is shown
    wuhou = people["wuhou_inspector"].agency
    response = client.post(reverse("inspections:check-create"), _form(wuhou))
    check = ChannelCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:check-detail", args=[check.pk])
    assert check.result == "failed" and check.ledger_item.state == "open"
    detail = client.get(response["Location"]).content.decode()
    assert "不合格" in detail and check.ledger_item.due_date.isoformat() in detail


def test_record_form_errors_name_the_field(client, people):
    client.force_login(people["chengdu_supervisor"])
    wuhou = people["wuhou_inspector"].agency
    page = client.post(
        reverse("inspections:check-create"), _form(wuhou, answered="1", channel="window")
    ).content.decode()
    assert 'data-field="channel"' in page
    page = client.post(
        reverse("inspections:check-create"), _form(wuhou, answered="1")
    ).content.decode()
    assert 'data-field="handled_correctly"' in page
    foreign = people["zigong_supervisor"].agency
    page = client.post(reverse("inspections:check-create"), _form(foreign)).content.decode()
    assert 'data-field="agency"' in page
    assert not ChannelCheck.objects.exists()


def test_clerk_and_liaison_cannot_open_the_pages(client, people, make_user):
    for user in (people["chengdu_clerk"], make_user("liaison", Role.LIAISON, "510100")):
        client.force_login(user)
        for name in ("inspections:check-list", "inspections:check-create", "inspections:overview"):
            assert client.get(reverse(name)).status_code == 403


def test_check_list_filters(client, people):
    checker, wuhou = people["chengdu_supervisor"], people["wuhou_inspector"].agency
    jinjiang = people["jinjiang_supervisor"].agency
    services.record_check(checker, **call_data(wuhou, contact="failed-wuhou"))
    services.record_check(
        checker,
        **call_data(jinjiang, contact="passed-jinjiang", answered=True, handled_correctly=True),
    )
    services.record_check(
        checker,
        **call_data(
            wuhou,
            contact="old-window",
            kind="undercover_visit",
            channel="window",
            performed_at=timezone.now() - dt.timedelta(days=40),
        ),
    )
    client.force_login(checker)
    url = reverse("inspections:check-list")

    def rows(params=None) -> str:
        body = client.get(url, params or {}).content.decode()
        return body.split("<tbody>")[1].split("</tbody>")[0]

    assert rows().count("<tr>") == 3
    body = rows({"result": "passed"})
    assert "锦江区" in body and "武侯区" not in body
    body = rows({"channel": "window"})
    assert "暗访窗口" in body and "电话测试" not in body
    body = rows({"agency": wuhou.pk})
    assert body.count("武侯区") == 2 and "锦江区" not in body
    since = (timezone.localdate() - dt.timedelta(days=7)).isoformat()
    assert "没有符合条件的暗访记录" in rows({"date_from": since, "channel": "window"})
    assert rows({"date_from": since, "kind": "test_call"}).count("<tr>") == 2
    assert "没有符合条件的暗访记录" in rows({"date_from": "not-a-date"})


def test_jinjiang_sees_nothing_of_wuhou_and_chengdu_does(client, people):
    check = services.record_check(
        people["chengdu_supervisor"], **call_data(people["wuhou_inspector"].agency)
    )
    client.force_login(people["jinjiang_supervisor"])
    assert client.get(reverse("inspections:check-detail", args=[check.pk])).status_code == 404
    client.force_login(people["chengdu_supervisor"])
    detail = client.get(reverse("inspections:check-detail", args=[check.pk])).content.decode()
    assert f'href="/campaigns/ledger/{check.ledger_item_id}/"' in detail


def test_the_old_ledger_addresses_move_permanently_to_the_campaigns_ledger(client, people):
    item = services.record_check(
        people["chengdu_supervisor"], **call_data(people["wuhou_inspector"].agency)
    ).ledger_item
    client.force_login(people["chengdu_supervisor"])
    listed = client.get("/inspections/findings/", {"state": "open"})
    assert listed.status_code == 301 and listed["Location"] == "/campaigns/ledger/?state=open"
    one = client.get(f"/inspections/findings/{item.pk}/")
    assert one.status_code == 301 and one["Location"] == f"/campaigns/ledger/{item.pk}/"


def test_overview_counts_per_agency(client, people):
    checker = people["chengdu_supervisor"]
    wuhou = people["wuhou_inspector"].agency
    jinjiang = people["jinjiang_supervisor"].agency
    for _ in range(3):
        services.record_check(checker, **call_data(wuhou))
    services.record_check(checker, **call_data(wuhou, answered=True, handled_correctly=True))
    services.record_check(checker, **call_data(jinjiang, answered=True, handled_correctly=True))
    first = LedgerItem.objects.filter(agency=wuhou).order_by("pk").first()
    LedgerItem.objects.filter(pk=first.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    closed = LedgerItem.objects.filter(agency=wuhou).order_by("pk").last()
    LedgerItem.objects.filter(pk=closed.pk).update(state="closed")
    rows = {
        r.agency.region_id: r for r in overview.agency_rows(checker, today=timezone.localdate())
    }
    assert len(rows) == 3  # 成都市, 锦江区, 武侯区: the bureaus that exist in the jurisdiction
    w = rows["510107"]
    assert (w.checks, w.failed, w.passed, w.open_findings, w.overdue) == (4, 3, 1, 2, 1)
    assert w.pass_rate == 25.0
    j = rows["510104"]
    assert (j.checks, j.failed, j.open_findings, j.overdue, j.pass_rate) == (1, 0, 0, 0, 100.0)
    assert rows["510100"].checks == 0 and rows["510100"].pass_rate is None
    totals = overview.totals(list(rows.values()))
    assert totals["checks"] == 5 and totals["failed"] == 3 and totals["unchecked"] == 1
    # A county sees its own line only; a date range limits the checks counted.
    own = overview.agency_rows(people["wuhou_inspector"], today=timezone.localdate())
    assert [r.agency.region_id for r in own] == ["510107"]
    later = overview.agency_rows(
        checker, today=timezone.localdate(), date_from=timezone.localdate() + dt.timedelta(days=1)
    )
    assert sum(r.checks for r in later) == 0
    page = client.get(reverse("inspections:overview"))
    assert page.status_code == 302  # login required
    client.force_login(checker)
    body = client.get(reverse("inspections:overview"), {"level": "county"}).content.decode()
    assert "武侯区人力资源和社会保障局" in body and "25.0%" in body
    assert f'data-agency="{wuhou.pk}"' in body
    assert f'data-agency="{checker.agency_id}"' not in body  # the city's own line is filtered


def _populate(n: int, checker) -> None:
    counties = Region.objects.filter(province_code="51", level="county").order_by("code")[:n]
    for region in counties:
        agency = ensure_agency(region)
        services.record_check(checker, **call_data(agency))
        services.record_check(checker, **call_data(agency, answered=True, handled_correctly=True))


def test_overview_query_count_does_not_grow_with_agencies(client, make_user, query_baseline):
    viewer = make_user("sc-viewer", Role.TASKFORCE, "510000")
    client.force_login(viewer)
    url = reverse("inspections:overview")
    _populate(3, viewer)
    client.get(url)  # warm caches (session, jurisdiction, calendar)
    with CaptureQueriesContext(connection) as few:
        body = client.get(url).content.decode()
    assert body.count("data-agency=") >= 3
    _populate(30, viewer)
    with query_baseline("inspections.overview_page") as many:
        body = client.get(url).content.decode()
    assert body.count("data-agency=") >= 30
    assert len(many) == len(few)
    rows_query = [q for q in many.captured_queries if "inspections_channelcheck" in q["sql"]]
    assert len(rows_query) == 1


def _bearer(user) -> dict:
    _token, key = org_services.create_token(None, user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_api_create_and_list(client, people):
    checker = people["chengdu_supervisor"]
    wuhou = people["wuhou_inspector"].agency
    headers = _bearer(checker)
    created = client.post(
        "/api/v1/channel-checks",
        {
            "kind": "test_call",
            "channel": "hotline_local",
            "agency": wuhou.pk,
            "contact": "028-85551234",
            "answered": False,
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["result"] == "failed" and body["region"] == "510107"
    assert body["ledger_item"]["state"] == "open" and body["ledger_item"]["due_date"]
    passed = client.post(
        "/api/v1/channel-checks",
        {
            "kind": "online_test",
            "channel": "online",
            "agency": wuhou.pk,
            "contact": "https://example.invalid/complaint",
            "answered": True,
            "handled_correctly": True,
            "performed_at": "2025-01-04T10:00:00+08:00",
        },
        content_type="application/json",
        **headers,
    )
    assert passed.status_code == 201 and passed.json()["ledger_item"] is None
    listing = client.get("/api/v1/channel-checks", {"limit": 1}, **headers).json()
    assert listing["count"] == 2 and len(listing["items"]) == 1
    assert listing["items"][0]["id"] == body["id"]  # newest first
    failed = client.get("/api/v1/channel-checks", {"result": "failed"}, **headers).json()
    assert [i["id"] for i in failed["items"]] == [body["id"]]
    one = client.get(f"/api/v1/channel-checks/{body['id']}", **headers)
    assert one.status_code == 200 and one.json()["agency_name"] == wuhou.name
    # 锦江区 sees none of it.
    other = _bearer(people["jinjiang_supervisor"])
    assert client.get("/api/v1/channel-checks", **other).json()["count"] == 0
    assert client.get(f"/api/v1/channel-checks/{body['id']}", **other).status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"answered": True}, "handled_correctly"),
        ({"response_seconds": -5}, "response_seconds"),
        ({"agency": 999999}, "agency"),
        ({"kind": "test_call", "channel": "window"}, "channel"),
        ({"performed_at": "2025-01-04T10:00:00"}, "performed_at"),
        ({"contact": ""}, "contact"),
    ],
)
def test_api_validation_names_the_field(client, people, payload, field):
    data = {
        "kind": "test_call",
        "channel": "hotline_12333",
        "agency": people["wuhou_inspector"].agency.pk,
        "contact": "12333",
        "answered": False,
    }
    data.update(payload)
    response = client.post(
        "/api/v1/channel-checks",
        data,
        content_type="application/json",
        **_bearer(people["chengdu_supervisor"]),
    )
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert response.json()["code"] == "validation_error"
    assert not ChannelCheck.objects.exists()


def test_api_refuses_other_jurisdictions_and_roles(client, people):
    data = {
        "kind": "test_call",
        "channel": "hotline_12333",
        "agency": people["wuhou_inspector"].agency.pk,
        "contact": "12333",
        "answered": False,
    }
    outside = client.post(
        "/api/v1/channel-checks",
        data,
        content_type="application/json",
        **_bearer(people["jinjiang_supervisor"]),
    )
    assert outside.status_code == 422 and outside.json()["field"] == "agency"
    clerk = client.post(
        "/api/v1/channel-checks",
        data,
        content_type="application/json",
        **_bearer(people["chengdu_clerk"]),
    )
    assert clerk.status_code == 403 and clerk.json()["code"] == "forbidden"
    assert (
        client.get("/api/v1/channel-checks", **_bearer(people["chengdu_clerk"])).status_code == 403
    )
    assert client.get("/api/v1/channel-checks").status_code == 401
    assert not ChannelCheck.objects.exists()
