"""Ledger pages and API: jurisdiction, the actions offered, errors in place, filters, a constant
query count, the Excel export (one sheet per county) and the transitions endpoint."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from wageguard.campaigns.models import LedgerItem
from wageguard.inspections import services as inspections
from wageguard.org import services as org_services

from .conftest import call_data, png

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    _token, key = org_services.create_token(None, user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_other_counties_see_nothing_and_cannot_act(client, people, item):
    client.force_login(people["jinjiang_supervisor"])
    assert client.get(f"/campaigns/ledger/{item.pk}/").status_code == 404
    assert "武侯区" not in client.get("/campaigns/ledger/").content.decode()
    acted = client.post(f"/campaigns/ledger/{item.pk}/act/rectify/", {"rectify-note": "x"})
    assert acted.status_code == 404
    client.force_login(people["chengdu_supervisor"])
    ledger = client.get("/campaigns/ledger/").content.decode()
    assert "武侯区人力资源和社会保障局" in ledger and 'data-sla="on_time"' in ledger


def test_the_item_page_offers_only_what_is_allowed_and_keeps_refused_input(client, people, item):
    url = f"/campaigns/ledger/{item.pk}/"
    client.force_login(people["wuhou_inspector"])
    page = client.get(url).content.decode()
    assert 'data-testid="form-rectify"' in page and 'data-testid="form-verify_close"' not in page
    assert client.post(f"{url}act/verify_close/", {"verify_close-note": "x"}).status_code == 403
    refused = client.post(f"{url}act/rectify/", {"rectify-note": ""})
    assert refused.status_code == 422 and 'data-field="note"' in refused.content.decode()
    done = client.post(f"{url}act/rectify/", {"rectify-note": "已整改", "rectify-file": png()})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.state == "rectified" and item.evidence.count() == 1
    evidence = item.evidence.get()
    assert client.get(f"{url}evidence/{evidence.pk}/").status_code == 200
    client.force_login(people["chengdu_supervisor"])
    page = client.get(url).content.decode()
    assert 'data-testid="form-verify_close"' in page and 'data-testid="form-return"' in page
    assert client.post(f"{url}act/bogus/").status_code == 404
    item.evidence.all().delete()
    refused = client.post(f"{url}act/verify_close/", {"verify_close-note": "同意销号"})
    body = refused.content.decode()
    assert refused.status_code == 422 and "缺少整改佐证材料" in body and "同意销号" in body
    client.force_login(people["wuhou_inspector"])
    client.post(f"{url}act/evidence/", {"evidence-file": png(), "evidence-note": "复测截图"})
    client.force_login(people["chengdu_supervisor"])
    assert client.post(f"{url}act/verify_close/", {"verify_close-note": "同意"}).status_code == 302
    item.refresh_from_db()
    assert item.state == "closed"
    assert client.get(f"{url}act/verify_close/").status_code == 405


def test_filters_by_deadline_state_source_and_region(client, people):
    wuhou, checker = people["wuhou_inspector"].agency, people["chengdu_supervisor"]
    late = inspections.record_check(checker, **call_data(wuhou)).ledger_item
    LedgerItem.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(1))
    soon = inspections.record_check(checker, **call_data(wuhou)).ledger_item
    LedgerItem.objects.filter(pk=soon.pk).update(due_date=timezone.localdate())
    fresh = inspections.record_check(checker, **call_data(wuhou)).ledger_item
    jinjiang = inspections.record_check(
        checker, **call_data(people["jinjiang_supervisor"].agency)
    ).ledger_item
    client.force_login(checker)

    def ids(**params):
        body = client.get("/campaigns/ledger/", params).content.decode()
        every = (late, soon, fresh, jinjiang)
        return {i.pk for i in every if f'href="/campaigns/ledger/{i.pk}/"' in body}

    assert ids(sla="overdue") == {late.pk}
    assert ids(sla="due_soon") == {soon.pk}
    assert ids(sla="on_time") == {fresh.pk, jinjiang.pk}
    assert ids(region="510104") == {jinjiang.pk}
    assert ids(region="510100") == {late.pk, soon.pk, fresh.pk, jinjiang.pk}
    assert ids(source="warning") == set()
    assert ids(campaign="999999") == set()


def test_the_list_runs_a_constant_number_of_queries(client, people, query_baseline):
    checker = people["chengdu_supervisor"]
    client.force_login(checker)
    inspections.record_check(checker, **call_data(people["wuhou_inspector"].agency))
    client.get("/campaigns/ledger/")
    with query_baseline("campaigns.ledger_list") as few:
        client.get("/campaigns/ledger/")
    for agency in (people["jinjiang_supervisor"].agency, people["wuhou_inspector"].agency) * 3:
        inspections.record_check(checker, **call_data(agency))
    with query_baseline("campaigns.ledger_list") as many:
        client.get("/campaigns/ledger/")
    assert len(many) == len(few)


def test_export_has_a_summary_and_one_sheet_per_county(client, people):
    checker = people["chengdu_supervisor"]
    for agency in (people["wuhou_inspector"].agency,) * 2 + (people["jinjiang_supervisor"].agency,):
        inspections.record_check(checker, **call_data(agency, notes='=HYPERLINK("x")'))
    client.force_login(checker)
    response = client.get("/campaigns/ledger/export.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["汇总", "510104 锦江区", "510107 武侯区"]
    summary = list(book["汇总"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in summary] == [("510104", 1, 1), ("510107", 2, 2)]
    wuhou = list(book["510107 武侯区"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in wuhou] == [1, 2] and wuhou[0][2] == "渠道暗访"
    assert all(c.data_type != "f" for row in book["510107 武侯区"].iter_rows() for c in row)
    client.force_login(people["jinjiang_supervisor"])
    response = client.get("/campaigns/ledger/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["汇总", "510104 锦江区"]


def test_api_lists_filters_and_moves_items(client, people, item):
    headers = _bearer(people["wuhou_inspector"])
    listing = client.get("/api/v1/ledger", {"state": "open"}, **headers).json()
    assert listing["count"] == 1 and listing["items"][0]["actions"] == ["rectify"]
    assert client.get("/api/v1/ledger", {"sla": "overdue"}, **headers).json()["count"] == 0
    bad = client.get("/api/v1/ledger", {"state": "nonsense"}, **headers)
    assert bad.status_code == 422
    moved = client.post(
        f"/api/v1/ledger/{item.pk}/transitions",
        {"action": "rectify", "note": "已整改"},
        content_type="application/json",
        **headers,
    )
    assert moved.status_code == 200 and moved.json()["state"] == "rectified"
    above = _bearer(people["chengdu_supervisor"])
    refused = client.post(
        f"/api/v1/ledger/{item.pk}/transitions",
        {"action": "verify_close", "note": "同意"},
        content_type="application/json",
        **above,
    )
    assert refused.status_code == 422 and refused.json()["field"] == "evidence"
    own = client.post(
        f"/api/v1/ledger/{item.pk}/transitions",
        {"action": "verify_close", "note": "同意"},
        content_type="application/json",
        **_bearer(people["wuhou_supervisor"]),
    )
    assert own.status_code == 403
    other = _bearer(people["jinjiang_supervisor"])
    assert client.get("/api/v1/ledger", **other).json()["count"] == 0
    assert client.get(f"/api/v1/ledger/{item.pk}", **other).status_code == 404


def test_pages_keep_the_order_across_states_without_sorting_the_ledger(client, people, item):
    """Open items by due date, then rectified, then closed, page after page (views._fetch reads
    each state's segment through its index)."""
    fields = {
        f.attname: getattr(item, f.attname)
        for f in LedgerItem._meta.concrete_fields
        if f.attname != "id"
    }
    today = timezone.localdate()
    plan = [("open", 30), ("rectified", 25), ("closed", 12)]
    LedgerItem.objects.bulk_create(
        LedgerItem(
            **{**fields, "state": state, "due_date": today + dt.timedelta(days=(i * 7) % 23)}
        )
        for state, n in plan
        for i in range(n)
    )
    rank = {"open": 0, "rectified": 1, "closed": 2}
    expected = [
        i.pk
        for i in sorted(LedgerItem.objects.all(), key=lambda i: (rank[i.state], i.due_date, i.pk))
    ]
    client.force_login(people["chengdu_supervisor"])
    shown = []
    for number in (1, 2):
        body = client.get("/campaigns/ledger/", {"page": number}).content.decode()
        shown += [pk for pk in expected if f'<a href="/campaigns/ledger/{pk}/">{pk}</a>' in body]
        order = [body.index(f'<a href="/campaigns/ledger/{pk}/">{pk}</a>') for pk in shown[-5:]]
        assert order == sorted(order)
    assert shown == expected and len(expected) == 68
    third = client.get("/campaigns/ledger/", {"page": 3, "state": "closed"}).content.decode()
    assert "没有符合条件的问题" in third
    assert "共 68 个问题" in client.get("/campaigns/ledger/").content.decode()


def test_a_supervisor_registers_a_national_platform_item_and_refusals_keep_the_input(
    client, people
):
    """登记问题: 成都市 puts a problem the national platform listed on 武侯区's bureau; a missing
    description and a project code of another county are refused naming the field, with the
    input kept; an inspector (no supervise) is refused the page."""
    wuhou = people["wuhou_inspector"].agency
    client.force_login(people["wuhou_inspector"])
    assert client.get("/campaigns/ledger/new/").status_code == 403
    client.force_login(people["chengdu_supervisor"])
    page = client.get("/campaigns/ledger/new/")
    assert page.status_code == 200 and wuhou.name in page.content.decode()
    bad = client.post(
        "/campaigns/ledger/new/",
        {
            "source": "national_platform",
            "agency": wuhou.pk,
            "description": "",
            "project_code": "NO-SUCH-CODE",
            "enterprise_name": "成都某某劳务有限公司",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 422 and 'data-field="description"' in body
    assert "成都某某劳务有限公司" in body  # the input is kept
    assert not LedgerItem.objects.exists()
    done = client.post(
        "/campaigns/ledger/new/",
        {
            "source": "national_platform",
            "agency": wuhou.pk,
            "description": "国家平台交办：某工地拖欠 12 名农民工工资",
            "enterprise_name": "成都某某劳务有限公司",
        },
    )
    item = LedgerItem.objects.get()
    assert done.status_code == 302 and done.url == f"/campaigns/ledger/{item.pk}/"
    assert (item.source, item.unit_kind, item.region_id) == (
        "national_platform",
        "enterprise",
        "510107",
    )
    assert item.enterprise.name == "成都某某劳务有限公司" and item.due_date > timezone.localdate()
    assert item.history.filter(action="open").exists()
    # A bureau outside 成都市's jurisdiction is not offered and is refused.
    zigong = people["zigong_supervisor"].agency
    refused = client.post(
        "/campaigns/ledger/new/",
        {"source": "supervision", "agency": zigong.pk, "description": "督导发现的问题"},
    )
    assert refused.status_code == 422 and 'data-field="agency"' in refused.content.decode()


def test_the_ledger_filters_by_the_day_opened(client, people, item):
    """The dispatch KPI 问题台账销号 without a campaign links with `opened_from`/`opened_to`
    (local days, both ends included): the page and the API list the same items."""
    today = timezone.localdate()
    opened = timezone.localdate(item.opened_at)
    client.force_login(people["chengdu_supervisor"])
    for query, n in (
        ({"opened_from": opened.isoformat(), "opened_to": opened.isoformat()}, 1),
        ({"opened_from": (today + dt.timedelta(days=1)).isoformat()}, 0),
        ({"opened_to": (opened - dt.timedelta(days=1)).isoformat()}, 0),
    ):
        assert client.get("/api/v1/ledger", query).json()["count"] == n, query
        page = client.get("/campaigns/ledger/", query)
        assert page.status_code == 200 and page.context["total"] == n, query
    bad = client.get("/api/v1/ledger", {"opened_from": "2026-02-30"})
    assert bad.status_code == 422 and bad.json()["field"] == "opened_from"
